// PDF → text with PDF.js: lines rebuilt from text items by baseline, wide gaps as TABs (flattened
// table cells), blank lines at paragraph gaps, `\f` between pages. Local files only, no network.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

export type Extracted =
  | { text: string; warnings: { rule: string; reason: string }[] }
  | { error: string; rule: string };

/**
 * PDF.js's own data folders (CMaps for CJK fonts, standard font metrics), read from disk. Plain
 * paths, not file: URLs: PDF.js in Node hands `folder + name` straight to fs.readFile.
 */
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const localFolder = (name: string): string => `${join(pdfjsRoot, name)}${sep}`;

/** A gap wider than this many font sizes between two items on one line separates table cells. */
const CELL_GAP_EM = 1.2;
/** A gap wider than this many font sizes is a word space the items do not carry themselves. */
const WORD_GAP_EM = 0.15;
/** A baseline step this much larger than the page's usual line step starts a new paragraph. */
const PARAGRAPH_STEP = 1.25;
/** Two cells whose left edges are this close (points) start the same column. */
const COLUMN_SLACK = 2;

/** Japanese and Chinese text has no spaces between words, however wide the typesetting: `協力を` `強化`. */
const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」（）]$/u;
const CJK_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」（）]/u;

interface Piece {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Line {
  y: number;
  size: number;
  pieces: Piece[];
}

/** Extracts the text layer of a PDF; encrypted, damaged and image-only files come back as errors. */
export async function fromPdf(bytes: Uint8Array): Promise<Extracted> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const imageOperators = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageXObjectRepeat]);
  const task = getDocument({
    // PDF.js takes ownership of (and detaches) the buffer it is given.
    data: new Uint8Array(bytes),
    cMapUrl: localFolder('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: localFolder('standard_fonts'),
    wasmUrl: localFolder('wasm'),
    useWorkerFetch: false,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise;
    const pages: string[] = [];
    const scannedPages: number[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const text = pageText(content.items.filter((item): item is TextItem => 'str' in item));
      pages.push(text);
      // A page without text but with an image is a scan; a blank page is just blank.
      if (!/[\p{L}\p{N}]/u.test(text)) {
        const operators = await page.getOperatorList();
        if (operators.fnArray.some((operator) => imageOperators.has(operator))) scannedPages.push(number);
      }
      page.cleanup();
    }
    if (!pages.some((page) => /[\p{L}\p{N}]/u.test(page))) {
      return { error: 'PDF has no text layer (scanned image?)', rule: 'ingest/pdf-no-text' };
    }
    const one = scannedPages.length === 1;
    const warnings = scannedPages.length
      ? [{
          rule: 'ingest/pdf-page-no-text',
          reason: `${one ? 'page' : 'pages'} ${scannedPages.join(', ')} of ${document.numPages} ${one ? 'has' : 'have'} no text layer (scanned image?); ${one ? 'its' : 'their'} text is missing`,
        }]
      : [];
    return { text: pages.join('\f'), warnings };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException') return { error: 'PDF is encrypted', rule: 'ingest/pdf-encrypted' };
    const detail = ((error as Error).message || name || 'unreadable').replace(/\.$/, '');
    return { error: `PDF is damaged (${detail})`, rule: 'ingest/pdf-damaged' };
  } finally {
    await task.destroy();
  }
}

/** One page's items → lines top to bottom, pieces left to right, with TABs and blank lines. */
function pageText(items: TextItem[]): string {
  const pieces: Piece[] = [];
  for (const item of items) {
    if (!/\S/.test(item.str)) continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
    const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 10;
    pieces.push({ text: item.str, x, y, width: item.width, size });
  }
  pieces.sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Line[] = [];
  for (const piece of pieces) {
    const line = lines[lines.length - 1];
    // Same line when the baselines are within half a font size (superscripts, mixed fonts).
    if (line && Math.abs(line.y - piece.y) <= Math.min(line.size, piece.size) * 0.5) {
      line.pieces.push(piece);
      line.size = Math.max(line.size, piece.size);
    } else {
      lines.push({ y: piece.y, size: piece.size, pieces: [piece] });
    }
  }
  const steps = lines.slice(1).map((line, index) => (lines[index] as Line).y - line.y);
  const usualStep = median(steps.filter((step, index) => step > 0 && step < (lines[index] as Line).size * 3));
  const rendered = lines.map(lineText);
  const left = Math.min(...lines.map((line) => (line.pieces[0] as Piece).x));
  const columns = columnStarts(rendered.flatMap((line) => line.cellStarts));
  const out: string[] = [];
  lines.forEach((line, index) => {
    const step = steps[index - 1];
    if (index > 0 && step !== undefined) {
      const previousSize = (lines[index - 1] as Line).size;
      const paragraphStep = usualStep ? usualStep * PARAGRAPH_STEP : previousSize * 1.8;
      out.push(step > paragraphStep ? '\n\n' : '\n');
    }
    const { text, cellStarts } = rendered[index] as RenderedLine;
    // A table line whose first cells are empty starts under a later column: keep its TABs.
    const x = (line.pieces[0] as Piece).x;
    if (cellStarts.length === 0 && x > left + line.size * 3) {
      const column = columns.findIndex((start) => Math.abs(start - x) <= COLUMN_SLACK);
      if (column !== -1) out.push('\t'.repeat(column + 1));
    }
    out.push(text);
  });
  return out.join('');
}

/** Distinct x positions where cells began after a TAB, left to right. */
function columnStarts(starts: number[]): number[] {
  const sorted = [...starts].sort((p, q) => p - q);
  const distinct: number[] = [];
  for (const x of sorted) if (distinct.length === 0 || x - (distinct[distinct.length - 1] as number) > COLUMN_SLACK) distinct.push(x);
  return distinct;
}

interface RenderedLine {
  text: string;
  /** x of every piece that follows a TAB. */
  cellStarts: number[];
}

function lineText(line: Line): RenderedLine {
  const pieces = line.pieces.sort((p, q) => p.x - q.x);
  const gaps = pieces.slice(1).map((piece, index) => piece.x - ((pieces[index] as Piece).x + (pieces[index] as Piece).width));
  // Justified lines stretch every word gap alike; a cell boundary stands out from its line's gaps.
  const usualGap = gaps.length >= 3 ? (median(gaps) ?? 0) : 0;
  const parts: string[] = [];
  const cellStarts: number[] = [];
  pieces.forEach((piece, index) => {
    const previous = pieces[index - 1];
    const gap = gaps[index - 1];
    if (previous && gap !== undefined) {
      const em = Math.max(previous.size, piece.size);
      const cellGap = gap > em * CELL_GAP_EM && (gap > usualGap * 2 || gap > em * 3);
      if (cellGap) {
        parts.push('\t');
        cellStarts.push(piece.x);
      }
      else if (gap > em * WORD_GAP_EM && !/\s$/.test(previous.text) && !/^\s/.test(piece.text) && !(CJK_END.test(previous.text) && CJK_START.test(piece.text))) {
        parts.push(' ');
      }
    }
    parts.push(parts[parts.length - 1] === '\t' ? piece.text.trimStart() : piece.text);
  });
  // Example: "Objectives \tAction" → "Objectives\tAction".
  return { text: parts.join('').replace(/[ ]+\t/g, '\t'), cellStarts };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}
