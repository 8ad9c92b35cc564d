// Recording progress on a commitment (the only way its status changes) and reading its history:
// validation, evidence files kept by hash, the status row and an audit event in one transaction.
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { ConflictError, InvalidUpdateError, NotFoundError } from '../errors.js';
import { commitmentExists, currentStatus, evidenceFile, insertUpdate, latestEventOf, reinsertUpdate, removeUpdate, saveEvidenceFile, statusHistory, updatePartnership, type ItemVisibility } from '../store/tracking.js';
import type { ReadScope } from '../store/scope.js';
import { getCommitment } from '../store/queries.js';
import { evidenceReadable } from '../store/visibility.js';
import { LOCAL_ADMINISTRATOR, type Principal, type Visibility } from '../auth/principal.js';
import { visibilityFor } from './visibility.js';
import { KizunaError } from '../errors.js';
import { validateProgressUpdate, type Evidence, type ImplementationStatus } from '../track/status.js';
import { todayUtc } from '../track/cadence.js';
import type { ProgressUpdate } from '../track/model.js';


/** Evidence as a caller hands it in: a URL, or a file's bytes (stored once per content hash). */
export type EvidenceInput = { kind: 'url'; url: string; title?: string } | { kind: 'file'; name: string; bytes: Uint8Array; mediaType?: string };

export interface RecordUpdateInput {
  commitmentId: string;
  status: ImplementationStatus;
  date?: string;
  note: string;
  evidence?: EvidenceInput[];
  author: string;
  /** Who may read it (default: the partnership's default visibility). */
  visibility?: Visibility;
  /** Who is writing: decides the side the update is written on (default: the local administrator). */
  principal?: Principal;
}

/**
 * Records one progress update and moves the commitment's status, or throws (InvalidUpdateError,
 * NotFoundError, ConflictError when another update landed meanwhile). `date` defaults to today (UTC).
 */
export async function recordUpdate(store: Store, input: RecordUpdateInput, now = new Date()): Promise<ProgressUpdate> {
  const today = todayUtc(now);
  const files = (input.evidence ?? []).flatMap((e) => (e.kind === 'file' ? [{ ...e, sha256: createHash('sha256').update(e.bytes).digest('hex') }] : []));
  const evidence: Evidence[] = (input.evidence ?? []).map((e) =>
    e.kind === 'url' ? e : { kind: 'file', name: e.name, sha256: createHash('sha256').update(e.bytes).digest('hex'), ...(e.mediaType ? { mediaType: e.mediaType } : {}) },
  );
  const update = { id: randomUUID(), commitmentId: input.commitmentId, status: input.status, date: input.date ?? today, note: input.note, evidence, author: input.author };
  return store.db.transaction().execute(async (trx) => {
    for (const file of files) await saveEvidenceFile(trx, { sha256: file.sha256, name: file.name, mediaType: file.mediaType ?? null, bytes: file.bytes });
    return applyUpdate(trx, update, today, now, input.principal, input.visibility);
  });
}

/** Validates and writes one update with its event, inside the caller's transaction (also used by accepting a link). */
export async function applyUpdate(
  trx: Kysely<Database>,
  update: Omit<ProgressUpdate, 'recordedAt'>,
  today: string,
  now = new Date(),
  principal: Principal = LOCAL_ADMINISTRATOR,
  visibility?: Visibility,
): Promise<ProgressUpdate> {
  if (!(await commitmentExists(trx, update.commitmentId))) throw new NotFoundError('commitment', update.commitmentId);
  const seen: ItemVisibility = await visibilityFor(trx, { commitment: update.commitmentId }, principal, visibility);
  const before = await currentStatus(trx, update.commitmentId);
  const problems = validateProgressUpdate(update, before, today);
  if (problems.length) throw new InvalidUpdateError(problems);
  if (!(await insertUpdate(trx, update, seen, before.version))) {
    const current = await currentStatus(trx, update.commitmentId);
    throw new ConflictError('commitment_status', update.commitmentId, before.version, current.version);
  }
  await appendEvent(trx, {
    actor: update.author,
    entity: 'commitment_status',
    entityId: update.commitmentId,
    action: 'update',
    before: { status: before.status, date: before.date },
    after: { ...update, side: seen.side, visibility: seen.visibility },
  });
  return { ...update, recordedAt: now.toISOString(), side: seen.side, visibility: seen.visibility };
}

