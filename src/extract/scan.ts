// Small text helpers shared by the entity extractors: folding whitespace, finding the clause around
// an offset, recognising heading lines, without needing the tree (plain text scanning is robust to
// whatever shape PDF or web text arrives in).
import type { Span } from '../types.js';
import { foldWhiteSpace, isWhiteSpace } from '../tree/lines.js';
import { isAsciiAlnum } from '../text.js';

/** Folds whitespace runs (line breaks, tabs of flattened tables) to one space and trims. */
export const fold = foldWhiteSpace;

/** Removes Markdown emphasis and heading marks: "**Action Plan**" → "Action Plan", "# Title" → "Title". */
export function stripMarkdown(s: string): string {
  // Most spans hold no mark at all: skip the patterns (the emphasis one has lookbehinds, slow on every call).
  const headed = s.includes('#') ? s.replace(/^\s*#{1,6}\s+/gm, '') : s;
  return headed.includes('*') || headed.includes('_')
    ? headed.replace(/\*\*|__|(?<![\p{L}\p{N}])[*_](?=\S)|(?<=\S)[*_](?![\p{L}\p{N}])/gu, '')
    : headed;
}

/**
 * Literal openings of a pattern, found by skipping most of a text: when every match of a costly pattern begins with
 * one of a few words, searching for them is several times faster than trying the pattern (or a global pattern made of
 * the words: V8 tries it at every offset) wherever it could start. The search is Wu–Manber's: the two characters at
 * the end of a window of the shortest opening's length say how far the next opening can be, mostly the whole window.
 * `caseless`: ASCII letters match in either case, as in a pattern with the `i` flag (and no `u`).
 * Example: new Openings(['Dial', 'Talk']).indexIn("The Talks", 0) → 4.
 */
export class Openings {
  /** Length of the window: the shortest opening's length; longer openings are sought by their first `width` characters. */
  private readonly width: number;
  /** By the pair of characters ending a window (each folded, see pairCode): how far the window may move on. */
  private readonly shifts: Uint8Array;
  /** By the same pair, when it ends an opening: the openings that end with it (lower case when caseless). */
  private readonly endings: (string[] | undefined)[];
  private readonly caseless: boolean;

  constructor(openings: string[], { caseless = false } = {}) {
    this.width = Math.min(...openings.map((o) => o.length));
    if (!(this.width >= 2 && this.width <= 255)) throw new Error('Openings: every opening needs 2 to 255 characters');
    this.caseless = caseless;
    this.shifts = new Uint8Array(1 << 14).fill(this.width - 1);
    this.endings = new Array(1 << 14);
    for (const opening of new Set(openings.map((o) => (caseless ? o.replace(/[A-Z]/g, (c) => c.toLowerCase()) : o).slice(0, this.width)))) {
      for (let j = 1; j < this.width; j++) {
        const pair = pairCode(opening.charCodeAt(j - 1), opening.charCodeAt(j));
        // Folded characters may share a pair: the smallest move of all keeps every opening in reach.
        this.shifts[pair] = Math.min(this.shifts[pair]!, this.width - 1 - j);
        if (j === this.width - 1) (this.endings[pair] ??= []).push(opening);
      }
    }
  }

  /** Where the first opening that lies whole within [`from`, `to`) starts, or -1. */
  indexIn(text: string, from: number, to = text.length): number {
    const width = this.width;
    for (let end = Math.max(from, 0) + width - 1; end < to; ) {
      const pair = pairCode(text.charCodeAt(end - 1), text.charCodeAt(end));
      const shift = this.shifts[pair]!;
      if (shift > 0) {
        end += shift;
        continue;
      }
      const start = end - width + 1;
      for (const opening of this.endings[pair]!) if (this.caseless ? startsWithCaseless(text, opening, start) : text.startsWith(opening, start)) return start;
      end++;
    }
    return -1;
  }
}

/**
 * Two characters as one table index, each folded to its low 7 bits with the bit that tells ASCII capitals from small
 * letters set: the table serves both cases (and so caseless openings) at the cost of a few more windows looked at.
 */
const pairCode = (first: number, second: number) => (((first | 32) & 127) << 7) | ((second | 32) & 127);

/** Whether `lower` (ASCII letters in lower case) is at `at` in `text`, its letters in either case. */
function startsWithCaseless(text: string, lower: string, at: number): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = text.charCodeAt(at + k);
    if (c !== lower.charCodeAt(k) && !(c >= 65 && c <= 90 && c + 32 === lower.charCodeAt(k))) return false;
  }
  return true;
}


/**
 * Where a clause ends going forward from `from`: at ";", at "." / "!" / "?" followed by space,
 * at a blank line, or at a line that starts a list item ("- ", "• ", "a) ", "(2) ", "2.1. ").
 * Abbreviations such as "e.g." and "i.e." do not end a clause.
 */
