// Dates as readouts print them: Japanese era years (令和6年5月1日), Western years in Japanese (2024年5月1日),
// full-width and kanji digits, ISO and English forms ("7th November 2024", "May 1, 2024"), as ISO dates.
import type { IsoDate, Span } from '../types.js';

/** First Gregorian year of each modern era; year 1 of an era (元年) is that year. */
const ERAS: Record<string, number> = { 明治: 1868, 大正: 1912, 昭和: 1926, 平成: 1989, 令和: 2019 };

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const MONTH_ABBREVIATIONS = MONTHS.map((m) => m.slice(0, 3));

export interface FoundDate {
  date: IsoDate;
  precision: 'year' | 'month' | 'day';
  span: Span;
  /** The date as printed. */
  text: string;
}

/** Full-width digits (２０２４) → ASCII; NFKC would also change other characters and so shift spans. */
function asciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A number written in ASCII digits or kanji up to 99 (六 → 6, 十二 → 12, 二十三 → 23, 元 → 1). */
export function parseJapaneseNumber(text: string): number | null {
  if (text === '元') return 1;
  if (/^\d+$/.test(text)) return Number(text);
  // e.g. 二十三: optional tens digit, 十, optional units digit
  const tens = /^([一二三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(text);
  if (tens) return (tens[1] ? KANJI_DIGITS[tens[1]]! : 1) * 10 + (tens[2] ? KANJI_DIGITS[tens[2]]! : 0);
  if (/^[〇一二三四五六七八九]+$/.test(text)) return Number([...text].map((c) => KANJI_DIGITS[c]).join(''));
  return null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month?: number, day?: number): { date: IsoDate; precision: FoundDate['precision'] } | null {
  if (year < 1800 || year > 2200) return null;
  const y = String(year).padStart(4, '0');
  if (month === undefined) return { date: y, precision: 'year' };
  if (month < 1 || month > 12) return null;
  const m = String(month).padStart(2, '0');
  if (day === undefined) return { date: `${y}-${m}`, precision: 'month' };
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { date: `${y}-${m}-${String(day).padStart(2, '0')}`, precision: 'day' };
}

const NUM = '[0-9０-９〇一二三四五六七八九十]{1,4}';
// 令和6年5月1日, 令和元年, 平成31年4月, 2024年5月1日, ２０２４年５月
const JAPANESE_DATE = new RegExp(
  `(?:(明治|大正|昭和|平成|令和)(元|${NUM})|([0-9０-９]{4}))年(?:\\s*(${NUM})月(?:\\s*(${NUM})日)?)?`,
  'gu',
);
// 2024-05-01, 2024/5/1
const NUMERIC_DATE = /\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b/g;
const MONTH_NAME = `(${MONTHS.join('|')}|${MONTH_ABBREVIATIONS.join('|')})\\.?`;
// 7th November 2024, 1 May 2024
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME}\\s*,?\\s+(\\d{4})\\b`, 'gi');
// May 1, 2024; November 7th 2024; May 2024
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH_NAME}\\s+(?:(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s+)?(\\d{4})\\b`, 'gi');

function monthNumber(name: string): number {
  const key = name.toLowerCase().replace(/\.$/, '').slice(0, 3);
  return MONTH_ABBREVIATIONS.indexOf(key) + 1;
}

/**
 * Every date in `text`, in reading order, without overlaps (a longer match wins).
 * `findDates('令和6年5月1日、東京')` → `[{date: '2024-05-01', precision: 'day', span: {start: 0, end: 9}, …}]`.
 */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  const push = (match: RegExpExecArray, value: ReturnType<typeof iso>) => {
    if (value) found.push({ ...value, span: { start: match.index, end: match.index + match[0].length }, text: match[0] });
  };
  for (const m of text.matchAll(JAPANESE_DATE)) {
    const digits = (s: string | undefined) => (s === undefined ? undefined : parseJapaneseNumber(asciiDigits(s)) ?? NaN);
    let year: number;
    if (m[1]) {
      const eraYear = digits(m[2])!;
      if (!(eraYear >= 1)) continue;
      year = ERAS[m[1]]! + eraYear - 1;
    } else {
      year = Number(asciiDigits(m[3]!));
    }
    const month = digits(m[4]);
    const day = digits(m[5]);
    if (Number.isNaN(month) || Number.isNaN(day)) continue;
    push(m, iso(year, month, day));
  }
  for (const m of text.matchAll(NUMERIC_DATE)) push(m, iso(Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of text.matchAll(DAY_MONTH_YEAR)) push(m, iso(Number(m[3]), monthNumber(m[2]!), Number(m[1])));
  for (const m of text.matchAll(MONTH_DAY_YEAR)) {
    push(m, iso(Number(m[3]), monthNumber(m[1]!), m[2] === undefined ? undefined : Number(m[2])));
  }
  found.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const kept: FoundDate[] = [];
  for (const date of found) {
    const last = kept[kept.length - 1];
    if (last && date.span.start < last.span.end) continue;
    kept.push(date);
  }
  return kept;
}

/** One date string → ISO, or null when it is not a date: `parseDate('令和元年')` → `'2019'`. */
export function parseDate(text: string): IsoDate | null {
  const trimmed = text.trim();
  const [first] = findDates(trimmed);
  return first && first.span.start === 0 && first.span.end === trimmed.length ? first.date : null;
}

/**
 * The date an event happened according to a readout: the first day-precise date, else the first
 * month-precise one; null when the text has none.
 */
export function eventDate(text: string): FoundDate | null {
  const dates = findDates(text);
  return dates.find((d) => d.precision === 'day') ?? dates.find((d) => d.precision === 'month') ?? null;
}
