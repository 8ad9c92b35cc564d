// The annual review as a Word document. Kept apart from review.ts because the docx library is heavy and
// only `kizuna review --format docx` (and its HTTP twin) needs it: ops import this module lazily. It writes the
// same laid-out review as the HTML and Markdown (layoutReview), so the three say the same in either language.
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { layoutReview, type Lang, type ReviewBlock, type ReviewModel } from './review.js';

const cell = (text: string, options: { bold?: boolean; right?: boolean } = {}) =>
  new TableCell({ children: [new Paragraph({ ...(options.right ? { alignment: AlignmentType.RIGHT } : {}), children: [new TextRun({ text, bold: options.bold ?? false })] })] });

function blockContent(b: ReviewBlock): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [new Paragraph({ text: b.heading, heading: b.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3 })];
  if (b.paragraph) out.push(new Paragraph(b.paragraph));
  if (b.table) {
    const { head, rows, numeric } = b.table;
    out.push(
      rows.length
        ? new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: head.map((h) => cell(h, { bold: true })) }),
              ...rows.map((r) => new TableRow({ children: r.map((text, i) => cell(text, { right: numeric[i] ?? false })) })),
            ],
          })
        : new Paragraph(b.empty ?? ''),
    );
  }
  if (b.items) out.push(...(b.items.length ? b.items.map((text) => new Paragraph({ text, bullet: { level: 0 } })) : [new Paragraph(b.empty ?? '')]));
  return out;
}

/** The review as a Word document in `lang` (bytes of a .docx). */
export async function reviewToDocx(review: ReviewModel, lang: Lang = 'en'): Promise<Uint8Array> {
  const doc = layoutReview(review, lang);
  const document = new Document({
    creator: 'Kizuna',
    title: doc.title,
    // Japanese text needs an East Asian font and proofing language, or Word falls back to a Western one.
    styles: { default: { document: { run: { font: { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'Yu Gothic' }, language: { value: lang === 'ja' ? 'ja-JP' : 'en-GB', eastAsia: 'ja-JP' } } } } },
    sections: [{ children: [new Paragraph({ text: doc.title, heading: HeadingLevel.HEADING_1 }), new Paragraph(doc.intro), ...doc.blocks.flatMap(blockContent)] }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
