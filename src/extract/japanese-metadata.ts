// Metadata of a Japanese document: its title (the tree's title line or [文書名] field), kind (the last kind word of
// the title: Japanese noun phrases end on their head), parties (Japanese country names, 日独-style pairs, groups
// such as メコン), period (a year range in the title) and signing (a date line or field, a place right after it).
import type { DocumentKind, IsoDate, Metadata, ParagraphNode, PartyCode, RootNode, SectionNode, Span } from '../types.js';
import type { Vocabulary } from '../vocab/index.js';
import { findDates, parseDate, type FoundDate } from '../dates.js';
import { foldSpace } from './commitments.js';
import { escapeRegExp, toHalfWidth } from '../text.js';
import { japaneseTextRegions } from '../tree/japanese.js';

interface Compiled {
  names: RegExp;
  byName: Map<string, PartyCode>;
  pair: RegExp;
}

const compiledByVocab = new WeakMap<Vocabulary, Compiled>();

function compile(vocab: Vocabulary): Compiled {
  let c = compiledByVocab.get(vocab);
  if (c) return c;
  const byName = new Map<string, PartyCode>();
  for (const party of vocab.parties) if (party.ja) byName.set(party.ja, party.code);
  for (const [name, code] of Object.entries(vocab.japanese.partyNames)) byName.set(name, code);
  const groups = Object.keys(vocab.japanese.partyGroups);
  // A katakana name is a whole word: "チリエッリ" (a person) is no Chile.
  const names = new RegExp(`(?<![\\p{Script=Katakana}ー])(?:${[...byName.keys(), ...groups].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?![\\p{Script=Katakana}ー])`, 'gu');
  const letters = Object.keys(vocab.japanese.partyAbbreviations).filter((l) => l !== '日').join('');
  // "日独", "日・仏", "中日": a pair opens a word (not "18日米国…", a day, nor "訪日中", a visit to Japan).
  const pair = new RegExp(`(?<![0-9０-９\\p{Script=Han}])(?:日[・]?([${letters}])|([${letters}])日(?![本曜]))`, 'gu');
  c = { names, byName, pair };
  compiledByVocab.set(vocab, c);
  return c;
}

/** The paragraphs of the tree with a role, in reading order. */
function paragraphs(root: RootNode): ParagraphNode[] {
  const out: ParagraphNode[] = [];
  const visit = (children: (SectionNode | RootNode['children'][number])[]) => {
    for (const child of children) {
      if (child.type === 'section') visit(child.children);
      else if (child.type === 'paragraph') out.push(child);
    }
  };
  visit(root.children);
  return out;
}

/** "日独外相共同声明 2018年7月25日" → "日独外相共同声明"; "…共同声明(仮訳)" → "…共同声明"; "「…の柱」" → "…の柱". */
export function cleanJapaneseTitle(raw: string): string {
  let title = foldSpace(raw);
  title = title.replace(/[ 　]*(?:[0-9０-９]{4}年[0-9０-９]{1,2}月(?:[0-9０-９]{1,2}日)?|(?:平成|令和|昭和)[0-9元]{1,2}年[0-9]{1,2}月(?:[0-9]{1,2}日)?)$/u, '');
  // The bracket may have lost its end to a page title cut short: "…共同声明(仮訳".
  title = title.replace(/[(（](?:仮訳|概要|骨子|抄訳|PDF)(?:[)）]|$)$/u, (m, offset: number) => (/概要/.test(m) && offset > 0 ? m : ''));
  if (/^「[^「」]*」$/u.test(title)) title = title.slice(1, -1);
  return title.trim();
}

/** Everything §1 of the spec asks for, from a Japanese document. */
export function findJapaneseMetadata(original: string, root: RootNode, vocab: Vocabulary): Metadata {
  // Dates and numbers are read in half-width forms ("令和７年３月１日"); offsets are the same.
  const text = toHalfWidth(original);
  const all = paragraphs(root);
  const body = all.filter((p) => p.role === 'body');
  const titleNode = all.find((p) => p.role === 'title') ?? runInTitle(text, body[0], vocab);
  const title = titleNode ? cleanJapaneseTitle(original.slice(titleNode.span.start, titleNode.span.end)) || null : null;
  const fields = new Map<string, Span>();
  for (const p of all) {
    if (p.role !== 'field') continue;
    const m = /^\[([^\]]+)\][ \t\u3000]*/u.exec(text.slice(p.span.start, p.span.end));
    if (m) fields.set(m[1]!, { start: p.span.start + m[0].length, end: p.span.end });
  }
  const kind = japaneseKind(title, vocab);
  const signed = japaneseSigned(text, titleNode, all, body, fields, vocab.japanese.meetingWords);
  return {
    title,
    titleSpan: titleNode ? { ...titleNode.span } : null,
    kind,
    parties: japaneseParties(text, titleNode, openingText(text, root, titleNode), vocab),
    period: japanesePeriod(title && toHalfWidth(title), titleNode),
    signed: kind === 'agreement_overview' ? releaseSigning(text, body, signed, vocab) ?? signed : signed,
  };
}

