// A person corrects, removes or restores a plan: metadata corrections (kept apart from the extractor's
// reading, undoable), removal of a duplicate (the original file kept, so it can be restored) and the
// duplicate check run on upload and ingest. Each write and its event share one transaction.
import type { Transaction } from 'kysely';
import type { Database, Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { planPublished, setPlanPublished } from '../store/visibility.js';
import { getPlan } from '../store/queries.js';
import { listAmendments } from '../store/amendments.js';
import { READ_ALL, type ReadScope } from '../store/scope.js';
import { lineageRecordsOf, restoreLineageRecords, type LineageRecords } from '../store/lineage.js';
import {
  correctPlan,
  deletePlan,
  findDuplicatePlans,
  moveTracking,
  moveTrackingBack,
  orphanDocument,
  removedPlans,
  planMetadata,
  planTrackingCounts,
  revertPlanFields,
  type DuplicateCandidate,
  type MovedRecords,
  type PlanEdit,
  type PlanField,
} from '../store/plan-edits.js';
import type { SuccessionChange } from '../store/write-plan.js';
import { KizunaError, NotFoundError } from '../errors.js';
import type { Extraction } from '../types.js';
import type { PlanDetail } from '../store/views.js';
import { loadVocabulary } from '../vocab/index.js';
import { planContext, planStore } from './plan-store.js';

export { PLAN_STATUSES } from '../store/views.js';
export { PLAN_FIELDS, planEditProblems, type DuplicateCandidate, type PlanEdit, type PlanField, type RemovedPlan } from '../store/plan-edits.js';


async function supersedeEvents(trx: Parameters<typeof appendEvent>[0], actor: string, changes: SuccessionChange[]): Promise<void> {
  for (const change of changes) {
    await appendEvent(trx, { actor, entity: 'plan', entityId: change.planId, action: 'supersede', before: { supersedes: change.before }, after: { supersedes: change.after } });
  }
}

/** A plan's metadata now, the extractor's reading, which fields people corrected, and the version (ETag). */
export async function planDetails(store: Store, id: string) {
  const metadata = await planMetadata(store.db, id);
  if (!metadata) throw new NotFoundError('plan', id);
  return metadata;
}

/**
 * Corrects a plan's metadata if it is still at `expectedVersion`; returns the plan as now stored.
 *
 *     await planCorrect(store, 'p-1a2b3c4d5e6f', 1, { periodStart: '2024', periodEnd: '2027' }, 'desk@mofa');
 */
export async function planCorrect(store: Store, id: string, expectedVersion: number, edit: PlanEdit, author: string, now = new Date()): Promise<PlanDetail> {
  await store.db.transaction().execute((trx) => planCorrectIn(trx, id, expectedVersion, edit, author));
  return (await getPlan(store.db, id, READ_ALL, now))!;
}

/** `planCorrect` inside the caller's transaction (also used when an upload is saved with corrected details). */
export async function planCorrectIn(trx: Transaction<Database>, id: string, expectedVersion: number | 'current', edit: PlanEdit, author: string): Promise<void> {
  const context = planContext(loadVocabulary());
  const before = await planMetadata(trx, id);
  if (!before) throw new NotFoundError('plan', id);
  const changes = await correctPlan(trx, id, expectedVersion === 'current' ? before.version : expectedVersion, edit, author, context);
  const after = await planMetadata(trx, id);
  await appendEvent(trx, { actor: author, entity: 'plan', entityId: id, action: 'correct', before: pick(before, Object.keys(edit)), after: pick(after!, Object.keys(edit)) });
  await supersedeEvents(trx, author, changes);
}

/** Puts back the extractor's reading of `fields` (undoing their corrections). */
export async function planRevert(store: Store, id: string, expectedVersion: number, fields: PlanField[], author: string, now = new Date()): Promise<PlanDetail> {
  const context = planContext(loadVocabulary());
  await store.db.transaction().execute(async (trx) => {
    const before = await planMetadata(trx, id);
    if (!before) throw new NotFoundError('plan', id);
    const changes = await revertPlanFields(trx, id, expectedVersion, fields, context);
    const after = await planMetadata(trx, id);
    await appendEvent(trx, { actor: author, entity: 'plan', entityId: id, action: 'revert', before: pick(before, fields), after: pick(after!, fields) });
    await supersedeEvents(trx, author, changes);
  });
  return (await getPlan(store.db, id, READ_ALL, now))!;
}

const pick = (record: object, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (record as Record<string, unknown>)[k]]));

