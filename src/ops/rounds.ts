// Update rounds as user actions: a coordinator opens a round for a plan (every commitment assigned to the
// organizations among its actors, editable), each contributor organization answers per commitment (status, note,
// evidence, visibility: a draft, then submitted), the coordinator accepts (the answer becomes a progress update
// through applyUpdate, with the contributor as its author) or returns it with a comment. Every step is an event.
import { createHash, randomUUID } from 'node:crypto';
import type { Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { getPlan } from '../store/queries.js';
import { currentStatus, saveEvidenceFile } from '../store/tracking.js';
import {
  accountGrants,
  actorsOfPlan,
  assignmentsOfOrganizations,
  lastStateChange,
  setRoundState,
  deleteAssignment,
  getAssignment,
  getRound,
  insertAssignments,
  insertRound,
  listRounds,
  nextRoundNumber,
  organizationExists,
  organizationsOfPlan,
  planOfCommitment,
  reviewAnswer,
  roundAssignments,
  saveAnswer,
  type AssignmentRecord,
  type RoundRecord,
} from '../store/rounds.js';
import { READ_ALL, type ReadScope } from '../store/scope.js';
import { KizunaError, NotFoundError, invalidField, saidList, type Said } from '../errors.js';
import { fill } from '../web/i18n/translator.js';
import { canRead, isAdmin, LOCAL_ADMINISTRATOR, type Grant, type Principal, type Role, type Visibility } from '../auth/principal.js';
import { isIsoDay, isStatus, validateProgressUpdate, type Evidence, type ImplementationStatus } from '../track/status.js';
import { todayUtc } from '../track/cadence.js';
import { applyUpdate } from './tracking-status.js';
import { sideOf } from './visibility.js';
import { deliver, type RemindResult } from './remind.js';
import { reminderNowMessages, roundMessages, unanswered } from './round-mail.js';
import type { Mailer } from '../mail/transport.js';
import type { Actor } from './plan-amend.js';
import type { RoundOrganizationProgress, RoundStateChange } from '../types.js';

export type { RoundRecord, AssignmentRecord } from '../store/rounds.js';

/** Where an assignment stands for the coordinator: its answer's state, or none yet; overdue when owed past the due date. */
export type Progress = 'not_answered' | 'draft' | 'submitted' | 'accepted' | 'returned';

export interface AssignmentView extends AssignmentRecord {
  progress: Progress;
  overdue: boolean;
}

/** A round with its progress: each assignment, the commitments nobody was asked about, and counts per organization. */
export interface RoundView extends RoundRecord {
  assignments: AssignmentView[];
  notRequested: { id: string; key: string; text: string }[];
  organizations: RoundOrganizationProgress[];
  /** Who last closed or reopened the round and when (null when nobody has). */
  stateChange: RoundStateChange | null;
}

/** An answer's state as said in an error (`draft` / 下書き). */
const stateName = (state: Progress): Said => ({ key: `error.state.${state}` });

/** Submitted or accepted: the organization has answered. */
export const answered = (a: AssignmentRecord): boolean => a.answer?.state === 'submitted' || a.answer?.state === 'accepted';

function view(round: RoundRecord, assignments: AssignmentRecord[], today: string): AssignmentView[] {
  return assignments.map((a) => ({ ...a, progress: a.answer?.state ?? 'not_answered', overdue: round.dueDate < today && unanswered(a) }));
}

/**
 * Opens a round on a plan: by default every commitment is assigned to each organization among its actors
 * (`assignments` replaces that). The requests go out at once when a mailer is given (and otherwise, or if a send
 * fails, with the next reminder run). Returns the round and what was sent.
 */
export async function openRound(
  store: Store,
  actor: Actor,
  input: { planId: string; title: string; dueDate: string; assignments?: { commitmentId: string; organizationId: string }[] },
  now = new Date(),
  mailer?: Mailer | null,
): Promise<{ round: RoundView; mail: RemindResult | null }> {
  const plan = await getPlan(store.db, input.planId, READ_ALL, now);
  if (!plan) throw new NotFoundError('plan', input.planId);
  const title = input.title.trim();
  if (!title) throw invalidField('title', { key: 'error.reason.empty' });
  if (title.length > 300) throw invalidField('title', { key: 'error.reason.tooLong', params: { n: 300 } });
  if (!isIsoDay(input.dueDate)) throw invalidField('dueDate', { key: 'error.reason.day' });
  const today = todayUtc(now);
  if (input.dueDate < today) throw invalidField('dueDate', { key: 'error.reason.notBeforeToday', params: { today } });
  const home = { partnershipId: plan.partnershipId, parties: plan.parties };
  const round = await store.db.transaction().execute(async (trx) => {
    const pairs = input.assignments ?? (await actorsOfPlan(trx, plan.id));
    const known = new Set(plan.commitments.map((c) => c.id));
    for (const p of pairs) if (!known.has(p.commitmentId)) throw invalidField('assignments', { key: 'error.reason.notOfPlan', params: { commitment: p.commitmentId, plan: plan.id } });
    const number = await nextRoundNumber(trx, plan.id);
    const id = `${plan.id}:r${number}`;
    await insertRound(trx, { id, planId: plan.id, number, title, dueDate: input.dueDate, openedOn: today, openedBy: actor.name, openedSide: sideOf(actor.principal, home) });
    await insertAssignments(trx, id, pairs);
    await appendEvent(trx, { actor: actor.name, entity: 'update_round', entityId: id, action: 'open', after: { planId: plan.id, title, dueDate: input.dueDate, assignments: pairs.length } });
    return id;
  });
  const mail = mailer ? await deliver(store, mailer, await roundMessages(store, mailer.publicUrl, now, round)) : null;
  return { round: await roundOf(store, round, now), mail };
}

/** A plan's rounds, newest first (a plan `scope` may read). */
export async function roundsOf(store: Store, planId: string, scope: ReadScope, now = new Date()): Promise<RoundRecord[]> {
  if (!(await getPlan(store.db, planId, scope, now))) throw new NotFoundError('plan', planId);
  return listRounds(store.db, planId);
}

/**
 * What `viewer` may see of an answer: its state always; its status, note and evidence only when the viewer may
 * read it as it was written (on its organization's side, with the visibility the contributor chose; without one,
 * internal to that side until accepted).
 */
function visibleTo(viewer: Principal, partnershipId: string | null, a: AssignmentView): AssignmentView {
  if (!a.answer || canRead(viewer, { partnershipId, side: a.organization.party, visibility: a.answer.visibility ?? 'internal' })) return a;
  return { ...a, answer: { ...a.answer, status: '', note: '', evidenceUrl: null, evidenceFile: null, visibility: null } };
}

/** One round with its progress (for its coordinators: the route checks who asks), answers as `viewer` may read them. */
export async function roundOf(store: Store, id: string, now = new Date(), viewer: Principal = LOCAL_ADMINISTRATOR): Promise<RoundView> {
  const round = await getRound(store.db, id);
  if (!round) throw new NotFoundError('update round', id);
  const plan = await getPlan(store.db, round.planId, READ_ALL, now);
  if (!plan) throw new NotFoundError('plan', round.planId);
  const assignments = view(round, await roundAssignments(store.db, id), todayUtc(now)).map((a) => visibleTo(viewer, round.partnershipId, a));
  const asked = new Set(assignments.map((a) => a.commitmentId));
  const organizations = new Map<string, RoundView['organizations'][number]>();
  for (const a of assignments) {
    const o = organizations.get(a.organization.id) ?? { id: a.organization.id, name: a.organization.name, acronym: a.organization.acronym, side: a.organization.party, total: 0, answered: 0, accepted: 0, overdue: 0 };
    o.total++;
    if (answered(a)) o.answered++;
    if (a.answer?.state === 'accepted') o.accepted++;
    if (a.overdue) o.overdue++;
    organizations.set(o.id, o);
  }
  return {
    ...round,
    stateChange: await lastStateChange(store.db, id),
    assignments,
    notRequested: plan.commitments.filter((c) => !asked.has(c.id)).map((c) => ({ id: c.id, key: c.key, text: c.text })),
    organizations: [...organizations.values()].sort((a, b) => (a.side ?? '').localeCompare(b.side ?? '') || a.id.localeCompare(b.id)),
  };
}

/** The latest round of a plan opened on or before `day`, with its progress as of `day` (overdue: due before it); null when none was. */
export async function latestRound(store: Store, planId: string, day: string): Promise<RoundView | null> {
  const round = (await listRounds(store.db, planId)).find((r) => r.openedOn <= day);
  return round ? roundOf(store, round.id, new Date(`${day}T12:00:00Z`)) : null;
}

/** The coordinator adds a commitment × organization to a round, or removes one nobody has answered yet. */
export async function changeAssignment(store: Store, actor: Actor, roundId: string, input: { commitmentId: string; organizationId: string; remove?: boolean }): Promise<void> {
  const round = await getRound(store.db, roundId);
  if (!round) throw new NotFoundError('update round', roundId);
  if (round.state !== 'open') throw new KizunaError('conflict', { key: 'error.round.closedAssignments', params: { id: round.id } });
  await store.db.transaction().execute(async (trx) => {
    const existing = (await roundAssignments(trx, roundId)).find((a) => a.commitmentId === input.commitmentId && a.organization.id === input.organizationId);
    if (input.remove) {
      if (!existing) throw new NotFoundError('assignment', `${input.commitmentId} × ${input.organizationId}`);
      if (existing.answer && existing.answer.state !== 'draft') throw new KizunaError('conflict', { key: 'error.round.answeredStays', params: { organization: input.organizationId, commitment: input.commitmentId } });
      await deleteAssignment(trx, existing.id);
    } else {
      if ((await planOfCommitment(trx, input.commitmentId)) !== round.planId) throw invalidField('commitmentId', { key: 'error.reason.notOfPlan', params: { commitment: input.commitmentId, plan: round.planId } });
      if (!(await organizationExists(trx, input.organizationId))) throw invalidField('organizationId', { key: 'error.reason.noOrganization', params: { id: input.organizationId } });
      const party = input.organizationId.split(':')[0];
      if (round.partnershipId && !round.partnershipId.split('-').includes(party ?? '')) throw invalidField('organizationId', { key: 'error.reason.notOfParties', params: { organization: input.organizationId, partnership: round.partnershipId } });
      if (!(await insertAssignments(trx, roundId, [{ commitmentId: input.commitmentId, organizationId: input.organizationId }]))) throw new KizunaError('conflict', { key: 'error.round.alreadyAsked', params: { organization: input.organizationId, commitment: input.commitmentId } });
    }
    await appendEvent(trx, { actor: actor.name, entity: 'update_round', entityId: roundId, action: input.remove ? 'unassign' : 'assign', after: { commitmentId: input.commitmentId, organizationId: input.organizationId } });
  });
}

/** The (partnership, organization) pairs a principal answers for: its contributor grants. */
const heldBy = (principal: Principal) =>
  principal.grants.filter((g): g is Grant & { partnershipId: string; organizationId: string } => g.role === 'contributor' && g.partnershipId !== null && g.organizationId !== null).map((g) => ({ partnershipId: g.partnershipId, organizationId: g.organizationId }));

/** What a contributor's organizations are asked for in open rounds ("My commitments"), with progress. */
export async function myAssignments(store: Store, principal: Principal, now = new Date()): Promise<{ round: RoundRecord; assignments: AssignmentView[] }[]> {
  const today = todayUtc(now);
  return (await assignmentsOfOrganizations(store.db, heldBy(principal))).map(({ round, assignments }) => ({ round, assignments: view(round, assignments, today) }));
}

/** True when the principal may answer for this assignment: a contributor for its organization, a coordinator of its partnership, an administrator. */
function mayAnswer(principal: Principal, partnershipId: string | null, organizationId: string): boolean {
  if (isAdmin(principal)) return true;
  return principal.grants.some((g) => g.partnershipId !== null && g.partnershipId === partnershipId && (g.role === 'coordinator' || (g.role === 'contributor' && g.organizationId === organizationId)));
}

export interface AnswerInput {
  status: string;
  note: string;
  /** A link as evidence, and/or a file (kept by SHA-256 beside evidence files). */
  evidenceUrl?: string | null;
  file?: { name: string; bytes: Uint8Array; mediaType?: string } | null;
  visibility?: Visibility;
  /** Submit for the coordinator's review; otherwise the answer is kept as a draft. */
  submit: boolean;
}

async function assignmentAndRound(store: Store, id: number): Promise<{ assignment: AssignmentRecord; round: RoundRecord }> {
  const assignment = Number.isInteger(id) ? await getAssignment(store.db, id) : null;
  if (!assignment) throw new NotFoundError('assignment', String(id));
  const round = (await getRound(store.db, assignment.roundId))!;
  return { assignment, round };
}

/**
 * Saves a contributor's answer as a draft, or submits it. A submitted answer is checked as the progress update
 * it would become (status transition, note, evidence), so the coordinator's acceptance does not fail on it.
 * An accepted answer is final.
 */
export async function answerAssignment(store: Store, actor: Actor, assignmentId: number, input: AnswerInput, now = new Date()): Promise<AssignmentView> {
  const { assignment, round } = await assignmentAndRound(store, assignmentId);
  if (!mayAnswer(actor.principal, round.partnershipId, assignment.organization.id)) throw new KizunaError('forbidden', { key: 'error.round.mayNotAnswer', params: { organization: assignment.organization.id } });
  if (round.state !== 'open') throw new KizunaError('conflict', { key: 'error.round.closed', params: { id: round.id } });
  if (assignment.answer?.state === 'accepted') throw new KizunaError('conflict', { key: 'error.round.answerFinal' });
  if (!isStatus(input.status)) throw invalidField('status', { key: 'error.reason.status' });
  const note = input.note.trim();
  const url = input.evidenceUrl?.trim() || null;
  if (url && !/^https?:\/\/[^\s/]+/i.test(url)) throw invalidField('evidenceUrl', { key: 'error.reason.url' });
  const today = todayUtc(now);
  const file = input.file ? { ...input.file, sha256: createHash('sha256').update(input.file.bytes).digest('hex') } : null;
  // A new file replaces the one kept with the draft; without one, the earlier file stays.
  const kept = file ? { sha256: file.sha256, name: file.name } : (assignment.answer?.evidenceFile ?? null);
  if (input.submit) {
    const before = await currentStatus(store.db, assignment.commitmentId);
    const problems = validateProgressUpdate({ status: input.status, date: today, note, evidence: evidenceOf(url, kept), author: actor.name }, before, today);
    if (problems.length) {
      const reasons = problems.map((p) => fill('en', p.key, p.params));
      throw new KizunaError('invalid-request', saidList(problems), reasons.map((reason) => ({ name: /note/.test(reason) ? 'note' : /evidence/.test(reason) ? 'evidence' : 'status', reason })));
    }
  }
  await store.db.transaction().execute(async (trx) => {
    if (file) await saveEvidenceFile(trx, { sha256: file.sha256, name: file.name, mediaType: file.mediaType ?? null, bytes: file.bytes });
    const saved = await saveAnswer(
      trx,
      assignment.id,
      { status: input.status, note, evidenceUrl: url, evidenceSha256: kept?.sha256 ?? null, evidenceName: kept?.name ?? null, visibility: input.visibility ?? null, state: input.submit ? 'submitted' : 'draft', author: actor.name, submittedOn: input.submit ? today : null },
      assignment.answer?.version ?? null,
    );
    if (!saved) throw new KizunaError('conflict', { key: 'error.round.answerChangedAgain' });
    await appendEvent(trx, { actor: actor.name, entity: 'round_answer', entityId: `${round.id}/${assignment.id}`, action: input.submit ? 'submit' : 'draft', before: assignment.answer, after: { commitmentId: assignment.commitmentId, organizationId: assignment.organization.id, status: input.status, note, evidenceUrl: url, evidenceFile: kept, visibility: input.visibility ?? null } });
  });
  return view(round, [(await getAssignment(store.db, assignment.id))!], today)[0]!;
}

function evidenceOf(url: string | null, file: { sha256: string; name: string } | null): Evidence[] {
  return [...(url ? [{ kind: 'url' as const, url }] : []), ...(file ? [{ kind: 'file' as const, name: file.name, sha256: file.sha256 }] : [])];
}

/** Who wrote an answer, as a principal (its account's grants decide the side the update is written on). */
async function authorPrincipal(store: Store, email: string): Promise<Principal> {
  const found = await accountGrants(store.db, email);
  if (!found) return { account: null, grants: [{ role: 'admin', partnershipId: null, side: null, organizationId: null }] };
  return {
    account: { id: found.id, email: found.email, name: found.name, language: found.language === 'ja' ? 'ja' : 'en' },
    grants: found.grants.map((g) => ({ role: g.role as Role, partnershipId: g.partnership_id, side: g.side, organizationId: g.organization_id })),
  };
}

/**
 * The coordinator accepts a submitted answer: it becomes a progress update (applyUpdate, the same path as
 * "Record progress") dated the day it was submitted, authored by the contributor, written on their side with the
 * visibility they chose; the answer, the update and both events commit together.
 */
export async function acceptAnswer(store: Store, actor: Actor, assignmentId: number, now = new Date()): Promise<AssignmentView> {
  const { assignment, round } = await assignmentAndRound(store, assignmentId);
  const answer = assignment.answer;
  if (answer?.state !== 'submitted') throw new KizunaError('conflict', { key: 'error.round.acceptOnlySubmitted', params: { state: stateName(answer?.state ?? 'not_answered') } });
  const today = todayUtc(now);
  const author = await authorPrincipal(store, answer.author);
  await store.db.transaction().execute(async (trx) => {
    const update = { id: randomUUID(), commitmentId: assignment.commitmentId, status: answer.status as ImplementationStatus, date: answer.submittedOn ?? today, note: answer.note, evidence: evidenceOf(answer.evidenceUrl, answer.evidenceFile), author: answer.author };
    await applyUpdate(trx, update, today, now, author, answer.visibility ?? undefined);
    if (!(await reviewAnswer(trx, assignment.id, answer.version, { state: 'accepted', reviewer: actor.name, comment: null, updateId: update.id }))) throw new KizunaError('conflict', { key: 'error.round.answerChanged' });
    await appendEvent(trx, { actor: actor.name, entity: 'round_answer', entityId: `${round.id}/${assignment.id}`, action: 'accept', before: { state: 'submitted' }, after: { state: 'accepted', updateId: update.id } });
  });
  return view(round, [(await getAssignment(store.db, assignment.id))!], today)[0]!;
}

/** The coordinator returns a submitted answer with a comment; the contributor corrects it and submits again. */
export async function returnAnswer(store: Store, actor: Actor, assignmentId: number, comment: string, now = new Date()): Promise<AssignmentView> {
  const { assignment, round } = await assignmentAndRound(store, assignmentId);
  const answer = assignment.answer;
  if (answer?.state !== 'submitted') throw new KizunaError('conflict', { key: 'error.round.returnOnlySubmitted', params: { state: stateName(answer?.state ?? 'not_answered') } });
  if (!comment.trim()) throw invalidField('comment', { key: 'error.reason.whatToChange' });
  if (round.state !== 'open') throw new KizunaError('conflict', { key: 'error.round.closedReturn', params: { id: round.id } });
  await store.db.transaction().execute(async (trx) => {
    if (!(await reviewAnswer(trx, assignment.id, answer.version, { state: 'returned', reviewer: actor.name, comment: comment.trim(), updateId: null }))) throw new KizunaError('conflict', { key: 'error.round.answerChanged' });
    await appendEvent(trx, { actor: actor.name, entity: 'round_answer', entityId: `${round.id}/${assignment.id}`, action: 'return', before: { state: 'submitted' }, after: { state: 'returned', comment: comment.trim() } });
  });
  return view(round, [(await getAssignment(store.db, assignment.id))!], todayUtc(now))[0]!;
}

/** The organizations a round may ask (a list to choose from): those acting in the plan, and any already asked. */
export async function assignableOrganizations(store: Store, round: RoundView): Promise<{ id: string; name: string; acronym: string | null; party: string | null }[]> {
  const found = new Map((await organizationsOfPlan(store.db, round.planId)).map((o) => [o.id, o]));
  for (const o of round.organizations) if (!found.has(o.id)) found.set(o.id, { id: o.id, name: o.name, acronym: o.acronym, party: o.side });
  return [...found.values()].sort((a, b) => (a.party ?? '').localeCompare(b.party ?? '') || a.name.localeCompare(b.name));
}

/**
 * The coordinator closes a round: no more answers, drafts or changes of who is asked, no reminders; answers
 * already submitted can still be accepted. An audited event; closing a closed round is a conflict.
 */
export function closeRound(store: Store, actor: Actor, roundId: string, now = new Date()): Promise<RoundView> {
  return changeRoundState(store, actor, roundId, 'closed', now);
}

/**
 * A coordinator of either side reopens a closed round (a late answer, a reassignment): answers, changes and
 * reminders resume. `dueDate` (YYYY-MM-DD, not before today) gives those who still owe answers a new date;
 * without it the old one stands, and past it they are reminded at once. An audited event; reopening an open round
 * is a conflict.
 */
export function reopenRound(store: Store, actor: Actor, roundId: string, now = new Date(), dueDate?: string): Promise<RoundView> {
  return changeRoundState(store, actor, roundId, 'open', now, dueDate);
}

async function changeRoundState(store: Store, actor: Actor, roundId: string, to: 'open' | 'closed', now: Date, dueDate?: string): Promise<RoundView> {
  const round = await getRound(store.db, roundId);
  if (!round) throw new NotFoundError('update round', roundId);
  const from = to === 'open' ? 'closed' : 'open';
  // The date the form showed, given back unchanged, is no new date (and may be past: the round was overdue).
  const moved = dueDate !== undefined && dueDate !== round.dueDate;
  if (moved) {
    const today = todayUtc(now);
    if (!isIsoDay(dueDate)) throw invalidField('dueDate', { key: 'error.reason.day' });
    if (dueDate < today) throw invalidField('dueDate', { key: 'error.reason.notBeforeToday', params: { today } });
  }
  await store.db.transaction().execute(async (trx) => {
    if (!(await setRoundState(trx, roundId, to, moved ? dueDate : undefined))) throw new KizunaError('conflict', { key: to === 'open' ? 'error.round.notClosed' : 'error.round.alreadyClosed', params: { id: roundId } });
    await appendEvent(trx, {
      actor: actor.name,
      entity: 'update_round',
      entityId: roundId,
      action: to === 'open' ? 'reopen' : 'close',
      before: { state: from, ...(moved ? { dueDate: round.dueDate } : {}) },
      after: { state: to, on: todayUtc(now), ...(moved ? { dueDate } : {}) },
    });
  });
  return roundOf(store, roundId, now, actor.principal);
}

/**
 * "Remind now": the coordinator reminds every account whose organizations still owe an answer in an open round,
 * through the mail path of the reminder run (logged, claimed by reason), at most once a day to each account.
 * Returns what was sent and what had already gone today; an audited event when anything was sent.
 */
export async function remindRound(store: Store, actor: Actor, roundId: string, mailer: Mailer | null | undefined, now = new Date()): Promise<RemindResult> {
  const round = await getRound(store.db, roundId);
  if (!round) throw new NotFoundError('update round', roundId);
  if (round.state !== 'open') throw new KizunaError('conflict', { key: 'error.round.closedRemind', params: { id: roundId } });
  if (!mailer) throw new KizunaError('conflict', { key: 'error.round.noMail' });
  const result = await deliver(store, mailer, await reminderNowMessages(store, mailer.publicUrl, round, actor.name, now));
  if (result.sent) await appendEvent(store.db, { actor: actor.name, entity: 'update_round', entityId: roundId, action: 'remind', after: { sent: result.sent, skipped: result.skipped, failed: result.failed.length } });
  return result;
}
