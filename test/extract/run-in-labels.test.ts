// A run-in label at the start of a list item ("(a) Energy: …", "**Digital:** …") is no part of the commitment (spec §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractBytes } from '../../src/pipeline.js';

async function commitments(markdown: string) {
  const { extraction } = await extractBytes('statement.md', new TextEncoder().encode(markdown));
  return extraction!.commitments.map((c) => [c.text, c.strength]);
}

test('the label and its marker are left out of the text, and the strength is judged without them', async () => {
  const markdown = [
    'Joint Statement of Freedonia and Japan',
    '',
    'The two sides decided to cooperate in the following areas:',
    '',
    '(a) Energy: Promote cooperation on hydrogen supply chains.',
    '(b) **Digital:** Establish a working group on data flows.',
    '',
    '-   c\\. **Port security:** The two sides will hold joint drills every year.',
    '',
  ].join('\n');
  assert.deepEqual((await commitments(markdown)).slice(1), [
    ['Promote cooperation on hydrogen supply chains.', 'intent'],
    ['Establish a working group on data flows.', 'firm'],
    ['The two sides will hold joint drills every year.', 'firm'],
  ]);
});

test('a lead-in before its colon is no label, nor is a sentence that runs on past a colon', async () => {
  const markdown = [
    'Joint Statement of Freedonia and Japan',
    '',
    '-   The two sides will: Hold talks on fisheries every year.',
    '-   Promote research in three fields of science: Marine biology, geology and climate.',
    '-   Promote research in three fields: Marine biology, geology and climate.',
    '',
  ].join('\n');
  assert.deepEqual((await commitments(markdown)).map(([text]) => text), [
    'The two sides will: Hold talks on fisheries every year.',
    'Promote research in three fields of science: Marine biology, geology and climate.',
    'Promote research in three fields: Marine biology, geology and climate.',
  ]);
});

test('emphasis inside a commitment is markup, not text: left out of the text, kept inside the span', async () => {
  const markdown = [
    'Joint Statement of Freedonia and Japan',
    '',
    'The two sides are establishing a **Freedonia-Japan Rapid Response Group** under the two ministers, and will meet *every year*.',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('statement.md', new TextEncoder().encode(markdown));
  const [commitment] = extraction!.commitments;
  assert.equal(commitment?.text, 'The two sides are establishing a Freedonia-Japan Rapid Response Group under the two ministers, and will meet every year.');
  assert.match(markdown.slice(commitment!.span.start, commitment!.span.end), /\*\*Freedonia-Japan Rapid Response Group\*\*/);
});
