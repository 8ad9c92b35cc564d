// The bounded fuzzer in CI: the fixed corpus (hostile fixtures, attacks, 60 mutations from seed 15) goes
// through the sandbox with its default limits, compiled as installed (tsx's own cost would count
// against the limits otherwise); nothing may escape, hang, run out of memory or crash.
// Longer runs: `node --import tsx scripts/fuzz.ts --mutations 2000 --seed N`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzCorpus, runFuzz } from '../helpers/fuzz-corpus.js';
import { compileSources } from '../helpers/compiled.js';

test('fuzz: every input is extracted or refused with one line, within 30 s and 512 MiB', { timeout: 20 * 60_000 }, async () => {
  const inputs = fuzzCorpus({ seed: 15, mutations: 60 });
  const compiled = compileSources('fuzz');
  const { SandboxPool, DEFAULT_LIMITS } = (await import(compiled.url('sandbox/index.js'))) as typeof import('../../src/sandbox/index.js');
  const pool = new SandboxPool({ ...DEFAULT_LIMITS, workers: 1 });
  try {
    const counts = await runFuzz(inputs, pool);
    const summary = `${counts.inputs} inputs, ${counts.extracted} extracted, ${counts.cleanErrors} clean errors, peak ${Math.round(counts.peakBytes / 2 ** 20)} MiB (${counts.peakInput}), slowest ${Math.round(counts.slowestMs)} ms (${counts.slowestInput})`;
    console.log(summary);
    assert.deepEqual(counts.escaped, [], 'escaped errors');
    assert.deepEqual(counts.hangs, [], 'hangs past the job limit');
    assert.deepEqual(counts.overMemory, [], 'jobs over the memory limit');
    assert.deepEqual(counts.crashed, [], 'crashed workers');
    assert.equal(counts.extracted + counts.cleanErrors, counts.inputs);
    // Linux measures each job's peak; elsewhere there is no figure, and the limit above still holds.
    if (process.platform === 'linux') assert.ok(counts.peakBytes > 0 && counts.peakBytes < 512 * 2 ** 20, summary);
  } finally {
    await pool.close();
    compiled.remove();
  }
});
