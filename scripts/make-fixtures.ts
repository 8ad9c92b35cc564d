// Makes the committed ingest fixtures: PDF, DOCX and HTML renderings of seed documents
// (test/fixtures/formats/) and the hostile files (test/fixtures/hostile/). Run once, review, commit:
//   node --import tsx scripts/make-fixtures.ts [--seeds ../shared/corpus/seeds] [--producers chromium,libreoffice]
// PDFs come from two producers, because each flattens tables and lists differently: Chromium (Debian's
// /usr/bin/chromium) prints the HTML renderings, LibreOffice (`soffice`, Debian's libreoffice-writer-nogui)
// prints the DOCX renderings as `<seed>.libreoffice.pdf` and the text seeds as they are as
// `<seed>.libreoffice-text.pdf`. CI never runs this (the outputs are committed).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { zip } from '../test/helpers/zip.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '../shared/corpus/seeds' },
    producers: { type: 'string', default: 'chromium,libreoffice' },
  },
});
const seeds = values.seeds as string;
const producers = new Set((values.producers as string).split(','));
const formats = 'test/fixtures/formats';
const hostile = 'test/fixtures/hostile';

// --- Seeds as blocks ------------------------------------------------------------------------------

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: ListItem[] }
  | { kind: 'table'; rows: string[][] };

interface ListItem {
  depth: number;
  /** `a`, `i`, `1` for an ordered marker such as `a)`, null for a bullet. */
  style: 'a' | 'i' | '1' | null;
  /** The ordinal the source gives the item ("d)" → 4), so a printed list goes on where the source's does. */
  ordinal: number | null;
  text: string;
}

/**
 * Reads a seed (Markdown or extracted text) into blocks: `#` lines and short numbered lines
 * ("1. Political cooperation") are headings, `- ` / `• ` / `➤ ` lines are list items (an `a)`
 * or `(1)` after the dash makes them ordered), lines with TABs are table rows, the rest paragraphs.
 */
function seedBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  const last = (): Block | undefined => blocks[blocks.length - 1];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const numbered = /^\d+(?:\.\d+)*\.?\s+\S.{0,70}$/.test(line) && !/[.;:]$/.test(line);
    const item = /^(\s*)(?:[-•➤]\s+)+(.*)$/.exec(line);
    if (!line.trim()) flush();
    else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: Math.min((heading[1] as string).length, 3), text: heading[2] as string });
    } else if (numbered) {
      flush();
      blocks.push({ kind: 'heading', level: line.split(' ')[0]!.replace(/\.$/, '').split('.').length, text: line });
    } else if (line.includes('\t')) {
      flush();
      const row = line.split('\t').map((cell) => cell.trim());
      const previous = last();
      if (previous?.kind === 'table') previous.rows.push(row);
      else blocks.push({ kind: 'table', rows: [row] });
    } else if (item) {
      flush();
      const body = item[2] as string;
      const marker = /^\(?([a-z]|[ivx]+|\d+)\)\s+(.*)$/.exec(body);
      const style = marker ? (/^\d/.test(marker[1]!) ? '1' : /^[ivx]+$/.test(marker[1]!) && marker[1] !== 'i' ? 'i' : 'a') : null;
      const previous = last();
      // An unmarked item under lettered ones ("- b) … by holding:" / "- political consultations…") is nested.
      const underLettered = !marker && previous?.kind === 'list' && previous.items.some((entry) => entry.style !== null);
      const depth = Math.max(Math.floor((item[1] as string).length / 2), underLettered ? 1 : 0);
      const ordinal = !marker ? null : style === '1' ? Number(marker[1]) : style === 'a' ? marker[1]!.charCodeAt(0) - 96 : romanValue(marker[1]!);
      const entry: ListItem = { depth, style, ordinal, text: marker ? marker[2]! : body };
      if (previous?.kind === 'list') previous.items.push(entry);
      else blocks.push({ kind: 'list', items: [entry] });
    } else {
      const previous = last();
      // A wrapped list item's second line belongs to the item.
      if (paragraph.length === 0 && previous?.kind === 'list' && /^\s+\S/.test(raw)) {
        previous.items[previous.items.length - 1]!.text += ` ${line.trim()}`;
      } else paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

function romanValue(numeral: string): number {
  const values: Record<string, number> = { i: 1, v: 5, x: 10 };
  // Example: "iv" → 4, "vi" → 6.
  return [...numeral].reduce((sum, c, i) => sum + ((values[c] ?? 0) < (values[numeral[i + 1] ?? ''] ?? 0) ? -1 : 1) * (values[c] ?? 0), 0);
}

// --- HTML ---------------------------------------------------------------------------------------

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `**bold**` and `*emphasis*` as tags; long words get a soft hyphen so narrow columns hyphenate. */
function inlineHtml(text: string, softHyphens: boolean): string {
  let html = escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(.+?)\*/g, '<em>$1</em>');
  // Example: "cooperation" → "coope&shy;ration" (only in text, never inside a tag).
  if (softHyphens) html = html.replace(/(?<=^|[\s(>])([a-z]{5})([a-z]{5,})(?=[\s,.;:)<]|$)/g, '$1&shy;$2');
  return html;
}

