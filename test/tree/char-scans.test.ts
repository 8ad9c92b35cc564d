// The char-code scans that replaced regular expressions on hot paths must read text exactly as the patterns did:
// each is checked against its pattern on the shapes that differ (white space of every kind, accents, hyphens,
// surrogate pairs, lone surrogates, kanji), plus a fixed-seed sample of random strings built from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasMoreWordsThan } from '../../src/tree/lines.js';
import { startsWithAction } from '../../src/tree/headings.js';
import { endsTerminal } from '../../src/tree/blocks.js';
import { runOnWordEnd } from '../../src/tree/sentences.js';
import { countScripts } from '../../src/ja/analyzer.js';
import { loadVocabulary } from '../../src/vocab/index.js';

const { cues } = loadVocabulary();

/** startsWithAction as it was written with the pattern: the first of up to four /[\p{L}-]+/u words that is no lead adverb. */
function startsWithActionByPattern(text: string): boolean {
  const adverbs = new Set(cues.leadAdverbs);
  const actions = new Set(cues.actionVerbs.filter((v) => !adverbs.has(v)));
  const words = /[\p{L}-]+/gu;
  for (let m = words.exec(text), n = 0; m && n < 4; m = words.exec(text), n++) {
    const word = m[0].toLowerCase();
    if (!adverbs.has(word)) return actions.has(word);
  }
  return false;
}

const PIECES = [
  'Promote', 'further', 'Jointly', 'hold', 'HOLD', 'Follow-up', 'also', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\u2028', '\ufeff',
  '-', '–', '.', '(1)', '**', "'", '3', 'é', 'Étudier', 'İ', 'ß', '協力', '𝐀', '😀', '\ud835', '\udc00',
];

/** A fixed-seed generator (mulberry32): the same strings on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function samples(count: number, pieces = PIECES): string[] {
  const next = random(8);
  return Array.from({ length: count }, () => {
    let text = '';
    for (let n = Math.floor(next() * 7); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
    return text;
  });
}

test('hasMoreWordsThan is text.split(/\\s+/).length > limit', () => {
  const agrees = (text: string) => {
    const words = text.split(/\s+/).length;
    for (let limit = 0; limit <= words + 1; limit++) assert.equal(hasMoreWordsThan(text, limit), words > limit, `${JSON.stringify(text)} ${limit}`);
  };
  for (const text of ['', ' ', 'Main partners', 'Main  partners', ' Energy', 'Energy ', 'a\tb\nc', 'a\u3000b\u00a0c', '\ufeffx']) agrees(text);
  for (const text of samples(20_000)) agrees(text);
});

test('startsWithAction reads the first words as /[\\p{L}-]+/u does', () => {
  assert.equal(startsWithAction('Further promote exchanges', cues), true);
  assert.equal(startsWithAction('“Promote exchanges”', cues), true);
  assert.equal(startsWithAction('Cooperation in energy', cues), false);
  assert.equal(startsWithAction('𝐀 Promote', cues), startsWithActionByPattern('𝐀 Promote'));
  for (const text of samples(20_000)) assert.equal(startsWithAction(text, cues), startsWithActionByPattern(text), JSON.stringify(text));
});

test('endsTerminal is /(?:[.;:!?。]["\'”’)]*|[;,]\\s*(?:and|or))$/ on the text without trailing white space', () => {
  const pattern = /(?:[.;:!?。]["'”’)]*|[;,]\s*(?:and|or))$/;
  for (const text of ['…countries;', '…(IMO).”', 'once in two years; and', 'by holding:', 'Promote trade', 'and', '; or  \n', 'band', ', AND']) {
    assert.equal(endsTerminal(text), pattern.test(text.trimEnd()), JSON.stringify(text));
  }
  const pieces = ['.', ';', ':', ',', '!', '。', '"', "'", '”', '’', ')', 'and', 'or', 'nd', 'a', 'AND', ' ', '\n', '\t', '\u3000', 'x', '協力'];
  for (const text of samples(20_000, pieces)) assert.equal(endsTerminal(text), pattern.test(text.trimEnd()), JSON.stringify(text));
});

test('runOnWordEnd finds what / (?<=[\\p{Ll}\\d),;] )(?=(\\p{Lu}[\\p{Ll}-]+) [\\p{Ll}(])/gu finds, at the same spaces', () => {
  const pattern = / (?<=[\p{Ll}\d),;] )(?=(\p{Lu}[\p{Ll}-]+) [\p{Ll}(])/gu;
  const byPattern = (text: string) => [...text.matchAll(pattern)].map((m) => `${m.index}:${m.index + 1 + m[1]!.length}`);
  const byScan = (text: string) => {
    const found: string[] = [];
    for (let space = text.indexOf(' '); space >= 0; space = text.indexOf(' ', space + 1)) {
      const end = runOnWordEnd(text, space);
      if (end >= 0) found.push(`${space}:${end}`);
    }
    return found;
  };
  for (const text of ['workshops Conduct site visits', 'Japan) Hold talks', '2025, Promote (trade)', ' Hold it', 'a Hold', 'x Hold-up and', 'é Étudier les', '𝐚 Hold on']) {
    assert.deepEqual(byScan(text), byPattern(text), JSON.stringify(text));
  }
  const pieces = [' ', 'Hold', 'hold', 'Follow-up', '-', '(', ')', ',', ';', '3', 'a', 'É', 'é', 'ß', '協力', '𝐀', '𝐚', '\ud835', '\udc00', '.', '\t'];
  for (const text of samples(40_000, pieces)) assert.deepEqual(byScan(text), byPattern(text), JSON.stringify(text));
});

test('countScripts counts what text.match(pattern).length counts for letters, Han and kana, and kana', () => {
  const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const byPattern = (text: string) => ({
    letters: count(text, /\p{L}/gu),
    cjk: count(text, /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu),
    kana: count(text, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu),
  });
  const pieces = ['両国', 'は', 'カタカナ', 'ｶﾀｶﾅ', '〇', '々', 'ー', '㋐', '𠮷', '\ud842', '\udfb7', 'Japan', 'é', '한국', '。', ' ', '1', '⺀', '😀'];
  for (const text of ['両国は協議を開催する。', 'Japan 外務省', '', ...samples(20_000, pieces)]) assert.deepEqual(countScripts(text), byPattern(text), JSON.stringify(text));
});
