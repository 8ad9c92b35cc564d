// Small pieces the pages share: badges, filter forms, pagination, snippets. All text goes through JSX
// (escaped); nothing here takes HTML.
import type { PageContext } from './page.js';
import type { RoundOrganizationProgress } from '../types.js';
import type { CommitmentFilter, CommitmentView, FacetValue, PlanSummary, SnippetPart } from '../ops/register.js';
import { FACET_NAMES, readFilter, type FacetName } from '../ops/filter.js';

export function StrengthBadge(props: { ctx: PageContext; strength: string }) {
  return <span class={`badge strength-${props.strength}`}>{props.ctx.labels.strength(props.strength)}</span>;
}

/** A commitment's implementation status as a badge (colour by status, words in the page's language). */
export function StatusBadge(props: { ctx: PageContext; status: string }) {
  return <span class={`badge status status-${props.status}`}>{props.ctx.labels.status(props.status)}</span>;
}

export function ThemeChips(props: { ctx: PageContext; themes: { theme: string }[] }) {
  const unique = [...new Set(props.themes.map((t) => t.theme))];
  if (!unique.length) return <span class="muted">—</span>;
  return (
    <ul class="chips">
      {unique.map((theme) => (
        <li>
          <a href={`/search?theme=${encodeURIComponent(theme)}`}>{props.ctx.labels.theme(theme)}</a>
        </li>
      ))}
    </ul>
  );
}

export function Parties(props: { ctx: PageContext; parties: string[] }) {
  return <>{props.parties.map((p) => props.ctx.labels.party(p)).join(' – ')}</>;
}

export function Period(props: { ctx: PageContext; plan: PlanSummary }) {
  const { tr } = props.ctx;
  const { start, end } = props.plan.period;
  if (!start && !end) return <>—</>;
  return (
    <>
      {tr.date(start)} – {tr.date(end)}
    </>
  );
}

export function planTitle(ctx: PageContext, plan: { title: string | null; documentName?: string }): string {
  return plan.title?.trim() || plan.documentName || ctx.tr.t('plan.untitled');
}

