// Dev script: runs only the entity and metadata extractors on a corpus, writes eval-shaped JSON (empty
// commitments/sections) and prints the scorer's figures plus what was missed or extra for each part.
// Usage: node --import tsx scripts/score-entities.ts [--corpus DIR] [--gold DIR] [--out DIR] [--quiet]
import { mkdirSync, readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { loadVocabulary } from '../src/vocab/index.js';
import { entityEval } from '../test/extract/entities-helpers.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpus/seeds' },
    gold: { type: 'string', default: '../shared/gold/seeds' },
    out: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});
const out = values.out ?? mkdtempSync(join(tmpdir(), 'kizuna-entities-'));
mkdirSync(out, { recursive: true });
const vocab = loadVocabulary();
const PARTS = ['organizations', 'instruments', 'mechanisms', 'provisions'] as const;

for (const name of readdirSync(values.corpus!).sort()) {
  const text = readFileSync(join(values.corpus!, name), 'utf8');
  const result = entityEval(name, text, vocab);
  writeFileSync(join(out, `${name}.json`), JSON.stringify(result, null, 2));
  if (values.quiet) continue;
  let gold: Record<string, unknown[]> & { metadata: unknown };
  try {
    gold = JSON.parse(readFileSync(join(values.gold!, `${name}.json`), 'utf8'));
  } catch {
    continue;
  }
  console.log(`\n# ${name}`);
  for (const part of PARTS) {
    const key = (x: Record<string, unknown>) => JSON.stringify(part === 'organizations' ? [x.party, x.name] : part === 'provisions' ? [x.kind] : [x.title ?? x.name]);
    const goldKeys = new Set((gold[part] as Record<string, unknown>[]).map(key));
    const predKeys = new Set((result[part] as Record<string, unknown>[]).map(key));
    for (const k of predKeys) if (!goldKeys.has(k)) console.log(`  ${part} pred-only: ${k}`);
    for (const k of goldKeys) if (!predKeys.has(k)) console.log(`  ${part} gold-only: ${k}`);
  }
  if (JSON.stringify(result.metadata) !== JSON.stringify(gold.metadata)) {
    console.log(`  metadata: ${JSON.stringify(result.metadata)}\n      gold: ${JSON.stringify(gold.metadata)}`);
  }
}
console.log(execFileSync('node', ['../shared/tools/score-extraction.mjs', '--gold', values.gold!, '--pred', out], { encoding: 'utf8' }).split('# total')[1]);
