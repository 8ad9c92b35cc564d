// Normalization of extracted text with a map back to it: Unicode NFC, line ends, stray controls
// and odd spaces, page furniture of paged text, line-end hyphenation, trailing spaces, blank runs.
import type { OffsetMap } from '../types.js';
import { applyEdits, composeMaps, type Edit } from './offsets.js';

export { placeOf, toOriginalOffset } from './offsets.js';

export interface Normalized {
  text: string;
  /** Maps every offset of `text` back to the string given to `normalize`. */
  offsets: OffsetMap;
}

/**
 * Normalizes `original` in linear time. Guarantees: the result is NFC; lines end in `\n`; the
 * only control characters left are `\t` and `\n`; no line ends in a space; no more than two
 * blank lines in a row. Text containing `\f` is read as pages: running headers, footers and page
 * numbers are removed and pages are joined. Every change is recorded in `offsets`, so
 * `toOriginalOffset(offsets, n)` finds where normalized offset `n` came from.
 *
 * Example: `"coope-\r\nration\u00a0 "` → `"cooperation"`.
 */
export function normalize(original: string): Normalized {
  // NFC comes last: removing a control or expanding a ligature can bring a mark next to a letter.
  const stages = [characterEdits, pageEdits, hyphenationEdits, trailingSpaceEdits, blankRunEdits, nfcEdits];
  let text = original;
  let offsets: OffsetMap | null = null;
  for (const stage of stages) {
    const edits = stage(text);
    if (edits.length === 0) continue;
    const step = applyEdits(text, edits);
    text = step.text;
    offsets = offsets ? composeMaps(offsets, step.offsets) : step.offsets;
  }
  return { text, offsets: offsets ?? { normalized: [0], original: [0] } };
}

// --- Unicode NFC --------------------------------------------------------------------------------

/**
 * NFC edits, one per changed character cluster. ASCII characters never combine with their
 * neighbours, so only runs of non-ASCII text (with the ASCII character before them, which may be
 * a base letter: `e` + U+0301) need normalizing.
 */
function nfcEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  // Example: in "café" (with U+0301) the run is "\u0301", checked together with the "e" before it.
  const nonAscii = /[^\x00-\x7f]+/g;
  for (let match = nonAscii.exec(text); match; match = nonAscii.exec(text)) {
    const start = Math.max(0, match.index - 1);
    const end = match.index + match[0].length;
    const segment = text.slice(start, end);
    const composed = segment.normalize('NFC');
    if (composed === segment) continue;
    edits.push(...clusterEdits(segment, composed, start));
  }
  return edits;
}

/** Finer edits for a changed segment: per base character with its marks, when that is exact. */
function clusterEdits(segment: string, composed: string, offset: number): Edit[] {
  const edits: Edit[] = [];
  const pieces: string[] = [];
  // Example: "e\u0301" (a base letter and its combining marks) or a lone mark "\u0301".
  const cluster = /\P{M}\p{M}*|\p{M}+/gu;
  for (let match = cluster.exec(segment); match; match = cluster.exec(segment)) {
    const piece = match[0].normalize('NFC');
    pieces.push(piece);
    if (piece !== match[0]) {
      edits.push({ start: offset + match.index, end: offset + match.index + match[0].length, replacement: piece });
    }
  }
  // Some compositions cross cluster boundaries (Hangul jamo); then the segment is one edit.
  if (pieces.join('') !== composed) return [{ start: offset, end: offset + segment.length, replacement: composed }];
  return edits;
}

// --- Characters: line ends, controls, spaces, soft hyphens, ligatures ---------------------------

const LIGATURES: Record<string, string> = { ﬀ: 'ff', ﬁ: 'fi', ﬂ: 'fl', ﬃ: 'ffi', ﬄ: 'ffl', ﬅ: 'st', ﬆ: 'st' };

/**
 * One alternative per fix: `lineBreak` \r\n, \r, NEL, LS, PS, VT (→ `\n`); `softHyphen` a soft
 * hyphen, with the line break after it when a word goes on (`coope\u00ad\nration`); `invisible`
 * other C0/C1 controls, zero-width space, word joiner, stray BOM (dropped); `space` NBSP, en, em,
 * thin and ideographic spaces (→ space); `ligature` `ﬁ` (→ `fi`); `radical` a Kangxi radical
 * (→ its ideograph, by NFKC: `⽇本の協⼒` → `日本の協力`). CJK fonts (Noto and Source Han among them)
 * map the glyphs of common ideographs to the radicals' code points as well, so the text layer of a PDF
 * set in them, and any text copied out of one, reads 日 as ⽇ (U+2F47) and 力 as ⼒ (U+2F12): no word,
 * name or date of the document would match. A radical never stands for itself in a plan or statement.
 * `middleDot` a hyphenation point (U+2027) before or after Japanese or Chinese text (→ `・`): the same fonts' text
 * layer reads a list's `・気候変動` at the start of a line as `‧気候変動`, and the item loses its marker.
 */
