// Evidence linking on hand-written readouts (test/fixtures/readouts) against the seed plans' commitments
// and mechanisms: a unit check that readouts echoing a plan's wording still link, plus the shape of a
// proposal. The quality measure is the shared dev set (test/track/readouts-dev.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LinkIndex, sentences, type LinkCandidate } from '../../src/track/link.js';
import { linkVocabulary } from '../../src/ops/tracking-link.js';

const dir = new URL('../fixtures/readouts/', import.meta.url);
const fixture = JSON.parse(readFileSync(new URL('candidates.json', dir), 'utf8')) as { candidates: LinkCandidate[] };
const labels = JSON.parse(readFileSync(new URL('labels.json', dir), 'utf8')) as Record<string, { expected: string[]; acceptable: string[] } | string>;
// the bundled gazetteer and party names, as `kizuna link` uses them
const index = new LinkIndex(fixture.candidates, linkVocabulary());

test('readouts that echo the plans are still linked (unit floor; the measure is readouts-dev)', () => {
  let proposed = 0;
  let correct = 0;
  let expected = 0;
  let found = 0;
  for (const [file, label] of Object.entries(labels)) {
    if (typeof label === 'string') continue;
    const got = index.propose(readFileSync(new URL(file, dir), 'utf8')).map((p) => p.candidateId);
    const allowed = new Set([...label.expected, ...label.acceptable]);
    proposed += got.length;
    correct += got.filter((id) => allowed.has(id)).length;
    expected += label.expected.length;
    found += label.expected.filter((id) => got.includes(id)).length;
  }
  const precision = correct / proposed;
  const recall = found / expected;
  console.log(`linking: precision ${precision.toFixed(3)} (${correct}/${proposed}), recall ${recall.toFixed(3)} (${found}/${expected})`);
  assert.ok(precision >= 0.65, `precision ${precision}`);
  assert.ok(recall >= 0.9, `recall ${recall}`);
});

test('a Japanese readout of a meeting proposes the mechanism with its era date and the promising commitment as ongoing', () => {
  const text = readFileSync(new URL('02-pl-political-director-ja.txt', dir), 'utf8');
  const proposals = index.propose(text);
  const mechanism = proposals.find((p) => p.candidateId === 'pl/m1');
  assert.deepEqual(mechanism?.meeting, { date: '2025-05-14' });
  assert.equal(mechanism?.event, 'meeting');
  const commitment = proposals.find((p) => p.candidateId === 'pl/c4');
  assert.equal(commitment?.proposedStatus, 'ongoing');
  assert.equal(text.slice(commitment!.passage.span.start, commitment!.passage.span.end), commitment!.passage.text);
});

test('a signing proposes completed for a commitment to conclude an agreement', () => {
  const proposals = index.propose(readFileSync(new URL('04-pl-social-security-signed.txt', dir), 'utf8'));
  const top = proposals[0]!;
  assert.equal(top.candidateId, 'pl/c19');
  assert.equal(top.event, 'signing');
  assert.equal(top.proposedStatus, 'completed');
});

test('a readout naming one partner is not linked to another partnership, and planId restricts', () => {
  const text = readFileSync(new URL('12-dk-water-dialogue.txt', dir), 'utf8');
  assert.ok(index.propose(text).every((p) => p.planId === 'dk'));
  assert.deepEqual(index.propose(text, { planId: 'pl' }), []);
});

test('sentences keep their offsets', () => {
  const text = 'First one. 第二の文。\nThird line without end';
  for (const s of sentences(text)) assert.equal(text.slice(s.span.start, s.span.end), s.text);
  assert.deepEqual(sentences(text).map((s) => s.text), ['First one.', '第二の文。', 'Third line without end']);
});
