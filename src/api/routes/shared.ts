// Pieces every API module uses: the CLI-compatible filters, pagination with totals and links, ETags.
import type { Context } from 'hono';
import { ApiError } from '../problem.js';
import type { JsonSchema, QueryParam, RouteInput } from '../route.js';
import type { CommitmentFilter, PageRequest, Paged } from '../register.js';
import type { Strength } from '../../types.js';

export const strengths = ['firm', 'intent', 'exploratory'] as const satisfies readonly Strength[];

/** The filters of `kizuna list`/`kizuna search`, with the same names. */
export const filterParams: readonly QueryParam[] = [
  { name: 'party', description: 'Partner party (ISO 3166-1 alpha-2), e.g. DK', schema: { type: 'string', maxLength: 8 } },
  { name: 'theme', description: 'Theme id from the taxonomy, e.g. energy', schema: { type: 'string', maxLength: 64 } },
  { name: 'strength', description: 'Commitment strength', schema: { type: 'string', enum: strengths } },
  { name: 'organization', description: 'Organization id, e.g. JP:meti', schema: { type: 'string', maxLength: 128 } },
  { name: 'plan', description: 'Plan id', schema: { type: 'string', maxLength: 128 } },
  { name: 'year', description: 'Plans in force during this year', schema: { type: 'integer', minimum: 1900, maximum: 2200 } },
  { name: 'q', description: 'Full-text query', schema: { type: 'string', maxLength: 500 } },
];

export const pageParams: readonly QueryParam[] = [
  { name: 'limit', description: 'Items per page (1–200)', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
  { name: 'offset', description: 'Items to skip', schema: { type: 'integer', minimum: 0, maximum: 100_000_000, default: 0 } },
];

export function filterOf(query: RouteInput['query']): CommitmentFilter {
  const filter: CommitmentFilter = {};
  for (const key of ['party', 'theme', 'organization', 'plan', 'q'] as const) {
    const value = query[key];
    if (typeof value === 'string') filter[key] = key === 'party' ? value.toUpperCase() : value;
  }
  if (typeof query.strength === 'string') filter.strength = query.strength as Strength;
  if (typeof query.year === 'number') filter.year = query.year;
  return filter;
}

export function pageOf(query: RouteInput['query']): PageRequest {
  return { limit: Number(query.limit ?? 50), offset: Number(query.offset ?? 0) };
}

/** `{items, total, limit, offset, links}` plus an RFC 8288 Link header, so clients can page either way. */
export function pagedJson<T>(c: Context, page: PageRequest, result: Paged<T>, extra: Record<string, unknown> = {}): Response {
  const url = new URL(c.req.url);
  const at = (offset: number) => {
    const next = new URL(url);
    next.searchParams.set('offset', String(offset));
    next.searchParams.set('limit', String(page.limit));
    return next.pathname + next.search;
  };
  const links: Record<string, string> = { self: at(page.offset), first: at(0) };
  if (page.offset + page.limit < result.total) links.next = at(page.offset + page.limit);
  if (page.offset > 0) links.prev = at(Math.max(0, page.offset - page.limit));
  const last = result.total === 0 ? 0 : Math.floor((result.total - 1) / page.limit) * page.limit;
  links.last = at(last);
  c.header('Link', Object.entries(links).filter(([rel]) => rel !== 'self').map(([rel, href]) => `<${href}>; rel="${rel}"`).join(', '));
  return c.json({ items: result.items, total: result.total, limit: page.limit, offset: page.offset, links, ...extra });
}

export const pagedSchema = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  required: ['items', 'total', 'limit', 'offset', 'links'],
  properties: {
    items: { type: 'array', items: item },
    total: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    links: { type: 'object', properties: { self: { type: 'string' }, first: { type: 'string' }, last: { type: 'string' }, next: { type: 'string' }, prev: { type: 'string' } } },
  },
});

export const etagOf = (version: number): string => `"v${version}"`;

/**
 * The version an edit expects, from If-Match (`"v3"`, or a list `"v3", "v4"` of which the first counts).
 * Missing → 428; unparseable or not the current version → 412; `*` accepts whatever is current.
 */
export function expectedVersion(c: Context, current: number): number {
  const header = c.req.header('If-Match');
  if (!header) throw new ApiError('precondition-required', 'Send If-Match with the ETag from your last GET of this record.');
  if (header.trim() === '*') return current;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  // Matches "v3" (our ETags are quoted version numbers).
  const versions = tags.map((t) => /^"v(\d+)"$/.exec(t)?.[1]).filter((v): v is string => v !== undefined).map(Number);
  if (!versions.includes(current)) {
    throw new ApiError('precondition-failed', `If-Match ${header} does not match the current version ${etagOf(current)}; reload and reapply your edit.`);
  }
  return current;
}

/** Reads a JSON body, refusing other media types (415) and malformed JSON (400). */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new ApiError('unsupported-media-type', `Expected application/json, got ${type || 'no Content-Type'}.`);
  try {
    return await c.req.json();
  } catch {
    throw new ApiError('invalid-request', 'The body is not valid JSON.', [{ name: 'body', reason: 'is not valid JSON' }]);
  }
}
