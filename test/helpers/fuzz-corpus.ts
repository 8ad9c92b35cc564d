// The fuzz corpus: the hostile fixtures, hand-made attacks on each reader (numbering, nesting, sizes,
// DOCX expansion) and mutations of real documents drawn with a fixed PRNG seed, so a run is repeatable.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { readZipEntries } from '../../src/ingest/zip.js';
import type { PipelineResult } from '../../src/pipeline.js';
import type { JobOutcome, SandboxPool } from '../../src/sandbox/index.js';
import { zip } from './zip.js';
import { fixtures, repoRoot } from './paths.js';

export interface FuzzInput {
  name: string;
  bytes: Uint8Array;
}

/** mulberry32: a small PRNG with a 32-bit state; the same seed gives the same corpus everywhere. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const text = (s: string) => new TextEncoder().encode(s);
const html = (body: string) => text(`<!doctype html><html><head><meta charset="utf-8"><title>Plan</title></head><body><main>${body}</main></body></html>`);
const item = 'Japan and Denmark will hold annual consultations on energy.';

/** A DOCX around a `<w:body>` fragment (paragraphs, tables), built as Word would lay it out. */
function docx(body: string, extraParts: { name: string; data: Buffer }[] = []): Uint8Array {
  const ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  return zip([
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
    },
    { name: 'word/document.xml', data: Buffer.from(`<?xml version="1.0"?><w:document ${ns}><w:body>${body}</w:body></w:document>`) },
    ...extraParts,
  ]);
}
const para = (s: string) => `<w:p><w:r><w:t>${s}</w:t></w:r></w:p>`;

/** Attacks written by hand: each names the weakness it probes. */
function attacks(): FuzzInput[] {
  const inputs: FuzzInput[] = [];
  // Numbering: a list whose start is huge, negative, fractional or exponential, in every style.
  for (const type of ['1', 'i', 'I', 'a', 'A']) {
    for (const start of ['3e10', '30000000000', '-5', '0', '4000', '1e308', '99999999999999999999', '2.5', 'NaN']) {
      inputs.push({ name: `start-${type}-${start}.html`, bytes: html(`<ol type="${type}" start="${start}"><li>${item}</li><li value="${start}">${item}</li></ol>`) });
    }
  }
  // Nesting: lists, sections and tables nested far deeper than any plan.
  for (const depth of [64, 1000, 5000, 20000]) {
    inputs.push({ name: `nested-ul-${depth}.html`, bytes: html(`${'<ul><li>'.repeat(depth)}${item}${'</li></ul>'.repeat(depth)}`) });
    inputs.push({ name: `nested-ol-unclosed-${depth}.html`, bytes: html(`${'<ol type="i"><li>x '.repeat(depth)}${item}`) });
    inputs.push({ name: `nested-div-${depth}.html`, bytes: html(`${'<div><section>'.repeat(depth)}<p>${item}</p>`) });
    inputs.push({ name: `nested-table-${depth}.html`, bytes: html(`${'<table><tr><td>'.repeat(Math.min(depth, 5000))}${item}`) });
    inputs.push({ name: `nested-md-${depth}.md`, bytes: text(Array.from({ length: Math.min(depth, 5000) }, (_, i) => `${'  '.repeat(i)}- ${item}`).join('\n')) });
    inputs.push({ name: `nested-numbers-${depth}.txt`, bytes: text(Array.from({ length: Math.min(depth, 5000) }, (_, i) => `${Array.from({ length: i + 1 }, () => '1').join('.')} ${item}`).join('\n')) });
    inputs.push({ name: `nested-docx-table-${depth}.docx`, bytes: docx(`${'<w:tbl><w:tr><w:tc>'.repeat(Math.min(depth, 5000))}${para(item)}${'</w:tc></w:tr></w:tbl>'.repeat(Math.min(depth, 5000))}`) });
  }
  // Sizes: one enormous line, many short lines, many list items, many table cells, many headings.
  inputs.push({ name: 'one-line-4mb.txt', bytes: text('Japan '.repeat(700_000)) });
  inputs.push({ name: 'no-spaces-4mb.txt', bytes: text('x'.repeat(4_000_000)) });
  inputs.push({ name: 'lines-200k.txt', bytes: text(`${item}\n`.repeat(200_000)) });
  inputs.push({ name: 'items-100k.md', bytes: text(`- ${item}\n`.repeat(100_000)) });
  inputs.push({ name: 'cells-100k.txt', bytes: text(`${'cell\t'.repeat(100_000)}\n`) });
  inputs.push({ name: 'pipes-50k.md', bytes: text(`|${' a |'.repeat(2000)}\n`.repeat(25)) });
  inputs.push({ name: 'headings-50k.md', bytes: text(`## 1. ${item}\n\n`.repeat(50_000)) });
  inputs.push({ name: 'markers-only.txt', bytes: text('- - - - - - - - - - - - (1) (a) i) 1. • ➤ '.repeat(20_000)) });
  inputs.push({ name: 'parens-deep.txt', bytes: text(`${'('.repeat(100_000)}${item}${')'.repeat(100_000)}`) });
  inputs.push({ name: 'combining-marks.txt', bytes: text(`J${'\u0301'.repeat(200_000)} will cooperate.`) });
  inputs.push({ name: 'nul-bytes.txt', bytes: text(`${item}\u0000\u0000${item}`) });
  inputs.push({ name: 'html-comments.html', bytes: html('<!--'.repeat(100_000)) });
  inputs.push({ name: 'html-attributes.html', bytes: html(`<p ${'a=b '.repeat(200_000)}>${item}</p>`) });
  inputs.push({ name: 'html-entities.html', bytes: html(`<p>${'&amp;'.repeat(500_000)}</p>`) });
  // Partner languages: a German or Spanish text of nothing but capitalised names after a head reads each name's
  // modifiers and complement from every head; unbounded, that was quadratic (65 KB took 2.4 s).
  const german = 'Japan und Deutschland kamen darin überein, die Zusammenarbeit mit der und die das für zwischen sowie ';
  inputs.push({ name: 'de-names-1mb.txt', bytes: text(german + 'Deutsch-Japanisches Forum Dialog Konsultationen der Außenminister '.repeat(15_000)) });
  inputs.push({ name: 'es-names-1mb.txt', bytes: text(`España y Japón acordaron celebrar el de la los las del y que con para entre ${'Diálogo Estratégico Comité Foro Consultas de la Unión '.repeat(20_000)}`) });
  // One sentence of nothing but commitment cues: each cue is judged on the text before it (quadratic unbounded).
  inputs.push({ name: 'cues-one-sentence-1mb.txt', bytes: text(`${'The United States and Japan recognize that we will '.repeat(20_000)}.`) });
  inputs.push({ name: 'html-items-50k.html', bytes: html(`<ol type="I">${`<li>${item}</li>`.repeat(50_000)}</ol>`) });
  // DOCX expansion: a small archive whose document inflates to tens of megabytes of XML.
  for (const megabytes of [8, 40, 90]) {
    const paragraph = para(item);
    inputs.push({ name: `expanding-${megabytes}mb.docx`, bytes: docx(paragraph.repeat(Math.floor((megabytes * 1024 * 1024) / paragraph.length))) });
  }
  const run = `<w:r><w:t>${item}</w:t></w:r>`;
  inputs.push({ name: 'one-paragraph-30mb.docx', bytes: docx(`<w:p>${run.repeat(Math.floor((30 * 1024 * 1024) / run.length))}</w:p>`) });
  inputs.push({ name: 'numbering-bomb.docx', bytes: docx(para(item), [{ name: 'word/numbering.xml', data: Buffer.from(`<?xml version="1.0"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="2147483647"/><w:numFmt w:val="lowerRoman"/></w:lvl></w:abstractNum>'.repeat(50_000)}</w:numbering>`) }]) });
  return inputs;
}

