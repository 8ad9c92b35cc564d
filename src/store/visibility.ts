// The write side of visibility: where an item belongs (its plan's partnership and that partnership's default),
// changing an item's visibility, a partnership's default and a plan's publication, and whether an evidence
// file belongs to something a reader may read.
import { sql, type Kysely } from 'kysely';
import type { Visibility } from '../auth/principal.js';
import type { Database } from './schema.js';
import { itemReadable, planReadable, type ReadScope } from './scope.js';

type Db = Kysely<Database>;

/** Tables of items that carry a visibility, by the name events and routes use for them. */
export const VISIBLE_ITEMS = { progress_update: 'progress_updates', meeting: 'meetings', link_proposal: 'link_proposals', correction: 'corrections' } as const;
export type VisibleItemKind = keyof typeof VISIBLE_ITEMS;

export interface ItemHome {
  planId: string;
  partnershipId: string | null;
  parties: string[];
  /** The partnership's default visibility ('shared' for a plan of no partnership). */
  defaultVisibility: Visibility;
}

/** The plan, partnership and default visibility of what an item is written about (a plan, commitment or mechanism), or null. */
export async function homeOf(db: Db, about: { plan: string } | { commitment: string } | { mechanism: string }): Promise<ItemHome | null> {
  const planId =
    'plan' in about
      ? about.plan
      : 'commitment' in about
        ? (await db.selectFrom('commitments').select('plan_id').where('id', '=', about.commitment).executeTakeFirst())?.plan_id
        : (await db.selectFrom('mechanisms').select('plan_id').where('id', '=', about.mechanism).executeTakeFirst())?.plan_id;
  if (!planId) return null;
  const row = await db
    .selectFrom('plans as p')
    .leftJoin('partnerships as s', 's.id', 'p.partnership_id')
    .select(['p.id', 'p.partnership_id', 'p.parties', 's.default_visibility'])
    .where('p.id', '=', planId)
    .executeTakeFirst();
  return row ? { planId: row.id, partnershipId: row.partnership_id, parties: row.parties, defaultVisibility: row.default_visibility ?? 'shared' } : null;
}

/** An item's partnership, side and visibility (to check who may change it), or null when there is no such item. */
export async function itemVisibility(db: Db, kind: VisibleItemKind, id: string): Promise<{ partnershipId: string | null; side: string | null; visibility: Visibility } | null> {
  const { rows } = await sql<{ partnership_id: string | null; side: string | null; visibility: Visibility }>`
    select partnership_id, side, visibility from ${sql.table(VISIBLE_ITEMS[kind])} where id::text = ${id}`.execute(db);
  const row = rows[0];
  return row ? { partnershipId: row.partnership_id, side: row.side, visibility: row.visibility } : null;
}

/** Sets an item's visibility. */
export async function setItemVisibility(db: Db, kind: VisibleItemKind, id: string, visibility: Visibility): Promise<void> {
  await sql`update ${sql.table(VISIBLE_ITEMS[kind])} set visibility = ${visibility} where id::text = ${id}`.execute(db);
}

export interface PartnershipSetting {
  id: string;
  parties: string[];
  name: string;
  defaultVisibility: Visibility;
  version: number;
}

/** Every partnership with its default visibility, by id. */
export async function partnershipSettings(db: Db): Promise<PartnershipSetting[]> {
  const rows = await db.selectFrom('partnerships').select(['id', 'parties', 'name', 'default_visibility', 'version']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, parties: r.parties, name: r.name, defaultVisibility: r.default_visibility, version: r.version }));
}

/** Sets a partnership's default visibility; returns the one before, or null when there is no such partnership. */
export async function setDefaultVisibility(db: Db, partnershipId: string, visibility: Visibility): Promise<Visibility | null> {
  const before = await db.selectFrom('partnerships').select('default_visibility').where('id', '=', partnershipId).executeTakeFirst();
  if (!before) return null;
  await db
    .updateTable('partnerships')
    .set({ default_visibility: visibility, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', partnershipId)
    .execute();
  return before.default_visibility;
}

/** Publishes a plan or takes it back to draft; returns whether it was published before, or null when there is no such plan. */
export async function setPlanPublished(db: Db, planId: string, published: boolean): Promise<{ before: boolean; partnershipId: string | null } | null> {
  const row = await db.selectFrom('plans').select(['published', 'partnership_id']).where('id', '=', planId).executeTakeFirst();
  if (!row) return null;
  await db.updateTable('plans').set({ published, version: sql`version + 1`, updated_at: new Date() }).where('id', '=', planId).execute();
  return { before: row.published, partnershipId: row.partnership_id };
}

/** Whether a plan is published (null when there is no such plan). */
export async function planPublished(db: Db, planId: string): Promise<boolean | null> {
  return (await db.selectFrom('plans').select('published').where('id', '=', planId).executeTakeFirst())?.published ?? null;
}

/**
 * True when `scope` may read an evidence file: it is the evidence of a progress update or the minutes of a
 * meeting the scope may read, or a readout of a link proposal it may read (a reader of everything, always).
 */
export async function evidenceReadable(db: Db, sha256: string, scope: ReadScope): Promise<boolean> {
  if (scope.all) return true;
  const { rows } = await sql<{ ok: boolean }>`select (
    exists (select 1 from progress_updates u join commitments c on c.id = u.commitment_id join plans p on p.id = c.plan_id
      where u.evidence @> ${JSON.stringify([{ sha256 }])}::jsonb and ${itemReadable(scope, 'u')} and ${planReadable(scope)})
    or exists (select 1 from meetings m join mechanisms k on k.id = m.mechanism_id join plans p on p.id = k.plan_id
      where m.minutes->>'sha256' = ${sha256} and ${itemReadable(scope, 'm')} and ${planReadable(scope)})
    or exists (select 1 from link_proposals l join plans p on p.id = l.plan_id
      where l.readout_id = ${sha256} and ${itemReadable(scope, 'l')} and ${planReadable(scope)})) as ok`.execute(db);
  return Boolean(rows[0]?.ok);
}
