// Binds the register interface the app uses (register.ts) to the store's queries and ops: the one place
// where the web layer meets the database, so routes and pages stay free of SQL.
import { openStore, type Store } from '../store/index.js';
import * as queries from '../store/queries.js';
import { ConflictError } from '../store/errors.js';
import { portfolioCounts, registerGeneration, registerIsEmpty } from '../store/web-portfolio.js';
import { similarCommitmentIds } from '../store/web-similar.js';
import { facetCounts, type Match } from '../store/web-facets.js';
import { commitmentCorrect } from '../ops/commitment-correct.js';
import { planStore } from '../ops/plan-store.js';
import { openRegister as openStoreFor } from '../ops/open-register.js';
import type { Extraction, Strength } from '../types.js';
import {
  InvalidEditError,
  VersionConflictError,
  type CommitmentEdit,
  type CommitmentFilter,
  type DraftCorrection,
  type Partnership,
  type Portfolio,
  type PlanSummary,
  type Register,
  type SearchResult,
} from './register.js';

export interface OpenedRegister {
  register: Register;
  /** For the start-up line: `PGlite at ~/.local/share/kizuna` or the PostgreSQL URL without password. */
  description: string;
  store: Store;
  close(): Promise<void>;
}

export interface OpenRegisterOptions {
  /** PGlite data directory (`kizuna serve --data`). */
  data?: string;
  /** An in-memory PGlite database (tests, benches). */
  memory?: boolean;
  /** Start from a PGlite snapshot (`store.snapshot()`), which is much faster than migrating afresh. */
  snapshot?: Blob;
  env: Record<string, string | undefined>;
}

export async function openRegister(options: OpenRegisterOptions): Promise<OpenedRegister> {
  const store = options.memory
    ? await openStore({ env: options.env, dataDir: 'memory://', url: '', ...(options.snapshot ? { pgliteSnapshot: options.snapshot } : {}) })
    : await openStoreFor(options.data, options.env);
  return {
    register: storeRegister(store),
    description: `${store.engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} at ${store.location}`,
    store,
    close: () => store.close(),
  };
}

const withoutQuery = ({ q: _q, ...filter }: CommitmentFilter) => filter;
// Scripts written without spaces (as searchCommitments decides): `水素エネルギー`.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The store's errors in the register's terms: stale versions and refused content. */
async function translated<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ConflictError) throw new VersionConflictError(error.current);
    // correctCommitment refuses bad content with messages that start with the field (`edit.actors: unknown …`).
    if (error instanceof Error && /^edit(\.\w+)?:/.test(error.message)) throw new InvalidEditError(error.message);
    throw error;
  }
}

/** Applies the reviewer's splits and merges to a draft's units before it is stored (see DraftCorrection). */
export function reshapeDraft(extraction: Extraction, corrections: DraftCorrection[]): Extraction {
  let commitments = [...extraction.commitments];
  for (const correction of corrections) {
    const index = commitments.findIndex((c) => c.id === correction.commitment);
    const unit = commitments[index];
    if (!unit) continue;
    if (correction.kind === 'split' && correction.at > 0 && correction.at < unit.text.length) {
      // Offsets count in the unit's folded text; the source span is cut at the same distance from its start.
      const cut = Math.min(unit.span.end, unit.span.start + correction.at);
      const head = { ...unit, text: unit.text.slice(0, correction.at).trim(), span: { start: unit.span.start, end: cut } };
      const tail = { ...unit, id: `${unit.id}~2`, text: unit.text.slice(correction.at).trim(), span: { start: cut, end: unit.span.end } };
      commitments.splice(index, 1, head, tail);
    } else if (correction.kind === 'merge') {
      const other = commitments.find((c) => c.id === correction.with);
      if (!other) continue;
      const merged = {
        ...unit,
        text: `${unit.text} ${other.text}`,
        span: { start: Math.min(unit.span.start, other.span.start), end: Math.max(unit.span.end, other.span.end) },
        actors: [...new Set([...unit.actors, ...other.actors])],
        themes: [...unit.themes, ...other.themes.filter((t) => !unit.themes.some((u) => u.theme === t.theme))],
      };
      commitments = commitments
        .filter((c) => c.id !== other.id)
        .map((c) => (c.id === unit.id ? merged : c.parentId === other.id ? { ...c, parentId: unit.id } : c));
    }
  }
  return { ...extraction, commitments };
}

/**
 * Remembers whole-register aggregates (portfolio, matrix, organizations, facets) until the register changes:
 * at 200k commitments they take seconds to compute and change only when something is written.
 */
