// Update rounds in the browser: the coordinator opens a round from the plan (`/plans/:id/rounds`) and follows
// it (`/rounds/:id`: answered, overdue, not requested; accept or return each answer; ask one more organization of
// the plan's; remind those who still owe answers now; close the round);
// a contributor answers on "My commitments" (`/my/commitments`), the page the round's e-mail links to.
import type { PageContent, PageContext, WebPage } from '../page.js';
import { KizunaError } from '../../errors.js';
import { planTitle, RoundOrganizations } from '../components.js';
import { Confirmation, ErrorSummary, evidenceForm, formFields } from '../forms.js';
import { VisibilityField } from '../chrome.js';
import { actorOf } from '../../http/edits.js';
import { principalOf, scopeOf } from '../../http/principal.js';
import { acceptAnswer, answerAssignment, assignableOrganizations, changeAssignment, closeRound, myAssignments, openRound, remindRound, reopenRound, returnAnswer, roundOf, roundsOf, type AssignmentView, type RoundView } from '../../ops/rounds.js';
import { planInForce } from '../../ops/plan-amend.js';
import { readVisibility } from '../../ops/visibility.js';
import { STATUSES } from '../../track/status.js';
import type { MessageKey } from '../i18n/index.js';
import { on, only } from '../../auth/policy.js';

const planPath = (id: string) => `/plans/${encodeURIComponent(id)}`;
const roundPath = (id: string) => `/rounds/${encodeURIComponent(id)}`;

/** A refusal the person can fix (bad input, already decided, changed meanwhile) re-shows the page with the message. */
const fixable = (error: unknown): error is KizunaError => error instanceof KizunaError && ['invalid-request', 'forbidden', 'conflict', 'not-found'].includes(error.code);

const organizationLabel = (ctx: PageContext, o: { id: string; name: string; acronym: string | null }) => ctx.labels.organization(o);

function ProgressBadge(props: { ctx: PageContext; a: AssignmentView }) {
  const { tr } = props.ctx;
  return (
    <>
      <span class={`badge round-${props.a.progress}`}>{tr.t(`round.progress.${props.a.progress}` as MessageKey)}</span>
      {props.a.overdue ? <span class="badge round-overdue">{tr.t('round.overdue')}</span> : null}
    </>
  );
}

function AnswerSummary(props: { ctx: PageContext; a: AssignmentView }) {
  const { ctx, a } = props;
  // No answer yet, or one written for the other side only (its content is withheld: see roundOf).
  if (!a.answer?.status) return null;
  return (
    <p class="answer">
      <strong>{ctx.labels.status(a.answer.status)}</strong>
      {a.answer.note ? ` — ${a.answer.note}` : ''}
      {a.answer.evidenceUrl ? (
        <>
          {' · '}
          <a href={a.answer.evidenceUrl} rel="noreferrer">
            {a.answer.evidenceUrl}
          </a>
        </>
      ) : null}
      {a.answer.evidenceFile ? ` · ${a.answer.evidenceFile.name} (SHA-256 ${a.answer.evidenceFile.sha256.slice(0, 12)}…)` : ''} <span class="muted">({a.answer.author})</span>
      {a.answer.reviewerComment ? (
        <>
          <br />
          {ctx.tr.t('round.returnedWith', { who: a.answer.reviewer ?? '' })} <q>{a.answer.reviewerComment}</q>
        </>
      ) : null}
    </p>
  );
}

