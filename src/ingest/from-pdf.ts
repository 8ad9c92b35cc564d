// PDF → text with PDF.js: lines rebuilt from text items by baseline, wide gaps as TABs (flattened
// table cells), blank lines at paragraph gaps and after lines ended by a hard break, `\f` between
// pages. Local files only, no network.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { PDFPageProxy, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { OPS } from 'pdfjs-dist/types/src/shared/util.js';

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
/**
 * A line ending this many font sizes short of where the next line's first word would still have
 * fitted was ended by the writer (paragraph end, heading), not by the typesetter.
 */
const HARD_BREAK_SLACK_EM = 0.5;
/** A list marker before a cell gap ("a)", "•", "(12)") makes a list item, not a table row. */
const MARKER = /^(?:[•◦▪●○■□➤◆◇‣∙・*-]|\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)])$/u;
/** A line the tree reads as a list item: "• energy", "- (1) …", "(2) Strengthening…", "a) maintain…", "(iv) …". */
const ITEM_START = /^(?:[•◦▪●○■□➤►▶◆◇‣∙・*–—-]|\(\d{1,2}\)|\d{1,2}\)|\((?:[a-z]|[ivx]{1,5})\)|[a-z]\))\s/u;

/** Japanese and Chinese text has no spaces between words, however wide the typesetting: `協力を` `強化`. */
const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」（）]$/u;
const CJK_TEXT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const CJK_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」（）]/u;