export function clauseEnd(text: string, from: number, limit = 800): number {
  const stop = Math.min(text.length, from + limit);
  // The heads of one clause ask one after another: what lies between the last question and its answer is known.
  const last = lastEnd;
  let i = from;
  if (last.text === text && from >= last.from) {
    if (last.boundary >= from) {
      if (last.boundary < stop) return last.end;
    } else if (last.boundary < 0) i = Math.max(from, last.searchedTo);
  }
  let found = -1;
  let end = stop;
  for (; i < stop; i++) {
    const kind = endsClauseAt(text, i);
    if (kind === 0) continue;
    found = i;
    end = kind === 1 ? i + 1 : i;
    break;
  }
  lastEnd = { text, from, boundary: found, end, searchedTo: stop };
  return end;
}

/** The last clauseEnd: its boundary's index and answer, or -1 and how far it looked without finding one. */
let lastEnd = { text: '', from: 0, boundary: -1, end: 0, searchedTo: 0 };

/** Whether a clause ends at `i`: 1 after the character there (";", a full stop), 2 before it (a block break), else 0. */
function endsClauseAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  // Letters, most of the text, come after every character that may end a clause.
  if (c > 63) return 0;
  if (c === 59 /* ; */) return 1;
  if ((c === 46 || c === 33 || c === 63) /* . ! ? */ && (i + 1 >= text.length || isWhiteSpace(text.charCodeAt(i + 1)))) {
    if (c === 46 && /\b(?:e\.g|i\.e|etc|No|Nos|cf|vs|St|Mr|Ms|Dr|U\.S|U\.K)$/.test(text.slice(Math.max(0, i - 4), i))) return 0;
    return 1;
  }
  if (c === 10 /* \n */ && isBlockBreak(text, i)) return 2;
  return 0;
}

/** Where the clause containing `at` starts (mirror of clauseEnd). */
export function clauseStart(text: string, at: number, limit = 800): number {
  const stop = Math.max(0, at - limit);
  // As in clauseEnd: a later question need only look back to the last one, whose answer holds beyond it.
  const last = lastStart;
  const cached = last.text === text && at >= last.at && last.at > stop;
  let boundary = lastBoundaryBefore(text, at, cached ? last.at : stop);
  if (boundary < 0 && cached) {
    if (last.boundary >= stop) boundary = last.boundary;
    else if (last.floor > stop) boundary = lastBoundaryBefore(text, last.floor, stop);
  }
  lastStart = { text, at, boundary, floor: boundary >= 0 ? boundary : stop };
  return boundary >= 0 ? boundary + 1 : stop;
}

/** The last clauseStart: the last boundary in [floor, at), or -1 when there is none. */
let lastStart = { text: '', at: 0, boundary: -1, floor: 0 };

/** The index of the last clause boundary in [floor, to) (see startsClauseAfter), or -1. */
function lastBoundaryBefore(text: string, to: number, floor: number): number {
  for (let i = to - 1; i >= floor; i--) if (startsClauseAfter(text, i)) return i;
  return -1;
}

/** Whether a clause starts after `i`: at ";", a full stop (not of an abbreviation or a number), a block break. */
function startsClauseAfter(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c > 63) return false;
  if (c === 59) return true;
  if ((c === 46 || c === 33 || c === 63) && (i + 1 >= text.length || isWhiteSpace(text.charCodeAt(i + 1)))) {
    if (c === 46 && /\b(?:e\.g|i\.e|etc|No|Nos|cf|vs|St|Mr|Ms|Dr|U\.S|U\.K)$/.test(text.slice(Math.max(0, i - 4), i))) return false;
    // A list marker's full stop ("a.", "iv.", "2.1."), not a short word's at a sentence's end ("thus far.", "by now.").
    if (c === 46 && /(?:^|\s)\(?(?:[0-9]{1,3}|[a-z]|[ivx]{2,4})(?:\.[0-9]{1,2})*$/i.test(text.slice(Math.max(0, i - 8), i))) return false;
    return true;
  }
  return c === 10 && isBlockBreak(text, i);
}

