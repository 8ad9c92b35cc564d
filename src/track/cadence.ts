// When a mechanism (dialogue, consultation, committee) is next due to meet, from its cadence and the
// meetings held so far, and whether it is due soon or overdue.
import type { Cadence } from '../types.js';

export interface CadenceOptions {
  /**
   * How many months "regular" means. Plans say "regular consultations" without a number; the
   * common practice (and the default here) is to read it as yearly. Set per deployment.
   */
  regularMonths?: number;
  /** A meeting due within this many days is "due soon". Default 60. */
  dueSoonDays?: number;
}

export interface MechanismSchedule {
  cadence: Cadence;
  /** Dates (`YYYY-MM-DD`) of meetings held, any order. */
  meetings: string[];
  /** The plan's period: the first meeting is expected one interval after the start. */
  planStart: string | null;
  planEnd: string | null;
}

export type DueState = 'overdue' | 'due_soon' | 'scheduled' | 'not_due' | 'plan_ended' | 'unscheduled';

export interface DueInfo {
  /** Months between meetings, or null when the cadence sets none (`once`, `unspecified`). */
  intervalMonths: number | null;
  lastMeeting: string | null;
  /** When the next meeting should take place at the latest; null when nothing is due. */
  nextDue: string | null;
  state: DueState;
  /** Days from today to nextDue (negative when overdue). */
  daysLeft: number | null;
}

/** Months between meetings for a cadence: annual 12, biennial 24, regular as configured (12). */
export function intervalMonths(cadence: Cadence, options: CadenceOptions = {}): number | null {
  switch (cadence) {
    case 'annual':
      return 12;
    case 'biennial':
      return 24;
    case 'regular':
      return options.regularMonths ?? 12;
    case 'once':
    case 'unspecified':
      return null;
  }
}

/** `addMonths('2024-01-31', 1)` → `'2024-02-29'`: the day is clamped to the month's end. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * An ISO date of any precision as a day: the first day of its year or month for a start
 * (`'2023'` → `'2023-01-01'`), the last for an end (`'2028'` → `'2028-12-31'`, `'2024-02'` → `'2024-02-29'`).
 */
export function boundDay(date: string | null, side: 'start' | 'end'): string | null {
  if (!date) return null;
  if (/^\d{4}$/.test(date)) return side === 'start' ? `${date}-01-01` : `${date}-12-31`;
  if (/^\d{4}-\d{2}$/.test(date)) return side === 'start' ? `${date}-01` : lastDayOf(date);
  return date;
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The rule, per cadence:
 * - annual / biennial / regular: the next meeting is due one interval after the last one, or one
 *   interval after the plan starts when none has been held; nothing is due after the plan ends.
 * - once: due by the plan's end until it has met once; then nothing more.
 * - unspecified: never due (`unscheduled`), since the plan promised no rhythm.
 * `overdue` when today is past the due date, `due_soon` within `dueSoonDays` of it.
 */
export function nextDue(schedule: MechanismSchedule, today: string, options: CadenceOptions = {}): DueInfo {
  const interval = intervalMonths(schedule.cadence, options);
  const meetings = schedule.meetings.filter((d) => d <= today).sort();
  const lastMeeting = meetings[meetings.length - 1] ?? null;
  const base = { intervalMonths: interval, lastMeeting };
  let due: string | null = null;
  if (schedule.cadence === 'once') {
    if (lastMeeting) return { ...base, nextDue: null, state: 'not_due', daysLeft: null };
    due = schedule.planEnd;
  } else if (interval !== null) {
    const from = lastMeeting ?? schedule.planStart;
    due = from ? addMonths(from, interval) : null;
    if (due && schedule.planEnd && due > schedule.planEnd) {
      return { ...base, nextDue: null, state: 'plan_ended', daysLeft: null };
    }
  }
  if (!due) return { ...base, nextDue: null, state: 'unscheduled', daysLeft: null };
  const daysLeft = daysBetween(today, due);
  const soon = options.dueSoonDays ?? 60;
  const state: DueState = daysLeft < 0 ? 'overdue' : daysLeft <= soon ? 'due_soon' : 'scheduled';
  return { ...base, nextDue: due, state, daysLeft };
}

/**
 * Whether a mechanism met as its plan promised over a review period: it did not when, looking from
 * the end of the period (or today, if earlier) with only the meetings held by then, it is overdue.
 */
export function metAsPromised(schedule: MechanismSchedule, periodEnd: string, options: CadenceOptions = {}): boolean {
  return nextDue(schedule, periodEnd, options).state !== 'overdue';
}