function listHtml(items: ListItem[], softHyphens: boolean): string {
  const out: string[] = [];
  const open: string[] = [];
  let depth = -1;
  for (const item of items) {
    while (depth < item.depth) {
      const tag = item.style ? `ol type="${item.style}"` : 'ul';
      out.push(`<${tag}>`);
      open.push(item.style ? 'ol' : 'ul');
      depth++;
    }
    while (depth > item.depth) {
      out.push(`</li></${open.pop()}>`);
      depth--;
    }
    if (out[out.length - 1]?.startsWith('<li>')) out.push('</li>');
    out.push(`<li>${inlineHtml(item.text, softHyphens)}`);
  }
  while (open.length) out.push(`</li></${open.pop()}>`);
  return out.join('\n');
}

function blocksHtml(blocks: Block[], softHyphens = false): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `<h${block.level}>${inlineHtml(block.text, false)}</h${block.level}>`;
        case 'paragraph':
          return `<p>${inlineHtml(block.text, softHyphens)}</p>`;
        case 'list':
          return listHtml(block.items, softHyphens);
        case 'table':
          return `<table>${block.rows.map((row) => `<tr>${row.map((cell) => `<td>${inlineHtml(cell, softHyphens)}</td>`).join('')}</tr>`).join('\n')}</table>`;
      }
    })
    .join('\n');
}

/** A web page: the document inside <main>, wrapped in the chrome real sites have. */
function webPage(title: string, blocks: Block[]): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Ministry of Foreign Affairs</title>
<style>body{font-family:sans-serif}</style><script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script></head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. <button>Accept all</button> <a href="/privacy">Privacy policy</a></div>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><a href="/">Ministry of Foreign Affairs</a>
<nav aria-label="Main"><ul><li><a href="/">Home</a></li><li><a href="/policy">Foreign Policy</a></li><li><a href="/press">Press Releases</a></li><li><a href="/about">About the Ministry</a></li></ul></nav>
<form role="search"><label>Search <input name="q"></label><button>Go</button></form></header>
<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/policy">Foreign Policy</a></li><li>Europe</li></ol>
<main id="main"><article>
${blocksHtml(blocks)}
<div class="share-bar">Share this page: <a href="#">X</a> <a href="#">Facebook</a> <a href="#">LINE</a></div>
</article></main>
<aside class="sidebar"><h2>Related links</h2><ul><li><a href="#">Japan-Europe relations</a></li><li><a href="#">Visa information</a></li></ul></aside>
<footer class="site-footer"><p>Copyright © Ministry of Foreign Affairs. All rights reserved.</p><ul><li><a href="#">Accessibility</a></li><li><a href="#">Sitemap</a></li></ul></footer>
</body></html>
`;
}

/** A printable page: narrow justified columns so long words break at their soft hyphens. */
function printPage(title: string, blocks: Block[]): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:"DejaVu Serif",serif;font-size:11pt;line-height:1.35}
main{width:13cm;text-align:justify}
p,li{margin:0 0 0.6em 0} h1{font-size:16pt} h2{font-size:13pt} h3{font-size:12pt}
table{border-collapse:collapse;width:100%;margin:0.8em 0;text-align:left}
td{border:1px solid #888;padding:4pt 10pt;vertical-align:top;width:50%}
</style></head><body><main>
${blocksHtml(blocks, true)}
</main></body></html>`;
}

async function printPdf(html: string, runningTitle: string): Promise<Buffer> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      margin: { top: '2.2cm', bottom: '2.2cm', left: '2.5cm', right: '2.5cm' },
      displayHeaderFooter: true,
      headerTemplate: `<div style="font-size:8pt;width:100%;text-align:center">${escapeHtml(runningTitle)}</div>`,
      footerTemplate: '<div style="font-size:8pt;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>',
    });
  } finally {
    await browser.close();
  }
}

