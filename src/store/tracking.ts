// Queries of implementation tracking (tables of migrations/002_tracking.ts and 004_link_review.ts): status and its history,
// meetings, readouts and link proposals, and a plan assembled for review (TrackedPlan).
import { sql, type ColumnType, type Generated, type Kysely, type Selectable } from 'kysely';
import type { Database, VisibleColumns } from './schema.js';
import { getPlan } from './queries.js';
import { commitmentReadable, itemReadable, planReadable, type ReadScope } from './scope.js';
import type { Visibility } from '../auth/principal.js';
import type { Cadence, InstrumentKind, Strength } from '../types.js';
import type { Evidence, ImplementationStatus } from '../track/status.js';
import type { Meeting, ProgressUpdate, TrackedPlan } from '../track/model.js';
import type { LinkCandidate } from '../track/link.js';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CommitmentStatusTable {
  commitment_id: string;
  status: string;
  as_of: string;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface ProgressUpdatesTable extends VisibleColumns {
  id: string;
  commitment_id: string;
  status: string;
  date: string;
  note: string;
  evidence: Json<Evidence[]>;
  author: string;
  recorded_at: Timestamp;
}

export interface EvidenceFilesTable {
  sha256: string;
  name: string;
  media_type: string | null;
  bytes: Uint8Array;
  created_at: Timestamp;
}

export interface MeetingsTable extends VisibleColumns {
  id: string;
  mechanism_id: string;
  date: string;
  place: string | null;
  level: string | null;
  outcome: string | null;
  author: string;
  created_at: Timestamp;
  participants: string | null;
  minutes: ColumnType<Evidence | null, string | null, string | null>;
}

export interface ReadoutsTable {
  id: string;
  name: string;
  text: string;
  /** The readout's own date (`YYYY-MM-DD`), given with it or printed in its headline; null when unknown. */
  date: string | null;
  created_at: Timestamp;
}

export interface LinkProposalsTable extends VisibleColumns {
  id: Generated<number>;
  readout_id: string;
  candidate_id: string;
  kind: string;
  plan_id: string;
  score: number;
  passage: string;
  passage_start: number;
  passage_end: number;
  event: string;
  proposed_status: string | null;
  meeting_date: string | null;
  state: ColumnType<'pending' | 'accepted' | 'rejected', 'pending' | 'accepted' | 'rejected' | undefined, 'pending' | 'accepted' | 'rejected'>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  /** Reached the threshold; false for the next best candidates listed below it. */
  proposed: ColumnType<boolean, boolean | undefined, boolean>;
  /** Why it was made: "meeting (minister); shared: contact, high, level". */
  reason: ColumnType<string, string | undefined, string>;
}

declare module './schema.js' {
  interface Database {
    commitment_status: CommitmentStatusTable;
    progress_updates: ProgressUpdatesTable;
    evidence_files: EvidenceFilesTable;
    meetings: MeetingsTable;
    readouts: ReadoutsTable;
    link_proposals: LinkProposalsTable;
  }
}

type Db = Kysely<Database>;

/** Who may read an item, as it is written with it. */
export interface ItemVisibility {
  partnershipId: string | null;
  side: string | null;
  visibility: Visibility;
}

const visibilityColumns = (v: ItemVisibility) => ({ partnership_id: v.partnershipId, side: v.side, visibility: v.visibility });

/** A filter for Kysely's `.where(…)`: rows of `alias` the scope may read. */
const readable = (scope: ReadScope, alias: string) => sql<boolean>`${itemReadable(scope, alias)}`;

const toUpdate = (r: { id: string; commitment_id: string; status: string; date: string; note: string; evidence: Evidence[]; author: string; recorded_at: Date; side: string | null; visibility: Visibility }): ProgressUpdate => ({
  id: r.id,
  commitmentId: r.commitment_id,
  status: r.status as ImplementationStatus,
  date: r.date,
  note: r.note,
  evidence: r.evidence,
  author: r.author,
  recordedAt: new Date(r.recorded_at).toISOString(),
  side: r.side,
  visibility: r.visibility,
});

export async function commitmentExists(db: Db, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('commitments').select('id').where('id', '=', id).executeTakeFirst());
}

