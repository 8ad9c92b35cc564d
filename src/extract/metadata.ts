// Document metadata: its own title, kind, parties (ISO codes), period of validity and signing date/place.
import type { DocumentKind, Metadata, PartyCode, RootNode, Span } from '../types.js';
import type { Vocabulary } from '../vocab/index.js';
import { compileVocabulary, type CompiledVocabulary } from './gazetteer.js';
import { findDates, isMonthName, mayHoldDate, parseDate, wordedDate } from '../dates.js';
import { fold, stripMarkdown } from './scan.js';
import { isJapaneseText } from '../ja/analyzer.js';
import { isWhiteSpace } from '../tree/lines.js';
import { isDateLine, PLACE_NAME } from '../tree/headings.js';
import { findJapaneseMetadata } from './japanese-metadata.js';
import { selfNamingStarts, signingWordsIn } from './provisions.js';
import { voicesParties } from './clauses.js';
import { walk } from '../tree/ids.js';
import { partnerLanguage, partnerParties, partnerSigned, partnerTitle, partnerTitleKind, partnerViewSentences } from './partner-language.js';

/**
 * Title words that decide the kind, first match wins:
 * "Joint Working Plan" → joint_working_plan, "Joint Strategic Work Program" → work_programme,
 * "Action Plan for the Implementation …" → action_plan, "Roadmap" → roadmap, "Joint Statement" → joint_statement.
 */
export const KIND_CUES: [RegExp, DocumentKind][] = [
  [/\bwork(?:ing)?\s+plan\b/i, 'joint_working_plan'],
  [/\bwork\s+program(?:me)?s?\b|\bprogram(?:me)?\s+of\s+(?:work|cooperation)\b/i, 'work_programme'],
  [/\baction\s+plan\b|\bplan\s+of\s+action\b/i, 'action_plan'],
  [/\broad\s?-?map\b/i, 'roadmap'],
  // No boundary after the noun: PDF text glues the next word on ("Joint Statementon the …").
  [/\bjoint\s+(?:statement|declaration|communiqu[eé])|\bdeclaration\b/i, 'joint_statement'],
  [/行動計画/, 'action_plan'],
  [/作業計画|ワークプログラム/, 'work_programme'],
  [/ロードマップ/, 'roadmap'],
  [/共同声明/, 'joint_statement'],
];

/** Words that link the lines of a title broken over several lines ("… Plan / of the / Ministry …"). */
const TITLE_LINK = /(?:\b(?:of|the|and|between|for|on|in|to|by|with)|[-–,:])\s*$/;
const TITLE_CONTINUES = /^\s*(?:of|the|and|between|for|on|in|to|by|with)\b/;

/**
 * The document's own title: its first block of text, when that block reads as a title (short, not a
 * sentence). Markdown marks are stripped and line breaks folded.
 * Example: "**Action Plan …\nbetween\nthe Government of Japan …**" → "Action Plan … between the Government of Japan …".
 */
export function findTitle(text: string): { title: string; span: Span } | null {
  // The metadata and the instrument finder both ask about the same text: read once, a copy for each.
  if (lastTitle?.text !== text) lastTitle = { text, found: readTitle(text) };
  const { found } = lastTitle;
  return found && { title: found.title, span: { ...found.span } };
}

let lastTitle: { text: string; found: { title: string; span: Span } | null } | null = null;

function readTitle(text: string): { title: string; span: Span } | null {
  let firstContent = text.search(/\S/);
  if (firstContent < 0) return null;
  // A translator's or editor's note in brackets on its own line comes before the title: "(Provisional Translation)".
  const note = EDITORIAL_NOTE.exec(text.slice(firstContent, firstContent + 80));
  if (note) {
    const next = text.slice(firstContent + note[0].length).search(/\S/);
    if (next < 0) return null;
    firstContent += note[0].length + next;
  }
  // A dateline may stand above the title ("April 12, 2013 ⏎ Berlin"): the title is the block after it.
  const dateline = datelineBlock(text, firstContent);
  if (dateline) {
    const next = text.slice(dateline.end).search(/\S/);
    if (next < 0) return null;
    firstContent = dateline.end + next;
  }
  const first = readTitleBlock(text, firstContent) ?? firstLineTitle(text, firstContent);
  return first && !NAMES_ITS_KIND.test(first.title) ? (kindTitleAfter(text, first.span.end) ?? first) : first;
}

/** A kind of document named in the singular, as a title names its own: "Action Plan …", not "Speeches and Statements". */
const NAMES_ITS_KIND = /\b(?:Statement|Declaration|Communiqu[eé]|Action\s+Plan|Work(?:ing)?\s+(?:Plan|Program(?:me)?)|Road\s?-?map|Memorandum|Fact\s+Sheet)(?![\p{L}])/iu;

/** How many title-like blocks after a first one that names no kind are read for one that does. */
const FURNITURE_BLOCKS = 4;

