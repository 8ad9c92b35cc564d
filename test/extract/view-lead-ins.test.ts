// Items under a lead-in in which the parties state a view complete that view; they are no commitments (spec §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractBytes } from '../../src/pipeline.js';

async function commitments(markdown: string) {
  const { extraction } = await extractBytes('statement.txt', new TextEncoder().encode(markdown));
  return extraction!.commitments.map((c) => c.text);
}

test('the items of a view lead-in are left out unless the parties commit in one of them', async () => {
  const text = [
    'JOINT STATEMENT',
    '',
    'Both sides share the view that closer ties between Ruritania and Freedonia have been made possible by:',
    '- the long friendship between the peoples of the two countries,',
    '- the reforms carried out by Freedonia in its economy,',
    '- the two sides will hold a fisheries dialogue every year.',
    '',
    'Both sides resolved to establish a Strategic Partnership on matters of mutual interest.',
    '',
  ].join('\n');
  assert.deepEqual(await commitments(text), [
    'the two sides will hold a fisheries dialogue every year.',
    'Both sides resolved to establish a Strategic Partnership on matters of mutual interest.',
  ]);
});

test('the items of a lead-in that commits are still commitments', async () => {
  const text = [
    'JOINT STATEMENT',
    '',
    'Ruritania and Freedonia decided to cooperate in the following areas:',
    '- the exchange of students between the two countries,',
    '- the protection of the marine environment.',
    '',
  ].join('\n');
  assert.equal((await commitments(text)).length >= 2, true);
});
