// First pass of the tree builder: the text as lines, each read for its list marker, heading syntax and table cells.
import type { MarkerKind, Span } from '../types.js';

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
  /** Non-empty tab- (or pipe-) separated cells of the content (one entry when the line has no separator). */
  cells: Span[];
  /** A table line: it has a tab, or it is a Markdown pipe table row. */
  hasTab: boolean;
  /** Its content starts after a tab: in a flattened table, a line holding only a later column. */
  leadingTab: boolean;
}

// Markers, innermost last: "- (1) ", "- ➤ ", "• ", "a) ", "(iv) ", "1) ", "- a) ".
// A decimal "1. " is NOT read here: it may be a section number and is judged by the tree builder.
const OUTER = /^(?:[-–—•●▪◦‣⁃*]|[➤►▶>])[ \t]+/u;
const INNER: [RegExp, MarkerKind][] = [
  [/^\(\d{1,2}\)[ \t]+/, 'parenNumber'], // (1)
  [/^\d{1,2}\)[ \t]+/, 'number'], // 1)
  [/^\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)\)[ \t]+/, 'roman'], // (iv)
  [/^\([a-z]\)[ \t]+/, 'parenLetter'], // (a)
  [/^[a-z]\)[ \t]+/, 'letter'], // a)
  [/^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\.[ \t]+/, 'roman'], // iv.
  [/^[a-h]\.[ \t]+(?=\p{L})/u, 'letter'], // a. (not "e.g.": a space must follow the dot)
  [/^[➤►▶>][ \t]+/u, 'arrow'], // ➤ or > (after an outer dash: "- > Support…")
];

/** Whether a line part starting with this character may open an INNER marker: "(", a digit, a–z or an arrow. Most lines open none. */
function mayOpenInner(code: number): boolean {
  return code === 40 || (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || code === 62 || code === 0x27a4 || code === 0x25ba || code === 0x25b6;
}

function kindOfOuter(marker: string): MarkerKind {
  if (/^[-–—]/.test(marker)) return 'dash';
  if (/^[➤►▶>]/u.test(marker)) return 'arrow';
  return 'bullet';
}

/** Splits the text into lines and reads each one. Linear in the text length. */
export function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push(readLine(text, start, end));
    start = end + 1;
  }
  return lines;
}

/** White space as `\s` of a regular expression: tab…carriage return, space, no-break space, Unicode space separators, line separators, BOM. */
export function isWhiteSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) || code === 32 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/**
 * `s.replace(/\s+/g, ' ').trim()`: runs of white space become one space. Called on nearly every line and span,
 * most of which are already folded, so a char-code scan first checks whether the pattern has anything to do.
 */
export function foldWhiteSpace(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 32 ? i + 1 < s.length && isWhiteSpace(s.charCodeAt(i + 1)) : isWhiteSpace(code)) return s.replace(/\s+/g, ' ').trim();
  }
  return s.trim();
}

/**
 * `text.split(/\s+/).length` without building the array: one more than the number of white-space runs.
 * Example: "Main  partners" → 2, " Energy" → 2 (split leaves an empty first piece), "" → 1.
 */
export function splitWordCount(text: string): number {
  let count = 1;
  for (let i = 0; i < text.length; i++) {
    if (!isWhiteSpace(text.charCodeAt(i))) continue;
    count++;
    while (i + 1 < text.length && isWhiteSpace(text.charCodeAt(i + 1))) i++;
  }
  return count;
}

/** Space, tab, form feed, no-break space, or a Unicode space separator. */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 12 || code === 160 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

function readLine(text: string, start: number, end: number): Line {
  const raw = text.slice(start, end);
  let i = 0;
  let indent = 0;
  while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t' || raw[i] === '\f')) {
    indent += raw[i] === '\t' ? 2 : 1;
    i++;
  }
  const indentEnd = i;
  let hashes = 0;
  const atx = raw[i] === '#' ? /^(#{1,6})[ \t]+/.exec(raw.slice(i)) : null;
  if (atx) {
    hashes = atx[1]!.length;
    i += atx[0].length;
  }
  // An empty Markdown heading ("# ") has no words to hold: it separates blocks like a blank line.
  const blank = i === raw.length;
  if (blank) hashes = 0;
  let marker: Line['marker'] = null;
  if (!hashes && !blank) {
    const rest = raw.slice(i);
    const outer = OUTER.exec(rest);
    let consumed = 0;
    if (outer && !/^[-–—][ \t]*$/.test(rest)) {
      marker = { text: outer[0].trim(), kind: kindOfOuter(outer[0]) };
      consumed = outer[0].length;
    }
    for (const [pattern, kind] of mayOpenInner(rest.charCodeAt(consumed)) ? INNER : []) {
      const inner = pattern.exec(rest.slice(consumed));
      if (inner) {
        marker = { text: inner[0].trim(), kind };
        consumed += inner[0].length;
        break;
      }
    }
    i += consumed;
  }
  const contentStart = start + i;
  const cells: Span[] = [];
  // A Markdown pipe table row ("| Energy | Hold a dialogue |") is read like a tab-separated line.
  const pipeRow = !marker && !hashes && /^\|.*\|\s*$/.test(raw.slice(i));
  const separator = pipeRow ? '|' : '\t';
  const hasTab = pipeRow || raw.indexOf('\t', i) >= 0;
  if (!blank) {
    let cellStart = contentStart;
    for (let j = hasTab ? contentStart : end; j <= end; j++) {
      if (j === end || text[j] === separator) {
        let s = cellStart;
        let e = j;
        while (s < e && isSpace(text.charCodeAt(s))) s++;
        while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
        if (s < e) cells.push({ start: s, end: e });
        cellStart = j + 1;
      }
    }
  }
  const leadingTab = !blank && !marker && !hashes && raw.slice(0, indentEnd).includes('\t');
  return { start, end, indent, blank, hashes, marker, contentStart, cells, hasTab, leadingTab };
}
