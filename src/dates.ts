// Date expressions in English and Japanese text, read to ISO dates as precise as the text gives them: the one
// date reader, shared by extraction (period, signing, instruments, references) and tracking (readouts, deadlines).
import type { IsoDate, Span } from './types.js';
import { loadLanguageVocabulary } from './vocab/index.js';

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const MONTH_NAMES = new Set(MONTHS);

/** Whether a word is a month's full English name, in any case: "March", "march". */
export function isMonthName(word: string): boolean {
  return MONTH_NAMES.has(word.toLowerCase());
}

const MONTH_ABBR = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "March", "Mar.", "Sept" (the month alternation of every pattern below). */
const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`;
const ORD = String.raw`(?:st|nd|rd|th)?`;

/** German and Spanish month names (vocab/languages.json), lower case → month number: "märz" → 3, "setiembre" → 9. */
const PARTNER_MONTHS = new Map<string, number>();
const partnerMonths = loadLanguageVocabulary().months;
for (const names of Object.values(partnerMonths)) {
  names.forEach((variants, i) => { for (const name of variants.split('|')) PARTNER_MONTHS.set(name.toLowerCase(), i + 1); });
}
/** "August", "März", "Jänner" / "agosto", "setiembre" (the month alternation of the German and Spanish patterns). */
const MONTH_DE = `(?:${partnerMonths.de.join('|')})`;
const MONTH_ES = `(?:${partnerMonths.es.join('|')})`;
const YEAR = String.raw`(?:1[89]\d\d|2[01]\d\d)`;
/** A number in Japanese text: ASCII, full-width or kanji digits ("6", "６", "十二"). */
const JNUM = '[0-9０-９〇一二三四五六七八九十]{1,4}';

/**
 * Every date form we read, most precise first (one alternation so one scan finds them all):
 * - `dmy`  "7th November 2024", "27 May 2003", "1 March, 2025"
 * - `mdy`  "March 7th 2023", "May 4, 2023", "May 20, 2023"
 * - `de`   "18. August 2025", "1. März 2025" (German)
 * - `es`   "18 de agosto de 2025", "1 de marzo del 2025" (Spanish)
 * - `iso`  "2024-06-14", "2024/6/14"
 * - `jp`   "2024年6月14日", "2024年6月", "2024年", "２０２４年５月", "2024年十二月三日"
 * - `era`  "令和6年6月14日", "平成元年", "令和六年十二月三日", "令和６年１２月"
 * - `my`   "December 2023", "March, 2022"; German "Dezember 2012", Spanish "diciembre de 2012"
 * - `y`    "2023" (a bare year; callers decide whether a bare year is wanted)
 */
const DATE_SOURCE = [
  String.raw`(?<dmyD>\d{1,2})${ORD}\s+(?:of\s+)?(?<dmyM>${MONTH}),?\s+(?<dmyY>${YEAR})\b`,
  String.raw`(?<mdyM>${MONTH})\s+(?<mdyD>\d{1,2})${ORD},?\s+(?<mdyY>${YEAR})\b`,
  String.raw`(?<deD>\d{1,2})\.\s*(?<deM>${MONTH_DE})\s+(?<deY>${YEAR})\b`,
  String.raw`(?<esD>\d{1,2})\s+de\s+(?<esM>${MONTH_ES})\s+(?:de|del)\s+(?<esY>${YEAR})\b`,
  String.raw`(?<isoY>${YEAR})[-/](?<isoM>\d{1,2})[-/](?<isoD>\d{1,2})\b`,
  String.raw`(?<jpY>${YEAR}|[０-９]{4})\s*年(?:\s*(?<jpM>${JNUM})\s*月(?:\s*(?<jpD>${JNUM})\s*日)?)?`,
  String.raw`(?<era>明治|大正|昭和|平成|令和)\s*(?<eraY>元|${JNUM})\s*年(?:\s*(?<eraM>${JNUM})\s*月(?:\s*(?<eraD>${JNUM})\s*日)?)?`,
  String.raw`\b(?<myM>${MONTH}),?\s+(?<myY>${YEAR})\b`,
  String.raw`\b(?<pmyM>${MONTH_DE}|${MONTH_ES})(?:\s+(?:de|del))?\s+(?<pmyY>${YEAR})\b`,
  String.raw`\b(?<y>${YEAR})\b`,
].join('|');

const DATE_RE = new RegExp(DATE_SOURCE, 'giu');
const WHOLE_DATE_RE = new RegExp(String.raw`^\s*(?:${DATE_SOURCE})\s*$`, 'iu');

/**
 * Whether text[from, to) holds a character every date form holds: a digit (ASCII or full-width) or the first
 * character of an era name ("令和六年"). Most stretches that callers search hold none, and this scan is much cheaper
 * than DATE_RE's search (and than a pattern run on a slice of the stretch).
 */
export function mayHoldDate(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 ? c >= 48 && c <= 57 : (c >= 0xff10 && c <= 0xff19) || ERA_INITIALS.includes(text[i]!)) return true;
  }
  return false;
}
const ERA_INITIALS = '明大昭平令';

/** First Gregorian year of each modern era; year 1 of an era (元年) is that year. */
const ERA_START: Record<string, number> = { 明治: 1868, 大正: 1912, 昭和: 1926, 平成: 1989, 令和: 2019 };

export interface FoundDate {
  date: IsoDate;
  /** 'day' | 'month' | 'year': how precise the text was. */
  precision: 'day' | 'month' | 'year';
  span: Span;
  /** The date as printed. */
  text: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthNumber(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const full = MONTHS.indexOf(lower);
  if (full >= 0) return full + 1;
  return MONTH_ABBR.indexOf(lower.slice(0, 3)) + 1;
}

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A number written in ASCII or full-width digits or kanji up to 99 (６ → 6, 六 → 6, 十二 → 12, 二十三 → 23, 元 → 1). */
export function parseJapaneseNumber(text: string): number | null {
  if (text === '元') return 1;
  // full-width digits (２０２４) → ASCII; NFKC would also change other characters and so shift spans
  const ascii = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  // e.g. 二十三: optional tens digit, 十, optional units digit
  const tens = /^([一二三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(ascii);
  if (tens) return (tens[1] ? KANJI_DIGITS[tens[1]]! : 1) * 10 + (tens[2] ? KANJI_DIGITS[tens[2]]! : 0);
  if (/^[〇一二三四五六七八九]+$/.test(ascii)) return Number([...ascii].map((c) => KANJI_DIGITS[c]).join(''));
  return null;
}

/** Days of each month in a common year. A table, not a Date: this runs for every date read. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

type Parsed = { date: IsoDate; precision: FoundDate['precision'] };

/** The ISO date of a year, month and day that exist ("2025-02-30" → null); NaN parts (unreadable numbers) → null. */
function build(year: number | null, month?: number | null, day?: number | null): Parsed | null {
  if (year === null || !(year >= 1800 && year <= 2200)) return null;
  if (month === undefined) return { date: String(year), precision: 'year' };
  if (month === null || !(month >= 1 && month <= 12)) return null;
  if (day === undefined) return { date: `${year}-${pad(month)}`, precision: 'month' };
  if (day === null || !(day >= 1 && day <= daysInMonth(year, month))) return null;
  return { date: `${year}-${pad(month)}-${pad(day)}`, precision: 'day' };
}

/** An optional Japanese number group: absent → undefined, unreadable → null. */
const jnum = (s: string | undefined) => (s === undefined ? undefined : parseJapaneseNumber(s));

function fromGroups(g: Record<string, string | undefined>): Parsed | null {
  if (g.dmyY) return build(+g.dmyY, monthNumber(g.dmyM!), +g.dmyD!);
  if (g.mdyY) return build(+g.mdyY, monthNumber(g.mdyM!), +g.mdyD!);
  if (g.deY) return build(+g.deY, PARTNER_MONTHS.get(g.deM!.toLowerCase()) ?? null, +g.deD!);
  if (g.esY) return build(+g.esY, PARTNER_MONTHS.get(g.esM!.toLowerCase()) ?? null, +g.esD!);
  if (g.isoY) return build(+g.isoY, +g.isoM!, +g.isoD!);
  if (g.jpY) return build(parseJapaneseNumber(g.jpY), jnum(g.jpM), jnum(g.jpD));
  if (g.era) {
    const eraYear = parseJapaneseNumber(g.eraY!);
    if (eraYear === null || eraYear < 1) return null;
    return build(ERA_START[g.era]! + eraYear - 1, jnum(g.eraM), jnum(g.eraD));
  }
  if (g.myY) return build(+g.myY, monthNumber(g.myM!));
  if (g.pmyY) return build(+g.pmyY, PARTNER_MONTHS.get(g.pmyM!.toLowerCase()) ?? null);
  if (g.y) return build(+g.y);
  return null;
}

/**
 * All dates in `text[from, to)`, in reading order, without overlaps. Bare years are included unless
 * `withYears` is false. Example: findDates("signed on 7th November 2024") → [{date: "2024-11-07", precision: "day", …}];
 * findDates("令和6年5月1日、東京") → [{date: "2024-05-01", precision: "day", span: {start: 0, end: 9}, …}].
 */
export function findDates(text: string, from = 0, to = text.length, withYears = true): FoundDate[] {
  const out: FoundDate[] = [];
  const re = DATE_RE;
  re.lastIndex = 0;
  if (!mayHoldDate(text, from, Math.min(to, text.length))) return out;
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const parsed = fromGroups(m.groups ?? {});
    if (!parsed) continue;
    if (!withYears && parsed.precision === 'year') continue;
    out.push({ date: parsed.date, precision: parsed.precision, span: { start: from + m.index, end: from + m.index + m[0].length }, text: m[0] });
  }
  return out;
}

/** Parses a string that is only a date ("14th June 2024", "令和6年6月14日", "令和元年", "2023"), else null. */
export function parseDate(value: string): IsoDate | null {
  const m = WHOLE_DATE_RE.exec(value);
  return m ? (fromGroups(m.groups ?? {})?.date ?? null) : null;
}


// Numbers written out, as treaty language writes the date of signing: "this 28th day of October, two thousand and
// twenty-five", "the twenty-eighth day of October, two thousand and three", "one thousand nine hundred and ninety-eight".
const NUMBER_WORDS = new Map<string, number>([
  ...['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'].map((w, i) => [w, i + 1] as const),
  ...['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map((w, i) => [w, (i + 2) * 10] as const),
]);
// Ordinals whose cardinal is not the word without its "th": "first", "twelfth", "twentieth".
const IRREGULAR_ORDINALS = new Map([['first', 'one'], ['second', 'two'], ['third', 'three'], ['fifth', 'five'], ['eighth', 'eight'], ['ninth', 'nine'], ['twelfth', 'twelve'], ['twentieth', 'twenty'], ['thirtieth', 'thirty']]);

const WORDED_DATE = new RegExp(String.raw`\b(\d{1,2}${ORD}|[a-z]+(?:-[a-z]+)?)\s+day\s+of\s+(${MONTH}),?\s+(?:in\s+the\s+year\s+)?((?:one|two)\s+thousand(?:[\s,-]+[a-z]+){0,5})`, 'i');

/** The value of number words, cardinal or ordinal ("two thousand and twenty-five", "twenty-eighth"); null if a word is none. */
function wordsValue(words: string[]): number | null {
  let total = 0;
  let current = 0;
  for (const raw of words) {
    const word = IRREGULAR_ORDINALS.get(raw) ?? (NUMBER_WORDS.has(raw) ? raw : raw.replace(/th$/, ''));
    if (word === 'and') continue;
    if (word === 'hundred') current *= 100;
    else if (word === 'thousand') {
      total += current * 1000;
      current = 0;
    } else if (NUMBER_WORDS.has(word)) current += NUMBER_WORDS.get(word)!;
    else return null;
  }
  return total + current;
}

/**
 * A day-precise date with its year in words, as a signing formula writes it: "this 28th day of October, two thousand
 * and twenty-five" → "2025-10-28"; null when `text` has none. The year's words end at the first word that is no
 * number ("… twenty-five in Tokyo").
 */
export function wordedDate(text: string): IsoDate | null {
  const m = WORDED_DATE.exec(text);
  if (!m) return null;
  const day = /^\d/.test(m[1]!) ? parseInt(m[1]!, 10) : wordsValue(m[1]!.toLowerCase().split('-'));
  const yearWords = m[3]!.toLowerCase().split(/[\s,-]+/);
  let year: number | null = null;
  // The longest run of number words from the start: the year ends where the words stop being numbers.
  for (let n = yearWords.length; n > 0 && year === null; n--) year = wordsValue(yearWords.slice(0, n));
  const date = build(year, monthNumber(m[2]!), day);
  return date?.precision === 'day' ? date.date : null;
}

/**
 * The date an event happened according to a readout: the first day-precise date, else the first
 * month-precise one; null when the text has none (a bare year does not date an event).
 */
export function eventDate(text: string): FoundDate | null {
  const dates = findDates(text);
  return dates.find((d) => d.precision === 'day') ?? dates.find((d) => d.precision === 'month') ?? null;
}
