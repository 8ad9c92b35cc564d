// Portfolio (home): every partnership's plans on a timeline, counts by strength and theme, plans expiring
// within a year; on an empty register, a button that loads the demo seeds.
import type { PageContent, PageContext, WebPage } from '../page.js';
import type { Partnership, PlanSummary, Portfolio } from '../../ops/register.js';
import { Parties, Period, StrengthBadge, planTitle } from '../components.js';
import { editing } from '../chrome.js';
import { READ, only } from '../../auth/policy.js';

const yearOf = (iso: string | null) => (iso ? Number(iso.slice(0, 4)) : null);
/** Fraction of a year an ISO date is into it: `2024-07` → 2024.5; a bare year counts as its start. */
const when = (iso: string | null): number | null => {
  if (!iso) return null;
  const [y, m = '1', d = '1'] = iso.split('-');
  return Number(y) + (Number(m) - 1) / 12 + (Number(d) - 1) / 365;
};

/**
 * One row per partnership (its plans side by side along the years: successive plans rarely overlap), as a
 * table: the partnership names are its row headers, which stay in view (sticky) while the years scroll
 * sideways inside the box on a phone. Each lane is an SVG stretched to its cell (attributes, no inline style).
 */
/** Plans per partnership the timeline draws: the latest (a ministry's decades of plans would make one unreadable lane and a page of megabytes). */
const TIMELINE_PLANS = 12;

const newestFirst = (plans: PlanSummary[]) => [...plans].sort((a, b) => (b.period.start ?? b.signed.date ?? '').localeCompare(a.period.start ?? a.signed.date ?? ''));