/**
 * Removes a plan (a duplicate, a wrong upload) from the register: its commitments, sections and the rest go;
 * the original file and any corrections stay, so `planRestore` (or storing the same file again) brings it back.
 * Refused (409) when progress, meetings or amendments were recorded against it: they would be lost.
 */
export async function planRemove(store: Store, id: string, author: string): Promise<{ id: string; title: string | null }> {
  return store.db.transaction().execute(async (trx) => {
    const plan = await getPlan(trx, id, READ_ALL);
    if (!plan) throw new NotFoundError('plan', id);
    const tracked = await planTrackingCounts(trx, id);
    if (tracked.updates || tracked.meetings) {
      throw new KizunaError('conflict', { key: 'error.plan.removeTracked', params: { id, updates: tracked.updates, meetings: tracked.meetings } });
    }
    // Amendments are the parties' written record: a plan that has any is never removed.
    const amendments = await listAmendments(trx, id);
    if (amendments.length) throw new KizunaError('conflict', { key: 'error.plan.removeAmended', params: { id, n: amendments.length } });
    const published = await planPublished(trx, id);
    const lineage = await lineageRecordsOf(trx, id);
    const removed = (await deletePlan(trx, id))!;
    await appendEvent(trx, {
      actor: author,
      entity: 'plan',
      entityId: id,
      action: 'remove',
      // published and lineage: a restore brings the plan back as it was, not as a draft nor cut from its renewals
      before: { title: plan.title, kind: plan.kind, parties: plan.parties, period: plan.period, document: removed.documentId, commitments: plan.commitments.length, published, lineage },
    });
    await supersedeEvents(trx, author, removed.changes);
    return { id, title: plan.title };
  });
}

/**
 * Merges a duplicate plan into the plan it duplicates: the progress updates and meetings recorded against the
 * duplicate move to the same-worded commitments and same-named mechanisms of `into` (statuses set again from
 * the merged histories), then the duplicate is removed (its file kept: it can be restored, and the records
 * carried over go back with it). Refused (409) when `into` is not one of its duplicates, or a record would have
 * nowhere to go.
 */
export async function planMerge(store: Store, id: string, into: string, author: string): Promise<{ into: string; updates: number; meetings: number }> {
  const plan = await getPlan(store.db, id, READ_ALL);
  if (!plan) throw new NotFoundError('plan', id);
  if (!(await duplicatesOfPlan(store, plan, READ_ALL)).some((d) => d.planId === into)) throw new KizunaError('conflict', { key: 'error.plan.notDuplicate', params: { id, into } });
  return store.db.transaction().execute(async (trx) => {
    const moved = await moveTracking(trx, id, into);
    if (moved.unmatched.length) {
      throw new KizunaError('conflict', { key: 'error.plan.unmatched', params: { into, items: moved.unmatched.map((u) => `“${u.slice(0, 80)}”`).join('; ') } });
    }
    const published = await planPublished(trx, id);
    const lineage = await lineageRecordsOf(trx, id);
    const removed = (await deletePlan(trx, id))!;
    await appendEvent(trx, {
      actor: author,
      entity: 'plan',
      entityId: id,
      action: 'merge',
      before: { title: plan.title, kind: plan.kind, parties: plan.parties, period: plan.period, document: removed.documentId, commitments: plan.commitments.length, published, lineage },
      // the records by id, so that restoring this plan gives them back (planRestore)
      after: { into, updates: moved.updates, meetings: moved.meetings, moved: moved.moved },
    });
    await supersedeEvents(trx, author, removed.changes);
    return { into, updates: moved.updates, meetings: moved.meetings };
  });
}

