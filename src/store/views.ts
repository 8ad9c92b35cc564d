// The shapes the register hands out (what list/show/search/export return), independent of table layout.
import type {
  DocumentKind,
  Instrument,
  IsoDate,
  Mechanism,
  PartyCode,
  Provision,
  Section,
  Span,
  Strength,
  ThemeAssignment,
} from '../types.js';
import type { ImplementationStatus } from '../track/status.js';

/** Filters shared by `kizuna list`/`search` and the API (`?party=DK&theme=energy…`). */
export interface CommitmentFilter {
  party?: PartyCode;
  theme?: string;
  strength?: Strength;
  /** Organization id (`JP:meti`), acronym (`METI`) or name, case-insensitive. */
  organization?: string;
  plan?: string;
  /** Plans whose period (or signing year) covers this year. */
  year?: number;
  /** Implementation status now (`not_started` = no update recorded yet). */
  status?: ImplementationStatus;
}

export interface PageRequest {
  limit: number;
  offset: number;
  /** Commitment lists only: start after this commitment (keyset paging; `offset` then counts from it). */
  after?: CommitmentCursor;
  /** Searches only: start after this hit (keyset paging over the ranked hits; `offset` then counts from it). */
  afterHit?: SearchCursor;
}

/**
 * Where a hit stands in a search's order (rank, best first, then id): the boundary of a page, exact under ties.
 * `position` is how many hits came before the next one (for "26–50 of 300"); it only labels, never selects.
 */
export interface SearchCursor {
  rank: number;
  id: string;
  position: number;
}

/** Where a commitment stands in list order (plan, then document order): a page boundary that stays put when rows are added. */
export interface CommitmentCursor {
  planId: string;
  ord: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  /** Commitment lists only: the cursor after the last item, when there is one. */
  next?: CommitmentCursor;
  /** Commitment lists and search: false when `total` is the planner's estimate, not a count (see queries.ts listCommitments). */
  totalExact?: boolean;
}

/** `signed`: signed, not yet in force (its period starts later). See queries.ts planStatus. */
export type PlanStatus = 'signed' | 'in_force' | 'expired' | 'superseded';
export const PLAN_STATUSES = ['signed', 'in_force', 'expired', 'superseded'] as const satisfies readonly PlanStatus[];

export interface PlanSummary {
  id: string;
  title: string | null;
  kind: DocumentKind;
  parties: PartyCode[];
  partnershipId: string | null;
  period: { start: IsoDate | null; end: IsoDate | null };
  signed: { date: IsoDate | null; place: string | null };
  status: PlanStatus;
  supersedes: string | null;
  supersededBy: string | null;
  documentId: string;
  documentName: string;
  mediaType: string;
  commitmentCount: number;
  version: number;
  /** Published (everyone may read it) or a draft under negotiation (its partnership's people and administrators only). */
  published: boolean;
}

export interface ActorRef {
  id: string;
  name: string;
  acronym: string | null;
  party: PartyCode | null;
}

/** A commitment as the register holds it now: the extractor's reading with any human correction applied. */
export interface CommitmentView {
  /** Register id: `<plan id>:<key>`. */
  id: string;
  planId: string;
  planTitle: string | null;
  parties: PartyCode[];
  /** The extractor's hierarchical id within its document, e.g. `s2.1/c3`. */
  key: string;
  text: string;
  span: Span;
  /** Section id within the plan (the extractor's, e.g. `s2.1`). */
  sectionId: string | null;
  section: string | null;
  strength: Strength;
  strengthCue: string | null;
  actors: ActorRef[];
  /** Register id of the lead-in commitment this one is nested under. */
  parentId: string | null;
  themes: ThemeAssignment[];
  /** Optimistic-locking version (an ETag). */
  version: number;
  /** True when a person changed anything the extractor said. */
  corrected: boolean;
  /** Implementation status now (`not_started` until a progress update is recorded). */
  status: ImplementationStatus;
}

export interface PlanOrganization extends ActorRef {
  /** The name as this document prints it, and where. */
  printed: string;
  span: Span;
  mentions: Span[];
}

export interface PlanDetail extends PlanSummary {
  /** Normalized document text: every span refers to it. */
  text: string;
  sections: Section[];
  commitments: CommitmentView[];
  organizations: PlanOrganization[];
  instruments: Instrument[];
  mechanisms: Mechanism[];
  provisions: Provision[];
}

/** A stretch of snippet text; `match` parts are the words the query found (render as text, never HTML). */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  commitment: CommitmentView;
  rank: number;
  snippet: SnippetPart[];
}

export interface SearchResult extends Paged<SearchHit> {
  /** `fulltext` (PostgreSQL text search) or `substring` (the fallback for Japanese and partial words). */
  mode: 'fulltext' | 'substring';
  /** False when `total` is an estimate (a broad query: only its best candidates were ranked, see searchCommitments). */
  totalExact: boolean;
  /** How many matches were ranked, best first (at most SEARCH_CANDIDATES): the hits that can be paged through. */
  ranked: number;
  /** The English query searched instead when a Japanese query matched nothing as written. */
  translatedQuery?: string;
  /** The cursor after the last hit, when more ranked hits follow (the `afterHit` of the next page). */
  nextHit?: SearchCursor;
}

export interface OrganizationEngagement extends ActorRef {
  aliases: string[];
  /** Partner party → commitments naming this body in plans with that partner. */
  partners: { party: PartyCode; commitments: number }[];
  commitments: number;
  plans: number;
}

export interface MatrixCell {
  theme: string;
  partner: PartyCode;
  count: number;
}

/** A person's change to one commitment; only the fields given change. */
export interface CommitmentEdit {
  text?: string;
  strength?: Strength;
  sectionId?: string | null;
  parentId?: string | null;
  /** Organization ids. */
  actors?: string[];
  themes?: ThemeAssignment[];
}