interface Piece {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
  /** Set in a symbol or dingbat font (Symbol, ZapfDingbats, Wingdings): its letters are pictures, not words. */
  symbol: boolean;
  /** Set in a bold face (by the font's name: "Arial-BoldMT", "DejaVuSerif-Bold"). */
  bold: boolean;
  /** The kind of face it is set in, by the font's name ("MS-Gothic" sans, "NotoSerifCJKjp-Regular" serif), null when the name does not tell. */
  face: Face | null;
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
      const items = content.items.filter((item): item is TextItem => 'str' in item);
      // The drawing operators, read once: bullets drawn as shapes, the fonts' names (PDF.js gives them only once
      // the operators are read), images.
      const operators = await page.getOperatorList();
      const text = pageText(items, readDrawing(page, items, operators, OPS));
      pages.push(text);
      // A page without text but with an image is a scan; a blank page is just blank.
      if (!/[\p{L}\p{N}]/u.test(text) && operators.fnArray.some((operator) => imageOperators.has(operator))) scannedPages.push(number);
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
function pageText(items: TextItem[], drawing: Drawing): string {
  const pieces: Piece[] = [];
  for (const item of items) {
    if (!/\S/.test(item.str)) continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
    const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 10;
    pieces.push({ text: item.str, x, y, width: item.width, size, symbol: drawing.symbolFonts.has(item.fontName), bold: drawing.boldFonts.has(item.fontName), face: drawing.faces.get(item.fontName) ?? null });
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
  for (const line of lines) readSymbolBullet(line);
  placeDrawnBullets(lines, drawing.dots);
  const steps = lines.slice(1).map((line, index) => (lines[index] as Line).y - line.y);
  const usualStep = median(steps.filter((step, index) => step > 0 && step < (lines[index] as Line).size * 3));
  const rendered = lines.map(lineText);
  const left = Math.min(...lines.map((line) => (line.pieces[0] as Piece).x));
  // A list marker's gap ("a)\tmaintain…") is no table column: it would shift every column after it.
  const markerGap = lines.map((line, index) => (rendered[index] as RenderedLine).cellStarts.length === 1 && MARKER.test((line.pieces[0] as Piece).text.trim()));
  const columns = columnStarts(rendered.flatMap((line, index) => (markerGap[index] ? [] : line.cellStarts)));
  // gapBefore[i]: a paragraph gap separates line i from the line above.
  const gapBefore = lines.map((_, index) => {
    const step = steps[index - 1];
    if (index === 0 || step === undefined) return false;
    const previousSize = (lines[index - 1] as Line).size;
    return step > (usualStep ? usualStep * PARAGRAPH_STEP : previousSize * 1.8);
  });
  const ends = lines.map(lineEnd);
  const right = rightEdge(ends);
  const hardBreaks = hardBreakLines(lines, rendered, left, gapBefore, markerGap, ends, right);
  const wrapped = wrappedCellLines(lines, rendered, left, gapBefore, markerGap, ends, right);
  const body = bodyType(lines);
  const headings = headingLines(lines, rendered, body, left, gapBefore, hardBreaks, markerGap, ends, right);
  for (const index of boldLeadIns(lines, body, gapBefore, hardBreaks, headings)) rendered[index] = lineText(lines[index]!);
  const out: string[] = [];
  let emphasized = false;
  lines.forEach((line, index) => {
    const heading = headings.get(index);
    if (heading === 'inside' || heading === 'last') {
      // One heading set over several lines is one line: "3. Growth, Business, Trade and Maritime" + "Cooperation"; Japanese
      // without a space ("…産業基盤インフラの整備とハード面の連" + "結性強化").
      const previous = out[out.length - 1] ?? '';
      if (previous.endsWith('\u2010')) out[out.length - 1] = previous.slice(0, -1);
      else if (!previous.endsWith('-') && !(CJK_END.test(previous) && CJK_START.test(rendered[index]!.text))) out.push(' ');
      out.push(rendered[index]!.text);
      if (heading === 'last' && emphasized) out.push('**');
      return;
    }
    if (wrapped.has(index)) {
      // Example: "…to hold high-" + "level exchanges" → "high-level"; "…to hold" + "high-level" → "hold high-level".
      const previous = out[out.length - 1] ?? '';
      if (previous.endsWith('\u2010')) out[out.length - 1] = previous.slice(0, -1);
      else if (!previous.endsWith('-')) out.push(' ');
      out.push(rendered[index]!.text);
      return;
    }
    const paragraphBreak = gapBefore[index] || hardBreaks.has(index - 1) || heading || headings.get(index - 1) === 'last' || headings.get(index - 1) === 'only';
    if (index > 0 && !paragraphBreak && wrapsJapanese(lines, rendered, index, ends, right)) {
      // Japanese has no spaces between words: a line the typesetter wrapped goes on the one above as it is.
      out.push(rendered[index]!.text);
      return;
    }
    if (index > 0 && steps[index - 1] !== undefined) out.push(paragraphBreak ? '\n\n' : '\n');
    const { text, cellStarts } = rendered[index] as RenderedLine;
    // A table line whose first cells are empty starts under a later column: keep its TABs.
    const x = (line.pieces[0] as Piece).x;
    if (cellStarts.length === 0 && x > left + line.size * 3) {
      const column = columns.findIndex((start) => Math.abs(start - x) <= COLUMN_SLACK);
      if (column !== -1) out.push('\t'.repeat(column + 1));
    }
    // Bold or larger type set apart is a heading: marked as Markdown emphasis, as the HTML reader marks a bold
    // paragraph. A numbered one is left plain: the tree reads its number and level ("2.1 Climate") from the text. So
    // is a Japanese one: the Japanese tree reads headings by their numbers and shape (1.概要, 【…】), not by emphasis.
    if (heading === 'first' || heading === 'only') emphasized = !SECTION_NUMBER.test(text) && !CJK_TEXT.test(text);
    out.push(heading && emphasized ? `**${text}` : text);
    if (heading === 'only' && emphasized) out.push('**');
  });
  return out.join('');
}

/** A heading's printed number: "1.", "2.1", "1.3.0", "IV.", "(2)", "第1章", "1．". */
const SECTION_NUMBER = /^(?:\d{1,2}(?:[.．]\d{1,2}){0,3}[.．]?|[IVX]{1,5}\.|\(\d{1,2}\))[ \t]|^第[0-9０-９一二三四五六七八九十]+[章節部]/;

/** The type of a page's running text: the size that sets most of its letters, whether most are bold, and the kind of face that sets most of them (null when the fonts' names do not tell). */
interface BodyType {
  size: number;
  bold: boolean;
  face: Face | null;
}

const isLettered = (piece: Piece): boolean => /[\p{L}\p{N}]/u.test(piece.text);

function bodyType(lines: Line[]): BodyType {
  const bySize = new Map<number, number>();
  const byFace = new Map<Face | null, number>();
  let boldLetters = 0;
  let letters = 0;
  for (const line of lines) {
    for (const piece of line.pieces) {
      if (!isLettered(piece)) continue;
      const size = Math.round(piece.size * 2) / 2;
      bySize.set(size, (bySize.get(size) ?? 0) + piece.text.length);
      byFace.set(piece.face, (byFace.get(piece.face) ?? 0) + piece.text.length);
      letters += piece.text.length;
      if (piece.bold) boldLetters += piece.text.length;
    }
  }
  const size = letters ? [...bySize].reduce((a, b) => (b[1] > a[1] ? b : a))[0] : 0;
  const face = letters ? [...byFace].reduce((a, b) => (b[1] > a[1] ? b : a))[0] : null;
  return { size, bold: boldLetters * 2 >= letters, face };
}

/** A Japanese list marker or heading number opening a line: "1、", "1．", "（1）", "①", "・", "第2章". */
const JAPANESE_ITEM_START = /^(?:[0-9０-９]{1,2}[、，.．]|[(（][0-9０-９一二三四五六七八九十a-zａ-ｚ]{1,3}[)）]|[\u2460-\u2473]|[・●○◎◆◇■□▽▼※]|第[0-9０-９一二三四五六七八九十]+[章節部]|[一二三四五六七八九十]+、)/u;

/**
 * Whether line `index` is the rest of a Japanese sentence the line above was wrapped from: the line above runs to
 * the right edge (and this one no further) and stops inside the sentence on a kana or kanji ("…「優先レーン」を" / "今月中に始動し…"), and this
 * line goes on in kana or kanji without a list marker or heading number. A line above that ends a sentence (。) or
 * stops short of the edge may end its paragraph; the tree decides those.
 */
function wrapsJapanese(lines: Line[], rendered: RenderedLine[], index: number, ends: number[], right: number): boolean {
  const above = rendered[index - 1]!;
  const line = rendered[index]!;
  if (above.cellStarts.length || line.cellStarts.length || /[。．]$/.test(above.text)) return false;
  if (!CJK_END.test(above.text) || !CJK_START.test(line.text) || JAPANESE_ITEM_START.test(line.text)) return false;
  // Full: at the text's right edge, and no line below it runs further (a title over a longer sentence is not full).
  const size = lines[index - 1]!.size;
  return ends[index - 1]! >= right - size * 1.5 && ends[index]! <= ends[index - 1]! + size;
}

/** Where a line stands in a heading: its only line, or its first, inner or last. */
type HeadingLine = 'only' | 'first' | 'inside' | 'last';

/** Larger than this times the page's body size is heading type. */
const HEADING_SIZE = 1.15;
/** The lines of one heading are at most this many times its size apart (browsers and office suites set 1.15–1.5). */
const HEADING_LINE_STEP = 1.6;
/** A heading told by its face alone is at most this many lines. */
const FACE_HEADING_LINES = 2;
/** A line that ends a sentence: "…強化する。", "…in 2026." */
const SENTENCE_END = /[.。!?！？]["'”’)）」』]*$/u;

/**
 * Lines set apart from the running text by their type: bold, or larger than the page's body text, every word of
 * them, where the body is neither. Such lines, in a run of the same type between paragraph breaks, are a heading
 * ("Competitiveness and Innovation", a numbered "3. Growth, Business, Trade and Maritime" / "Cooperation" wrapped
 * over two lines); a change of type is a paragraph break even where no gap shows it. Not table rows, list items or
 * indented lines (a centred title, a cell), and not a bold phrase that fills a line of a paragraph going on in plain
 * type.
 */
function headingLines(lines: Line[], rendered: RenderedLine[], body: BodyType, left: number, gapBefore: boolean[], hardBreaks: Set<number>, markerGap: boolean[], ends: number[], right: number): Map<number, HeadingLine> {
  const marked = new Map<number, HeadingLine>();
  // Each line's type when it is heading type, else null: "b" bold, "s12" larger (by size), "bs12" both.
  const type = lines.map((line, index) => {
    const words = line.pieces.filter(isLettered);
    if (!words.length || rendered[index]!.cellStarts.length || markerGap[index] || ITEM_START.test(rendered[index]!.text)) return null;
    if ((line.pieces[0] as Piece).x > left + line.size) return null;
    const bold = !body.bold && words.every((piece) => piece.bold);
    const smallest = Math.min(...words.map((piece) => piece.size));
    const larger = smallest >= body.size * HEADING_SIZE;
    // The other kind of face than the body's, every word: a Gothic heading over Mincho text, Arial over Times (a
    // typewriter line is code or an address, not a heading).
    const face = words[0]!.face;
    const otherFace = (face === 'sans' && body.face === 'serif') || (face === 'serif' && body.face === 'sans');
    const wholly = otherFace && words.every((piece) => piece.face === face);
    if (!bold && !larger && !wholly) return null;
    return `${bold ? 'b' : ''}${larger ? `s${Math.round(smallest * 2) / 2}` : ''}${wholly ? `f${face}` : ''}`;
  });
  const paragraphBreak = (index: number): boolean => gapBefore[index] === true || hardBreaks.has(index - 1);
  const finished = (index: number): boolean => ends[index]! < right - lines[index]!.size * 2 || /[.:;!?。．：！？]["'”’)）」』]*$/u.test(rendered[index]!.text);
  // A Japanese line goes on in the next only when it is full and stops inside a sentence, as in running text
  // (wrapsJapanese): "項目1" / "協力分野" are two, and so are "…を行った。" / "人的交流".
  const endsJapaneseLine = (index: number): boolean => CJK_END.test(rendered[index]!.text) && (ends[index]! < right - lines[index]!.size * 1.5 || /[。．]$/.test(rendered[index]!.text));
  for (let start = 0; start < lines.length; start++) {
    if (type[start] === null) continue;
    let end = start;
    // Larger type has wider line spacing: its own lines are a step of about its size apart, which reads as a gap in body text.
    while (end + 1 < lines.length && type[end + 1] === type[start] && lines[end]!.y - lines[end + 1]!.y <= lines[end]!.size * HEADING_LINE_STEP && !endsJapaneseLine(end)) end++;
    const before = start === 0 || paragraphBreak(start) || finished(start - 1);
    const after = end + 1 === lines.length || paragraphBreak(end + 1) || finished(end);
    // A change of face alone (neither bold nor larger) makes a heading only of a short line or two that is no sentence: a
    // whole paragraph in Gothic is a Japanese document's emphasis ("…で一致した。"), not its heading.
    const faceAlone = type[start]!.startsWith('f');
    const short = end - start < FACE_HEADING_LINES && !SENTENCE_END.test(rendered[end]!.text);
    if (before && after && (!faceAlone || short)) {
      if (start === end) marked.set(start, 'only');
      else for (let index = start; index <= end; index++) marked.set(index, index === start ? 'first' : index === end ? 'last' : 'inside');
    }
    start = end;
  }
  return marked;
}

/**
 * A paragraph that opens in bold, with a colon, and goes on in plain type opens with a run-in label ("Securing supply: The
 * Participants…", "Climate Action: The United States and Germany will … future. We will develop…"): its bold words
 * are marked as Markdown emphasis, as in a web page's text, and the tree decides whether they are a label. Marks the
 * pieces; returns the lines to render again.
 */
const LABEL_COLON = /^[^:]{2,80}:/;

function boldLeadIns(lines: Line[], body: BodyType, gapBefore: boolean[], hardBreaks: Set<number>, headings: Map<number, HeadingLine>): number[] {
  if (body.bold) return [];
  const changed: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opensParagraph = index === 0 || gapBefore[index] || hardBreaks.has(index - 1) || headings.has(index - 1);
    if (!opensParagraph || headings.has(index)) continue;
    const first = lines[index]!.pieces.find(isLettered);
    if (!first?.bold) continue;
    // The bold run, over the paragraph's lines, to the first lettered piece in plain type.
    let last: { line: number; piece: Piece } | null = null;
    let plainFollows = false;
    let boldText = '';
    for (let at = index; at < lines.length && !plainFollows && (at === index || !(gapBefore[at] || hardBreaks.has(at - 1) || headings.has(at))); at++) {
      for (const piece of lines[at]!.pieces) {
        if (!isLettered(piece)) continue;
        if (!piece.bold) {
          plainFollows = true;
          break;
        }
        last = { line: at, piece };
        boldText += ` ${piece.text}`;
      }
    }
    // A label ends at a colon near its start; bold words without one ("Japan and Denmark will…") are emphasis.
    if (!plainFollows || !last || !LABEL_COLON.test(boldText)) continue;
    first.text = first.text.replace(/^(\s*)/, '$1**');
    last.piece.text = last.piece.text.replace(/(\s*)$/, '**$1');
    changed.push(index);
    if (last.line !== index) changed.push(last.line);
    index = last.line;
  }
  return changed;
}

/**
 * Lines of running text (outside tables) that end a paragraph although no gap follows them: some
 * producers (LibreOffice printing a Word file without paragraph spacing) set paragraphs and
 * headings line after line. A line was ended by its writer when the next line's first word would
 * still have fitted before the text's right edge: "…Policy Dialogue:" / "Resilient Communication
 * Infrastructure" / "The ministries confirm…". Table rows and the lines around them are left alone:
 * a cell's lines end at the cell's edge, not the page's.
 */
function hardBreakLines(lines: Line[], rendered: RenderedLine[], left: number, gapBefore: boolean[], markerGap: boolean[], ends: number[], right: number): Set<number> {
  const breaks = new Set<number>();
  const tableLike = lines.map((line, index) => {
    // Under a later column ("\tand substance of the…"), or cells after a first one that is not a list marker.
    if ((rendered[index] as RenderedLine).cellStarts.length === 0) return (line.pieces[0] as Piece).x > left + line.size * 3;
    return !markerGap[index];
  });
  // Runs of lines between paragraph gaps.
  const run: number[] = [];
  lines.forEach((_, index) => run.push(index === 0 ? 0 : (run[index - 1] as number) + (gapBefore[index] ? 1 : 0)));
  // A table goes from a table line to the next gap or full-width line: cells wrap short, and a cell's
  // lines without TABs ("and Fisheries") are table too; the lines above it are running text.
  const tableLines: boolean[] = [];
  lines.forEach((line, index) => {
    const open = index > 0 && !gapBefore[index] && tableLines[index - 1] === true && ends[index]! < right - line.size * 2;
    tableLines.push(tableLike[index] === true || open);
  });
  const inTable = (index: number): boolean => tableLines[index] === true;
  // Running text fills the width: a line counts only where its run has a full line starting where it starts.
  const fullStarts = new Map<number, number[]>();
  lines.forEach((line, index) => {
    if (ends[index]! >= right - line.size * 2) fullStarts.set(run[index]!, [...(fullStarts.get(run[index]!) ?? []), (line.pieces[0] as Piece).x]);
  });
  const running = (index: number): boolean => {
    const line = lines[index] as Line;
    return (fullStarts.get(run[index]!) ?? []).some((x) => Math.abs(x - (line.pieces[0] as Piece).x) <= line.size * 1.5);
  };
  // An item starts at a marker set apart ("a)\tmaintain…") or one the tree reads as a list marker
  // ("• energy", "(2) Strengthening…"); "1. Political cooperation" may as well be a heading.
  const startsItem = rendered.map((line, index) => markerGap[index] || ITEM_START.test(line.text));
  // A list item (from its marker to the next gap or break) ends at a hard break only after a finished
  // sentence ("…of cooperation."): after "• health, care and welfare technology" the tree decides.
  let inItem = false;
  for (let index = 0; index + 1 < lines.length; index++) {
    if (gapBefore[index]) inItem = false;
    if (startsItem[index]) inItem = true;
    if (inItem && !/[.;:!?。]["'”’)]*$/.test((rendered[index] as RenderedLine).text)) continue;
    if (startsItem[index + 1] || inTable(index) || inTable(index + 1) || !running(index) || !running(index + 1)) continue;
    if (nextWordFits(lines, rendered, index, ends, right)) {
      breaks.add(index);
      inItem = false;
    }
  }
  return breaks;
}

/** Whether the first word of line `index + 1` would still have fitted at the end of line `index`. */
function nextWordFits(lines: Line[], rendered: RenderedLine[], index: number, ends: number[], right: number): boolean {
  const next = (rendered[index + 1] as RenderedLine).text;
  const firstPiece = (lines[index + 1] as Line).pieces[0] as Piece;
  const word = /^\S+/.exec(next)?.[0] ?? '';
  // PDF.js gives widths per item, not per word: a word's share of its item by characters.
  const wordWidth = firstPiece.text.length ? (firstPiece.width * Math.min(word.length, firstPiece.text.length)) / firstPiece.text.length : 0;
  const size = (lines[index] as Line).size;
  return ends[index]! + size * 0.25 + wordWidth < right - size * HARD_BREAK_SLACK_EM;
}

/** Where a line's last piece ends (x). */
function lineEnd(line: Line): number {
  const last = line.pieces[line.pieces.length - 1] as Piece;
  return last.x + last.width;
}

/** The text's right edge: where most long lines end (a line running into the margin is rare). */
function rightEdge(ends: number[]): number {
  const sorted = [...ends].sort((p, q) => p - q);
  return sorted[Math.floor((sorted.length - 1) * 0.9)] as number;
}

/**
 * Lines that go on in the last cell of a tab-separated line above: a text file with TABs printed as is
 * (LibreOffice opening a .txt) wraps each long line over the full width, so the line with the TAB fills
 * the width and the lines under it start at the margin and run past where its last cell began
 * ("Strengthen political cooperation.<TAB>Explore possibilities to hold" / "high-level exchanges and
 * dialogue …"). In a table the first column's own lines stop before the second column: never joined.
 */
function wrappedCellLines(lines: Line[], rendered: RenderedLine[], left: number, gapBefore: boolean[], markerGap: boolean[], ends: number[], right: number): Set<number> {
  const joined = new Set<number>();
  // A table repeats its columns on the next lines ("…field" / "between …" / "businesses…<TAB>both
  // countries."): where a cell's x recurs there, the lines are a table whose gaps were too narrow to see.
  const columnRecurs = (x: number, ...at: number[]): boolean =>
    at.some((i) => (rendered[i]?.cellStarts ?? []).some((start) => Math.abs(start - x) <= COLUMN_SLACK));
  // x where the wrapping cell began, while its text runs on.
  let cellStart: number | null = null;
  lines.forEach((line, index) => {
    // The typesetter broke this line: the next line's first word did not fit on it.
    const full = index + 1 < lines.length && !nextWordFits(lines, rendered, index, ends, right);
    const { cellStarts } = rendered[index] as RenderedLine;
    const atMargin = (line.pieces[0] as Piece).x <= left + line.size;
    if (cellStart !== null && !gapBefore[index] && cellStarts.length === 0 && atMargin && (full || ends[index]! > cellStart) && !columnRecurs(cellStart, index + 1, index + 2)) {
      joined.add(index);
      if (!full) cellStart = null;
      return;
    }
    // A line with cells that the typesetter broke goes on in its last cell.
    cellStart = cellStarts.length && !markerGap[index] && full ? (cellStarts[cellStarts.length - 1] as number) : null;
  });
  // A first cell long enough to wrap before its TAB: "Strengthen the cooperation on Arctic and North Atlantic
  // Affairs between Denmark," / "Greenland, … and Japan.<TAB>Enhance exchange…". The line above fills the width
  // and has no cells; the line with the TAB starts at the margin too.
  lines.forEach((line, index) => {
    if (index === 0 || joined.has(index) || gapBefore[index] || markerGap[index] || !(rendered[index] as RenderedLine).cellStarts.length) return;
    const above = lines[index - 1] as Line;
    const atMargin = (l: Line) => (l.pieces[0] as Piece).x <= left + l.size;
    const tab = (rendered[index] as RenderedLine).cellStarts[0] as number;
    if (atMargin(line) && atMargin(above) && !(rendered[index - 1] as RenderedLine).cellStarts.length && !nextWordFits(lines, rendered, index - 1, ends, right) && !columnRecurs(tab, index - 2, index + 1, index + 2)) joined.add(index);
  });
  return joined;
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

/**
 * A symbol font's glyph that opens a line is a list bullet, whatever character the PDF maps it to: ZapfDingbats
 * bullets come out as letters ("l" is ●, "n" is ■), a Symbol font embedded without a Unicode map as a private-use
 * character (U+F0B7, Word's usual bullet). Read as "•", the line is a list item like any other.
 */
function readSymbolBullet(line: Line): void {
  const first = line.pieces.reduce((a, b) => (b.x < a.x ? b : a));
  const glyph = first.text.trim();
  if (glyph.length === 1 && (first.symbol || PRIVATE_USE.test(glyph)) && line.pieces.length > 1) first.text = first.text.replace(glyph, '•');
}

const PRIVATE_USE = /^[\ue000-\uf8ff]$/;
/** Font names of the symbol and dingbat faces that print list bullets. */
const SYMBOL_FONT = /Dingbats|Wingdings|Webdings|Symbol/i;
/** Font names of bold faces: "Arial-BoldMT", "Calibri-Bold", "DejaVuSerif-Bold", "NotoSansJP-Black", "Helvetica-Heavy". */
const BOLD_FONT = /bold|black|heavy|semibold|demi/i;

/** The kinds of face a heading may be told from the body by: Gothic or sans serif, Mincho or serif, typewriter. */
export type Face = 'sans' | 'serif' | 'mono';

/** Names of sans serif faces that say "serif" too: "MicrosoftSansSerif", "Sans-Serif". */
const SANS_SERIF_FONT = /sans-?serif/i;
/**
 * Names of Mincho, Ming, Song and other serif faces: "MS-Mincho", "NotoSerifCJKjp-Regular", "KozMinPr6N-Regular",
 * "HiraMinProN-W3", "Ryumin-Light", "HeiseiMin-W3", "SimSun", "Batang", "TimesNewRomanPSMT", "Georgia".
 */
const SERIF_FONT = /serif|mincho|ming(?:liu|[-_ ]?std)?(?:[^a-z]|$)|(?:koz|hira|heisei|midashi|ryu|shin)min|simsun|songti|stsong|adobesong|fangsong|batang|gungsuh|myeongjo|times|georgia|garamond|cambria|palatino|antiqua|minion|baskerville|bodoni|caslon|didot|bookman|constantia|sabon|utopia|tinos|stix|nimbus-?rom|century(?!.?gothic)|^cmr\d|lmroman/i;
/**
 * Names of Gothic, Hei, Dotum and other sans serif faces: "MS-Gothic", "IPAexGothic", "YuGothic", "HiraginoSans",
 * "HiraKakuProN-W6", "KozGoPr6N-Medium", "Meiryo", "SimHei", "MalgunGothic", "ArialMT", "Helvetica", "Calibri".
 */
const SANS_FONT = /gothic|sans|kaku|maru|(?:koz|shin|midashi|jun)go|meiryo|osaka|(?:sim|ya)hei|heiti|dengxian|gulim|dotum|arial|arimo|helvetica|verdana|tahoma|calibri|segoe|trebuchet|futura|frutiger|univers|myriad|gillsans|lucidagrande|optima|avenir|roboto|lato|aptos|candara|corbel|nimbus-?sans/i;
/** Names of typewriter faces: "CourierNewPSMT", "Consolas", "DejaVuSansMono". */
const MONO_FONT = /courier|mono(?!type)|consolas|menlo/i;

/** The kind of face a font's name tells ("BCDEEE+NotoSerifCJKjp-Regular" → serif), or null. */
export function faceOf(fontName: string): Face | null {
  // A subset's tag ("BCDEEE+") and a style after a comma ("MS-Mincho,Bold") say nothing of the face.
  const name = fontName.replace(/^[A-Z]{6}\+/, '').replace(/,.*$/, '');
  if (MONO_FONT.test(name)) return 'mono';
  if (SANS_SERIF_FONT.test(name)) return 'sans';
  if (SERIF_FONT.test(name)) return 'serif';
  if (SANS_FONT.test(name)) return 'sans';
  return null;
}

/** What a page draws besides its text that tells how to read it. */
interface Drawing {
  /** Its fonts that are symbol or dingbat faces (by PDF.js's font id). */
  symbolFonts: Set<string>;
  /** Its bold faces (by PDF.js's font id). */
  boldFonts: Set<string>;
  /** The kind of face of each of its fonts whose name tells it (by PDF.js's font id). */
  faces: Map<string, Face>;
  /** Small filled shapes, square-ish: where a browser paints a list's bullets (discs, squares) as pictures, not text. */
  dots: Dot[];
}

/** A page's drawing operators as PDF.js lists them: each operator's code and its arguments. */
interface Operators {
  fnArray: number[];
  argsArray: unknown[];
}

/** A small filled shape: its centre and its larger side, in points. */
interface Dot {
  x: number;
  y: number;
  size: number;
}

/** A dot no wider or taller than this (points) may be a bullet; a bullet is smaller than its text. */
const MAX_DOT = 8;

/**
 * What the page's drawing operators tell: the symbol fonts among the ones that set a lone letter (the shape a
 * dingbat bullet takes) and the small filled shapes.
 */
function readDrawing(page: PDFPageProxy, items: TextItem[], operators: Operators, ops: typeof OPS): Drawing {
  const symbolFonts = new Set<string>();
  const boldFonts = new Set<string>();
  const faces = new Map<string, Face>();
  for (const name of new Set(items.map((item) => item.fontName))) {
    if (!page.commonObjs.has(name)) continue;
    const font = page.commonObjs.get(name) as { name?: string } | null;
    if (!font?.name) continue;
    // A dingbat bullet is a lone letter in its font; a symbol font's other glyphs are not read as bullets.
    if (SYMBOL_FONT.test(font.name) && items.some((item) => item.fontName === name && /^\s*[A-Za-z]\s*$/.test(item.str))) symbolFonts.add(name);
    if (BOLD_FONT.test(font.name)) boldFonts.add(name);
    const face = faceOf(font.name);
    if (face) faces.set(name, face);
  }
  return { symbolFonts, boldFonts, faces, dots: filledDots(operators, ops) };
}

/** The small, square-ish filled paths of an operator list, placed on the page through the transforms in force. */
function filledDots(operators: Operators, ops: typeof OPS): Dot[] {
  const fills = new Set<number>([ops.fill, ops.eoFill, ops.fillStroke, ops.eoFillStroke, ops.closeFillStroke, ops.closeEOFillStroke]);
  const dots: Dot[] = [];
  const saved: number[][] = [];
  let ctm = [1, 0, 0, 1, 0, 0];
  operators.fnArray.forEach((fn, index) => {
    const args = operators.argsArray[index] as unknown[] | null;
    if (fn === ops.save) saved.push(ctm);
    else if (fn === ops.restore) ctm = saved.pop() ?? ctm;
    else if (fn === ops.transform) ctm = concat(args as number[], ctm);
    else if (fn === ops.constructPath && args && fills.has(args[0] as number) && args[2]) {
      const [minX = 0, minY = 0, maxX = 0, maxY = 0] = args[2] as ArrayLike<number> as number[];
      const corners = [[minX, minY], [maxX, maxY], [minX, maxY], [maxX, minY]].map(([x = 0, y = 0]) => [ctm[0]! * x + ctm[2]! * y + ctm[4]!, ctm[1]! * x + ctm[3]! * y + ctm[5]!]);
      const xs = corners.map((c) => c[0]!);
      const ys = corners.map((c) => c[1]!);
      const width = Math.max(...xs) - Math.min(...xs);
      const height = Math.max(...ys) - Math.min(...ys);
      const side = Math.max(width, height);
      if (side >= 1 && side <= MAX_DOT && Math.min(width, height) >= side * 0.6) {
        dots.push({ x: (Math.max(...xs) + Math.min(...xs)) / 2, y: (Math.max(...ys) + Math.min(...ys)) / 2, size: side });
      }
    }
  });
  return dots;
}

/** `m` applied after `ctm` (the PDF operator cm): the transform of the points drawn from here on. */
function concat(m: number[], ctm: number[]): number[] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = m;
  const [A = 1, B = 0, C = 0, D = 1, E = 0, F = 0] = ctm;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

/**
 * A dot just left of a line's first word, at the height of its small letters and smaller than them, is the line's
 * bullet (Chromium prints an HTML list's discs as shapes): it becomes a "•" piece, so the line reads as a list item.
 */
function placeDrawnBullets(lines: Line[], dots: Dot[]): void {
  if (!dots.length) return;
  const used = new Set<Dot>();
  for (const line of lines) {
    const first = line.pieces.reduce((a, b) => (b.x < a.x ? b : a));
    if (first.text.trim() === '•') continue;
    const dot = dots.find((d) => !used.has(d)
      && d.size <= line.size * 0.8
      && d.x < first.x && first.x - d.x <= line.size * 3
      && Math.abs(d.y - (line.y + line.size * 0.3)) <= line.size * 0.35);
    if (!dot) continue;
    used.add(dot);
    line.pieces.unshift({ text: '•', x: dot.x - dot.size / 2, y: line.y, width: dot.size, size: line.size, symbol: false, bold: false, face: null });
  }
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
