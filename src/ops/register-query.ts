// Reading the register: list, search and show, as the CLI and the API offer them.
import type { Store } from '../store/index.js';
import * as queries from '../store/queries.js';
import { hasJapanese } from '../text.js';
import { loadJaEnLexicon } from '../vocab/index.js';
import type { ReadScope } from '../store/scope.js';
import type {
  CommitmentFilter,
  CommitmentView,
  MatrixCell,
  OrganizationEngagement,
  PageRequest,
  Paged,
  PlanDetail,
  PlanSummary,
  SearchResult,
} from '../store/views.js';

export type * from '../store/views.js';

const firstPage: PageRequest = { limit: 50, offset: 0 };

// Every read takes the scope of who is reading (src/auth/principal.ts readScope).

export function planList(store: Store, scope: ReadScope, filter: CommitmentFilter = {}, page = firstPage, today = new Date()): Promise<Paged<PlanSummary>> {
  return queries.listPlans(store.db, filter, page, scope, today);
}

export function commitmentList(store: Store, scope: ReadScope, filter: CommitmentFilter = {}, page = firstPage): Promise<Paged<CommitmentView> & { totalExact: boolean }> {
  return queries.listCommitments(store.db, filter, page, scope);
}

export function organizationList(store: Store, scope: ReadScope, filter: CommitmentFilter = {}, page = firstPage): Promise<Paged<OrganizationEngagement>> {
  return queries.listOrganizations(store.db, filter, page, scope);
}

const glossaryLongestFirst = [...loadJaEnLexicon()].sort((a, b) => b[0].length - a[0].length);

/** English words for the Japanese terms of `query` the glossary knows (`水素協力` → `hydrogen or cooperation`), or null. */
export function glossaryQuery(query: string): string | null {
  let rest = query;
  const words: string[] = [];
  for (const [japanese, english] of glossaryLongestFirst) {
    if (!rest.includes(japanese)) continue;
    rest = rest.replaceAll(japanese, ' ');
    words.push(...english.split(/\s+/));
  }
  return words.length ? [...new Set(words)].join(' or ') : null;
}

/**
 * Ranked full-text search with snippets; see store/queries.ts searchCommitments for the query syntax.
 * A Japanese query that matches nothing as written is searched again through the glossary in English
 * (`水素` → hydrogen), so a Japanese user finds the English plans too; `translatedQuery` says so.
 */
export async function registerSearch(store: Store, scope: ReadScope, query: string, filter: CommitmentFilter = {}, page = firstPage): Promise<SearchResult> {
  const result = await queries.searchCommitments(store.db, query, filter, page, scope);
  if (result.total > 0 || !hasJapanese(query)) return result;
  const english = glossaryQuery(query);
  if (!english) return result;
  return { ...(await queries.searchCommitments(store.db, english, filter, page, scope)), translatedQuery: english };
}

export function themeMatrix(store: Store, scope: ReadScope, filter: CommitmentFilter = {}): Promise<MatrixCell[]> {
  return queries.themePartnerMatrix(store.db, filter, scope);
}

export type Shown =
  | { entity: 'plan'; plan: PlanDetail }
  | { entity: 'commitment'; commitment: CommitmentView }
  | { entity: 'organization'; organization: OrganizationEngagement };

/** Whatever `id` names: a plan (`p-…`), a commitment (`p-…:s2/c1`) or an organization (`JP:meti`); null if none. */
export async function registerShow(store: Store, scope: ReadScope, id: string, today = new Date()): Promise<Shown | null> {
  const plan = await queries.getPlan(store.db, id, scope, today);
  if (plan) return { entity: 'plan', plan };
  const commitment = await queries.getCommitment(store.db, id, scope);
  if (commitment) return { entity: 'commitment', commitment };
  const organization = await queries.getOrganization(store.db, id, scope);
  if (organization) return { entity: 'organization', organization };
  return null;
}
