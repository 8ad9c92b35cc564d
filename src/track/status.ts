// The implementation status scale of a commitment, which changes it may make, and what a valid
// progress update (the only way a status changes) must carry.
import type { Said } from '../errors.js';

/**
 * - `not_started`: nothing reported yet (every commitment starts here).
 * - `in_progress_limited` / `in_progress_substantial`: work under way, with little or much to show.
 * - `completed`: the deliverable exists (a document signed, a body established, an event held once).
 * - `ongoing`: a standing activity that is being carried out (a dialogue that meets, an exchange that runs).
 * - `withdrawn`: the partners dropped it.
 */
export const STATUSES = [
  'not_started',
  'in_progress_limited',
  'in_progress_substantial',
  'completed',
  'ongoing',
  'withdrawn',
] as const;

export type ImplementationStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<ImplementationStatus, { en: string; ja: string }> = {
  not_started: { en: 'Not started', ja: '未着手' },
  in_progress_limited: { en: 'In progress (limited)', ja: '進行中（限定的）' },
  in_progress_substantial: { en: 'In progress (substantial)', ja: '進行中（相当程度）' },
  completed: { en: 'Completed', ja: '完了' },
  ongoing: { en: 'Ongoing', ja: '継続中' },
  withdrawn: { en: 'Withdrawn', ja: '取り下げ' },
};

export function isStatus(value: unknown): value is ImplementationStatus {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/**
 * Which status may follow which. An update may always keep the status (new evidence, a note).
 * Nothing returns to `not_started`; `withdrawn` is final; `completed` may only turn `ongoing`
 * (a one-off that became a standing activity, e.g. a dialogue launched then held every year);
 * progress may fall back from substantial to limited, because work does stall.
 */
const NEXT: Record<ImplementationStatus, readonly ImplementationStatus[]> = {
  not_started: ['in_progress_limited', 'in_progress_substantial', 'completed', 'ongoing', 'withdrawn'],
  in_progress_limited: ['in_progress_substantial', 'completed', 'ongoing', 'withdrawn'],
  in_progress_substantial: ['in_progress_limited', 'completed', 'ongoing', 'withdrawn'],
  completed: ['ongoing'],
  ongoing: ['completed', 'withdrawn'],
  withdrawn: [],
};

export function canTransition(from: ImplementationStatus, to: ImplementationStatus): boolean {
  return from === to ? from !== 'not_started' : NEXT[from].includes(to);
}

/** A link or an uploaded file supporting an update. Files are kept by content hash. */
export type Evidence =
  | { kind: 'url'; url: string; title?: string }
  | { kind: 'file'; name: string; sha256: string; mediaType?: string };

export interface ProgressUpdateInput {
  status: ImplementationStatus;
  /** The day the progress happened (or was observed): `YYYY-MM-DD`. */
  date: string;
  note: string;
  evidence: Evidence[];
  author: string;
}

export interface PreviousState {
  status: ImplementationStatus;
  /** Date of the latest update, if any. */
  date: string | null;
}

export const MAX_NOTE_LENGTH = 4000;

/** A calendar date `YYYY-MM-DD` that exists (no 2025-02-30). */
export function isIsoDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * Every reason `update` may not follow `previous` (empty when it may), each a catalog message so the person
 * answering reads it in their language (EN+JA; see errors.ts). `today` bounds the date:
 * progress cannot be reported for a day that has not come. Updates are kept in date order, so an
 * update older than the latest one is refused (record it with its real date before the later ones).
 * `completed` needs evidence, since it is the claim a review relies on most.
 */
export function validateProgressUpdate(update: ProgressUpdateInput, previous: PreviousState, today: string): Said[] {
  const problems: Said[] = [];
  if (!isStatus(update.status)) problems.push({ key: 'error.progress.unknownStatus', params: { status: String(update.status), expected: STATUSES.join(', ') } });
  else if (!canTransition(previous.status, update.status)) {
    problems.push({ key: 'error.progress.transition', params: { from: { key: `error.status.${previous.status}` }, to: { key: `error.status.${update.status}` } } });
  }
  if (!isIsoDay(update.date)) problems.push({ key: 'error.progress.notDay', params: { date: update.date } });
  else {
    if (update.date > today) problems.push({ key: 'error.progress.future', params: { date: update.date } });
    if (previous.date && update.date < previous.date) {
      problems.push({ key: 'error.progress.beforeLatest', params: { date: update.date, latest: previous.date } });
    }
  }
  if (!update.note.trim()) problems.push({ key: 'error.progress.noteEmpty' });
  else if (update.note.length > MAX_NOTE_LENGTH) problems.push({ key: 'error.progress.noteTooLong', params: { n: MAX_NOTE_LENGTH } });
  if (!update.author.trim()) problems.push({ key: 'error.progress.authorEmpty' });
  for (const item of update.evidence) {
    if (item.kind === 'url') {
      if (!/^https?:\/\/[^\s/]+/i.test(item.url)) problems.push({ key: 'error.progress.evidenceUrl', params: { url: item.url } });
    } else if (!/^[0-9a-f]{64}$/.test(item.sha256) || !item.name.trim()) {
      problems.push({ key: 'error.progress.evidenceFile', params: { name: item.name } });
    }
  }
  if (update.status === 'completed' && update.evidence.length === 0 && previous.status !== 'completed') {
    problems.push({ key: 'error.progress.completedNeedsEvidence' });
  }
  return problems;
}