/** The documents mutations start from: PDF, DOCX and HTML renderings, the demo plans, a few readouts. */
function bases(): FuzzInput[] {
  const inFolder = (folder: string, pattern: RegExp) =>
    readdirSync(folder)
      .filter((f) => pattern.test(f))
      .map((f) => join(folder, f));
  const files = [
    ...inFolder(join(fixtures, 'formats'), /./),
    ...inFolder(join(repoRoot, 'demo'), /^jp|^no/),
    ...inFolder(join(fixtures, 'readouts'), /^0[1-5]/),
  ].filter((path) => statSync(path).isFile());
  return files.sort().map((path) => ({ name: path.slice(path.lastIndexOf('/') + 1), bytes: new Uint8Array(readFileSync(path)) }));
}

const INSERTS = ['<ol type="i" start="30000000000"><li>', '<ul><li>'.repeat(500), '\u0000', '</li></ol>', '\t'.repeat(500), '\n- (1) a) i. '.repeat(200), '\uFFFD', '\r\r\r', '&#x0;', '<![CDATA['];

/** One mutation of `bytes`: flip bytes, cut, repeat a slice, insert a hostile piece, or splice another document. */
function mutate(bytes: Uint8Array, random: () => number, other: Uint8Array): Uint8Array {
  const at = (n: number) => Math.floor(random() * n);
  const out = Buffer.from(bytes);
  switch (at(5)) {
    case 0: {
      for (let n = 1 + at(20); n > 0; n--) out[at(out.length)] = at(256);
      return out;
    }
    case 1:
      return out.subarray(0, at(out.length));
    case 2: {
      const start = at(out.length);
      const slice = out.subarray(start, start + 1 + at(2000));
      return Buffer.concat([out.subarray(0, start), ...Array.from({ length: 2 + at(200) }, () => slice), out.subarray(start)]);
    }
    case 3: {
      const start = at(out.length);
      return Buffer.concat([out.subarray(0, start), Buffer.from(INSERTS[at(INSERTS.length)]!), out.subarray(start)]);
    }
    default:
      return Buffer.concat([out.subarray(0, at(out.length)), Buffer.from(other).subarray(at(other.length))]);
  }
}

