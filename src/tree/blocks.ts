// Second pass of the tree builder: lines grouped into blocks (paragraph, list item, heading line, table line),
// with items and paragraphs that a page or line break cut in two joined again.
import type { Span } from '../types.js';
import { cellsOf, hasMoreWordsThan, isIndentChar, isWhiteSpace, type Line } from './lines.js';
import { sectionNumber } from './headings.js';
import { isAsciiLetter } from '../text.js';

export type Block = (
  | { kind: 'text'; lines: Line[]; span: Span }
  | { kind: 'item'; lines: Line[]; span: Span; content: Span }
  | { kind: 'md'; lines: Line[]; span: Span; content: Span }
  | { kind: 'tab'; lines: Line[]; span: Span }
) & { afterBlank: boolean; boilerplate?: boolean };


/**
 * A line that stops on a word that cannot end a phrase ("…the Memorandum of") goes on in the next: what
 * /(?:\b(?:of|and|or|the|to|in|for|with|on|a|an|by|between|from|at|as)|[,‐-])$/i finds, read backwards by char code
 * (the pattern, anchored at the end only, was tried at every offset of the block).
 */
export function endsConnective(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  if (last === 44 || last === 0x2010 || last === 45) return true;
  // The word is the whole run of ASCII letters at the end, with no word character (a digit, "_") before it.
  let start = text.length;
  while (start > 0 && isAsciiLetter(text.charCodeAt(start - 1))) start--;
  if (start === text.length || text.length - start > 7) return false;
  const before = text.charCodeAt(start - 1);
  if ((before >= 48 && before <= 57) || before === 95) return false;
  return CONNECTIVES.has(text.slice(start).toLowerCase());
}

const CONNECTIVES = new Set(['of', 'and', 'or', 'the', 'to', 'in', 'for', 'with', 'on', 'a', 'an', 'by', 'between', 'from', 'at', 'as']);


/**
 * Whether a text ends a sentence or an item, trailing white space aside: "…countries;", "…(IMO).”", "…once in two
 * years; and", "…by holding:". What /(?:[.;:!?。]["'”’)]*|[;,]\s*(?:and|or))$/ finds on `text.trimEnd()`, read
 * backwards by char code: the pattern, anchored at the end only, was tried at every offset of every block.
 */
export function endsTerminal(text: string): boolean {
  let end = text.length;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  // "…ways.", "…(IMO).”": a terminal mark behind any closing quotes and brackets.
  // The characters are compared by code (NaN before the text's start is none of them), not looked up as strings.
  let i = end - 1;
  while (isCloser(text.charCodeAt(i))) i--;
  if (isTerminalMark(text.charCodeAt(i))) return true;
  // "…; and", "…, or": a conjunction after a semicolon or comma.
  const word = text.startsWith('and', end - 3) && end >= 3 ? 3 : text.startsWith('or', end - 2) && end >= 2 ? 2 : 0;
  if (!word) return false;
  let j = end - word - 1;
  while (j >= 0 && isWhiteSpace(text.charCodeAt(j))) j--;
  const before = text.charCodeAt(j);
  return before === 59 || before === 44;
}

/** ["'”’)]: a closing quote or bracket after a terminal mark. */
function isCloser(code: number): boolean {
  return code === 34 || code === 39 || code === 0x201d || code === 0x2019 || code === 41;
}

/** [.;:!?。]: a mark that ends a sentence or an item. */
function isTerminalMark(code: number): boolean {
  return code === 46 || code === 59 || code === 58 || code === 33 || code === 63 || code === 0x3002;
}

/** An ASCII first character other than a quote or bracket, which decides the tests below alone. */
const plainAscii = (code: number) => code < 128 && code !== 34 && code !== 39 && code !== 40;

/** /^["'“‘(]?\p{Ll}/u: "the Ministry", "(to be held…". Asked of every line: an ASCII first character is read by code. */
function startsLower(text: string): boolean {
  const code = text.charCodeAt(0);
  return plainAscii(code) ? code >= 97 && code <= 122 : STARTS_LOWER.test(text);
}

