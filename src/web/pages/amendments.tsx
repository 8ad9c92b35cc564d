// Amendments of a plan (propose; each side consents with its written instrument, declines or comments;
// the proposer withdraws) and the redline between two versions of the plan.
import type { PageContent, PageContext, WebPage } from '../page.js';
import { KizunaError } from '../../errors.js';
import { planTitle } from '../components.js';
import { Confirmation, ErrorSummary } from '../forms.js';
import { actorOf } from '../../http/edits.js';
import { isAdmin } from '../../auth/principal.js';
import { amendmentsOf, planInForce, planRedline, proposeAmendment, respondToAmendment, withdrawAmendment, amendmentOf, type InstrumentFile } from '../../ops/plan-amend.js';
import type { Amendment, AmendmentChanges, RedlinePart } from '../../track/amendment.js';
import type { PlanVersionView } from '../../ops/plan-amend.js';
import { scopeOf } from '../../http/principal.js';
import { READ, on } from '../../auth/policy.js';

const planPath = (id: string) => `/plans/${encodeURIComponent(id)}`;

/** Redlined text: removed parts struck through (`<del>`), added ones underlined (`<ins>`); always as text. */
export function Redlined(props: { parts: RedlinePart[] }) {
  return (
    <>
      {props.parts.map((p) => (p.removed ? <del>{p.text}</del> : p.added ? <ins>{p.text}</ins> : p.text))}
    </>
  );
}

function Changes(props: { ctx: PageContext; changes: AmendmentChanges; plan: PlanVersionView }) {
  const { ctx, changes, plan } = props;
  const { tr } = ctx;
  const textOf = new Map(plan.commitments.map((c) => [c.id, c.text]));
  return (
    <ul class="changes">
      {(changes.withdraw ?? []).map((id) => (
        <li>
          {tr.t('amend.withdrawItem')}: <del>{textOf.get(id) ?? id}</del>
        </li>
      ))}
      {(changes.reword ?? []).map((r) => (
        <li>
          {tr.t('amend.rewordItem')}: <del>{textOf.get(r.commitmentId) ?? r.commitmentId}</del> → <ins>{r.text}</ins>
        </li>
      ))}
      {(changes.add ?? []).map((a) => (
        <li>
          {tr.t('amend.addItem')}: <ins>{a.text}</ins>
        </li>
      ))}
      {changes.period ? (
        <li>
          {tr.t('plan.period')}: {tr.date(changes.period.start ?? plan.period.start)} – {tr.date(changes.period.end ?? plan.period.end)}
        </li>
      ) : null}
      {(changes.cadence ?? []).map((m) => (
        <li>
          {plan.mechanisms.find((x) => x.id === m.mechanismId)?.name ?? m.mechanismId}: {tr.t(`cadence.${m.cadence}`)}
        </li>
      ))}
      {(changes.provisions ?? []).map((p) => (
        <li>
          {tr.t('amend.provisionItem')}: <ins>{p.text}</ins>
        </li>
      ))}
    </ul>
  );
}

function SideField(props: { ctx: PageContext; plan: PlanVersionView; id: string }) {
  if (!isAdmin(actorOf(props.ctx.c).principal)) return null;
  return (
    <div class="field">
      <label for={props.id}>{props.ctx.tr.t('amend.side')}</label>
      <select id={props.id} name="side">
        {props.plan.parties.map((p) => (
          <option value={p}>{props.ctx.labels.party(p)}</option>
        ))}
      </select>
    </div>
  );
}

function ResponseForm(props: { ctx: PageContext; plan: PlanVersionView; amendment: Amendment }) {
  const { ctx, amendment } = props;
  const { tr } = ctx;
  const key = `r${amendment.number}`;
  return (
    <form class="edit-form" method="post" action={`/amendments/${encodeURIComponent(amendment.id)}/respond`} enctype="multipart/form-data">
      <fieldset>
        <legend>{tr.t('amend.respond')}</legend>
        <SideField ctx={ctx} plan={props.plan} id={`${key}-side`} />
        <div class="field">
          {(['consent', 'decline', 'comment'] as const).map((d) => (
            <label class="inline">
              <input type="radio" name="decision" value={d} checked={d === 'consent'} /> {tr.t(`amend.decision.${d}`)}
            </label>
          ))}
        </div>
        <div class="field">
          <label for={`${key}-instrument`}>{tr.t('amend.instrument')}</label>
          <input id={`${key}-instrument`} name="instrument" type="text" />
        </div>
        <div class="field">
          <label for={`${key}-file`}>{tr.t('amend.file')}</label>
          <input id={`${key}-file`} name="file" type="file" />
        </div>
        <div class="field">
          <label for={`${key}-comment`}>{tr.t('amend.comment')}</label>
          <textarea id={`${key}-comment`} name="comment" rows={3}></textarea>
        </div>
        <p>
          <button type="submit" class="primary">
            {tr.t('amend.send')}
          </button>
        </p>
      </fieldset>
    </form>
  );
}