/** Status (not_started when never updated), the date of the latest update, and the row version. */
export async function currentStatus(db: Db, commitmentId: string): Promise<{ status: ImplementationStatus; date: string | null; version: number }> {
  const row = await db.selectFrom('commitment_status').selectAll().where('commitment_id', '=', commitmentId).executeTakeFirst();
  return row ? { status: row.status as ImplementationStatus, date: row.as_of, version: row.version } : { status: 'not_started', date: null, version: 0 };
}

/** A commitment's progress updates `scope` may read, oldest first. */
export async function statusHistory(db: Db, commitmentId: string, scope: ReadScope): Promise<ProgressUpdate[]> {
  const rows = await db.selectFrom('progress_updates').selectAll().where('commitment_id', '=', commitmentId).where(readable(scope, 'progress_updates'))
    .orderBy('date').orderBy('recorded_at').execute();
  return rows.map(toUpdate);
}

/** Inserts an update and moves the current status; `expectedVersion` guards against a concurrent update. */
export async function insertUpdate(db: Db, update: Omit<ProgressUpdate, 'recordedAt'>, seen: ItemVisibility, expectedVersion: number): Promise<boolean> {
  await db
    .insertInto('progress_updates')
    .values({ id: update.id, commitment_id: update.commitmentId, status: update.status, date: update.date, note: update.note, evidence: JSON.stringify(update.evidence), author: update.author, ...visibilityColumns(seen) })
    .execute();
  if (expectedVersion === 0) {
    const inserted = await db
      .insertInto('commitment_status')
      .values({ commitment_id: update.commitmentId, status: update.status, as_of: update.date })
      .onConflict((oc) => oc.column('commitment_id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const updated = await db
    .updateTable('commitment_status')
    .set({ status: update.status, as_of: update.date, version: expectedVersion + 1, updated_at: new Date() })
    .where('commitment_id', '=', update.commitmentId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Sets a commitment's status from its latest update (by date, then when recorded); not started when it has none. */
export async function restateStatus(db: Db, commitmentId: string): Promise<void> {
  const latest = (await statusHistory(db, commitmentId, { all: true })).at(-1);
  if (!latest) {
    await db.deleteFrom('commitment_status').where('commitment_id', '=', commitmentId).execute();
    return;
  }
  await db
    .insertInto('commitment_status')
    .values({ commitment_id: commitmentId, status: latest.status, as_of: latest.date })
    .onConflict((oc) => oc.column('commitment_id').doUpdateSet({ status: latest.status, as_of: latest.date, version: sql`commitment_status.version + 1`, updated_at: new Date() }))
    .execute();
}

/**
 * Removes one of a commitment's progress updates and sets its status from the latest update left (or back
 * to not started when none is left). Returns the removed update, or null when the commitment has no such update.
 */
export async function removeUpdate(db: Db, commitmentId: string, updateId: string): Promise<ProgressUpdate | null> {
  const removed = (await statusHistory(db, commitmentId, { all: true })).find((u) => u.id === updateId);
  if (!removed) return null;
  await db.deleteFrom('progress_updates').where('id', '=', updateId).execute();
  await restateStatus(db, commitmentId);
  return removed;
}

/** A stored evidence file by its SHA-256, or null. */
export async function evidenceFile(db: Db, sha256: string): Promise<{ name: string; mediaType: string | null; bytes: Uint8Array } | null> {
  const row = await db.selectFrom('evidence_files').select(['name', 'media_type', 'bytes']).where('sha256', '=', sha256).executeTakeFirst();
  return row ? { name: row.name, mediaType: row.media_type, bytes: row.bytes } : null;
}

export async function saveEvidenceFile(db: Db, file: { sha256: string; name: string; mediaType: string | null; bytes: Uint8Array }): Promise<void> {
  await db
    .insertInto('evidence_files')
    .values({ sha256: file.sha256, name: file.name, media_type: file.mediaType, bytes: file.bytes })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function getMechanism(db: Db, id: string): Promise<{ id: string; planId: string; name: string; cadence: Cadence } | null> {
  const row = await db.selectFrom('mechanisms').select(['id', 'plan_id', 'name', 'cadence']).where('id', '=', id).executeTakeFirst();
  return row ? { id: row.id, planId: row.plan_id, name: row.name, cadence: row.cadence as Cadence } : null;
}

export async function insertMeeting(db: Db, meeting: Meeting, author: string, seen: ItemVisibility): Promise<void> {
  await db
    .insertInto('meetings')
    .values({ id: meeting.id, mechanism_id: meeting.mechanismId, date: meeting.date, place: meeting.place, level: meeting.level, outcome: meeting.outcome, author, participants: meeting.participants ?? null, minutes: meeting.minutes ? JSON.stringify(meeting.minutes) : null, ...visibilityColumns(seen) })
    .execute();
}

/** Rewrites a meeting record's details (its mechanism stays); true when there was one. */
export async function updateMeeting(db: Db, meeting: Meeting): Promise<boolean> {
  const updated = await db
    .updateTable('meetings')
    .set({ date: meeting.date, place: meeting.place, level: meeting.level, outcome: meeting.outcome, participants: meeting.participants ?? null, minutes: meeting.minutes ? JSON.stringify(meeting.minutes) : null })
    .where('id', '=', meeting.id)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** One recorded meeting, or null. */
export async function getMeeting(db: Db, id: string, scope: ReadScope = { all: true }): Promise<Meeting | null> {
  const r = await db.selectFrom('meetings').selectAll().where('id', '=', id).where(readable(scope, 'meetings')).executeTakeFirst();
  return r ? toMeeting(r) : null;
}

/** Deletes a meeting record; true when there was one. */
export async function deleteMeeting(db: Db, id: string): Promise<boolean> {
  const deleted = await db.deleteFrom('meetings').where('id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

const toMeeting = (r: { id: string; mechanism_id: string; date: string; place: string | null; level: string | null; outcome: string | null; participants: string | null; minutes: Evidence | null; side: string | null; visibility: Visibility }): Meeting => ({
  id: r.id,
  mechanismId: r.mechanism_id,
  date: r.date,
  place: r.place,
  level: r.level,
  outcome: r.outcome,
  participants: r.participants,
  minutes: r.minutes,
  side: r.side,
  visibility: r.visibility,
});

/** The meetings of some mechanisms that `scope` may read, oldest first. */
export async function meetingsOf(db: Db, mechanismIds: string[], scope: ReadScope): Promise<Meeting[]> {
  if (mechanismIds.length === 0) return [];
  const rows = await db.selectFrom('meetings').selectAll().where('mechanism_id', 'in', mechanismIds).where(readable(scope, 'meetings')).orderBy('date').execute();
  return rows.map(toMeeting);
}

/** Every mechanism of the plans `scope` may read, with its plan's period, for the due-meetings view and the calendar. */
export async function allMechanisms(db: Db, scope: ReadScope): Promise<{ id: string; planId: string; planTitle: string | null; partner: string | null; partnershipId: string | null; name: string; cadence: Cadence; periodStart: string | null; periodEnd: string | null }[]> {
  const rows = await db
    .selectFrom('mechanisms as m')
    .innerJoin('plans as p', 'p.id', 'm.plan_id')
    .select(['m.id', 'm.plan_id', 'p.title', 'p.partner', 'p.partnership_id', 'm.name', 'm.cadence', 'p.period_start', 'p.period_end'])
    .where(sql<boolean>`${planReadable(scope)}`)
    .orderBy('m.plan_id')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({ id: r.id, planId: r.plan_id, planTitle: r.title, partner: r.partner, partnershipId: r.partnership_id, name: r.name, cadence: r.cadence as Cadence, periodStart: r.period_start, periodEnd: r.period_end }));
}

/** Instruments with a date, of the plans `scope` may read (for the calendar). */
export async function datedInstruments(db: Db, scope: ReadScope): Promise<{ id: string; title: string; date: string | null }[]> {
  return db
    .selectFrom('instruments as i')
    .select(['i.id', 'i.title', 'i.date'])
    .where('i.date', 'is not', null)
    .where(sql<boolean>`i.plan_id in (select p.id from plans p where ${planReadable(scope)})`)
    .execute();
}

/** Commitments of the plans `scope` may read whose text may name a date: a year, 令和 or 平成 (for the calendar). */
export async function datedCommitments(db: Db, scope: ReadScope): Promise<{ id: string; text: string }[]> {
  return db.selectFrom('commitments as c').select(['c.id', 'c.text']).where('c.text', '~', '[0-9０-９]{4}|令和|平成').where(sql<boolean>`${commitmentReadable(scope)}`).execute();
}

/** The plans `scope` may read, briefly. */
export async function allPlansBrief(db: Db, scope: ReadScope): Promise<{ id: string; title: string | null; periodEnd: string | null; parties: string[] }[]> {
  const rows = await db.selectFrom('plans as p').select(['id', 'title', 'period_end', 'parties']).where(sql<boolean>`${planReadable(scope)}`).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, title: r.title, periodEnd: r.period_end, parties: r.parties }));
}

/**
 * Commitments and mechanisms as link candidates (optionally of one plan, or only the commitments
 * `ids` with every mechanism), with their plan's parties and each list item's lead-in as context.
 */
export async function linkCandidates(db: Db, planId?: string, ids?: string[]): Promise<LinkCandidate[]> {
  let commitments = db
    .selectFrom('commitments as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    // the lead-in a list item is nested under gives it context ("… cooperation by:")
    .leftJoin('commitments as lead', (join) => join.onRef('lead.plan_id', '=', 'c.plan_id').onRef('lead.key', '=', 'c.parent_key'))
    .select(['c.id', 'c.plan_id', 'c.text', 'c.span_start', 'c.span_end', 'p.parties', 'lead.text as context']);
  let mechanisms = db.selectFrom('mechanisms as m').innerJoin('plans as p', 'p.id', 'm.plan_id').select(['m.id', 'm.plan_id', 'm.name', 'm.cadence', 'm.span_start', 'm.span_end', 'p.parties']);
  if (planId) {
    commitments = commitments.where('c.plan_id', '=', planId);
    mechanisms = mechanisms.where('m.plan_id', '=', planId);
  }
  if (ids) commitments = ids.length ? commitments.where('c.id', 'in', ids) : commitments.where(sql<boolean>`false`);
  const [cs, ms] = await Promise.all([commitments.orderBy('c.id').execute(), mechanisms.orderBy('m.id').execute()]);
  return [
    ...cs.map((c): LinkCandidate => ({ id: c.id, kind: 'commitment', planId: c.plan_id, parties: c.parties, text: c.text, span: { start: c.span_start, end: c.span_end }, ...(c.context ? { context: c.context } : {}) })),
    ...ms.map((m): LinkCandidate => ({ id: m.id, kind: 'mechanism', planId: m.plan_id, parties: m.parties, text: m.name, cadence: m.cadence as Cadence, span: { start: m.span_start, end: m.span_end } })),
  ];
}

/** The newest event's id (0 for none): the link index is current up to it. */
export async function latestEventId(db: Db): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Plans whose candidates changed after event `since`: plans ingested or superseded, plans of corrected
 * commitments; 'all' when something else rewrote the register (a backup imported, the log reset).
 */
export async function plansChangedSince(db: Db, since: number): Promise<string[] | 'all'> {
  const rows = await db.selectFrom('events').select(['id', 'entity', 'entity_id', 'action']).where('id', '>', since).orderBy('id').execute();
  if (rows.length === 0) return (await latestEventId(db)) < since ? 'all' : [];
  const plans = new Set<string>();
  const commitments: string[] = [];
  for (const r of rows) {
    if (r.entity === 'plan') plans.add(r.entity_id);
    else if (r.entity === 'commitment') commitments.push(r.entity_id);
    else if (r.action === 'import') return 'all';
  }
  if (commitments.length) {
    for (const c of await db.selectFrom('commitments').select('plan_id').where('id', 'in', commitments).execute()) plans.add(c.plan_id);
  }
  return [...plans];
}

/** How many commitments and mechanisms the register holds. */
export async function countCandidates(db: Db): Promise<number> {
  // commitment_counts is kept by triggers (migration 003): no count over 200,000 rows
  const { rows } = await sql<{ n: number }>`select (select coalesce(sum(n), 0) from commitment_counts)::int
    + (select count(*) from mechanisms)::int as n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Narrows the candidates for one readout with the full-text index: the `limit` commitments best ranked
 * for any of `words` (English words; a Japanese readout gives its lexicon's), with all mechanisms.
 */
export async function linkCandidatesMatching(db: Db, words: string[], limit: number): Promise<LinkCandidate[]> {
  const query = words.map((w) => w.replace(/[^\p{L}\p{N}-]/gu, '')).filter(Boolean).join(' or ');
  if (!query) return [];
  const ids = await sql<{ id: string }>`
    select c.id from commitments c, websearch_to_tsquery('english', ${query}) as q(q)
    where c.tsv @@ q.q order by ts_rank(c.tsv, q.q) desc limit ${limit}`.execute(db);
  const all = await linkCandidates(db, undefined, ids.rows.map((r) => r.id));
  return all;
}

/** Stores a readout once (by its SHA-256); a date given later fills one that was unknown. */
export async function saveReadout(db: Db, readout: { id: string; name: string; text: string; date: string | null }): Promise<void> {
  await db
    .insertInto('readouts')
    .values(readout)
    .onConflict((oc) => oc.column('id').doUpdateSet({ date: sql<string | null>`coalesce(excluded.date, readouts.date)` }))
    .execute();
}

export async function readoutOf(db: Db, id: string): Promise<{ name: string; text: string; date: string | null } | null> {
  return (await db.selectFrom('readouts').select(['name', 'text', 'date']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export interface StoredProposal {
  id: number;
  readoutId: string;
  candidateId: string;
  kind: 'commitment' | 'mechanism';
  planId: string;
  score: number;
  /** False for a candidate below the threshold, listed so a reviewer can still accept it. */
  proposed: boolean;
  passage: string;
  /** Where the passage stands in the readout's text, for highlighting. */
  passageSpan: { start: number; end: number };
  event: string;
  proposedStatus: ImplementationStatus | null;
  meetingDate: string | null;
  reason: string;
  state: 'pending' | 'accepted' | 'rejected';
  visibility: Visibility;
}

/**
 * Replaces a readout's open (pending) proposals with a new linking's: decided ones stay as they were,
 * and a candidate already decided is not proposed again.
 */
export async function replaceOpenProposals(
  db: Db,
  readoutId: string,
  proposals: { candidateId: string; kind: string; planId: string; score: number; proposed: boolean; passage: { text: string; span: { start: number; end: number } }; event: string; proposedStatus: string | null; meeting: { date: string | null } | null; reason: string }[],
  seen: (planId: string) => ItemVisibility,
): Promise<void> {
  await db.deleteFrom('link_proposals').where('readout_id', '=', readoutId).where('state', '=', 'pending').execute();
  if (proposals.length === 0) return;
  await db
    .insertInto('link_proposals')
    .values(
      proposals.map((p) => ({
        readout_id: readoutId,
        candidate_id: p.candidateId,
        kind: p.kind,
        plan_id: p.planId,
        score: p.score,
        proposed: p.proposed,
        passage: p.passage.text,
        passage_start: p.passage.span.start,
        passage_end: p.passage.span.end,
        event: p.event,
        proposed_status: p.proposedStatus,
        meeting_date: p.meeting?.date ?? null,
        reason: p.reason,
        ...visibilityColumns(seen(p.planId)),
      })),
    )
    .onConflict((oc) => oc.columns(['readout_id', 'candidate_id']).doNothing())
    .execute();
}

const toProposal = (r: Selectable<LinkProposalsTable>): StoredProposal => ({
  id: r.id,
  readoutId: r.readout_id,
  candidateId: r.candidate_id,
  kind: r.kind as StoredProposal['kind'],
  planId: r.plan_id,
  score: Number(r.score),
  proposed: r.proposed,
  passage: r.passage,
  passageSpan: { start: r.passage_start, end: r.passage_end },
  event: r.event,
  proposedStatus: r.proposed_status as ImplementationStatus | null,
  meetingDate: r.meeting_date,
  reason: r.reason,
  state: r.state,
  visibility: r.visibility,
});

/** Proposals made for a readout that `scope` may read (optionally those of one plan): proposed ones first, each part best first. */
export async function proposalsOf(db: Db, readoutId: string, scope: ReadScope, planId?: string): Promise<StoredProposal[]> {
  let query = db
    .selectFrom('link_proposals')
    .selectAll()
    .where('readout_id', '=', readoutId)
    .where(readable(scope, 'link_proposals'))
    .where(sql<boolean>`link_proposals.plan_id in (select p.id from plans p where ${planReadable(scope)})`);
  if (planId) query = query.where('plan_id', '=', planId);
  const rows = await query.orderBy('proposed', 'desc').orderBy('score', 'desc').orderBy('id').execute();
  return rows.map(toProposal);
}

/** What each candidate of some proposals is called (a commitment's text, a mechanism's name) and its plan's title. */
export async function candidateNames(db: Db, proposals: Pick<StoredProposal, 'candidateId' | 'kind'>[]): Promise<Map<string, { text: string; planTitle: string | null }>> {
  const commitments = proposals.filter((p) => p.kind === 'commitment').map((p) => p.candidateId);
  const mechanisms = proposals.filter((p) => p.kind === 'mechanism').map((p) => p.candidateId);
  const [cs, ms] = await Promise.all([
    commitments.length ? db.selectFrom('commitments as c').innerJoin('plans as p', 'p.id', 'c.plan_id').select(['c.id', 'c.text', 'p.title']).where('c.id', 'in', commitments).execute() : Promise.resolve([]),
    mechanisms.length ? db.selectFrom('mechanisms as m').innerJoin('plans as p', 'p.id', 'm.plan_id').select(['m.id', 'm.name as text', 'p.title']).where('m.id', 'in', mechanisms).execute() : Promise.resolve([]),
  ]);
  return new Map([...cs, ...ms].map((r) => [r.id, { text: r.text, planTitle: r.title }]));
}

export async function getProposal(db: Db, id: number): Promise<StoredProposal | null> {
  const row = await db.selectFrom('link_proposals').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toProposal(row) : null;
}

/** Decides a pending proposal (the decision takes the decider's side and visibility); false when it was already decided. */
export async function decideProposal(db: Db, id: number, state: 'accepted' | 'rejected', by: string, seen: ItemVisibility): Promise<boolean> {
  const result = await db
    .updateTable('link_proposals')
    .set({ state, decided_by: by, decided_at: new Date(), ...visibilityColumns(seen) })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** One plan with its commitments' status history, mechanisms' meetings and instruments, for review and diff. */
export async function trackedPlan(db: Db, planId: string, scope: ReadScope): Promise<TrackedPlan | null> {
  const plan = await getPlan(db, planId, scope);
  if (!plan) return null;
  const ids = plan.commitments.map((c) => c.id);
  // PlanDetail names mechanisms and instruments by their key within the plan; tracking needs register ids
  const [mechanismRows, instrumentRows] = await Promise.all([
    db.selectFrom('mechanisms').select(['id', 'name', 'cadence']).where('plan_id', '=', planId).orderBy('span_start').execute(),
    db.selectFrom('instruments').select(['id', 'kind', 'title', 'date']).where('plan_id', '=', planId).orderBy('span_start').execute(),
  ]);
  const [updates, meetings] = await Promise.all([
    ids.length
      ? db.selectFrom('progress_updates').selectAll().where('commitment_id', 'in', ids).where(readable(scope, 'progress_updates')).orderBy('date').orderBy('recorded_at').execute()
      : Promise.resolve([]),
    meetingsOf(db, mechanismRows.map((m) => m.id), scope),
  ]);
  const updatesOf = new Map<string, ProgressUpdate[]>();
  for (const u of updates) {
    const list = updatesOf.get(u.commitment_id) ?? [];
    list.push(toUpdate(u));
    updatesOf.set(u.commitment_id, list);
  }
  return {
    id: plan.id,
    title: plan.title ?? plan.documentName,
    parties: plan.parties,
    period: plan.period,
    commitments: plan.commitments.map((c) => ({
      id: c.id,
      text: c.text,
      section: c.section,
      strength: c.strength as Strength,
      parentId: c.parentId,
      status: c.status,
      updates: updatesOf.get(c.id) ?? [],
    })),
    mechanisms: mechanismRows.map((m) => ({ id: m.id, name: m.name, cadence: m.cadence as Cadence, meetings: meetings.filter((x) => x.mechanismId === m.id) })),
    instruments: instrumentRows.map((i) => ({ id: i.id, kind: i.kind as InstrumentKind, title: i.title, date: i.date })),
  };
}

/** Events of tracking (for rebuilding state), oldest first. */
export async function trackingEvents(db: Db): Promise<{ entity: string; entityId: string; action: string; after: unknown }[]> {
  const rows = await db
    .selectFrom('events')
    .select(['entity', 'entity_id', 'action', 'after'])
    .where('entity', 'in', ['commitment_status', 'meeting'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ entity: r.entity, entityId: r.entity_id, action: r.action, after: r.after }));
}


/** Something done on a plan: a progress update marking a commitment completed, or a meeting held. */
export interface DoneItem {
  kind: 'progress' | 'meeting';
  /** The update's or the meeting record's id. */
  id: string;
  date: string;
  planId: string;
  planTitle: string | null;
  partner: string | null;
  partnershipId: string | null;
  /** The commitment's id and text, or the mechanism's id and name. */
  subjectId: string;
  subject: string;
  /** The update's note; the meeting's place, level and participants. */
  detail: string | null;
  visibility: Visibility;
  side: string | null;
}

/**
 * Progress updates marking a commitment completed and meetings held from day `since` to day `until`
 * (inclusive), that `scope` may read, on plans it may read — the same filters as every other read — newest first.
 */
export async function doneBetween(db: Db, scope: ReadScope, since: string, until: string): Promise<DoneItem[]> {
  const [updates, meetings] = await Promise.all([
    db
      .selectFrom('progress_updates as u')
      .innerJoin('commitments as c', 'c.id', 'u.commitment_id')
      .innerJoin('plans as p', 'p.id', 'c.plan_id')
      .select(['u.id', 'u.date', 'u.note', 'u.visibility', 'u.side', 'u.recorded_at', 'c.id as subject_id', 'c.text as subject', 'p.id as plan_id', 'p.title', 'p.partner', 'p.partnership_id'])
      .where('u.status', '=', 'completed')
      .where('u.date', '>=', since)
      .where('u.date', '<=', until)
      .where(readable(scope, 'u'))
      .where(sql<boolean>`${planReadable(scope)}`)
      .execute(),
    db
      .selectFrom('meetings as x')
      .innerJoin('mechanisms as m', 'm.id', 'x.mechanism_id')
      .innerJoin('plans as p', 'p.id', 'm.plan_id')
      .select(['x.id', 'x.date', 'x.place', 'x.level', 'x.participants', 'x.visibility', 'x.side', 'x.created_at as recorded_at', 'm.id as subject_id', 'm.name as subject', 'p.id as plan_id', 'p.title', 'p.partner', 'p.partnership_id'])
      .where('x.date', '>=', since)
      .where('x.date', '<=', until)
      .where(readable(scope, 'x'))
      .where(sql<boolean>`${planReadable(scope)}`)
      .execute(),
  ]);
  const common = (r: { id: string; date: string; visibility: Visibility; side: string | null; subject_id: string; subject: string; plan_id: string; title: string | null; partner: string | null; partnership_id: string | null }) => ({
    id: r.id,
    date: r.date,
    planId: r.plan_id,
    planTitle: r.title,
    partner: r.partner,
    partnershipId: r.partnership_id,
    subjectId: r.subject_id,
    subject: r.subject,
    visibility: r.visibility,
    side: r.side,
  });
  const items = [
    ...updates.map((r) => ({ at: new Date(r.recorded_at).getTime(), item: { kind: 'progress' as const, ...common(r), detail: r.note || null } })),
    ...meetings.map((r) => ({ at: new Date(r.recorded_at).getTime(), item: { kind: 'meeting' as const, ...common(r), detail: [r.place, r.level, r.participants].filter(Boolean).join(' · ') || null } })),
  ];
  return items.sort((a, b) => b.item.date.localeCompare(a.item.date) || b.at - a.at).map((x) => x.item);
}

/** Who recorded a meeting, when, and its partnership: with the Meeting itself, everything to write the row again. */
export interface MeetingRecordOrigin {
  author: string;
  createdAt: string;
  partnershipId: string | null;
}

export async function meetingOrigin(db: Db, id: string): Promise<MeetingRecordOrigin | null> {
  const row = await db.selectFrom('meetings').select(['author', 'created_at', 'partnership_id']).where('id', '=', id).executeTakeFirst();
  return row ? { author: row.author, createdAt: new Date(row.created_at).toISOString(), partnershipId: row.partnership_id } : null;
}

/** Writes a deleted meeting record back exactly as it was (its id, author and time recorded included). */
export async function reinsertMeeting(db: Db, meeting: Meeting, origin: MeetingRecordOrigin): Promise<void> {
  await db
    .insertInto('meetings')
    .values({
      id: meeting.id,
      mechanism_id: meeting.mechanismId,
      date: meeting.date,
      place: meeting.place,
      level: meeting.level,
      outcome: meeting.outcome,
      participants: meeting.participants ?? null,
      minutes: meeting.minutes ? JSON.stringify(meeting.minutes) : null,
      author: origin.author,
      created_at: origin.createdAt,
      partnership_id: origin.partnershipId,
      side: meeting.side ?? null,
      visibility: meeting.visibility ?? 'shared',
    })
    .execute();
}

/** A progress update's partnership (stored with it), or undefined when there is no such update. */
export async function updatePartnership(db: Db, id: string): Promise<string | null | undefined> {
  const row = await db.selectFrom('progress_updates').select('partnership_id').where('id', '=', id).executeTakeFirst();
  return row ? row.partnership_id : undefined;
}

/** Writes a withdrawn progress update back exactly as it was (id, author, time recorded) and sets the status again. */
export async function reinsertUpdate(db: Db, update: ProgressUpdate, partnershipId: string | null): Promise<void> {
  await db
    .insertInto('progress_updates')
    .values({
      id: update.id,
      commitment_id: update.commitmentId,
      status: update.status,
      date: update.date,
      note: update.note,
      evidence: JSON.stringify(update.evidence),
      author: update.author,
      recorded_at: update.recordedAt,
      partnership_id: partnershipId,
      side: update.side ?? null,
      visibility: update.visibility ?? 'shared',
    })
    .execute();
  await restateStatus(db, update.commitmentId);
}

/** The newest event about one entity (its action, actor and records), or null. */
export async function latestEventOf(db: Db, entity: string, entityId: string): Promise<{ action: string; actor: string; before: unknown; after: unknown } | null> {
  const row = await db.selectFrom('events').select(['action', 'actor', 'before', 'after']).where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ?? null;
}
