// What the API and the web pages need from the register, as one narrow interface: the store's queries and
// ops are bound to it in bind-store.ts, so routes and pages never speak SQL. Record shapes are the store's views.
import type { Extraction, Strength } from '../types.js';
import type {
  CommitmentEdit,
  CommitmentFilter as StoreFilter,
  CommitmentView,
  MatrixCell,
  OrganizationEngagement,
  PageRequest,
  Paged,
  PlanDetail,
  PlanSummary,
  SearchHit,
} from '../store/views.js';

export type {
  ActorRef,
  CommitmentEdit,
  CommitmentView,
  MatrixCell,
  OrganizationEngagement,
  PageRequest,
  Paged,
  PlanDetail,
  PlanStatus,
  PlanSummary,
  SearchHit,
  SnippetPart,
} from '../store/views.js';

/** The CLI's filters (`?party=DK&theme=energy…`) plus the full-text query `q`. */
export interface CommitmentFilter extends StoreFilter {
  q?: string;
}

export interface FacetValue {
  value: string;
  count: number;
  /** A readable name where the value is an id (a plan's title, an organization's name). */
  label?: string;
}

export type FacetName = 'party' | 'theme' | 'strength' | 'organization' | 'plan' | 'year';

export interface SearchResult extends Paged<SearchHit> {
  facets: Record<FacetName, FacetValue[]>;
  /** True when facets were counted over a sample of the matches (see store/web-facets.ts FACET_SAMPLE). */
  facetsSampled: boolean;
}

export interface Partnership {
  id: string;
  parties: string[];
  plans: PlanSummary[];
}

export interface Portfolio {
  partnerships: Partnership[];
  byStrength: Record<Strength, number>;
  byTheme: FacetValue[];
  /** Plans in force whose period ends within a year of `today`. */
  expiringSoon: PlanSummary[];
  totals: { plans: number; commitments: number; organizations: number };
}

export interface SimilarCommitment {
  commitment: CommitmentView;
  score: number;
}

/**
 * Changes a reviewer makes to a fresh extraction before saving it, by the draft's commitment ids.
 * Edits are stored as corrections; splits and merges reshape the draft's units before it is stored.
 */
export type DraftCorrection =
  | { kind: 'edit'; commitment: string; edit: CommitmentEdit }
  | { kind: 'split'; commitment: string; at: number }
  | { kind: 'merge'; commitment: string; with: string };

/** The register as the app uses it. Missing records → null; stale versions → VersionConflictError. */
export interface Register {
  isEmpty(): Promise<boolean>;
  loadDemo(): Promise<{ plans: number; commitments: number }>;
  portfolio(today: Date): Promise<Portfolio>;
  matrix(filter: CommitmentFilter): Promise<MatrixCell[]>;
  listPlans(filter: CommitmentFilter, page: PageRequest): Promise<Paged<PlanSummary>>;
  getPlan(id: string): Promise<PlanDetail | null>;
  listCommitments(filter: CommitmentFilter, page: PageRequest): Promise<Paged<CommitmentView>>;
  getCommitment(id: string): Promise<CommitmentView | null>;
  similar(id: string, limit: number): Promise<SimilarCommitment[]>;
  /** Ranked hits for `q` (or every commitment the filters select when `q` is empty), with facet counts. */
  search(q: string, filter: CommitmentFilter, page: PageRequest): Promise<SearchResult>;
  listOrganizations(filter: CommitmentFilter, page: PageRequest): Promise<Paged<OrganizationEngagement>>;
  /** Applies a person's edit as a correction; throws VersionConflictError when `expectedVersion` is stale. */
  editCommitment(id: string, expectedVersion: number, edit: CommitmentEdit, author: string): Promise<CommitmentView>;
  /** Stores an upload (original bytes kept), then the reviewer's edits as corrections. */
  saveExtraction(extraction: Extraction, bytes: Uint8Array, corrections: DraftCorrection[], author: string): Promise<{ planId: string; created: boolean }>;
}

/** The register refused a write because the record's version moved on (optimistic locking). */
export class VersionConflictError extends Error {
  constructor(readonly current: number | null) {
    super(`version conflict (current version ${current ?? 'unknown'})`);
  }
}

/** The register refused an edit's content (an unknown organization or section): a 400, not a 500. */
export class InvalidEditError extends Error {}
