// Each format fixture (renderings of the seeds made by scripts/make-fixtures.ts) ingests to text
// in which the seed's prose survives intact, without page furniture, with tables and maps intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestFile, toOriginalOffset } from '../../src/ingest/index.js';
import { extractDocument } from '../../src/pipeline.js';
import { loadJapaneseAnalyzer } from '../../src/ja/analyzer.js';
import type { IngestedDocument } from '../../src/types.js';
import { seedsDir } from '../helpers/paths.js';

const formats = 'test/fixtures/formats';

/** Whitespace folded, emphasis asterisks and typographic hyphen variants evened out. */
const fold = (text: string): string => text.replace(/\*/g, '').replace(/\u2010/g, '-').replace(/\s+/g, ' ').trim();

/**
 * The seed's prose: lines without TABs, at least 60 characters, list markers and heading hashes
 * stripped ("- a) maintain …" → "maintain …").
 */
function proseLines(seed: string): string[] {
  return seed
    .split('\n')
    .filter((line) => !line.includes('\t'))
    // Example markers: "- ", "  - ➤ ", "- (1) ", "- a) ", "#### ".
    .map((line) => line.replace(/^\s*(?:#+\s+|(?:[-•➤]\s+)+(?:\(?(?:[a-z]|[ivx]+|\d+)\)\s+)?)/, ''))
    .map(fold)
    .filter((line) => line.length >= 60);
}

async function ingestOk(name: string): Promise<IngestedDocument> {
  const result = await ingestFile(join(formats, name));
  assert.deepEqual(result.messages, []);
  assert.ok(result.document);
  return result.document;
}

/** Every non-blank character of the normalized text comes from the same character of `original`. */
function assertOffsetsPointHome(document: IngestedDocument): void {
  const { text, original, offsets } = document;
  let checked = 0;
  for (let n = 0; n < text.length; n++) {
    if (/\s/.test(text[n] as string)) continue;
    const at = toOriginalOffset(offsets, n);
    assert.equal(original[at], text[n], `normalized ${n} (${JSON.stringify(text.slice(n, n + 20))}) maps to original ${at}`);
    checked++;
  }
  assert.ok(checked > text.length / 2);
  // Runs are sorted and inside both texts.
  for (let i = 1; i < offsets.normalized.length; i++) {
    assert.ok((offsets.normalized[i] as number) > (offsets.normalized[i - 1] as number));
    assert.ok((offsets.original[i] as number) >= (offsets.original[i - 1] as number));
  }
}

const cases = [
  { fixture: 'jp-pl-action-plan-2025-2029.pdf', seed: 'jp-pl-action-plan-2025-2029.md' },
  { fixture: 'jp-dk-joint-strategic-work-program-2023-2028.pdf', seed: 'jp-dk-joint-strategic-work-program-2023-2028.txt' },
  { fixture: 'jp-it-action-plan-2024-2027.docx', seed: 'jp-it-action-plan-2024-2027.md' },
  { fixture: 'jp-pl-action-plan-2025-2029.html', seed: 'jp-pl-action-plan-2025-2029.md' },
  { fixture: 'jp-de-ict-joint-working-plan.libreoffice.pdf', seed: 'jp-de-ict-joint-working-plan.txt' },
  { fixture: 'jp-pl-action-plan-2025-2029.libreoffice.pdf', seed: 'jp-pl-action-plan-2025-2029.md' },
];

for (const { fixture, seed } of cases) {
  test(`${fixture}: the seed's prose appears verbatim after whitespace folding`, async () => {
    const document = await ingestOk(fixture);
    const text = fold(document.text);
    const lines = proseLines(await readFile(join(seedsDir, seed), 'utf8'));
    const missing = lines.filter((line) => !text.includes(line));
    assert.ok(lines.length >= 10, `${lines.length} prose lines`);
    // Lines with TABs (table rows) are left out above: the PDF wraps cells in narrow columns.
    assert.deepEqual(missing, []);
  });

  test(`${fixture}: every mapped character points at itself in the original`, async () => {
    assertOffsetsPointHome(await ingestOk(fixture));
  });
}

test('PDF: running headers and page numbers are gone, paragraphs and hyphenation restored', async () => {
  const document = await ingestOk('jp-pl-action-plan-2025-2029.pdf');
  const pages = document.original.split('\f').length;
  assert.ok(pages >= 4, `${pages} pages`);
  // The running header was on every page of the original and page numbers at every foot.
  assert.equal(document.original.split('Action Plan for the Implementation of the Strategic Partnership between Japan and Poland').length - 1, pages);
  assert.doesNotMatch(document.text, /Strategic Partnership between Japan and Poland\n/);
  assert.doesNotMatch(document.text, /^- \d+ -$/m);
  assert.match(document.original, /^- 3 -\f/m);
  // Words Chromium broke at a soft hyphen are whole again; real compounds keep their hyphen.
  assert.match(document.original, /diplo\u2010\nmatic/);
  assert.match(document.text, /establishment of diplomatic relations/);
  assert.doesNotMatch(document.text, /[a-z]\u2010\n[a-z]/);
  assert.match(document.text, /Japan-EU Security and Defense Partnership/);
  // Paragraphs are separated by a blank line.
  assert.match(document.text, /in 2024;\n\nRECALLING the intensification/);
});

test('PDF: flattened table rows keep their cells apart with TABs', async () => {
  const document = await ingestOk('jp-dk-joint-strategic-work-program-2023-2028.pdf');
  assert.match(document.text, /^Objectives\tAction$/m);
  assert.match(document.text, /^Strengthen the cooperation\tEnhance exchange of views$/m);
  // A line holding only the second column starts with a TAB.
  assert.match(document.text, /^\tdialogue including through$/m);
  // Justified prose with wide word gaps is not mistaken for a table.
  assert.match(document.text, /This follows the aspirations of the Japan-EU Strategic/);
});

test('PDF without paragraph spacing (LibreOffice): a line its writer ended starts a new paragraph', async () => {
  const document = await ingestOk('jp-de-ict-joint-working-plan.libreoffice.pdf');
  // A heading set line after line between paragraphs, with no gap above or below it.
  assert.match(document.text, /framework of Japan-Germany ICT\nPolicy Dialogue:\n\nResilient Communication Infrastructure\n\nThe ministries confirm/);
  // Lines the typesetter broke stay one paragraph.
  assert.match(document.text, /importance of resilient communication infrastructure as the\nbasis of socioeconomics/);
  // Bullets follow each other without blank lines, as in the source.
  assert.match(document.text, /sectors\.\n•\tThe ministries will cooperate to establish/);
  const poland = await ingestOk('jp-pl-action-plan-2025-2029.libreoffice.pdf');
  // A list marker's gap is not a table column: the items keep one TAB after their marker.
  assert.match(poland.text, /^a\)\tmaintain regular high-level contacts between the two countries;$/m);
});

test('PDF of a text file printed as is (LibreOffice): a TAB-separated line wrapped over the width is one line again', async () => {
  const document = await ingestOk('jp-dk-joint-strategic-work-program-2023-2028.libreoffice-text.pdf');
  // The second cell wrapped under the first at the margin; the first cell wrapped before its TAB.
  assert.match(document.text, /^Strengthen political cooperation\.\tExplore possibilities to hold high-level exchanges and dialogue including through meetings in the margins of international and regional fora\. Explore/m);
  assert.match(document.text, /^Strengthen the cooperation on Arctic and North Atlantic Affairs between Denmark, Greenland, Faroe Islands \(Kingdom of Denmark\) and Japan\.\tEnhance exchange of views/m);
  // Prose paragraphs stay lines of their paragraph.
  assert.doesNotMatch(document.text, /\t[^\n]*\n\t/);
});

test('DOCX: headings, numbered and bulleted lists survive as text structure', async () => {
  const document = await ingestOk('jp-it-action-plan-2024-2027.docx');
  assert.match(document.text, /^# Japan-Italy Action Plan \(2024-2027\)$/m);
  assert.match(document.text, /^#{1,3} 2 Defense and Security$/m);
  assert.match(document.text, /^1\. Politico-Military \(PM\) Dialogue and Military-to-Military \(MM\) Dialogue\n {2}- Establish a timeframe/m);
  assert.match(document.text, /^- Explore ways to contribute to sustainable development/m);
});

test('HTML: navigation, cookie banner, breadcrumbs, share bar, sidebar and footer are dropped', async () => {
  const document = await ingestOk('jp-pl-action-plan-2025-2029.html');
  for (const noise of ['We use cookies', 'Skip to main', 'Press Releases', 'Foreign Policy', 'Share this page', 'Related links', 'Copyright', 'Sitemap']) {
    assert.ok(!document.text.includes(noise), noise);
  }
  assert.match(document.text, /^# 1\. Political and Security Cooperation$/m);
  assert.match(document.text, /^a\) maintain regular high-level contacts between the two countries;$/m);
  assert.match(document.text, /^ {2}- political consultations at the deputy foreign minister level once in two years; and$/m);
  assert.match(document.text, /^\*\*Action Plan for the Implementation/);
});

test('PDF: Japanese text in a non-embedded CID font is read through the bundled CMaps', async () => {
  const document = await ingestOk('japanese-predefined-cmap.pdf');
  assert.equal(document.text, '日本国とデンマーク王国の共同戦略作業計画\n両国は再生可能エネルギー分野での協力を強化する。');
});

test('PDF: Japanese lines wrapped mid-sentence are one line again, and Kangxi radicals are read as ideographs', async () => {
  const document = await ingestOk('japanese-wrapped.pdf');
  assert.equal(document.text, [
    '日本国とデンマーク王国の共同作業計画',
    '1、両国は、再生可能エネルギー分野での協力を強化し、洋上風力に関する専門家の交流を毎年実施する。',
    '2、両国の関係省庁は、水素及びアンモニアの供給網に関する政策対話を開催し、その成果を共同委員会に報告する。',
  ].join('\n'));
  await loadJapaneseAnalyzer();
  const extraction = extractDocument(document);
  assert.deepEqual(extraction.commitments.map((c) => c.text), [
    '両国は、再生可能エネルギー分野での協力を強化し、洋上風力に関する専門家の交流を毎年実施する。',
    '両国の関係省庁は、水素及びアンモニアの供給網に関する政策対話を開催し、その成果を共同委員会に報告する。',
  ]);
  assert.deepEqual(extraction.metadata.parties, ['DK', 'JP']);
});

test('PDF: list bullets Chromium draws as shapes (HTML discs) are read as bullets', async () => {
  const document = await ingestOk('jp-dk-joint-strategic-work-program-2023-2028.pdf');
  // The seed's dashed items under the multilateral row, printed as an HTML list: discs, no text.
  assert.match(document.text, /^• Strengthen cooperation to expedite UN reform, in support$/m);
  assert.match(document.text, /^• Strengthen cooperation and dialogue aimed at early reform$/m);
  assert.match(document.text, /^• Promote UN-reform, especially the UNSC reform and the$/m);
  // Lines that are not list items get no bullet: the page's table cells and its prose.
  assert.match(document.text, /^Objectives\tAction$/m);
  assert.doesNotMatch(document.text, /^• (?:Objectives|This follows)/m);
});

test('PDF: bullets set in symbol fonts (ZapfDingbats letters, Symbol) are read as bullets, and the items as list items', async () => {
  const document = await ingestOk('symbol-font-bullets.pdf');
  assert.deepEqual(document.text.split('\n').filter((line) => line.startsWith('•')), [
    '• Holding an annual dialogue on energy policy;',
    '• Exchanging views on domestic planning; and',
    '• Advancing the decarbonization of transport.',
  ]);
  const { commitments } = extractDocument(document);
  assert.deepEqual(commitments.map((c) => [c.text, c.parentId]), [
    ['The two sides intend to cooperate by:', null],
    ['Holding an annual dialogue on energy policy;', 'root/c1'],
    ['Exchanging views on domestic planning; and', 'root/c1'],
    ['Advancing the decarbonization of transport.', 'root/c1'],
  ]);
});

test('PDF: headings told by bold or larger type are marked, wrapped ones joined; bold labels and emphasis told apart', async () => {
  const document = await ingestOk('type-headings.pdf');
  const paragraphs = document.text.split('\n\n');
  // The title in 16 pt bold, over two lines: one heading.
  assert.equal(paragraphs[0], '**Joint Work Programme on Energy and Innovation between the Two Ministries**');
  assert.ok(paragraphs.includes('**Clean Energy**'));
  assert.ok(paragraphs.includes('**Digital Innovation**'));
  // A bold label opening a paragraph is marked up to its end; a bold word inside a sentence is not.
  assert.match(document.text, /^\*\*Offshore wind:\*\* The agencies will exchange experts/m);
  assert.match(document.text, /^The partners will review the progress/m);
  const extraction = extractDocument(document);
  assert.equal(extraction.metadata.title, 'Joint Work Programme on Energy and Innovation between the Two Ministries');
  assert.deepEqual(extraction.sections.map((s) => s.title), ['Clean Energy', 'Offshore wind', 'Digital Innovation']);
  const dialogue = extraction.commitments.find((c) => c.text.startsWith('The ministries will hold an annual dialogue'));
  assert.equal(extraction.sections.find((s) => s.id === dialogue?.sectionId)?.title, 'Clean Energy');
});

test('PDF: a line set in the other face (Gothic over Mincho, Helvetica over Times), same size, not bold, is a heading', async () => {
  const document = await ingestOk('face-headings.pdf');
  // Japanese: the Gothic headings stand apart, unmarked (the tree reads Japanese headings by shape); the Gothic sentence
  // ending in 。 is emphasis, not a heading; the wrapped Mincho lines are joined. English: marked as bold headings are.
  assert.deepEqual(document.text.split('\n\n'), [
    '経済協力',
    '両国は、再生可能エネルギー分野での協力を強化し、洋上風力に関する専門家の交流を毎年実施する。\n両国は、水素の供給網について意見交換を行った。',
    '人的交流',
    '両国は、青少年交流を拡大し、大学間の共同研究を毎年支援する。',
    '**Clean Energy**',
    'The ministries will hold an annual dialogue on hydrogen and ammonia supply chains and\nreport on its progress to the joint committee.',
    '**Digital Innovation**',
    'The partners will review the progress of the joint research calls every year.',
  ]);
  await loadJapaneseAnalyzer();
  const extraction = extractDocument(document);
  const exchange = extraction.commitments.find((c) => c.text.startsWith('両国は、青少年交流を拡大し'));
  assert.equal(extraction.sections.find((s) => s.id === exchange?.sectionId)?.title, '人的交流');
});

test('PDF: a scanned page among typed ones is a warning, and the typed text is kept', async () => {
  const result = await ingestFile(join(formats, 'partly-scanned.pdf'));
  assert.equal(result.document?.text, 'The Parties will hold an annual dialogue.\n');
  assert.deepEqual(
    result.messages.map(({ rule, reason, fatal }) => ({ rule, reason, fatal })),
    [{ rule: 'ingest/pdf-page-no-text', reason: 'page 2 of 2 has no text layer (scanned image?); its text is missing', fatal: false }],
  );
});