function ProposeForm(props: { ctx: PageContext; plan: PlanVersionView; values?: Record<string, string | undefined> }) {
  const { ctx, plan } = props;
  const { tr } = ctx;
  const v = props.values ?? {};
  return (
    <section aria-labelledby="h-propose">
      <h2 id="h-propose">{tr.t('amend.propose')}</h2>
      <form class="edit-form" method="post" action={`${planPath(plan.id)}/amendments`} enctype="multipart/form-data">
        <SideField ctx={ctx} plan={plan} id="p-side" />
        <div class="field">
          <label for="p-title">{tr.t('amend.title')}</label>
          <input id="p-title" name="title" type="text" value={v.title ?? ''} />
        </div>
        <div class="field">
          <label for="p-rationale">{tr.t('amend.rationale')}</label>
          <textarea id="p-rationale" name="rationale" rows={3}>
            {v.rationale ?? ''}
          </textarea>
        </div>
        <div class="field">
          <label for="p-withdraw">{tr.t('amend.withdraw')}</label>
          <select id="p-withdraw" name="withdraw" multiple size={6}>
            {plan.commitments.map((c) => (
              <option value={c.id}>
                {c.key} — {c.text.length > 120 ? `${c.text.slice(0, 119)}…` : c.text}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="p-add">{tr.t('amend.add')}</label>
          <textarea id="p-add" name="add" rows={3}>
            {v.add ?? ''}
          </textarea>
        </div>
        <div class="field">
          <label for="p-period-end">{tr.t('amend.periodEnd')}</label>
          <input id="p-period-end" name="periodEnd" type="text" inputmode="numeric" value={v.periodEnd ?? ''} />
        </div>
        <div class="field">
          <label for="p-effective">{tr.t('amend.effective')}</label>
          <input id="p-effective" name="effective" type="date" value={v.effective ?? ''} />
        </div>
        <div class="field">
          <label for="p-instrument">{tr.t('amend.instrument')}</label>
          <input id="p-instrument" name="instrument" type="text" value={v.instrument ?? ''} />
        </div>
        <div class="field">
          <label for="p-file">{tr.t('amend.file')}</label>
          <input id="p-file" name="file" type="file" />
        </div>
        <p>
          <button type="submit" class="primary">
            {tr.t('amend.proposeButton')}
          </button>
        </p>
      </form>
    </section>
  );
}

async function amendmentsPage(ctx: PageContext, planId: string, form?: { values: Record<string, string | undefined>; message: string }): Promise<PageContent> {
  const plan = await planInForce(ctx.deps.store, planId, undefined, scopeOf(ctx.c), ctx.deps.now());
  const amendments = await amendmentsOf(ctx.deps.store, planId, scopeOf(ctx.c), ctx.deps.now());
  const { tr } = ctx;
  const title = `${tr.t('amend.heading')}: ${planTitle(ctx, plan)}`;
  const body = (
    <>
      <Confirmation ctx={ctx} messages={{ proposed: 'amend.proposed', consent: 'amend.consented', decline: 'amend.declined', comment: 'amend.commented', withdrawn: 'amend.withdrawnDone' }} />
      {form ? <ErrorSummary ctx={ctx} errors={[]} message={form.message} /> : null}
      <h1>{title}</h1>
      <p class="actions">
        <a href={planPath(plan.id)}>{tr.t('amend.backToPlan')}</a>
        {plan.versions.length > 1 ? (
          <>
            {' · '}
            <a href={`${planPath(plan.id)}/redline`}>{tr.t('amend.redline')}</a>
          </>
        ) : null}
      </p>
      {amendments.length === 0 ? <p>{tr.t('amend.none')}</p> : null}
      {amendments.map((a) => (
        <section class="amendment" aria-labelledby={`h-a${a.number}`} id={`a${a.number}`}>
          <h2 id={`h-a${a.number}`}>
            {tr.t('amend.number', { n: a.number })}: {a.title} <span class={`badge state-${a.state}`}>{tr.t(`amend.state.${a.state}`)}</span>
          </h2>
          <p>
            {tr.t('amend.proposedBy', { side: ctx.labels.party(a.proposedSide), who: a.proposedBy })}
            {a.effectiveDate ? ` · ${tr.t('amend.effectiveOn', { date: tr.date(a.effectiveDate) })}` : ''}
          </p>
          <p>{a.rationale}</p>
          <Changes ctx={ctx} changes={a.changes} plan={plan} />
          <h3>{tr.t('amend.responses')}</h3>
          <ul class="responses">
            {a.responses.map((r) => (
              <li>
                {tr.date(r.at.slice(0, 10))} · {ctx.labels.party(r.side)} · {tr.t(`amend.decision.${r.decision}`)} ({r.actor})
                {r.instrument ? ` · ${r.instrument}` : ''}
                {r.instrumentFile ? (
                  <>
                    {' · '}
                    <a href={`/api/evidence/${r.instrumentFile.sha256}`}>{r.instrumentFile.name}</a> <span class="muted">SHA-256 {r.instrumentFile.sha256.slice(0, 12)}…</span>
                  </>
                ) : null}
                {r.comment ? <q>{r.comment}</q> : null}
              </li>
            ))}
          </ul>
          {a.state === 'proposed' ? (
            <>
              <ResponseForm ctx={ctx} plan={plan} amendment={a} />
              <form method="post" action={`/amendments/${encodeURIComponent(a.id)}/withdraw`}>
                <button type="submit" class="danger">
                  {tr.t('amend.withdrawProposal')}
                </button>
              </form>
            </>
          ) : null}
        </section>
      ))}
      <ProposeForm ctx={ctx} plan={plan} values={form?.values} />
    </>
  );
  return { title, body, ...(form ? { status: 422 } : {}) };
}

/** A refusal the person can fix (bad input, not allowed, already answered) re-shows the page with the message. */
const fixable = (error: unknown): error is KizunaError => error instanceof KizunaError && ['invalid-request', 'forbidden', 'conflict'].includes(error.code);

async function fileOf(ctx: PageContext, form: FormData | null): Promise<InstrumentFile | null> {
  const file = form?.get('file');
  if (!file || typeof file === 'string' || file.size === 0) return null;
  if (file.size > ctx.deps.maxUploadBytes) throw new KizunaError('payload-too-large', `${file.name} is ${file.size} bytes; the limit is ${ctx.deps.maxUploadBytes}.`);
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), ...(file.type ? { mediaType: file.type } : {}) };
}

const str = (form: FormData | null, name: string) => {
  const value = form?.get(name);
  return typeof value === 'string' ? value : '';
};

export const amendmentPages: WebPage[] = [
  {
    method: 'get',
    path: '/plans/:id/amendments',
    permission: READ,
    handle: (ctx) => amendmentsPage(ctx, ctx.c.req.param('id') ?? ''),
  },
  {
    method: 'post',
    path: '/plans/:id/amendments',
    permission: on('coordinate', 'plan'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const form = await ctx.c.req.formData().catch(() => null);
      const values = Object.fromEntries(['title', 'rationale', 'add', 'periodEnd', 'effective', 'instrument'].map((k) => [k, str(form, k)]));
      const changes: AmendmentChanges = {};
      const withdraw = (form?.getAll('withdraw') ?? []).filter((w): w is string => typeof w === 'string' && w !== '');
      if (withdraw.length) changes.withdraw = withdraw;
      const added = str(form, 'add').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      if (added.length) changes.add = added.map((text) => ({ text }));
      if (str(form, 'periodEnd').trim()) changes.period = { end: str(form, 'periodEnd').trim() };
      try {
        await proposeAmendment(
          ctx.deps.store,
          actorOf(ctx.c),
          { planId: id, title: str(form, 'title'), rationale: str(form, 'rationale'), changes, effectiveDate: str(form, 'effective') || null, instrument: str(form, 'instrument') || null, file: await fileOf(ctx, form), ...(str(form, 'side') ? { side: str(form, 'side') } : {}) },
          ctx.deps.now(),
        );
      } catch (error) {
        if (fixable(error)) return amendmentsPage(ctx, id, { values, message: ctx.tr.error(error) });
        throw error;
      }
      return ctx.c.redirect(`${planPath(id)}/amendments?done=proposed`, 303);
    },
  },
  {
    method: 'post',
    path: '/amendments/:id/respond',
    permission: on('coordinate', 'amendment'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const amendment = await amendmentOf(ctx.deps.store, id, scopeOf(ctx.c));
      const form = await ctx.c.req.formData().catch(() => null);
      const decision = str(form, 'decision');
      if (decision !== 'consent' && decision !== 'decline' && decision !== 'comment') return amendmentsPage(ctx, amendment.planId, { values: {}, message: ctx.tr.t('amend.chooseDecision') });
      try {
        await respondToAmendment(ctx.deps.store, actorOf(ctx.c), id, { decision, instrument: str(form, 'instrument') || null, comment: str(form, 'comment') || null, file: await fileOf(ctx, form), ...(str(form, 'side') ? { side: str(form, 'side') } : {}) }, ctx.deps.now());
      } catch (error) {
        if (fixable(error)) return amendmentsPage(ctx, amendment.planId, { values: {}, message: ctx.tr.error(error) });
        throw error;
      }
      return ctx.c.redirect(`${planPath(amendment.planId)}/amendments?done=${decision}#a${amendment.number}`, 303);
    },
  },
  {
    method: 'post',
    path: '/amendments/:id/withdraw',
    permission: on('coordinate', 'proposed-amendment'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const amendment = await amendmentOf(ctx.deps.store, id, scopeOf(ctx.c));
      try {
        await withdrawAmendment(ctx.deps.store, actorOf(ctx.c), id, ctx.deps.now());
      } catch (error) {
        if (fixable(error)) return amendmentsPage(ctx, amendment.planId, { values: {}, message: ctx.tr.error(error) });
        throw error;
      }
      return ctx.c.redirect(`${planPath(amendment.planId)}/amendments?done=withdrawn`, 303);
    },
  },
  {
    method: 'get',
    path: '/plans/:id/redline',
    permission: READ,
    async handle(ctx): Promise<PageContent> {
      const id = ctx.c.req.param('id') ?? '';
      const num = (name: string) => {
        const value = ctx.c.req.query(name);
        return value && /^\d{1,5}$/.test(value) ? Number(value) : undefined;
      };
      const red = await planRedline(ctx.deps.store, id, num('from'), num('to'), scopeOf(ctx.c), ctx.deps.now());
      const plan = await planInForce(ctx.deps.store, id, undefined, scopeOf(ctx.c), ctx.deps.now());
      const { tr } = ctx;
      const title = `${tr.t('amend.redline')}: ${planTitle(ctx, plan)}`;
      const versionLabel = (n: number) => {
        const v = red.versions[n];
        return v?.amendment ? tr.t('amend.versionN', { n, date: tr.date(v.from) }) : tr.t('amend.versionSigned');
      };
      const body = (
        <>
          <h1>{title}</h1>
          <p class="actions">
            <a href={planPath(id)}>{tr.t('amend.backToPlan')}</a> · <a href={`${planPath(id)}/amendments`}>{tr.t('amend.heading')}</a>
          </p>
          <form class="filters" method="get" action={`${planPath(id)}/redline`}>
            {(['from', 'to'] as const).map((name) => (
              <p class="field">
                <label for={`v-${name}`}>{tr.t(`amend.${name}`)}</label>
                <select id={`v-${name}`} name={name}>
                  {red.versions.map((v) => (
                    <option value={String(v.version)} selected={v.version === red[name]}>
                      {versionLabel(v.version)}
                    </option>
                  ))}
                </select>
              </p>
            ))}
            <p class="field">
              <button type="submit">{tr.t('filters.apply')}</button>
            </p>
          </form>
          <p>
            {versionLabel(red.from)} → {versionLabel(red.to)}
          </p>
          {red.commitments.length + red.mechanisms.length + red.provisions.length === 0 && !red.period ? <p>{tr.t('amend.noChange')}</p> : null}
          <ul class="redline">
            {red.commitments.map((c) => (
              <li class={`change-${c.change}`}>
                <span class="badge">{tr.t(`amend.change.${c.change}`)}</span> <Redlined parts={c.parts} />
              </li>
            ))}
            {red.period ? (
              <li>
                {tr.t('plan.period')}: <del>{tr.date(red.period.from.start)} – {tr.date(red.period.from.end)}</del> <ins>{tr.date(red.period.to.start)} – {tr.date(red.period.to.end)}</ins>
              </li>
            ) : null}
            {red.mechanisms.map((m) => (
              <li>
                {m.name}: <del>{tr.t(`cadence.${m.from}`)}</del> <ins>{tr.t(`cadence.${m.to}`)}</ins>
              </li>
            ))}
            {red.provisions.map((p) => (
              <li>
                <Redlined parts={p.parts} />
              </li>
            ))}
          </ul>
        </>
      );
      return { title, body };
    },
  },
];
