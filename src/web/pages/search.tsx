// Search: full text over commitments with facets (party, theme, strength, organization, plan, year);
// without a query it lists the commitments the filters select (the matrix links here).
import type { PageContent, WebPage } from '../page.js';
import { CommitmentItem, FilterForm, Pagination, filterFromQuery, offsetFromQuery } from '../components.js';
import { FACET_SAMPLE, type CommitmentFilter } from '../../ops/register.js';
import { withoutQuery } from '../../ops/filter.js';
import { READ } from '../../auth/policy.js';
import { encodeCursor, searchCursorOf } from '../../http/cursor.js';

const LIMIT = 25;

/** The CSV export of the commitments the page lists: the same filters, over GET /api/commitments.csv. */
function csvLink(filter: CommitmentFilter): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(withoutQuery(filter))) if (value !== undefined) params.set(name, String(value));
  const query = params.toString();
  return `/api/commitments.csv${query ? `?${query}` : ''}`;
}

export const searchPages: WebPage[] = [
  {
    method: 'get',
    path: '/search',
    permission: READ,
    nav: { label: 'nav.search', order: 30 },
    async handle(ctx): Promise<PageContent> {
      const { tr } = ctx;
      const filter = filterFromQuery(ctx);
      const q = filter.q ?? '';
      // A query's pages follow each other by cursor (the hit after the last one shown, as the API's `next`), so
      // none is skipped or shown twice among equal ranks; the list without a query pages by offset.
      const cursor = ctx.c.req.query('after');
      const after = q.trim() && cursor ? searchCursorOf(cursor) : undefined;
      const offset = after ? 0 : offsetFromQuery(ctx);
      const result = await ctx.deps.register.search(filter, { limit: LIMIT, offset, ...(after ? { afterHit: after } : {}) });
      const params = new URLSearchParams(ctx.c.req.query());
      params.delete('lang');
      const body = (
        <>
          <h1>{tr.t('search.title')}</h1>
          <FilterForm
            ctx={ctx}
            action="/search"
            filter={filter}
            facets={result.facets}
            withQuery
          />
          <p role="status" class="result-count">
            {result.totalExact
              ? tr.t('search.count', { n: tr.number(result.total) })
              : q.trim()
                ? tr.t('search.countAbout', { n: tr.number(result.total), ranked: tr.number(result.ranked) })
                : tr.t('search.countAboutList', { n: tr.number(result.total) })}
            {result.facetsSampled ? ` ${tr.t('search.sampled', { n: tr.number(FACET_SAMPLE) })}` : ''}
          </p>
          {q ? null : (
            <p>
              <a href={csvLink(filter)} download="commitments.csv">
                {tr.t('search.csv')}
              </a>
            </p>
          )}
          {result.translatedQuery ? <p class="muted">{tr.t('search.translated', { q: result.translatedQuery })}</p> : null}
          <ol class="results">
            {result.items.map((hit) => (
              <CommitmentItem ctx={ctx} commitment={hit.commitment} snippet={q ? hit.snippet : undefined} />
            ))}
          </ol>
          <Pagination
            ctx={ctx}
            total={result.ranked}
            totalExact={q.trim() ? true : result.totalExact}
            limit={LIMIT}
            offset={after ? after.position : offset}
            path="/search"
            params={params}
            next={result.nextHit ? encodeCursor(result.nextHit) : undefined}
          />
        </>
      );
      return { title: q ? tr.t('search.titleFor', { q }) : tr.t('search.title'), body };
    },
  },
];
