// First pass of the tree builder: the text as lines, each read for its list marker, heading syntax and table cells.
import type { MarkerKind, Span } from '../types.js';
import { isAsciiDigit, isAsciiLower } from '../text.js';

export interface Line {
  /** Offsets of the whole line (without its line break). */
  start: number;
  end: number;
  /** Leading spaces (a tab counts as two), used for list nesting. */
  indent: number;
  blank: boolean;
  /** Markdown ATX heading depth (`## …` → 2), 0 otherwise. */
  hashes: number;
  /** List marker, when the line starts with one. */
  marker: { text: string; kind: MarkerKind } | null;
  /** Where the content starts after indentation, `#`s and markers. */
  contentStart: number;
  /** A Markdown pipe table row ("| Energy | Hold a dialogue |"): its cells are separated by "|", not by tabs. */
  pipeRow: boolean;
  /** A table line: it has a tab, or it is a Markdown pipe table row. */
  hasTab: boolean;
  /** Its content starts after a tab: in a flattened table, a line holding only a later column. */
  leadingTab: boolean;
}

// Markers, innermost last: "- (1) ", "- ➤ ", "• ", "a) ", "(iv) ", "1) ", "- a) ".
// A decimal "1. " is NOT read here: it may be a section number and is judged by the tree builder.
// The patterns are sticky: they are read in place in the text (lastIndex at the marker), never on a slice of it.
// Each inner marker is tried only when the character it must open with is there (most lines open none).
const OUTER = /(?:[-–—•●▪◦‣⁃*]|[➤►▶>])[ \t]+/uy;
const INNER: [RegExp, MarkerKind, (code: number) => boolean][] = [
  [/\(\d{1,2}\)[ \t]+/y, 'parenNumber', isParen], // (1)
  [/\d{1,2}\)[ \t]+/y, 'number', isAsciiDigit], // 1)
  [/\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)\)[ \t]+/y, 'roman', isParen], // (iv)
  [/\([a-z]\)[ \t]+/y, 'parenLetter', isParen], // (a)
  [/[a-z]\)[ \t]+/y, 'letter', isAsciiLower], // a)
  [/(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\.[ \t]+/y, 'roman', isRomanStart], // iv.
  [/[a-h]\.[ \t]+(?=\p{L})/uy, 'letter', isAsciiLower], // a. (not "e.g.": a space must follow the dot)
  [/[➤►▶>][ \t]+/uy, 'arrow', isArrow], // ➤ or > (after an outer dash: "- > Support…")
];

/** Whether a ")" or "." follows the digits and lower-case letters at `at` within four characters ("1) ", "iv. ", "a) "). */
function closedSoon(text: string, at: number): boolean {
  for (let k = 1; k <= 4; k++) {
    const code = text.charCodeAt(at + k);
    if (code === 41 || code === 46) return true;
    if (!isAsciiDigit(code) && !isAsciiLower(code)) return false;
  }
  return false;
}

function isParen(code: number): boolean {
  return code === 40;
}


/** "i", "v" or "x". */
function isRomanStart(code: number): boolean {
  return code === 105 || code === 118 || code === 120;
}

/** "➤", "►", "▶" or ">". */
function isArrow(code: number): boolean {
  return code === 62 || code === 0x27a4 || code === 0x25ba || code === 0x25b6;
}

/** The kind of an OUTER marker by the character it opens with. */
function kindOfOuter(code: number): MarkerKind {
  if (code === 45 || code === 0x2013 || code === 0x2014) return 'dash';
  if (isArrow(code)) return 'arrow';
  return 'bullet';
}

/** Splits the text into lines and reads each one. Linear in the text length. */
export function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  // The first tab at or after `start` (-1: none left), found once for all lines rather than searched for in each.
  let tab = text.indexOf('\t');
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (tab >= 0 && tab < start) tab = text.indexOf('\t', start);
    lines.push(readLine(text, start, end, tab));
    start = end + 1;
  }
  return lines;
}