const CHARACTER_FIXES = new RegExp(
  [
    String.raw`(?<lineBreak>\r\n?|[\u0085\u2028\u2029\v])`,
    String.raw`(?<softHyphen>\u00ad(?:\r?\n[ \t]*(?=\p{L}))?)`,
    String.raw`(?<invisible>[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff])`,
    String.raw`(?<space>[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000])`,
    String.raw`(?<ligature>[\ufb00-\ufb06])`,
    String.raw`(?<radical>[\u2e9f\u2ef3\u2f00-\u2fd5])`,
    String.raw`(?<middleDot>\u2027(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])\u2027)`,
  ].join('|'),
  'gu',
);

/** Any character CHARACTER_FIXES would touch: most texts have none, and this scan is cheaper. */
const ANY_FIXABLE = /[\r\u0085\u2028\u2029\v\u00ad\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufb00-\ufb06\u2e9f\u2ef3\u2f00-\u2fd5\u2027]/;

function characterEdits(text: string): Edit[] {
  if (!ANY_FIXABLE.test(text)) return [];
  const edits: Edit[] = [];
  CHARACTER_FIXES.lastIndex = 0;
  for (let match = CHARACTER_FIXES.exec(text); match; match = CHARACTER_FIXES.exec(text)) {
    const groups = match.groups ?? {};
    const found = match[0];
    let replacement = '';
    if (groups.lineBreak !== undefined) replacement = '\n';
    else if (groups.space !== undefined) replacement = ' ';
    else if (groups.ligature !== undefined) replacement = LIGATURES[found] ?? found;
    else if (groups.radical !== undefined) replacement = found.normalize('NFKC');
    else if (groups.middleDot !== undefined) replacement = '・';
    edits.push({ start: match.index, end: match.index + found.length, replacement });
  }
  return edits;
}

// --- Pages: running headers and footers, page numbers, page joins -------------------------------

/** How many non-blank lines at the top and at the bottom of a page may be furniture. */
const FURNITURE_ZONE = 3;

interface PageLine {
  /** The line trimmed, spaces folded; set only for lines at a page's edges, as is `key`. */
  trimmed: string;
  start: number;
  /** End of the line without its `\n`. */
  end: number;
  key: string;
}

/**
 * For text with `\f` page breaks. A line at the top or bottom of a page is furniture when the
 * same line, digits ignored, sits at the top or bottom of at least half the pages (and two):
 * running titles, "Page 3 of 9", "- 12 -", bare page numbers. Furniture lines, blank lines and
 * the `\f` between two pages' text become one line break (the sentence runs on: the next page
 * starts in lower case) or a blank line.
 */
function pageEdits(text: string): Edit[] {
  if (!text.includes('\f')) return [];
  const pages: PageLine[][] = [];
  let pageStart = 0;
  for (;;) {
    const pageEnd = text.indexOf('\f', pageStart);
    pages.push(contentLines(text, pageStart, pageEnd === -1 ? text.length : pageEnd));
    if (pageEnd === -1) break;
    pageStart = pageEnd + 1;
  }
  const furniture = furnitureKeys(pages);
  const numbers = pageNumberLines(pages);
  const kept = pages.flatMap((page) =>
    page.filter((line, index) => !((inZone(page, index) && furniture.has(line.key)) || numbers.has(line))),
  );
  const edits: Edit[] = [];
  let previousEnd = -1; // end of the last kept line so far
  let previousStart = 0;
  // Rebuild: keep every kept line's content; what lies between two kept lines stays unless it
  // holds a page break or removed furniture, in which case it becomes one separator.
  for (const line of kept) {
    const adjacent = line.start - previousEnd === 1 && text.charCodeAt(previousEnd) === 0x0a;
    if (previousEnd >= 0 && !adjacent) {
      const between = text.slice(previousEnd, line.start);
      // A page break, or furniture removed from between the two lines.
      const removedSomething = between.includes('\f') || /\S/.test(between);
      if (removedSomething) {
        // Example: "…between Japan and" / "Denmark…" runs on; "…in 2024." / "2. Energy" does not.
        const runsOn = !/[.!?:;]$/.test(text.slice(previousStart, previousEnd)) && /^[ \t]*\p{Ll}/u.test(text.slice(line.start, line.end));
        const separator = between.includes('\f') && runsOn ? '\n' : '\n\n';
        edits.push({ start: previousEnd, end: line.start, replacement: separator });
      }
    } else if (previousEnd < 0 && line.start > 0) {
      edits.push({ start: 0, end: line.start, replacement: '' });
    }
    previousEnd = line.end;
    previousStart = line.start;
  }
  if (previousEnd >= 0 && previousEnd < text.length) {
    edits.push({ start: previousEnd, end: text.length, replacement: '\n' });
  } else if (previousEnd < 0) {
    edits.push({ start: 0, end: text.length, replacement: '' });
  }
  return edits.filter((edit) => text.slice(edit.start, edit.end) !== edit.replacement);
}

