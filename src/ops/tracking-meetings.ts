// Mechanism meetings: recording one (with an audit event), listing when each mechanism is next due,
// and the iCalendar feed of due meetings, plan expiries and dated instruments.
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { InvalidUpdateError, KizunaError, NotFoundError, type Said } from '../errors.js';
import { allMechanisms, allPlansBrief, datedCommitments, datedInstruments, deleteMeeting, doneBetween, getMechanism, getMeeting, insertMeeting, latestEventOf, meetingOrigin, meetingsOf, reinsertMeeting, saveEvidenceFile, updateMeeting, type MeetingRecordOrigin } from '../store/tracking.js';
import type { EvidenceInput } from './tracking-status.js';
import { boundDay, nextDue, todayUtc, type CadenceOptions, type DueInfo } from '../track/cadence.js';
import { isIsoDay } from '../track/status.js';
import { findDates } from '../dates.js';
import { buildCalendar, type CalendarEvent } from '../track/ical.js';
import type { Meeting } from '../track/model.js';
import type { ReadScope } from '../store/scope.js';
import { LOCAL_ADMINISTRATOR, type Principal, type Visibility } from '../auth/principal.js';
import { visibilityFor } from './visibility.js';

export interface RecordMeetingInput {
  mechanismId: string;
  date: string;
  place?: string | null;
  level?: string | null;
  outcome?: string | null;
  participants?: string | null;
  /** The minutes as a link or a file (kept by its SHA-256, downloadable from /api/evidence/{sha256}). */
  minutes?: EvidenceInput | null;
  author: string;
  /** Who may read the record (default: the partnership's default visibility). */
  visibility?: Visibility;
  /** Who is recording it: decides its side (default: the local administrator). */
  principal?: Principal;
}

/** What is wrong with a meeting's date, author and minutes link (empty when it can be kept). */
function meetingProblems(input: { date: string; author: string; minutes?: EvidenceInput | null }, now: Date): Said[] {
  const problems: Said[] = [];
  if (!isIsoDay(input.date)) problems.push({ key: 'error.meeting.notDay', params: { date: input.date } });
  else if (input.date > todayUtc(now)) problems.push({ key: 'error.meeting.future', params: { date: input.date } });
  if (!input.author.trim()) problems.push({ key: 'error.progress.authorEmpty' });
  // http(s) links only: "https://www.mofa.go.jp/…" matches, "javascript:…" does not.
  if (input.minutes?.kind === 'url' && !/^https?:\/\/[^\s/]+/i.test(input.minutes.url)) problems.push({ key: 'error.meeting.minutesUrl', params: { url: input.minutes.url } });
  return problems;
}

/** The minutes as stored (a file by its SHA-256, saved in the transaction), or null. */
async function storeMinutes(trx: Kysely<Database>, minutes: EvidenceInput | null | undefined): Promise<Meeting['minutes']> {
  if (minutes?.kind === 'file') {
    const sha256 = createHash('sha256').update(minutes.bytes).digest('hex');
    await saveEvidenceFile(trx, { sha256, name: minutes.name, mediaType: minutes.mediaType ?? null, bytes: minutes.bytes });
    return { kind: 'file', name: minutes.name, sha256, ...(minutes.mediaType ? { mediaType: minutes.mediaType } : {}) };
  }
  return minutes?.kind === 'url' ? { kind: 'url', url: minutes.url } : null;
}

/** Records a meeting of a mechanism; the date must be a real day, not in the future. */
export async function recordMeeting(store: Store, input: RecordMeetingInput, now = new Date()): Promise<Meeting> {
  const problems = meetingProblems(input, now);
  if (problems.length) throw new InvalidUpdateError(problems);
  return store.db.transaction().execute(async (trx) => {
    const meeting: Meeting = {
      id: randomUUID(),
      mechanismId: input.mechanismId,
      date: input.date,
      place: input.place?.trim() || null,
      level: input.level?.trim() || null,
      outcome: input.outcome?.trim() || null,
      participants: input.participants?.trim() || null,
      minutes: await storeMinutes(trx, input.minutes),
    };
    return applyMeeting(trx, meeting, input.author, input.principal, input.visibility);
  });
}

/** A correction of a meeting record: the fields given replace the recorded ones (`minutes: null` drops them). */
export type MeetingCorrection = Partial<Pick<RecordMeetingInput, 'date' | 'place' | 'level' | 'outcome' | 'participants' | 'minutes'>>;

/**
 * Corrects a meeting record in place (a wrong date, place or minutes), audited with the record before and
 * after; the same rules as recording one. Throws NotFoundError or InvalidUpdateError.
 */
