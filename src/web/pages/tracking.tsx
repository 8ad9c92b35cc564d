// Tracking pages: meetings due (with the calendar feed and "Record meeting"), meetings recorded (corrected or
// deleted in place), a readout linked to commitments with accept / reject, and the review links.
// Labels live here in both languages (tracking's own words); the shared catalog holds only the nav entry.
import type { PageContent, PageContext, WebPage } from '../page.js';
import { InvalidUpdateError, KizunaError, saidList } from '../../errors.js';
import { authorOf } from '../../http/edits.js';
import { correctMeetingRecord, deleteMeetingRecord, dueMeetings, undoMeetingChange, meetingRecord, RECENT_DAYS, RECENT_WINDOWS, recentlyDone, recordMeeting, recordedMeetings, type DoneItem, type MechanismDue, type MeetingCorrection } from '../../ops/tracking-meetings.js';
import type { MessageKey } from '../i18n/index.js';
import { Confirmation, ErrorSummary, evidenceForm } from '../forms.js';
import { MeetingFields, MeetingForm, meetingErrors, type MeetingFormState, type MeetingValues } from '../meeting-form.js';
import type { Meeting } from '../../track/model.js';
import { decideLink, proposeLinks, readoutProposals, storedReadout, type NamedProposal } from '../../ops/tracking-link.js';
import { lastYear } from '../../ops/tracking-review.js';
import { STATUS_LABELS, type ImplementationStatus } from '../../track/status.js';
import { principalOf, scopeOf } from '../../http/principal.js';
import { editing, VisibilityBadge, VisibilityChange } from '../chrome.js';
import { coordinates, readVisibility } from '../../ops/visibility.js';
import { READ, allows, on, only } from '../../auth/policy.js';
import { scopeOfTarget } from '../../ops/accounts.js';

// The page's labels come from the interface catalogs (src/web/i18n/en.json, ja.json): `w.link` is `tracking.link`.
const WORD_KEYS = ['title', 'meetings', 'calendar', 'mechanism', 'cadence', 'last', 'next', 'state', 'never', 'link', 'linkIntro', 'readoutName', 'readoutText', 'propose', 'proposals', 'below', 'belowIntro', 'readoutDate', 'event', 'why', 'candidate', 'score', 'passage', 'proposed', 'accept', 'reject', 'review', 'reviewIntro', 'none'] as const;
type Word = (typeof WORD_KEYS)[number];
const STATES = ['overdue', 'due_soon', 'scheduled', 'not_due', 'plan_ended', 'unscheduled'] as const;



const words = (ctx: PageContext) => Object.fromEntries(WORD_KEYS.map((k) => [k, ctx.tr.t(`tracking.${k}`)])) as Record<Word, string>;
const stateLabel = (tr: PageContext['tr'], state: (typeof STATES)[number]) => tr.t(`tracking.state.${state}`);
const statusLabel = (ctx: PageContext, status: ImplementationStatus) => STATUS_LABELS[status][ctx.tr.lang];

/** The passage in its place in the readout: a little text either side, the passage itself marked. */
function passageInContext(text: string | undefined, p: NamedProposal) {
  if (!text || p.passageSpan.end > text.length) return <mark>{p.passage}</mark>;
  const before = text.slice(Math.max(0, p.passageSpan.start - 80), p.passageSpan.start);
  const after = text.slice(p.passageSpan.end, p.passageSpan.end + 80);
  return (
    <>
      {before.length === 80 ? '…' : ''}
      {before}
      <mark>{text.slice(p.passageSpan.start, p.passageSpan.end)}</mark>
      {after}
      {after.length === 80 ? '…' : ''}
    </>
  );
}