async function roundsPage(ctx: PageContext, planId: string, form?: { values: Record<string, string>; message: string }): Promise<PageContent> {
  const { tr } = ctx;
  const plan = await planInForce(ctx.deps.store, planId, undefined, scopeOf(ctx.c), ctx.deps.now());
  const rounds = await roundsOf(ctx.deps.store, planId, scopeOf(ctx.c), ctx.deps.now());
  const title = `${tr.t('round.heading')}: ${planTitle(ctx, plan)}`;
  const v = form?.values ?? {};
  const body = (
    <>
      {form ? <ErrorSummary ctx={ctx} errors={[]} message={form.message} /> : null}
      <h1>{title}</h1>
      <p class="actions">
        <a href={planPath(plan.id)}>{tr.t('amend.backToPlan')}</a>
      </p>
      {rounds.length === 0 ? <p>{tr.t('round.none')}</p> : null}
      <ul class="rounds">
        {rounds.map((r) => (
          <li>
            <a href={roundPath(r.id)}>{r.title}</a> · {tr.t('round.due', { date: tr.date(r.dueDate) })} · {tr.t('round.openedBy', { who: r.openedBy, date: tr.date(r.openedOn) })}
          </li>
        ))}
      </ul>
      <section aria-labelledby="h-open">
        <h2 id="h-open">{tr.t('round.open')}</h2>
        <p class="hint-text">{tr.t('round.openHint')}</p>
        <form class="edit-form" method="post" action={`${planPath(plan.id)}/rounds`}>
          <div class="field">
            <label for="r-title">{tr.t('round.title')}</label>
            <input id="r-title" name="title" type="text" value={v.title ?? ''} />
          </div>
          <div class="field">
            <label for="r-due">{tr.t('round.dueDate')}</label>
            <input id="r-due" name="dueDate" type="date" value={v.dueDate ?? ''} />
          </div>
          <p>
            <button type="submit" class="primary">
              {tr.t('round.openButton')}
            </button>
          </p>
        </form>
      </section>
    </>
  );
  return { title, body, ...(form ? { status: 422 } : {}) };
}

