// The register as the web application and the API use it: one narrow interface over the same ops the CLI
// calls (register-query.ts for reads, commitment-correct.ts and drafts.ts for writes), plus a cache of
// whole-register aggregates. Routes and pages never speak SQL and never see the store.
import type { Store } from '../store/index.js';
import * as queries from '../store/queries.js';
import { portfolioCounts, registerIsEmpty } from '../store/web-portfolio.js';
import { RegisterChanges } from './register-changes.js';
import { similarCommitmentIds } from '../store/web-similar.js';
import { facetCounts, type Match } from '../store/web-facets.js';
import type { Strength } from '../types.js';
import { commitmentCorrect } from './commitment-correct.js';
import { commitmentList, organizationList, planList, registerSearch, themeMatrix } from './register-query.js';
import { isUnspaced } from '../text.js';
import { READ_ALL, type ReadScope } from '../store/scope.js';
import { withoutQuery, type CommitmentFilter, type FacetName } from './filter.js';
import type {
  CommitmentEdit,
  CommitmentView,
  MatrixCell,
  OrganizationEngagement,
  PageRequest,
  Paged,
  PlanDetail,
  PlanSummary,
  SearchCursor,
  SearchHit,
} from '../store/views.js';

export type * from '../store/views.js';
export type { CommitmentFilter, FacetName } from './filter.js';
export { FACET_SAMPLE } from '../store/web-facets.js';

export interface FacetValue {
  value: string;
  count: number;
  /** A readable name where the value is an id (a plan's title, an organization's name). */
  label?: string;
}

export interface FacetedSearch extends Paged<SearchHit> {
  facets: Record<FacetName, FacetValue[]>;
  /** True when facets were counted over a sample of the matches (see FACET_SAMPLE). */
  facetsSampled: boolean;
  /** False when `total` is an estimate (a broad query, or a list by filters too dear to count: see store/queries.ts searchCommitments and listCommitments). */
  totalExact: boolean;
  /** The hits that can be paged through: the best-ranked of the matches (all of them when the count is exact); without a query, the list's total. */
  ranked: number;
  /** The English query searched instead when a Japanese query matched nothing as written (`水素` → hydrogen). */
  translatedQuery?: string;
  /** With a query: the cursor after the last hit when more ranked hits follow (without one, `next` as lists give it). */
  nextHit?: SearchCursor;
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

/** The register as the app uses it. Missing records → null; stale versions → ConflictError (src/errors.ts). */
export interface Register {
  isEmpty(): Promise<boolean>;
  loadDemo(): Promise<{ plans: number; commitments: number }>;
  portfolio(today: Date): Promise<Portfolio>;
  matrix(filter: CommitmentFilter): Promise<MatrixCell[]>;
  listPlans(filter: CommitmentFilter, page: PageRequest): Promise<Paged<PlanSummary>>;
  getPlan(id: string): Promise<PlanDetail | null>;
  listCommitments(filter: CommitmentFilter, page: PageRequest): Promise<Paged<CommitmentView> & { totalExact: boolean }>;
  getCommitment(id: string): Promise<CommitmentView | null>;
  similar(id: string, limit: number): Promise<SimilarCommitment[]>;
  /** Ranked hits for `filter.q` (or every commitment the filters select when it is empty), with facet counts. */
  search(filter: CommitmentFilter, page: PageRequest): Promise<FacetedSearch>;
  listOrganizations(filter: CommitmentFilter, page: PageRequest): Promise<Paged<OrganizationEngagement>>;
  /** Applies a person's edit as a correction; throws ConflictError when `expectedVersion` is stale, InvalidEditError for bad content. */
  editCommitment(id: string, expectedVersion: number, edit: CommitmentEdit, author: string): Promise<CommitmentView>;
  /** The change counter every cache of the register (and the server's ETags) is keyed on. */
  changes: RegisterChanges;
  /** Computes the whole-register aggregates the first pages show (portfolio, matrix, organizations, facets) into the cache. */
  warm(now: Date): Promise<void>;
  /** The same register as a reader of `scope` sees it: every read filtered in the store, aggregates cached per scope. */
  as(scope: ReadScope): Register;
}

/**
 * Remembers whole-register aggregates (portfolio, matrix, organizations, facets) until the register changes:
 * at 200k commitments they take seconds to compute and change only when something is written. Requests that
 * arrive while a value is being computed wait for that computation instead of starting their own.
 */
class AggregateCache {
  readonly #entries = new Map<string, { generation: number; value: Promise<unknown> }>();
  constructor(
    private readonly changes: RegisterChanges,
    private readonly capacity = 200,
  ) {}

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const generation = this.changes.current();
    const hit = this.#entries.get(key);
    if (hit && hit.generation === generation) return hit.value as Promise<T>;
    const value = compute();
    this.#entries.delete(key);
    this.#entries.set(key, { generation, value });
    // A failed computation is not remembered.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return value;
  }
}

