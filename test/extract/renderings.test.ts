// The seeds rendered as PDF, DOCX and web pages (test/fixtures/formats) must extract nearly as well as the originals.
// PDFs come from two producers (Chromium: `<seed>.pdf`; LibreOffice: `<seed>.libreoffice.pdf`), which flatten
// paragraphs, lists and tables differently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { tmpdir } from 'node:os';
import { extractFile } from '../../src/pipeline.js';
import { toEval } from '../../src/extract/eval.js';
import { fixtures, goldDir, requireShared, scorer, seedFiles } from '../helpers/paths.js';

const formats = `${fixtures}formats/`;
// The seeds from demo/ (always present), so every rendering's test exists even where ../shared does not.
const seeds = seedFiles().map((f) => basename(f));
const renderings = readdirSync(formats)
  .map((file) => ({ file, seed: seeds.find((s) => s.replace(/\.(md|txt)$/, '') === file.replace(/(?:\.libreoffice)?\.(pdf|docx|html)$/, '')) }))
  .filter((r): r is { file: string; seed: string } => r.seed !== undefined);

test('every rendering in test/fixtures/formats has its seed', () => {
  assert.ok(renderings.length >= 3, `${renderings.length} renderings matched to seeds`);
});

for (const { file, seed } of renderings) {
  test(`rendering ${file} scores close to its seed`, async () => {
    requireShared(goldDir, scorer);
    const { extraction, messages } = await extractFile(formats + file);
    assert.ok(extraction, messages.map((m) => m.reason).join('; '));
    const gold = mkdtempSync(`${tmpdir()}/kizuna-gold-`);
    const pred = mkdtempSync(`${tmpdir()}/kizuna-pred-`);
    try {
      copyFileSync(`${goldDir}${seed}.json`, `${gold}/${seed}.json`);
      writeFileSync(`${pred}/${seed}.json`, JSON.stringify({ ...toEval(extraction), document: seed }));
      const report = JSON.parse(
        execFileSync(process.execPath, [scorer, '--gold', gold, '--pred', pred, '--json'], { encoding: 'utf8' }),
      );
      const { commitments, sections } = report.total;
      assert.ok(commitments.f1 >= 0.93, `commitments F1 ${commitments.f1.toFixed(3)} < 0.93`);
      assert.ok(sections.f1 >= 0.8, `sections F1 ${sections.f1.toFixed(3)} < 0.8`);
    } finally {
      rmSync(gold, { recursive: true, force: true });
      rmSync(pred, { recursive: true, force: true });
    }
  });
}