/** "9月21日", "4 月 20 日" (spaced out by PDF text): a month and day written without their year. */
const MONTH_DAY = /(?<![0-9年]\s*)([0-9]{1,2})[ \t\u3000]*月[ \t\u3000]*([0-9]{1,2})[ \t\u3000]*日/u;
/** "…ルリタニアのストレルサウにおいて": the place the sentence happens at (the last word before において). */
const PLACE_AT = /([\p{Script=Han}\p{Script=Katakana}ー・]{2,16})において/u;

/**
 * A ministry's release on an agreement dates itself above the title; the signing is reported in the body: the first
 * sentence with a signing verb gives the date ("9月21日(現地時間同日)、…において、…署名を行いました") and the place.
 * A day without its year takes the year of the same day written in full elsewhere ("日時:令和5年2月9日"), else the
 * release's. Null when no such sentence dates or places the signing.
 */
function releaseSigning(text: string, body: ParagraphNode[], found: Metadata['signed'], vocab: Vocabulary): Metadata['signed'] | null {
  const verbs = vocab.japanese.signingVerbs;
  // A 。 closing a bracket ("(以下「ルリタニア」という。)") ends no sentence.
  for (const paragraph of body.slice(0, 4)) {
    let start = paragraph.span.start;
    for (const piece of text.slice(paragraph.span.start, paragraph.span.end).split(/(?<=。)(?![)）」』])/u)) {
      const sentenceStart = start;
      start += piece.length;
      if (!verbs.some((verb) => piece.includes(verb))) continue;
      const verbAt = Math.min(...verbs.map((verb) => piece.indexOf(verb)).filter((at) => at >= 0));
      const before = piece.slice(0, verbAt);
      let date: IsoDate | null = null;
      let span: Span | null = null;
      const full = findDates(text, sentenceStart, sentenceStart + verbAt, false)[0];
      const day = full ? null : MONTH_DAY.exec(before);
      if (full && full.precision === 'day') {
        date = full.date;
        span = { ...full.span };
      } else if (day) {
        const monthDay = `-${day[1]!.padStart(2, '0')}-${day[2]!.padStart(2, '0')}`;
        const written = findDates(text, 0, text.length, false).find((d) => d.date.endsWith(monthDay));
        const year = written?.date.slice(0, 4) ?? found.date?.slice(0, 4);
        if (year) {
          date = `${year}${monthDay}`;
          span = { start: sentenceStart + day.index, end: sentenceStart + day.index + day[0].length };
        }
      }
      const at = PLACE_AT.exec(before)?.[1];
      // "モンゴル・ウランバートル": the city, not its country before the dot.
      const place = at ? at.replace(/^[^・]+・/u, (country) => (compile(vocab).byName.has(country.slice(0, -1)) ? '' : country)) : null;
      if (!date && !place) return null;
      return { date: date ?? found.date, place: place && !NOT_PLACE.test(place) ? place : found.place, span: span ?? found.span };
    }
  }
  return null;
}

/**
 * A transcript that flattened the whole document into one line starts with its title, then a date or the first
 * numbered paragraph: "…に関する共同声明(仮訳) 2016年3月10日,東京 1.…" → "…に関する共同声明(仮訳)";
 * "(仮訳) …とガーナ共和国の共同声明 1.ガーナ…" → "…とガーナ共和国の共同声明"; "共同声明 日インド…の強化 (仮訳) 1. 安倍…".
 */
