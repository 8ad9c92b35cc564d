// Commitment lineage across renewal: the renewal page of a plan (what it renews, the carried-over pairs with
// their scores and the earlier commitment's last status; coordinators declare the renewal, unlink, link again
// or link a pair by hand), and the lineage section of the commitment page and the renewal note of the plan page.
import type { PageContent, PageContext, WebPage } from '../page.js';
import type { CommitmentPanel, PlanPanel } from '../panels.js';
import { KizunaError } from '../../errors.js';
import { StatusBadge, planTitle } from '../components.js';
import { Confirmation, ErrorSummary } from '../forms.js';
import { actorOf } from '../../http/edits.js';
import { principalOf, scopeOf } from '../../http/principal.js';
import { coordinates } from '../../ops/visibility.js';
import { DEFAULT_THRESHOLD, decideLineage, lineageOf, renewalView, renewPlan, type LineageStep } from '../../ops/lineage.js';
import { READ, on } from '../../auth/policy.js';

const planPath = (id: string) => `/plans/${encodeURIComponent(id)}`;
const commitmentPath = (id: string) => `/commitments/${encodeURIComponent(id)}`;

const str = (form: FormData | null, name: string) => {
  const value = form?.get(name);
  return typeof value === 'string' ? value : '';
};

/** A refusal the person can fix (another partnership's plan, a later plan, a pair across the wrong plans) re-shows the page. */
const fixable = (error: unknown): error is KizunaError => error instanceof KizunaError && ['invalid-request', 'forbidden', 'not-found'].includes(error.code);

