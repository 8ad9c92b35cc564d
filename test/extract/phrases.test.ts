// A phrase finder finds what its pattern finds by itself, at the word starts of one shared scan (src/extract/phrases.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhraseIndex } from '../../src/extract/phrases.js';

const index = new PhraseIndex();
const will = index.finder(['will', 'aim to', '(?:intends?|plans?)(?: (?:ourselves|themselves))? to', '(?:accept|accepted) [^,.;]{0,20}invitation to'], '(?<![\\p{L}-])', '\\s+', 'iu');
const cadence = index.finder(['regular', 'once a year', 'within (?:the next )?(?:\\d+\\s+)?(?:days?|months?)'], '\\b', '\\b', 'i');
const hedge = index.finder(['to consider', 'feasibility'], '\\b', '\\b', 'i');
// A class where the first word is still open: the pattern searches by itself.
const opaque = index.finder(['[a-z]ear'], '\\b', '\\b', 'i');

const texts = [
  'We will hold regular talks within the next 6 months.',
  'They Intend Themselves To act; PLANS TO meet; accepted the kind invitation to visit.',
  'The willing partners, self-will to act, 2will act, x_will act, anti-will act.',
  'The ſhall and \u212Aeep, ſomething will happen once a year.',
  'Irregular meetings, regularly held, a feasibility study, non-feasibility.',
  'No cue here at all.',
  'year-end review, near term',
];

test('a finder matches where and as its pattern does, from any offset', () => {
  for (const finder of [will, cadence, hedge, opaque]) {
    const pattern = (finder as unknown as { global: RegExp }).global;
    for (const text of texts) {
      const found = index.scan(text);
      for (let from = 0; from <= text.length; from++) {
        pattern.lastIndex = from;
        const expected = pattern.exec(text);
        const actual = finder.exec(found, from);
        assert.deepEqual(actual && [actual.index, actual[0]], expected && [expected.index, expected[0]], `${pattern} in "${text}" from ${from}`);
      }
    }
  }
});

test('a finder limited to a head matches as its pattern does in the head, also in a word the limit cuts', () => {
  for (const finder of [will, cadence, hedge]) {
    const pattern = (finder as unknown as { global: RegExp }).global;
    for (const text of [...texts, 'They plan to considered review.', 'A feasibilityx and to consider it.']) {
      const found = index.scan(text);
      for (let limit = 0; limit <= text.length; limit++) {
        pattern.lastIndex = 0;
        const expected = pattern.exec(text.slice(0, limit));
        const actual = finder.execBefore(found, limit);
        assert.deepEqual(actual && [actual.index, actual[0]], expected && [expected.index, expected[0]], `${pattern} in "${text.slice(0, limit)}"`);
      }
    }
  }
});