function runInTitle(text: string, first: ParagraphNode | undefined, vocab: Vocabulary): ParagraphNode | null {
  if (!first) return null;
  const head = text.slice(first.span.start, Math.min(first.span.end, first.span.start + 200));
  const words = vocab.japanese.titleWords.map(escapeRegExp).join('|');
  const m = new RegExp(
    `^([(（]仮訳[)）][ \t\u3000]*)?((?:[^。]{4,160}?(?:${words})|(?:${words})[^。]{2,60}?)(?:[ \t\u3000]*[(（][^)）]{1,6}[)）])?)[ \t\u3000]+(?:[0-9０-９]{4}年|平成|令和|[1１][.．])`,
    'u',
  ).exec(head);
  if (!m) return null;
  const start = first.span.start + (m[1]?.length ?? 0);
  return { type: 'paragraph', id: '', span: { start, end: start + m[2]!.length }, role: 'title', children: [] };
}

/** The first 600 characters of the document's own text after its title (not furniture, fields or dates). */
function openingText(text: string, root: RootNode, titleNode: ParagraphNode | null): string {
  let out = '';
  for (const region of japaneseTextRegions(root)) {
    if (titleNode && region.start < titleNode.span.end) continue;
    out += text.slice(region.start, region.end) + '\n';
    if (out.length >= 600) break;
  }
  return out.slice(0, 600);
}

/** The last kind word in the title decides: "…共同ビジョン・ステートメント2023 … 実施計画" is an action plan. */
function japaneseKind(title: string | null, vocab: Vocabulary): DocumentKind {
  if (!title) return 'other';
  let best: { at: number; kind: DocumentKind } | null = null;
  for (const [word, kind] of vocab.japanese.kinds) {
    const at = title.lastIndexOf(word);
    if (at >= 0 && (!best || at + word.length > best.at)) best = { at: at + word.length, kind: kind as DocumentKind };
  }
  return best?.kind ?? 'other';
}

/** Parties named in the title, else (or when fewer than two) in the opening of the body. */
function japaneseParties(text: string, titleNode: ParagraphNode | null, opening: string, vocab: Vocabulary): PartyCode[] {
  const c = compile(vocab);
  const scan = (raw: string) => {
    const found = new Map<PartyCode, number>();
    const add = (code: PartyCode) => found.set(code, (found.get(code) ?? 0) + 1);
    // "インド太平洋" is a region, not India.
    const slice = vocab.japanese.notParties.reduce((s, region) => s.replaceAll(region, '　'.repeat(region.length)), raw);
    c.names.lastIndex = 0;
    for (let m = c.names.exec(slice); m; m = c.names.exec(slice)) {
      for (const code of vocab.japanese.partyGroups[m[0]] ?? []) add(code);
      const code = c.byName.get(m[0]);
      if (code) add(code);
      // "日・イタリア共同声明", "日メコン": Japan paired with the name after it.
      if (/(?<![0-9０-９\p{Script=Han}])日・?$/u.test(slice.slice(Math.max(0, m.index - 3), m.index))) add('JP');
    }
    c.pair.lastIndex = 0;
    for (let m = c.pair.exec(slice); m; m = c.pair.exec(slice)) {
      const code = vocab.japanese.partyAbbreviations[m[1] ?? m[2]!];
      if (code) {
        add(code);
        add('JP');
      }
    }
    // "日メコン", "日ASEAN": Japan with a group.
    for (const group of Object.keys(vocab.japanese.partyGroups)) if (slice.includes(`日${group}`)) add('JP');
    return found;
  };
  const found = new Set(titleNode ? scan(text.slice(titleNode.span.start, titleNode.span.end)).keys() : []);
  if (found.size < 2) {
    // The opening of the text names the partner: the one named most there ("中日…", "中國側は" over one "日朝").
    const counts = scan(opening);
    if (counts.has('JP')) found.add('JP');
    const partners = [...counts].filter(([code]) => code !== 'JP').sort((a, b) => b[1] - a[1]);
    if (![...found].some((code) => code !== 'JP') && partners.length) found.add(partners[0]![0]);
  }
  for (const party of [...found]) {
    const parent = vocab.parties.find((p) => p.code === party)?.partOf;
    if (parent && found.has(parent)) found.delete(party);
  }
  // A Japanese text that names one partner is Japan's with it ("松本総務大臣とドイツ連邦…大臣との協力覚書").
  if (found.size === 1 && !found.has('JP')) found.add('JP');
  return [...found].sort();
}

