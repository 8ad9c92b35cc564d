// Pieces every API module uses: the CLI-compatible filters, pagination with totals and links, JSON bodies.
import type { Context } from 'hono';
import { KizunaError } from '../../errors.js';
import type { JsonSchema, QueryParam, RouteInput } from '../route.js';
import type { CommitmentCursor, PageRequest, Paged, SearchCursor } from '../../ops/register.js';
import { commitmentCursorOf, encodeCursor, searchCursorOf } from '../../http/cursor.js';
import { FILTER_FIELDS, readFilter, type CommitmentFilter } from '../../ops/filter.js';

/** The filters of `kizuna list`/`kizuna search`, with the same names (one definition: ops/filter.ts). */
export const filterParams: readonly QueryParam[] = FILTER_FIELDS.map((f) => ({ name: f.name, description: f.description, schema: f.schema }));

export const pageParams: readonly QueryParam[] = [
  { name: 'limit', description: 'Items per page (1–200)', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
  { name: 'offset', description: 'Items to skip', schema: { type: 'integer', minimum: 0, maximum: 100_000_000, default: 0 } },
];

/** The filter of a checked query (the router has enforced filterParams already). */
export function filterOf(query: RouteInput['query']): CommitmentFilter {
  const { filter, invalid } = readFilter((name) => query[name]);
  if (invalid.length) throw new KizunaError('invalid-request', invalid.map((i) => `query.${i.name} ${i.reason}`).join('; '), invalid.map((i) => ({ ...i, name: `query.${i.name}` })));
  return filter;
}

export function pageOf(query: RouteInput['query']): PageRequest {
  return { limit: Number(query.limit ?? 50), offset: Number(query.offset ?? 0) };
}

/** The keyset parameter of commitment lists: the `next` cursor of the page before. */
export const cursorParam: QueryParam = {
  name: 'after',
  description: "Start after this cursor (the previous page's `next`, also in its `links.next`): pages that stay put while plans are added, and as fast at any depth",
  schema: { type: 'string', maxLength: 400 },
};

/** The page of a commitment list: `limit`, `offset` and, when given, the `after` cursor. */
export function commitmentPageOf(query: RouteInput['query']): PageRequest {
  const after = typeof query.after === 'string' && query.after ? commitmentCursorOf(query.after) : undefined;
  return { ...pageOf(query), ...(after ? { after } : {}) };
}

/** The keyset parameter of searches: the `next` cursor of the page before (of the same search). */
export const searchCursorParam: QueryParam = {
  name: 'after',
  description: "Start after this cursor (the previous page's `next`, also in its `links.next`): the hit after the last one shown, by rank then id, so no hit is skipped or repeated",
  schema: { type: 'string', maxLength: 400 },
};

/** The page of a search: with a query the cursor is a hit's (rank, id), without one a list position. */
export function searchPageOf(query: RouteInput['query'], withQuery: boolean): PageRequest {
  const text = typeof query.after === 'string' && query.after ? query.after : undefined;
  if (!text) return pageOf(query);
  return withQuery ? { ...pageOf(query), afterHit: searchCursorOf(text) } : { ...pageOf(query), after: commitmentCursorOf(text) };
}

/** `{items, total, limit, offset, links}` plus an RFC 8288 Link header, so clients can page either way. */
export function pagedJson<T>(c: Context, page: PageRequest, result: Omit<Paged<T>, 'next'> & { next?: CommitmentCursor | SearchCursor }, extra: Record<string, unknown> = {}): Response {
  const byCursor = Boolean(page.after ?? page.afterHit);
  // A commitment list whose total is the planner's estimate pages on while its `next` says more may follow.
  const estimated = result.totalExact === false;
  const url = new URL(c.req.url);
  const at = (offset: number) => {
    const next = new URL(url);
    next.searchParams.delete('after');
    next.searchParams.set('offset', String(offset));
    next.searchParams.set('limit', String(page.limit));
    return next.pathname + next.search;
  };
  const links: Record<string, string> = { self: byCursor ? url.pathname + url.search : at(page.offset), first: at(0) };
  // A keyset list gives its `next` cursor; a request that pages by cursor gets its next link by cursor too (the
  // next page starts after its last item whatever was added before it), one that pages by offset keeps offsets.
  if (result.next) extra = { next: encodeCursor(result.next), ...extra };
  if (byCursor && result.next) {
    const next = new URL(url);
    next.searchParams.delete('offset');
    next.searchParams.set('after', encodeCursor(result.next));
    next.searchParams.set('limit', String(page.limit));
    links.next = next.pathname + next.search;
  } else if (!byCursor && (estimated ? result.next !== undefined : page.offset + page.limit < result.total)) links.next = at(page.offset + page.limit);
  if (page.offset > 0 && !byCursor) links.prev = at(Math.max(0, page.offset - page.limit));
  // An estimated total says roughly how many, not where the last page starts: no `last` link then.
  if (!estimated) links.last = at(result.total === 0 ? 0 : Math.floor((result.total - 1) / page.limit) * page.limit);
  c.header('Link', Object.entries(links).filter(([rel]) => rel !== 'self').map(([rel, href]) => `<${href}>; rel="${rel}"`).join(', '));
  const exactness = result.totalExact === undefined ? {} : { totalExact: result.totalExact };
  return c.json({ items: result.items, total: result.total, ...exactness, limit: page.limit, offset: page.offset, links, ...extra });
}

export const pagedSchema = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  required: ['items', 'total', 'limit', 'offset', 'links'],
  properties: {
    items: { type: 'array', items: item },
    total: { type: 'integer' },
    totalExact: { type: 'boolean', description: 'Commitment lists and searches: false when `total` is an estimate (counting would cost more than the page), not a count' },
    next: { type: 'string', description: 'Commitment lists and searches: the cursor for `after`, when more may follow' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    links: { type: 'object', properties: { self: { type: 'string' }, first: { type: 'string' }, last: { type: 'string' }, next: { type: 'string' }, prev: { type: 'string' } } },
  },
});

/** Reads a JSON body, refusing other media types (415) and malformed JSON (400). */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new KizunaError('unsupported-media-type', `Expected application/json, got ${type || 'no Content-Type'}.`);
  try {
    return await c.req.json();
  } catch {
    throw new KizunaError('invalid-request', 'The body is not valid JSON.', [{ name: 'body', reason: 'is not valid JSON' }]);
  }
}
