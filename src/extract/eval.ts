// The evaluation shape of spec/extraction.md ("gold" files): what `kizuna extract --format eval` writes.
import type { Cadence, DocumentKind, Extraction, InstrumentKind, ProvisionKind, Strength } from '../types.js';

export interface EvalDocument {
  document: string;
  metadata: {
    title: string | null;
    kind: DocumentKind;
    parties: string[];
    period: { start: string | null; end: string | null };
    signed: { date: string | null; place: string | null };
  };
  sections: { number: string | null; title: string | null; level: number }[];
  commitments: { text: string; section: string | null; strength: Strength; actors: string[]; parent: string | null; optional: boolean }[];
  organizations: { name: string; acronym: string | null; party: string | null }[];
  instruments: { kind: InstrumentKind; title: string; date: string | null }[];
  mechanisms: { name: string; cadence: Cadence }[];
  provisions: { kind: ProvisionKind; text: string }[];
}

/** Drops spans and ids and resolves references to names: actors by organization name, parents by text. */
export function toEval(extraction: Extraction): EvalDocument {
  const orgName = new Map(extraction.organizations.map((o) => [o.id, o.name]));
  const commitmentText = new Map(extraction.commitments.map((c) => [c.id, c.text]));
  const { metadata } = extraction;
  return {
    document: extraction.document.name,
    metadata: {
      title: metadata.title,
      kind: metadata.kind,
      parties: [...metadata.parties].sort(),
      period: { start: metadata.period.start, end: metadata.period.end },
      signed: { date: metadata.signed.date, place: metadata.signed.place },
    },
    sections: extraction.sections.map((s) => ({ number: s.number, title: s.title, level: s.level })),
    commitments: extraction.commitments.map((c) => ({
      text: c.text,
      section: c.section,
      strength: c.strength,
      actors: c.actors.map((id) => orgName.get(id) ?? id),
      parent: c.parentId ? (commitmentText.get(c.parentId) ?? null) : null,
      optional: false,
    })),
    organizations: extraction.organizations.map((o) => ({ name: o.name, acronym: o.acronym, party: o.party })),
    instruments: extraction.instruments.map((i) => ({ kind: i.kind, title: i.title, date: i.date })),
    mechanisms: extraction.mechanisms.map((m) => ({ name: m.name, cadence: m.cadence })),
    provisions: extraction.provisions.map((p) => ({ kind: p.kind, text: p.text })),
  };
}