/** "(2019〜2023年)", "(2017-2021年)", "(2024−2027)" (a minus sign) in the title. */
function japanesePeriod(title: string | null, titleNode: ParagraphNode | null): Metadata['period'] {
  const m = title ? /((?:19|20)[0-9]{2})\s*年?\s*[-–−〜~～]\s*((?:19|20)[0-9]{2})/u.exec(title) : null;
  if (!m) return { start: null, end: null, span: null };
  return { start: m[1]!, end: m[2]!, span: titleNode ? { ...titleNode.span } : null };
}

/** A two-digit year of the Bluebook style: "(96年11月18日、東京)" → 1996-11-18. */
function shortYearDate(slice: string): { date: IsoDate; index: number; length: number } | null {
  const m = /(?<![0-9０-９])([0-9]{2})年([0-9]{1,2})月(?:([0-9]{1,2})日)?/u.exec(slice);
  if (!m) return null;
  const year = Number(m[1]) + (Number(m[1]) >= 50 ? 1900 : 2000);
  const pad = (n: string) => n.padStart(2, '0');
  return { date: `${year}-${pad(m[2]!)}${m[3] ? `-${pad(m[3])}` : ''}`, index: m.index, length: m[0].length };
}

/** A place right after a date: "2018年7月25日,東京において", "2003年8月19日にワルシャワで", "(96年11月18日、東京)". */
const PLACE_AFTER_DATE = /^(?:[(（][^)）]{1,6}[)）])?[ \t\u3000]*[、,，に]?[ \t\u3000]*([\p{Script=Han}\p{Script=Katakana}ーA-Z]{2,10}?)(?:において|にて|で|に集ま|[)）]|[ \t\u3000]|$)/u;
// "…大統領は、ワシントンDCで最初の首脳会談を行い": where the meeting was held, with no date before it.
const PLACE_OF_MEETING = /(?:^|[、,，は])([\p{Script=Han}\p{Script=Katakana}ーA-Z]{2,10}?)(?:において|で)(?:[^、。,]{0,8})(?:会談|首脳会議|会合|署名)/u;
// A line that opens on a date, bracketed or not: "(2006年8月29日 タシケント)", "2008年3月 東京".
const DATE_FIRST = /^[ \t\u3000]*[(（]?[ \t\u3000]*(?:[0-9０-９]{4}[ \t\u3000]*年|平成|令和|昭和)/u;
const NOT_PLACE = /(?:会議|会合|会談|協議|機会|場|枠組み?|間|国|両国|双方|首脳|大臣|総理|大統領)$/u;

/** "11月25日から29日まで", "2004年9月14日から16日": a date that opens (or closes) a stretch of days, as a visit does. */
function inRange(text: string, span: Span): boolean {
  return /^[ \t\u3000]*(?:から|より|[〜~～\-－–])/u.test(text.slice(span.end, span.end + 4)) || /(?:から|[〜~～\-－–])[ \t\u3000]*$/u.test(text.slice(Math.max(0, span.start - 4), span.start));
}

/**
 * The dates in a stretch of text, with a day and month whose year is that of the last full date before it:
 * "…2009年4月19日から…。4月20日に行われた…会談" gives 2009-04-20 for the second.
 */
function daysIn(text: string, region: Span): FoundDate[] {
  const found = findDates(text, region.start, region.end, false);
  const slice = text.slice(region.start, region.end);
  for (const m of slice.matchAll(new RegExp(MONTH_DAY, 'gu'))) {
    const start = region.start + m.index;
    if (found.some((d) => d.span.start <= start && start < d.span.end)) continue;
    const year = findDates(text, 0, start, false).at(-1)?.date.slice(0, 4);
    const date = year ? parseDate(`${year}年${m[1]}月${m[2]}日`) : null;
    if (date) found.push({ date, precision: 'day', span: { start, end: start + m[0].length }, text: m[0] });
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Where a statement's body dates it: its first sentence when that names a day ("2018年7月25日、東京において…"),
 * else the first of its opening sentences that reports the parties' meeting with a day ("2016年5月18日に東京で首脳会談
 * を行った"), never a visit over several days ("2016年5月17日から20日まで…訪問した"); null when none does.
 */
function statementSentence(text: string, body: ParagraphNode[], meetingWords: string[]): Span | null {
  const sentences = body.slice(0, 4).flatMap((p) => (p.children.length ? p.children.map((c) => c.span) : [p.span])).slice(0, 8);
  for (const [k, sentence] of sentences.entries()) {
    if (!daysIn(text, sentence).some((d) => !inRange(text, d.span))) continue;
    if (k === 0 || meetingWords.some((w) => text.slice(sentence.start, sentence.end).includes(w))) return sentence;
  }
  return null;
}

function japaneseSigned(
  text: string,
  titleNode: ParagraphNode | null,
  all: ParagraphNode[],
  body: ParagraphNode[],
  fields: Map<string, Span>,
  meetingWords: string[],
): Metadata['signed'] {
  // Where a signing date may stand: the [年月日] field, the title line, the lines before the body, the first sentence.
  const places: Span[] = [];
  const dateField = fields.get('年月日');
  if (dateField) places.push(dateField);
  const firstBody = body[0];
  for (const p of all) {
    if (firstBody && p.span.start >= firstBody.span.start) break;
    // A date line ("平成11年9月", "(96年11月18日、東京)"), not a byline of the site ("· 2020-11-25 · ソース:新華社 |").
    // A date with the place after it, in one word: "(2006年8月29日 タシケント)"; spaced out by PDF text: "2017 年 1 月 15 日".
    const line = text.slice(p.span.start, p.span.end);
    const rest = line.replace(/[0-9０-９]+[ \t\u3000]*[年月日]|平成|令和|昭和|[(（)）、,，\s]/gu, '');
    const dateLine = p.role === 'label' && (rest.length <= 4 || (DATE_FIRST.test(line) && /^[\p{Script=Han}\p{Script=Katakana}ー]{2,10}$/u.test(rest)));
    if (p === titleNode || dateLine) places.push(p.span);
  }
  let date: IsoDate | null = null;
  let place: string | null = null;
  let span: Span | null = null;
  // The sentence of the body that dates the statement: its first, or the one reporting the meeting.
  const dated = statementSentence(text, body, meetingWords);
  if (dated) places.push(dated);
  for (const region of places) {
    const slice = text.slice(region.start, region.end);
    const found = daysIn(text, region).find((d) => !inRange(text, d.span));
    const short = found ? null : shortYearDate(slice);
    if (!found && !short) continue;
    date = found?.date ?? short!.date;
    const end = found ? found.span.end : region.start + short!.index + short!.length;
    span = { start: found?.span.start ?? region.start + short!.index, end };
    const after = PLACE_AFTER_DATE.exec(text.slice(end, region.end));
    if (after && !NOT_PLACE.test(after[1]!)) place = after[1]!;
    break;
  }
  if (!date) {
    // A date line among the last lines, with or without its place: "令和7年3月1日、プラハ", "東京、2024年6月14日".
    const lines = text.trimEnd().split('\n').slice(-4);
    let offset = text.trimEnd().length - lines.join('\n').length;
    for (const line of lines) {
      const found = findDates(text, offset, offset + line.length, false)[0];
      const rest = line.replace(/[0-9]+[年月日]|平成|令和|昭和|元/gu, '').replace(/[、,，\s]/gu, '');
      if (found && rest.length <= 10 && !/。/.test(line)) {
        date = found.date;
        span = { ...found.span };
        if (rest && /^[\p{Script=Han}\p{Script=Katakana}ー]+$/u.test(rest)) place = rest;
      }
      offset += line.length + 1;
    }
  }
  if (!place && firstBody) {
    const sentence = dated ? text.slice(dated.start, dated.end) : text.slice(firstBody.span.start, (firstBody.children[0]?.span ?? firstBody.span).end);
    const meeting = PLACE_OF_MEETING.exec(sentence);
    const afterDay = /[0-9０-９]{1,2}日(?:[(（][^)）]{1,6}[)）])?[、,，]?に?([\p{Script=Han}\p{Script=Katakana}ーA-Z]{2,10}?)(?:において|で|に集ま)/u.exec(sentence);
    const candidate = afterDay?.[1] ?? meeting?.[1];
    if (candidate && !NOT_PLACE.test(candidate)) place = candidate;
  }
  if (!place) {
    const field = fields.get('場所');
    const value = field ? text.slice(field.start, field.end).trim() : '';
    // The database's [場所] sometimes holds "仮訳" (provisional translation), which is no place.
    if (value && !/訳/.test(value)) place = value;
  }
  return { date, place, span };
}