// --- DOCX ---------------------------------------------------------------------------------------

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3];

function runs(text: string): TextRun[] {
  // Example: "based on the *Principles*" → plain, italic.
  return text.split(/(\*\*[^*]+\*\*|\*[^*]+\*)/).filter(Boolean).map((part) =>
    part.startsWith('**') ? new TextRun({ text: part.slice(2, -2), bold: true })
      : part.startsWith('*') ? new TextRun({ text: part.slice(1, -1), italics: true })
        : new TextRun(part));
}

async function docxOf(blocks: Block[]): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  // Each ordered list gets its own numbering, starting where the source's list starts ("d)", not "aa)").
  const listNumberings: { reference: string; start: number; style: 'a' | 'i' | '1' }[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') children.push(new Paragraph({ heading: HEADINGS[block.level - 1], children: runs(block.text) }));
    else if (block.kind === 'paragraph') children.push(new Paragraph({ children: runs(block.text), alignment: AlignmentType.JUSTIFIED }));
    else if (block.kind === 'list') {
      const first = block.items.find((item) => item.depth === 0 && item.ordinal !== null);
      const reference = `lettered-${listNumberings.length}`;
      if (block.items.some((item) => item.style)) listNumberings.push({ reference, start: first?.ordinal ?? 1, style: first?.style ?? 'a' });
      for (const item of block.items) {
        const level = Math.min(item.depth, 2);
        children.push(new Paragraph({
          children: runs(item.text),
          numbering: { reference: item.style ? reference : 'bullets', level },
        }));
      }
    } else {
      // A row with only its first cell filled ("Bilateral level", "Area of focus: …") is a label row:
      // one cell merged across the table, as a writer would set it. Other rows are padded to full width.
      const columns = Math.max(...block.rows.map((row) => row.length));
      const cell = (text: string, columnSpan = 1): TableCell => new TableCell({ columnSpan, children: [new Paragraph({ children: runs(text) })] });
      children.push(new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: block.rows.map((row) => new TableRow({
          children: row.slice(1).every((text) => !text)
            ? [cell(row[0] ?? '', columns)]
            : [...row, ...Array<string>(columns - row.length).fill('')].map((text) => cell(text)),
        })),
      }));
    }
  }
  const document = new Document({
    numbering: {
      config: [
        { reference: 'bullets', levels: [0, 1, 2].map((level) => ({ level, format: LevelFormat.BULLET, text: ['•', '◦', '▪'][level]!, alignment: AlignmentType.LEFT })) },
        // The first level numbers as the source does: "a)", "(2)", "(iv)"; deeper levels go on a) → i) → 1).
        ...listNumberings.map(({ reference, start, style }) => ({
          reference,
          levels: [0, 1, 2].map((level) => ({
            level,
            start: level === 0 ? start : 1,
            format: level === 0 ? { a: LevelFormat.LOWER_LETTER, i: LevelFormat.LOWER_ROMAN, '1': LevelFormat.DECIMAL }[style] : [LevelFormat.LOWER_ROMAN, LevelFormat.DECIMAL][level - 1]!,
            text: level === 0 && style !== 'a' ? '(%1)' : `%${level + 1})`,
            alignment: AlignmentType.LEFT,
          })),
        })),
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

/**
 * A DOCX or a plain text file printed to PDF by LibreOffice Writer, headless, with a throw-away profile
 * so that a running office or an old profile cannot change the output.
 */
async function libreOfficePdf(content: Buffer | string, name: string, extension: 'docx' | 'txt'): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'kizuna-soffice-'));
  try {
    const input = join(dir, `${name}.${extension}`);
    await writeFile(input, content);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], { stdio: 'ignore' });
    return await readFile(join(dir, `${basename(name)}.pdf`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// --- Hostile files ------------------------------------------------------------------------------

/** A classic PDF from object bodies: header, numbered objects, cross-reference table, trailer. */
function minimalPdf(objects: string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const stream = (content: string, extra = ''): string => `<< /Length ${Buffer.byteLength(content, 'latin1')} ${extra}>>\nstream\n${content}\nendstream`;
const hex = (length: number, seed: number): string => Array.from({ length }, (_, i) => ((seed * 31 + i * 17) % 256).toString(16).padStart(2, '0')).join('');

/** Text behind the standard security handler with a user password: PDF.js asks for it. */
function encryptedPdf(): Buffer {
  return minimalPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      stream('\x8a\x13\xf0\x55\x21\x9c\x04\x7e\x33\xd1\x0b\x6f'),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex(32, 7)}> /U <${hex(32, 11)}> >>`,
    ],
    `/Encrypt 6 0 R /ID [<${hex(16, 3)}> <${hex(16, 3)}>] `,
  );
}

/** One page holding only an image: what a scan without OCR looks like. */
function scannedPdf(): Buffer {
  const pixels = '\x00\xff\xff\x00';
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>',
    stream('q 400 0 0 560 97 141 cm /Im1 Do Q'),
    stream(pixels, '/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 '),
  ]);
}

/** Two pages: typed text in a standard (non-embedded) font, then a scanned page with no text. */
function partlyScannedPdf(): Buffer {
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    stream('BT /F1 12 Tf 72 760 Td (The Parties will hold an annual dialogue.) Tj ET'),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R /Resources << /XObject << /Im1 8 0 R >> >> >>',
    stream('q 400 0 0 560 97 141 cm /Im1 Do Q'),
    stream('\x00\xff\xff\x00', '/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 '),
  ]);
}

/**
 * Japanese lines set in 14 pt, `lineStep` points apart, in a non-embedded CID font with a predefined CMap
 * (UniJIS-UCS2-H), the way many government PDFs carry Japanese: PDF.js reads them only with its bundled CMap files.
 */
function japanesePdf(lines: string[], lineStep: number): Buffer {
  const ucs2 = (text: string): string => Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
  const content = lines.map((line, index) => `BT /F1 14 Tf 72 ${760 - index * lineStep} Td <${ucs2(line)}> Tj ET`).join('\n');
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    stream(content),
    '<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPr6N-Regular /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPr6N-Regular /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor 7 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /KozMinPr6N-Regular /Flags 6 /FontBBox [-437 -340 1147 1317] /ItalicAngle 0 /Ascent 1317 /Descent -349 /CapHeight 742 /StemV 80 >>',
  ]);
}

/** A title and a sentence in the CID font: the bundled CMaps at work. */
function japaneseCmapPdf(): Buffer {
  return japanesePdf(['日本国とデンマーク王国の共同戦略作業計画', '両国は再生可能エネルギー分野での協力を強化する。'], 24);
}

/**
 * A Japanese plan as a word processor sets it: items wrapped at the text's width, mid-sentence, with no space to
 * mark the wrap, and ideographs written with the Kangxi radicals' code points (⽇ U+2F47 for 日, ⼒ U+2F12 for 力),
 * as CJK fonts map them in many PDFs. 24 characters a line.
 */
function japaneseWrappedPdf(): Buffer {
  const paragraphs = [
    '⽇本国とデンマーク王国の共同作業計画',
    '1、両国は、再⽣可能エネルギー分野での協⼒を強化し、洋上風⼒に関する専門家の交流を毎年実施する。',
    '2、両国の関係省庁は、水素及びアンモニアの供給網に関する政策対話を開催し、その成果を共同委員会に報告する。',
  ];
  return japanesePdf(paragraphs.flatMap((paragraph) => Array.from({ length: Math.ceil(paragraph.length / 24) }, (_, i) => paragraph.slice(i * 24, i * 24 + 24))), 22);
}

/**
 * A list whose bullets are glyphs of symbol fonts, as older producers and Word set them: ZapfDingbats "l" (●) and
 * "n" (■), which PDF.js reads as those letters, and Symbol's bullet, which it maps to "•".
 */
function symbolBulletsPdf(): Buffer {
  const bullet = (font: string, glyph: string, y: number, text: string): string =>
    `BT /${font} 10 Tf 90 ${y} Td (${glyph}) Tj ET BT /F1 12 Tf 108 ${y} Td (${text}) Tj ET`;
  const content = [
    'BT /F1 12 Tf 72 760 Td (The two sides intend to cooperate by:) Tj ET',
    bullet('F3', 'l', 736, 'Holding an annual dialogue on energy policy;'),
    bullet('F3', 'n', 718, 'Exchanging views on domestic planning; and'),
    bullet('F2', '\\267', 700, 'Advancing the decarbonization of transport.'),
  ].join('\n');
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >> >>',
    stream(content),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>',
  ]);
}

/**
 * Headings told by their type alone, as word processors print them: a title in large bold type wrapped over two
 * lines, unnumbered bold headings, a paragraph opening with a bold label ("Offshore wind:") and a bold word inside a
 * sentence, which is emphasis, not a heading.
 */
function typeHeadingsPdf(): Buffer {
  const text = (font: string, size: number, x: number, y: number, words: string): string => `BT /${font} ${size} Tf ${x} ${y} Td (${words}) Tj ET`;
  const content = [
    text('F2', 16, 72, 770, 'Joint Work Programme on Energy and Innovation between'),
    text('F2', 16, 72, 750, 'the Two Ministries'),
    text('F1', 11, 72, 720, 'The two sides decided on the following programme of cooperation for the years from'),
    text('F1', 11, 72, 706, '2026 to 2030, to be reviewed every year by the joint committee.'),
    text('F2', 12, 72, 676, 'Clean Energy'),
    text('F1', 11, 72, 654, 'The ministries will hold an annual dialogue on hydrogen and ammonia supply chains'),
    text('F1', 11, 72, 640, 'and report on its progress to the joint committee.'),
    text('F2', 11, 72, 618, 'Offshore wind:'),
    text('F1', 11, 153, 618, 'The agencies will exchange experts every year on the planning of'),
    text('F1', 11, 72, 604, 'ports and grid connections for offshore wind farms.'),
    text('F2', 12, 72, 574, 'Digital Innovation'),
    text('F1', 11, 72, 552, 'The partners'),
    text('F2', 11, 140, 552, 'will'),
    text('F1', 11, 165, 552, 'review the progress of the joint research calls annually.'),
  ].join('\n');
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>',
    stream(content),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
  ]);
}

/**
 * Headings told by their face alone, as Japanese ministries set them: Gothic (KozGoPr6N) over Mincho (KozMinPr6N) body
 * text, the same size, not bold, line after line with no gap before or after them; a sentence set in Gothic for emphasis,
 * which is no heading. Then an English page: Helvetica headings over Times text. The fonts are not embedded (PDF.js
 * reads the text through its bundled CMap and standard font metrics), so the file stays small and needs no font.
 */
function faceHeadingsPdf(): Buffer {
  const ucs2 = (text: string): string => Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
  const japanese: [string, string][] = [
    ['F2', '経済協力'],
    ['F1', '両国は、再生可能エネルギー分野での協力を強化し、'],
    ['F1', '洋上風力に関する専門家の交流を毎年実施する。'],
    ['F2', '両国は、水素の供給網について意見交換を行った。'],
    ['F2', '人的交流'],
    ['F1', '両国は、青少年交流を拡大し、大学間の共同研究を毎'],
    ['F1', '年支援する。'],
  ];
  const page1 = japanese.map(([font, line], index) => `BT /${font} 12 Tf 72 ${760 - index * 18} Td <${ucs2(line)}> Tj ET`).join('\n');
  const english: [string, string][] = [
    ['F4', 'Clean Energy'],
    ['F3', 'The ministries will hold an annual dialogue on hydrogen and ammonia supply chains and'],
    ['F3', 'report on its progress to the joint committee.'],
    ['F4', 'Digital Innovation'],
    ['F3', 'The partners will review the progress of the joint research calls every year.'],
  ];
  const page2 = english.map(([font, line], index) => `BT /${font} 11 Tf 72 ${760 - index * 14} Td (${line}) Tj ET`).join('\n');
  const cidFont = (name: string, descriptor: number): string[] => [
    `<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /UniJIS-UCS2-H /DescendantFonts [${descriptor - 1} 0 R] >>`,
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor ${descriptor} 0 R /DW 1000 >>`,
    `<< /Type /FontDescriptor /FontName /${name} /Flags 6 /FontBBox [-437 -340 1147 1317] /ItalicAngle 0 /Ascent 1317 /Descent -349 /CapHeight 742 /StemV 80 >>`,
  ];
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 7 0 R /F2 10 0 R >> >> >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Resources << /Font << /F3 13 0 R /F4 14 0 R >> >> >>',
    stream(page1),
    stream(page2),
    ...cidFont('KozMinPr6N-Regular', 9),
    ...cidFont('KozGoPr6N-Regular', 12),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ]);
}

