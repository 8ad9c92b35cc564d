// Queries of update rounds (migrations/011_rounds.ts): rounds of a plan, their assignments (commitment ×
// contributor organization) with each one's answer, the assignments a contributor's organizations hold, and
// the accounts that answer for an organization (contributor grants), who get the round's e-mail.
import { sql, type ColumnType, type Generated, type Kysely, type Selectable } from 'kysely';
import type { Database } from './schema.js';
import type { Visibility } from '../auth/principal.js';
import type { RoundStateChange } from '../types.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type RoundState = 'open' | 'closed';
export type AnswerState = 'draft' | 'submitted' | 'accepted' | 'returned';

export interface UpdateRoundsTable {
  id: string;
  plan_id: string;
  number: number;
  title: string;
  due_date: string;
  /** The day it was opened (the app's clock, so tests can move it). */
  opened_on: string;
  opened_by: string;
  opened_side: string | null;
  state: ColumnType<RoundState, RoundState | undefined, RoundState>;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface RoundAssignmentsTable {
  id: Generated<number>;
  round_id: string;
  commitment_id: string;
  organization_id: string;
  created_at: Timestamp;
}

export interface RoundAnswersTable {
  assignment_id: number;
  status: string;
  note: string;
  evidence_url: string | null;
  evidence_sha256: string | null;
  evidence_name: string | null;
  visibility: Visibility | null;
  state: AnswerState;
  author: string;
  updated_at: Timestamp;
  submitted_on: string | null;
  reviewer: string | null;
  reviewer_comment: string | null;
  reviewed_at: Timestamp | null;
  /** The progress update an accepted answer became. */
  update_id: string | null;
  version: ColumnType<number, number | undefined, number>;
}

declare module './schema.js' {
  interface Database {
    update_rounds: UpdateRoundsTable;
    round_assignments: RoundAssignmentsTable;
    round_answers: RoundAnswersTable;
  }
}

type Db = Kysely<Database>;

export interface RoundRecord {
  id: string;
  planId: string;
  planTitle: string | null;
  partnershipId: string | null;
  number: number;
  title: string;
  dueDate: string;
  openedOn: string;
  openedBy: string;
  openedSide: string | null;
  state: RoundState;
}

export interface AnswerRecord {
  status: string;
  note: string;
  evidenceUrl: string | null;
  evidenceFile: { name: string; sha256: string } | null;
  visibility: Visibility | null;
  state: AnswerState;
  author: string;
  updatedAt: string;
  submittedOn: string | null;
  reviewer: string | null;
  reviewerComment: string | null;
  updateId: string | null;
  version: number;
}

export interface AssignmentRecord {
  id: number;
  roundId: string;
  commitmentId: string;
  commitmentKey: string;
  commitmentText: string;
  organization: { id: string; name: string; acronym: string | null; party: string | null };
  answer: AnswerRecord | null;
}

const toRound = (r: Selectable<UpdateRoundsTable> & { title_of_plan: string | null; partnership_id: string | null }): RoundRecord => ({
  id: r.id,
  planId: r.plan_id,
  planTitle: r.title_of_plan,
  partnershipId: r.partnership_id,
  number: r.number,
  title: r.title,
  dueDate: r.due_date,
  openedOn: r.opened_on,
  openedBy: r.opened_by,
  openedSide: r.opened_side,
  state: r.state,
});

const roundQuery = (db: Db) =>
  db
    .selectFrom('update_rounds')
    .innerJoin('plans', 'plans.id', 'update_rounds.plan_id')
    .selectAll('update_rounds')
    .select(['plans.title as title_of_plan', 'plans.partnership_id']);

export async function nextRoundNumber(db: Db, planId: string): Promise<number> {
  const row = await db.selectFrom('update_rounds').select(sql<number>`coalesce(max(number), 0) + 1`.as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertRound(db: Db, row: { id: string; planId: string; number: number; title: string; dueDate: string; openedOn: string; openedBy: string; openedSide: string | null }): Promise<void> {
  await db
    .insertInto('update_rounds')
    .values({ id: row.id, plan_id: row.planId, number: row.number, title: row.title, due_date: row.dueDate, opened_on: row.openedOn, opened_by: row.openedBy, opened_side: row.openedSide })
    .execute();
}

/** The rounds of a plan, newest first. */
export async function listRounds(db: Db, planId: string): Promise<RoundRecord[]> {
  return (await roundQuery(db).where('update_rounds.plan_id', '=', planId).orderBy('update_rounds.number', 'desc').execute()).map(toRound);
}

export async function getRound(db: Db, id: string): Promise<RoundRecord | null> {
  const row = await roundQuery(db).where('update_rounds.id', '=', id).executeTakeFirst();
  return row ? toRound(row) : null;
}

/** Open rounds whose due date is before `today` (reminders are due for what is still unanswered). */
export async function overdueRounds(db: Db, today: string): Promise<RoundRecord[]> {
  return (await roundQuery(db).where('update_rounds.state', '=', 'open').where('update_rounds.due_date', '<', today).orderBy('update_rounds.id').execute()).map(toRound);
}

/** Every open round (their opening messages are retried until sent). */
export async function openRounds(db: Db): Promise<RoundRecord[]> {
  return (await roundQuery(db).where('update_rounds.state', '=', 'open').orderBy('update_rounds.id').execute()).map(toRound);
}

/** The commitments of a plan with their acting organizations: the default assignments of a new round. */
export async function actorsOfPlan(db: Db, planId: string): Promise<{ commitmentId: string; organizationId: string }[]> {
  const rows = await db
    .selectFrom('commitment_actors')
    .innerJoin('commitments', 'commitments.id', 'commitment_actors.commitment_id')
    .select(['commitment_actors.commitment_id', 'commitment_actors.organization_id'])
    .where('commitments.plan_id', '=', planId)
    .orderBy('commitments.ord')
    .orderBy('commitment_actors.organization_id')
    .execute();
  return rows.map((r) => ({ commitmentId: r.commitment_id, organizationId: r.organization_id }));
}

/** Adds assignments (an existing pair is left as it is); returns how many were new. */
export async function insertAssignments(db: Db, roundId: string, pairs: { commitmentId: string; organizationId: string }[]): Promise<number> {
  if (!pairs.length) return 0;
  const result = await db
    .insertInto('round_assignments')
    .values(pairs.map((p) => ({ round_id: roundId, commitment_id: p.commitmentId, organization_id: p.organizationId })))
    .onConflict((oc) => oc.columns(['round_id', 'commitment_id', 'organization_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function deleteAssignment(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('round_assignments').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

const assignmentQuery = (db: Db) =>
  db
    .selectFrom('round_assignments as a')
    .innerJoin('commitments as c', 'c.id', 'a.commitment_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .leftJoin('round_answers as r', 'r.assignment_id', 'a.id')
    .select([
      'a.id',
      'a.round_id',
      'a.commitment_id',
      'c.key',
      'c.text',
      'c.ord',
      'o.id as org_id',
      'o.name as org_name',
      'o.acronym as org_acronym',
      'o.party as org_party',
      'r.status',
      'r.note',
      'r.evidence_url',
      'r.evidence_sha256',
      'r.evidence_name',
      'r.visibility',
      'r.state',
      'r.author',
      'r.updated_at',
      'r.submitted_on',
      'r.reviewer',
      'r.reviewer_comment',
      'r.update_id',
      'r.version',
    ]);

type AssignmentRow = Awaited<ReturnType<ReturnType<typeof assignmentQuery>['execute']>>[number];

function toAssignment(r: AssignmentRow): AssignmentRecord {
  return {
    id: r.id,
    roundId: r.round_id,
    commitmentId: r.commitment_id,
    commitmentKey: r.key,
    commitmentText: r.text,
    organization: { id: r.org_id, name: r.org_name, acronym: r.org_acronym, party: r.org_party },
    answer:
      r.state === null
        ? null
        : {
            status: r.status!,
            note: r.note ?? '',
            evidenceUrl: r.evidence_url,
            evidenceFile: r.evidence_sha256 ? { name: r.evidence_name ?? r.evidence_sha256, sha256: r.evidence_sha256 } : null,
            visibility: r.visibility,
            state: r.state,
            author: r.author!,
            updatedAt: new Date(r.updated_at!).toISOString(),
            submittedOn: r.submitted_on,
            reviewer: r.reviewer,
            reviewerComment: r.reviewer_comment,
            updateId: r.update_id,
            version: r.version!,
          },
  };
}

/** A round's assignments (of the given organizations only, when named), in the plan's order. */
export async function roundAssignments(db: Db, roundId: string, organizations?: string[]): Promise<AssignmentRecord[]> {
  if (organizations && !organizations.length) return [];
  let query = assignmentQuery(db).where('a.round_id', '=', roundId);
  if (organizations) query = query.where('a.organization_id', 'in', organizations);
  return (await query.orderBy('c.ord').orderBy('o.id').execute()).map(toAssignment);
}

export async function getAssignment(db: Db, id: number): Promise<AssignmentRecord | null> {
  const row = await assignmentQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row ? toAssignment(row) : null;
}

/**
 * The assignments of open rounds held by these (partnership, organization) pairs — a contributor's grants —
 * with their round, newest round first.
 */
export async function assignmentsOfOrganizations(db: Db, held: { partnershipId: string; organizationId: string }[]): Promise<{ round: RoundRecord; assignments: AssignmentRecord[] }[]> {
  if (!held.length) return [];
  const rounds = await roundQuery(db)
    .where('update_rounds.state', '=', 'open')
    .where((eb) => eb.or(held.map((h) => eb.and([eb('plans.partnership_id', '=', h.partnershipId), eb.exists(eb.selectFrom('round_assignments').select('round_assignments.id').whereRef('round_assignments.round_id', '=', 'update_rounds.id').where('round_assignments.organization_id', '=', h.organizationId))]))))
    .orderBy('update_rounds.due_date', 'desc')
    .orderBy('update_rounds.id')
    .execute();
  const out: { round: RoundRecord; assignments: AssignmentRecord[] }[] = [];
  for (const row of rounds) {
    const round = toRound(row);
    const organizations = held.filter((h) => h.partnershipId === round.partnershipId).map((h) => h.organizationId);
    out.push({ round, assignments: await roundAssignments(db, round.id, organizations) });
  }
  return out;
}

/** Writes an answer (a new one, or over one not yet accepted); false when it changed meanwhile (`version`) or is accepted. */
export async function saveAnswer(
  db: Db,
  assignmentId: number,
  answer: { status: string; note: string; evidenceUrl: string | null; evidenceSha256: string | null; evidenceName: string | null; visibility: Visibility | null; state: 'draft' | 'submitted'; author: string; submittedOn: string | null },
  version: number | null,
): Promise<boolean> {
  const values = {
    status: answer.status,
    note: answer.note,
    evidence_url: answer.evidenceUrl,
    evidence_sha256: answer.evidenceSha256,
    evidence_name: answer.evidenceName,
    visibility: answer.visibility,
    state: answer.state,
    author: answer.author,
    submitted_on: answer.submittedOn,
  };
  if (version === null) {
    const inserted = await db.insertInto('round_answers').values({ assignment_id: assignmentId, ...values }).onConflict((oc) => oc.column('assignment_id').doNothing()).executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const updated = await db
    .updateTable('round_answers')
    .set({ ...values, updated_at: sql<Date>`date_trunc('milliseconds', now())`, version: sql<number>`version + 1` })
    .where('assignment_id', '=', assignmentId)
    .where('version', '=', version)
    .where('state', '<>', 'accepted')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** The coordinator's decision on a submitted answer; false when it is no longer the submitted version. */
export async function reviewAnswer(db: Db, assignmentId: number, version: number, decision: { state: 'accepted' | 'returned'; reviewer: string; comment: string | null; updateId: string | null }): Promise<boolean> {
  const updated = await db
    .updateTable('round_answers')
    .set({ state: decision.state, reviewer: decision.reviewer, reviewer_comment: decision.comment, update_id: decision.updateId, reviewed_at: sql<Date>`date_trunc('milliseconds', now())`, version: sql<number>`version + 1` })
    .where('assignment_id', '=', assignmentId)
    .where('version', '=', version)
    .where('state', '=', 'submitted')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export interface Answerer {
  email: string;
  name: string;
  language: 'en' | 'ja';
  organizationId: string;
}

/** The enabled accounts answering for these organizations in a partnership (their contributor grants). */
export async function answerersOf(db: Db, partnershipId: string, organizations: string[]): Promise<Answerer[]> {
  if (!organizations.length) return [];
  const rows = await db
    .selectFrom('grants')
    .innerJoin('accounts', 'accounts.id', 'grants.account_id')
    .select(['accounts.email', 'accounts.name', 'accounts.language', 'grants.organization_id'])
    .where('grants.role', '=', 'contributor')
    .where('grants.partnership_id', '=', partnershipId)
    .where('grants.organization_id', 'in', organizations)
    .where('accounts.disabled_at', 'is', null)
    .orderBy('accounts.email')
    .orderBy('grants.organization_id')
    .execute();
  return rows.map((r) => ({ email: r.email, name: r.name, language: r.language === 'ja' ? 'ja' : 'en', organizationId: r.organization_id! }));
}

/** The grants of an account by e-mail (to act as the contributor who wrote an answer), or null when there is none. */
export async function accountGrants(db: Db, email: string): Promise<{ id: string; email: string; name: string; language: string; grants: { role: string; partnership_id: string | null; side: string | null; organization_id: string | null }[] } | null> {
  const account = await db.selectFrom('accounts').select(['id', 'email', 'name', 'language']).where('email', '=', email).executeTakeFirst();
  if (!account) return null;
  const grants = await db.selectFrom('grants').select(['role', 'partnership_id', 'side', 'organization_id']).where('account_id', '=', account.id).execute();
  return { ...account, grants };
}

/** The plan a commitment belongs to, or null when there is no such commitment. */
export async function planOfCommitment(db: Db, commitmentId: string): Promise<string | null> {
  return (await db.selectFrom('commitments').select('plan_id').where('id', '=', commitmentId).executeTakeFirst())?.plan_id ?? null;
}

export async function organizationExists(db: Db, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst());
}

/**
 * Moves a round to `state` from the other one (close, reopen), with a new due date if given; false when it was
 * already there (a concurrent change).
 */
export async function setRoundState(db: Db, id: string, state: 'open' | 'closed', dueDate?: string): Promise<boolean> {
  const from = state === 'open' ? 'closed' : 'open';
  const updated = await db
    .updateTable('update_rounds')
    .set({ state, version: sql<number>`version + 1`, ...(dueDate ? { due_date: dueDate } : {}) })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Who last closed or reopened a round and when, from its events (index events_entity); null when nobody has. */
export async function lastStateChange(db: Db, id: string): Promise<RoundStateChange | null> {
  const row = await db
    .selectFrom('events')
    .select(['action', 'actor', 'at', 'after'])
    .where('entity', '=', 'update_round')
    .where('entity_id', '=', id)
    .where('action', 'in', ['close', 'reopen'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  // The day the op recorded (its clock, as the round's openedOn); the event's own time for events without it.
  const after = (typeof row.after === 'string' ? JSON.parse(row.after) : row.after) as { on?: unknown } | null;
  const on = typeof after?.on === 'string' ? after.on : new Date(row.at).toISOString().slice(0, 10);
  return { action: row.action === 'reopen' ? 'reopen' : 'close', by: row.actor, on };
}

/** The organizations acting in a plan's commitments (who a round may ask), by party then name. */
export async function organizationsOfPlan(db: Db, planId: string): Promise<{ id: string; name: string; acronym: string | null; party: string | null }[]> {
  return db
    .selectFrom('commitment_actors')
    .innerJoin('commitments', 'commitments.id', 'commitment_actors.commitment_id')
    .innerJoin('organizations', 'organizations.id', 'commitment_actors.organization_id')
    .select(['organizations.id', 'organizations.name', 'organizations.acronym', 'organizations.party'])
    .distinct()
    .where('commitments.plan_id', '=', planId)
    .orderBy('organizations.party')
    .orderBy('organizations.name')
    .execute();
}
