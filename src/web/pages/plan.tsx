// A plan: its outline (sections → commitments, nested) beside its source text; selecting a commitment
// highlights its span in the text and clicking the text selects the commitment (client script).
import type { PageContent, PageContext, WebPage } from '../page.js';
import type { CommitmentView, PlanDetail } from '../../ops/register.js';
import type { Section } from '../../types.js';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { KizunaError } from '../../errors.js';
import { Parties, Period, StatusBadge, StrengthBadge, planTitle } from '../components.js';
import { STATUSES } from '../../track/status.js';
import { planPanels } from '../panels.js';
import { Confirmation, DuplicateList } from '../forms.js';
import { MeetingForm } from '../meeting-form.js';
import { duplicatesOfPlan } from '../../ops/plan-edit.js';
import { planInForce, type PlanVersionView } from '../../ops/plan-amend.js';
import { carriedOverOf, type CarriedOver } from '../../ops/lineage.js';
import { principalOf, scopeOf } from '../../http/principal.js';
import { administering } from '../chrome.js';
import { coordinates } from '../../ops/visibility.js';
import { READ } from '../../auth/policy.js';

/** Cuts the text at every span boundary; each piece belongs to the innermost commitment covering it. */
export function sourceSegments(text: string, commitments: { id: string; span: { start: number; end: number } }[]) {
  const cuts = new Set<number>([0, text.length]);
  for (const c of commitments) {
    cuts.add(Math.max(0, Math.min(text.length, c.span.start)));
    cuts.add(Math.max(0, Math.min(text.length, c.span.end)));
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const owner: (string | null)[] = new Array(Math.max(0, bounds.length - 1)).fill(null);
  const indexOf = (offset: number) => {
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((bounds[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Widest first, so narrower (nested) commitments paint over their lead-ins.
  const byWidth = [...commitments].sort((a, b) => b.span.end - b.span.start - (a.span.end - a.span.start));
  for (const c of byWidth) {
    for (let i = indexOf(c.span.start); i < indexOf(c.span.end); i++) owner[i] = c.id;
  }
  return owner.map((id, i) => ({ id, start: bounds[i] ?? 0, end: bounds[i + 1] ?? 0, text: text.slice(bounds[i], bounds[i + 1]) }));
}

function matches(c: CommitmentView, strength: string | undefined, theme: string | undefined, status: string | undefined): boolean {
  return (!strength || c.strength === strength) && (!theme || c.themes.some((t) => t.theme === theme)) && (!status || c.status === status);
}

/** Commitments per top-level section (the plan's areas) and status, for the progress bars. */
export function progressByArea(plan: Pick<PlanDetail, 'sections' | 'commitments'>): { area: string | null; title: string | null; total: number; counts: Record<string, number> }[] {
  const sections = new Map(plan.sections.map((s) => [s.id, s]));
  const rootOf = (id: string | null): string | null => {
    let at = id ? sections.get(id) : undefined;
    while (at?.parentId && sections.has(at.parentId)) at = sections.get(at.parentId);
    return at?.id ?? null;
  };
  const areas = new Map<string | null, { area: string | null; title: string | null; total: number; counts: Record<string, number> }>();
  for (const c of plan.commitments) {
    const area = rootOf(c.sectionId);
    const section = area ? sections.get(area) : undefined;
    const entry = areas.get(area) ?? { area, title: section ? [section.number, section.title].filter(Boolean).join(' ') || null : null, total: 0, counts: {} };
    entry.total++;
    entry.counts[c.status] = (entry.counts[c.status] ?? 0) + 1;
    areas.set(area, entry);
  }
  return [...areas.values()];
}

/** One stacked bar per area: how many commitments are at each status (SVG attributes, no inline style). */
function ProgressBars(props: { ctx: PageContext; plan: PlanDetail }) {
  const { ctx } = props;
  const rows = progressByArea(props.plan);
  if (!rows.length) return null;
  return (
    <section aria-labelledby="h-progress-areas">
      <h2 id="h-progress-areas">{ctx.tr.t('plan.progress')}</h2>
      {/* focusable: the box may scroll sideways on a phone and holds no link to tab to */}
      <div class="scroll" tabindex={0}>
        <table class="bars progress">
          <thead>
            <tr>
              <th scope="col">{ctx.tr.t('plan.area')}</th>
              <th scope="col">{ctx.tr.t('facet.status')}</th>
              <th scope="col" class="num">{ctx.tr.t('plan.commitments')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              let x = 0;
              const summary = STATUSES.filter((s) => row.counts[s]).map((s) => `${ctx.labels.status(s)} ${ctx.tr.number(row.counts[s]!)}`).join(', ');
              return (
                <tr>
                  <th scope="row">{row.title ?? ctx.tr.t('plan.untitledSection')}</th>
                  <td class="bar-cell">
                    <svg viewBox={`0 0 ${row.total} 1`} preserveAspectRatio="none" role="img" aria-label={summary}>
                      {STATUSES.filter((s) => row.counts[s]).map((s) => {
                        const rect = <rect x={String(x)} y="0" width={String(row.counts[s])} height="1" class={`bar-${s}`} />;
                        x += row.counts[s]!;
                        return rect;
                      })}
                    </svg>
                    <span class="bar-legend">{summary}</span>
                  </td>
                  <td class="num">{ctx.tr.number(row.total)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Unit(props: { ctx: PageContext; commitment: CommitmentView; children: CommitmentView[]; childrenOf: Map<string | null, CommitmentView[]>; amendedBy: PlanVersionView['amendedBy']; carried: Record<string, CarriedOver> }) {
  const { ctx, commitment } = props;
  const amended = props.amendedBy[commitment.id];
  const carried = props.carried[commitment.id];
  return (
    <li>
      <div class="unit-row">
        <button type="button" class="unit" id={`u-${commitment.id}`} data-c={commitment.id} data-s={String(commitment.span.start)} data-e={String(commitment.span.end)} aria-pressed="false">
          {commitment.text}
        </button>
        <span class="unit-meta">
          <StrengthBadge ctx={ctx} strength={commitment.strength} /> <StatusBadge ctx={ctx} status={commitment.status} />{' '}
          {amended ? <span class="badge amended">{ctx.tr.t(amended.change === 'added' ? 'amend.added' : 'amend.amended', { n: amended.amendment })}</span> : null}{' '}
          <a href={`/commitments/${encodeURIComponent(commitment.id)}`} aria-label={ctx.tr.t('plan.details', { key: commitment.key })}>
            {ctx.tr.t('plan.detailsShort')}
          </a>
        </span>
        {carried ? (
          // The starting point of a commitment carried over: where its predecessor stood (read through the lineage, not copied).
          <span class="carried muted">
            {ctx.tr.t('lineage.carried', { plan: carried.planTitle || ctx.tr.t('plan.untitled') })} <StatusBadge ctx={ctx} status={carried.status} />
          </span>
        ) : null}
      </div>
      {props.children.length ? (
        <ul>
          {props.children.map((child) => (
            <Unit ctx={ctx} commitment={child} children={props.childrenOf.get(child.id) ?? []} childrenOf={props.childrenOf} amendedBy={props.amendedBy} carried={props.carried} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function Outline(props: { ctx: PageContext; plan: PlanVersionView; visible: CommitmentView[]; carried: Record<string, CarriedOver> }) {
  const { ctx, plan, visible } = props;
  const visibleIds = new Set(visible.map((c) => c.id));
  // A nested commitment whose lead-in is filtered out is shown at its section's level.
  const childrenOf = new Map<string | null, CommitmentView[]>();
  for (const c of visible) {
    const parent = c.parentId && visibleIds.has(c.parentId) ? c.parentId : null;
    if (parent) (childrenOf.get(parent) ?? childrenOf.set(parent, []).get(parent)!).push(c);
  }
  const topBySection = new Map<string | null, CommitmentView[]>();
  for (const c of visible) {
    if (c.parentId && visibleIds.has(c.parentId)) continue;
    (topBySection.get(c.sectionId) ?? topBySection.set(c.sectionId, []).get(c.sectionId)!).push(c);
  }
  const sectionChildren = new Map<string | null, Section[]>();
  for (const s of plan.sections) (sectionChildren.get(s.parentId) ?? sectionChildren.set(s.parentId, []).get(s.parentId)!).push(s);
  const hasContent = (s: Section): boolean => (topBySection.get(s.id)?.length ?? 0) > 0 || (sectionChildren.get(s.id) ?? []).some(hasContent);
  const knownSections = new Set(plan.sections.map((s) => s.id));
  const loose = visible.filter((c) => !(c.parentId && visibleIds.has(c.parentId)) && (c.sectionId === null || !knownSections.has(c.sectionId)));

  const units = (list: CommitmentView[]) =>
    list.length ? (
      <ul class="units">
        {list.map((c) => (
          <Unit ctx={ctx} commitment={c} children={childrenOf.get(c.id) ?? []} childrenOf={childrenOf} amendedBy={plan.amendedBy} carried={props.carried} />
        ))}
      </ul>
    ) : null;
  const SectionItem = (p: { section: Section }): JSX.Element => (
    <li>
      <p class={`section-title level-${Math.min(p.section.level, 4)}`}>{[p.section.number, p.section.title].filter(Boolean).join(' ') || ctx.tr.t('plan.untitledSection')}</p>
      {units(topBySection.get(p.section.id) ?? [])}
      <SectionList parent={p.section.id} />
    </li>
  );
  const SectionList = (p: { parent: string | null }): JSX.Element | null => {
    const list = (sectionChildren.get(p.parent) ?? []).filter(hasContent);
    return list.length ? (
      <ul class="sections">
        {list.map((s) => (
          <SectionItem section={s} />
        ))}
      </ul>
    ) : null;
  };
  return (
    <nav class="outline" aria-label={ctx.tr.t('plan.outline')} id="outline">
      {units(loose)}
      <SectionList parent={null} />
      {visible.length === 0 ? <p>{ctx.tr.t('plan.noMatch')}</p> : null}
    </nav>
  );
}

function Source(props: { ctx: PageContext; plan: PlanDetail }) {
  const segments = sourceSegments(props.plan.text, props.plan.commitments);
  return (
    <section class="source-pane" aria-labelledby="h-source" tabindex={0}>
      <h2 id="h-source">{props.ctx.tr.t('plan.source')}</h2>
      <div class="source" id="source" data-plan={props.plan.id}>
        {segments.map((s) =>
          s.id ? (
            <span class="seg" data-c={s.id} data-s={String(s.start)}>
              {s.text}
            </span>
          ) : (
            s.text
          ),
        )}
      </div>
    </section>
  );
}

function PlanFilters(props: { ctx: PageContext; plan: PlanDetail; strength?: string; theme?: string; status?: string }) {
  const { ctx, plan } = props;
  const themes = [...new Set(plan.commitments.flatMap((c) => c.themes.map((t) => t.theme)))].sort();
  return (
    <form class="filters" method="get" action={`/plans/${encodeURIComponent(plan.id)}`}>
      <p class="field">
        <label for="f-strength">{ctx.tr.t('facet.strength')}</label>
        <select id="f-strength" name="strength">
          <option value="">{ctx.tr.t('facet.any')}</option>
          {(['firm', 'intent', 'exploratory'] as const).map((s) => (
            <option value={s} selected={props.strength === s}>
              {ctx.labels.strength(s)}
            </option>
          ))}
        </select>
      </p>
      <p class="field">
        <label for="f-theme">{ctx.tr.t('facet.theme')}</label>
        <select id="f-theme" name="theme">
          <option value="">{ctx.tr.t('facet.any')}</option>
          {themes.map((t) => (
            <option value={t} selected={props.theme === t}>
              {ctx.labels.theme(t)}
            </option>
          ))}
        </select>
      </p>
      <p class="field">
        <label for="f-status">{ctx.tr.t('facet.status')}</label>
        <select id="f-status" name="status">
          <option value="">{ctx.tr.t('facet.any')}</option>
          {STATUSES.map((s) => (
            <option value={s} selected={props.status === s}>
              {ctx.labels.status(s)}
            </option>
          ))}
        </select>
      </p>
      <p class="field">
        <button type="submit">{ctx.tr.t('filters.apply')}</button>
      </p>
    </form>
  );
}

/** A count carried in the redirect after a merge (`?updates=2`), digits only. */
const countParam = (ctx: PageContext, name: string) => {
  const value = ctx.c.req.query(name) ?? '';
  return /^\d{1,6}$/.test(value) ? ctx.tr.number(Number(value)) : '0';
};

export const planPages: WebPage[] = [
  {
    method: 'get',
    path: '/plans/:id',
    permission: READ,
    async handle(ctx): Promise<PageContent> {
      const id = ctx.c.req.param('id') ?? '';
      if (!(await ctx.deps.register.getPlan(id))) throw new KizunaError('not-found', ctx.tr.t('plan.notFound', { id }));
      const asOf = ctx.c.req.query('as_of') || undefined;
      const plan = await planInForce(ctx.deps.store, id, asOf, scopeOf(ctx.c), ctx.deps.now());
      const strength = ctx.c.req.query('strength') || undefined;
      const theme = ctx.c.req.query('theme') || undefined;
      const status = ctx.c.req.query('status') || undefined;
      const visible = plan.commitments.filter((c) => matches(c, strength, theme, status));
      // Editing chrome (edit links, meeting forms, duplicates, the remove form) for those who coordinate this
      // plan's partnership: the public view, readers, contributors and other partnerships see the plan alone.
      const editor = coordinates(principalOf(ctx.c), plan.partnershipId);
      const [panels, duplicates, carried] = await Promise.all([
        Promise.all(planPanels.map((panel) => panel(ctx, plan))),
        editor ? duplicatesOfPlan(ctx.deps.store, plan, scopeOf(ctx.c)) : [],
        carriedOverOf(ctx.deps.store, plan.commitments.map((c) => c.id), scopeOf(ctx.c)),
      ]);
      const { tr } = ctx;
      const publisher = editor;
      const planPath = `/plans/${encodeURIComponent(plan.id)}`;
      const body = (
        <>
          <Confirmation ctx={ctx} messages={{ corrected: 'planEdit.saved', reverted: 'planEdit.reverted', restored: 'plan.restored', restoredTracking: 'plan.restoredTracking', unchanged: 'planEdit.nothing', meeting: 'meeting.saved', merged: 'plan.merged', published: 'plan.publishedNow', unpublished: 'plan.unpublishedNow', visibility: 'visibility.changed' }} vars={{ updates: countParam(ctx, 'updates'), meetings: countParam(ctx, 'meetings') }} />
          {duplicates.length ? (
            <div class="warning" role="note">
              <p>{tr.t('dup.planWarning')}</p>
              <DuplicateList ctx={ctx} duplicates={duplicates} mergeFrom={plan.id} />
              <p class="hint-text">{tr.t('dup.mergeIntro')}</p>
              <p>
                <a href="#h-remove">{tr.t('plan.remove')}</a>
              </p>
            </div>
          ) : null}
          <header class="plan-head">
            <h1>{planTitle(ctx, plan)}</h1>
            {plan.published ? null : (
              <p class="warning" role="note">
                {tr.t('plan.draft')}
              </p>
            )}
            <p class="actions">
              {editor ? (
                <>
                  <a href={`${planPath}/edit`}>{tr.t('planEdit.link')}</a> ·{' '}
                </>
              ) : null}
              <a href={`${planPath}/review`}>{tr.t('review.link')}</a> · <a href={`${planPath}/amendments`}>{tr.t('amend.link')}</a>
              {publisher ? (
                <>
                  {' · '}
                  <a href={`${planPath}/rounds`}>{tr.t('round.link')}</a>
                </>
              ) : null}
              {plan.versions.length > 1 ? (
                <>
                  {' · '}
                  <a href={`${planPath}/redline`}>{tr.t('amend.redline')}</a>
                </>
              ) : null}
              {administering(ctx.c) ? (
                <>
                  {' '}
                  · <a href={`/audit?${new URLSearchParams({ plan: plan.id })}`}>{tr.t('audit.link')}</a>
                </>
              ) : null}
            </p>
            {publisher ? (
              <form method="post" action={`${planPath}/published`} class="inline">
                <input type="hidden" name="published" value={plan.published ? 'false' : 'true'} />
                <button type="submit">{tr.t(plan.published ? 'plan.unpublish' : 'plan.publish')}</button> <span class="hint-text">{tr.t('plan.publishHint')}</span>
              </form>
            ) : null}
            <form class="filters as-of" method="get" action={planPath}>
              <p class="as-of-now">{tr.t('amend.asOf', { date: tr.date(plan.asOf), n: plan.planVersion })}</p>
              <p class="field">
                <label for="f-as-of">{tr.t('amend.asOfLabel')}</label>
                <input id="f-as-of" name="as_of" type="date" value={asOf ?? ''} />
              </p>
              <p class="field">
                <button type="submit">{tr.t('amend.show')}</button>
              </p>
            </form>
            <dl class="facts">
              <dt>{tr.t('plan.kind')}</dt>
              <dd>{tr.t(`kind.${plan.kind}`)}</dd>
              <dt>{tr.t('plan.parties')}</dt>
              <dd>
                <Parties ctx={ctx} parties={plan.parties} />
              </dd>
              <dt>{tr.t('plan.period')}</dt>
              <dd>
                <Period ctx={ctx} plan={plan} />
              </dd>
              <dt>{tr.t('plan.signed')}</dt>
              <dd>
                {tr.date(plan.signed.date)}
                {plan.signed.place ? `, ${plan.signed.place}` : ''}
              </dd>
              <dt>{tr.t('plan.status')}</dt>
              <dd>{tr.t(`status.${plan.status}`)}</dd>
              <dt>{tr.t('plan.commitments')}</dt>
              <dd>{tr.number(plan.commitments.length)}</dd>
            </dl>
          </header>
          <ProgressBars ctx={ctx} plan={plan} />
          <PlanFilters ctx={ctx} plan={plan} strength={strength} theme={theme} status={status} />
          <p class="hint" id="plan-hint">
            {tr.t('plan.hint')}
          </p>
          <div class="plan-view">
            <section class="outline-pane" aria-labelledby="h-outline">
              <h2 id="h-outline">{tr.t('plan.outline')}</h2>
              <Outline ctx={ctx} plan={plan} visible={visible} carried={carried} />
            </section>
            <Source ctx={ctx} plan={plan} />
          </div>
          {plan.mechanisms.length || plan.instruments.length ? (
            <div class="columns">
              <section aria-labelledby="h-mech">
                <h2 id="h-mech">{tr.t('plan.mechanisms')}</h2>
                <ul>
                  {plan.mechanisms.map((m) => (
                    <li>
                      {m.name} <span class="muted">({tr.t(`cadence.${m.cadence}`)})</span>
                      {editor ? <MeetingForm ctx={ctx} mechanismId={`${plan.id}:${m.id}`} formKey={`pm-${m.id.replace(/[^A-Za-z0-9_-]/g, '_')}`} back={planPath} /> : null}
                    </li>
                  ))}
                </ul>
              </section>
              <section aria-labelledby="h-inst">
                <h2 id="h-inst">{tr.t('plan.instruments')}</h2>
                <ul>
                  {plan.instruments.map((i) => (
                    <li>
                      {i.title} {i.date ? <span class="muted">({tr.date(i.date)})</span> : null}
                    </li>
                  ))}
                </ul>
              </section>
            </div>
          ) : null}
          {panels}
          {editor ? (
            <section aria-labelledby="h-remove" class="remove">
              <h2 id="h-remove">{tr.t('plan.remove')}</h2>
              <p>{tr.t('plan.removeIntro')}</p>
              <form method="post" action={`${planPath}/remove`}>
                <button type="submit" class="danger">
                  {tr.t('plan.removeConfirm')}
                </button>
              </form>
            </section>
          ) : null}
        </>
      );
      return { title: planTitle(ctx, plan), body };
    },
  },
];