export async function correctMeetingRecord(store: Store, id: string, correction: MeetingCorrection, author: string, now = new Date()): Promise<Meeting> {
  return store.db.transaction().execute(async (trx) => {
    const before = await getMeeting(trx, id);
    if (!before) throw new NotFoundError('meeting', id);
    const date = correction.date ?? before.date;
    const problems = meetingProblems({ date, author, minutes: correction.minutes }, now);
    if (problems.length) throw new InvalidUpdateError(problems);
    const text = (value: string | null | undefined, was: string | null) => (value === undefined ? was : value?.trim() || null);
    const after: Meeting = {
      ...before,
      date,
      place: text(correction.place, before.place),
      level: text(correction.level, before.level),
      outcome: text(correction.outcome, before.outcome),
      participants: text(correction.participants, before.participants ?? null),
      minutes: correction.minutes === undefined ? before.minutes : await storeMinutes(trx, correction.minutes),
    };
    await updateMeeting(trx, after);
    await appendEvent(trx, { actor: author, entity: 'meeting', entityId: id, action: 'correct', before, after });
    return after;
  });
}

/** One meeting record `scope` may read, with its mechanism's name and plan (for the correction form). */
export async function meetingRecord(store: Store, id: string, scope: ReadScope): Promise<{ meeting: Meeting; mechanism: { name: string; planId: string } }> {
  const meeting = await getMeeting(store.db, id, scope);
  const mechanism = meeting ? await getMechanism(store.db, meeting.mechanismId) : null;
  if (!meeting || !mechanism) throw new NotFoundError('meeting', id);
  return { meeting, mechanism };
}

/**
 * Deletes a meeting record (recorded twice, or by mistake), audited with the record as it was — with who
 * recorded it, when, and its partnership, so that `undoMeetingChange` can write it back exactly.
 */
export async function deleteMeetingRecord(store: Store, id: string, author: string): Promise<Meeting> {
  return store.db.transaction().execute(async (trx) => {
    const meeting = await getMeeting(trx, id);
    const origin = await meetingOrigin(trx, id);
    if (!meeting || !origin || !(await deleteMeeting(trx, id))) throw new NotFoundError('meeting', id);
    await appendEvent(trx, { actor: author, entity: 'meeting', entityId: id, action: 'delete', before: { ...meeting, origin } });
    return meeting;
  });
}

/**
 * Undoes the last change to a meeting record of `mechanismId` — its deletion or its correction — when `author`
 * made it and nothing changed the record since: the record is written back exactly as it was, audited as
 * `undo-delete` or `undo-correct`. Throws NotFoundError (no such change) or a conflict (someone else's change,
 * or already undone).
 */
export async function undoMeetingChange(store: Store, mechanismId: string, id: string, author: string): Promise<{ undone: 'delete' | 'correct'; meeting: Meeting }> {
  return store.db.transaction().execute(async (trx) => {
    const last = await latestEventOf(trx, 'meeting', id);
    const before = last?.before as (Meeting & { origin?: MeetingRecordOrigin }) | null | undefined;
    if (!last || !before || before.mechanismId !== mechanismId || (last.action !== 'delete' && last.action !== 'correct')) throw new NotFoundError('change to undo of meeting', id);
    if (last.actor !== author) throw new KizunaError('conflict', { key: 'error.meeting.undoOthers', params: { id, actor: last.actor } });
    const { origin, ...meeting } = before;
    if (last.action === 'delete') {
      // Deletions audited before the record's origin was kept cannot be written back exactly.
      if (!origin) throw new KizunaError('conflict', { key: 'error.meeting.deletedTooEarly', params: { id } });
      await reinsertMeeting(trx, meeting, origin);
      await appendEvent(trx, { actor: author, entity: 'meeting', entityId: id, action: 'undo-delete', after: meeting });
      return { undone: 'delete' as const, meeting };
    }
    const now = await getMeeting(trx, id);
    if (!now) throw new NotFoundError('meeting', id);
    await updateMeeting(trx, meeting);
    await appendEvent(trx, { actor: author, entity: 'meeting', entityId: id, action: 'undo-correct', before: now, after: meeting });
    return { undone: 'correct' as const, meeting };
  });
}

/** The meetings recorded for some mechanisms that `scope` may read, newest first. */
export async function recordedMeetings(store: Store, mechanismIds: string[], scope: ReadScope): Promise<Meeting[]> {
  return (await meetingsOf(store.db, mechanismIds, scope)).reverse();
}

