// The quality bar of issue 2, measured by the shared scorer on the seeds through the real CLI (eval format).
// Without ../shared (gold, scorer) this test fails: a green run must mean the bar was measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { goldDir, requireShared, scorer, seedFiles, shared } from '../helpers/paths.js';

const quiet = { out: () => {}, err: () => {}, isTty: false, env: {}, cwd: process.cwd() };

test('demo/ holds exactly the seeds of ../shared/corpus/seeds (the quality tests read them from demo/)', () => {
  const corpus = `${shared}corpus/seeds/`;
  requireShared(corpus);
  assert.deepEqual(seedFiles().map((f) => basename(f)), readdirSync(corpus).sort());
  for (const file of seedFiles()) assert.ok(readFileSync(file).equals(readFileSync(corpus + basename(file))), `${basename(file)} differs from the shared seed`);
});

test('extraction on the seeds meets the bar of issue 2', async () => {
  requireShared(goldDir, scorer);
  const out = mkdtempSync(`${tmpdir()}/kizuna-eval-`);
  try {
    assert.equal(await main(['extract', ...seedFiles(), '--format', 'eval', '--out', out], quiet), 0);
    assert.equal(readdirSync(out).length, seedFiles().length);
    const report = JSON.parse(
      execFileSync(process.execPath, [scorer, '--gold', goldDir, '--pred', out, '--json'], { encoding: 'utf8' }),
    );
    const t = report.total;
    const bars: [string, number, number][] = [
      ['commitments F1', t.commitments.f1, 0.93],
      ['strength accuracy', t.commitments.strength_acc, 0.92],
      ['section accuracy', t.commitments.section_acc, 0.85],
      ['sections F1', t.sections.f1, 0.9],
      ['organizations F1', t.organizations.f1, 0.85],
      ['instruments F1', t.instruments.f1, 0.75],
      ['mechanisms F1', t.mechanisms.f1, 0.75],
      ['metadata accuracy', t.metadata.acc, 0.9],
    ];
    const below = bars.filter(([, value, bar]) => !(value >= bar)).map(([name, value, bar]) => `${name} ${value?.toFixed(3)} < ${bar}`);
    assert.deepEqual(below, [], `below the bar: ${below.join(', ')}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
