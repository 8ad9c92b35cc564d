// The append-only event log: who changed what, when, with the record before and after.
import type { Kysely } from 'kysely';
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
