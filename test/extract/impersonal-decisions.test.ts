// A statement's decisions in the passive ("it was decided to …") and its arrangements for a meeting ("agreed that the
// dialogue should be reactivated") are commitments; "should" of the parties themselves is advice (spec §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractBytes } from '../../src/pipeline.js';

async function commitments(text: string) {
  const { extraction } = await extractBytes('statement.txt', new TextEncoder().encode(text));
  return extraction!.commitments.map((c) => [c.text, c.strength]);
}

test('an impersonal decision and a meeting to be reactivated are commitments; advice is not', async () => {
  const text = [
    'Ruritania-Freedonia Joint Statement',
    '',
    '1. The President of Ruritania visited Freedonia at the invitation of the Prime Minister of Freedonia.',
    '',
    '2. Both sides noted the growth of trade. In this regard, it was decided to jointly strengthen work on market access for small firms. The leaders agreed that the Ruritania-Freedonia energy dialogue should be reactivated as soon as possible. Both sides should do more for the environment.',
    '',
  ].join('\n');
  assert.deepEqual(await commitments(text), [
    ['In this regard, it was decided to jointly strengthen work on market access for small firms.', 'intent'],
    ['The leaders agreed that the Ruritania-Freedonia energy dialogue should be reactivated as soon as possible.', 'firm'],
  ]);
});
