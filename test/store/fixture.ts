// Hand-built extractions for store tests: real-looking plans without depending on the extractor's output.
import { createHash } from 'node:crypto';
import type { Commitment, Extraction, Strength } from '../../src/types.js';

export interface PlanSpec {
  title: string;
  parties: string[];
  period?: [string | null, string | null];
  signed?: string | null;
  kind?: Extraction['metadata']['kind'];
  commitments: { text: string; strength?: Strength; themes?: string[]; actors?: string[]; section?: string; parent?: number }[];
}

/** An extraction whose document text is the title followed by one line per commitment. */
export function makeExtraction(spec: PlanSpec): { extraction: Extraction; bytes: Uint8Array } {
  const lines = [spec.title, 'Section 1 Cooperation', ...spec.commitments.map((c) => c.text)];
  const text = lines.join('\n');
  const bytes = new TextEncoder().encode(text);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let at = spec.title.length + 1;
  const sectionStart = at;
  at += 'Section 1 Cooperation'.length + 1;
  const orgIds = [...new Set(spec.commitments.flatMap((c) => c.actors ?? []))];
  const commitments: Commitment[] = spec.commitments.map((c, i) => {
    const span = { start: at, end: at + c.text.length };
    at = span.end + 1;
    return {
      id: c.parent === undefined ? `s1/c${i + 1}` : `s1/c${c.parent + 1}.${i + 1}`,
      text: c.text,
      span,
      sectionId: 's1',
      section: c.section ?? 'Cooperation',
      strength: c.strength ?? 'intent',
      strengthCue: c.strength === 'firm' ? 'hold' : null,
      actors: c.actors ?? [],
      parentId: c.parent === undefined ? null : `s1/c${c.parent + 1}`,
      themes: (c.themes ?? []).map((theme) => ({ theme, cue: theme })),
    };
  });
  return {
    bytes,
    extraction: {
      document: { name: `${spec.title}.txt`, mediaType: 'text/plain', sha256, byteLength: bytes.byteLength, text },
      metadata: {
        title: spec.title,
        titleSpan: { start: 0, end: spec.title.length },
        kind: spec.kind ?? 'action_plan',
        parties: spec.parties,
        period: { start: spec.period?.[0] ?? null, end: spec.period?.[1] ?? null, span: null },
        signed: { date: spec.signed ?? null, place: spec.signed ? 'Tokyo' : null, span: null },
      },
      sections: [{ id: 's1', number: '1', title: 'Cooperation', level: 1, kind: 'heading', parentId: null, span: { start: sectionStart, end: text.length } }],
      commitments,
      organizations: orgIds.map((id) => ({
        id,
        name: id.split(':')[1]!.toUpperCase(),
        acronym: id.split(':')[1]!.toUpperCase(),
        party: id.split(':')[0]!,
        mentions: [{ start: 0, end: 1 }],
        span: { start: 0, end: 1 },
      })),
      instruments: [{ id: 'i1', kind: 'moc', title: 'Memorandum of Cooperation', date: '2023', span: { start: 0, end: 5 } }],
      mechanisms: [{ id: 'm1', name: 'Joint Committee', cadence: 'annual', span: { start: 0, end: 5 } }],
      provisions: [{ id: 'v1', kind: 'non_binding', text: 'not legally binding', span: { start: 0, end: 5 } }],
      // One commitment a line: all of the action-like text is covered.
      coverage: { actionLike: commitments.length, covered: commitments.length, sections: [{ section: 's1', actionLike: commitments.length, covered: commitments.length, uncovered: [] }] },
      messages: [],
    },
  };
}