function proposalTable(ctx: PageContext, readoutId: string, text: string | undefined, proposals: NamedProposal[]) {
  const w = words(ctx);
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{w.candidate}</th>
            <th scope="col" class="num">{w.score}</th>
            <th scope="col">{w.passage}</th>
            <th scope="col">{w.why}</th>
            <th scope="col">{w.proposed}</th>
            <th scope="col">{w.state}</th>
          </tr>
        </thead>
        <tbody>
          {proposals.map((p) => (
            <tr>
              <th scope="row">
                {/* named by its text, with its plan: a reviewer cannot judge an id */}
                <p class="candidate-text">
                  {p.kind === 'commitment' ? <a href={`/commitments/${encodeURIComponent(p.candidateId)}`}>{p.candidateText ?? p.candidateId}</a> : (p.candidateText ?? p.candidateId)}
                </p>
                <p class="meta">
                  {p.kind === 'mechanism' ? `${w.mechanism} · ` : ''}
                  <a href={`/plans/${encodeURIComponent(p.planId)}`}>{p.planTitle ?? p.planId}</a>
                </p>
              </th>
              <td class="num">{p.score.toFixed(2)}</td>
              <td>{passageInContext(text, p)}</td>
              <td>{p.reason}</td>
              <td>{p.kind === 'commitment' && p.proposedStatus ? statusLabel(ctx, p.proposedStatus) : `${p.event} ${p.meetingDate ?? ''}`}</td>
              <td>
                {p.state === 'pending' && editing(ctx.c) ? (
                  <form method="post" action={`/tracking/proposals/${p.id}`}>
                    <input type="hidden" name="readout" value={readoutId} />
                    <button type="submit" name="decision" value="accept">{w.accept}</button> <button type="submit" name="decision" value="reject">{w.reject}</button>
                  </form>
                ) : (
                  p.state
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function proposalsPage(ctx: PageContext, readoutId: string): Promise<PageContent> {
  const w = words(ctx);
  const plan = ctx.c.req.query('plan');
  const [proposals, readout] = await Promise.all([readoutProposals(ctx.deps.store, readoutId, scopeOf(ctx.c), plan || undefined), storedReadout(ctx.deps.store, readoutId, scopeOf(ctx.c))]);
  const above = proposals.filter((p) => p.proposed);
  const below = proposals.filter((p) => !p.proposed);
  const body = (
    <>
      <h1>{w.proposals}</h1>
      {readout ? (
        <p>
          {readout.name}
          {readout.date ? ` · ${readout.date}` : ''}
        </p>
      ) : null}
      {above.length === 0 ? <p>{w.none}</p> : proposalTable(ctx, readoutId, readout?.text, above)}
      {below.length ? (
        <>
          <h2>{w.below}</h2>
          <p>{w.belowIntro}</p>
          {proposalTable(ctx, readoutId, readout?.text, below)}
        </>
      ) : null}
      <p>
        <a href="/tracking">{w.title}</a>
      </p>
    </>
  );
  return { title: w.proposals, body, section: '/tracking' };
}

const ORDER = { overdue: 0, due_soon: 1, scheduled: 2, not_due: 3, plan_ended: 4, unscheduled: 5 } as const;

/** One plan's part of the workspace: its mechanisms (overdue first) and what was done recently. */
interface PlanGroup {
  planId: string;
  planTitle: string;
  partner: string | null;
  partnershipId: string | null;
  mechanisms: MechanismDue[];
  done: DoneItem[];
  overdue: number;
  dueSoon: number;
}

/**
 * Mechanisms and recent work grouped per partnership and plan: partnerships with the most overdue first (then
 * due soon, then by partner), and so the plans within each; in a plan, overdue, then due soon, then the rest.
 */
function groupByPlan(due: MechanismDue[], done: DoneItem[], partnerName: (code: string | null) => string): PlanGroup[] {
  const groups = new Map<string, PlanGroup>();
  const groupOf = (x: { planId: string; planTitle: string | null; partner: string | null; partnershipId: string | null }) => {
    let g = groups.get(x.planId);
    if (!g) groups.set(x.planId, (g = { planId: x.planId, planTitle: x.planTitle ?? x.planId, partner: x.partner, partnershipId: x.partnershipId, mechanisms: [], done: [], overdue: 0, dueSoon: 0 }));
    return g;
  };
  for (const d of due) {
    const g = groupOf(d);
    g.mechanisms.push(d);
    if (d.state === 'overdue') g.overdue++;
    if (d.state === 'due_soon') g.dueSoon++;
  }
  for (const d of done) groupOf(d).done.push(d);
  const partnership = new Map<string, { overdue: number; dueSoon: number }>();
  for (const g of groups.values()) {
    const key = g.partnershipId ?? g.planId;
    const p = partnership.get(key) ?? { overdue: 0, dueSoon: 0 };
    partnership.set(key, { overdue: p.overdue + g.overdue, dueSoon: p.dueSoon + g.dueSoon });
  }
  const urgency = (a: { overdue: number; dueSoon: number }, b: { overdue: number; dueSoon: number }) => b.overdue - a.overdue || b.dueSoon - a.dueSoon;
  for (const g of groups.values()) {
    g.mechanisms.sort((a, b) => ORDER[a.state] - ORDER[b.state] || (a.nextDue ?? '9999').localeCompare(b.nextDue ?? '9999') || a.name.localeCompare(b.name));
  }
  return [...groups.values()].sort(
    (a, b) =>
      urgency(partnership.get(a.partnershipId ?? a.planId)!, partnership.get(b.partnershipId ?? b.planId)!) ||
      partnerName(a.partner).localeCompare(partnerName(b.partner)) ||
      (a.partnershipId ?? '').localeCompare(b.partnershipId ?? '') ||
      urgency(a, b) ||
      a.planTitle.localeCompare(b.planTitle),
  );
}

/** Where "Undo" posts after a meeting record was deleted or corrected (`&mechanism=…&record=…` on the redirect). */
function undoTargets(ctx: PageContext): Record<string, string> | undefined {
  const mechanism = ctx.c.req.query('mechanism');
  const record = ctx.c.req.query('record');
  if (!mechanism || !record) return undefined;
  const path = `/tracking/mechanisms/${encodeURIComponent(mechanism)}/meetings/${encodeURIComponent(record)}/undo`;
  return { meetingDeleted: path, meetingCorrected: path };
}

/** Where a change to a meeting record redirects: the tracking page, its confirmation offering "Undo". */
const changedMeeting = (done: string, meeting: Meeting) => `/tracking?${new URLSearchParams({ done, mechanism: meeting.mechanismId, record: meeting.id })}#h-recent`;

/** The "recently done" window asked for (`?days=`, one of the windows offered), else the default. */
function recentDays(ctx: PageContext): number {
  const asked = Number(ctx.c.req.query('days'));
  return (RECENT_WINDOWS as readonly number[]).includes(asked) ? asked : RECENT_DAYS;
}

/** The coordinator's workspace: per partnership and plan, overdue first (highlighted), due soon, recently done; meetings recorded. */
async function trackingPage(ctx: PageContext, state?: MeetingFormState): Promise<PageContent> {
      const w = words(ctx);
      const { tr } = ctx;
      const days = recentDays(ctx);
      const [due, done] = await Promise.all([dueMeetings(ctx.deps.store, scopeOf(ctx.c), ctx.deps.now()), recentlyDone(ctx.deps.store, scopeOf(ctx.c), ctx.deps.now(), days)]);
      const recorded = (await recordedMeetings(ctx.deps.store, due.map((d) => d.mechanismId), scopeOf(ctx.c))).slice(0, 30);
      const editor = editing(ctx.c);
      // A meeting is recorded by the partnership's coordinators (the policy on 'mechanism'), and a record is
      // corrected, re-scoped or deleted only by its own side (the policy on 'meeting'): forms show only to them.
      const principal = principalOf(ctx.c);
      const ours = new Set<string>();
      if (editor) {
        for (const m of recorded) {
          const target = await scopeOfTarget(ctx.deps.store, ctx.deps.drafts, 'meeting', m.id, ctx.deps.now());
          if (target && allows(principal, 'coordinate', target)) ours.add(m.id);
        }
      }
      const mechanismName = new Map(due.map((d) => [d.mechanismId, d]));
      const groups = groupByPlan(due, done, (code) => ctx.labels.party(code));
      const plans = groups.map((g) => [g.planId, g.planTitle] as const);
      const overdue = due.filter((d) => d.state === 'overdue').length;
      const dueSoon = due.filter((d) => d.state === 'due_soon').length;
      const withDone = groups.filter((g) => g.done.length);

      const period = lastYear(ctx.deps.now());
      const body = (
        <>
          <h1>{w.title}</h1>
          <Confirmation
            ctx={ctx}
            messages={{ meeting: 'meeting.saved', meetingDeleted: 'meeting.deleted', meetingCorrected: 'meeting.corrected', meetingUndone: 'meeting.undone' }}
            undo={editor ? undoTargets(ctx) : undefined}
          />
          <h2>{w.meetings}</h2>
          <p>
            <strong class={overdue ? 'overdue-count' : undefined}>{tr.t('tracking.overdueCount', { n: tr.number(overdue) })}</strong> · {tr.t('tracking.dueSoonCount', { n: tr.number(dueSoon) })} ·{' '}
            <a href="#h-done">{tr.t('tracking.doneCount', { n: tr.number(done.length), days: tr.number(days) })}</a> · <a href="/api/calendar.ics">{w.calendar}</a>
          </p>
          <div class="scroll">
            <table class="due grouped">
              <caption class="visually-hidden">{tr.t('tracking.byPlan')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr.t('tracking.partner')}</th>
                  <th scope="col">{w.mechanism}</th>
                  <th scope="col">{w.cadence}</th>
                  <th scope="col">{w.last}</th>
                  <th scope="col">{w.next}</th>
                  <th scope="col">{w.state}</th>
                </tr>
              </thead>
              {groups
                .filter((g) => g.mechanisms.length)
                .map((g) => (
                  <tbody class={g.overdue ? 'group has-overdue' : 'group'}>
                    <tr class="group-head">
                      <th scope="rowgroup" colspan={6}>
                        {ctx.labels.party(g.partner)} · <a href={`/plans/${encodeURIComponent(g.planId)}`}>{g.planTitle}</a>
                        <span class="meta">
                          {' '}
                          · {tr.t('tracking.overdueCount', { n: tr.number(g.overdue) })} · {tr.t('tracking.dueSoonCount', { n: tr.number(g.dueSoon) })}
                        </span>
                      </th>
                    </tr>
                    {g.mechanisms.map((d) => (
                      <tr class={`state-${d.state}`} id={`m-${formKeyOf(d.mechanismId)}`}>
                        <td>{ctx.labels.party(d.partner)}</td>
                        <th scope="row">
                          <p class="mech-name">{d.name}</p>
                          {editor && coordinates(principal, d.partnershipId) ? <MeetingForm ctx={ctx} mechanismId={d.mechanismId} formKey={formKeyOf(d.mechanismId)} back="/tracking" state={state} /> : null}
                        </th>
                        <td>{tr.t(`cadence.${d.cadence}` as MessageKey)}</td>
                        <td>{d.lastMeeting ? tr.date(d.lastMeeting) : w.never}</td>
                        <td>{tr.date(d.nextDue)}</td>
                        <td>
                          <span class={`state state-${d.state}`}>{stateLabel(tr, d.state)}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                ))}
            </table>
          </div>
          <h2 id="h-done">{tr.t('tracking.done', { days: tr.number(days) })}</h2>
          <form method="get" action="/tracking#h-done" class="inline-filter">
            <label for="done-days">{tr.t('tracking.doneWindow')}</label>{' '}
            <select id="done-days" name="days">
              {RECENT_WINDOWS.map((n) => (
                <option value={String(n)} selected={n === days}>
                  {tr.t('tracking.days', { n: tr.number(n) })}
                </option>
              ))}
            </select>{' '}
            <button type="submit">{tr.t('tracking.show')}</button>
          </form>
          {withDone.length ? (
            <div class="scroll">
              <table class="done grouped">
                <caption class="visually-hidden">{tr.t('tracking.done', { days: tr.number(days) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr.t('tracking.partner')}</th>
                    <th scope="col">{tr.t('progress.date')}</th>
                    <th scope="col">{tr.t('tracking.what')}</th>
                    <th scope="col">{tr.t('tracking.doneKind')}</th>
                  </tr>
                </thead>
                {withDone.map((g) => (
                  <tbody class="group">
                    <tr class="group-head">
                      <th scope="rowgroup" colspan={4}>
                        {ctx.labels.party(g.partner)} · <a href={`/plans/${encodeURIComponent(g.planId)}`}>{g.planTitle}</a>
                      </th>
                    </tr>
                    {g.done.map((d) => (
                      <tr class={`done-${d.kind}`}>
                        <td>{ctx.labels.party(d.partner)}</td>
                        <td>{tr.date(d.date)}</td>
                        <th scope="row">
                          <p class="candidate-text">{d.kind === 'progress' ? <a href={`/commitments/${encodeURIComponent(d.subjectId)}#h-progress`}>{d.subject}</a> : d.subject}</p>
                          {d.detail ? <p class="meta">{d.detail}</p> : null}
                        </th>
                        <td>
                          {d.kind === 'progress' ? statusLabel(ctx, 'completed') : tr.t('tracking.meetingHeld')} <VisibilityBadge ctx={ctx} visibility={d.visibility} side={d.side} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                ))}
              </table>
            </div>
          ) : (
            <p class="muted">{tr.t('tracking.noneDone', { days: tr.number(days) })}</p>
          )}
          <h2 id="h-recent">{tr.t('meeting.recent')}</h2>
          {recorded.length ? (
            <ul class="meetings">
              {recorded.map((m) => (
                <li>
                  <strong>{tr.date(m.date)}</strong> · {mechanismName.get(m.mechanismId)?.name ?? m.mechanismId}
                  {m.place ? ` · ${m.place}` : ''}
                  {m.level ? ` · ${m.level}` : ''}
                  {m.participants ? ` · ${m.participants}` : ''}
                  {m.minutes ? (
                    <>
                      {' · '}
                      <a href={m.minutes.kind === 'url' ? m.minutes.url : `/api/evidence/${m.minutes.sha256}`} rel="noreferrer noopener">
                        {tr.t('meeting.minutes')}
                      </a>
                    </>
                  ) : null}
                  {' '}
                  <VisibilityBadge ctx={ctx} visibility={m.visibility} side={m.side} />
                  {ours.has(m.id) ? (
                    <>
                      {' · '}
                      <a href={`/tracking/meetings/${encodeURIComponent(m.id)}/edit`}>{tr.t('meeting.correct')}</a>
                      <VisibilityChange ctx={ctx} kind="meetings" id={m.id} visibility={m.visibility} back="/tracking#h-recent" />
                      <form method="post" action={`/tracking/meetings/${encodeURIComponent(m.id)}/delete`} class="inline">
                        <button type="submit" class="danger">
                          {tr.t('meeting.delete')}
                        </button>
                      </form>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{tr.t('meeting.none')}</p>
          )}
          <h2>{w.review}</h2>
          <p>{w.reviewIntro}</p>
          <ul>
            {plans.map(([id, title]) => (
              <li>
                <a href={`/plans/${encodeURIComponent(id)}/review?from=${period.from}&to=${period.to}`}>{title}</a> ·{' '}
                <a href={`/api/plans/${encodeURIComponent(id)}/review?format=docx&from=${period.from}&to=${period.to}&lang=${tr.lang}`}>DOCX</a> ·{' '}
                <a href={`/api/plans/${encodeURIComponent(id)}/review?format=md&from=${period.from}&to=${period.to}&lang=${tr.lang}`}>Markdown</a>
              </li>
            ))}
          </ul>
          {editor ? (
          <>
          <h2>{w.link}</h2>
          <p>{w.linkIntro}</p>
          <form method="post" action="/tracking/link">
            <p class="field">
              <label for="r-name">{w.readoutName}</label>
              <input id="r-name" name="name" required maxlength={200} value="readout.txt" />
            </p>
            <p class="field">
              <label for="r-text">{w.readoutText}</label>
              <textarea id="r-text" name="text" required rows={10} cols={80}></textarea>
            </p>
            <p class="field">
              <label for="r-date">{w.readoutDate}</label>
              <input id="r-date" name="date" type="date" />
            </p>
            <p class="field">
              <button type="submit">{w.propose}</button>
            </p>
          </form>
          </>
          ) : null}
        </>
      );
      return { title: w.title, body, section: '/tracking' };
}

/** A meeting record's fields as the correction form shows them. */
const meetingValues = (m: Meeting): MeetingValues => ({ date: m.date, place: m.place ?? '', level: m.level ?? '', participants: m.participants ?? '', url: m.minutes?.kind === 'url' ? m.minutes.url : '' });

/** Correct a recorded meeting in place: its fields filled in, the minutes kept unless replaced or removed. */
async function meetingEditPage(ctx: PageContext, id: string, state?: { values: MeetingValues; errors: MeetingFormState['errors'] }): Promise<PageContent> {
  const { tr } = ctx;
  const { meeting, mechanism } = await meetingRecord(ctx.deps.store, id, scopeOf(ctx.c));
  const title = tr.t('meeting.correctTitle');
  const body = (
    <>
      <p class="crumbs">
        <a href="/tracking#h-recent">{tr.t('meeting.recent')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {tr.t('meeting.of', { name: mechanism.name })} · <a href={`/plans/${encodeURIComponent(mechanism.planId)}`}>{tr.t('plan.title')}</a>
      </p>
      <ErrorSummary ctx={ctx} errors={Object.values(state?.errors ?? {})} />
      <form class="edit-form" method="post" action={`/tracking/meetings/${encodeURIComponent(id)}/edit`} enctype="multipart/form-data" novalidate>
        <MeetingFields ctx={ctx} formKey="me" values={state?.values ?? meetingValues(meeting)} errors={state?.errors ?? {}} />
        {meeting.minutes?.kind === 'file' ? (
          <div class="field checkbox">
            <p>
              {tr.t('meeting.currentFile')}{' '}
              <a href={`/api/evidence/${meeting.minutes.sha256}`} download={meeting.minutes.name}>
                {meeting.minutes.name}
              </a>
            </p>
            <label>
              <input type="checkbox" name="dropMinutes" value="1" /> {tr.t('meeting.dropMinutes')}
            </label>
          </div>
        ) : null}
        <p class="actions">
          <button type="submit" class="primary">
            {tr.t('meeting.saveCorrection')}
          </button>
          <a href="/tracking#h-recent">{tr.t('form.cancel')}</a>
        </p>
      </form>
    </>
  );
  return { title, body, section: '/tracking' };
}

/** A mechanism id (`p-…:m3`) as a fragment of element ids. */
export const formKeyOf = (mechanismId: string) => `mf-${mechanismId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export const trackingPages: WebPage[] = [
  {
    method: 'get',
    path: '/tracking',
    permission: READ,
    nav: { label: 'nav.tracking', order: 35 },
    handle: (ctx) => trackingPage(ctx),
  },
  {
    method: 'post',
    path: '/tracking/mechanisms/:id/meetings',
    permission: on('coordinate', 'mechanism'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const form = await evidenceForm(ctx);
      const text = form.text;
      const values: MeetingValues = { date: text('date'), place: text('place'), level: text('level'), participants: text('participants'), url: text('url') };
      // One minutes record: the file when both a file and a link were given.
      const minutes = (await form.evidence()).at(-1) ?? null;
      // Back to the page the form was on: the tracking page or a plan page (`/plans/p-…`), nothing else.
      const back = /^\/plans\/p-[0-9a-f]{12}$/.test(text('back')) ? text('back') : '/tracking';
      try {
        const visibility = readVisibility(text('visibility'));
        await recordMeeting(
          ctx.deps.store,
          { mechanismId: id, date: values.date, place: values.place, level: values.level, participants: values.participants, minutes, author: authorOf(ctx.c), principal: principalOf(ctx.c), ...(visibility ? { visibility } : {}) },
          ctx.deps.now(),
        );
      } catch (error) {
        if (error instanceof InvalidUpdateError) {
          const state = { mechanismId: id, values, errors: meetingErrors(formKeyOf(id), error, ctx.tr.lang) };
          if (back === '/tracking') return { ...(await trackingPage(ctx, state)), status: 422 };
          throw new KizunaError('invalid-request', saidList(error.reasons), error.problems.map((reason) => ({ name: 'date', reason })));
        }
        throw error;
      }
      return ctx.c.redirect(`${back}?done=meeting`, 303);
    },
  },
  {
    method: 'get',
    path: '/tracking/meetings/:id/edit',
    permission: on('coordinate', 'meeting'),
    handle: (ctx) => meetingEditPage(ctx, ctx.c.req.param('id') ?? ''),
  },
  {
    method: 'post',
    path: '/tracking/meetings/:id/edit',
    permission: on('coordinate', 'meeting'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const { meeting } = await meetingRecord(ctx.deps.store, id, scopeOf(ctx.c));
      const form = await evidenceForm(ctx);
      const text = form.text;
      const values: MeetingValues = { date: text('date'), place: text('place'), level: text('level'), participants: text('participants'), url: text('url').trim() };
      // New minutes replace the old; an emptied link, or "remove" ticked for a file, drops them; else they stay.
      const given = (await form.evidence()).at(-1);
      const was = meeting.minutes;
      const minutes: MeetingCorrection['minutes'] =
        given?.kind === 'file' ? given : values.url ? (was?.kind === 'url' && was.url === values.url ? undefined : { kind: 'url', url: values.url }) : was?.kind === 'url' || text('dropMinutes') ? null : undefined;
      try {
        await correctMeetingRecord(ctx.deps.store, id, { date: values.date, place: values.place, level: values.level, participants: values.participants, ...(minutes !== undefined ? { minutes } : {}) }, authorOf(ctx.c), ctx.deps.now());
      } catch (error) {
        if (error instanceof InvalidUpdateError) return { ...(await meetingEditPage(ctx, id, { values, errors: meetingErrors('me', error, ctx.tr.lang) })), status: 422 };
        throw error;
      }
      return ctx.c.redirect(changedMeeting('meetingCorrected', meeting), 303);
    },
  },
  {
    method: 'post',
    path: '/tracking/meetings/:id/delete',
    permission: on('coordinate', 'meeting'),
    async handle(ctx) {
      const meeting = await deleteMeetingRecord(ctx.deps.store, ctx.c.req.param('id') ?? '', authorOf(ctx.c));
      return ctx.c.redirect(changedMeeting('meetingDeleted', meeting), 303);
    },
  },
  {
    // "Undo" on the confirmation: the record is gone after a deletion, so the permission is checked on its mechanism.
    method: 'post',
    path: '/tracking/mechanisms/:id/meetings/:record/undo',
    permission: on('coordinate', 'mechanism'),
    async handle(ctx) {
      await undoMeetingChange(ctx.deps.store, ctx.c.req.param('id') ?? '', ctx.c.req.param('record') ?? '', authorOf(ctx.c));
      return ctx.c.redirect('/tracking?done=meetingUndone#h-recent', 303);
    },
  },
  {
    method: 'post',
    path: '/tracking/link',
    permission: only('upload'),
    async handle(ctx) {
      const form = await ctx.c.req.formData().catch(() => null);
      const text = form?.get('text');
      const rawName = form?.get('name');
      if (typeof text !== 'string' || !text.trim()) throw new KizunaError('invalid-request', 'The readout text is empty.');
      const name = typeof rawName === 'string' && /\.(txt|md|html?)$/i.test(rawName) ? rawName : 'readout.txt';
      const rawDate = form?.get('date');
      const date = typeof rawDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(rawDate) ? rawDate : undefined;
      const result = await proposeLinks(ctx.deps.store, { name, bytes: new TextEncoder().encode(text) }, { principal: principalOf(ctx.c), ...(date ? { date } : {}) });
      if (!result.readoutId) throw new KizunaError('unprocessable-document', result.messages.map((m) => m.reason).join('; '));
      return ctx.c.redirect(`/tracking/readouts/${result.readoutId}`, 303);
    },
  },
  {
    method: 'get',
    path: '/tracking/readouts/:id',
    permission: only('upload'),
    handle: (ctx) => proposalsPage(ctx, ctx.c.req.param('id') ?? ''),
  },
  {
    method: 'post',
    path: '/tracking/proposals/:id',
    permission: on('coordinate', 'proposal'),
    async handle(ctx) {
      const form = await ctx.c.req.formData().catch(() => null);
      const decision = form?.get('decision');
      const readout = form?.get('readout');
      const id = ctx.c.req.param('id') ?? '';
      if ((decision !== 'accept' && decision !== 'reject') || !/^\d{1,9}$/.test(id)) throw new KizunaError('invalid-request', 'Choose accept or reject.');
      await decideLink(ctx.deps.store, Number(id), decision, authorOf(ctx.c), ctx.deps.now(), undefined, { principal: principalOf(ctx.c) });
      return ctx.c.redirect(typeof readout === 'string' && /^[0-9a-f]{64}$/.test(readout) ? `/tracking/readouts/${readout}` : '/tracking', 303);
    },
  },
  {
    // The old status page is now the commitment page's progress section (history, evidence, the form).
    method: 'get',
    path: '/tracking/commitments/:id',
    permission: READ,
    handle: (ctx) => ctx.c.redirect(`/commitments/${encodeURIComponent(ctx.c.req.param('id') ?? '')}#h-progress`, 301),
  },
];
