// Sentence boundaries inside a span of normalized text, aware of abbreviations and of flattened table cells.
import type { Span } from '../types.js';
import type { Cues } from '../vocab/index.js';
import { isWhiteSpace } from './lines.js';
import { isAsciiDigit } from '../text.js';

export interface SentenceOptions {
  /**
   * Also split where a capitalized action verb follows a lower-case word with no punctuation between,
   * as PDF table extraction runs cells together: "Conduct seminars and workshops Conduct site visits".
   */
  splitRunOns: boolean;
}

interface CompiledCues {
  abbreviations: Set<string>;
  /** The length of the longest abbreviation. */
  longest: number;
  actionVerbs: Set<string>;
}

const compiledByCues = new WeakMap<Cues, CompiledCues>();

let lastCompiled: { cues: Cues | null; value: CompiledCues | null } = { cues: null, value: null };

function compile(cues: Cues): CompiledCues {
  // The vocabulary of the last call (one in practice): found without the WeakMap's lookup, made at every line.
  if (cues === lastCompiled.cues) return lastCompiled.value!;
  let compiled = compiledByCues.get(cues);
  if (!compiled) {
    compiled = {
      abbreviations: new Set(cues.abbreviations),
      longest: Math.max(0, ...cues.abbreviations.map((a) => a.length)),
      actionVerbs: new Set(cues.actionVerbs),
    };
    compiledByCues.set(cues, compiled);
  }
  lastCompiled = { cues, value: compiled };
  return compiled;
}

