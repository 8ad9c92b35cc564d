// The entity and metadata extractors alone on the five seeds, scored by the shared scorer: fails below
// the quality bar of issue 2 for organizations, instruments, mechanisms, provisions and metadata.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { loadVocabulary } from '../../src/vocab/index.js';
import { entityEval } from './entities-helpers.js';
import { goldDir as gold, requireShared, scorer, seedFiles } from '../helpers/paths.js';

test('entities and metadata on the seeds meet the bar', () => {
  requireShared(gold, scorer);
  const out = mkdtempSync(join(tmpdir(), 'kizuna-entities-'));
  try {
    const vocab = loadVocabulary('');
    for (const file of seedFiles()) {
      const name = basename(file);
      const result = entityEval(name, readFileSync(file, 'utf8'), vocab);
      writeFileSync(join(out, `${name}.json`), JSON.stringify(result));
    }
    const report = JSON.parse(execFileSync(process.execPath, [scorer, '--gold', gold, '--pred', out, '--json'], { encoding: 'utf8' }));
    const total = report.total;
    assert.ok(total.organizations.f1 >= 0.85, `organizations F1 ${total.organizations.f1}`);
    assert.ok(total.instruments.f1 >= 0.75, `instruments F1 ${total.instruments.f1}`);
    assert.ok(total.mechanisms.f1 >= 0.75, `mechanisms F1 ${total.mechanisms.f1}`);
    assert.ok(total.provisions.f1 >= 0.8, `provisions F1 ${total.provisions.f1}`);
    assert.ok(total.metadata.acc >= 0.9, `metadata ${total.metadata.correct}/${total.metadata.fields}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