async function roundPage(ctx: PageContext, id: string, message?: string): Promise<PageContent> {
  const { tr, labels } = ctx;
  const round: RoundView = await roundOf(ctx.deps.store, id, ctx.deps.now(), principalOf(ctx.c));
  const open = round.state === 'open';
  const choices = open ? await assignableOrganizations(ctx.deps.store, round) : [];
  const parties = [...new Set(choices.map((o) => o.party))];
  // The counts of the last "Remind now", carried in the redirect (numbers only).
  const count = (name: string) => String(Math.max(0, Math.trunc(Number(ctx.c.req.query(name) ?? 0)) || 0));
  const title = `${round.title}: ${round.planTitle ?? round.planId}`;
  const answeredCount = round.assignments.filter((a) => a.progress === 'submitted' || a.progress === 'accepted').length;
  const overdueCount = round.assignments.filter((a) => a.overdue).length;
  const body = (
    <>
      <Confirmation
        ctx={ctx}
        messages={{ opened: 'round.opened', accepted: 'round.acceptedDone', returned: 'round.returnedDone', assigned: 'round.assignedDone', closed: 'round.closedDone', reopened: 'round.reopenedDone', reminded: 'round.remindedDone' }}
        vars={{ sent: count('sent'), skipped: count('skipped'), failed: count('failed') }}
      />
      {message ? <ErrorSummary ctx={ctx} errors={[]} message={message} /> : null}
      <h1>{title}</h1>
      <p>
        {tr.t('round.due', { date: tr.date(round.dueDate) })} · {tr.t('round.openedBy', { who: round.openedBy, date: tr.date(round.openedOn) })}
        {open ? null : (
          <>
            {' '}
            <span class="badge round-closed">{tr.t('round.closed')}</span>
          </>
        )}
      </p>
      {open ? null : <p class="round-closed-note">{tr.t('round.closedNote')}</p>}
      {/* who closed or reopened it last, from the audit trail */}
      {round.stateChange ? (
        <p class="round-state-change">{tr.t(round.stateChange.action === 'close' ? 'round.closedBy' : 'round.reopenedBy', { who: round.stateChange.by, date: tr.date(round.stateChange.on) })}</p>
      ) : null}
      <p class="actions">
        <a href={planPath(round.planId)}>{tr.t('amend.backToPlan')}</a> · <a href={`${planPath(round.planId)}/rounds`}>{tr.t('round.heading')}</a> · <a href={`${planPath(round.planId)}/review`}>{tr.t('review.link')}</a>
      </p>
      <ul class="round-counts">
        <li>{tr.t('round.countAnswered', { n: tr.number(answeredCount), total: tr.number(round.assignments.length) })}</li>
        <li>{tr.t('round.countOverdue', { n: tr.number(overdueCount) })}</li>
        <li>{tr.t('round.countNotRequested', { n: tr.number(round.notRequested.length) })}</li>
      </ul>
      <h2>{tr.t('round.byOrganization')}</h2>
      <RoundOrganizations ctx={ctx} organizations={round.organizations} />
      <h2>{tr.t('round.answers')}</h2>
      <ol class="assignments">
        {round.assignments.map((a) => (
          <li id={`as${a.id}`}>
            <p>
              <a href={`/commitments/${encodeURIComponent(a.commitmentId)}`}>{a.commitmentText}</a>
            </p>
            <p>
              {organizationLabel(ctx, a.organization)} ({labels.party(a.organization.party)}) <ProgressBadge ctx={ctx} a={a} />
            </p>
            <AnswerSummary ctx={ctx} a={a} />
            {a.progress === 'submitted' ? (
              <div class="review-answer">
                <form method="post" action={`/assignments/${a.id}/accept`} class="inline">
                  <button type="submit" class="primary">
                    {tr.t('round.accept')}
                  </button>
                </form>
                {/* a closed round takes no corrected answer, so nothing is returned to be corrected */}
                {open ? (
                  <form method="post" action={`/assignments/${a.id}/return`} class="edit-form">
                    <div class="field">
                      <label for={`ret-${a.id}`}>{tr.t('round.returnComment')}</label>
                      <textarea id={`ret-${a.id}`} name="comment" rows={2}></textarea>
                    </div>
                    <button type="submit">{tr.t('round.return')}</button>
                  </form>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <h2>{tr.t('round.notRequested', { n: tr.number(round.notRequested.length) })}</h2>
      {round.notRequested.length ? (
        <ul>
          {round.notRequested.map((c) => (
            <li>
              <a href={`/commitments/${encodeURIComponent(c.id)}`}>{c.text}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{tr.t('round.allRequested')}</p>
      )}
      {open ? (
        <section aria-labelledby="h-follow">
          <h2 id="h-follow">{tr.t('round.followUp')}</h2>
          <form method="post" action={`${roundPath(round.id)}/remind`} class="edit-form">
            <p class="hint-text">{tr.t('round.remindHint')}</p>
            <button type="submit" class="primary">
              {tr.t('round.remindNow')}
            </button>
          </form>
          <form method="post" action={`${roundPath(round.id)}/close`} class="edit-form">
            <p class="hint-text">{tr.t('round.closeHint')}</p>
            <button type="submit">{tr.t('round.close')}</button>
          </form>
        </section>
      ) : (
        <form method="post" action={`${roundPath(round.id)}/reopen`} class="edit-form">
          <p class="hint-text">{tr.t('round.reopenHint')}</p>
          <div class="field">
            <label for="r-new-due">{tr.t('round.newDueDate')}</label>
            <p class="hint-text" id="r-new-due-hint">{tr.t('round.newDueDateHint', { date: tr.date(round.dueDate) })}</p>
            <input id="r-new-due" name="dueDate" type="date" value={round.dueDate} aria-describedby="r-new-due-hint" />
          </div>
          <button type="submit">{tr.t('round.reopen')}</button>
        </form>
      )}
      {open ? (
        <section aria-labelledby="h-assign">
          <h2 id="h-assign">{tr.t('round.assign')}</h2>
          <form class="edit-form" method="post" action={`${roundPath(round.id)}/assignments`}>
            <div class="field">
              <label for="as-commitment">{tr.t('round.commitment')}</label>
              <select id="as-commitment" name="commitmentId">
                {[...new Map([...round.assignments.map((a) => [a.commitmentId, a.commitmentText] as const), ...round.notRequested.map((c) => [c.id, c.text] as const)]).entries()].map(([cid, text]) => (
                  <option value={cid}>{text.length > 120 ? `${text.slice(0, 119)}…` : text}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="as-org">{tr.t('round.organization')}</label>
              {/* chosen from the plan's organizations, grouped by side: an id typed by hand is too easy to get wrong */}
              <select id="as-org" name="organizationId">
                {parties.map((party) => (
                  <optgroup label={labels.party(party)}>
                    {choices
                      .filter((o) => o.party === party)
                      .map((o) => (
                        <option value={o.id}>{organizationLabel(ctx, o)}</option>
                      ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <div class="field">
              <label class="inline">
                <input type="checkbox" name="remove" value="1" /> {tr.t('round.remove')}
              </label>
            </div>
            <button type="submit">{tr.t('round.assignButton')}</button>
          </form>
        </section>
      ) : null}
    </>
  );
  return { title, body, ...(message ? { status: 422 } : {}) };
}

function AnswerForm(props: { ctx: PageContext; a: AssignmentView }) {
  const { ctx, a } = props;
  const { tr } = ctx;
  const k = `a${a.id}`;
  return (
    <form class="edit-form" method="post" action={`/assignments/${a.id}/answer`} enctype="multipart/form-data">
      <div class="field">
        <label for={`${k}-status`}>{tr.t('facet.status')}</label>
        <select id={`${k}-status`} name="status">
          {STATUSES.map((s) => (
            <option value={s} selected={s === (a.answer?.status ?? 'in_progress_limited')}>
              {ctx.labels.status(s)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${k}-note`}>{tr.t('progress.note')}</label>
        <textarea id={`${k}-note`} name="note" rows={3}>
          {a.answer?.note ?? ''}
        </textarea>
      </div>
      <div class="field">
        <label for={`${k}-url`}>{tr.t('progress.evidenceUrl')}</label>
        <input id={`${k}-url`} name="url" type="url" value={a.answer?.evidenceUrl ?? ''} />
      </div>
      <div class="field">
        <label for={`${k}-file`}>{tr.t('progress.evidenceFile')}</label>
        <input id={`${k}-file`} name="file" type="file" />
      </div>
      <VisibilityField ctx={ctx} id={`${k}-visibility`} selected={a.answer?.visibility ?? undefined} />
      <p>
        <button type="submit" name="submit" value="1" class="primary">
          {tr.t('round.submit')}
        </button>{' '}
        <button type="submit" name="submit" value="0">
          {tr.t('round.saveDraft')}
        </button>
      </p>
    </form>
  );
}

async function myPage(ctx: PageContext, message?: string): Promise<PageContent> {
  const { tr } = ctx;
  const mine = await myAssignments(ctx.deps.store, principalOf(ctx.c), ctx.deps.now());
  const title = tr.t('my.heading');
  const body = (
    <>
      <Confirmation ctx={ctx} messages={{ draft: 'my.drafted', submitted: 'my.submitted' }} />
      {message ? <ErrorSummary ctx={ctx} errors={[]} message={message} /> : null}
      <h1>{title}</h1>
      {mine.length === 0 ? <p>{tr.t('my.none')}</p> : null}
      {mine.map(({ round, assignments }) => (
        <section class="my-round" aria-labelledby={`h-${round.number}-${round.planId}`} id={`round-${round.id}`}>
          <h2 id={`h-${round.number}-${round.planId}`}>
            {round.title}: {round.planTitle ?? round.planId}
          </h2>
          <p>{tr.t('round.due', { date: tr.date(round.dueDate) })}</p>
          <ol class="assignments">
            {assignments.map((a) => (
              <li id={`as${a.id}`}>
                <h3>{a.commitmentText}</h3>
                <p>
                  {organizationLabel(ctx, a.organization)} <ProgressBadge ctx={ctx} a={a} />
                </p>
                <AnswerSummary ctx={ctx} a={a} />
                {a.progress === 'accepted' ? null : <AnswerForm ctx={ctx} a={a} />}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
  return { title, body, ...(message ? { status: 422 } : {}) };
}

const assignmentId = (ctx: PageContext) => Number(ctx.c.req.param('id'));

/**
 * The round page's close and reopen buttons: the change, then back to the round (or the round with the refusal).
 * Reopening takes the due date of its form (unchanged when left as it was).
 */
function stateChangeAction(action: 'close' | 'reopen', change: typeof reopenRound, done: string): WebPage {
  return {
    method: 'post',
    path: `/rounds/:id/${action}`,
    permission: on('coordinate', 'round'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const dueDate = action === 'reopen' ? (await formFields(ctx)).dueDate || undefined : undefined;
      try {
        await change(ctx.deps.store, actorOf(ctx.c), id, ctx.deps.now(), dueDate);
      } catch (error) {
        if (fixable(error)) return roundPage(ctx, id, ctx.tr.error(error));
        throw error;
      }
      return ctx.c.redirect(`${roundPath(id)}?done=${done}`, 303);
    },
  };
}

export const roundPages: WebPage[] = [
  {
    method: 'get',
    path: '/my/commitments',
    permission: only('account'),
    nav: { label: 'nav.my', order: 65, editing: true },
    handle: (ctx) => myPage(ctx),
  },
  {
    method: 'post',
    path: '/assignments/:id/answer',
    permission: on('report', 'assignment'),
    async handle(ctx) {
      const form = await evidenceForm(ctx);
      const submit = form.text('submit') === '1';
      try {
        const files = (await form.evidence()).filter((e) => e.kind === 'file');
        const file = files[0]?.kind === 'file' ? files[0] : null;
        await answerAssignment(ctx.deps.store, actorOf(ctx.c), assignmentId(ctx), { status: form.text('status'), note: form.text('note'), evidenceUrl: form.text('url') || null, file, visibility: readVisibility(form.text('visibility')), submit }, ctx.deps.now());
      } catch (error) {
        if (fixable(error)) return myPage(ctx, ctx.tr.error(error));
        throw error;
      }
      return ctx.c.redirect(`/my/commitments?done=${submit ? 'submitted' : 'draft'}#as${assignmentId(ctx)}`, 303);
    },
  },
  {
    method: 'get',
    path: '/plans/:id/rounds',
    permission: on('coordinate', 'plan'),
    handle: (ctx) => roundsPage(ctx, ctx.c.req.param('id') ?? ''),
  },
  {
    method: 'post',
    path: '/plans/:id/rounds',
    permission: on('coordinate', 'plan'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const form = await ctx.c.req.formData().catch(() => null);
      const values = { title: String(form?.get('title') ?? ''), dueDate: String(form?.get('dueDate') ?? '') };
      try {
        const { round } = await openRound(ctx.deps.store, actorOf(ctx.c), { planId: id, ...values }, ctx.deps.now(), ctx.deps.mailer);
        return ctx.c.redirect(`${roundPath(round.id)}?done=opened`, 303);
      } catch (error) {
        if (fixable(error)) return roundsPage(ctx, id, { values, message: ctx.tr.error(error) });
        throw error;
      }
    },
  },
  {
    method: 'get',
    path: '/rounds/:id',
    permission: on('coordinate', 'round'),
    handle: (ctx) => roundPage(ctx, ctx.c.req.param('id') ?? ''),
  },
  {
    method: 'post',
    path: '/rounds/:id/assignments',
    permission: on('coordinate', 'round'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const form = await ctx.c.req.formData().catch(() => null);
      try {
        await changeAssignment(ctx.deps.store, actorOf(ctx.c), id, { commitmentId: String(form?.get('commitmentId') ?? ''), organizationId: String(form?.get('organizationId') ?? '').trim(), remove: form?.get('remove') === '1' });
      } catch (error) {
        if (fixable(error)) return roundPage(ctx, id, ctx.tr.error(error));
        throw error;
      }
      return ctx.c.redirect(`${roundPath(id)}?done=assigned`, 303);
    },
  },
  {
    method: 'post',
    path: '/rounds/:id/remind',
    permission: on('coordinate', 'round'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      try {
        const result = await remindRound(ctx.deps.store, actorOf(ctx.c), id, ctx.deps.mailer, ctx.deps.now());
        return ctx.c.redirect(`${roundPath(id)}?done=reminded&sent=${result.sent}&skipped=${result.skipped}&failed=${result.failed.length}`, 303);
      } catch (error) {
        if (fixable(error)) return roundPage(ctx, id, ctx.tr.error(error));
        throw error;
      }
    },
  },
  stateChangeAction('close', closeRound, 'closed'),
  stateChangeAction('reopen', reopenRound, 'reopened'),
  {
    method: 'post',
    path: '/assignments/:id/accept',
    permission: on('coordinate', 'assignment'),
    async handle(ctx) {
      // A refusal (already decided, not submitted) is shown on the error page with its reason and status.
      const { roundId } = await acceptAnswer(ctx.deps.store, actorOf(ctx.c), assignmentId(ctx), ctx.deps.now());
      return ctx.c.redirect(`${roundPath(roundId)}?done=accepted#as${assignmentId(ctx)}`, 303);
    },
  },
  {
    method: 'post',
    path: '/assignments/:id/return',
    permission: on('coordinate', 'assignment'),
    async handle(ctx) {
      const form = await ctx.c.req.formData().catch(() => null);
      const { roundId } = await returnAnswer(ctx.deps.store, actorOf(ctx.c), assignmentId(ctx), String(form?.get('comment') ?? ''), ctx.deps.now());
      return ctx.c.redirect(`${roundPath(roundId)}?done=returned#as${assignmentId(ctx)}`, 303);
    },
  },
];
