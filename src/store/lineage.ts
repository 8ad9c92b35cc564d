// Queries of renewals and commitment lineage (migrations/013_lineage.ts): which earlier plan a plan renews,
// the carried-over pairs with their match score, and a commitment's predecessors and successors as a reader
// may see them (only commitments of plans the scope may read; their status as the scope sees it).
import { sql, type ColumnType, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { planReadable, statusSeen, type ReadScope } from './scope.js';
import type { ImplementationStatus } from '../track/status.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PlanRenewalsTable {
  plan_id: string;
  renews: string;
  threshold: number;
  declared_by: string;
  declared_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface CommitmentLineageTable {
  predecessor_id: string;
  successor_id: string;
  plan_id: string;
  score: number;
  origin: LineageOrigin;
  linked: ColumnType<boolean, boolean | undefined, boolean>;
  decided_by: string | null;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

declare module './schema.js' {
  interface Database {
    plan_renewals: PlanRenewalsTable;
    commitment_lineage: CommitmentLineageTable;
  }
}

type Db = Kysely<Database>;

/** Matched by the renewal diff, or linked by a person. */
export type LineageOrigin = 'diff' | 'person';

export interface Renewal {
  planId: string;
  renews: string;
  threshold: number;
  declaredBy: string;
  declaredAt: string;
}

export interface LineagePair {
  predecessorId: string;
  successorId: string;
  score: number;
  origin: LineageOrigin;
  linked: boolean;
  /** Who last linked or unlinked it by hand (null: as the diff left it). */
  decidedBy: string | null;
}

/** The plan `planId` renews, as declared, or null. */
export async function renewalOf(db: Db, planId: string): Promise<Renewal | null> {
  const row = await db.selectFrom('plan_renewals').selectAll().where('plan_id', '=', planId).executeTakeFirst();
  return row ? { planId: row.plan_id, renews: row.renews, threshold: row.threshold, declaredBy: row.declared_by, declaredAt: new Date(row.declared_at).toISOString() } : null;
}

/** Plans declared as renewals of `planId`. */
export async function renewedBy(db: Db, planId: string): Promise<string[]> {
  const rows = await db.selectFrom('plan_renewals').select('plan_id').where('renews', '=', planId).orderBy('plan_id').execute();
  return rows.map((r) => r.plan_id);
}

/** Declares `planId` the renewal of `renews`; naming another earlier plan drops the pairs made against the old one. */
export async function writeRenewal(db: Db, renewal: Omit<Renewal, 'declaredAt'>): Promise<void> {
  const before = await renewalOf(db, renewal.planId);
  if (before && before.renews !== renewal.renews) await db.deleteFrom('commitment_lineage').where('plan_id', '=', renewal.planId).execute();
  await db
    .insertInto('plan_renewals')
    .values({ plan_id: renewal.planId, renews: renewal.renews, threshold: renewal.threshold, declared_by: renewal.declaredBy })
    .onConflict((oc) =>
      oc.column('plan_id').doUpdateSet({
        renews: renewal.renews,
        threshold: renewal.threshold,
        declared_by: renewal.declaredBy,
        declared_at: sql`date_trunc('milliseconds', now())`,
        version: sql`plan_renewals.version + 1`,
      }),
    )
    .execute();
}

/**
 * A plan's renewals (as the renewal or as the plan renewed) and their pairs, as stored: a removal deletes them
 * by cascade, so its event keeps them and a restore puts them back (restoreLineageRecords).
 */
export interface LineageRecords {
  renewals: { plan_id: string; renews: string; threshold: number; declared_by: string; declared_at: string; version: number }[];
  pairs: { predecessor_id: string; successor_id: string; plan_id: string; score: number; origin: LineageOrigin; linked: boolean; decided_by: string | null; updated_at: string; version: number }[];
}

/** The renewals `planId` takes part in, with their pairs (null when none). */
export async function lineageRecordsOf(db: Db, planId: string): Promise<LineageRecords | null> {
  const renewals = await db.selectFrom('plan_renewals').selectAll().where((eb) => eb.or([eb('plan_id', '=', planId), eb('renews', '=', planId)])).execute();
  if (!renewals.length) return null;
  const pairs = await db.selectFrom('commitment_lineage').selectAll().where('plan_id', 'in', renewals.map((r) => r.plan_id)).execute();
  const iso = (t: Date | string) => new Date(t).toISOString();
  return {
    renewals: renewals.map((r) => ({ ...r, threshold: Number(r.threshold), declared_at: iso(r.declared_at) })),
    pairs: pairs.map((p) => ({ ...p, score: Number(p.score), updated_at: iso(p.updated_at) })),
  };
}

/**
 * Puts back what lineageRecordsOf kept, as it was (who decided, when): a renewal whose other plan is gone, or
 * whose plan was declared the renewal of another meanwhile, stays out with its pairs; a pair whose commitment is
 * gone, or whose commitment was linked elsewhere meanwhile, stays out. Returns what was put back.
 */
export async function restoreLineageRecords(db: Db, records: LineageRecords): Promise<{ renewals: number; pairs: number }> {
  const planIds = [...new Set(records.renewals.flatMap((r) => [r.plan_id, r.renews]))];
  const present = new Set((await db.selectFrom('plans').select('id').where('id', 'in', planIds).execute()).map((r) => r.id));
  const renewals = records.renewals.filter((r) => present.has(r.plan_id) && present.has(r.renews));
  const back = renewals.length ? await db.insertInto('plan_renewals').values(renewals).onConflict((oc) => oc.doNothing()).returning('plan_id').execute() : [];
  const renewed = new Set(back.map((r) => r.plan_id));
  let pairs = records.pairs.filter((p) => renewed.has(p.plan_id));
  if (pairs.length) {
    const ids = [...new Set(pairs.flatMap((p) => [p.predecessor_id, p.successor_id]))];
    const existing = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await db.selectFrom('commitments').select('id').where('id', 'in', ids.slice(i, i + 500)).execute()) existing.add(r.id);
    }
    pairs = pairs.filter((p) => existing.has(p.predecessor_id) && existing.has(p.successor_id));
  }
  let restored = 0;
  // One at a time: a pair that meets a link made meanwhile (one link per commitment) is skipped, not the rest.
  for (const pair of pairs) restored += (await db.insertInto('commitment_lineage').values(pair).onConflict((oc) => oc.doNothing()).returning('plan_id').execute()).length;
  return { renewals: back.length, pairs: restored };
}

