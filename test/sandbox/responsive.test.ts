// The bar of issue 15: while one hostile document is being extracted, the server keeps answering (`GET /` p95
// under 500 ms), because extraction runs in the sandbox's worker process and never on the server's thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { responsivenessDuringExtraction } from '../../bench/hostile.js';
import { percentile } from '../../bench/stats.js';

test('GET / keeps answering, p95 under 500 ms, while a slow upload is extracted', { timeout: 180_000 }, async () => {
  const r = await responsivenessDuringExtraction({ idleRequests: 10 });
  assert.equal(r.uploadStatus, 201);
  assert.ok(r.during.length >= 5, `only ${r.during.length} requests answered during a ${Math.round(r.uploadMs)} ms extraction`);
  const p95 = percentile(r.during, 95);
  assert.ok(p95 < 500, `GET / p95 ${p95.toFixed(0)} ms during extraction`);
});
