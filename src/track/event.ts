// Reads a readout as an event before its words are matched: what happened (meeting, visit, signing,
// launch, exercise, a numbered round of a named dialogue), at what level (leaders, ministers, vice-
// ministers, officials), between whom (the pair named in the headline) and when (the event's own date,
// completed from the readout's date). The cues are data: src/vocab/linking.json.
import type { PartyCode, Span } from '../types.js';
import { findDates } from '../dates.js';
import { escapeRegExp, hasJapanese } from '../text.js';
import { loadLinkingVocabulary, type LinkingVocabulary } from '../vocab/index.js';

export type EventKind = 'meeting' | 'visit' | 'signing' | 'launch' | 'exercise' | 'discussion' | 'mention';
export type EventLevel = 'leader' | 'minister' | 'vice-minister' | 'official';
const LEVEL_RANK: Record<EventLevel, number> = { leader: 4, minister: 3, 'vice-minister': 2, official: 1 };

/** What one sentence of a readout reports. */
export interface SentenceEvent {
  kind: EventKind | null;
  /** The cue that decided the kind, as written ("held talks", "会談"). */
  cue: string | null;
  /** The highest level among the job titles it names. */
  level: EventLevel | null;
  /** Where job titles stand in the sentence (relative offsets): their words are not evidence of a mechanism. */
  titles: Span[];
  /**
   * The portfolios of the ministers it names, as written ("Foreign Affairs of the Republic of Poland",
   * "吉田厚生労働" of 吉田厚生労働大臣政務官): who came, so the ministry they head can be read from it.
   */
  portfolios: string[];
  /** "the 8th meeting of", "第8回": the round of a recurring meeting. */
  round: number | null;
}

/** The readout's principal event. */
export interface ReadoutEvent {
  kind: EventKind;
  level: EventLevel | null;
  /** Partner countries the readout is about (its headline pair), Japan left out when the register is Japan's. */
  parties: PartyCode[];
  /** Whether the headline named them (then a partner the register lacks means another partnership). */
  fromHeadline: boolean;
  /** The event's date (ISO day), from its sentence, completed with the readout's year, else the readout's date. */
  date: string | null;
  round: number | null;
  /** The sentence that reports it. */
  span: Span | null;
}

/** A pattern for cue phrases: English ones as whole words, any case; Japanese ones anywhere. Longest first. */
function cuePattern(en: string[], ja: string[]): RegExp {
  const english = [...en].sort((a, b) => b.length - a.length).map((c) => `\\b${escapeRegExp(c).replace(/ /g, '\\s+')}\\b`);
  const japanese = [...ja].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp([...english, ...japanese].join('|') || '(?!)', 'giu');
}

// what follows a title used as a level: "級" (次官級), " level", "-level"
const LEVEL_AFTER = /^(?:級|\s*-?\s*level\b)/iu;
// an English title's portfolio: "of Foreign Affairs and International Cooperation of the Italian Republic",
// "for Foreign Affairs, Federal Republic of Germany" (capitalised words, joined by and, &, commas)
const PORTFOLIO = /^(?:\s+(?:of|for)\s+(?:the\s+)?\p{Lu}[\p{L}\p{N}'’-]*(?:(?:,\s*|\s+)(?:(?:and|&)\s+)?\p{Lu}[\p{L}\p{N}'’-]*)*)+/u;

// a Japanese title's portfolio and holder, the run of kanji and katakana written before it: 吉田厚生労働 (大臣政務官),
// ポーランド国防 (副大臣), デジタル・交通 (大臣); not when the title runs on into a noun (外務大臣会合 is a meeting)
const PORTFOLIO_JA = /[\p{Script=Han}\p{Script=Katakana}ー・]+$/u;
const RUNS_ON_JA = /^[\p{Script=Han}\p{Script=Katakana}]/u;

// "8th edition of the …", "the 22nd Japan-France ICT Consultations", "第8回日・スウェーデン…合同委員会"
const ROUND = /\b(\d{1,3})(?:st|nd|rd|th)\b|第\s*(\d{1,3})\s*回/iu;

export class EventReader {
  private readonly titlePattern: RegExp;
  private readonly levelOf: Map<string, EventLevel>;
  private readonly kinds: { kind: EventKind; re: RegExp }[];
  private readonly portfolioTitles: Set<string>;
  /** Japanese titles taking a portfolio, longest first (大臣政務官 before 大臣). */
  private readonly portfolioTitlesJa: string[];
  readonly vocabulary: LinkingVocabulary;

