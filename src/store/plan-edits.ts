// A plan's metadata corrected by a person (title, kind, parties, period, signing): stored per field in
// `corrections` apart from the extractor's reading (`plans.extracted`), applied to the plan's columns, undone
// by dropping the correction. Also: removing a plan (its document is kept, so storing it again restores it)
// and finding plans that duplicate a document.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, PlanMetadataFields } from './schema.js';
import { ConflictError, InvalidEditError, NotFoundError, type Said } from '../errors.js';
import { DOCUMENT_KINDS } from '../types.js';
import { firstDayOf, lastDayOf, relinkSuccession, type PlanContext, type SuccessionChange } from './write-plan.js';
import { storeCorrection } from './corrections.js';
import { restateStatus } from './tracking.js';
import { planReadable, type ReadScope } from './scope.js';

export const PLAN_FIELDS = ['title', 'kind', 'parties', 'periodStart', 'periodEnd', 'signedDate', 'signedPlace'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];
/** A person's change to a plan's metadata; only the fields given change. */
export type PlanEdit = Partial<PlanMetadataFields>;

/** An ISO date as precise as known: `2024`, `2024-06`, `2024-06-14` (real months and days only). */
export function isPartialIsoDate(value: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  if (m && (Number(m) < 1 || Number(m) > 12)) return false;
  if (d) {
    const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    return day.getUTCMonth() === Number(m) - 1 && day.getUTCDate() === Number(d);
  }
  return true;
}

/** Every problem with an edit's values, by field (`periodEnd: is before the start`); empty when it can be applied. */
export function planEditProblems(edit: PlanEdit, current: PlanMetadataFields): { field: PlanField; reason: Said }[] {
  const problems: { field: PlanField; reason: Said }[] = [];
  const given = PLAN_FIELDS.filter((f) => edit[f] !== undefined);
  if (!given.length) problems.push({ field: 'title', reason: { key: 'error.reason.noFieldToChange', params: { fields: PLAN_FIELDS.join(', ') } } });
  if (edit.title !== undefined && edit.title !== null && (!edit.title.trim() || edit.title.length > 500)) problems.push({ field: 'title', reason: { key: 'error.reason.titleLength' } });
  if (edit.kind !== undefined && !(DOCUMENT_KINDS as readonly string[]).includes(edit.kind)) problems.push({ field: 'kind', reason: { key: 'error.reason.oneOf', params: { values: DOCUMENT_KINDS.join(', ') } } });
  if (edit.parties !== undefined) {
    // ISO 3166-1 alpha-2, upper case: JP, PL, GL.
    const bad = edit.parties.filter((p) => !/^[A-Z]{2}$/.test(p));
    if (bad.length) problems.push({ field: 'parties', reason: { key: 'error.reason.partyCodes', params: { codes: bad.join(', ') } } });
    else if (new Set(edit.parties).size < 2) problems.push({ field: 'parties', reason: { key: 'error.reason.twoParties' } });
  }
  for (const field of ['periodStart', 'periodEnd', 'signedDate'] as const) {
    const value = edit[field];
    if (value !== undefined && value !== null && !isPartialIsoDate(value)) problems.push({ field, reason: { key: 'error.reason.partialDate', params: { value } } });
  }
  if (edit.signedPlace !== undefined && edit.signedPlace !== null && edit.signedPlace.length > 200) problems.push({ field: 'signedPlace', reason: { key: 'error.reason.tooLong', params: { n: 200 } } });
  const start = edit.periodStart !== undefined ? edit.periodStart : current.periodStart;
  const end = edit.periodEnd !== undefined ? edit.periodEnd : current.periodEnd;
  if (start && end && isPartialIsoDate(start) && isPartialIsoDate(end) && lastDayOf(end)! < firstDayOf(start)!) {
    problems.push({ field: edit.periodEnd !== undefined ? 'periodEnd' : 'periodStart', reason: { key: 'error.reason.periodReversed' } });
  }
  return problems;
}