/** White space as `\s` of a regular expression: tab…carriage return, space, no-break space, Unicode space separators, line separators, BOM. */
export function isWhiteSpace(code: number): boolean {
  // Letters, digits and punctuation of ASCII first, in two comparisons: nearly every character asked about.
  if (code > 32 && code < 0xa0) return false;
  return (
    (code >= 9 && code <= 13) || code === 32 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

// White space that folding changes: any but a lone space (a line break, a tab, a run of spaces).
const UNFOLDED_SPACE = /[^\S ]| {2}/;

/**
 * `s.replace(/\s+/g, ' ').trim()`: runs of white space become one space. Called on nearly every line and span,
 * most of which are already folded, so a test first checks whether the pattern has anything to do (the regex
 * test was several times faster than a char-code scan).
 */
export function foldWhiteSpace(s: string): string {
  return UNFOLDED_SPACE.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim();
}

/**
 * Whether `text.split(/\s+/).length > limit`, without building the array, and read only up to the first word past the
 * limit (the text may be a long paragraph): the count is one more than the number of white-space runs.
 * Example: "Main  partners" has 2, " Energy" 2 (split leaves an empty first piece), "" 1.
 */
export function hasMoreWordsThan(text: string, limit: number): boolean {
  let count = 1;
  for (let i = 0; i < text.length; i++) {
    if (!isWhiteSpace(text.charCodeAt(i))) continue;
    if (++count > limit) return true;
    while (i + 1 < text.length && isWhiteSpace(text.charCodeAt(i + 1))) i++;
  }
  return count > limit;
}

/** Space, tab or form feed: what indents a line. */
export function isIndentChar(code: number): boolean {
  return code === 32 || code === 9 || code === 12;
}

/** Space, tab, form feed, no-break space, or a Unicode space separator. */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 12 || code === 160 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

/** Whether a line part starting with this character may open an OUTER marker (a dash, bullet, star or arrow). Most lines open none. */
function mayOpenOuter(code: number): boolean {
  return (
    code === 45 || code === 42 || code === 62 || code === 0x2013 || code === 0x2014 || code === 0x2022 || code === 0x25cf ||
    code === 0x25aa || code === 0x25e6 || code === 0x2023 || code === 0x2043 || code === 0x27a4 || code === 0x25ba || code === 0x25b6
  );
}

/**
 * Reads the line `text[start, end)` by char code on `text` itself, without slicing it; a marker pattern is tried
 * (in place) only when the character there can open it. `tab` is the first tab at or after `start`, or -1.
 */
function readLine(text: string, start: number, end: number, tab: number): Line {
  let i = start;
  let indent = 0;
  let tabInIndent = false;
  for (; i < end && isIndentChar(text.charCodeAt(i)); i++) {
    const isTab = text.charCodeAt(i) === 9;
    if (isTab) tabInIndent = true;
    indent += isTab ? 2 : 1;
  }
  let hashes = 0;
  const atx = text.charCodeAt(i) === 35 && i < end ? /^(#{1,6})[ \t]+/.exec(text.slice(i, end)) : null;
  if (atx) {
    hashes = atx[1]!.length;
    i += atx[0].length;
  }
  // An empty Markdown heading ("# ") has no words to hold: it separates blocks like a blank line.
  const blank = i === end;
  if (blank) hashes = 0;
  let marker: Line['marker'] = null;
  if (!hashes && !blank) {
    OUTER.lastIndex = i;
    const outer = mayOpenOuter(text.charCodeAt(i)) ? OUTER.exec(text) : null;
    const outerKind = outer ? kindOfOuter(text.charCodeAt(i)) : null;
    // A dash alone on its line (spaces aside) is a rule, not a marker.
    if (outer && !(outerKind === 'dash' && i + outer[0].length === end)) {
      marker = { text: outer[0].trim(), kind: outerKind! };
      i += outer[0].length;
    }
    const next = text.charCodeAt(i);
    // Most lines open with a capital, which opens no inner marker, or with a word or a number that no ")" or "." closes
    // within four characters, as every inner marker opening with a digit or a letter is: the list is not walked for them.
    const inner = next === 40 || isArrow(next) || ((isAsciiDigit(next) || isAsciiLower(next)) && closedSoon(text, i));
    for (let k = 0; inner && k < INNER.length; k++) {
      const [pattern, kind, opens] = INNER[k]!;
      if (!opens(next)) continue;
      pattern.lastIndex = i;
      const found = pattern.exec(text);
      if (found) {
        marker = { text: found[0].trim(), kind };
        i += found[0].length;
        break;
      }
    }
  }
  const contentStart = i;
  // A Markdown pipe table row ("| Energy | Hold a dialogue |") is read like a tab-separated line.
  const pipeRow = !marker && !hashes && text.charCodeAt(i) === 124 && i < end && /^\|.*\|\s*$/.test(text.slice(i, end));
  const hasTab = pipeRow || hasTabIn(text, tab, i, end);
  const leadingTab = !blank && !marker && !hashes && tabInIndent;
  return { start, end, indent, blank, hashes, marker, contentStart, pipeRow, hasTab, leadingTab };
}

/**
 * The non-empty tab- (or pipe-) separated cells of a line's content, white space trimmed (one cell when the line has
 * no separator). Read when asked, for the few table lines, not kept on every line.
 */
export function cellsOf(text: string, line: Line): Span[] {
  const cells: Span[] = [];
  if (line.blank) return cells;
  let cellStart = line.contentStart;
  if (line.hasTab) {
    // The separators are found by indexOf (a native scan): a search past the line's end stops at the next separator,
    // which no other line's search passes, so all of them read the text about once.
    const separator = line.pipeRow ? '|' : '\t';
    for (let j = text.indexOf(separator, cellStart); j >= 0 && j < line.end; j = text.indexOf(separator, cellStart)) {
      pushTrimmed(text, cells, cellStart, j);
      cellStart = j + 1;
    }
  }
  pushTrimmed(text, cells, cellStart, line.end);
  return cells;
}

/** Pushes the cell `text[start, end)` without its spaces, unless nothing is left. */
function pushTrimmed(text: string, cells: Span[], start: number, end: number): void {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start < end) cells.push({ start, end });
}

/** Whether `text[from, end)` holds a tab, given `tab`, the first tab at or after the line's start (or -1). */
function hasTabIn(text: string, tab: number, from: number, end: number): boolean {
  if (tab < 0 || tab >= end) return false;
  if (tab >= from) return true;
  // The first tab is in the indentation or the marker: look on in the rest of the line.
  for (let j = from; j < end; j++) if (text.charCodeAt(j) === 9) return true;
  return false;
}