/** Mutations of a DOCX's document.xml, re-zipped so they reach the XML reader instead of the ZIP guard. */
function mutateDocx(bytes: Uint8Array, random: () => number, other: Uint8Array): Uint8Array {
  const entries = readZipEntries(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = entries.map((entry) => {
    const start = entry.localHeaderOffset + 30 + view.getUint16(entry.localHeaderOffset + 26, true) + view.getUint16(entry.localHeaderOffset + 28, true);
    const raw = Buffer.from(bytes.subarray(start, start + entry.compressedSize));
    return { name: entry.name, data: entry.method === 8 ? inflateRawSync(raw) : raw };
  });
  return zip(parts.map((part) => (part.name === 'word/document.xml' ? { name: part.name, data: Buffer.from(mutate(part.data, random, other)) } : part)));
}

/**
 * The corpus: hostile fixtures, attacks, then `mutations` mutated documents from `seed`.
 * Example: `fuzzCorpus({ seed: 15, mutations: 60 })` gives the same inputs on every machine.
 */
export function fuzzCorpus({ seed, mutations }: { seed: number; mutations: number }): FuzzInput[] {
  const hostile = join(fixtures, 'hostile');
  const fromFixtures = readdirSync(hostile)
    .filter((f) => f !== 'expected.json' && statSync(join(hostile, f)).isFile())
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(hostile, f))) }));
  const random = prng(seed);
  const from = bases();
  const mutated: FuzzInput[] = [];
  for (let n = 0; n < mutations; n++) {
    const base = from[Math.floor(random() * from.length)]!;
    const other = from[Math.floor(random() * from.length)]!;
    const bytes = base.name.endsWith('.docx') ? mutateDocx(base.bytes, random, other.bytes) : mutate(base.bytes, random, other.bytes);
    mutated.push({ name: `mutant-${n}-${base.name}`, bytes });
  }
  return [...fromFixtures, ...attacks(), ...mutated];
}

export interface FuzzCounts {
  inputs: number;
  /** Read and extracted. */
  extracted: number;
  /** Refused with the pipeline's own one-line message. */
  cleanErrors: number;
  /** The pipeline threw instead of answering with a message. */
  escaped: string[];
  /** Killed at the job's time limit. */
  hangs: string[];
  /** Killed at the job's memory limit. */
  overMemory: string[];
  /** The worker died on its own. */
  crashed: string[];
  /** Took 10 s or more but finished. */
  slow: string[];
  peakBytes: number;
  peakInput: string;
  slowestMs: number;
  slowestInput: string;
}

/** Runs every input through `pool` (extraction jobs) and counts how each ended. */
export async function runFuzz(
  inputs: FuzzInput[],
  pool: SandboxPool,
  onResult: (input: FuzzInput, outcome: JobOutcome<PipelineResult>) => void = () => {},
): Promise<FuzzCounts> {
  const counts: FuzzCounts = { inputs: inputs.length, extracted: 0, cleanErrors: 0, escaped: [], hangs: [], overMemory: [], crashed: [], slow: [], peakBytes: 0, peakInput: '', slowestMs: 0, slowestInput: '' };
  await Promise.all(
    inputs.map(async (input) => {
      const outcome = await pool.run<PipelineResult>('extract', { name: input.name, bytes: input.bytes });
      onResult(input, outcome);
      if ((outcome.peakBytes ?? 0) > counts.peakBytes) [counts.peakBytes, counts.peakInput] = [outcome.peakBytes!, input.name];
      if (outcome.ms > counts.slowestMs) [counts.slowestMs, counts.slowestInput] = [outcome.ms, input.name];
      if (outcome.ms >= 10_000 && outcome.status === 'done') counts.slow.push(input.name);
      if (outcome.status === 'done') {
        if (outcome.result.extraction) counts.extracted++;
        else counts.cleanErrors++;
      } else if (outcome.status === 'escaped') counts.escaped.push(`${input.name}: ${outcome.detail}`);
      else if (outcome.status === 'timeout') counts.hangs.push(input.name);
      else if (outcome.status === 'memory') counts.overMemory.push(input.name);
      else counts.crashed.push(`${input.name}: ${outcome.detail}`);
    }),
  );
  return counts;
}