function inZone(page: PageLine[], index: number): boolean {
  return index < FURNITURE_ZONE || index >= page.length - FURNITURE_ZONE;
}

/** Non-blank lines of one page; those at its edges with their keys (trimmed, digits as `#`). */
function contentLines(text: string, from: number, to: number): PageLine[] {
  const lines: PageLine[] = [];
  let start = from;
  while (start <= to) {
    let end = text.indexOf('\n', start);
    if (end === -1 || end > to) end = to;
    const line = text.slice(start, end);
    if (/\S/.test(line)) lines.push({ trimmed: '', start, end, key: '' });
    start = end + 1;
  }
  // Only lines at the page's edges can be furniture: only they need a key.
  lines.forEach((line, index) => {
    if (!inZone(lines, index)) return;
    // Example: "  Page 3 of 12 " → "page # of #".
    line.trimmed = text.slice(line.start, line.end).trim().replace(/\s+/g, ' ');
    line.key = line.trimmed.replace(/\d+/g, '#').toLowerCase();
  });
  return lines;
}

function furnitureKeys(pages: PageLine[][]): Set<string> {
  const withText = pages.filter((page) => page.length > 0);
  const furniture = new Set<string>();
  if (withText.length < 2) return furniture;
  const pagesPerKey = new Map<string, number>();
  for (const page of withText) {
    const edgeKeys = new Set(page.filter((_, index) => inZone(page, index)).map((line) => line.key));
    for (const key of edgeKeys) pagesPerKey.set(key, (pagesPerKey.get(key) ?? 0) + 1);
  }
  const needed = Math.max(2, Math.ceil(withText.length / 2));
  for (const [key, count] of pagesPerKey) {
    // Very long lines are text, not furniture, even when a document repeats them.
    if (count >= needed && key.length <= 120) furniture.add(key);
  }
  return furniture;
}

/**
 * A page number: `12`, `- 12 -`, `– 12 –`, `Page 3`, `Page 3 of 9`, `3/9`, `3 / 9`, `p. 4`.
 * Group 1 is the page's own number.
 */
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:page\s+|p\.\s*)?(\d{1,4})(?:\s*(?:\/|of)\s*\d{1,4})?(?:\s*[-–—])?$/i;

/**
 * Page-number lines in the first or last two lines of pages, when at least two pages agree on
 * how their printed number relates to their position (page 5 printed "3" after two cover pages).
 */
function pageNumberLines(pages: PageLine[][]): Set<PageLine> {
  const byShift = new Map<number, PageLine[]>();
  pages.forEach((page, pageIndex) => {
    const edges = new Set([...page.slice(0, 2), ...page.slice(-2)]);
    for (const line of edges) {
      const number = PAGE_NUMBER.exec(line.trimmed)?.[1];
      if (number === undefined) continue;
      const shift = Number(number) - pageIndex;
      const sameShift = byShift.get(shift);
      if (sameShift) sameShift.push(line);
      else byShift.set(shift, [line]);
    }
  });
  let best: PageLine[] = [];
  for (const lines of byShift.values()) if (lines.length > best.length) best = lines;
  return new Set(best.length >= 2 ? best : []);
}

// --- Line-end hyphenation -----------------------------------------------------------------------

/**
 * Second parts that make a hyphenated compound rather than a syllable: `high-\nlevel`,
 * `science-\nbased`, `decision-\nmaking`, `capacity-\nbuilding`, `follow-\nup`, `next-\ngeneration`.
 */
const COMPOUND_SECOND_PARTS = new Set([
  'level', 'term', 'based', 'making', 'building', 'related', 'scale', 'wide', 'led', 'owned',
  'oriented', 'minded', 'sized', 'friendly', 'free', 'up', 'run', 'specific', 'sharing', 'generation',
]);

/** First parts that make a compound: `self-\nreliance`, `non-\nproliferation`, `cross-\nborder`. */
const COMPOUND_FIRST_PARTS = new Set(['self', 'non', 'cross', 'well']);

