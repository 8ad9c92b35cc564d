// The append-only event log (the database refuses UPDATE, DELETE and TRUNCATE on it: migrations/008): who changed
// what, when, with the record before and after; and the audit trail read from it, per plan or per account.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface EventInput {
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one event; call it with the transaction that made the change, so both commit or neither does. */
export async function appendEvent(trx: Kysely<Database>, event: EventInput): Promise<void> {
  await trx
    .insertInto('events')
    .values({
      actor: event.actor,
      entity: event.entity,
      entity_id: event.entityId,
      action: event.action,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
    })
    .execute();
}

/** One event as the audit trail shows it. */
export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  /** Restored by `kizuna import` (its actor and time are the original ones). */
  imported: boolean;
}

/** Which events: those about one plan (the plan, its commitments, mechanisms, meetings and items), or by one account. */
export type AuditSelection = { plan: string } | { account: string } | Record<string, never>;

function auditWhere(selection: AuditSelection) {
  if ('plan' in selection) {
    const plan = selection.plan;
    const under = `${plan.replace(/[\\%_]/g, (m) => `\\${m}`)}:%`;
    // Events name what they changed by id (`p-…`, `p-…:s2/c1`) or, for items with ids of their own
    // (meetings, link decisions, visibility changes), carry the plan or mechanism in before/after.
    return sql`(e.entity_id = ${plan} or e.entity_id like ${under}
      or e.after->>'planId' = ${plan} or e.before->>'planId' = ${plan}
      or e.after->>'mechanismId' like ${under} or e.before->>'mechanismId' like ${under})`;
  }
  if ('account' in selection) return sql`e.actor = ${selection.account}`;
  return sql`true`;
}

/** Events of `selection`, newest first, a page at a time, with the total. */
export async function auditEvents(db: Kysely<Database>, selection: AuditSelection, page: { limit: number; offset: number }): Promise<{ items: AuditEvent[]; total: number }> {
  const { rows } = await sql<{ id: number; at: Date; actor: string; entity: string; entity_id: string; action: string; before: unknown; after: unknown; imported: boolean; total: number }>`
    select e.id, e.at, e.actor, e.entity, e.entity_id, e.action, e.before, e.after, e.imported, count(*) over ()::int as total
    from events e where ${auditWhere(selection)} order by e.id desc limit ${page.limit} offset ${page.offset}`.execute(db);
  return {
    items: rows.map((r) => ({ id: Number(r.id), at: new Date(r.at).toISOString(), actor: r.actor, entity: r.entity, entityId: r.entity_id, action: r.action, before: r.before, after: r.after, imported: r.imported })),
    total: rows[0]?.total ?? 0,
  };
}