/** Writes a meeting and its event inside the caller's transaction (also used by accepting a link). */
export async function applyMeeting(trx: Kysely<Database>, meeting: Meeting, author: string, principal: Principal = LOCAL_ADMINISTRATOR, visibility?: Visibility): Promise<Meeting> {
  if (!(await getMechanism(trx, meeting.mechanismId))) throw new NotFoundError('mechanism', meeting.mechanismId);
  const seen = await visibilityFor(trx, { mechanism: meeting.mechanismId }, principal, visibility);
  const stored = { ...meeting, side: seen.side, visibility: seen.visibility };
  await insertMeeting(trx, meeting, author, seen);
  await appendEvent(trx, { actor: author, entity: 'meeting', entityId: meeting.id, action: 'record', after: stored });
  return stored;
}

export type { DoneItem } from '../store/tracking.js';

/** How far back "recently done" looks by default, and the windows the tracking page offers (days). */
export const RECENT_DAYS = 30;
export const RECENT_WINDOWS = [7, 30, 90, 365] as const;

/**
 * What was done in the last `days` days up to today (UTC): progress updates marking a commitment completed and
 * meetings held, as `scope` may read them (filtered in the store like every other list), newest first.
 */
export async function recentlyDone(store: Store, scope: ReadScope, now = new Date(), days = RECENT_DAYS) {
  const today = todayUtc(now);
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return doneBetween(store.db, scope, since, today);
}

export interface MechanismDue extends DueInfo {
  mechanismId: string;
  name: string;
  cadence: string;
  planId: string;
  planTitle: string | null;
  partner: string | null;
  partnershipId: string | null;
}

/** Every mechanism of the plans `scope` may read with its next due date and state (from the meetings it may read), soonest (and overdue) first. */
export async function dueMeetings(store: Store, scope: ReadScope, now = new Date(), options: CadenceOptions = {}): Promise<MechanismDue[]> {
  const today = todayUtc(now);
  const mechanisms = await allMechanisms(store.db, scope);
  const meetings = await meetingsOf(store.db, mechanisms.map((m) => m.id), scope);
  const rows = mechanisms.map((m) => ({
    mechanismId: m.id,
    name: m.name,
    cadence: m.cadence,
    planId: m.planId,
    planTitle: m.planTitle,
    partner: m.partner,
    partnershipId: m.partnershipId,
    ...nextDue(
      { cadence: m.cadence, meetings: meetings.filter((x) => x.mechanismId === m.id).map((x) => x.date), planStart: boundDay(m.periodStart, 'start'), planEnd: boundDay(m.periodEnd, 'end') },
      today,
      options,
    ),
  }));
  return rows.sort((a, b) => (a.nextDue ?? '9999').localeCompare(b.nextDue ?? '9999') || a.mechanismId.localeCompare(b.mechanismId));
}

/**
 * The iCalendar feed: next due meeting of each scheduled mechanism, each plan's expiry, instruments with a
 * day date, and commitments whose text names a day still to come.
 */
export async function meetingsCalendar(store: Store, scope: ReadScope, now = new Date(), options: CadenceOptions = {}): Promise<string> {
  const events: CalendarEvent[] = [];
  for (const due of await dueMeetings(store, scope, now, options)) {
    if (!due.nextDue) continue;
    events.push({
      uid: `due-${due.mechanismId}-${due.nextDue}@kizuna`,
      date: due.nextDue,
      summary: `${due.state === 'overdue' ? 'Overdue: ' : 'Due: '}${due.name}`,
      description: `${due.cadence} meeting under ${due.planTitle ?? due.planId}; last met ${due.lastMeeting ?? 'never'}.`,
      categories: ['meeting'],
    });
  }
  for (const plan of await allPlansBrief(store.db, scope)) {
    const end = boundDay(plan.periodEnd, 'end');
    if (end) events.push({ uid: `expiry-${plan.id}@kizuna`, date: end, summary: `Plan expires: ${plan.title ?? plan.id}`, categories: ['expiry'] });
  }
  const instruments = await datedInstruments(store.db, scope);
  for (const i of instruments) {
    if (i.date && isIsoDay(i.date)) events.push({ uid: `instrument-${i.id}@kizuna`, date: i.date, summary: i.title, categories: ['instrument'] });
  }
  // dated commitments: a day-precise date in the text ("by 7th November 2027") still to come
  const dated = await datedCommitments(store.db, scope);
  const today = todayUtc(now);
  for (const c of dated) {
    for (const found of findDates(c.text)) {
      if (found.precision !== 'day' || found.date < today) continue;
      events.push({ uid: `commitment-${c.id}-${found.date}@kizuna`, date: found.date, summary: c.text.length > 120 ? `${c.text.slice(0, 119)}…` : c.text, description: c.text, categories: ['commitment'] });
    }
  }
  return buildCalendar(events, { name: 'Kizuna: meetings and deadlines', now });
}