async function currentFields(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('plans')
    .select(['id', 'version', 'title', 'kind', 'parties', 'period_start', 'period_end', 'signed_date', 'signed_place', 'partnership_id', 'extracted'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A plan's metadata as it stands (corrections applied), or null. */
export async function planMetadata(db: Kysely<Database>, id: string): Promise<(PlanMetadataFields & { version: number; extracted: PlanMetadataFields | null; corrected: PlanField[] }) | null> {
  const row = await currentFields(db, id);
  if (!row) return null;
  const corrected = await db.selectFrom('corrections').select('field').where('entity', '=', 'plan').where('entity_id', '=', id).execute();
  return {
    title: row.title,
    kind: row.kind,
    parties: row.parties,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    signedDate: row.signed_date,
    signedPlace: row.signed_place,
    version: row.version,
    extracted: row.extracted,
    corrected: corrected.map((c) => c.field as PlanField),
  };
}

/** Writes metadata values to a plan's columns (no version check, no event); parties move it to their partnership. */
export async function applyPlanFields(trx: Transaction<Database>, id: string, fields: PlanEdit, context: PlanContext): Promise<void> {
  const set: Record<string, unknown> = {};
  if (fields.title !== undefined) set.title = fields.title?.trim() || null;
  if (fields.kind !== undefined) set.kind = fields.kind;
  if (fields.periodStart !== undefined) set.period_start = fields.periodStart;
  if (fields.periodEnd !== undefined) {
    set.period_end = fields.periodEnd;
    set.period_end_day = lastDayOf(fields.periodEnd);
  }
  if (fields.signedDate !== undefined) set.signed_date = fields.signedDate;
  if (fields.signedPlace !== undefined) set.signed_place = fields.signedPlace?.trim() || null;
  if (fields.parties !== undefined) {
    const parties = [...new Set(fields.parties)].sort();
    await trx.insertInto('parties').values(parties.map((code) => ({ code, name: context.partyNames[code] ?? null }))).onConflict((oc) => oc.column('code').doNothing()).execute();
    const ordered = [context.homeParty, ...parties.filter((p) => p !== context.homeParty)].filter((p) => parties.includes(p));
    const partnershipId = parties.join('-');
    await trx
      .insertInto('partnerships')
      .values({ id: partnershipId, parties: JSON.stringify(parties), name: ordered.map((p) => context.partyNames[p] ?? p).join('–'), since: null })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    set.parties = JSON.stringify(parties);
    set.partnership_id = partnershipId;
    set.partner = parties.find((p) => p !== context.homeParty) ?? null;
  }
  if (Object.keys(set).length) await trx.updateTable('plans').set(set).where('id', '=', id).execute();
}

/** Re-links the successions of the partnership and kind a plan was in and is in now; the links that changed. */
async function relinkAround(trx: Transaction<Database>, before: { partnership_id: string | null; kind: string }, id: string): Promise<SuccessionChange[]> {
  const after = await trx.selectFrom('plans').select(['partnership_id', 'kind']).where('id', '=', id).executeTakeFirstOrThrow();
  const groups = new Map<string, { partnership: string; kind: string }>();
  for (const g of [before, after]) if (g.partnership_id) groups.set(`${g.partnership_id}|${g.kind}`, { partnership: g.partnership_id, kind: g.kind });
  const changes: SuccessionChange[] = [];
  for (const g of groups.values()) changes.push(...(await relinkSuccession(trx, g.partnership, g.kind)));
  return changes;
}

async function bumpVersion(trx: Transaction<Database>, id: string, expectedVersion: number): Promise<void> {
  const bumped = await trx
    .updateTable('plans')
    .set({ version: sql`version + 1`, updated_at: sql`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) !== 1) throw new ConflictError('plan', id, expectedVersion, null);
}

async function lockPlan(trx: Transaction<Database>, id: string, expectedVersion: number) {
  const locked = await trx.selectFrom('plans').select(['version']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!locked) throw new NotFoundError('plan', id);
  if (locked.version !== expectedVersion) throw new ConflictError('plan', id, expectedVersion, locked.version);
  return (await currentFields(trx, id))!;
}

const fieldsOf = (row: NonNullable<Awaited<ReturnType<typeof currentFields>>>): PlanMetadataFields => ({
  title: row.title,
  kind: row.kind,
  parties: row.parties,
  periodStart: row.period_start,
  periodEnd: row.period_end,
  signedDate: row.signed_date,
  signedPlace: row.signed_place,
});

/**
 * Records `edit` as corrections by `author` and applies it if the plan is still at `expectedVersion`; the
 * successions of its partnership are re-linked by the corrected dates. Throws NotFoundError, ConflictError,
 * or InvalidEditError naming the first field at fault (all of them in `invalidParams`).
 */
export async function correctPlan(trx: Transaction<Database>, id: string, expectedVersion: number, edit: PlanEdit, author: string, context: PlanContext): Promise<SuccessionChange[]> {
  const row = await lockPlan(trx, id, expectedVersion);
  const problems = planEditProblems(edit, fieldsOf(row));
  if (problems.length) throw new InvalidEditError(problems);
  for (const field of PLAN_FIELDS.filter((f) => edit[f] !== undefined)) await storeCorrection(trx, 'plan', id, field, edit[field], author);
  await bumpVersion(trx, id, expectedVersion);
  await applyPlanFields(trx, id, edit, context);
  return relinkAround(trx, row, id);
}

/** Drops the corrections of `fields` and puts the extractor's reading back; re-links successions. */
export async function revertPlanFields(trx: Transaction<Database>, id: string, expectedVersion: number, fields: PlanField[], context: PlanContext): Promise<SuccessionChange[]> {
  const row = await lockPlan(trx, id, expectedVersion);
  if (!fields.length) throw new InvalidEditError([{ field: 'fields', reason: { key: 'error.reason.fieldsToRevert' } }]);
  const extracted = row.extracted ?? fieldsOf(row);
  await trx.deleteFrom('corrections').where('entity', '=', 'plan').where('entity_id', '=', id).where('field', 'in', fields).execute();
  await bumpVersion(trx, id, expectedVersion);
  await applyPlanFields(trx, id, Object.fromEntries(fields.map((f) => [f, extracted[f]])), context);
  return relinkAround(trx, row, id);
}

/** Re-applies stored plan corrections after the plan's rows were written again (re-extraction, restore). */
export async function reapplyPlanCorrections(trx: Transaction<Database>, id: string, context: PlanContext): Promise<void> {
  const rows = await trx.selectFrom('corrections').select(['field', 'value']).where('entity', '=', 'plan').where('entity_id', '=', id).execute();
  if (rows.length) await applyPlanFields(trx, id, Object.fromEntries(rows.map((r) => [r.field, r.value])), context);
}

/** Progress updates and meetings recorded against a plan's commitments and mechanisms (removal would lose them). */
export async function planTrackingCounts(db: Kysely<Database>, id: string): Promise<{ updates: number; meetings: number }> {
  const { rows } = await sql<{ updates: number; meetings: number }>`select
    (select count(*)::int from progress_updates u join commitments c on c.id = u.commitment_id where c.plan_id = ${id}) as updates,
    (select count(*)::int from meetings m join mechanisms k on k.id = m.mechanism_id where k.plan_id = ${id}) as meetings`.execute(db);
  return rows[0] ?? { updates: 0, meetings: 0 };
}

/**
 * Deletes a plan and everything extracted for it (sections, commitments… by cascade); its document (the
 * original bytes) and its corrections are kept, so storing the same file again restores it as it was.
 * Re-links the successions it was part of. Returns its partnership, kind and title, or null when absent.
 */
export async function deletePlan(trx: Transaction<Database>, id: string): Promise<{ changes: SuccessionChange[]; documentId: string } | null> {
  const row = await trx.selectFrom('plans').select(['partnership_id', 'kind', 'document_id']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) return null;
  await trx.updateTable('plans').set({ supersedes: null }).where('supersedes', '=', id).execute();
  await trx.deleteFrom('plans').where('id', '=', id).execute();
  const changes = row.partnership_id ? await relinkSuccession(trx, row.partnership_id, row.kind) : [];
  return { changes, documentId: row.document_id };
}

/** A stored document without a plan (its plan was removed), with its bytes, or null. */
export async function orphanDocument(db: Kysely<Database>, planId: string): Promise<{ id: string; name: string; bytes: Uint8Array } | null> {
  // Plan ids are `p-` + the first 12 hex digits of the document's sha256 (write-plan.ts planIdFor).
  const prefix = /^p-([0-9a-f]{12})$/.exec(planId)?.[1];
  if (!prefix) return null;
  const doc = await db
    .selectFrom('documents as d')
    .select(['d.id', 'd.name', 'd.bytes'])
    .where('d.id', 'like', `${prefix}%`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('plans as p').select('p.id').whereRef('p.document_id', '=', 'd.id'))))
    .executeTakeFirst();
  return doc ?? null;
}

export interface DuplicateCandidate {
  planId: string;
  title: string | null;
  documentName: string;
  /** `same-document`: the same bytes (SHA-256); `near-identical`: same partnership and title, most commitments the same. */
  reason: 'same-document' | 'near-identical';
  /** Share of commitments worded the same in both (of the larger plan), 0–1. */
  overlap: number;
}

/** Commitment wording compared without case and spacing differences. */
const normalized = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** "Most commitments the same": more than half of the larger plan's commitments are worded the same in the other. */
export const NEAR_IDENTICAL_OVERLAP = 0.5;

/**
 * Plans already stored that a document duplicates: the same bytes, or the same partnership and title
 * (case and spacing aside) with most commitments worded the same. `exclude` leaves a plan out (itself).
 */
export async function findDuplicatePlans(
  db: Kysely<Database>,
  doc: { sha256: string | null; parties: string[]; title: string | null; commitments: string[]; exclude?: string },
  scope: ReadScope,
): Promise<DuplicateCandidate[]> {
  const found: DuplicateCandidate[] = [];
  if (doc.sha256) {
    const same = await db.selectFrom('plans as p').innerJoin('documents as d', 'd.id', 'p.document_id').select(['p.id', 'p.title', 'd.name']).where('p.document_id', '=', doc.sha256).where(sql<boolean>`${planReadable(scope)}`).execute();
    for (const p of same) if (p.id !== doc.exclude) found.push({ planId: p.id, title: p.title, documentName: p.name, reason: 'same-document', overlap: 1 });
  }
  const partnership = [...new Set(doc.parties)].sort().join('-');
  if (!doc.title?.trim() || !partnership) return found;
  const candidates = await db
    .selectFrom('plans as p')
    .innerJoin('documents as d', 'd.id', 'p.document_id')
    .select(['p.id', 'p.title', 'd.name'])
    .where('p.partnership_id', '=', partnership)
    .where(sql<boolean>`lower(regexp_replace(trim(p.title), '\\s+', ' ', 'g')) = ${normalized(doc.title)}`)
    .where(sql<boolean>`${planReadable(scope)}`)
    .execute();
  const mine = new Set(doc.commitments.map(normalized));
  for (const p of candidates) {
    if (p.id === doc.exclude || found.some((f) => f.planId === p.id)) continue;
    const theirs = new Set((await db.selectFrom('commitments').select('text').where('plan_id', '=', p.id).execute()).map((c) => normalized(c.text)));
    const shared = [...mine].filter((t) => theirs.has(t)).length;
    const larger = Math.max(mine.size, theirs.size);
    const overlap = larger === 0 ? 1 : shared / larger;
    if (overlap > NEAR_IDENTICAL_OVERLAP) found.push({ planId: p.id, title: p.title, documentName: p.name, reason: 'near-identical', overlap });
  }
  return found;
}

/** What carrying a plan's tracking over to another would do: the moves, and what has nowhere to go. */
export interface TrackingMove {
  /** Progress updates moved, from commitment to the same-worded commitment of the other plan. */
  updates: number;
  /** Meetings moved, from mechanism to the same-named mechanism of the other plan. */
  meetings: number;
  /** Commitments and mechanisms with records and no counterpart (nothing is moved when there is one). */
  unmatched: string[];
  /** Each record moved, with where it was and where it went: restoring the plan moves them back. */
  moved: MovedRecords;
}

/** Records carried from one plan's commitments (or mechanisms) to another's, by record id. */
export interface MovedRecords {
  updates: { id: string; from: string; to: string }[];
  meetings: { id: string; from: string; to: string }[];
}

/**
 * Moves the progress updates and meetings recorded against plan `from` to plan `into`: each commitment's to
 * the commitment of `into` worded the same (case and spacing aside), each mechanism's to the one named the
 * same; statuses of `into` are set again from their merged histories. Moves nothing when something has no
 * counterpart (listed in `unmatched`).
 */
export async function moveTracking(trx: Transaction<Database>, from: string, into: string): Promise<TrackingMove> {
  const [fromCommitments, intoCommitments, fromMechanisms, intoMechanisms] = await Promise.all([
    trx.selectFrom('commitments as c').innerJoin('progress_updates as u', 'u.commitment_id', 'c.id').select(['c.id', 'c.text']).distinct().where('c.plan_id', '=', from).execute(),
    trx.selectFrom('commitments').select(['id', 'text']).where('plan_id', '=', into).execute(),
    trx.selectFrom('mechanisms as m').innerJoin('meetings as x', 'x.mechanism_id', 'm.id').select(['m.id', 'm.name']).distinct().where('m.plan_id', '=', from).execute(),
    trx.selectFrom('mechanisms').select(['id', 'name']).where('plan_id', '=', into).execute(),
  ]);
  const commitmentOf = new Map(intoCommitments.map((c) => [normalized(c.text), c.id]));
  const mechanismOf = new Map(intoMechanisms.map((m) => [normalized(m.name), m.id]));
  const unmatched = [
    ...fromCommitments.filter((c) => !commitmentOf.has(normalized(c.text))).map((c) => c.text),
    ...fromMechanisms.filter((m) => !mechanismOf.has(normalized(m.name))).map((m) => m.name),
  ];
  if (unmatched.length) return { updates: 0, meetings: 0, unmatched, moved: { updates: [], meetings: [] } };
  const moved: MovedRecords = { updates: [], meetings: [] };
  for (const c of fromCommitments) {
    const target = commitmentOf.get(normalized(c.text))!;
    const rows = await trx.updateTable('progress_updates').set({ commitment_id: target }).where('commitment_id', '=', c.id).returning('id').execute();
    moved.updates.push(...rows.map((r) => ({ id: r.id, from: c.id, to: target })));
    await restateStatus(trx, target);
  }
  for (const m of fromMechanisms) {
    const target = mechanismOf.get(normalized(m.name))!;
    const rows = await trx.updateTable('meetings').set({ mechanism_id: target }).where('mechanism_id', '=', m.id).returning('id').execute();
    moved.meetings.push(...rows.map((r) => ({ id: r.id, from: m.id, to: target })));
  }
  return { updates: moved.updates.length, meetings: moved.meetings.length, unmatched: [], moved };
}

/**
 * Moves records a merge carried over back to plan `planId` (the merged plan, restored): each to the commitment
 * or mechanism it came from — by id, else (re-extraction may number them anew) the one of `planId` worded the
 * same as where the merge put it. A record goes back only while it is still where the merge put it (not
 * withdrawn, deleted or moved again since); statuses on both sides are set again. Returns what went back,
 * `from` being where each record is now.
 */
export async function moveTrackingBack(trx: Transaction<Database>, planId: string, moved: MovedRecords): Promise<MovedRecords> {
  const [commitments, mechanisms, targets, targetMechanisms] = await Promise.all([
    trx.selectFrom('commitments').select(['id', 'text']).where('plan_id', '=', planId).execute(),
    trx.selectFrom('mechanisms').select(['id', 'name']).where('plan_id', '=', planId).execute(),
    moved.updates.length ? trx.selectFrom('commitments').select(['id', 'text']).where('id', 'in', moved.updates.map((u) => u.to)).execute() : [],
    moved.meetings.length ? trx.selectFrom('mechanisms').select(['id', 'name']).where('id', 'in', moved.meetings.map((m) => m.to)).execute() : [],
  ]);
  const home = (own: { id: string; text: string }[], there: { id: string; text: string }[]) => {
    const ids = new Set(own.map((o) => o.id));
    const byText = new Map(own.map((o) => [normalized(o.text), o.id]));
    const textOf = new Map(there.map((t) => [t.id, normalized(t.text)]));
    return (r: { from: string; to: string }) => (ids.has(r.from) ? r.from : byText.get(textOf.get(r.to) ?? ''));
  };
  const commitmentFor = home(commitments, targets);
  const mechanismFor = home(mechanisms.map((m) => ({ id: m.id, text: m.name })), targetMechanisms.map((m) => ({ id: m.id, text: m.name })));
  const back: MovedRecords = { updates: [], meetings: [] };
  for (const u of moved.updates) {
    const to = commitmentFor(u);
    if (!to) continue;
    const done = await trx.updateTable('progress_updates').set({ commitment_id: to }).where('id', '=', u.id).where('commitment_id', '=', u.to).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 1) back.updates.push({ id: u.id, from: u.to, to });
  }
  for (const m of moved.meetings) {
    const to = mechanismFor(m);
    if (!to) continue;
    const done = await trx.updateTable('meetings').set({ mechanism_id: to }).where('id', '=', m.id).where('mechanism_id', '=', m.to).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 1) back.meetings.push({ id: m.id, from: m.to, to });
  }
  for (const id of new Set(back.updates.flatMap((u) => [u.from, u.to]))) await restateStatus(trx, id);
  return back;
}

/** A plan taken out of the register whose file is kept: its id, file, and who removed it when (from the event log). */
export interface RemovedPlan {
  planId: string;
  documentName: string;
  title: string | null;
  removedAt: string | null;
  removedBy: string | null;
  /** `remove`, or `merge` (its tracking carried over to `into`). */
  action: string | null;
  into: string | null;
}

/** Every removed plan whose file is kept (so it can be restored), most recently removed first. */
export async function removedPlans(db: Kysely<Database>): Promise<RemovedPlan[]> {
  const docs = await db
    .selectFrom('documents as d')
    .select(['d.id', 'd.name'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('plans as p').select('p.id').whereRef('p.document_id', '=', 'd.id'))))
    .execute();
  if (!docs.length) return [];
  // Plan ids are `p-` + the first 12 hex digits of the document's sha256 (write-plan.ts planIdFor).
  const ids = docs.map((d) => `p-${d.id.slice(0, 12)}`);
  const events = await db.selectFrom('events').select(['entity_id', 'at', 'actor', 'action', 'before', 'after']).where('entity', '=', 'plan').where('action', 'in', ['remove', 'merge']).where('entity_id', 'in', ids).orderBy('id', 'desc').execute();
  const out = docs.map((d, i): RemovedPlan => {
    const event = events.find((e) => e.entity_id === ids[i]);
    const before = (event?.before ?? {}) as { title?: string | null };
    const after = (event?.after ?? {}) as { into?: string };
    return {
      planId: ids[i]!,
      documentName: d.name,
      title: before.title ?? null,
      removedAt: event ? new Date(event.at).toISOString() : null,
      removedBy: event?.actor ?? null,
      action: event?.action ?? null,
      into: after.into ?? null,
    };
  });
  return out.sort((a, b) => (b.removedAt ?? '').localeCompare(a.removedAt ?? ''));
}
