// The annual review as a Word document. Kept apart from review.ts because the docx library is heavy and
// only `kizuna review --format docx` (and its HTTP twin) needs it: ops import this module lazily.
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { STATUSES, STATUS_LABELS } from './status.js';
import type { ReviewModel } from './review.js';

const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

/** The review as a Word document (bytes of a .docx). */
export async function reviewToDocx(review: ReviewModel): Promise<Uint8Array> {
  const rows = [{ label: 'All commitments', counts: review.overall, total: review.total }, ...review.byArea.map((a) => ({ label: a.area, counts: a.counts, total: a.total }))];
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
  const bullets = (items: string[], empty: string) =>
    items.length ? items.map((text) => new Paragraph({ text, bullet: { level: 0 } })) : [new Paragraph(empty)];
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: [cell('Area', true), ...STATUSES.map((s) => cell(STATUS_LABELS[s].en, true)), cell('Total', true)] }),
      ...rows.map((r) => new TableRow({ children: [cell(r.label), ...STATUSES.map((s) => cell(String(r.counts[s]))), cell(String(r.total))] })),
    ],
  });
  const document = new Document({
    creator: 'Kizuna',
    title: `Annual review: ${review.plan.title}`,
    sections: [
      {
        children: [
          new Paragraph({ text: `Annual review: ${review.plan.title}`, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ alignment: AlignmentType.LEFT, text: `Period under review: ${review.period.from} to ${review.period.to}. Parties: ${review.plan.parties.join(', ')}.` }),
          heading('Progress by area'),
          table,
          heading(`Meetings held (${review.meetingsHeld.length})`),
          ...bullets(review.meetingsHeld.map((m) => `${m.date}: ${m.mechanism}${m.place ? `, ${m.place}` : ''}${m.outcome ? `: ${m.outcome}` : ''}`), 'None recorded.'),
          heading(`Mechanisms that did not meet as promised (${review.mechanismsMissed.length})`),
          ...bullets(review.mechanismsMissed.map((m) => `${m.name} (${m.cadence}): last met ${m.lastMeeting ?? 'never'}, due by ${m.dueBy ?? '?'}`), 'None.'),
          heading(`Instruments signed (${review.newInstruments.length})`),
          ...bullets(review.newInstruments.map((i) => `${i.date}: ${i.title} (${i.kind})`), 'None.'),
          heading(`Progress updates (${review.updatesInPeriod.length})`),
          ...bullets(review.updatesInPeriod.map((u) => `${u.date} ${STATUS_LABELS[u.status].en}: ${u.text}: ${u.note} (${u.author})`), 'None.'),
          heading(`Commitments without any update (${review.withoutUpdate.length})`),
          ...bullets(review.withoutUpdate.map((c) => `${c.text} (${c.area})`), 'None.'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