class AggregateCache {
  readonly #entries = new Map<string, { generation: number; value: unknown }>();
  constructor(
    private readonly generation: () => Promise<number>,
    private readonly capacity = 200,
  ) {}

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const generation = await this.generation();
    const hit = this.#entries.get(key);
    if (hit && hit.generation === generation) return hit.value as T;
    const value = await compute();
    this.#entries.delete(key);
    this.#entries.set(key, { generation, value });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return value;
  }
}

export function storeRegister(store: Store): Register {
  const { db } = store;
  const today = () => new Date();
  const cache = new AggregateCache(() => registerGeneration(db));
  const key = (...parts: unknown[]) => JSON.stringify(parts);

  const allPlans = async (): Promise<PlanSummary[]> => {
    const plans: PlanSummary[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await queries.listPlans(db, {}, { limit: 1000, offset }, today());
      plans.push(...page.items);
      if (page.items.length < 1000) return plans;
    }
  };

  return {
    isEmpty: () => registerIsEmpty(db),

    async loadDemo() {
      // The ingest ops pull in the extractor and its PDF/DOCX readers: loaded when first needed, not at start-up.
      const { demoLoad } = await import('../ops/demo-load.js');
      const outcomes = await demoLoad(store);
      const stored = outcomes.filter((o) => o.status !== 'failed');
      return { plans: stored.length, commitments: stored.reduce((n, o) => n + o.commitments, 0) };
    },

    portfolio: (now) => cache.get(key('portfolio', now.toISOString().slice(0, 10)), () => portfolio(now)),

    matrix: (filter) => cache.get(key('matrix', withoutQuery(filter)), () => queries.themePartnerMatrix(db, withoutQuery(filter))),
    listPlans: (filter, page) => queries.listPlans(db, withoutQuery(filter), page, today()),
    getPlan: (id) => queries.getPlan(db, id, today()),
    listCommitments: (filter, page) => queries.listCommitments(db, withoutQuery(filter), page),
    getCommitment: (id) => queries.getCommitment(db, id),

    async similar(id, limit) {
      const scored = await similarCommitmentIds(db, id, limit);
      const views = await queries.commitmentsById(db, scored.map((s) => s.id));
      const score = new Map(scored.map((s) => [s.id, s.score]));
      return views.map((commitment) => ({ commitment, score: score.get(commitment.id) ?? 0 }));
    },

    async search(q, filter, page): Promise<SearchResult> {
      const rest = withoutQuery(filter);
      const text = q.trim();
      const facets = (match: Match) => cache.get(key('facets', rest, match), () => facetCounts(db, rest, match));
      if (!text) {
        const [list, counts] = await Promise.all([queries.listCommitments(db, rest, page), facets({ mode: 'none' })]);
        const { sampled, ...byFacet } = counts;
        return {
          items: list.items.map((commitment) => ({ commitment, rank: 0, snippet: [{ text: commitment.text, match: false }] })),
          total: list.total,
          facets: byFacet,
          facetsSampled: sampled,
        };
      }
      const result = await queries.searchCommitments(db, text, rest, page);
      const match: Match = result.mode === 'fulltext' && !UNSPACED.test(text) ? { mode: 'fulltext', query: text } : { mode: 'substring', terms: text.split(/\s+/).filter(Boolean) };
      const { sampled, ...byFacet } = await facets(match);
      return { items: result.items, total: result.total, facets: byFacet, facetsSampled: sampled };
    },

    listOrganizations: (filter, page) => cache.get(key('organizations', withoutQuery(filter), page), () => queries.listOrganizations(db, withoutQuery(filter), page)),

    editCommitment: (id, expectedVersion, edit, author) => translated(() => commitmentCorrect(store, id, expectedVersion, edit, author)),

    async saveExtraction(extraction, bytes, corrections, author) {
      const reshaped = reshapeDraft(extraction, corrections);
      const stored = await planStore(store, reshaped, bytes, { actor: author });
      if (stored.status === 'existing') return { planId: stored.planId, created: false };
      for (const correction of corrections) {
        if (correction.kind !== 'edit') continue;
        const id = `${stored.planId}:${correction.commitment}`;
        const current = await queries.getCommitment(db, id);
        if (!current) continue;
        await translated(() => commitmentCorrect(store, id, current.version, correction.edit as CommitmentEdit, author));
      }
      return { planId: stored.planId, created: true };
    },
  };

  async function portfolio(now: Date): Promise<Portfolio> {
    const [plans, counts] = await Promise.all([allPlans(), portfolioCounts(db)]);
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