/** Plans removed (or merged) whose file is kept, so they can be restored; most recent first. */
export function plansRemoved(store: Store) {
  return removedPlans(store.db);
}

/**
 * Brings a removed plan back from its kept original file (extracted again; corrections re-applied). A plan
 * that was merged gets back the progress updates and meetings the merge carried over (those still where the
 * merge put them), in the same transaction, audited as `restore-tracking` with each record moved.
 */
export async function planRestore(store: Store, id: string, author: string): Promise<{ planId: string; updates: number; meetings: number }> {
  const doc = await orphanDocument(store.db, id);
  if (!doc) throw new KizunaError('not-found', { key: 'error.plan.noRemoved', params: { id } });
  const { extractBytes } = await import('../pipeline.js');
  const { extraction, messages } = await extractBytes(doc.name, doc.bytes);
  if (!extraction) throw new KizunaError('unprocessable-document', `${doc.name}: ${messages.find((m) => m.fatal)?.reason ?? 'could not be read'}`);
  let back: MovedRecords = { updates: [], meetings: [] };
  const stored = await planStore(store, extraction, doc.bytes, {
    actor: author,
    andThen: async (trx, planId) => {
      const merge = await lastRemoval(trx, planId);
      if (merge?.published) {
        await setPlanPublished(trx, planId, true);
        await appendEvent(trx, { actor: author, entity: 'plan', entityId: planId, action: 'publish', before: { published: false }, after: { published: true } });
      }
      if (merge?.lineage) {
        const lineage = await restoreLineageRecords(trx, merge.lineage);
        if (lineage.renewals || lineage.pairs) await appendEvent(trx, { actor: author, entity: 'plan', entityId: planId, action: 'restore-lineage', after: lineage });
      }
      if (merge?.action !== 'merge' || !merge.moved) return;
      back = await moveTrackingBack(trx, planId, merge.moved);
      if (back.updates.length || back.meetings.length) {
        await appendEvent(trx, { actor: author, entity: 'plan', entityId: planId, action: 'restore-tracking', before: { in: merge.into }, after: { moved: back } });
      }
    },
  });
  return { planId: stored.planId, updates: back.updates.length, meetings: back.meetings.length };
}

/** How a plan last left the register (`remove` or `merge`, with what a merge carried over), or null. */
async function lastRemoval(trx: Transaction<Database>, planId: string): Promise<{ action: string; published: boolean; lineage: LineageRecords | null; into: string | null; moved: MovedRecords | null } | null> {
  const event = await trx.selectFrom('events').select(['action', 'before', 'after']).where('entity', '=', 'plan').where('entity_id', '=', planId).where('action', 'in', ['remove', 'merge']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!event) return null;
  // Merges before records were listed by id carry only counts: nothing to move back.
  const after = (event.after ?? {}) as { into?: string; moved?: MovedRecords };
  // Removals before the published flag was recorded come back as drafts, as they did.
  const before = (event.before ?? {}) as { published?: boolean; lineage?: LineageRecords | null };
  const published = before.published === true;
  return { action: event.action, published, lineage: before.lineage ?? null, into: after.into ?? null, moved: after.moved ?? null };
}

/** Plans a fresh extraction would duplicate (same file, or same partnership and title with most commitments the same). */
export function duplicatesOfExtraction(store: Store, extraction: Extraction, scope: ReadScope): Promise<DuplicateCandidate[]> {
  return findDuplicatePlans(store.db, {
    sha256: extraction.document.sha256,
    parties: extraction.metadata.parties,
    title: extraction.metadata.title,
    commitments: extraction.commitments.map((c) => c.text),
  }, scope);
}

/** Other plans in the register, of those `scope` may read, that a stored plan duplicates. */
export function duplicatesOfPlan(store: Store, plan: PlanDetail, scope: ReadScope): Promise<DuplicateCandidate[]> {
  return findDuplicatePlans(store.db, { sha256: null, parties: plan.parties, title: plan.title, commitments: plan.commitments.map((c) => c.text), exclude: plan.id }, scope);
}
