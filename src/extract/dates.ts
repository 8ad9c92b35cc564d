// Date expressions in English and Japanese text, read to ISO dates as precise as the text gives them.
// Shared by metadata (period, signing), instruments (dates near a title) and provisions.
import type { IsoDate, Span } from '../types.js';

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const MONTH_ABBR = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "March", "Mar.", "Sept" (the month alternation of every pattern below). */
const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`;
const ORD = String.raw`(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:1[89]\d\d|2[01]\d\d)`;

/**
 * Every date form we read, most precise first (one alternation so one scan finds them all):
 * - `dmy`  "7th November 2024", "27 May 2003", "1 March, 2025"
 * - `mdy`  "March 7th 2023", "May 4, 2023", "May 20, 2023"
 * - `iso`  "2024-06-14", "2024/6/14"
 * - `jp`   "2024年6月14日", "2024年6月", "2024年"
 * - `era`  "令和6年6月14日", "平成元年"
 * - `my`   "December 2023", "March, 2022"
 * - `y`    "2023" (a bare year; callers decide whether a bare year is wanted)
 */
const DATE_SOURCE = [
  String.raw`(?<dmyD>\d{1,2})${ORD}\s+(?:of\s+)?(?<dmyM>${MONTH}),?\s+(?<dmyY>${YEAR})\b`,
  String.raw`(?<mdyM>${MONTH})\s+(?<mdyD>\d{1,2})${ORD},?\s+(?<mdyY>${YEAR})\b`,
  String.raw`(?<isoY>${YEAR})[-/](?<isoM>\d{1,2})[-/](?<isoD>\d{1,2})\b`,
  String.raw`(?<jpY>${YEAR})\s*年(?:\s*(?<jpM>\d{1,2})\s*月(?:\s*(?<jpD>\d{1,2})\s*日)?)?`,
  String.raw`(?<era>令和|平成|昭和)\s*(?<eraY>\d{1,2}|元)\s*年(?:\s*(?<eraM>\d{1,2})\s*月(?:\s*(?<eraD>\d{1,2})\s*日)?)?`,
  String.raw`\b(?<myM>${MONTH}),?\s+(?<myY>${YEAR})\b`,
  String.raw`\b(?<y>${YEAR})\b`,
].join('|');

const DATE_RE = new RegExp(DATE_SOURCE, 'giu');
const WHOLE_DATE_RE = new RegExp(String.raw`^\s*(?:${DATE_SOURCE})\s*$`, 'iu');

/** First year of each Japanese era (Gregorian year = start + era year − 1). */
const ERA_START: Record<string, number> = { 令和: 2019, 平成: 1989, 昭和: 1926 };

export interface FoundDate {
  date: IsoDate;
  /** 'day' | 'month' | 'year': how precise the text was. */
  precision: 'day' | 'month' | 'year';
  span: Span;
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthNumber(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const full = MONTHS.indexOf(lower);
  if (full >= 0) return full + 1;
  return MONTH_ABBR.indexOf(lower.slice(0, 3)) + 1;
}

function build(year: number, month?: number, day?: number): { date: IsoDate; precision: FoundDate['precision'] } | null {
  if (month === undefined) return { date: String(year), precision: 'year' };
  if (month < 1 || month > 12) return null;
  if (day === undefined) return { date: `${year}-${pad(month)}`, precision: 'month' };
  if (day < 1 || day > 31) return null;
  return { date: `${year}-${pad(month)}-${pad(day)}`, precision: 'day' };
}

function fromGroups(g: Record<string, string | undefined>): { date: IsoDate; precision: FoundDate['precision'] } | null {
  if (g.dmyY) return build(+g.dmyY, monthNumber(g.dmyM!), +g.dmyD!);
  if (g.mdyY) return build(+g.mdyY, monthNumber(g.mdyM!), +g.mdyD!);
  if (g.isoY) return build(+g.isoY, +g.isoM!, +g.isoD!);
  if (g.jpY) return build(+g.jpY, g.jpM ? +g.jpM : undefined, g.jpD ? +g.jpD : undefined);
  if (g.era) {
    const year = ERA_START[g.era]! + (g.eraY === '元' ? 1 : +g.eraY!) - 1;
    return build(year, g.eraM ? +g.eraM : undefined, g.eraD ? +g.eraD : undefined);
  }
  if (g.myY) return build(+g.myY, monthNumber(g.myM!));
  if (g.y) return build(+g.y);
  return null;
}

/**
 * All dates in `text[from, to)`, in order. Bare years are included unless `withYears` is false.
 * Example: findDates("signed on 7th November 2024") → [{date: "2024-11-07", precision: "day", …}].
 */
export function findDates(text: string, from = 0, to = text.length, withYears = true): FoundDate[] {
  const out: FoundDate[] = [];
  const re = DATE_RE;
  re.lastIndex = 0;
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const parsed = fromGroups(m.groups ?? {});
    if (!parsed) continue;
    if (!withYears && parsed.precision === 'year') continue;
    out.push({ ...parsed, span: { start: from + m.index, end: from + m.index + m[0].length } });
  }
  return out;
}

/** Parses a string that is only a date ("14th June 2024", "令和6年6月14日", "2023"), else null. */
export function parseDate(value: string): IsoDate | null {
  const m = WHOLE_DATE_RE.exec(value);
  return m ? (fromGroups(m.groups ?? {})?.date ?? null) : null;
}

/** The more precise of two dates describing the same thing ("2025-03-01" beats "2025"). */
export function morePrecise(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (!a) return b;
  if (!b) return a;
  return b.length > a.length ? b : a;
}
