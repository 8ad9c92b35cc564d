// Table cells as text that may be reassembled from pieces: a PDF table wraps each cell over several lines,
// interleaved with the other columns ("Strengthen political coope‐\tExplore possibilities to hold" / "ration.\t…").
import type { Span } from '../types.js';

/** A piece of a cell: `len` characters at `v` in the cell's text come from offset `o` of the document. */
interface Piece {
  v: number;
  o: number;
  len: number;
}

export interface Cell {
  text: string;
  pieces: Piece[];
}

// A module constant: tsx turns a Unicode property pattern written inside a function into a RegExp built at every call.
const STARTS_LOWER = /^\p{Ll}/u;

/** A cell that is one contiguous span of the document. */
export function cellOf(text: string, span: Span): Cell {
  return { text: text.slice(span.start, span.end), pieces: [{ v: 0, o: span.start, len: span.end - span.start }] };
}

/**
 * Joins the lines of one column: words hyphenated at a line end are rejoined ("coope‐" + "ration." →
 * "cooperation."), a hyphen before a capital is kept ("Indo-" + "Pacific"), other lines join with a space.
 */
export function joinPieces(text: string, spans: Span[]): Cell {
  const cell: Cell = { text: '', pieces: [] };
  for (const span of spans) {
    const fragment = text.slice(span.start, span.end);
    if (cell.text) {
      // The text so far is read by its last two characters: a pattern anchored at its end only is tried at every offset.
      const lastCode = cell.text.charCodeAt(cell.text.length - 1);
      const beforeLast = cell.text.charCodeAt(cell.text.length - 2);
      const hyphen = lastCode === 45;
      // "‐" or a soft hyphen, or "-" after a lower-case letter when a lower-case letter goes on.
      const softHyphen = lastCode === 0x2010 || lastCode === 0xad || (hyphen && beforeLast >= 97 && beforeLast <= 122 && STARTS_LOWER.test(fragment));
      if (softHyphen) {
        cell.text = cell.text.slice(0, -1);
        const last = cell.pieces[cell.pieces.length - 1]!;
        last.len = Math.max(0, last.len - 1);
      } else if (!hyphen) {
        cell.text += ' ';
      }
    }
    cell.pieces.push({ v: cell.text.length, o: span.start, len: fragment.length });
    cell.text += fragment;
  }
  return cell;
}

/** The document offset of a position in the cell's text (a joining space maps to the end of the piece before it). */
export function toDocument(cell: Cell, v: number): number {
  let piece = cell.pieces[0]!;
  for (const p of cell.pieces) {
    if (p.v > v) break;
    piece = p;
  }
  return piece.o + Math.min(v - piece.v, piece.len);
}

/** The document span covered by `[from, to)` of the cell's text. */
export function spanOf(cell: Cell, from: number, to: number): Span {
  return { start: toDocument(cell, from), end: to > from ? toDocument(cell, to - 1) + 1 : toDocument(cell, from) };
}

/** `[from, to)` of a cell as a cell of its own. */
export function sliceCell(cell: Cell, from: number, to: number): Cell {
  const pieces: Piece[] = [];
  for (const p of cell.pieces) {
    const start = Math.max(from, p.v);
    const end = Math.min(to, p.v + p.len);
    if (start < end) pieces.push({ v: start - from, o: p.o + (start - p.v), len: end - start });
  }
  return { text: cell.text.slice(from, to), pieces: pieces.length ? pieces : [{ v: 0, o: toDocument(cell, from), len: 0 }] };
}

/** The cell without leading and trailing white space. */
export function trimCell(cell: Cell): Cell {
  const start = cell.text.length - cell.text.trimStart().length;
  const end = cell.text.trimEnd().length;
  return sliceCell(cell, start, Math.max(start, end));
}

export const isReassembled = (cell: Cell) => cell.pieces.length > 1;
