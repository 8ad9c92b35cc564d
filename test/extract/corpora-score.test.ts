// The quality bar of issue 8 on the development corpora in ../shared (English statements and fact sheets in
// corpus/dev, Japanese excerpts in corpus/dev-ja), scored by the shared scorer through the real CLI (eval format).
// The corpora are part of the bar: when ../shared is missing this test fails, it never skips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { shared } from '../helpers/paths.js';

const quiet = { out: () => {}, err: () => {}, isTty: false, env: {}, cwd: process.cwd() };

interface Corpus {
  name: string;
  /** Which files of corpus/<name> are documents (SOURCES.md and the like are not). */
  documents: RegExp;
  /** [measure, value from the scorer's totals, floor]; floors sit at the bar or just under what is reached. */
  floors: (t: Totals) => [string, number | undefined, number][];
}
interface Part { f1: number; strength_acc?: number }
interface Totals { commitments: Part; sections: Part; organizations: Part; instruments: Part; mechanisms: Part; metadata: { acc: number } }

const corpora: Corpus[] = [
  {
    name: 'dev',
    documents: /\.md$/,
    floors: (t) => [
      ['commitments F1', t.commitments.f1, 0.9],
      ['strength accuracy', t.commitments.strength_acc, 0.85],
      ['organizations F1', t.organizations.f1, 0.85],
      ['sections F1', t.sections.f1, 0.9],
      ['instruments F1', t.instruments.f1, 0.72],
      ['mechanisms F1', t.mechanisms.f1, 0.55],
      ['metadata accuracy', t.metadata.acc, 0.88],
    ],
  },
  {
    name: 'dev-ja',
    documents: /\.txt$/,
    floors: (t) => [
      ['commitments F1', t.commitments.f1, 0.85],
      ['strength accuracy', t.commitments.strength_acc, 0.85],
      ['organizations F1', t.organizations.f1, 0.85],
      ['sections F1', t.sections.f1, 0.97],
      ['instruments F1', t.instruments.f1, 0.85],
      ['mechanisms F1', t.mechanisms.f1, 0.88],
      ['metadata accuracy', t.metadata.acc, 0.93],
    ],
  },
];

for (const corpus of corpora) {
  test(`extraction on ../shared corpus/${corpus.name} stays at or above its floors`, async () => {
    const dir = `${shared}corpus/${corpus.name}/`;
    const gold = `${shared}gold/${corpus.name}/`;
    assert.ok(existsSync(dir) && existsSync(gold), `${dir} or ${gold} is missing: this quality test needs ../shared beside the clone`);
    const files = readdirSync(dir).filter((f) => corpus.documents.test(f)).sort().map((f) => dir + f);
    assert.ok(files.length > 0, `no documents in ${dir}`);
    const out = mkdtempSync(`${tmpdir()}/kizuna-eval-`);
    try {
      assert.equal(await main(['extract', ...files, '--format', 'eval', '--out', out], quiet), 0);
      assert.equal(readdirSync(out).length, files.length);
      const report = JSON.parse(
        execFileSync(process.execPath, [`${shared}tools/score-extraction.mjs`, '--gold', gold, '--pred', out, '--json'], { encoding: 'utf8' }),
      ) as { total: Totals };
      const below = corpus.floors(report.total)
        .filter(([, value, floor]) => !(value !== undefined && value >= floor))
        .map(([measure, value, floor]) => `${measure} ${value?.toFixed(3)} < ${floor}`);
      assert.deepEqual(below, [], `${corpus.name} below its floors: ${below.join(', ')}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
