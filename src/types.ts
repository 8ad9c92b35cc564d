// The Kizuna domain in one place: spans, documents, the document tree, and what extraction finds.
// Every stage (ingest → tree → extract → store → api/web/cli) speaks these types and no others.

/**
 * A place in a document's normalized text: `text.slice(start, end)`; `end` is exclusive.
 * Items inferred rather than read from the text (e.g. a parent lead-in that a PDF split) still
 * carry the span of the words they were built from, so the UI can always show the source.
 */
export interface Span {
  start: number;
  end: number;
}

/** The formats `ingest` reads. */
export type MediaType =
  | 'text/plain'
  | 'text/markdown'
  | 'text/html'
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Where a message points: 1-based line and column in the normalized text, plus the offset. */
export interface Place {
  line: number;
  column: number;
  offset: number;
}

/**
 * A problem found in a document (never thrown): the CLI prints `file:line:col: reason [rule]`.
 * Only a `fatal` message stops that file; a batch always goes on with the next one.
 */
export interface Message {
  file: string;
  reason: string;
  /** Stable identifier of the check that spoke, e.g. `ingest/encrypted-pdf`, `tree/unclosed-list`. */
  rule: string;
  place: Place | null;
  fatal: boolean;
}

/**
 * Normalized offset → original offset, stored as runs: from `normalized[i]` on, the text is a
 * copy of the original starting at `original[i]` (until the next run). Binary search resolves a point.
 */
export interface OffsetMap {
  normalized: number[];
  original: number[];
}

/** What `ingest` hands to the tree builder: one normalized text that every span refers to. */
export interface IngestedDocument {
  /** The path as given by the caller (used in messages). */
  path: string;
  /** The file name without folders; the `document` key of evaluation output. */
  name: string;
  mediaType: MediaType;
  /** Hex SHA-256 of the original bytes: a document's identity in the register. */
  sha256: string;
  byteLength: number;
  /** Text as decoded or extracted from the file, before normalization. */
  original: string;
  /** NFC text with page furniture, line-end hyphenation and stray control characters removed. */
  text: string;
  offsets: OffsetMap;
  messages: Message[];
}

// ---------------------------------------------------------------------------------------------
// The document tree (unist-style: plain JSON nodes with a `type`, a `span` and `children`).

/** Kinds of list marker, kept so nesting can be inferred from a change of marker style. */
export type MarkerKind =
  | 'bullet' // • ● ▪ ◦ *
  | 'dash' // - – —
  | 'arrow' // ➤ > ►
  | 'number' // 1. 1)
  | 'parenNumber' // (1)
  | 'letter' // a) a.
  | 'parenLetter' // (a)
  | 'roman'; // (i) i)

/**
 * Words reassembled from pieces that are not contiguous in the normalized text: a table cell that PDF
 * extraction wrapped over several lines, interleaved with the other columns. The node's span then covers
 * the whole stretch from its first piece to its last.
 */
export interface Reassembled {
  text: string;
}

/** Leaf: one sentence of a paragraph, list item or table cell. */
export interface SentenceNode {
  type: 'sentence';
  id: string;
  span: Span;
  data?: Reassembled;
}

/**
 * A run of prose. Children: sentences. `role` marks paragraphs the extractor treats specially:
 * `label` (a field label such as "Main partners" or "Objectives Action"), `field` (a labelled
 * value such as "Area of focus: …" or "Denmark: Ministry of …"), `signature`, `title`.
 */
export interface ParagraphNode {
  type: 'paragraph';
  id: string;
  span: Span;
  role: 'body' | 'label' | 'field' | 'signature' | 'title';
  children: SentenceNode[];
}

/** One list item. Children: its own paragraph first, then any nested list. */
export interface ListItemNode {
  type: 'listItem';
  id: string;
  span: Span;
  /** The marker as printed (`a)`, `(1)`, `-`, `➤`), or null for a continuation without one. */
  marker: string | null;
  markerKind: MarkerKind | null;
  /** Span of the item text without its marker. */
  content: Span;
  children: (ParagraphNode | ListNode)[];
}

/** A list. Children: list items. */
export interface ListNode {
  type: 'list';
  id: string;
  span: Span;
  children: ListItemNode[];
}

/** A cell of a (possibly flattened) table. Children: sentences. */
export interface TableCellNode {
  type: 'tableCell';
  id: string;
  span: Span;
  children: SentenceNode[];
  data?: Reassembled;
}

/** A table row. Children: cells. */
export interface TableRowNode {
  type: 'tableRow';
  id: string;
  span: Span;
  children: TableCellNode[];
}

/** A table (from Markdown/HTML tables or tab-separated lines of flattened PDF tables). Children: rows. */
export interface TableNode {
  type: 'table';
  id: string;
  span: Span;
  children: TableRowNode[];
}

export type BlockNode = ParagraphNode | ListNode | TableNode;

/**
 * A headed part of the document. Children: blocks and subsections, in reading order.
 * `kind: 'rowGroup'` marks a row-group label of a flattened table ("Bilateral level"),
 * which is a section one level below its table's section.
 */
export interface SectionNode {
  type: 'section';
  id: string;
  /** From the heading's first character to the end of the section's last child. */
  span: Span;
  /** Span of the heading line itself. */
  heading: Span;
  number: string | null;
  title: string | null;
  level: number;
  kind: 'heading' | 'rowGroup';
  children: (SectionNode | BlockNode)[];
}

/** The whole document. Children: front matter blocks, then sections. */
export interface RootNode {
  type: 'root';
  id: 'root';
  span: Span;
  children: (SectionNode | BlockNode)[];
}