const toPair = (r: { predecessor_id: string; successor_id: string; score: number; origin: LineageOrigin; linked: boolean; decided_by: string | null }): LineagePair => ({
  predecessorId: r.predecessor_id,
  successorId: r.successor_id,
  score: Number(r.score),
  origin: r.origin,
  linked: r.linked,
  decidedBy: r.decided_by,
});

/** Every pair of a renewal, linked or unlinked, in the successor plan's document order. */
export async function lineagePairs(db: Db, planId: string): Promise<LineagePair[]> {
  const rows = await db
    .selectFrom('commitment_lineage as l')
    .innerJoin('commitments as s', 's.id', 'l.successor_id')
    .select(['l.predecessor_id', 'l.successor_id', 'l.score', 'l.origin', 'l.linked', 'l.decided_by'])
    .where('l.plan_id', '=', planId)
    .orderBy('s.ord')
    .orderBy('l.predecessor_id')
    .execute();
  return rows.map(toPair);
}

/**
 * Puts the renewal diff's pairs in place of the pairs nobody decided on: a pair a person linked or unlinked
 * stays as they left it, and a diff pair touching a commitment a person linked elsewhere is left out.
 * Returns the pairs linked now.
 */
export async function replaceDiffPairs(db: Db, planId: string, pairs: { predecessorId: string; successorId: string; score: number }[]): Promise<LineagePair[]> {
  await db.deleteFrom('commitment_lineage').where('plan_id', '=', planId).where('decided_by', 'is', null).execute();
  const decided = await lineagePairs(db, planId);
  const taken = new Set(decided.filter((p) => p.linked).flatMap((p) => [p.predecessorId, p.successorId]));
  const known = new Set(decided.map((p) => `${p.predecessorId}\n${p.successorId}`));
  const fresh = pairs.filter((p) => !taken.has(p.predecessorId) && !taken.has(p.successorId) && !known.has(`${p.predecessorId}\n${p.successorId}`));
  for (let i = 0; i < fresh.length; i += 200) {
    await db
      .insertInto('commitment_lineage')
      .values(fresh.slice(i, i + 200).map((p) => ({ predecessor_id: p.predecessorId, successor_id: p.successorId, plan_id: planId, score: p.score, origin: 'diff' as const })))
      .execute();
  }
  return (await lineagePairs(db, planId)).filter((p) => p.linked);
}

/** One pair, or null. */
export async function lineagePair(db: Db, predecessorId: string, successorId: string): Promise<LineagePair | null> {
  const row = await db.selectFrom('commitment_lineage').selectAll().where('predecessor_id', '=', predecessorId).where('successor_id', '=', successorId).executeTakeFirst();
  return row ? toPair(row) : null;
}

/** Sets a pair linked or unlinked by a person (creating it when the diff had not matched it). */
export async function decidePair(db: Db, planId: string, pair: { predecessorId: string; successorId: string; score: number; linked: boolean }, person: string): Promise<void> {
  await db
    .insertInto('commitment_lineage')
    .values({ predecessor_id: pair.predecessorId, successor_id: pair.successorId, plan_id: planId, score: pair.score, origin: 'person', linked: pair.linked, decided_by: person })
    .onConflict((oc) =>
      oc.columns(['predecessor_id', 'successor_id']).doUpdateSet({
        linked: pair.linked,
        decided_by: person,
        updated_at: sql`date_trunc('milliseconds', now())`,
        version: sql`commitment_lineage.version + 1`,
      }),
    )
    .execute();
}