const STARTS_LOWER = /^["'“‘(]?\p{Ll}/u;

/** /^["'“‘(]?[\p{Lu}\p{N}]/u: "The Ministry", "“Japan", "2025 …". */
function startsUpper(text: string): boolean {
  const code = text.charCodeAt(0);
  return plainAscii(code) ? (code >= 65 && code <= 90) || (code >= 48 && code <= 57) : STARTS_UPPER.test(text);
}

const STARTS_UPPER = /^["'“‘(]?[\p{Lu}\p{N}]/u;

/** Groups lines into blocks. A blank line always ends a block; so does a new marker, heading or table line. */
export function groupBlocks(text: string, lines: Line[], boilerplate: { test(line: string): boolean } | null = null): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let afterBlank = true;
  // The block being read is pushed in place where a line ends it: a closure held in a local would be wrapped by
  // tsx's keepNames helper (__name) at every call.
  for (const line of lines) {
    if (line.blank) {
      if (current) blocks.push(current);
      current = null;
      afterBlank = true;
      continue;
    }
    const content = text.slice(line.contentStart, line.end);
    if (boilerplate && content.length < 90 && boilerplate.test(content.trim())) {
      if (current) blocks.push(current);
      current = null;
      blocks.push({ kind: 'text', lines: [line], span: blockSpan(text, line), afterBlank, boilerplate: true });
    } else if (line.hashes) {
      if (current) blocks.push(current);
      current = null;
      blocks.push({ kind: 'md', lines: [line], span: blockSpan(text, line), content: { start: line.contentStart, end: line.end }, afterBlank });
    } else if ((line.hasTab && (!line.marker || cellsOf(text, line).length > 1)) || (line.leadingTab && !afterBlank && blocks[blocks.length - 1]?.kind === 'tab' && !current)) {
      // A flattened table line, even behind a stray bullet ("• \tStrengthen dialogue…\tExplore…").
      if (current) blocks.push(current);
      current = null;
      blocks.push({ kind: 'tab', lines: [line], span: blockSpan(text, line), afterBlank });
    } else if (line.marker) {
      if (current) blocks.push(current);
      current = { kind: 'item', lines: [line], span: blockSpan(text, line), content: { start: line.contentStart, end: line.end }, afterBlank };
    } else if (current && continues(text, current, content)) {
      const block = current as Block;
      block.lines.push(line);
      block.span.end = line.end;
      if (block.kind === 'item') block.content.end = line.end;
    } else {
      if (current) blocks.push(current);
      current = { kind: 'text', lines: [line], span: blockSpan(text, line), afterBlank };
    }
    afterBlank = false;
  }
  if (current) blocks.push(current);
  return joinAcrossBlankLines(text, blocks);
}

/** The span of a block a line opens, its marker included: made only for such lines, not for those that go on a block. */
function blockSpan(text: string, line: Line): Span {
  return { start: line.contentStart - (line.marker ? markerWidth(text, line) : 0), end: line.end };
}

const lineLength = (text: string, line: Line): number => text.slice(line.contentStart, line.end).trim().length;

/**
 * Whether an item's last line stops short of where its text wraps: under 50 characters, unless the item's own lines
 * before it show a narrower column (a PDF's list at 40–60 characters a line: "…for a Research" / "Agency Partnership
 * between the National Science" / "Foundation and…" is one item).
 */
function endsShort(text: string, block: Block): boolean {
  const last = lineLength(text, block.lines[block.lines.length - 1]!);
  if (last >= 50) return false;
  let widest = 0;
  for (let i = 0; i + 1 < block.lines.length; i++) widest = Math.max(widest, lineLength(text, block.lines[i]!));
  return last < widest * WRAPPED_SHARE || widest === 0;
}

/** A line at least this share of the widest line before it in its item was cut by a wrap. */
const WRAPPED_SHARE = 0.75;

function markerWidth(text: string, line: Line): number {
  let start = line.start;
  while (start < line.contentStart && isIndentChar(text.charCodeAt(start))) start++;
  return line.contentStart - start;
}

/** Whether a line without a marker goes on the block before it (no blank line between them). */
function continues(text: string, block: Block, content: string): boolean {
  const previous = text.slice(block.span.start, block.span.end);
  // A number opening a line opens a section, unless a sentence left unfinished goes on with it in lower case: the
  // line wrapped before a quantity ("…to keep a" / "1.5 degree Celsius limit on warming…").
  const number = sectionNumber(content);
  if (number && !(startsLower(content.slice(number.rest).trimStart()) && !endsTerminal(previous))) return false;
  // A new sentence on a new line after a finished one starts a new paragraph (web text, one paragraph a line);
  // so does a capitalized line after a short item, which a line wrap would not have cut ("- marine research").
  if (startsUpper(content) && (endsTerminal(previous) || (block.kind === 'item' && endsShort(text, block) && !endsConnective(previous)))) return false;
  // After a lead-in ("…by holding:") a new line starts what it leads into, even without a marker.
  if (block.kind === 'item' && previous.trimEnd().endsWith(':')) return false;
  return true;
}

/**
 * Joins a block with the next one across blank lines where a page or column break cut it:
 * an item or paragraph that stops mid-sentence ("…Ministry of", "…G7 Leaders'") goes on in the next block.
 */
function joinAcrossBlankLines(text: string, blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const previous = out[out.length - 1];
    if (previous && block.afterBlank && block.kind === 'text' && (previous.kind === 'item' || previous.kind === 'text')) {
      const before = text.slice(previous.span.start, previous.span.end);
      const after = text.slice(block.span.start, block.span.end);
      const unfinished = !endsTerminal(before);
      const joinItem = previous.kind === 'item' && unfinished && (startsLower(after) || sentenceLike(after)) && !sectionNumber(after);
      const joinText = previous.kind === 'text' && unfinished && startsLower(after);
      if (joinItem || joinText) {
        previous.lines.push(...block.lines);
        previous.span.end = block.span.end;
        if (previous.kind === 'item') previous.content.end = block.span.end;
        continue;
      }
    }
    out.push(block);
  }
  return out;
}

/** Reads as (the end of) a sentence rather than a title: ends with punctuation or runs long. */
export function sentenceLike(text: string): boolean {
  return endsTerminal(text) || hasMoreWordsThan(text, 14);
}