/**
 * `coope-\nration` → `cooperation`; `Indo-\nPacific` → `Indo-Pacific`; `high-\nlevel` →
 * `high-level`; `people-\nto-people` → `people-to-people`. Evidence from the document comes
 * first: if it writes the joined word elsewhere the hyphen goes, if it writes the hyphenated form
 * elsewhere the hyphen stays; otherwise only known compound parts keep it.
 */
function hyphenationEdits(text: string): Edit[] {
  // Found from the cheap anchor "-\n" outwards: a word-matching regex run at every position of
  // the text would retry each word letter by letter.
  const anchor = /[-\u2010]\n/g;
  // Example: "coope" before "-\n", "people-to" before "-\n" (a compound chain), "2025".
  const before = /(?:\p{L}+(?:-\p{L}+)*|\p{N}+)$/u;
  // Example: "   ration" or "\tlative" after "-\n".
  const after = /([ \t]*)(\p{L}+(?:-\p{L}+)*|\p{N}+)/uy;
  const candidates: { hyphen: number; end: number; first: string; second: string }[] = [];
  for (let match = anchor.exec(text); match; match = anchor.exec(text)) {
    const hyphen = match.index;
    const lineStart = text.lastIndexOf('\n', hyphen - 1) + 1;
    const first = before.exec(text.slice(Math.max(lineStart, hyphen - 200), hyphen))?.[0];
    after.lastIndex = hyphen + 2;
    const next = after.exec(text);
    if (!first || !next) continue;
    const indent = next[1] as string;
    // In a row of a flattened table the next line starts in another column: nothing to join,
    // unless both lines hold only the same column ("\tlegis-" / "\tlative").
    const leadingTabs = /^\t*/.exec(text.slice(lineStart, hyphen))?.[0].length ?? 0;
    const innerTab = text.lastIndexOf('\t', hyphen) >= lineStart + leadingTabs;
    const nextTabs = indent.split('\t').length - 1;
    if (innerTab || nextTabs !== leadingTabs) continue;
    candidates.push({ hyphen, end: hyphen + 2 + indent.length, first, second: next[2] as string });
  }
  if (candidates.length === 0) return [];
  const words = documentWords(text);
  return candidates.map(({ hyphen, end, first, second }) => {
    const joined = (first + second).toLowerCase();
    const hyphenated = `${first}-${second}`.toLowerCase();
    let keepHyphen: boolean;
    if (/^[\p{Lu}\p{N}]/u.test(second) || /\p{N}$/u.test(first) || first.includes('-') || second.includes('-')) keepHyphen = true;
    else if (words.has(hyphenated) !== words.has(joined)) keepHyphen = words.has(hyphenated);
    else {
      keepHyphen =
        COMPOUND_FIRST_PARTS.has(first.toLowerCase()) ||
        (first.length >= 3 && COMPOUND_SECOND_PARTS.has(second.toLowerCase()));
    }
    // Keeping the hyphen keeps the original hyphen character and drops only the line break.
    return { start: keepHyphen ? hyphen + 1 : hyphen, end, replacement: '' };
  });
}

/** Every word and hyphenated word of the text that is written on one line, lower-cased. */
function documentWords(text: string): Set<string> {
  const words = new Set<string>();
  // Example: "high-level" and "cooperation" (a hyphen must have letters on both sides).
  const word = /\p{L}+(?:-\p{L}+)*/gu;
  for (let match = word.exec(text); match; match = word.exec(text)) words.add(match[0].toLowerCase());
  return words;
}

// --- Whitespace: trailing spaces, runs of blank lines -------------------------------------------

/** Spaces at the end of a line or of the text: `"end.   \n"` → `"end.\n"`. */
function trailingSpaceEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  // A literal search for " \n" then a walk back is far cheaper than a regex tried at every space.
  for (let at = text.indexOf(' \n'); at !== -1; at = text.indexOf(' \n', at + 2)) {
    let start = at;
    while (start > 0 && text.charCodeAt(start - 1) === 0x20) start--;
    edits.push({ start, end: at + 1, replacement: '' });
  }
  let start = text.length;
  while (start > 0 && text.charCodeAt(start - 1) === 0x20) start--;
  if (start < text.length) edits.push({ start, end: text.length, replacement: '' });
  return edits;
}

/** Three or more blank lines become two: `"\n\n\n\n\n"` → `"\n\n\n"`. */
function blankRunEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  const run = /\n{4,}/g;
  for (let match = run.exec(text); match; match = run.exec(text)) {
    edits.push({ start: match.index + 3, end: match.index + match[0].length, replacement: '' });
  }
  return edits;
}
