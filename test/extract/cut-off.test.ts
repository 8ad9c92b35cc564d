// A text that stops mid-sentence (the end of an excerpt) reports its last item as cut off instead of reading it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractBytes } from '../../src/pipeline.js';

const plan = (last: string) =>
  new TextEncoder().encode(`Joint Action Plan\n\n1. Culture\n\n- Promote exchanges between museums.\n- ${last}\n`);

test('an excerpt cut mid-sentence: the last item is a message, not a commitment', async () => {
  const { extraction, messages } = await extractBytes('excerpt.txt', plan('Hold regular consultations on culture and'));
  assert.deepEqual(extraction!.commitments.map((c) => c.text), ['Promote exchanges between museums.']);
  const cut = messages.find((m) => m.rule === 'extract/cut-off');
  assert.ok(cut, 'no cut-off message');
  assert.equal(cut.fatal, false);
  assert.equal(cut.place?.line, 6);
});

test('an item that ends without a period but on a full phrase is still a commitment', async () => {
  const { extraction, messages } = await extractBytes('plan.txt', plan('Hold regular consultations on culture'));
  assert.equal(extraction!.commitments.length, 2);
  assert.equal(messages.filter((m) => m.rule === 'extract/cut-off').length, 0);
});
