// The quality bar of issue 2, measured by the shared scorer on the seeds through the real CLI (eval format).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { goldDir, seedFiles, shared } from '../helpers/paths.js';

const quiet = { out: () => {}, err: () => {}, isTty: false, env: {}, cwd: process.cwd() };

test('extraction on the seeds meets the bar of issue 2', { skip: seedFiles().length ? false : 'no ../shared corpus' }, async () => {
  const out = mkdtempSync(`${tmpdir()}/kizuna-eval-`);
  try {
    assert.equal(await main(['extract', ...seedFiles(), '--format', 'eval', '--out', out], quiet), 0);
    assert.equal(readdirSync(out).length, seedFiles().length);
    const report = JSON.parse(
      execFileSync(process.execPath, [`${shared}tools/score-extraction.mjs`, '--gold', goldDir, '--pred', out, '--json'], { encoding: 'utf8' }),
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