/**
 * A title that names its kind in the blocks right after a first block that names none: site furniture stands above
 * the title ("Media Center ⏎⏎ Action Plan to advance …", "Official Residence TOP ⏎ … ⏎⏎ JOINT COMMUNIQUE ⏎ BETWEEN
 * …"). The search ends at the first block of prose; a dateline or another short line is passed over.
 */
function kindTitleAfter(text: string, from: number): { title: string; span: Span } | null {
  let at = from;
  for (let i = 0; i < FURNITURE_BLOCKS; i++) {
    const next = text.slice(at, at + 400).search(/\S/);
    if (next < 0) return null;
    const block = readTitleBlock(text, at + next);
    if (!block) return null;
    if (NAMES_ITS_KIND.test(block.title.slice(0, 60))) return block;
    at = block.span.end;
  }
  return null;
}

/** A line that is only a bracketed note: "(Provisional Translation)", "(Tentative translation)". */
const EDITORIAL_NOTE = /^\([^()\n]{1,60}\)[ \t]*\n/;

/**
 * The first line of a text whose first block runs on into the body without a blank line ("Joint Statement on …\nH.E.
 * Mr. …, Prime Minister of …, made an official visit …"), or whose PDF text ran the title into the first paragraph on
 * one line ("Joint Statement on Strategic Partnership between … 1. On the occasion of …"): a title when it names a kind
 * of document within its first words ("Joint Statement …", "Japan-Russia Action Plan", "Declaration for …").
 */