function Step(props: { ctx: PageContext; step: LineageStep; direction: 'back' | 'forward' }) {
  const { ctx, step } = props;
  const { tr } = ctx;
  const plan = <a href={planPath(step.planId)}>{step.planTitle || tr.t('plan.untitled')}</a>;
  return (
    <li class="lineage-step">
      <p>
        {props.direction === 'back' ? tr.t('lineage.from') : tr.t('lineage.into')} {plan}{' '}
        <span class="muted">
          ({tr.date(step.periodStart)} – {tr.date(step.periodEnd)}) · {tr.t('lineage.score', { score: step.score.toFixed(2) })} · {tr.t(step.origin === 'person' ? 'lineage.byHand' : 'lineage.byDiff')}
        </span>
      </p>
      <blockquote>
        <p>
          <a href={commitmentPath(step.id)}>{step.text}</a>
        </p>
      </blockquote>
      <p>
        {tr.t('facet.status')}: <StatusBadge ctx={ctx} status={step.status} />
      </p>
      {step.updates.length ? (
        <ol class="history">
          {step.updates.map((u) => (
            <li>
              {tr.date(u.date)} · <StatusBadge ctx={ctx} status={u.status} /> {u.note}
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">{tr.t('lineage.noUpdates')}</p>
      )}
      {step.meetings.length ? (
        <>
          <p>{tr.t('lineage.meetings')}</p>
          <ul>
            {step.meetings.map((m) => (
              <li>
                {tr.date(m.date)} · {m.mechanismName}
                {m.place ? `, ${m.place}` : ''}
                {m.level ? ` (${m.level})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </li>
  );
}

/** The commitment page's lineage: its predecessors in earlier plans with their tracking, and its successors. */
export const lineagePanel: CommitmentPanel = async (ctx, commitment) => {
  const { tr } = ctx;
  const lineage = await lineageOf(ctx.deps.store, commitment.id, scopeOf(ctx.c));
  return (
    <section aria-labelledby="h-lineage">
      <h2 id="h-lineage">{tr.t('lineage.heading')}</h2>
      {lineage.predecessors.length || lineage.successors.length ? (
        <>
          {lineage.predecessors.length ? (
            <ol class="lineage">
              {lineage.predecessors.map((step) => (
                <Step ctx={ctx} step={step} direction="back" />
              ))}
            </ol>
          ) : null}
          {lineage.successors.length ? (
            <ol class="lineage">
              {lineage.successors.map((step) => (
                <Step ctx={ctx} step={step} direction="forward" />
              ))}
            </ol>
          ) : null}
        </>
      ) : (
        <p class="muted">{tr.t('lineage.none')}</p>
      )}
      <p>
        <a href={`${planPath(commitment.planId)}/renewal`}>{tr.t('renewal.link')}</a>
      </p>
    </section>
  );
};

/** The plan page's note: what it renews and what renews it, with a link to the renewal page. */
export const renewalPanel: PlanPanel = async (ctx, plan) => {
  const { tr } = ctx;
  const view = await renewalView(ctx.deps.store, plan.id, scopeOf(ctx.c));
  const editor = coordinates(principalOf(ctx.c), plan.partnershipId);
  if (!view.renewal && !view.renewedBy.length && !(editor && view.suggested)) return null;
  return (
    <section aria-labelledby="h-renewal">
      <h2 id="h-renewal">{tr.t('renewal.heading')}</h2>
      <ul>
        {view.renewal ? (
          <li>
            {tr.t('renewal.renews')} <a href={planPath(view.renewal.renews)}>{view.renewal.renewsTitle || tr.t('plan.untitled')}</a> ·{' '}
            {tr.t('renewal.carried', { n: tr.number(view.pairs.filter((p) => p.linked).length) })}
          </li>
        ) : null}
        {view.renewedBy.map((p) => (
          <li>
            {tr.t('renewal.renewedBy')} <a href={planPath(p.id)}>{p.title || tr.t('plan.untitled')}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href={`${planPath(plan.id)}/renewal`}>{tr.t('renewal.link')}</a>
      </p>
    </section>
  );
};

async function renewalPage(ctx: PageContext, planId: string, message?: string): Promise<PageContent> {
  const { tr } = ctx;
  const plan = await ctx.deps.register.getPlan(planId);
  if (!plan) throw new KizunaError('not-found', tr.t('plan.notFound', { id: planId }));
  const view = await renewalView(ctx.deps.store, plan.id, scopeOf(ctx.c));
  const editor = coordinates(principalOf(ctx.c), plan.partnershipId);
  const start = plan.period.start ?? plan.signed.date;
  // Plans of the same partnership the coordinator may read that this plan may renew: those starting before it,
  // and those whose dates are not known (as renewPlan accepts).
  const startOf = (p: { period: { start: string | null }; signed: { date: string | null } }) => p.period.start ?? p.signed.date;
  const earlier = editor
    ? (await ctx.deps.register.listPlans({}, { limit: 1000, offset: 0 })).items.filter((p) => p.partnershipId === plan.partnershipId && p.id !== plan.id && (start === null || startOf(p) === null || startOf(p)! < start))
    : [];
  const previous = view.renewal ? await ctx.deps.register.getPlan(view.renewal.renews) : null;
  const chosen = view.renewal?.renews ?? view.suggested?.id ?? '';
  const linked = view.pairs.filter((p) => p.linked);
  const path = `${planPath(plan.id)}`;
  const title = tr.t('renewal.title', { plan: planTitle(ctx, plan) });
  const body = (
    <>
      <p class="crumbs">
        <a href={path}>{planTitle(ctx, plan)}</a>
      </p>
      <h1>{title}</h1>
      <Confirmation ctx={ctx} messages={{ renewed: 'renewal.renewedDone', linked: 'renewal.linkedDone', unlinked: 'renewal.unlinkedDone' }} />
      {message ? <ErrorSummary ctx={ctx} errors={[]} message={message} /> : null}
      {view.renewal ? (
        <p>
          {tr.t('renewal.renews')} <a href={planPath(view.renewal.renews)}>{view.renewal.renewsTitle || tr.t('plan.untitled')}</a>{' '}
          <span class="muted">{tr.t('renewal.declared', { name: view.renewal.declaredBy, date: tr.date(view.renewal.declaredAt.slice(0, 10)), threshold: view.renewal.threshold.toFixed(2) })}</span>
        </p>
      ) : (
        <p>{tr.t('renewal.notDeclared')}</p>
      )}
      {view.renewedBy.map((p) => (
        <p>
          {tr.t('renewal.renewedBy')} <a href={`${planPath(p.id)}/renewal`}>{p.title || tr.t('plan.untitled')}</a>
        </p>
      ))}
      {editor && earlier.length ? (
        <form method="post" action={`${path}/renewal`} class="renew">
          <p class="field">
            <label for="r-renews">{tr.t('renewal.of')}</label>
            <select id="r-renews" name="renews">
              {earlier.map((p) => (
                <option value={p.id} selected={p.id === chosen}>
                  {planTitle(ctx, p)}
                </option>
              ))}
            </select>
          </p>
          <p class="field">
            <label for="r-threshold">{tr.t('renewal.threshold')}</label>
            <input id="r-threshold" name="threshold" type="number" min="0.05" max="1" step="0.05" value={String(view.renewal?.threshold ?? DEFAULT_THRESHOLD)} aria-describedby="r-threshold-hint" />
            <span class="hint-text" id="r-threshold-hint">
              {tr.t('renewal.thresholdHint')}
            </span>
          </p>
          <p class="field">
            <button type="submit">{tr.t(view.renewal ? 'renewal.again' : 'renewal.declare')}</button>
          </p>
        </form>
      ) : null}
      {view.renewal ? (
        <section aria-labelledby="h-pairs">
          <h2 id="h-pairs">{tr.t('renewal.pairs', { n: tr.number(linked.length) })}</h2>
          <div class="scroll" tabindex={0}>
            <table>
              <caption class="visually-hidden">{tr.t('renewal.pairs', { n: tr.number(linked.length) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr.t('renewal.earlier')}</th>
                  <th scope="col">{tr.t('renewal.later')}</th>
                  <th scope="col">{tr.t('renewal.score')}</th>
                  <th scope="col">{tr.t('renewal.lineage')}</th>
                </tr>
              </thead>
              <tbody>
                {view.pairs.map((p) => (
                  <tr>
                    <td>
                      <a href={commitmentPath(p.predecessorId)}>{p.predecessorText}</a> <StatusBadge ctx={ctx} status={p.predecessorStatus} />
                    </td>
                    <td>
                      <a href={commitmentPath(p.successorId)}>{p.successorText}</a>
                    </td>
                    <td class="num">{p.score.toFixed(2)}</td>
                    <td>
                      {tr.t(p.linked ? 'renewal.linked' : 'renewal.unlinked')}
                      <span class="muted"> · {p.decidedBy ? tr.t('renewal.decidedBy', { name: p.decidedBy }) : tr.t('lineage.byDiff')}</span>
                      {editor ? (
                        <form method="post" action={`${path}/lineage`} class="inline">
                          <input type="hidden" name="predecessor" value={p.predecessorId} />
                          <input type="hidden" name="successor" value={p.successorId} />
                          <input type="hidden" name="linked" value={p.linked ? 'false' : 'true'} />{' '}
                          <button type="submit">{tr.t(p.linked ? 'renewal.unlink' : 'renewal.relink')}</button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {editor && previous ? (
            <form method="post" action={`${path}/lineage`} class="link-pair">
              <h3>{tr.t('renewal.linkByHand')}</h3>
              <input type="hidden" name="linked" value="true" />
              <p class="field">
                <label for="l-predecessor">{tr.t('renewal.earlier')}</label>
                <select id="l-predecessor" name="predecessor">
                  {previous.commitments.map((c) => (
                    <option value={c.id}>{c.text.slice(0, 120)}</option>
                  ))}
                </select>
              </p>
              <p class="field">
                <label for="l-successor">{tr.t('renewal.later')}</label>
                <select id="l-successor" name="successor">
                  {plan.commitments.map((c) => (
                    <option value={c.id}>{c.text.slice(0, 120)}</option>
                  ))}
                </select>
              </p>
              <p class="field">
                <button type="submit">{tr.t('renewal.linkSubmit')}</button>
              </p>
            </form>
          ) : null}
        </section>
      ) : null}
    </>
  );
  return { title, body, ...(message ? { status: 422 } : {}) };
}

export const lineagePages: WebPage[] = [
  {
    method: 'get',
    path: '/plans/:id/renewal',
    permission: READ,
    handle: (ctx) => renewalPage(ctx, ctx.c.req.param('id') ?? ''),
  },
  {
    method: 'post',
    path: '/plans/:id/renewal',
    permission: on('coordinate', 'plan'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const form = await ctx.c.req.formData().catch(() => null);
      const threshold = str(form, 'threshold').trim();
      try {
        await renewPlan(ctx.deps.store, actorOf(ctx.c), id, str(form, 'renews') || null, threshold ? { threshold: Number(threshold) } : {});
      } catch (error) {
        if (fixable(error)) return renewalPage(ctx, id, ctx.tr.error(error));
        throw error;
      }
      return ctx.c.redirect(`${planPath(id)}/renewal?done=renewed`, 303);
    },
  },
  {
    method: 'post',
    path: '/plans/:id/lineage',
    permission: on('coordinate', 'plan'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const form = await ctx.c.req.formData().catch(() => null);
      const linked = str(form, 'linked') === 'true';
      try {
        await decideLineage(ctx.deps.store, actorOf(ctx.c), id, { predecessorId: str(form, 'predecessor'), successorId: str(form, 'successor'), linked });
      } catch (error) {
        if (fixable(error)) return renewalPage(ctx, id, ctx.tr.error(error));
        throw error;
      }
      return ctx.c.redirect(`${planPath(id)}/renewal?done=${linked ? 'linked' : 'unlinked'}`, 303);
    },
  },
];