export type TreeNode =
  | RootNode
  | SectionNode
  | ParagraphNode
  | ListNode
  | ListItemNode
  | TableNode
  | TableRowNode
  | TableCellNode
  | SentenceNode;

// ---------------------------------------------------------------------------------------------
// What extraction finds (../shared/spec/extraction.md). Every item carries its span.

export const DOCUMENT_KINDS = ['action_plan', 'work_programme', 'joint_working_plan', 'roadmap', 'joint_statement', 'agreement_overview', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** ISO 3166-1 alpha-2 code, upper case (`JP`, `DK`, and territories such as `GL`, `FO`). */
export type PartyCode = string;

/** An ISO date as precise as the text allows: `2024`, `2024-06`, `2024-06-14`. */
export type IsoDate = string;

export interface Metadata {
  title: string | null;
  titleSpan: Span | null;
  kind: DocumentKind;
  parties: PartyCode[];
  period: { start: IsoDate | null; end: IsoDate | null; span: Span | null };
  signed: { date: IsoDate | null; place: string | null; span: Span | null };
}

/** A section as a flat record (the tree's SectionNode without children). */
export interface Section {
  id: string;
  number: string | null;
  title: string | null;
  level: number;
  kind: 'heading' | 'rowGroup';
  parentId: string | null;
  span: Span;
}

/**
 * - `firm`: verifiable afterwards (a meeting held, a body established, a document signed).
 * - `intent`: a direction with no verifiable deliverable ("strengthen cooperation").
 * - `exploratory`: hedged ("explore the possibility", "consider").
 */
export type Strength = 'firm' | 'intent' | 'exploratory';

export interface Commitment {
  /** Deterministic, hierarchical: `s2.1/c3`, nested `s2.1/c3.1`. */
  id: string;
  /** Verbatim, without list markers; whitespace runs (line breaks of the source) folded to one space. */
  text: string;
  span: Span;
  sectionId: string | null;
  /** Title of the nearest enclosing section that has one. */
  section: string | null;
  strength: Strength;
  /** The words that decided the strength (`explore the possibility`, `hold`), or null for the default. */
  strengthCue: string | null;
  /** Organization ids (see Organization.id) named in this commitment. */
  actors: string[];
  /** Id of the lead-in commitment this one is nested under. */
  parentId: string | null;
  themes: ThemeAssignment[];
}

export interface ThemeAssignment {
  /** Theme id from `vocab/themes.json`, e.g. `energy`. */
  theme: string;
  /** The words in the commitment that decided it. */
  cue: string;
}

export interface Organization {
  /** `<party>:<gazetteer id>` for known bodies, `<party>:<slug of name>` otherwise. */
  id: string;
  name: string;
  acronym: string | null;
  party: PartyCode | null;
  /** Every place the body is named (by name, alias or acronym); the first is its span. */
  mentions: Span[];
  span: Span;
}

export type InstrumentKind =
  | 'agreement'
  | 'moc'
  | 'letter_of_intent'
  | 'joint_statement'
  | 'action_plan'
  | 'strategy'
  | 'other';

export interface Instrument {
  id: string;
  kind: InstrumentKind;
  title: string;
  date: IsoDate | null;
  span: Span;
}

export type Cadence = 'annual' | 'biennial' | 'regular' | 'once' | 'unspecified';

export interface Mechanism {
  id: string;
  name: string;
  cadence: Cadence;
  span: Span;
}

export type ProvisionKind =
  | 'non_binding'
  | 'dispute_settlement'
  | 'review'
  | 'duration'
  | 'amendment'
  | 'language';

export interface Provision {
  id: string;
  kind: ProvisionKind;
  text: string;
  span: Span;
}

/** The full result of `extract(buildTree(ingest(file)))` for one document. */
/**
 * How much of a document's action-like text its commitments cover: sentences that read like actions
 * (imperative "Strengthen…", a modal before an action verb "the ministries will promote…", a Japanese
 * sentence ending in a verb of action "…を開催する。") in body text, list items and table cells.
 * Few covered means the extractor did not read the document (a lost table, an unread language).
 */
export interface Coverage {
  actionLike: number;
  /** Of those, the sentences that overlap a commitment. */
  covered: number;
  /** Sections with action-like text, in reading order; `section` is null before the first section. */
  sections: CoverageSection[];
}

export interface CoverageSection {
  section: string | null;
  actionLike: number;
  covered: number;
  /** The action-like sentences outside every commitment. */
  uncovered: Span[];
}

export interface Extraction {
  document: {
    name: string;
    mediaType: MediaType;
    sha256: string;
    byteLength: number;
    text: string;
  };
  metadata: Metadata;
  sections: Section[];
  commitments: Commitment[];
  organizations: Organization[];
  instruments: Instrument[];
  mechanisms: Mechanism[];
  provisions: Provision[];
  coverage: Coverage;
  messages: Message[];
}

/**
 * The last time a coordinator closed or reopened an update round, read from the event log (the audit trail is
 * the record: the round's row keeps only its state). `on` is the day (YYYY-MM-DD) the app recorded, as a round's
 * `openedOn`.
 */
export interface RoundStateChange {
  action: 'close' | 'reopen';
  by: string;
  on: string;
}

/** One organization's progress in an update round: requests made to it, answered, accepted, overdue. */
export interface RoundOrganizationProgress {
  id: string;
  name: string;
  acronym: string | null;
  side: string | null;
  total: number;
  answered: number;
  accepted: number;
  overdue: number;
}