  constructor(vocabulary: LinkingVocabulary = loadLinkingVocabulary()) {
    this.vocabulary = vocabulary;
    // one pattern over all titles so the longest one at a place wins ("Vice-Minister" over "Minister")
    const all = vocabulary.titles.flatMap((t) => [...t.en.map((w) => ({ w, level: t.level, en: true })), ...t.ja.map((w) => ({ w, level: t.level, en: false }))]);
    all.sort((a, b) => b.w.length - a.w.length);
    this.titlePattern = cuePattern(all.filter((t) => t.en).map((t) => t.w), all.filter((t) => !t.en).map((t) => t.w));
    this.levelOf = new Map(all.map((t) => [t.w.toLowerCase().replace(/\s+/g, ' '), t.level]));
    this.kinds = vocabulary.events.map((e) => ({ kind: e.kind, re: cuePattern(e.en, e.ja) }));
    this.portfolioTitles = new Set(vocabulary.portfolioTitles.map((t) => t.toLowerCase()));
    this.portfolioTitlesJa = vocabulary.portfolioTitles.filter((t) => hasJapanese(t)).sort((a, b) => b.length - a.length);
  }

  /** What a sentence reports: `read('Prime Minister Kishida held a summit meeting')` → meeting, leader. */
  read(sentence: string): SentenceEvent {
    const titles: Span[] = [];
    const portfolios: string[] = [];
    let level: EventLevel | null = null;
    for (const m of sentence.matchAll(this.titlePattern)) {
      // "次官級", "at the Deputy Foreign Minister level": a title naming a level describes the meeting, keep it
      if (LEVEL_AFTER.test(sentence.slice(m.index + m[0].length, m.index + m[0].length + 8))) continue;
      const title = m[0].toLowerCase().replace(/\s+/g, ' ');
      const end = m.index + m[0].length;
      // a Japanese title taking a portfolio: written before it (吉田厚生労働大臣政務官), or held in it (外務大臣)
      const held = this.portfolioTitlesJa.find((t) => title.endsWith(t));
      if (held !== undefined) {
        if (RUNS_ON_JA.test(sentence.slice(end))) {
          titles.push({ start: m.index, end });
        } else {
          // "吉田厚生労働大臣政務官": the ministry a person heads goes with the title, as in English
          const before = PORTFOLIO_JA.exec(sentence.slice(0, m.index))?.[0] ?? '';
          titles.push({ start: m.index - before.length, end });
          const portfolio = before + m[0].slice(0, m[0].length - held.length);
          if (portfolio) portfolios.push(portfolio);
        }
      } else {
        // "Minister of Foreign Affairs and International Cooperation": the portfolio goes with the title
        const portfolio = this.portfolioTitles.has(title.split(' ').pop()!) || this.portfolioTitles.has(title) ? (PORTFOLIO.exec(sentence.slice(end))?.[0] ?? '') : '';
        titles.push({ start: m.index, end: end + portfolio.length });
        if (portfolio) portfolios.push(portfolio.trim());
      }
      const l = this.levelOf.get(title);
      if (l && (!level || LEVEL_RANK[l] > LEVEL_RANK[level])) level = l;
    }
    let kind: EventKind | null = null;
    let cue: string | null = null;
    for (const k of this.kinds) {
      k.re.lastIndex = 0;
      const m = k.re.exec(sentence);
      if (m) {
        kind = k.kind;
        cue = m[0];
        break;
      }
    }
    const round = ROUND.exec(sentence);
    return { kind, cue, level, titles, portfolios, round: round ? Number(round[1] ?? round[2]) : null };
  }

  /** The plan phrases an event of this kind and level implements (`high-level contacts` for a ministers' meeting). */
  implied(event: Pick<SentenceEvent, 'kind' | 'level'>): string[] {
    if (!event.kind || !event.level) return [];
    return this.vocabulary.implies.filter((i) => i.kinds.includes(event.kind!) && i.levels.includes(event.level!)).flatMap((i) => i.phrases);
  }
}

/**
 * The date of the event a sentence reports: a full date in it; a day and month without a year
 * ("On 21 June", "2月7日") completed with the readout's year; else the readout's own date.
 */
export function eventDay(sentence: string, readoutDate: string | null): string | null {
  const dates = findDates(sentence);
  const full = dates.find((d) => d.precision === 'day');
  if (full) return full.date;
  const year = readoutDate?.slice(0, 4);
  // "2月7日", "7 February", "February 7" — a day without its year
  const ja = /(\d{1,2})月(\d{1,2})日/.exec(sentence);
  if (ja && year) return day(year, Number(ja[1]), Number(ja[2]));
  const en = /\b(\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2})\b/i.exec(sentence);
  if (en && year) {
    const month = MONTHS.indexOf((en[2] ?? en[3])!.toLowerCase()) + 1;
    return day(year, month, Number(en[1] ?? en[4]));
  }
  return readoutDate && readoutDate.length === 10 ? readoutDate : null;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function day(year: string, month: number, date: number): string | null {
  if (month < 1 || month > 12 || date < 1 || date > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}