function firstLineTitle(text: string, start: number): { title: string; span: Span } | null {
  let end = lineEnd(text, start);
  // "… Kingdom of Spain 1. On the occasion …": the first numbered paragraph starts after the title.
  const paragraph = FIRST_PARAGRAPH.exec(text.slice(start, Math.min(end, start + TITLE_MAX + 10)));
  if (paragraph) end = start + paragraph.index;
  const raw = text.slice(start, end);
  if (keptCharsExceed(raw, TITLE_MAX)) return null;
  const title = fold(stripMarkdown(raw)).replace(/^[#*_\s]+|[#*_\s]+$/g, '');
  if (!looksLikeTitle(title) || /\.$/.test(title) || !DOCUMENT_WORD.test(title.slice(0, 40))) return null;
  return { title, span: { start, end: start + raw.trimEnd().length } };
}

/** " 1. On the occasion …": the first paragraph's number after a title on the same line. */
const FIRST_PARAGRAPH = /\s1\.\s+(?=\p{Lu})/u;

/** The name of a kind of document: "Joint Statement", "Action Plan", "Declaration", "Memorandum", "Communiqué". */
const DOCUMENT_WORD = /\b(?:Statement|Declaration|Communiqu[eé]|Action\s+Plan|Work(?:ing)?\s+(?:Plan|Program(?:me)?)|Road\s?-?map|Memorandum|Fact\s+Sheet)/i;

/** A title read from its first block, starting at `start`: the block (or bold run or heading) when it reads as a title. */
function readTitleBlock(text: string, start: number): { title: string; span: Span } | null {
  let end: number;
  const bold = /^(\*\*|__)/.exec(text.slice(start));
  if (bold) {
    const close = text.indexOf(bold[1]!, start + 2);
    if (close < 0 || close - start > 600) return null;
    end = close + 2;
  } else if (text[start] === '#') {
    end = lineEnd(text, start);
  } else {
    end = blockEnd(text, start);
    // A title split over several blocks by blank lines joins while a line ends or starts with a link word.
    for (let guard = 0; guard < 6; guard++) {
      const nextStart = text.slice(end).search(/\S/);
      if (nextStart < 0) break;
      const next = end + nextStart;
      const nextEnd = blockEnd(text, next);
      if (!TITLE_LINK.test(text.slice(start, end)) && !TITLE_CONTINUES.test(text.slice(next, nextEnd))) break;
      end = nextEnd;
    }
  }
  let raw = text.slice(start, end);
  // A document without blank lines is one block: skip folding all of it when it cannot be a title anyway, unless it
  // opens with a title in capitals over several lines ("WORK\nPLAN\nUNDER MEMORANDUM OF UNDERSTANDING\n…").
  if (keptCharsExceed(raw, TITLE_MAX)) {
    const capitals = CAPITAL_LINES.exec(raw);
    if (!capitals || keptCharsExceed(capitals[0], TITLE_MAX) || !DOCUMENT_WORD.test(capitals[0])) return null;
    raw = capitals[0];
    end = start + raw.length;
  }
  const title = fold(stripMarkdown(raw)).replace(/^[#*_\s]+|[#*_\s]+$/g, '');
  if (!looksLikeTitle(title)) return null;
  start += raw.length - raw.trimStart().length;
  return { title, span: { start, end } };
}

const lineEnd = (text: string, at: number) => {
  const i = text.indexOf('\n', at);
  return i < 0 ? text.length : i;
};

/** End of the block (run of non-blank lines) starting at `at`. */
function blockEnd(text: string, at: number): number {
  const blank = /\n[ \t]*\n/g;
  blank.lastIndex = at;
  const m = blank.exec(text);
  return m ? m.index : text.length;
}

/** Leading lines in capitals, at least two: "WORK\nPLAN\nBETWEEN\nTHE GOVERNMENT OF RURITANIA" (the last line break excluded). */
const CAPITAL_LINES = /^(?:[ \t]*[\p{Lu}\d][\p{Lu}\d \t&,.'’()-]*\n){1,12}[ \t]*[\p{Lu}\d][\p{Lu}\d \t&,.'’()-]*(?=\n)/u;

/** The longest title, in characters. */
const TITLE_MAX = 300;

/**
 * Whether `raw` has more than `limit` characters that are neither white space nor a Markdown mark (`#`, `*`, `_`):
 * those all survive folding and stripping, so the title made from `raw` would be longer than `limit`.
 */
function keptCharsExceed(raw: string, limit: number): boolean {
  let kept = 0;
  for (let i = 0; i < raw.length && kept <= limit; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 35 && c !== 42 && c !== 95 && !isWhiteSpace(c)) kept++;
  }
  return kept > limit;
}

/** A title is short and does not read as a sentence of prose. */
function looksLikeTitle(title: string): boolean {
  if (!title || title.length > TITLE_MAX) return false;
  // A link ("Read more … [here](https://…)") is page furniture, never the document's title.
  if (/\]\(|https?:\/\//.test(title)) return false;
  // Titles open with a capital, a digit or a CJK character, never mid-sentence ("including the …").
  if (!/^[\p{Lu}\p{N}\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]/u.test(title)) return false;
  if (/[.;]$/.test(title) && title.length > 60) return false;
  // Prose: "The Agreement … was signed on …"
  if (/\b(?:was|were|is|are|has|have|will|shall)\s+\p{Ll}/u.test(title)) return false;
  return true;
}

// A text naming its own kind: "This roadmap is intended…", "this Joint Statement", "this Action Plan".
// Sticky: tried only where the text may name itself (selfNamingStarts), not searched for through the whole text.
const SELF_NAMED = /\b[Tt]his\s+(?:road\s?-?map|(?:joint\s+)?(?:statement|declaration)|action\s+plan|work(?:ing)?\s+(?:plan|program(?:me)?))\b/iy;

/**
 * The kind from the title, else from the name the text gives itself; a text about an agreement is an agreement
 * overview; an untitled text in which the parties declare their views is a joint statement.
 */
export function documentKind(title: string | null, text: string, tree: RootNode, vocab: Vocabulary): DocumentKind {
  // The cue that comes first names what the document is: "Joint Statement on the Roadmap …" is a joint statement.
  if (title) {
    let best: { at: number; kind: DocumentKind } | null = null;
    for (const [cue, kind] of KIND_CUES) {
      const m = cue.exec(title);
      if (m && (!best || m.index < best.at)) best = { at: m.index, kind };
    }
    if (best) return best.kind;
    const language = partnerLanguage(text);
    const partnerKind = language && partnerTitleKind(title, language);
    if (partnerKind) return partnerKind;
  }
  // An untitled text that names itself: "This roadmap is intended to serve as…" is a roadmap.
  const self = selfNamedIn(text);
  if (self) {
    const named = KIND_CUES.find(([cue]) => cue.test(self[0]));
    if (named) return named[1];
  }
  // "The Agreement between the Government of Norway and the Government of Japan on … was signed on …": the text
  // opens with the agreement's signing. An agreement signed years ago, named later in a statement that builds on
  // it ("…, including the Bilateral Trade Agreement signed in 2000"), makes no overview.
  if (AGREEMENT_SIGNED.test(firstSentence(text, tree)) || /協定/.test(text.slice(0, 600))) return 'agreement_overview';
  return declaresJointViews(text, tree, vocab) || declaresPartnerViews(text, tree) ? 'joint_statement' : 'other';
}

/** The same test for a German or Spanish text, with its own subjects and verbs ("los ministros reafirmaron que…"). */
function declaresPartnerViews(text: string, tree: RootNode): boolean {
  const language = partnerLanguage(text);
  if (!language) return false;
  const { views, sentences } = partnerViewSentences(text, tree, language);
  return views >= 2 && views >= JOINT_VIEW_SHARE * sentences;
}

const AGREEMENT_SIGNED = /\bAgreement\b[^.]{0,200}\b(?:signed|concluded|entered into force)\b/;

/** The text of the tree's first sentence, or "". */
function firstSentence(text: string, tree: RootNode): string {
  let first = '';
  walk(tree, (node) => {
    if (first) return false;
    if (node.type === 'sentence') first = text.slice(node.span.start, node.span.end);
  });
  return first;
}

/**
 * The share of its sentences in which an untitled text has the parties state a view ("The United States and
 * Australia recognize…", "We reaffirm…", "The leaders welcome…"), from which on it reads as their joint statement.
 * A government's fact sheet reports what was agreed or announced (at most 6 % such sentences in the statements and
 * fact sheets of the dev material); a joint statement or declaration is made of them (11–35 %, but for two short
 * statements of mostly commitments, which stay `other`).
 */
const JOINT_VIEW_SHARE = 0.1;

function declaresJointViews(text: string, tree: RootNode, vocab: Vocabulary): boolean {
  let sentences = 0;
  let views = 0;
  walk(tree, (node) => {
    if (node.type !== 'sentence') return;
    sentences++;
    if (voicesParties(text.slice(node.span.start, node.span.end), vocab)) views++;
  });
  // Two at least: one view in a short text is no voice.
  return views >= 2 && views >= JOINT_VIEW_SHARE * sentences;
}

/** The first place where the text names its own kind ("This roadmap", "this Joint Statement"), or null. */
function selfNamedIn(text: string): RegExpExecArray | null {
  for (const at of selfNamingStarts(text)) {
    SELF_NAMED.lastIndex = at;
    const m = SELF_NAMED.exec(text);
    if (m) return m;
  }
  return null;
}

/**
 * Parties: the countries named in the title; when there is no title (or it names fewer than two), the
 * countries of the opening sentence. A territory named together with its state is not a separate party.
 */
export function findParties(text: string, title: { title: string; span: Span } | null, compiled: CompiledVocabulary): PartyCode[] {
  const found = new Set<PartyCode>();
  const scan = (from: number, to: number, adjectives: boolean) => {
    const re = adjectives ? compiled.partyWords : compiled.partyNames;
    re.lastIndex = 0;
    const raw = text.slice(from, to);
    // A title in capitals names its parties in capitals: "… THE REPUBLIC OF RURITANIA AND …" reads "Republic Of Ruritania".
    const slice = /\p{Ll}/u.test(raw) ? raw : raw.replace(/\p{Lu}+/gu, (w) => w[0] + w.slice(1).toLowerCase());
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      const party = compiled.partyByWord.get(m[0].toLowerCase());
      if (party) found.add(party);
    }
  };
  if (title) scan(title.span.start, title.span.end, true);
  if (found.size < 2) {
    const from = title ? title.span.end : 0;
    const sentence = partySentence(text.slice(from, from + 1200));
    if (sentence) scan(from + sentence.start, from + sentence.end, false);
  }
  if (found.size < 2) {
    const pair = pairedParties(text, compiled);
    if (pair && (found.size === 0 || pair.some((p) => found.has(p)))) for (const p of pair) found.add(p);
  }
  // A German or Spanish text names its parties in its own words: "Japan und Deutschland", "España y Japón".
  const language = found.size < 2 ? partnerLanguage(text) : null;
  if (language) {
    const pair = partnerParties(text, title?.span ?? null, language);
    if (pair.length >= 2 && (found.size === 0 || pair.some((p) => found.has(p)))) for (const p of pair) found.add(p);
  }
  for (const party of [...found]) {
    const parent = compiled.parties.get(party)?.partOf;
    if (parent && found.has(parent)) found.delete(party);
  }
  return [...found].sort();
}

/** A word of a sentence that names the parties: "The Government of Japan and …", "… between the Ministry …". */
const PARTY_SENTENCE_WORD = /\b(?:Government|Governments|Ministry|Ministries|between|and)\b/;

/**
 * The first sentence of `opening` (a stretch ended by ".", the "." included) with a PARTY_SENTENCE_WORD: what
 * /[^.]*?\b(?:Government|…)\b[^.]*\./ finds, read one sentence at a time. The pattern ran its lazy stretch again from
 * every offset of a long stretch without such a word (a title block, a list without stops): quadratic in it, and on
 * some documents most of the metadata's time. A sentence's word boundaries are the same alone as in `opening`: a "."
 * is not a word character.
 */
function partySentence(opening: string): Span | null {
  for (let start = 0, dot = opening.indexOf('.'); dot >= 0; start = dot + 1, dot = opening.indexOf('.', start)) {
    if (PARTY_SENTENCE_WORD.test(opening.slice(start, dot))) return { start, end: dot + 1 };
  }
  return null;
}

/**
 * The two parties a bilateral statement keeps naming together, when its opening names no governments:
 * "U.S.-Japan", "U.S. – Italy", "the United States and India", "the United States and the ROK". The pair
 * named together most often wins; null when no pair is named twice.
 */
function pairedParties(text: string, compiled: CompiledVocabulary): PartyCode[] | null {
  const re = compiled.partyWords;
  re.lastIndex = 0;
  const counts = new Map<string, number>();
  let previous: { end: number; party: PartyCode } | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const party = compiled.partyByWord.get(m[0].toLowerCase());
    if (!party) continue;
    const gap = previous ? text.slice(previous.end, m.index) : '';
    if (previous && previous.party !== party && /^(?:\s*[-–—]\s*|\s+and\s+(?:the\s+)?)$/.test(gap)) {
      const key = [previous.party, party].sort().join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    previous = { end: m.index + m[0].length, party };
  }
  let best: [string, number] | null = null;
  for (const entry of counts) if (entry[1] >= 2 && (!best || entry[1] > best[1])) best = entry;
  return best ? best[0].split(' ') : null;
}

const DOC_SELF = String.raw`\b(?:this|the\s+present)\s+(?:[A-Z][A-Za-z-]*\s+){0,5}(?:Plan|Program(?:me)?|Roadmap|Road\s+Map|Statement|Declaration|Document|Memorandum|Framework|Agenda|Arrangement)\b`;

/** "This Action Plan will commence on 1 March 2025, and end on 31 December 2029." (sticky: tried at selfNamingStarts) */
const DURATION_CLAUSE = new RegExp(
  String.raw`${DOC_SELF}[^.]{0,120}?\b(?:commence|start|begin|take\s+effect|come\s+into\s+(?:effect|force)|enter\s+into\s+(?:effect|force)|cover|covers|valid|remain)\b[^.]{0,200}`,
  'iuy',
);

/**
 * Period: a duration clause with full dates wins ("will commence on 1 March 2025, and end on
 * 31 December 2029"); otherwise a year range in the title ("(2024-2027)", "for the years 2025-2029")
 * or in a sentence about the document itself ("this … Program covers … from 2023 to 2028").
 */
export function findPeriod(text: string, title: { title: string; span: Span } | null): Metadata['period'] {
  // Tried only where the text may name itself ("this", "the present"): searched for at every offset the clause cost
  // more than the rest of the metadata.
  let from = 0;
  for (const at of selfNamingStarts(text)) {
    if (at < from) continue;
    DURATION_CLAUSE.lastIndex = at;
    const m = DURATION_CLAUSE.exec(text);
    if (!m) continue;
    from = m.index + m[0].length;
    const dates = findDates(text, m.index, m.index + m[0].length);
    const full = dates.filter((d) => d.precision !== 'year');
    const use = full.length >= 2 ? full : dates;
    if (use.length >= 2) {
      return { start: use[0]!.date, end: use[1]!.date, span: { start: m.index, end: m.index + m[0].length } };
    }
  }
  if (title) {
    const range = yearRange(text, title.span.start, title.span.end);
    if (range) return range;
  }
  return { start: null, end: null, span: null };
}

/** "2024-2027", "2023–2028", "from 2023 to 2028", "2025 to 2029" in text[from, to). */
function yearRange(text: string, from: number, to: number): Metadata['period'] | null {
  const re = /\b((?:19|20)\d\d)\s*(?:[-–—~〜]|\bto\b|\buntil\b)\s*((?:19|20)\d\d|\d\d)\b/g;
  const slice = text.slice(from, to);
  const m = re.exec(slice);
  if (!m) return null;
  const end = m[2]!.length === 2 ? m[1]!.slice(0, 2) + m[2] : m[2]!;
  return { start: m[1]!, end, span: { start: from + m.index, end: from + m.index + m[0].length } };
}

/**
 * A signing line (sticky: tried where signingWordsIn finds its first word): "SIGNED in duplicate in Tokyo, on 28 February
 * 2025", "Done at Rome on …", "Signed in Tokyo this 28th day of October, two thousand and twenty-five".
 */
const SIGNED = /\b(?:SIGNED|Signed|DONE|Done)\b(?:\s+in\s+(?:duplicate|two\s+originals|triplicate))?(?:\s*(?:in|at)\s+([\p{Lu}][\p{L}]+(?:\s+[\p{Lu}][\p{L}]+)?))?,?\s*(?:on\s+|this\s+)?([^.\n]{0,60})/uy;

/**
 * Signing: "SIGNED in duplicate in Tokyo, on 28 February 2025", "Done at Rome on 14 June 2024",
 * a line that is only a date (or "Tokyo, 14 June 2024") near the end or right under the title, for a statement the
 * meeting it reports ("met on July 24, 2013, in Washington, D.C."), or for an agreement overview the agreement's
 * "signed on 27 May 2003".
 */
export function findSigned(text: string, kind: DocumentKind, title: Span | null = null, compiled: CompiledVocabulary | null = null): Metadata['signed'] {
  // "SIGNED in duplicate in Tokyo, on 28 February 2025", "Done at Warsaw, this 4th day of May 2023"
  let from = 0;
  for (const at of Int32Array.from(signingWordsIn(text)).sort()) {
    if (at < from) continue;
    SIGNED.lastIndex = at;
    const m = SIGNED.exec(text);
    if (!m) continue;
    from = m.index + m[0].length;
    const dates = findDates(text, m.index, m.index + m[0].length).filter((d) => d.precision !== 'year');
    const date = dates[0]?.date ?? wordedDate(m[0]);
    if (date || m[1]) {
      return { date, place: m[1] ?? null, span: { start: m.index, end: m.index + m[0].length } };
    }
  }
  let dated = datedLastLine(text) ?? datedLineUnder(text, title);
  // A short text's last lines reach back to its dateline: read it whole for the place under or above the date.
  if (!dated?.place) dated = datelineNextTo(text, title, compiled) ?? dated;
  if (dated?.place) return dated;
  // A statement names where (and when) its leaders met: "held their first official meeting yesterday in Washington,
  // D.C.", "is honored to welcome … to Washington, DC", "the inaugural … Dialogue in Seoul", "On 27 October 2009, …
  // held the first … Dialogue".
  if (kind !== 'action_plan' && kind !== 'work_programme' && kind !== 'joint_working_plan') {
    const opening = text.slice(0, 1500);
    const met = meetingPlace(opening, compiled);
    const date = dated?.date ?? meetingDate(opening);
    if (met || date) return { date, place: met?.place ?? null, span: dated?.span ?? met?.span ?? null };
  }
  if (dated) return dated;
  if (kind === 'agreement_overview') {
    const m = /\b(?:signed|concluded)\b[^.]{0,40}/.exec(text.slice(0, 2000));
    if (m) {
      const date = findDates(text, m.index, m.index + m[0].length)[0];
      if (date) return { date: date.date, place: null, span: { start: m.index, end: m.index + m[0].length } };
    }
  }
  return { date: null, place: null, span: null };
}

/** A day of the week or a month, which may stand where a place would ("Tuesday, September 27, 2011", "as he did in March"). */
const WEEKDAY = /^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$/;
const notAPlace = (word: string): boolean => WEEKDAY.test(word) || isMonthName(word);

/**
 * A dated line among the last lines: "14th June 2024", "Tokyo, 14 June 2024", "2024年6月14日".
 * Walked backwards line by line: splitting the whole text into lines cost more than the rest of the metadata.
 */
function datedLastLine(text: string): Metadata['signed'] | null {
  const tail = text.trimEnd();
  let offset = 0;
  for (let end = tail.length, seen = 0; end >= 0 && seen < 8; end = offset - 1) {
    offset = end > 0 ? tail.lastIndexOf('\n', end - 1) + 1 : 0;
    const line = tail.slice(offset, end);
    const clean = stripMarkdown(line).trim();
    if (!clean) continue;
    seen++;
    const found = datedLine(clean);
    if (found) {
      const start = offset + line.indexOf(clean[0]!);
      return { date: found.date, place: found.place, span: { start, end: start + clean.length } };
    }
  }
  return null;
}

/** The line right under the title when it is only a date: "Action Plan …\n\nDecember 29, 2009\n\n1. …". */
function datedLineUnder(text: string, title: Span | null): Metadata['signed'] | null {
  if (!title) return null;
  const next = text.slice(title.end, title.end + 200).search(/\S/);
  if (next < 0) return null;
  const start = title.end + next;
  const clean = stripMarkdown(text.slice(start, lineEnd(text, start))).trim();
  const found = clean.length <= 40 ? datedLine(clean) : null;
  return found && { date: found.date, place: found.place, span: { start, end: start + clean.length } };
}

/**
 * The dateline right above the title (the text's first block) or right under it: "April 12, 2013 ⏎ Berlin",
 * "Ottawa, Ontario ⏎ 22 September 2014". A country is no place of signing ("April 23, 2006 ⏎ Germany").
 */
function datelineNextTo(text: string, title: Span | null, compiled: CompiledVocabulary | null): Metadata['signed'] | null {
  if (!title) return null;
  const first = text.search(/\S/);
  let found = first < title.start ? datelineBlock(text, first) : null;
  if (!found) {
    const next = text.slice(title.end, title.end + 200).search(/\S/);
    found = next < 0 ? null : datelineBlock(text, title.end + next);
  }
  if (!found) return null;
  const place = found.place && !compiled?.partyByWord.has(found.place.toLowerCase()) ? found.place : null;
  return { date: found.date, place, span: found.span };
}

/** A place alone on a line: "Berlin", "Ottawa, Ontario", "Washington, DC". */
const PLACE_LINE = /^[\p{Lu}][\p{L}]+(?:\s[\p{Lu}][\p{L}]+){0,2}(?:,\s*([\p{Lu}][\p{L}.]+(?:\s[\p{Lu}][\p{L}]+)?))?$/u;

/**
 * A block of one to three short lines that is a dateline: a date line ("April 12, 2013", "Tokyo, 14 June 2024") and
 * at most one line with the place ("Berlin", "Ottawa, Ontario"). The place is the city: the province after it
 * goes, the "DC" of "Washington, DC" stays.
 */
function datelineBlock(text: string, start: number): { date: string; place: string | null; end: number; span: Span } | null {
  const end = blockEnd(text, start);
  if (end - start > 120) return null;
  let date: string | null = null;
  let place: string | null = null;
  for (const line of text.slice(start, end).split('\n')) {
    const clean = stripMarkdown(line).trim();
    if (!clean) continue;
    const dated = isDateLine(clean) ? datedLine(clean) : null;
    if (dated && !date) {
      date = dated.date;
      place ??= dated.place;
      continue;
    }
    const placed = place === null && clean.length <= 40 ? PLACE_LINE.exec(clean) : null;
    if (!placed || notAPlace(clean)) return null;
    place = placed[1] && !/^D\.?\s?C\.?$/.test(placed[1]) ? clean.slice(0, clean.indexOf(',')) : clean;
  }
  return date ? { date, place, end, span: { start, end } } : null;
}

// A place, then a comma, then the rest: "Tokyo, 14 June 2024", "Château de Chantilly, 22 August 2019".
const PLACED_DATE = new RegExp(String.raw`^(?:(${PLACE_NAME}),\s*)?(.+)$`, 'u');

/** A line that is a full date, with a place before it or not: "Tokyo, 14 June 2024", "2022/9/9". */
function datedLine(clean: string): { date: string; place: string | null } | null {
  // A line without a digit (or an era's first character) holds no date: most lines, read no further.
  if (!mayHoldDate(clean, 0, clean.length)) return null;
  const placed = PLACED_DATE.exec(clean);
  const date = placed ? parseDate(placed[2]!) : null;
  if (!date || date.length <= 4) return null;
  const place = placed![1] && !notAPlace(placed![1]) ? placed![1] : null;
  return { date, place };
}

// A meeting, visit or summit and, in the same sentence, the city it was held in: "meeting … in Washington, D.C.",
// "welcome … President Ferdinand R. Marcos Jr. to Washington, DC", "Dialogue in Seoul". The place is one to three
// capitalized words, with ", DC"; initials ("R.", "Jr.") do not end the sentence. A city-state is a place too:
// "The Fifth Meeting of the … Committee was held in Singapore on …".
const MEETING_PLACE =
  /\b(?:meeting|Meeting|met|meet|visit|Visit|summit|Summit|Dialogue|welcome)\b(?:[^.]|(?<=\b(?:[A-Z]|Jr|Sr|Dr|St))\.){0,120}?\b(?:in|to)\s+((?:[A-Z][a-z]+\s?){1,3}?(?:,\s*D\.?\s?C\.?)?)(?=[\s.,;—–)]|$)/gu;

/**
 * The city the first sentence that places a meeting names; a country ("visit to Japan") is no place of signing, and a
 * later sentence speaks of other meetings ("Its second meeting will be held in Strelsau").
 */
function meetingPlace(opening: string, compiled: CompiledVocabulary | null): { place: string; span: Span } | null {
  MEETING_PLACE.lastIndex = 0;
  let sentenceEnd = opening.length;
  for (let met = MEETING_PLACE.exec(opening); met && met.index < sentenceEnd; met = MEETING_PLACE.exec(opening)) {
    const start = met.index + met[0].length - met[1]!.length;
    const written = met[1]!.trim();
    // "Its second meeting will be held in Strelsau": a meeting to come is not the one the statement reports.
    if (FUTURE_MEETING.test(met[0]) || notAPlace(written)) continue;
    const party = compiled?.partyByWord.get(written.toLowerCase());
    if (party && !compiled!.parties.get(party)?.cityState) {
      const stop = /\.(?:\s|$)/.exec(opening.slice(start));
      sentenceEnd = Math.min(sentenceEnd, stop ? start + stop.index : opening.length);
      continue;
    }
    // "Washington, D.C." keeps its dots; "Washington, DC." loses the sentence's.
    const place = /D\.C\.$/.test(written) ? written : written.replace(/\.$/, '');
    return { place, span: { start, end: start + written.length } };
  }
  return null;
}

/** A meeting still to come: "will be held in …", "the next meeting in …". */
const FUTURE_MEETING = /\b(?:will|shall|would|next)\b/;

/** A word for the parties' meeting: "met", "held a meeting", "visit", "Summit". */
const MEETING_WORD = /\b(?:met|meet|meeting|Meeting|held|visit|Visit|summit|Summit|talks)\b/g;
/** A sentence that reports another event than the parties' meeting: "welcomed the … Meeting held in Tokyo on …". */
const OTHER_EVENT = /\b(?:welcom|recall|not(?:ed|ing)\b|commend|appreciat|congratulat)/i;
/** The first day of a range, right before its last: "11 – 14 May 2014", "20th - 25th October", "from 25 to 28 September". */
const RANGE_BEFORE = /\d{1,2}(?:st|nd|rd|th)?\s*(?:[-–—]|to|and)\s*$/;

/**
 * The day of the meeting a statement reports, from the first sentence that names one: "On 27 October 2009, … held the
 * first … Dialogue", "met on July 24, 2013, in Washington", "Summit Meeting held on March 27, 2005". A visit over
 * several days ("visited Japan on 11 – 14 May 2014") has no one day.
 */
function meetingDate(opening: string): string | null {
  MEETING_WORD.lastIndex = 0;
  const word = MEETING_WORD.exec(opening);
  if (!word) return null;
  const start = Math.max(opening.lastIndexOf('. ', word.index) + 1, opening.lastIndexOf('\n', word.index) + 1);
  const stop = /\.(?:\s|$)/.exec(opening.slice(word.index));
  const end = stop ? word.index + stop.index : opening.length;
  if (OTHER_EVENT.test(opening.slice(start, end))) return null;
  const day = findDates(opening, start, end).find(
    (d) => d.precision === 'day' && !RANGE_BEFORE.test(opening.slice(Math.max(0, d.span.start - 12), d.span.start)),
  );
  return day?.date ?? null;
}

/** A German or Spanish text's signing or date line ("Hecho en Tokio, el 18 de agosto de 2025") where the English rules find no date. */
function withPartnerSigned(text: string, signed: Metadata['signed']): Metadata['signed'] {
  if (signed.date) return signed;
  const language = partnerLanguage(text);
  if (!language) return signed;
  const partner = partnerSigned(text, language);
  return partner.date ? { date: partner.date, place: partner.place ?? signed.place, span: partner.span } : signed;
}

/**
 * Everything §1 of the spec asks for.
 * Example: "# Japan-Italy Action Plan (2024-2027)\n…\n14th June 2024" →
 * {title: "Japan-Italy Action Plan (2024-2027)", kind: "action_plan", parties: ["IT","JP"],
 *  period: {start: "2024", end: "2027"}, signed: {date: "2024-06-14", place: null}}.
 */
export function findMetadata(text: string, tree: RootNode, vocab: Vocabulary, original: string = text): Metadata {
  if (isJapaneseText(text)) return findJapaneseMetadata(text, tree, vocab);
  const compiled = compileVocabulary(vocab);
  // A database's header fields (furniture, blanked in `text`) give the title and date outright.
  const fields = vocab.cues.headerFields;
  const titleField = headerField(original, fields.title);
  const found = titleField ? { title: fold(stripMarkdown(titleField.value)), span: titleField.span } : findTitle(text);
  // A German or Spanish page may open with a site's section ("Presse & Publikationen") before its title.
  const language = partnerLanguage(text);
  const title = (language && partnerTitle(text, found?.title ?? null, language)) || found;
  const kind = documentKind(title?.title ?? null, text, tree, vocab);
  const period = findPeriod(text, title);
  return {
    title: title?.title ?? null,
    titleSpan: title?.span ?? null,
    kind,
    parties: findParties(text, title, compiled),
    period,
    signed: withFieldSigned(original, fields, withPartnerSigned(text, findSigned(text, kind, title?.span ?? null, compiled))),
  };
}

/** The value of the first header field of a database among the text's opening lines: "[Title] Joint Statement …". */
function headerField(text: string, names: string[]): { value: string; span: Span } | null {
  HEADER_FIELD.lastIndex = 0;
  const opening = text.slice(0, HEADER_REACH);
  for (let m = HEADER_FIELD.exec(opening); m; m = HEADER_FIELD.exec(opening)) {
    const value = m[2]!.trim();
    if (!value || !names.includes(m[1]!.trim().toLowerCase())) continue;
    const start = m.index + m[0].indexOf(value);
    return { value, span: { start, end: start + value.length } };
  }
  return null;
}

/** "[Title] Joint Statement …", "[Date] April 27, 2007": a bracketed field name and its value on one line. */
const HEADER_FIELD = /^[ \t]*\[([^\]\n]{1,20})\][ \t]*([^\n]*)$/gm;
/** How far into a text its header fields may stand. */
const HEADER_REACH = 2000;

/** The date (and place) of signing from a database's date and place fields, where the text gave none. */
function withFieldSigned(text: string, fields: Vocabulary['cues']['headerFields'], signed: Metadata['signed']): Metadata['signed'] {
  if (signed.date) return signed;
  const dateField = headerField(text, fields.date);
  const date = dateField && parseDate(dateField.value);
  if (!date || date.length < 10) return signed;
  const placeField = headerField(text, fields.place);
  return { date, place: signed.place ?? placeField?.value ?? null, span: dateField.span };
}

