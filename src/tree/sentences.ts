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

function compile(cues: Cues): CompiledCues {
  let compiled = compiledByCues.get(cues);
  if (!compiled) {
    compiled = {
      abbreviations: new Set(cues.abbreviations),
      longest: Math.max(0, ...cues.abbreviations.map((a) => a.length)),
      actionVerbs: new Set(cues.actionVerbs),
    };
    compiledByCues.set(cues, compiled);
  }
  return compiled;
}

/**
 * Splits `text.slice(span.start, span.end)` into sentence spans with surrounding white space trimmed. Read in place in
 * `text`, by char code: what the span's end cuts off is not seen, as it would not be in a slice.
 * Example: "Share views. Explore ways, e.g. seminars." → ["Share views.", "Explore ways, e.g. seminars."]
 */
export function splitSentences(text: string, span: Span, cues: Cues, options: SentenceOptions): Span[] {
  const { abbreviations, longest, actionVerbs } = compile(cues);
  const { start: from, end: to } = span;
  const cuts: number[] = [];
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3002) {
      cuts.push(i + 1); // "。" ends a sentence whatever follows it
      continue;
    }
    if (code !== 46 && code !== 33 && code !== 63) continue;
    const after = boundaryEnd(text, i, to);
    if (after < 0) continue;
    if (code === 46 && endsWithAbbreviation(text, from, i, abbreviations, longest)) {
      // "etc. Explore possibilities…" still starts a new sentence when an action verb follows.
      let wordEnd = after;
      for (let width = wordCharWidth(text, wordEnd, to); width > 0; width = wordCharWidth(text, wordEnd, to)) wordEnd += width;
      if (!actionVerbs.has(text.slice(after, wordEnd).toLowerCase())) continue;
    }
    cuts.push(after);
    // What the boundary spans (closers, white space, emphasis) holds no further mark.
    i = after - 1;
  }
  if (options.splitRunOns) {
    const boundaries = cuts.length;
    // Only a space before an ASCII capital or a character outside ASCII may start a run-on: runOnWordEndIn reads each.
    for (let space = text.indexOf(' ', from); space >= 0 && space < to - 1; space = text.indexOf(' ', space + 1)) {
      const next = text.charCodeAt(space + 1);
      if (!((next >= 65 && next <= 90) || next >= 128)) continue;
      const wordEnd = runOnWordEndIn(text, from, to, space);
      if (wordEnd > 0 && actionVerbs.has(text.slice(space + 1, wordEnd).toLowerCase()) && !isInsideParentheses(text, from, space)) cuts.push(space + 1);
    }
    // Both kinds of cut come in order: only a run-on cut among the boundaries needs the sort.
    if (boundaries > 0 && cuts.length > boundaries) cuts.sort((a, b) => a - b);
  }
  const spans: Span[] = [];
  let pieceStart = from;
  for (let k = 0; k <= cuts.length; k++) {
    const cut = k < cuts.length ? cuts[k]! : to;
    // The piece without its white space; none left, no sentence.
    let start = pieceStart;
    let end = cut;
    while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
    while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
    if (start < end) spans.push({ start, end });
    pieceStart = cut;
  }
  return spans;
}

/**
 * Where a sentence boundary at the mark at `mark` (".", "!" or "?") ends, or -1: what
 * /[.!?]["'”’)\]*_]*\s+(?:[*_]{1,3}\s+)?(?=(?:\*{1,3}|_{1,2})?["'“‘(\[]?[\p{Lu}\p{N}])/u matches there, read by char code
 * within `[mark, to)`: a terminal mark, closing quotes/brackets/emphasis, white space, then what may open a sentence
 * ("…workshops. Conduct", "…Japan.\t Follow-up", "…(IMO).” The", "…future.** We", "…technologies. ** We"). Every run
 * the pattern reads is all or nothing (what follows a shorter run is of the run, which the next part refuses).
 */
function boundaryEnd(text: string, mark: number, to: number): number {
  let i = mark + 1;
  while (i < to && isCloser(text.charCodeAt(i))) i++;
  if (i >= to || !isWhiteSpace(text.charCodeAt(i))) return -1;
  while (i < to && isWhiteSpace(text.charCodeAt(i))) i++;
  // "…technologies. ** We": emphasis between two runs of white space.
  let emphasis = i;
  while (emphasis < to && emphasis - i < 3 && isEmphasis(text.charCodeAt(emphasis))) emphasis++;
  if (emphasis > i && emphasis < to && isWhiteSpace(text.charCodeAt(emphasis))) {
    while (emphasis < to && isWhiteSpace(text.charCodeAt(emphasis))) emphasis++;
    if (opensSentence(text, emphasis, to)) return emphasis;
  }
  return opensSentence(text, i, to) ? i : -1;
}

