// Test and dev helper: the entity and metadata extractors alone, in the evaluation shape of the spec
// (commitments and sections left empty), so their parts can be scored without the rest of the pipeline.
import type { RootNode } from '../../src/types.js';
import type { Vocabulary } from '../../src/vocab/index.js';
import { findMetadata } from '../../src/extract/metadata.js';
import { findOrganizations } from '../../src/extract/organizations.js';
import { findInstruments } from '../../src/extract/instruments.js';
import { findMechanisms } from '../../src/extract/mechanisms.js';
import { findProvisions } from '../../src/extract/provisions.js';
import { buildTree } from '../../src/tree/index.js';

/** A root with no children: the entity extractors read the text and need no tree (the metadata reads its sentences). */
export const emptyTree = (text: string): RootNode => ({ type: 'root', id: 'root', span: { start: 0, end: text.length }, children: [] });

export function entityEval(name: string, text: string, vocab: Vocabulary) {
  const tree = emptyTree(text);
  const metadata = findMetadata(text, buildTree({ text }, vocab.cues), vocab);
  return {
    document: name,
    metadata: {
      title: metadata.title,
      kind: metadata.kind,
      parties: metadata.parties,
      period: { start: metadata.period.start, end: metadata.period.end },
      signed: { date: metadata.signed.date, place: metadata.signed.place },
    },
    sections: [],
    commitments: [],
    organizations: findOrganizations(text, tree, vocab, metadata.parties).map((o) => ({ name: o.name, acronym: o.acronym, party: o.party })),
    instruments: findInstruments(text, tree).map((i) => ({ kind: i.kind, title: i.title, date: i.date })),
    mechanisms: findMechanisms(text, tree).map((m) => ({ name: m.name, cadence: m.cadence })),
    provisions: findProvisions(text, tree).map((p) => ({ kind: p.kind, text: p.text })),
  };
}