function Timeline(props: { ctx: PageContext; partnerships: Partnership[] }) {
  const { ctx } = props;
  const capped = props.partnerships.some((p) => p.plans.length > TIMELINE_PLANS);
  const partnerships = props.partnerships.map((p) => ({ ...p, plans: newestFirst(p.plans).slice(0, TIMELINE_PLANS) }));
  const plans = partnerships.flatMap((p) => p.plans);
  const years = plans.flatMap((p) => [yearOf(p.period.start) ?? yearOf(p.signed.date), yearOf(p.period.end)]).filter((y): y is number => y !== null);
  if (!years.length) return null;
  const from = Math.min(...years);
  const to = Math.max(...years) + 1;
  const width = 650;
  const x = (t: number) => 4 + ((t - from) / (to - from)) * (width - 8);
  const ticks = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  // About a dozen labelled years whatever the span: every year up to 12, every other up to 24, …
  const step = Math.ceil((to - from) / 12);
  const grid = ticks.map((year) => <line x1={x(year)} x2={x(year)} y1={0} y2={20} class="tick" vector-effect="non-scaling-stroke" />);
  return (
    <figure class="timeline">
      <div class="scroll">
        <table class="timeline-table">
          <caption class="visually-hidden">{ctx.tr.t('portfolio.timeline')}</caption>
          <thead>
            <tr>
              <th scope="col" class="lane-label">
                {ctx.tr.t('plan.parties')}
              </th>
              <th scope="col" class="lane">
                <span class="visually-hidden">{`${from}–${to - 1}`}</span>
                <svg viewBox={`0 0 ${width} 16`} aria-hidden="true" class="axis">
                  {ticks.map((year) =>
                    year < to && (year - from) % step === 0 ? (
                      <text x={x(year) + 2} y={12} class="tick-label">
                        {String(year)}
                      </text>
                    ) : null,
                  )}
                </svg>
              </th>
            </tr>
          </thead>
          <tbody>
            {partnerships.map((partnership) => (
              <tr>
                <th scope="row" class="lane-label">
                  {partnership.parties.map((p) => ctx.labels.party(p)).join('–')}
                </th>
                <td class="lane">
                  <svg viewBox={`0 0 ${width} 20`} preserveAspectRatio="none" role="group" aria-label={partnership.parties.map((p) => ctx.labels.party(p)).join('–')}>
                    {grid}
                    {partnership.plans.map((plan) => {
                      const start = when(plan.period.start) ?? when(plan.signed.date);
                      const end = when(plan.period.end);
                      const signed = when(plan.signed.date);
                      // a plan with no date at all has nothing to draw (and no empty link is left to tab to)
                      if (start === null && signed === null) return null;
                      return (
                        <a href={`/plans/${encodeURIComponent(plan.id)}`}>
                          <title>{`${planTitle(ctx, plan)}: ${ctx.tr.date(plan.period.start)} – ${ctx.tr.date(plan.period.end)}`}</title>
                          {start !== null ? <rect x={x(start)} y={2} width={Math.max(4, x(end ?? start + 1) - x(start))} height={16} class={`bar status-${plan.status}`} /> : null}
                          {signed !== null ? <line x1={x(signed)} x2={x(signed)} y1={0} y2={20} class="signed" vector-effect="non-scaling-stroke" /> : null}
                        </a>
                      );
                    })}
                  </svg>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption>
        {ctx.tr.t('portfolio.timelineCaption')}
        {capped ? ` ${ctx.tr.t('portfolio.timelineLatest', { n: ctx.tr.number(TIMELINE_PLANS) })}` : ''}
      </figcaption>
    </figure>
  );
}

function Bars(props: { rows: { label: string; count: number; href: string }[]; caption: string }) {
  const max = Math.max(1, ...props.rows.map((r) => r.count));
  return (
    <table class="bars">
      <caption class="visually-hidden">{props.caption}</caption>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">
              <a href={r.href}>{r.label}</a>
            </th>
            <td class="num">{String(r.count)}</td>
            <td class="bar-cell" aria-hidden="true">
              <svg viewBox="0 0 100 10" preserveAspectRatio="none">
                <rect x={0} y={0} height={10} width={(r.count / max) * 100} />
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PlanRow(props: { ctx: PageContext; plan: PlanSummary }) {
  const { ctx, plan } = props;
  return (
    <tr>
      <td>
        <a href={`/plans/${encodeURIComponent(plan.id)}`}>{planTitle(ctx, plan)}</a>
      </td>
      <td>
        <Parties ctx={ctx} parties={plan.parties} />
      </td>
      <td>
        <Period ctx={ctx} plan={plan} />
      </td>
      <td>{ctx.tr.date(plan.signed.date)}</td>
      <td>{ctx.tr.t(`status.${plan.status}`)}</td>
      <td class="num">{ctx.tr.number(plan.commitmentCount)}</td>
    </tr>
  );
}

function PlansTable(props: { ctx: PageContext; plans: PlanSummary[]; caption: string }) {
  const { tr } = props.ctx;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{tr.t('plan.title')}</th>
          <th scope="col">{tr.t('plan.parties')}</th>
          <th scope="col">{tr.t('plan.period')}</th>
          <th scope="col">{tr.t('plan.signed')}</th>
          <th scope="col">{tr.t('plan.status')}</th>
          <th scope="col" class="num">{tr.t('plan.commitments')}</th>
        </tr>
      </thead>
      <tbody>
        {props.plans.map((plan) => (
          <PlanRow ctx={props.ctx} plan={plan} />
        ))}
      </tbody>
    </table>
  );
}

/** One row per partnership: its plans (newest first, linked), how many are in force, commitments in all. */
function PartnershipsTable(props: { ctx: PageContext; partnerships: Partnership[] }) {
  const { ctx } = props;
  const { tr } = ctx;
  return (
    <div class="scroll">
      <table>
        <caption class="visually-hidden">{tr.t('portfolio.allPlans')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr.t('plan.parties')}</th>
            <th scope="col">{tr.t('portfolio.plans')}</th>
            <th scope="col" class="num">{tr.t('status.in_force')}</th>
            <th scope="col" class="num">{tr.t('plan.commitments')}</th>
          </tr>
        </thead>
        <tbody>
          {props.partnerships.map((p) => {
            const plans = newestFirst(p.plans);
            const shown = plans.slice(0, 3);
            return (
              <tr>
                <th scope="row">
                  <Parties ctx={ctx} parties={p.parties} />
                </th>
                <td>
                  <ul class="plan-list">
                    {shown.map((plan) => (
                      <li>
                        <a href={`/plans/${encodeURIComponent(plan.id)}`}>{planTitle(ctx, plan)}</a> <span class="muted">(<Period ctx={ctx} plan={plan} />, {tr.t(`status.${plan.status}`)})</span>
                      </li>
                    ))}
                    {plans.length > shown.length ? (
                      <li>
                        <a href={`/search?party=${encodeURIComponent(p.parties.find((code) => code !== 'JP') ?? p.parties[0] ?? '')}`}>{tr.t('portfolio.morePlans', { n: plans.length - shown.length })}</a>
                      </li>
                    ) : null}
                  </ul>
                </td>
                <td class="num">{tr.number(p.plans.filter((plan) => plan.status === 'in_force').length)}</td>
                <td class="num">{tr.number(p.plans.reduce((n, plan) => n + plan.commitmentCount, 0))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Empty(props: { ctx: PageContext }) {
  const { tr } = props.ctx;
  return (
    <section class="empty">
      <h1>{tr.t('portfolio.emptyTitle')}</h1>
      <p>{tr.t('portfolio.emptyText')}</p>
      {editing(props.ctx.c) ? (
        <>
          <form method="post" action="/demo">
            <button type="submit" class="primary">
              {tr.t('portfolio.loadDemo')}
            </button>
          </form>
          <p>
            <a href="/upload">{tr.t('portfolio.orUpload')}</a>
          </p>
        </>
      ) : null}
    </section>
  );
}

function Overview(props: { ctx: PageContext; portfolio: Portfolio }) {
  const { ctx, portfolio } = props;
  const { tr } = ctx;
  const strengths = (['firm', 'intent', 'exploratory'] as const).map((s) => ({
    label: ctx.labels.strength(s),
    count: portfolio.byStrength[s] ?? 0,
    href: `/search?strength=${s}`,
  }));
  const themes = portfolio.byTheme.map((t) => ({ label: ctx.labels.theme(t.value), count: t.count, href: `/search?theme=${encodeURIComponent(t.value)}` }));
  return (
    <>
      <h1>{tr.t('portfolio.title')}</h1>
      <ul class="totals">
        <li>
          <strong>{tr.number(portfolio.totals.plans)}</strong> {tr.t('portfolio.plans')}
        </li>
        <li>
          <strong>{tr.number(portfolio.totals.commitments)}</strong> {tr.t('portfolio.commitments')}
        </li>
        <li>
          <strong>{tr.number(portfolio.totals.organizations)}</strong> {tr.t('portfolio.organizations')}
        </li>
      </ul>
      <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">{tr.t('portfolio.timeline')}</h2>
        <Timeline ctx={ctx} partnerships={portfolio.partnerships} />
      </section>
      <section aria-labelledby="h-expiring">
        <h2 id="h-expiring">{tr.t('portfolio.expiring')}</h2>
        {portfolio.expiringSoon.length ? (
          <PlansTable
            ctx={ctx}
            plans={[...portfolio.expiringSoon].sort((a, b) => (a.period.end ?? '').localeCompare(b.period.end ?? '')).slice(0, 20)}
            caption={
              portfolio.expiringSoon.length > 20 ? tr.t('portfolio.expiringFirst', { n: portfolio.expiringSoon.length }) : tr.t('portfolio.expiringCaption')
            }
          />
        ) : (
          <p>{tr.t('portfolio.noneExpiring')}</p>
        )}
      </section>
      <div class="columns">
        <section aria-labelledby="h-strength">
          <h2 id="h-strength">{tr.t('portfolio.byStrength')}</h2>
          <Bars rows={strengths} caption={tr.t('portfolio.byStrength')} />
          <p class="legend">
            {(['firm', 'intent', 'exploratory'] as const).map((s) => (
              <>
                <StrengthBadge ctx={ctx} strength={s} /> {tr.t(`strength.${s}.help`)}{' '}
              </>
            ))}
          </p>
        </section>
        <section aria-labelledby="h-theme">
          <h2 id="h-theme">{tr.t('portfolio.byTheme')}</h2>
          <Bars rows={themes} caption={tr.t('portfolio.byTheme')} />
        </section>
      </div>
      <section aria-labelledby="h-plans">
        <h2 id="h-plans">{tr.t('portfolio.allPlans')}</h2>
        <PartnershipsTable ctx={ctx} partnerships={portfolio.partnerships} />
        <p>
          <a href="/plans/removed">{tr.t('removed.link')}</a>
        </p>
      </section>
    </>
  );
}

/** After a plan was removed (`/?done=removed&plan=…&title=…`): what went, and a button to restore it. */
function Removed(props: { ctx: PageContext }) {
  const { c, tr } = props.ctx;
  const plan = c.req.query('plan');
  if (c.req.query('done') !== 'removed' || !plan || !/^p-[0-9a-f]{12}$/.test(plan) || !editing(c)) return null;
  return (
    <div class="confirmation" role="status">
      <p>{tr.t('plan.removed', { title: c.req.query('title') ?? plan })}</p>
      <form method="post" action={`/plans/${plan}/restore`}>
        <button type="submit">{tr.t('plan.restore')}</button>
      </form>
      <p>
        <a href="/plans/removed">{tr.t('removed.link')}</a>
      </p>
    </div>
  );
}

export const portfolioPages: WebPage[] = [
  {
    method: 'get',
    path: '/',
    permission: READ,
    nav: { label: 'nav.portfolio', order: 10 },
    async handle(ctx): Promise<PageContent> {
      const { register } = ctx.deps;
      if (await register.isEmpty()) return { title: ctx.tr.t('portfolio.emptyTitle'), body: <Empty ctx={ctx} /> };
      const portfolio = await register.portfolio(ctx.deps.now());
      return {
        title: ctx.tr.t('portfolio.title'),
        body: (
          <>
            <Removed ctx={ctx} />
            <Overview ctx={ctx} portfolio={portfolio} />
          </>
        ),
      };
    },
  },
  {
    method: 'post',
    path: '/demo',
    permission: only('administer'),
    async handle(ctx) {
      await ctx.deps.register.loadDemo();
      return ctx.c.redirect('/', 303);
    },
  },
];
