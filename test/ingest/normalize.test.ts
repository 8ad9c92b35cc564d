// Normalization and its offset map: the fixes themselves, and properties of the map on any input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalize, placeOf, toOriginalOffset } from '../../src/ingest/normalize.js';
import { applyEdits, composeMaps } from '../../src/ingest/offsets.js';
import type { OffsetMap } from '../../src/types.js';

const text = (input: string): string => normalize(input).text;

/** Every character of the result that is not whitespace points at the same character in the input. */
function assertMapsBack(input: string): void {
  const { text: output, offsets } = normalize(input);
  for (let n = 0; n < output.length; n++) {
    const char = output[n] as string;
    if (/\s/.test(char)) continue;
    const at = toOriginalOffset(offsets, n);
    const from = input[at] ?? '';
    // NFC may compose with the character before or turn a surrogate pair into one unit.
    // Controls dropped in between no longer keep a mark from its letter ("t\u0000\u0308" → "ẗ").
    const around = input.slice(Math.max(0, at - 3), at + 8).replace(/[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]/g, '');
    const explained = from === char || around.normalize('NFKC').includes(char) || around.normalize('NFC').includes(char);
    assert.ok(explained, `normalized ${JSON.stringify(char)} at ${n} maps to ${JSON.stringify(from)}`);
  }
}

test('line ends, controls, odd spaces, soft hyphens and ligatures', () => {
  assert.equal(text('a\r\nb\rc\u2028d'), 'a\nb\nc\nd');
  assert.equal(text('a\u0000b\u0007c\u200bd\ufeffe'), 'abcde');
  assert.equal(text('Japan\u00a0and\u3000Denmark\u2009both'), 'Japan and Denmark both');
  assert.equal(text('coope\u00adration and coope\u00ad\nration'), 'cooperation and cooperation');
  assert.equal(text('e\ufb03cient'), 'efficient');
  assert.equal(text('tab\tkept'), 'tab\tkept');
});

test('Kangxi radicals that CJK fonts map ideographs to are read as the ideographs, one for one', () => {
  // ⽇ U+2F47, ⼒ U+2F12, ⽣ U+2F63, ⺟ U+2E9F: as the text layer of a PDF set in Noto or Source Han gives them.
  const original = '⽇本の協⼒、再⽣、⺟国';
  const result = normalize(original);
  assert.equal(result.text, '日本の協力、再生、母国');
  for (let i = 0; i < result.text.length; i++) assert.equal(toOriginalOffset(result.offsets, i), i);
  // The unified ideographs themselves and other CJK text are left alone.
  assert.equal(text('日本の協力、再生'), '日本の協力、再生');
});

test('a hyphenation point beside Japanese text is the middle dot a CJK font’s text layer lost; elsewhere it stays', () => {
  // Noto CJK's text layer gives a line-opening ・ as ‧ (U+2027): "・気候変動" items lose their marker.
  assert.equal(text('協力分野：\n\u2027気候変動\n\u2027エネルギー'), '協力分野：\n・気候変動\n・エネルギー');
  assert.equal(text('医療\u2027生命科学'), '医療・生命科学');
  // A dictionary's syllable dots in Latin text are left alone.
  assert.equal(text('syl\u2027la\u2027ble'), 'syl\u2027la\u2027ble');
});

test('NFC composes and the map still finds each character', () => {
  const input = 'Cafe\u0301 \u304b\u3099 Ko\u0308ln';
  assert.equal(text(input), 'Café が Köln');
  assertMapsBack(input);
  const { offsets } = normalize(input);
  // "K" of Köln sits at 7 after composition and at 9 before it.
  assert.equal(toOriginalOffset(offsets, 7), 9);
});

test('line-end hyphenation: words joined, compounds kept', () => {
  assert.equal(text('strengthen coope-\nration between'), 'strengthen cooperation between');
  assert.equal(text('a free and open Indo-\nPacific'), 'a free and open Indo-Pacific');
  assert.equal(text('hold high-\nlevel dialogues'), 'hold high-level dialogues');
  assert.equal(text('people-\nto-people exchanges'), 'people-to-people exchanges');
  assert.equal(text('people-to-\npeople exchanges'), 'people-to-people exchanges');
  assert.equal(text('for the years 2025-\n2029.'), 'for the years 2025-2029.');
  // The document's own spelling decides: it writes "co-operation" elsewhere.
  assert.equal(text('co-operation and co-\noperation'), 'co-operation and co-operation');
  // Not a broken word: a dash after a space, a list item on the next line.
  assert.equal(text('Minister -\nSecretary'), 'Minister -\nSecretary');
  assert.equal(text('items-\n- next'), 'items-\n- next');
});