/**
 * Warms the register's caches now and again shortly after every change (at most one warming at a time), so the
 * first reader after a start or a write rarely computes anything. Returns a function that stops it.
 */
export function keepWarm(register: Register, now: () => Date, delayMs = 250): () => void {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const warm = () => {
    timer = null;
    // A failed warming (the register closing, say) is the next reader's to see, not the server's to crash on.
    running = running.then(() => (stopped ? undefined : register.warm(now()).catch(() => {})));
  };
  register.changes.onChange(() => {
    if (!stopped && !timer) timer = setTimeout(warm, delayMs);
  });
  warm();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** The register of `store` as the local administrator (everything) reads it; `.as(scope)` for anyone else. */
export function storeRegister(store: Store): Register {
  const changes = new RegisterChanges();
  return scopedRegister(store, changes, new AggregateCache(changes), READ_ALL);
}

function scopedRegister(store: Store, changes: RegisterChanges, cache: AggregateCache, scope: ReadScope): Register {
  const { db } = store;
  const today = () => new Date();
  // The scope is part of every cache key: what one reader may see is never served to another.
  const key = (...parts: unknown[]) => JSON.stringify([scope, ...parts]);

  const allPlans = async (): Promise<PlanSummary[]> => (await planList(store, scope, {}, { limit: Number.MAX_SAFE_INTEGER, offset: 0 }, today())).items;

  return {
    isEmpty: () => registerIsEmpty(db),

    async loadDemo() {
      // The ingest ops pull in the extractor and its PDF/DOCX readers: loaded when first needed, not at start-up.
      const { demoLoad } = await import('./demo-load.js');
      const outcomes = await demoLoad(store);
      const stored = outcomes.filter((o) => o.status !== 'failed');
      return { plans: stored.length, commitments: stored.reduce((n, o) => n + o.commitments, 0) };
    },

    portfolio: (now) => cache.get(key('portfolio', now.toISOString().slice(0, 10)), () => portfolio(now)),

    matrix: (filter) => cache.get(key('matrix', withoutQuery(filter)), () => themeMatrix(store, scope, withoutQuery(filter))),
    listPlans: (filter, page) => planList(store, scope, withoutQuery(filter), page, today()),
    getPlan: (id) => queries.getPlan(db, id, scope, today()),
    listCommitments: (filter, page) => commitmentList(store, scope, withoutQuery(filter), page),
    getCommitment: (id) => queries.getCommitment(db, id, scope),

    async similar(id, limit) {
      const scored = await similarCommitmentIds(db, id, limit, scope);
      const views = await queries.commitmentsById(db, scored.map((s) => s.id), scope);
      const score = new Map(scored.map((s) => [s.id, s.score]));
      return views.map((commitment) => ({ commitment, score: score.get(commitment.id) ?? 0 }));
    },

    async search(filter, page): Promise<FacetedSearch> {
      const rest = withoutQuery(filter);
      const text = filter.q?.trim() ?? '';
      const facets = (match: Match) => cache.get(key('facets', rest, match), () => facetCounts(db, rest, match, scope));
      if (!text) {
        const [list, counts] = await Promise.all([commitmentList(store, scope, rest, page), facets({ mode: 'none' })]);
        const { sampled, ...byFacet } = counts;
        return {
          items: list.items.map((commitment) => ({ commitment, rank: 0, snippet: [{ text: commitment.text, match: false }] })),
          total: list.total,
          totalExact: list.totalExact,
          ranked: list.total,
          facets: byFacet,
          facetsSampled: sampled,
          ...(list.next ? { next: list.next } : {}),
        };
      }
      // The same op as `kizuna search`, Japanese→English glossary fallback included; facets count what it searched.
      const result = await registerSearch(store, scope, text, rest, page);
      const searched = result.translatedQuery ?? text;
      const match: Match = result.mode === 'fulltext' && !isUnspaced(searched) ? { mode: 'fulltext', query: searched } : { mode: 'substring', terms: searched.split(/\s+/).filter(Boolean) };
      const { sampled, ...byFacet } = await facets(match);
      return {
        items: result.items,
        total: result.total,
        totalExact: result.totalExact,
        ranked: result.ranked,
        facets: byFacet,
        facetsSampled: sampled,
        ...(result.translatedQuery ? { translatedQuery: result.translatedQuery } : {}),
        ...(result.nextHit ? { nextHit: result.nextHit } : {}),
      };
    },

    async listOrganizations(filter, page) {
      // Every organization is counted whatever the page (queries.ts listOrganizations), so the whole list is kept.
      const all = await cache.get(key('organizations', withoutQuery(filter)), () => organizationList(store, scope, withoutQuery(filter), { limit: Number.MAX_SAFE_INTEGER, offset: 0 }));
      return { items: all.items.slice(page.offset, page.offset + page.limit), total: all.total };
    },

    editCommitment: (id, expectedVersion, edit, author) => commitmentCorrect(store, id, expectedVersion, edit, author),

    changes,

    async warm(now) {
      // One after another, the home page's portfolio first: on PGlite's one connection, aggregates computed
      // side by side would each wait for all the others.
      await this.portfolio(now);
      await this.matrix({});
      await this.listOrganizations({}, { limit: 1, offset: 0 });
      await this.search({}, { limit: 1, offset: 0 });
    },

    as: (other) => scopedRegister(store, changes, cache, other),
  };

  async function portfolio(now: Date): Promise<Portfolio> {
    const [plans, counts] = await Promise.all([allPlans(), portfolioCounts(db, scope)]);
    const partnerships = new Map<string, Partnership>();
    for (const plan of plans) {
      const id = plan.partnershipId ?? [...plan.parties].sort().join('-');
      const entry = partnerships.get(id) ?? { id, parties: plan.parties, plans: [] };
      entry.plans.push(plan);
      partnerships.set(id, entry);
    }
    const todayIso = now.toISOString().slice(0, 10);
    const inAYear = new Date(now.getTime() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    // period.end is as precise as the text ("2027"); the last day it covers is what expires.
    const lastDay = (end: string) => (end.length === 4 ? `${end}-12-31` : end.length === 7 ? `${end}-31` : end);
    const byStrength = { firm: 0, intent: 0, exploratory: 0 } as Record<Strength, number>;
    for (const s of counts.byStrength) if (s.strength in byStrength) byStrength[s.strength as Strength] = s.count;
    return {
      partnerships: [...partnerships.values()],
      byStrength,
      byTheme: counts.byTheme.map((t) => ({ value: t.theme, count: t.count })),
      expiringSoon: plans.filter((p) => p.status === 'in_force' && p.period.end && lastDay(p.period.end) >= todayIso && lastDay(p.period.end) <= inAYear),
      totals: { plans: counts.plans, commitments: counts.commitments, organizations: counts.organizations },
    };
  }
}