// A terminal mark, closing quotes/brackets/emphasis, white space, then what may open a sentence:
// "…workshops. Conduct", "…Japan.\t Follow-up", "…(IMO).” The", "…future.** We", "…technologies. ** We", "…である。次に".
// (The pattern has no groups: where a match ends is where the sentence after it starts, and its mark is the last
// ".", "!", "?" or "。" before that end; test() reads it without the match array exec() would make.)
const BOUNDARY = /[.!?]["'”’)\]*_]*\s+(?:[*_]{1,3}\s+)?(?=(?:\*{1,3}|_{1,2})?["'“‘(\[]?[\p{Lu}\p{N}])|。/gu;

// The word after a boundary, read in place: "Explore" of "etc. Explore".
const WORD_AT = /[\p{L}-]+/uy;

/**
 * Splits `text.slice(span.start, span.end)` into sentence spans with surrounding white space trimmed.
 * Example: "Share views. Explore ways, e.g. seminars." → ["Share views.", "Explore ways, e.g. seminars."]
 */
export function splitSentences(text: string, span: Span, cues: Cues, options: SentenceOptions): Span[] {
  const { abbreviations, longest, actionVerbs } = compile(cues);
  const slice = text.slice(span.start, span.end);
  const cuts: number[] = [];
  BOUNDARY.lastIndex = 0;
  while (BOUNDARY.test(slice)) {
    const after = BOUNDARY.lastIndex;
    // Closing marks, white space and emphasis hold none of the marks: the last one before the end opened the match.
    let mark = after - 1;
    while (!isSentenceMark(slice.charCodeAt(mark))) mark--;
    if (slice.charCodeAt(mark) === 46 && endsWithAbbreviation(slice, mark, abbreviations, longest)) {
      // "etc. Explore possibilities…" still starts a new sentence when an action verb follows.
      WORD_AT.lastIndex = after;
      const next = WORD_AT.exec(slice)?.[0]?.toLowerCase() ?? '';
      if (!actionVerbs.has(next)) continue;
    }
    cuts.push(after);
  }
  if (options.splitRunOns) {
    const boundaries = cuts.length;
    // The pattern finds the spaces that may start a run-on, runOnWordEnd reads each.
    RUN_ON_SPACE.lastIndex = 0;
    while (RUN_ON_SPACE.test(slice)) {
      const space = RUN_ON_SPACE.lastIndex - 1;
      const wordEnd = runOnWordEnd(slice, space);
      if (wordEnd > 0 && actionVerbs.has(slice.slice(space + 1, wordEnd).toLowerCase()) && !isInsideParentheses(slice, space)) cuts.push(space + 1);
    }
    // Both kinds of cut come in order: only a run-on cut among the boundaries needs the sort.
    if (boundaries > 0 && cuts.length > boundaries) cuts.sort((a, b) => a - b);
  }
  const spans: Span[] = [];
  let from = 0;
  for (let k = 0; k <= cuts.length; k++) {
    const cut = k < cuts.length ? cuts[k]! : slice.length;
    // The piece without its white space; none left, no sentence.
    let start = from;
    let end = cut;
    while (start < end && isWhiteSpace(slice.charCodeAt(start))) start++;
    while (end > start && isWhiteSpace(slice.charCodeAt(end - 1))) end--;
    if (start < end) spans.push({ start: span.start + start, end: span.start + end });
    from = cut;
  }
  return spans;
}

// A space that may start a run-on, as runOnWordEnd reads one with each character outside ASCII let through (a lower-case
// letter or a capital there is told by runOnWordEnd): after a lower-case letter, a digit, ")", "," or ";", before a
// capitalized word and a space, then a lower-case letter or "(". Most capitalized words of a cell are not in such a
// place ("Japan Foreign Ministry"): the search passes them without a call each.
const RUN_ON_SPACE = /[a-z\d),;\u0080-\uffff] (?=[A-Z\u0080-\uffff][a-z\u0080-\uffff-]+ [a-z(\u0080-\uffff])/g;

/**
 * A candidate run-on start at the space at `space` ("workshops Conduct site"): where the capitalized word after it ends,
 * or -1. What / (?<=[\p{Ll}\d),;] )(?=(\p{Lu}[\p{Ll}-]+) [\p{Ll}(])/gu finds at that space, read by char code:
 * the pattern ran its look-arounds at every space of every table cell.
 */
export function runOnWordEnd(slice: string, space: number): number {
  let i = space + 1;
  let code = slice.codePointAt(i);
  if (code === undefined || !isUpper(code)) return -1;
  // The character before the space, last first (a surrogate pair is one character).
  if (space === 0) return -1;
  const pair = space >= 2 && isLowSurrogate(slice.charCodeAt(space - 1)) && isHighSurrogate(slice.charCodeAt(space - 2));
  const before = pair ? slice.codePointAt(space - 2)! : slice.charCodeAt(space - 1);
  if (!(before === 41 || before === 44 || before === 59 || isAsciiDigit(before) || isLower(before))) return -1;
  i += code > 0xffff ? 2 : 1;
  const wordStart = i;
  for (code = slice.codePointAt(i); code !== undefined && (code === 45 || isLower(code)); code = slice.codePointAt(i)) i += code > 0xffff ? 2 : 1;
  if (i === wordStart || code !== 32) return -1;
  const next = slice.codePointAt(i + 1);
  return next !== undefined && (next === 40 || isLower(next)) ? i : -1;
}

const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;

/** \p{Lu} of one code point (a lone surrogate is none): ASCII by code. */
function isUpper(code: number): boolean {
  return code < 128 ? code >= 65 && code <= 90 : UPPER.test(String.fromCodePoint(code));
}

/** \p{Ll} of one code point (a lone surrogate is none): ASCII by code. */
function isLower(code: number): boolean {
  return code < 128 ? code >= 97 && code <= 122 : LOWER.test(String.fromCodePoint(code));
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** ".", "!", "?" or "。". */
function isSentenceMark(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 0x3002;
}

function endsWithAbbreviation(slice: string, dotIndex: number, abbreviations: Set<string>, longest: number): boolean {
  let i = dotIndex;
  while (i > 0 && isLetterOrDot(slice.charCodeAt(i - 1))) i--;
  // Most words before a dot are longer than any abbreviation (lower case is never shorter): not copied nor lowered.
  if (dotIndex - i > longest && dotIndex - i > 1) return false;
  const word = slice.slice(i, dotIndex).toLowerCase();
  // Single capital letters are initials ("J. Smith"), except a sentence ending in a one-letter word is rare enough.
  // The word holds no surrogate (a half is no letter): one letter is one code unit, and the pattern is asked of no other.
  return abbreviations.has(word) || (word.length === 1 && LETTER.test(word));
}

// A letter, as /\p{L}/u reads one UTF-16 unit: a lone surrogate half is none.
const LETTER = /^\p{L}$/u;

/** What /[\p{L}.]/u finds in the one code unit `code`: ASCII by char code, the rest by the pattern. */
function isLetterOrDot(code: number): boolean {
  if (code < 128) return code === 46 || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return LETTER.test(String.fromCharCode(code));
}

function isInsideParentheses(slice: string, index: number): boolean {
  const open = slice.lastIndexOf('(', index);
  return open >= 0 && slice.lastIndexOf(')', index) < open;
}