test('hyphenation inside flattened tables joins only within one column', () => {
  assert.equal(text('Promote coope-\tUrge to\nration.\tresolve'), 'Promote coope-\tUrge to\nration.\tresolve');
  assert.equal(text('left\tstress that activ-\nConvention\tities'), 'left\tstress that activ-\nConvention\tities');
  assert.equal(text('\texchanges between legis-\n\tlative bodies'), '\texchanges between legislative bodies');
});

test('trailing spaces go, blank runs fold to two blank lines', () => {
  assert.equal(text('one   \ntwo \n\n\n\n\n\nthree\n'), 'one\ntwo\n\n\nthree\n');
  assert.equal(text('a\n \n  \n   \n    \nb'), 'a\n\n\nb');
});

test('paged text: running headers, footers and page numbers removed, pages joined', () => {
  const pages = [
    'Joint Work Programme 2023-2028\n1. Energy\nJapan and Denmark will cooperate on\n- 1 -\n',
    'Joint Work Programme 2023-2028\noffshore wind and hydrogen.\n2. Health\nPage 2 of 3\n',
    'Joint Work Programme 2023-2028\nThe parties will hold a dialogue.\nPage 3 of 3\n',
  ];
  const input = pages.join('\f');
  const result = normalize(input);
  assert.equal(
    result.text,
    '1. Energy\nJapan and Denmark will cooperate on\noffshore wind and hydrogen.\n2. Health\n\nThe parties will hold a dialogue.\n',
  );
  assertMapsBack(input);
  const at = result.text.indexOf('offshore');
  assert.equal(input.slice(toOriginalOffset(result.offsets, at), toOriginalOffset(result.offsets, at) + 8), 'offshore');
});

test('a single page keeps everything, even a lone number', () => {
  assert.equal(text('Title\nText.\n3\n\f'), 'Title\nText.\n3\n');
});

test('placeOf counts lines and code points', () => {
  assert.deepEqual(placeOf('ab\ncd', 4), { line: 2, column: 2, offset: 4 });
  assert.deepEqual(placeOf('😀x\ny', 3), { line: 1, column: 3, offset: 3 });
  assert.deepEqual(placeOf('ab', 99), { line: 1, column: 3, offset: 2 });
});

test('composeMaps resolves like applying both maps in turn', () => {
  const source = 'aa\r\nbb\u0000cc\u00a0dd';
  const first = applyEdits(source, [
    { start: 2, end: 4, replacement: '\n' },
    { start: 6, end: 7, replacement: '' },
  ]);
  const second = applyEdits(first.text, [{ start: 0, end: 1, replacement: 'AAA' }]);
  const composed = composeMaps(first.offsets, second.offsets);
  for (let n = 0; n <= second.text.length; n++) {
    assert.equal(toOriginalOffset(composed, n), toOriginalOffset(first.offsets, toOriginalOffset(second.offsets, n)));
  }
});

// --- Properties -----------------------------------------------------------------------------------

/** Strings rich in what normalization touches: CRLF, controls, NBSP, hyphens, pages, marks, CJK, emoji. */
const awkwardText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom(
        '\r\n', '\r', '\n', '\n\n\n\n', '\f', '\t', ' ', '\u00a0', '\u00ad', '\u0000', '\u200b', '\ufeff',
        'coope-\nration', 'Indo-\nPacific', 'high-\nlevel', '- 3 -', 'Page 2 of 9', 'e\u0301', 'ka\u3099',
        '日本とデンマーク', '👩‍👩‍👧', '\ufb01', '\u0958', '\u0344', 'Header line\n', '  ', 'word-\n\tnext',
      ),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

function assertMonotonic(map: OffsetMap, length: number): void {
  let previous = -1;
  for (let n = 0; n <= length; n++) {
    const at = toOriginalOffset(map, n);
    assert.ok(at >= previous, `offset ${n} maps to ${at}, before ${previous}`);
    previous = at;
  }
}

test('property: normalize never throws and its map is monotonic within the original', () => {
  fc.assert(
    fc.property(awkwardText, (input) => {
      const { text: output, offsets } = normalize(input);
      assertMonotonic(offsets, output.length);
      assert.ok(toOriginalOffset(offsets, output.length) <= input.length);
      assert.equal(output, output.normalize('NFC'));
      assert.doesNotMatch(output, /[\r\f\u0000\u00a0\u00ad]| \n/);
    }),
    { numRuns: 1500 },
  );
});

test('property: characters normalization leaves alone map to themselves', () => {
  fc.assert(
    fc.property(awkwardText, (input) => assertMapsBack(input)),
    { numRuns: 1500 },
  );
});

test('property: normalizing twice changes nothing more', () => {
  fc.assert(
    fc.property(awkwardText.filter((input) => !input.includes('\f')), (input) => {
      const once = text(input);
      assert.equal(text(once), once);
    }),
    { numRuns: 500 },
  );
});
