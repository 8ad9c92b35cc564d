// Extraction: document + tree → the register of one document (metadata, sections, commitments, entities).
// Each finder lives in its own file; this one only orders them, links actors to commitments and
// measures how much of the action-like text the commitments cover.
import type { BlockNode, Commitment, Extraction, IngestedDocument, ListItemNode, Organization, RootNode, SectionNode, Span } from '../types.js';
import { boilerplatePattern } from '../tree/index.js';
import type { Vocabulary } from '../vocab/index.js';
import { findCommitments, withoutCutOffEnd } from './commitments.js';
import { listSections } from './sections.js';
import { findMetadata } from './metadata.js';
import { findOrganizations } from './organizations.js';
import { findInstruments, ownPartnership } from './instruments.js';
import { findMechanisms } from './mechanisms.js';
import { findProvisions } from './provisions.js';
import { isJapaneseText } from '../ja/analyzer.js';
import { findJapaneseInstruments, findJapaneseMechanisms, findJapaneseProvisions } from './japanese-references.js';
import { measureCoverage, underReadMessage } from './coverage.js';
import { findPartnerInstruments, findPartnerMechanisms, partnerCommitments, partnerLanguage } from './partner-language.js';

/** Runs every finder over one document. Pure: no I/O, the same input always gives the same ids. */
export function extract(document: IngestedDocument, tree: RootNode, vocab: Vocabulary): Extraction {
  const { text } = document;
  // Page furniture names no title, body or instrument: blanked, offsets kept.
  const content = withoutFurniture(text, tree, vocab);
  const metadata = findMetadata(content, tree, vocab, text);
  // Japanese documents name instruments, mechanisms and provisions by their own word order (head last).
  const japanese = isJapaneseText(text);
  const provisions = japanese ? findJapaneseProvisions(text, tree, vocab) : findProvisions(text, tree);
  const organizations = findOrganizations(content, tree, vocab, metadata.parties);
  const found = findCommitments(text, tree, vocab, provisions.map((p) => p.span), metadata.kind);
  // Japanese commitments leave out a unit cut off by the excerpt themselves; English ones are checked here.
  const cut = japanese ? { commitments: found, message: null } : withoutCutOffEnd(text, found, document.path);
  // A German or Spanish text: its own heads name mechanisms and instruments, and only a joint agreement commits.
  const partner = japanese ? null : partnerLanguage(text);
  const commitments = partner ? partnerCommitments(text, tree, cut.commitments, provisions.map((p) => p.span), partner, metadata.kind) : cut.commitments;
  linkActors(commitments, organizations);
  const coverage = measureCoverage(text, tree, vocab, commitments, provisions.map((p) => p.span), japanese);
  const underRead = underReadMessage(document.path, coverage, commitments.length);
  return {
    document: {
      name: document.name,
      mediaType: document.mediaType,
      sha256: document.sha256,
      byteLength: document.byteLength,
      text,
    },
    metadata,
    sections: listSections(tree),
    commitments,
    organizations,
    instruments: japanese
      ? findJapaneseInstruments(text, tree, vocab, metadata)
      : withPartner(findInstruments(content, tree, ownPartnership(vocab, metadata.parties)), partner && findPartnerInstruments(content, partner), 'inst'),
    mechanisms: japanese ? findJapaneseMechanisms(text, tree, vocab) : withPartner(findMechanisms(text, tree), partner && findPartnerMechanisms(text, partner), 'mech'),
    provisions,
    coverage,
    messages: [...document.messages, ...(cut.message ? [cut.message] : []), ...(underRead ? [underRead] : [])],
  };
}

/**
 * The English finder's records and those a partner language's heads name, in text order, renumbered: a partner
 * record overlapping an English one is the same ("Deutsch-Japanisches Forum" both read).
 */
function withPartner<T extends { id: string; span: Span }>(english: T[], partner: T[] | null, prefix: string): T[] {
  if (!partner?.length) return english;
  const added = partner.filter((p) => !english.some((e) => e.span.start < p.span.end && p.span.start < e.span.end));
  return [...english, ...added].sort((a, b) => a.span.start - b.span.start).map((r, i) => ({ ...r, id: `${prefix}${i + 1}` }));
}

/** The text with every line of web-page furniture ("Editor: …", "Print", "(PDF, 245KB)") blanked: same length, same offsets. */
function withoutFurniture(text: string, tree: RootNode, vocab: Vocabulary): string {
  const furniture = boilerplatePattern(vocab.cues);
  if (!furniture) return text;
  const spans: Span[] = [];
  // A plain recursion: walk() copies the list of parents at every node, which no test here needs. Paragraphs and
  // tables hold only sentences and cells of sentences, where no label can be: most of the tree is never visited.
  // Dispatched on the node's type alone, not by asking nodes of many shapes whether they have children.
  const visit = (node: RootNode | SectionNode | BlockNode | ListItemNode): void => {
    switch (node.type) {
      case 'paragraph':
        if (node.role === 'label' && furniture.test(text.slice(node.span.start, node.span.end).trim())) spans.push(node.span);
        return;
      case 'table':
        return;
      default:
        for (const child of node.children) visit(child);
    }
  };
  visit(tree);
  if (!spans.length) return text;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + text.slice(span.start, span.end).replace(/[^\n]/g, ' ');
    at = span.end;
  }
  return out + text.slice(at);
}

/** A commitment's actors are the bodies named inside its span, in order of first mention. */
function linkActors(commitments: Commitment[], organizations: Organization[]): void {
  const mentions: { id: string; start: number; end: number }[] = [];
  for (const o of organizations) for (const m of o.mentions) mentions.push({ id: o.id, start: m.start, end: m.end });
  const byStart = inStartOrder(mentions, (m) => m.start);
  let from = 0;
  for (const commitment of inStartOrder(commitments, (c) => c.span.start)) {
    while (from < byStart.length && byStart[from]!.end <= commitment.span.start) from++;
    const actors: string[] = [];
    for (let i = from; i < byStart.length && byStart[i]!.start < commitment.span.end; i++) {
      const m = byStart[i]!;
      if (m.end <= commitment.span.end && !actors.includes(m.id)) actors.push(m.id);
    }
    commitment.actors = actors;
  }
}

/**
 * `items` in order of their start, those of one start in their own order (as a stable sort leaves them): each keyed
 * start × count + index and the keys sorted as numbers, natively, where a comparator called for every pair cost more
 * than the linking itself.
 */
function inStartOrder<T>(items: T[], startOf: (item: T) => number): T[] {
  const count = items.length;
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = startOf(items[i]!) * count + i;
  keys.sort();
  const ordered: T[] = new Array(count);
  for (let i = 0; i < count; i++) ordered[i] = items[keys[i]! % count]!;
  return ordered;
}