/** Deterministic bytes that are not text in any encoding (NULs, high bytes, controls). */
function garbage(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

// --- Main ---------------------------------------------------------------------------------------

const seed = async (name: string): Promise<string> => readFile(join(seeds, name), 'utf8');
await mkdir(formats, { recursive: true });
await mkdir(join(hostile, 'directory.md'), { recursive: true });

const denmark = 'jp-dk-joint-strategic-work-program-2023-2028.txt';
const poland = 'jp-pl-action-plan-2025-2029.md';
const italy = 'jp-it-action-plan-2024-2027.md';

const stem = (name: string): string => name.replace(/\.(md|txt)$/, '');
const polandPdfPath = join(formats, `${stem(poland)}.pdf`);
if (producers.has('chromium')) {
  const denmarkPdf = await printPdf(printPage('Japan-Denmark Joint Strategic Work Program', seedBlocks(await seed(denmark))), 'Japan–Kingdom of Denmark Joint Strategic Work Program (2023–2028)');
  await writeFile(join(formats, `${stem(denmark)}.pdf`), denmarkPdf);
  const polandPdf = await printPdf(printPage('Japan-Poland Action Plan', seedBlocks(await seed(poland))), 'Action Plan for the Implementation of the Strategic Partnership between Japan and Poland');
  await writeFile(polandPdfPath, polandPdf);
}
if (producers.has('libreoffice')) {
  for (const name of (await readdir(seeds)).filter((file) => /\.(md|txt)$/.test(file)).sort()) {
    await writeFile(join(formats, `${stem(name)}.libreoffice.pdf`), await libreOfficePdf(await docxOf(seedBlocks(await seed(name))), stem(name), 'docx'));
    // A text seed opened and printed as it is: TAB-separated rows wrap over the full width, no table.
    if (name.endsWith('.txt')) await writeFile(join(formats, `${stem(name)}.libreoffice-text.pdf`), await libreOfficePdf(await seed(name), stem(name), 'txt'));
  }
}
await writeFile(join(formats, `${stem(italy)}.docx`), await docxOf(seedBlocks(await seed(italy))));
await writeFile(join(formats, 'japanese-predefined-cmap.pdf'), japaneseCmapPdf());
await writeFile(join(formats, 'partly-scanned.pdf'), partlyScannedPdf());
await writeFile(join(formats, 'symbol-font-bullets.pdf'), symbolBulletsPdf());
await writeFile(join(formats, 'type-headings.pdf'), typeHeadingsPdf());
await writeFile(join(formats, 'japanese-wrapped.pdf'), japaneseWrappedPdf());
await writeFile(join(formats, 'face-headings.pdf'), faceHeadingsPdf());
await writeFile(join(formats, `${stem(poland)}.html`), webPage('Japan-Poland Action Plan', seedBlocks(await seed(poland))));
// The truncated PDF is cut from the committed Chromium rendering (printed above, or from an earlier run).
const polandPdf = await readFile(polandPdfPath);

const hostileFiles: Record<string, Buffer | string> = {
  'empty.txt': Buffer.alloc(0),
  'whitespace-only.md': ' \n\t\n   \n',
  'garbage.txt': garbage(2048),
  'latin1.txt': Buffer.from('Joint Statement\n\nLes deux parties renforceront la coopération culturelle.\n', 'latin1'),
  'utf16-without-bom.txt': Buffer.from('Japan and Denmark will strengthen cooperation.\n', 'utf16le'),
  'image-named.txt': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), garbage(64)]),
  'unknown.xyz': 'Japan and Denmark will strengthen cooperation.\n',
  'truncated.pdf': polandPdf.subarray(0, Math.floor(polandPdf.length * 0.4)),
  'garbage.pdf': Buffer.concat([Buffer.from('%PDF-1.7\n'), garbage(1024), Buffer.from('\n%%EOF\n')]),
  'encrypted.pdf': encryptedPdf(),
  'scanned.pdf': scannedPdf(),
  'bomb.docx': zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'word/document.xml', data: Buffer.alloc(4096), declaredSize: 0xfffffff0 },
  ]),
  'lying-bomb.docx': zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'word/document.xml', data: Buffer.alloc(8 * 1024 * 1024), declaredSize: 1024 },
  ]),
  'corrupt.docx': Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), garbage(512)]),
  'not-a-document.zip': zip([{ name: 'notes.txt', data: Buffer.from('hello') }]),
};
for (const [name, content] of Object.entries(hostileFiles)) await writeFile(join(hostile, name), content);
await writeFile(join(hostile, 'directory.md', '.gitkeep'), '');
console.log(`wrote ${formats}/ and ${hostile}/`);