/** Whether the newline at `i` separates blocks: a blank line follows, or the next line opens a list item or a table cell. */
function isBlockBreak(text: string, i: number): boolean {
  // Most lines open with a capital or a word: the character after the indent rules them out before the pattern runs.
  let j = i + 1;
  const stop = Math.min(text.length, i + 12);
  while (j < stop && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  if (j >= stop || !mayOpenBlock(text.charCodeAt(j))) return false;
  const rest = text.slice(i + 1, stop);
  // "\n\n", "\n- ", "\n• ", "\n➤ ", "\na) ", "\n(2) ", "\n2.1. ", "\n\t"
  return /^(?:[ \t]*\n|[ \t]*(?:[-•●▪◦➤>*–]|\(?[0-9]{1,2}(?:\.[0-9]{1,2})*[.)]|\(?[a-z][.)]|\([ivx]+\))[ \t])/.test(rest);
}

/** Whether a block break's first character after its indent may be `c`: a line break, a list marker, "(", a digit or a-z. */
function mayOpenBlock(c: number): boolean {
  return (
    c === 10 || c === 40 /* ( */ || (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 45 /* - */ || c === 62 /* > */ || c === 42 /* * */ ||
    c === 0x2022 /* • */ || c === 0x25cf /* ● */ || c === 0x25aa /* ▪ */ || c === 0x25e6 /* ◦ */ || c === 0x27a4 /* ➤ */ || c === 0x2013 /* – */
  );
}

/** The clause around `span` ("a) holding regular consultations …;"). */
export function clauseAround(text: string, span: Span): Span {
  return { start: clauseStart(text, span.start), end: clauseEnd(text, span.end) };
}

/**
 * Whether the line holding `at` is a heading rather than prose: short, no closing punctuation,
 * and numbered or marked ("#### (2) Strengthening of existing consultation frameworks", "2.1 Climate").
 */
export function isHeadingLine(text: string, at: number): boolean {
  // Bounded scans: a text without line breaks must not make every call walk the whole text.
  let start = at;
  while (start > 0 && text[start - 1] !== '\n') if (at - --start > 160) return false;
  let end = at;
  while (end < text.length && text[end] !== '\n') if (++end - at > 160) return false;
  const line = text.slice(start, end).trim();
  if (line.length > 120 || /[.;:,]$/.test(line)) return false;
  return /^(?:#{1,6}\s*)?(?:[-•➤>*]\s*)?(?:\(\d{1,2}\)|\d{1,2}(?:\.\d{1,2})*\.?)\s+\S/.test(line) || /^#{1,6}\s/.test(line);
}

/** Lower-case words that may stay lower case inside a title-cased name ("Ministry of the Environment"). */
const SMALL_WORDS = new Set(['of', 'for', 'and', 'the', 'in', 'on', 'to', 'a', 'an']);

/** "foreign affairs" → "Foreign Affairs" (small words stay lower case). */
export function titleCase(words: string): string {
  return words
    .split(' ')
    .map((w, i) => (i > 0 && SMALL_WORDS.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

/** A short deterministic slug for ids: "Danish Maritime Authority" → "danish-maritime-authority". */
export function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'x'
  );
}

/** Word characters, for hand-written scanners: a letter or digit in any script. */
export const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

const WORD_CHAR = /[\p{L}\p{N}'’.\-]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

// Character tests of previousWord by char code, ASCII decided at once (the patterns ran for every character it passed).
/** Space, line break, `* _ " “ –` or `-`: what lies between a word and the one after it. */
const isGap = (c: number) => c === 32 || c === 9 || c === 13 || c === 10 || c === 42 || c === 95 || c === 34 || c === 0x201c || c === 0x2013 || c === 45;
/** A character of a word: a letter or digit in any script, `'`, `’`, `.` or `-`. */
const isWordPart = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return c < 128 ? isAsciiAlnum(c) || c === 39 || c === 46 || c === 45 : c === 0x2019 || WORD_CHAR.test(text[i]!);
};
const isLetterOrDigit = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return c < 128 ? isAsciiAlnum(c) : LETTER_OR_DIGIT.test(text[i]!);
};

/**
 * The word that ends right before `pos` (skipping spaces, line breaks and `* _ " “ –` between), scanning
 * back no further than `limit`; a bracketed group "(PM)" counts as one word when `brackets` is set.
 * Example: previousWord("the G7 Leaders'\n\nStatement", 17, 0) → {word: "Leaders'", start: 7}.
 */
export function previousWord(text: string, pos: number, limit: number, brackets = false): { word: string; start: number } | null {
  let end = pos;
  while (end > limit && isGap(text.charCodeAt(end - 1))) end--;
  if (end <= limit) return null;
  if (brackets && text[end - 1] === ')') {
    const open = text.lastIndexOf('(', end - 1);
    if (open >= limit && end - open <= 32) return { word: text.slice(open, end), start: open };
    return null;
  }
  let start = end;
  while (start > limit && isWordPart(text, start - 1)) start--;
  // A word starts with a letter or digit: "'s" and "-" belong to the word, not before it.
  while (start < end && !isLetterOrDigit(text, start)) start++;
  if (start >= end) return null;
  return { word: text.slice(start, end), start };
}

/**
 * How far back a name may reach from a clause start: across a blank line that splits a sentence
 * ("the G7 Leaders'\n\nStatement", "\"Japan-Italy Foreign Ministry\n\nStrategic Dialogue\""), but not across a full stop.
 */
export function leftLimit(text: string, clauseStartAt: number): number {
  const reach = Math.max(0, clauseStartAt - 80);
  // The last character before the clause, white space skipped: ASCII is decided by its code, the rest by the pattern.
  let end = clauseStartAt;
  while (end > reach && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  if (end === reach) return clauseStartAt;
  const c = text.charCodeAt(end - 1);
  const joins = c < 128 ? isAsciiAlnum(c) || c === 39 /* ' */ || c === 44 /* , */ || c === 34 /* " */ : /[\p{L}\p{N}’“]$/u.test(text.slice(reach, end));
  return joins ? reach : clauseStartAt;
}

/**
 * One token of a name's complement in text[from, bound): a bracket of 1–40 characters ("(ReCAAP)"), a word (a letter or
 * digit, then letters, digits, `'`, `’`, `.`, `-`), a comma, or `stop` (anything else, or nothing before `bound`),
 * after spaces, tabs and line breaks. Scanned by character code: a pattern run on a slice per token cost more than
 * the rest of the instrument finder.
 */
export interface Token {
  kind: 'paren' | 'word' | 'comma' | 'stop';
  /** Where the token itself starts (after the spaces). */
  start: number;
  end: number;
}

export function readToken(text: string, from: number, bound: number, token: Token): void {
  let q = from;
  for (let c = text.charCodeAt(q); q < bound && (c === 32 || c === 9 || c === 13 || c === 10); c = text.charCodeAt(++q));
  token.kind = 'stop';
  token.start = q;
  token.end = q;
  if (q >= bound) return;
  const c = text.charCodeAt(q);
  if (c === 40 /* ( */) {
    // The first bracket after the opening one must close it, after 1 to 40 characters (code points).
    for (let r = q + 1, inside = 0; r < bound && inside <= 40; r++, inside++) {
      const d = text.charCodeAt(r);
      if (d === 40 || d === 41) {
        if (d === 41 && inside > 0) {
          token.kind = 'paren';
          token.end = r + 1;
        }
        return;
      }
      if (d >= 0xd800 && d <= 0xdbff && r + 1 < bound && isLowSurrogate(text.charCodeAt(r + 1))) r++;
    }
    return;
  }
  if (c === 44 /* , */) {
    token.kind = 'comma';
    token.end = q + 1;
    return;
  }
  let r = q + letterOrDigitLength(text, q, bound);
  if (r === q) return;
  for (let n = wordPartLength(text, r, bound); n > 0; n = wordPartLength(text, r, bound)) r += n;
  token.kind = 'word';
  token.end = r;
}

const SINGLE_LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** The length in code units of the letter or digit at `at` that ends before `bound`, else 0. */
function letterOrDigitLength(text: string, at: number, bound: number): number {
  const c = text.charCodeAt(at);
  if (c < 128) return isAsciiAlnum(c) ? 1 : 0;
  const size = c >= 0xd800 && c <= 0xdbff && at + 1 < bound ? 2 : 1;
  return SINGLE_LETTER_OR_DIGIT.test(text.slice(at, at + size)) ? size : 0;
}
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The length of the word character (a letter, digit, `'`, `’`, `.` or `-`) at `at` that ends before `bound`, else 0. */
function wordPartLength(text: string, at: number, bound: number): number {
  if (at >= bound) return 0;
  const c = text.charCodeAt(at);
  if (c === 39 || c === 46 || c === 45 || c === 0x2019) return 1;
  return letterOrDigitLength(text, at, bound);
}

/**
 * Whether text[from, to) opens with a bracket after white space (`/^\s*\(/` on the slice): most heads are not followed
 * by one, and saying so by character code spares running a pattern for a bracketed group on a slice.
 */
export function bracketAhead(text: string, from: number, to: number): boolean {
  const i = skipWhiteSpace(text, from, to);
  return i < Math.min(text.length, to) && text.charCodeAt(i) === 40 /* ( */;
}

/**
 * Whether the line holding `at` opens, after white space, with a character a heading line opens with (a mark, a
 * bracket or a digit; see isHeadingLine): a cheap look that rules out the prose lines most words are in.
 */
export function mayBeHeadingLine(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && text.charCodeAt(start - 1) !== 10 /* \n */) if (at - --start > 160) return false;
  while (start < at && isWhiteSpace(text.charCodeAt(start))) start++;
  const c = text.charCodeAt(start);
  return (
    (c >= 48 && c <= 57) || c === 35 /* # */ || c === 45 /* - */ || c === 62 /* > */ || c === 42 /* * */ || c === 40 /* ( */ ||
    c === 0x2022 /* • */ || c === 0x27a4 /* ➤ */
  );
}

/** Where the first character after the white space at `from` is (at most `to`): the next word after a head. */
export function skipWhiteSpace(text: string, from: number, to: number): number {
  const end = Math.min(text.length, to);
  let i = from;
  while (i < end && isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}