/** A commitment's status now and every update, oldest first, as `scope` sees them (the latest update it may read decides the status). */
export async function statusOf(store: Store, commitmentId: string, scope: ReadScope): Promise<{ status: ImplementationStatus; updates: ProgressUpdate[] }> {
  const commitment = await getCommitment(store.db, commitmentId, scope);
  if (!commitment) throw new NotFoundError('commitment', commitmentId);
  const updates = await statusHistory(store.db, commitmentId, scope);
  return { status: commitment.status, updates };
}

/** An evidence file recorded with a progress update, by its SHA-256 (for download). */
export async function evidenceDownload(store: Store, sha256: string, scope: ReadScope): Promise<{ name: string; mediaType: string | null; bytes: Uint8Array }> {
  const file = /^[0-9a-f]{64}$/.test(sha256) && (await evidenceReadable(store.db, sha256, scope)) ? await evidenceFile(store.db, sha256) : null;
  if (!file) throw new NotFoundError('evidence file', sha256);
  return file;
}

/**
 * Withdraws a progress update recorded by mistake, the latest or an older one: the status becomes that of
 * the latest update left (not started when none is left); the event log keeps the update as it was.
 */
export async function withdrawUpdate(store: Store, commitmentId: string, updateId: string, author: string): Promise<{ status: ImplementationStatus }> {
  return store.db.transaction().execute(async (trx) => {
    if (!(await commitmentExists(trx, commitmentId))) throw new NotFoundError('commitment', commitmentId);
    const partnershipId = await updatePartnership(trx, updateId);
    const removed = await removeUpdate(trx, commitmentId, updateId);
    if (!removed) throw new NotFoundError('progress update', updateId);
    const now = await currentStatus(trx, commitmentId);
    // the update as it was, with its partnership: `undoWithdraw` writes it back from this event
    await appendEvent(trx, { actor: author, entity: 'commitment_status', entityId: commitmentId, action: 'withdraw', before: { ...removed, partnershipId: partnershipId ?? null }, after: { status: now.status, date: now.date } });
    return { status: now.status };
  });
}

/**
 * Undoes the withdrawal of a progress update when `author` withdrew it and it is still the commitment's last
 * change: the update is written back exactly as it was (id, author, time recorded, visibility) and the status
 * set again from the history, audited as `undo-withdraw`. Throws NotFoundError or a conflict.
 */
export async function undoWithdraw(store: Store, commitmentId: string, updateId: string, author: string): Promise<{ status: ImplementationStatus }> {
  return store.db.transaction().execute(async (trx) => {
    const last = await latestEventOf(trx, 'commitment_status', commitmentId);
    const before = last?.before as (ProgressUpdate & { partnershipId?: string | null }) | null | undefined;
    if (!last || last.action !== 'withdraw' || before?.id !== updateId) throw new NotFoundError('withdrawal to undo of progress update', updateId);
    if (last.actor !== author) throw new KizunaError('conflict', { key: 'error.progress.undoOthers', params: { id: updateId, actor: last.actor } });
    if (before.partnershipId === undefined) throw new KizunaError('conflict', { key: 'error.progress.withdrawnTooEarly', params: { id: updateId } });
    const { partnershipId, ...update } = before;
    await reinsertUpdate(trx, update, partnershipId);
    const now = await currentStatus(trx, commitmentId);
    await appendEvent(trx, { actor: author, entity: 'commitment_status', entityId: commitmentId, action: 'undo-withdraw', after: { update, status: now.status } });
    return { status: now.status };
  });
}