export function Snippet(props: { parts: SnippetPart[] }) {
  return <>{props.parts.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</>;
}

export function CommitmentItem(props: { ctx: PageContext; commitment: CommitmentView; snippet?: SnippetPart[] }) {
  const { ctx, commitment } = props;
  return (
    <li class="commitment-card">
      <p>
        <a href={`/commitments/${encodeURIComponent(commitment.id)}`}>{props.snippet ? <Snippet parts={props.snippet} /> : commitment.text}</a>
      </p>
      <p class="meta">
        <StrengthBadge ctx={ctx} strength={commitment.strength} /> <StatusBadge ctx={ctx} status={commitment.status} /> <Parties ctx={ctx} parties={commitment.parties} /> ·{' '}
        <a href={`/plans/${encodeURIComponent(commitment.planId)}`}>{commitment.planTitle || ctx.tr.t('plan.untitled')}</a>
        {commitment.section ? ` · ${commitment.section}` : ''}
      </p>
    </li>
  );
}

/** Previous/next links that keep the current filters. */
/**
 * "26–50 of 300" with previous and next links. With `next` (a keyset cursor) the next page starts right after
 * the last item shown (`?after=`); `offset` then only says where this page stands.
 */
/** Page links and where this page stands; `totalExact: false` says the total is an estimate ("of about 1,162"). */
export function Pagination(props: { ctx: PageContext; total: number; totalExact?: boolean; limit: number; offset: number; path: string; params: URLSearchParams; next?: string }) {
  const { tr } = props.ctx;
  const link = (offset: number) => {
    const params = new URLSearchParams(props.params);
    params.delete('after');
    params.set('offset', String(offset));
    return `${props.path}?${params}`;
  };
  const nextLink = (cursor: string) => {
    const params = new URLSearchParams(props.params);
    params.delete('offset');
    params.set('after', cursor);
    return `${props.path}?${params}`;
  };
  const from = props.total === 0 ? 0 : props.offset + 1;
  const to = Math.min(props.total, props.offset + props.limit);
  return (
    <nav class="pagination" aria-label={tr.t('pagination.label')}>
      <p>{tr.t(props.totalExact === false ? 'pagination.rangeAbout' : 'pagination.range', { from: tr.number(from), to: tr.number(to), total: tr.number(props.total) })}</p>
      {props.offset > 0 ? <a href={link(Math.max(0, props.offset - props.limit))} rel="prev">{tr.t('pagination.prev')}</a> : null}
      {props.next ? <a href={nextLink(props.next)} rel="next">{tr.t('pagination.next')}</a> : to < props.total ? <a href={link(props.offset + props.limit)} rel="next">{tr.t('pagination.next')}</a> : null}
    </nav>
  );
}

const facetLabel = (ctx: PageContext, facet: FacetName, value: string): string => {
  if (facet === 'theme') return ctx.labels.theme(value);
  if (facet === 'party') return ctx.labels.party(value);
  if (facet === 'strength') return ctx.labels.strength(value);
  if (facet === 'status') return ctx.labels.status(value);
  return value;
};

/** A GET form of filter selects; options come from facet counts, so only values that exist are offered. */
export function FilterForm(props: {
  ctx: PageContext;
  action: string;
  filter: CommitmentFilter;
  facets: Partial<Record<FacetName, FacetValue[]>>;
  withQuery?: boolean;
}) {
  const { ctx, filter } = props;
  const { tr } = ctx;
  return (
    <form class="filters" method="get" action={props.action} role="search">
      {props.withQuery ? (
        <p class="field wide">
          <label for="q">{tr.t('search.query')}</label>
          <input id="q" name="q" type="search" value={filter.q ?? ''} />
        </p>
      ) : null}
      {FACET_NAMES
        .filter((name) => props.facets[name])
        .map((name) => {
          const current = filter[name] === undefined ? '' : String(filter[name]);
          const values = props.facets[name] ?? [];
          return (
            <p class="field">
              <label for={`f-${name}`}>{tr.t(`facet.${name}`)}</label>
              <select id={`f-${name}`} name={name}>
                <option value="">{tr.t('facet.any')}</option>
                {values.map((v) => (
                  <option value={v.value} selected={v.value === current}>
                    {`${name === 'plan' ? (v.label ?? v.value) : name === 'organization' ? ctx.labels.organization({ id: v.value, name: v.label ?? v.value, acronym: null }) : facetLabel(ctx, name, v.value)} (${tr.number(v.count)})`}
                  </option>
                ))}
              </select>
            </p>
          );
        })}
      <p class="field">
        <button type="submit">{tr.t('filters.apply')}</button>
      </p>
    </form>
  );
}

/** Reads the CLI-compatible filters from a page's query string (invalid values are ignored, not fatal). */
/** The page's filter from its query string, read as the CLI and the API read it (values out of range are ignored). */
export function filterFromQuery(ctx: PageContext): CommitmentFilter {
  return readFilter((name) => ctx.c.req.query(name)).filter;
}

export function offsetFromQuery(ctx: PageContext): number {
  const offset = Number(ctx.c.req.query('offset') ?? 0);
  return Number.isInteger(offset) && offset >= 0 ? offset : 0;
}

/** An update round's progress per organization asked: the round page and the annual review show the same table. */
export function RoundOrganizations(props: { ctx: PageContext; organizations: RoundOrganizationProgress[] }) {
  const { tr, labels } = props.ctx;
  return (
    <div class="scroll" tabindex={0}>
      <table class="round-organizations">
        <thead>
          <tr>
            <th scope="col">{tr.t('round.organization')}</th>
            <th scope="col">{tr.t('round.side')}</th>
            <th scope="col" class="num">{tr.t('round.asked')}</th>
            <th scope="col" class="num">{tr.t('round.answered')}</th>
            <th scope="col" class="num">{tr.t('round.accepted')}</th>
            <th scope="col" class="num">{tr.t('round.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {props.organizations.map((o) => (
            <tr>
              <th scope="row">{labels.organization(o)}</th>
              <td>{labels.party(o.side)}</td>
              <td class="num">{tr.number(o.total)}</td>
              <td class="num">{tr.number(o.answered)}</td>
              <td class="num">{tr.number(o.accepted)}</td>
              <td class="num">{tr.number(o.overdue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
