// A dateline under the title may name a place of several words joined by a particle ("Château de Chantilly, 22 August
// 2019"): it gives the signing date and place and is no section (spec §1, §2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractBytes } from '../../src/pipeline.js';

test('a dateline whose place has a particle is the signing, not a heading', async () => {
  const text = [
    'Ruritania-Freedonia Joint Statement',
    '',
    'Castel di Ruritania, 3 March 2021',
    '',
    '1. The President of Ruritania visited Freedonia at the invitation of the Prime Minister of Freedonia.',
    '',
    '2. The two sides will hold a fisheries dialogue every year.',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('statement.txt', new TextEncoder().encode(text));
  const { date, place } = extraction!.metadata.signed;
  assert.deepEqual({ date, place }, { date: '2021-03-03', place: 'Castel di Ruritania' });
  assert.deepEqual(extraction!.sections.map((s) => s.title), []);
});
