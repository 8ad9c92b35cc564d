// Queries of amendments and their responses (migrations/010_amendments.ts), and the commitment rows an
// agreed amendment adds to its plan.
import { sql, type ColumnType, type Generated, type Kysely, type Selectable } from 'kysely';
import type { Database } from './schema.js';
import type { Amendment, AmendmentChanges, AmendmentResponse, AmendmentState } from '../track/amendment.js';
import type { Strength } from '../types.js';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AmendmentsTable {
  id: string;
  plan_id: string;
  number: number;
  title: string;
  rationale: string;
  changes: Json<AmendmentChanges>;
  effective_date: string | null;
  state: ColumnType<AmendmentState, AmendmentState | undefined, AmendmentState>;
  proposed_by: string;
  proposed_side: string;
  /** Register ids of the commitment rows the amendment added once agreed. */
  added: ColumnType<string[], string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface AmendmentResponsesTable {
  id: Generated<number>;
  amendment_id: string;
  side: string;
  decision: AmendmentResponse['decision'];
  actor: string;
  at: Timestamp;
  instrument: string | null;
  instrument_sha256: string | null;
  comment: string | null;
}

declare module './schema.js' {
  interface Database {
    amendments: AmendmentsTable;
    amendment_responses: AmendmentResponsesTable;
  }
}

type Db = Kysely<Database>;

/** Every amendment of a plan with its responses, in order of proposal. */
export async function listAmendments(db: Db, planId: string): Promise<Amendment[]> {
  const rows = await db.selectFrom('amendments').selectAll().where('plan_id', '=', planId).orderBy('number').execute();
  return withResponses(db, rows);
}

export async function getAmendment(db: Db, id: string): Promise<Amendment | null> {
  const rows = await db.selectFrom('amendments').selectAll().where('id', '=', id).execute();
  return (await withResponses(db, rows))[0] ?? null;
}

async function withResponses(db: Db, rows: Selectable<AmendmentsTable>[]): Promise<Amendment[]> {
  if (!rows.length) return [];
  const responses = await db
    .selectFrom('amendment_responses as r')
    .leftJoin('evidence_files as f', 'f.sha256', 'r.instrument_sha256')
    .select(['r.amendment_id', 'r.side', 'r.decision', 'r.actor', 'r.at', 'r.instrument', 'r.instrument_sha256', 'r.comment', 'f.name as file_name'])
    .where('r.amendment_id', 'in', rows.map((r) => r.id))
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    number: r.number,
    title: r.title,
    rationale: r.rationale,
    changes: r.changes,
    effectiveDate: r.effective_date,
    state: r.state,
    proposedBy: r.proposed_by,
    proposedSide: r.proposed_side,
    createdAt: new Date(r.created_at).toISOString(),
    addedCommitmentIds: r.added,
    version: r.version,
    responses: responses
      .filter((x) => x.amendment_id === r.id)
      .map((x) => ({
        side: x.side,
        decision: x.decision,
        actor: x.actor,
        at: new Date(x.at).toISOString(),
        instrument: x.instrument,
        instrumentFile: x.instrument_sha256 ? { name: x.file_name ?? x.instrument_sha256, sha256: x.instrument_sha256 } : null,
        comment: x.comment,
      })),
  }));
}

/** The next amendment number of a plan (1 for its first). */
export async function nextAmendmentNumber(db: Db, planId: string): Promise<number> {
  const row = await db.selectFrom('amendments').select(sql<number>`coalesce(max(number), 0)::int`.as('n')).where('plan_id', '=', planId).executeTakeFirst();
  return (row?.n ?? 0) + 1;
}

export async function insertAmendment(db: Db, a: { id: string; planId: string; number: number; title: string; rationale: string; changes: AmendmentChanges; effectiveDate: string | null; proposedBy: string; proposedSide: string }): Promise<void> {
  await db
    .insertInto('amendments')
    .values({ id: a.id, plan_id: a.planId, number: a.number, title: a.title, rationale: a.rationale, changes: JSON.stringify(a.changes), effective_date: a.effectiveDate, proposed_by: a.proposedBy, proposed_side: a.proposedSide })
    .execute();
}

export async function insertResponse(db: Db, r: { amendmentId: string; side: string; decision: AmendmentResponse['decision']; actor: string; instrument: string | null; instrumentSha256: string | null; comment: string | null }): Promise<void> {
  await db
    .insertInto('amendment_responses')
    .values({ amendment_id: r.amendmentId, side: r.side, decision: r.decision, actor: r.actor, instrument: r.instrument, instrument_sha256: r.instrumentSha256, comment: r.comment })
    .execute();
}

/** Moves an amendment out of `proposed`; false when it is no longer at `expectedVersion` (someone else decided meanwhile). */
export async function closeAmendment(db: Db, id: string, expectedVersion: number, state: Exclude<AmendmentState, 'proposed'>, effectiveDate: string | null, added: string[]): Promise<boolean> {
  const result = await db
    .updateTable('amendments')
    .set({ state, effective_date: effectiveDate, added: JSON.stringify(added), version: expectedVersion + 1, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('state', '=', 'proposed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Writes the commitments an agreed amendment adds, after the plan's last one: keys `a<n>/c<i>` (no span in
 * the source document: they are not in it), so progress can be recorded on them like on any other.
 */
export async function insertAmendedCommitments(db: Db, planId: string, number: number, items: { text: string; sectionId: string | null; sectionTitle: string | null; strength: Strength }[]): Promise<string[]> {
  const row = await db.selectFrom('commitments').select(sql<number>`coalesce(max(ord), 0)::int`.as('ord')).where('plan_id', '=', planId).executeTakeFirst();
  let ord = row?.ord ?? 0;
  const ids: string[] = [];
  for (const [i, item] of items.entries()) {
    const key = `a${number}/c${i + 1}`;
    const id = `${planId}:${key}`;
    await db
      .insertInto('commitments')
      .values({
        id,
        plan_id: planId,
        key,
        ord: ++ord,
        text: item.text,
        span_start: 0,
        span_end: 0,
        section_key: item.sectionId,
        section_title: item.sectionTitle,
        strength: item.strength,
        strength_cue: null,
        parent_key: null,
        extracted: JSON.stringify({ amendment: number }),
      })
      .execute();
    ids.push(id);
  }
  return ids;
}