/** Linked pairs in which either commitment takes part, other than the pair itself (a new link displaces them). */
export async function linkedPairsOf(db: Db, predecessorId: string, successorId: string): Promise<(LineagePair & { planId: string })[]> {
  const rows = await db
    .selectFrom('commitment_lineage')
    .selectAll()
    .where('linked', '=', true)
    .where((eb) => eb.or([eb('predecessor_id', '=', predecessorId), eb('successor_id', '=', successorId)]))
    .execute();
  return rows.filter((r) => !(r.predecessor_id === predecessorId && r.successor_id === successorId)).map((r) => ({ ...toPair(r), planId: r.plan_id }));
}

/** A commitment on the other end of a link, as a reader sees it. */
export interface LineageNeighbour {
  id: string;
  text: string;
  planId: string;
  planTitle: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  score: number;
  origin: LineageOrigin;
  /** Its status now, as the scope sees it. */
  status: ImplementationStatus;
}

/**
 * The linked predecessor (`direction` 'back') or successor ('forward') of each of `ids` whose plan `scope`
 * may read; a commitment of a plan it may not read is as if unlinked.
 */
export async function linkedNeighbours(db: Db, ids: string[], direction: 'back' | 'forward', scope: ReadScope): Promise<Map<string, LineageNeighbour>> {
  if (!ids.length) return new Map();
  const [from, to] = direction === 'back' ? (['successor_id', 'predecessor_id'] as const) : (['predecessor_id', 'successor_id'] as const);
  const { rows } = await sql<{ from_id: string; id: string; text: string; plan_id: string; title: string | null; period_start: string | null; period_end: string | null; score: number; origin: LineageOrigin; status: ImplementationStatus }>`
    select l.${sql.ref(from)} as from_id, c.id, c.text, c.plan_id, p.title, p.period_start, p.period_end, l.score, l.origin, ${statusSeen(scope, 'c')} as status
    from commitment_lineage l
    join commitments c on c.id = l.${sql.ref(to)}
    join plans p on p.id = c.plan_id
    join commitments own on own.id = l.${sql.ref(from)}
    join plans op on op.id = own.plan_id
    where l.linked and l.${sql.ref(from)} in (${sql.join(ids)}) and ${planReadable(scope, 'p')} and ${planReadable(scope, 'op')}`.execute(db);
  return new Map(
    rows.map((r) => [r.from_id, { id: r.id, text: r.text, planId: r.plan_id, planTitle: r.title, periodStart: r.period_start, periodEnd: r.period_end, score: Number(r.score), origin: r.origin, status: r.status }]),
  );
}

/** The mechanisms of a commitment's plan that it names (within its span, or by name), for its meetings. */
export async function mechanismsNamedBy(db: Db, commitmentId: string): Promise<{ id: string; name: string; cadence: string }[]> {
  const { rows } = await sql<{ id: string; name: string; cadence: string }>`
    select m.id, m.name, m.cadence from commitments c join mechanisms m on m.plan_id = c.plan_id
    where c.id = ${commitmentId}
      and ((m.span_start >= c.span_start and m.span_end <= c.span_end) or (length(m.name) > 0 and strpos(lower(c.text), lower(m.name)) > 0))
    order by m.span_start`.execute(db);
  return rows;
}

/** The status of each of `ids` as the scope sees it (the latest update it may read). */
export async function statusesSeen(db: Db, ids: string[], scope: ReadScope): Promise<Map<string, ImplementationStatus>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<{ id: string; status: ImplementationStatus }>`select c.id, ${statusSeen(scope, 'c')} as status from commitments c where c.id in (${sql.join(ids)})`.execute(db);
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** A plan as renewals need it (no sections, commitments or text), if `scope` may read it. */
export async function planBrief(db: Db, id: string, scope: ReadScope): Promise<{ id: string; title: string | null; partnershipId: string | null; start: string | null; supersedes: string | null; supersededBy: string | null } | null> {
  const { rows } = await sql<{ id: string; title: string | null; partnership_id: string | null; start: string | null; supersedes: string | null; superseded_by: string | null }>`
    select p.id, p.title, p.partnership_id, coalesce(p.period_start, p.signed_date) as start, p.supersedes,
      (select n.id from plans n where n.supersedes = p.id order by n.id limit 1) as superseded_by
    from plans p where p.id = ${id} and ${planReadable(scope)}`.execute(db);
  const r = rows[0];
  return r ? { id: r.id, title: r.title, partnershipId: r.partnership_id, start: r.start, supersedes: r.supersedes, supersededBy: r.superseded_by } : null;
}
