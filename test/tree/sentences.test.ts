// Sentence splitting: abbreviations, quotes, Japanese full stops and the run-ons of flattened tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSentences } from '../../src/tree/sentences.js';
import { loadVocabulary } from '../../src/vocab/index.js';

const { cues } = loadVocabulary();
const split = (text: string, splitRunOns = false) =>
  splitSentences(text, { start: 0, end: text.length }, cues, { splitRunOns }).map((s) => text.slice(s.start, s.end));

test('splits on full stops followed by a capital, not after abbreviations', () => {
  assert.deepEqual(split('Explore areas, e.g. through visits. Share views, i.e. on AI.'), ['Explore areas, e.g. through visits.', 'Share views, i.e. on AI.']);
  assert.deepEqual(split('Promote trade, investment, etc. between the two.'), ['Promote trade, investment, etc. between the two.']);
});

test('"etc." followed by an action verb still ends the sentence', () => {
  assert.deepEqual(split('Use programs such as JET, etc. Explore possibilities to cook.'), ['Use programs such as JET, etc.', 'Explore possibilities to cook.']);
});

test('Japanese sentences end at 。', () => {
  assert.deepEqual(split('協議を毎年開催する。協力を強化する。'), ['協議を毎年開催する。', '協力を強化する。']);
});

test('run-ons of flattened table cells are split only when asked', () => {
  const text = 'Conduct seminars and workshops Conduct site visits';
  assert.deepEqual(split(text), [text]);
  assert.deepEqual(split(text, true), ['Conduct seminars and workshops', 'Conduct site visits']);
});

test('a sentence ends before emphasis closed after a space ("… grids. ** We …"), the marks staying with it', () => {
  assert.deepEqual(split('**Energy: The two sides will modernize grids. ** We will share data.'), ['**Energy: The two sides will modernize grids. **', 'We will share data.']);
  assert.deepEqual(split('They will meet.** We will share data.'), ['They will meet.**', 'We will share data.']);
});