/** /(?:\*{1,3}|_{1,2})?["'“‘(\[]?[\p{Lu}\p{N}]/u at `at`, within `[at, to)`. */
function opensSentence(text: string, at: number, to: number): boolean {
  let i = at;
  const first = text.charCodeAt(i);
  if (first === 42 || first === 95) {
    const most = first === 42 ? 3 : 2;
    while (i < to && i - at < most && text.charCodeAt(i) === first) i++;
  }
  if (i >= to) return false;
  const quote = text.charCodeAt(i);
  if (quote === 34 || quote === 39 || quote === 0x201c || quote === 0x2018 || quote === 40 || quote === 91) i++;
  const code = codePointIn(text, i, to);
  if (code === undefined) return false;
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return UPPER_OR_NUMBER.test(String.fromCodePoint(code));
}

const UPPER_OR_NUMBER = /^[\p{Lu}\p{N}]$/u;

/** ["'”’)\]*_]: what may close a sentence after its mark. */
function isCloser(code: number): boolean {
  return code === 34 || code === 39 || code === 0x201d || code === 0x2019 || code === 41 || code === 93 || code === 42 || code === 95;
}

function isEmphasis(code: number): boolean {
  return code === 42 || code === 95;
}

/** The code point at `i` as a regular expression with the u flag reads it in `[…, to)`, or undefined at `to`. */
function codePointIn(text: string, i: number, to: number): number | undefined {
  if (i >= to) return undefined;
  const code = text.charCodeAt(i);
  // A pair cut by the end is a lone surrogate.
  return isHighSurrogate(code) && i + 1 < to && isLowSurrogate(text.charCodeAt(i + 1)) ? text.codePointAt(i)! : code;
}

/** The UTF-16 length of the code point at `i` when it is /[\p{L}-]/u, else 0 (also at `to`). */
function wordCharWidth(text: string, i: number, to: number): number {
  const code = codePointIn(text, i, to);
  if (code === undefined) return 0;
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 45 ? 1 : 0;
  return LETTER.test(String.fromCodePoint(code)) ? (code > 0xffff ? 2 : 1) : 0;
}

/**
 * A candidate run-on start at the space at `space` ("workshops Conduct site"): where the capitalized word after it ends,
 * or -1. What / (?<=[\p{Ll}\d),;] )(?=(\p{Lu}[\p{Ll}-]+) [\p{Ll}(])/gu finds at that space, read by char code:
 * the pattern ran its look-arounds at every space of every table cell.
 */
export function runOnWordEnd(slice: string, space: number): number {
  return runOnWordEndIn(slice, 0, slice.length, space);
}

/** runOnWordEnd of the span `[from, to)` of `text`, read in place: what lies outside it is not seen. */
function runOnWordEndIn(text: string, from: number, to: number, space: number): number {
  let i = space + 1;
  let code = codePointIn(text, i, to);
  if (code === undefined || !isUpper(code)) return -1;
  // The character before the space, last first (a surrogate pair is one character).
  if (space === from) return -1;
  const pair = space - from >= 2 && isLowSurrogate(text.charCodeAt(space - 1)) && isHighSurrogate(text.charCodeAt(space - 2));
  const before = pair ? text.codePointAt(space - 2)! : text.charCodeAt(space - 1);
  if (!(before === 41 || before === 44 || before === 59 || isAsciiDigit(before) || isLower(before))) return -1;
  i += code > 0xffff ? 2 : 1;
  const wordStart = i;
  for (code = codePointIn(text, i, to); code !== undefined && (code === 45 || isLower(code)); code = codePointIn(text, i, to)) i += code > 0xffff ? 2 : 1;
  if (i === wordStart || code !== 32) return -1;
  const next = codePointIn(text, i + 1, to);
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

/** Whether the word before the dot at `dotIndex`, read back no further than `from`, is an abbreviation or an initial. */
function endsWithAbbreviation(text: string, from: number, dotIndex: number, abbreviations: Set<string>, longest: number): boolean {
  let i = dotIndex;
  while (i > from && isLetterOrDot(text.charCodeAt(i - 1))) i--;
  // Most words before a dot are longer than any abbreviation (lower case is never shorter): not copied nor lowered.
  if (dotIndex - i > longest && dotIndex - i > 1) return false;
  const word = text.slice(i, dotIndex).toLowerCase();
  // Single capital letters are initials ("J. Smith"), except a sentence ending in a one-letter word is rare enough.
  return abbreviations.has(word) || LETTER.test(word);
}

// A letter, as /\p{L}/u reads one UTF-16 unit: a lone surrogate half is none.
const LETTER = /^\p{L}$/u;

/** What /[\p{L}.]/u finds in the one code unit `code`: ASCII by char code, the rest by the pattern. */
function isLetterOrDot(code: number): boolean {
  if (code < 128) return code === 46 || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return LETTER.test(String.fromCharCode(code));
}

/** Whether `index` is inside parentheses opened at or after `from`. */
function isInsideParentheses(text: string, from: number, index: number): boolean {
  const open = text.lastIndexOf('(', index);
  return open >= from && text.lastIndexOf(')', index) < open;
}
