// Golden registers for the small fixture documents: each shows one unit rule of spec/extraction.md §3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ingestFile } from '../../src/ingest/index.js';
import { extractDocument } from '../../src/pipeline.js';
import { expectGolden } from '../helpers/golden.js';
import { fixtures } from '../helpers/paths.js';

const dir = `${fixtures}extract/`;

for (const name of readdirSync(dir).sort()) {
  test(`fixture register: ${name}`, async () => {
    const input = readdirSync(dir + name).find((f) => f.startsWith('input.'));
    assert.ok(input, `${name} has no input file`);
    const { document, messages } = await ingestFile(`${dir}${name}/${input}`);
    assert.ok(document, messages.map((m) => m.reason).join('; '));
    const extraction = extractDocument(document);
    for (const c of extraction.commitments) {
      assert.equal(document.text.slice(c.span.start, c.span.end).replace(/\s+/g, ' ').trim(), c.text, `${c.id}: text is not its span`);
    }
    const byId = new Map(extraction.commitments.map((c) => [c.id, c]));
    const register = {
      sections: extraction.sections.map((s) => `${'  '.repeat(s.level - 1)}${s.number ?? '-'} ${s.title ?? '(no title)'} [${s.kind}]`),
      commitments: extraction.commitments.map((c) => ({
        id: c.id,
        text: c.text,
        section: c.section,
        strength: `${c.strength}${c.strengthCue ? ` (${c.strengthCue})` : ''}`,
        parent: c.parentId ? byId.get(c.parentId)?.text ?? null : null,
      })),
    };
    expectGolden(`${dir}${name}/register.json`, JSON.stringify(register, null, 2) + '\n');
  });
}
