// The plan page's source view: each piece of text belongs to the innermost commitment covering it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceSegments } from '../../src/web/pages/plan.js';

test('nested spans: the child owns its words, the lead-in the rest, text outside none', () => {
  const text = 'Intro. Lead: child one; child two. Outro.';
  const lead = { id: 'c1', span: { start: 7, end: 34 } };
  const one = { id: 'c1.1', span: { start: 13, end: 22 } };
  const two = { id: 'c1.2', span: { start: 24, end: 33 } };
  const segments = sourceSegments(text, [lead, one, two]);
  assert.equal(segments.map((s) => s.text).join(''), text);
  assert.deepEqual(
    segments.map((s) => [s.id, s.text]),
    [
      [null, 'Intro. '],
      ['c1', 'Lead: '],
      ['c1.1', 'child one'],
      ['c1', '; '],
      ['c1.2', 'child two'],
      ['c1', '.'],
      [null, ' Outro.'],
    ],
  );
  for (const s of segments) assert.equal(text.slice(s.start, s.end), s.text);
});
