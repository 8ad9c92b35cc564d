// Human corrections: stored per field in `corrections` (apart from the extractor's reading, which stays in
// `commitments.extracted`) and applied to the commitment's current columns, under optimistic locking.
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { CommitmentEdit } from './views.js';
import { ConflictError, InvalidEditError, NotFoundError } from '../errors.js';

/** Corrected fields as stored: the edit's keys, with `parentId` as a register id. */
export type CorrectedFields = CommitmentEdit;

const FIELDS = ['text', 'strength', 'sectionId', 'parentId', 'actors', 'themes'] as const;

/** Applies corrected values to a commitment's current columns (no version check, no event). */
export async function applyCommitmentFields(trx: Transaction<Database>, id: string, fields: CorrectedFields): Promise<void> {
  const row = await trx.selectFrom('commitments').select(['plan_id']).where('id', '=', id).executeTakeFirstOrThrow();
  const set: Record<string, unknown> = { corrected: true };
  if (fields.text !== undefined) set.text = fields.text;
  if (fields.strength !== undefined) {
    set.strength = fields.strength;
    set.strength_cue = null;
  }
  if (fields.sectionId !== undefined) {
    set.section_key = fields.sectionId;
    const section = fields.sectionId
      ? await trx.selectFrom('sections').select('title').where('id', '=', `${row.plan_id}:${fields.sectionId}`).executeTakeFirst()
      : undefined;
    set.section_title = section?.title ?? null;
  }
  if (fields.parentId !== undefined) {
    set.parent_key = fields.parentId ? fields.parentId.slice(row.plan_id.length + 1) : null;
  }
  await trx.updateTable('commitments').set(set).where('id', '=', id).execute();
  if (fields.themes !== undefined) {
    await trx.deleteFrom('commitment_themes').where('commitment_id', '=', id).execute();
    const themes = [...new Map(fields.themes.map((t) => [t.theme, t])).values()];
    if (themes.length) {
      await trx
        .insertInto('commitment_themes')
        .values(themes.map((t) => ({ commitment_id: id, plan_id: row.plan_id, theme: t.theme, cue: t.cue })))
        .execute();
    }
  }
  if (fields.actors !== undefined) {
    await trx.deleteFrom('commitment_actors').where('commitment_id', '=', id).execute();
    const actors = [...new Set(fields.actors)];
    if (actors.length) {
      await trx.insertInto('commitment_actors').values(actors.map((a) => ({ commitment_id: id, plan_id: row.plan_id, organization_id: a }))).execute();
    }
  }
}

/**
 * Records `edit` as corrections by `author` and applies it, if the commitment is still at `expectedVersion`.
 * Throws NotFoundError, ConflictError (stale version: nothing written), or InvalidEditError naming a bad field value.
 */
export async function correctCommitment(
  trx: Transaction<Database>,
  id: string,
  expectedVersion: number,
  edit: CommitmentEdit,
  author: string,
): Promise<void> {
  const current = await trx.selectFrom('commitments').select(['version', 'plan_id']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!current) throw new NotFoundError('commitment', id);
  if (current.version !== expectedVersion) throw new ConflictError('commitment', id, expectedVersion, current.version);
  const given = FIELDS.filter((f) => edit[f] !== undefined);
  if (!given.length) throw new InvalidEditError([{ field: 'fields', reason: { key: 'error.reason.noFieldToChange', params: { fields: FIELDS.join(', ') } } }]);
  if (edit.strength !== undefined && !['firm', 'intent', 'exploratory'].includes(edit.strength)) {
    throw new InvalidEditError([{ field: 'strength', reason: { key: 'error.reason.strengthValue', params: { value: edit.strength } } }]);
  }
  if (edit.actors?.length) {
    const known = await trx.selectFrom('organizations').select('id').where('id', 'in', edit.actors).execute();
    const missing = edit.actors.filter((a) => !known.some((k) => k.id === a));
    if (missing.length) throw new InvalidEditError([{ field: 'actors', reason: { key: 'error.reason.unknownOrganizations', params: { ids: missing.join(', ') } } }]);
  }
  if (edit.sectionId) {
    const section = await trx.selectFrom('sections').select('id').where('id', '=', `${current.plan_id}:${edit.sectionId}`).executeTakeFirst();
    if (!section) throw new InvalidEditError([{ field: 'sectionId', reason: { key: 'error.reason.noSectionInPlan', params: { section: edit.sectionId, plan: current.plan_id } } }]);
  }
  if (edit.parentId && !edit.parentId.startsWith(`${current.plan_id}:`)) {
    throw new InvalidEditError([{ field: 'parentId', reason: { key: 'error.reason.notOfPlan', params: { commitment: edit.parentId, plan: current.plan_id } } }]);
  }
  for (const field of given) await storeCorrection(trx, 'commitment', id, field, edit[field], author);
  const bumped = await trx
    .updateTable('commitments')
    .set({ version: sql`version + 1`, updated_at: sql`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) !== 1) throw new ConflictError('commitment', id, expectedVersion, null);
  await applyCommitmentFields(trx, id, edit);
}

/**
 * Keeps a person's correction of one field, apart from what the extractor said (so re-extraction re-applies it
 * rather than overwriting it): one row per entity and field, replaced by a later correction of the same field.
 */
export async function storeCorrection(
  trx: Transaction<Database>,
  entity: 'commitment' | 'plan',
  entityId: string,
  field: string,
  value: unknown,
  author: string,
): Promise<void> {
  await trx
    .insertInto('corrections')
    .values({ entity, entity_id: entityId, field, value: JSON.stringify(value), author })
    .onConflict((oc) =>
      oc.columns(['entity', 'entity_id', 'field']).doUpdateSet({
        value: (eb) => eb.ref('excluded.value'),
        author: (eb) => eb.ref('excluded.author'),
        updated_at: sql`date_trunc('milliseconds', now())`,
        version: sql`corrections.version + 1`,
      }),
    )
    .execute();
}
