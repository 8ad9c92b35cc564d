// Terms for retrieval in English and Japanese: light-stemmed English words; for Japanese, the lemmas of
// its content words (the extractor's kuromoji analyzer, src/ja/analyzer.ts) and the English words of the
// ja-en lexicon entries found at word boundaries, so both languages share one space.
import { loadJaEnLexicon } from '../vocab/index.js';
import { japaneseTokens, type JaToken } from '../ja/analyzer.js';
import { hasJapanese } from '../text.js';

/** Words too common in plans and readouts to tell one commitment from another. */
const STOPWORDS = new Set(
  (
    'a an and are as at be been between both by for from has have in into is it its of on or our that the their ' +
    'these this those to two was we were which will with within also such other each all any including through ' +
    'well under view make efforts shall should would may can could governments government side sides country ' +
    'countries respective relevant further more between among'
  ).split(' '),
);

/**
 * Suffixes removed, longest first, keeping a stem of at least 4 letters: consultations → consult, cooperated → cooper;
 * -ion after s or t as Porter's stemmer removes it, so the noun meets its verb: promotion → promot (promote), protection
 * → protect, discussion → discuss (not region, opinion, union).
 */
const SUFFIXES = ['ational', 'ations', 'ation', 'ating', 'ated', 'ates', 'ions', 'ate', 'ion', 'ings', 'ing', 'ments', 'ment', 'ies', 'ed', 'es', 's', 'e', 'al', 'ly'];

export function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      const base = word.slice(0, -suffix.length);
      if ((suffix === 'ion' || suffix === 'ions') && !/[st]$/.test(base)) continue;
      return suffix === 'ies' ? `${base}y` : base;
    }
  }
  return word;
}

// English words and numbers: cyber, 2024, e-mobility → e, mobility
const LATIN_WORD = /[\p{Script=Latin}0-9]+/gu;

const lexiconLongestFirst = [...loadJaEnLexicon()].sort((a, b) => b[0].length - a[0].length);

/**
 * The English of the lexicon entries found in `text`, longest first, without overlaps, each starting
 * and ending where a word does (so 水 "water" is not read inside 水準 "level").
 */
function lexiconEnglish(text: string, bounds: Set<number>, found: (english: string) => void): void {
  const taken = new Uint8Array(text.length);
  for (const [ja, en] of lexiconLongestFirst) {
    let at = text.indexOf(ja);
    while (at !== -1) {
      const end = at + ja.length;
      if (bounds.has(at) && bounds.has(end) && !taken[at] && !taken[end - 1]) {
        taken.fill(1, at, end);
        found(en);
      }
      at = text.indexOf(ja, at + 1);
    }
  }
}

/** Where words start and end in `text`. */
function wordBounds(tokens: JaToken[]): Set<number> {
  const bounds = new Set<number>();
  for (const t of tokens) bounds.add(t.start).add(t.start + t.surface.length);
  return bounds;
}

/** A content word: a noun (not a number, pronoun, suffix or dependent noun), an independent verb, an adjective. */
function isContent(t: JaToken): boolean {
  if (t.pos === '名詞') return !['数', '代名詞', '接尾', '非自立'].includes(t.detail);
  return (t.pos === '動詞' && t.detail === '自立') || t.pos === '形容詞';
}

function latinTerms(text: string, out: string[]): void {
  for (const [word] of text.toLowerCase().matchAll(LATIN_WORD)) {
    if (word.length < 2 || STOPWORDS.has(word) || /^\d+$/.test(word)) continue;
    out.push(stem(word));
  }
}

/**
 * Retrieval terms of a text, repeated as often as they occur:
 * `terms('held the 3rd political consultations')` → `['held', '3rd', 'polit', 'consult']`;
 * `terms('政治協議を開催した')` → lemmas `政治 協議 開催 する` plus the lexicon's `polit consult held`.
 */
export function terms(text: string): string[] {
  const normalized = text.normalize('NFKC');
  const out: string[] = [];
  latinTerms(normalized, out);
  if (hasJapanese(normalized)) {
    const tokens = japaneseTokens(normalized);
    const bounds = wordBounds(tokens);
    for (const t of tokens) if (isContent(t) && hasJapanese(t.base)) out.push(t.base);
    lexiconEnglish(normalized, bounds, (en) => latinTerms(en, out));
  }
  return out;
}

/**
 * Whether a sentence says something happened or holds: Japanese with a verb or adjective (`会談を実施しました`),
 * not a bare label (`防衛省`, `厚生労働大臣政務官室(東京都)`); text without Japanese is taken as saying something.
 */
export function hasPredicate(text: string): boolean {
  const normalized = text.normalize('NFKC');
  if (!hasJapanese(normalized)) return true;
  return japaneseTokens(normalized).some((t) => t.pos === '動詞' || t.pos === '形容詞');
}

/**
 * The words of a readout a full-text search can look for, in English: its English words as written and
 * the English of its Japanese lexicon entries (`政治協議を開催` → `political consultations held`).
 */
export function readoutWords(text: string): string[] {
  const normalized = text.normalize('NFKC');
  const out = (normalized.toLowerCase().match(LATIN_WORD) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w) && !/^\d+$/.test(w));
  if (hasJapanese(normalized)) {
    const bounds = wordBounds(japaneseTokens(normalized));
    lexiconEnglish(normalized, bounds, (en) => out.push(...(en.match(LATIN_WORD) ?? []).filter((w) => !STOPWORDS.has(w))));
  }
  return out;
}
