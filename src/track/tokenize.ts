// Terms for retrieval in English and Japanese: light-stemmed English words, Han/Katakana character
// bigrams, and English terms added for Japanese glossary words so both languages share one space.
import { loadJaEnLexicon } from '../vocab/index.js';

/** Words too common in plans and readouts to tell one commitment from another. */
const STOPWORDS = new Set(
  (
    'a an and are as at be been between both by for from has have in into is it its of on or our that the their ' +
    'these this those to two was we were which will with within also such other each all any including through ' +
    'well under view make efforts shall should would may can could governments government side sides country ' +
    'countries respective relevant further more between among'
  ).split(' '),
);

/** Suffixes removed, longest first, keeping a stem of at least 4 letters: consultations → consult, cooperated → cooper. */
const SUFFIXES = ['ational', 'ations', 'ation', 'ating', 'ated', 'ates', 'ate', 'ings', 'ing', 'ments', 'ment', 'ies', 'ed', 'es', 's', 'e', 'al', 'ly'];

export function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      const base = word.slice(0, -suffix.length);
      return suffix === 'ies' ? `${base}y` : base;
    }
  }
  return word;
}

// Runs of Han or Katakana (with the prolonged sound mark): 政治協議, ポーランド
const CJK_RUN = /[\p{Script=Han}\p{Script=Katakana}ー]+/gu;
// English words and numbers: cyber, 2024, e-mobility → e, mobility
const LATIN_WORD = /[\p{Script=Latin}0-9]+/gu;

const glossaryTerms = [...loadJaEnLexicon()].sort((a, b) => b[0].length - a[0].length);

/** English stems of the Japanese glossary terms found in `text` (longest match, no overlaps). */
function glossaryStems(text: string, out: string[]): void {
  const taken = new Uint8Array(text.length);
  for (const [ja, en] of glossaryTerms) {
    let at = text.indexOf(ja);
    while (at !== -1) {
      if (!taken[at] && !taken[at + ja.length - 1]) {
        taken.fill(1, at, at + ja.length);
        latinTerms(en, out);
      }
      at = text.indexOf(ja, at + ja.length);
    }
  }
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
 * `terms('政治協議を開催')` → bigrams `政治 治協 協議 議を…` (Han/Katakana only) plus `polit consult held`.
 */
export function terms(text: string): string[] {
  const normalized = text.normalize('NFKC');
  const out: string[] = [];
  latinTerms(normalized, out);
  if (/[\p{Script=Han}\p{Script=Katakana}]/u.test(normalized)) {
    for (const [run] of normalized.matchAll(CJK_RUN)) {
      if (run.length === 1) out.push(run);
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
    glossaryStems(normalized, out);
  }
  return out;
}
