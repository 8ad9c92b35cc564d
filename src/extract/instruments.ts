// Instruments the document refers to: agreements, memoranda, letters of intent, joint statements,
// earlier action plans, strategies and other frameworks, each with its kind, title and date.
import type { Instrument, InstrumentKind, IsoDate, PartyCode, RootNode, Span } from '../types.js';
import { findDates } from '../dates.js';
import { findTitle } from './metadata.js';
import { bracketAhead, clauseAround, fold, isHeadingLine, leftLimit, mayBeHeadingLine, previousWord, readToken, skipWhiteSpace, stripMarkdown, type Token } from './scan.js';
import { loadVocabulary, type Vocabulary } from '../vocab/index.js';
import { compileVocabulary, partyOfWord } from './gazetteer.js';
import { escapeRegExp, isAsciiDigit, isAsciiLower, isAsciiUpper } from '../text.js';
import { isWhiteSpace } from '../tree/lines.js';

/**
 * Head words of instrument titles and their kinds, one alternation (first group that matches decides):
 * "Memorandum of Cooperation", "MoC", "letter of intent (LoI)", "Joint Statement", "Leaders' Statement",
 * "Declaration", "Action Plan", "Agreement", "Convention", "UN Charter", "Strategy", "Mattei Plan",
 * "Partnership on …", "Framework", "Principles", "Arrangement".
 */
// ASCII word boundaries and no `u` flag: a Unicode look-behind makes this scan six times slower. Numbered groups,
// one per kind (see KIND_OF_GROUP): named ones cost an object built at every match.
const HEAD = /\b(?:([Mm]emorand(?:um|ums|a)\s+of\s+(?:[Cc]o-?operation|[Uu]nderstanding)|Mo[CU]s?|MO[CU]s?)|([Ll]etters?\s+of\s+[Ii]ntent|LoIs?|LOIs?)|(Joint\s+(?:Statement|Declaration|Communiqu[eé])|Statement|Declaration|Communiqu[eé])|(Action\s+Plan)|(Agreements?|agreements?|[Ii]mplementing\s+[Aa]rrangements?|Conventions?|Treat(?:y|ies)|Charter|Protocol)|(Strateg(?:y|ies)|strategy|Plan)|(Partnership|Framework|Principles|Arrangements?|Programme))\b/g;


interface InstrumentCues {
  head: RegExp;
  /** The same pattern for looking ahead inside a title, apart from `head`, whose lastIndex drives the document scan. */
  headAhead: RegExp;
  /** A whole word that is a head ("Act", "Agreement"): a title ends there. */
  wholeHead: RegExp;
  namedKinds: Map<string, InstrumentKind>;
  /** "… for signature": a step of procedure after a title. */
  procedure: RegExp;
  /** "… with U.S. companies": a commercial deal. */
  privateParty: RegExp;
  /** The action verbs (vocab cues.json): after "and", one ends a title's complement. */
  verbs: Set<string>;
}
let compiled: InstrumentCues | undefined;
function instrumentCues(): InstrumentCues {
  if (compiled) return compiled;
  const { cues } = loadVocabulary();
  const alternation = (words: string[]) =>
    [...words].sort((a, b) => b.length - a.length).map((w) => escapeRegExp(w).replace(/ /g, '\\s+')).join('|');
  const namedKinds = new Map(cues.namedInstrumentHeads.map(([w, k]) => [w, k as InstrumentKind]));
  // HEAD's alternatives with the vocabulary's heads added as the last group: HEAD ends in "))\b".
  const source = HEAD.source.replace(/\)\\b$/, `|(${alternation([...namedKinds.keys()])}))\\b`);
  return (compiled = {
    head: new RegExp(source, 'g'),
    headAhead: new RegExp(source, 'g'),
    wholeHead: new RegExp(`^${source.slice(2, -2)}$`),
    namedKinds,
    procedure: new RegExp(`^\\s+for\\s+(?:${alternation(cues.procedureWords)})\\b`, 'i'),
    // Lower case as written: a capitalised "Exchange" after "and" is part of a title.
    verbs: new Set(cues.actionVerbs),
    privateParty: new RegExp(`^(?:\\s*\\([^)]*\\))?\\s+with\\s+(?:[\\p{L}.-]+\\s+){0,3}?(?:${alternation(cues.privateParties)})\\b`, 'iu'),
  });
}

/**
 * The kind of each group of the head pattern, in the order of their numbers (from 1): exactly one group takes part in a match. The last group
 * holds the heads of texts named without a kind word (vocab/cues.json namedInstrumentHeads), kind from the vocabulary.
 */
const KIND_OF_GROUP: (InstrumentKind | 'named')[] = ['moc', 'letter_of_intent', 'joint_statement', 'action_plan', 'agreement', 'strategy', 'other', 'named'];

/** Words after a head that make it a modifier of something else: "Joint Statement Initiatives". */
const NOT_AN_INSTRUMENT_AFTER = /^\s+(?:Initiatives?|Negotiations?|Process|Mechanism|Group|Meeting|Committee|Council|Organi[sz]ation|cooperation|activities|partners?)\b/;
/** The first letters of NOT_AN_INSTRUMENT_AFTER's words. */
const NOT_AN_INSTRUMENT_OPENINGS = 'INPMGCOcap';
/** Words that open a title's complement: "Memorandum of Cooperation between …", "Agreement on …". */
const COMPLEMENT = /^(?:\s*\(([^()]{1,30})\))?(?:\s+(?:to\s+be\s+(?:forged|signed|concluded|established)\s+between|between|on|of|in|concerning|regarding|for|with|against|covering))\b/;
/** The first letters of COMPLEMENT's words. */
const COMPLEMENT_OPENINGS = 'tboicrfwa';
/** Words that end a complement: "…, which was adopted", "… signed on …", "… as reflected in …". */
const STOP_WORDS = new Set([
  'which', 'that', 'signed', 'issued', 'adopted', 'concluded', 'addition', 'running', 'as', 'to', 'by', 'including',
  'through', 'where', 'while', 'building', 'based', 'was', 'were', 'is', 'are', 'has', 'have', 'will', 'shall',
  'such', 'and/or', 'especially', 'particularly', 'from', 'under', 'within', 'via', 'e.g', 'i.e',
]);
const DETERMINERS = new Set(['the', 'this', 'that', 'these', 'those', 'its', 'their', 'our', 'such', 'said']);
const QUANTIFIERS = new Set(['several', 'many', 'various', 'other', 'some', 'any', 'all', 'numerous', 'these', 'those', 'such']);
/** Left words that do not make a title specific: "the bilateral agreement" is still an anaphor. */
const GENERIC_MODIFIERS = new Set(['bilateral', 'cooperation', 'co-operation', 'institutional', 'international', 'relevant', 'existing', 'new', 'current', 'revised', 'renewed', 'said', 'above', 'following', 'present']);
/** Left words that stop the walk back over a title's modifiers. */
const LEFT_STOPS = new Set([
  ...DETERMINERS, 'a', 'an', 'of', 'on', 'in', 'for', 'to', 'with', 'by', 'under', 'between', 'at', 'from', 'into',
  'through', 'and', 'or', 'as', 'is', 'are', 'was', 'be', 'implement', 'promote', 'utilizing', 'using',
]);
const MONTH_WORD = /^(?:January|February|March|April|May|June|July|August|September|October|November|December)$/;

// The patterns readInstrument tries on every candidate, compiled once.
const LATER_HEAD = /^\s+(?:Agreement|Convention|Treaty|Charter|Strategy|Framework|Declaration|Statement|Programme|Partnership\s+Agreement)\b/;
/** The first letters of LATER_HEAD's words. */
const LATER_HEAD_OPENINGS = 'ACTSFDP';
const NEGATED_BEFORE = /\bnot\s+(?:constitute|create|be)\s+(?:an?\s+)?(?:\w+\s+)?$/i;
// "signed on 3 May 2013", "adopted in 2020", "signed May 3, 2013" (the date right after the verb).
const DATED_AFTER = /^\s*(?:\([^)]*\)\s*)?,?\s*(?:which\s+was\s+)?(?:signed|adopted|concluded|issued)\s+(?:(?:on|in)\b|(?=(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d|\d))/;
const POSSESSIVE = /['’]s$/;
const COMPOUND_NAME = /^[\p{Lu}][\p{L}]*-[\p{Lu}]/u;
const ON_AFTER = /^\s+on\b/;
const BETWEEN_AFTER = /^\s*(?:\([^)]*\)\s*)?(?:between|with)\b/;
/** Plain nouns that need more evidence than titled ones: a proper name before them or a complement after. */
const NEEDS_EVIDENCE = /^(?:Statement|Declaration|Communiqu|Charter|Framework|Principles|Plan|Strateg|Protocol|Arrangements?$)/;
const ARRANGEMENT = /^Arrangements?$/;
const IMPLEMENTING = /^Implement(?:ing|ation)$/;
const CITED_BEFORE = /\b(?:paragraph|article|section|point)\s+\d+\s+of\s+the\s*$/i;
/** Words before a title that make it the document itself ("the following Action Plan"), with the determiner "this". */
const SELF_WORDS = new Set(['following', 'present', 'current']);
/** " on an annual basis", " on a regular basis": an adverbial after a title, no part of it. */
const ON_A_BASIS = /^\s+on\s+an?\s+(?:[\p{L}-]+\s+){1,2}basis\b/u;
/** Heads that name a plan of work: with "the following", "the present" it is the document itself. */
const PLAN_HEAD = /plan|program|road\s?-?map/i;
const CAPITAL_OR_DIGIT = /^[\p{Lu}\p{N}]/u;
/** Whether `word` opens with a capital letter or a digit (`/^[\p{Lu}\p{N}]/u`, ASCII decided by character code). */
function isCapitalOrDigit(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? isAsciiUpper(c) || isAsciiDigit(c) : CAPITAL_OR_DIGIT.test(word);
}

interface Candidate {
  kind: InstrumentKind;
  title: string;
  span: Span;
  date: IsoDate | null;
}

/**
 * Finds the instruments a document refers to (not the document itself).
 * Example: "… the Memorandum of Cooperation on the peaceful uses of nuclear energy signed on 7th November 2024 …"
 * → {kind: "moc", title: "Memorandum of Cooperation on the peaceful uses of nuclear energy", date: "2024-11-07"}.
 */
/**
 * A test for the partnership the document's own parties hold with each other ("Japan-U.S. Clean Energy
 * Partnership" in a Japan–United States statement): the relationship the document is about, not a text it refers
 * to (spec §5). A partnership with someone else ("Japan-EU Security and Defense Partnership" in a Japan–Poland
 * plan) stays an instrument. `prefix` is the compound before the title ("Japan-U.S.").
 */
export type OwnPartnership = (prefix: string) => boolean;

/** The test for a document of these parties: every side of the compound is one of them, and each of them is named. */
export function ownPartnership(vocab: Vocabulary, parties: PartyCode[]): OwnPartnership {
  const compiled = compileVocabulary(vocab);
  return (prefix) => {
    const sides = prefix.split(/[-–]/).map((w) => partyOfWord(compiled, w));
    return parties.length >= 2 && sides.every((c) => c !== null && parties.includes(c)) && parties.every((c) => sides.includes(c));
  };
}

export function findInstruments(text: string, _tree: RootNode, ownPartners: OwnPartnership = () => false): Instrument[] {
  const own = findTitle(text);
  const out: Candidate[] = [];
  let coveredUntil = -1;
  const { head, namedKinds } = instrumentCues();
  head.lastIndex = 0;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start < coveredUntil) continue;
    if (own && start >= own.span.start && start < own.span.end) continue;
    // A word of a link's address names nothing: "(https://…/FACT-SHEET-U.S.-Japan-…-Partnership.pdf)".
    if (insideLink(text, start)) continue;
    // "The Memorandum of Cooperation (MOC) was …", "(hereafter referred to as 'this MoC')": the short name given to
    // the title before it is that instrument again, not another.
    if (shortNameGiven(text, start, end)) continue;
    let group = 1;
    while (group < KIND_OF_GROUP.length && m[group] === undefined) group++;
    const kind = KIND_OF_GROUP[group - 1]!;
    if (kind === 'named') {
      const candidate = readNamed(text, start, end, m[0], namedKinds.get(m[0].replace(WHITE_SPACE_RUNS, ' '))!);
      if (candidate) {
        out.push(candidate);
        coveredUntil = candidate.span.end;
        head.lastIndex = Math.max(head.lastIndex, candidate.span.end);
      }
      continue;
    }
    const list = arrangementList(text, start, end, m[0]);
    if (list.length) {
      out.push(...list);
      coveredUntil = list[list.length - 1]!.span.end;
      head.lastIndex = coveredUntil;
      continue;
    }
    const candidate = readInstrument(text, start, end, m[0], kind, ownPartners);
    if (!candidate) continue;
    // "1st … Ministerial Dialogue\n\nJoint Statement": a title read back into the document's own title is the document.
    if (own && candidate.span.start < own.span.end && candidate.span.end > own.span.start) continue;
    out.push(candidate);
    coveredUntil = candidate.span.end;
    head.lastIndex = Math.max(head.lastIndex, candidate.span.end);
  }
  // One entry per instrument: "Japan-EU Economic Partnership Agreement (EPA)" named three times is one.
  const seen = new Map<string, Candidate>();
  for (const c of out) {
    const words = titleWords(c.title);
    const key = words.join(' ');
    // "the Agreement on Reciprocal, Fair, and Balanced Trade" and later the same "… between the United States and
    // Viet Nam": the parties added to a specific title do not make another instrument (a "between" inside the key).
    const between = words.indexOf('between', 1);
    const base = between > 0 && between < words.length - 1 ? words.slice(0, between).join(' ') : key;
    const previous = seen.get(key) ?? (base !== key && between >= 4 ? seen.get(base) : undefined);
    if (!previous) seen.set(key, c);
    else previous.date ??= c.date;
  }
  return [...seen.values()].map((c, i) => ({ id: `ins${i + 1}`, kind: c.kind, title: c.title, date: c.date, span: c.span }));
}

/**
 * The words of a title without brackets, case, punctuation or a plural "memorandums": joined by spaces, the key two
 * mentions of one instrument share.
 */
function titleWords(title: string): string[] {
  const lower = (title.includes('(') ? title.replace(BRACKETED, '') : title).toLowerCase();
  // In ASCII text the letters and digits are [a-z0-9] once lower-cased: the words are the runs of those, read by
  // character code (the patterns cost more than the rest of the key); other text goes through the Unicode classes.
  const words: string[] = [];
  for (let i = 0; i < lower.length; ) {
    const c = lower.charCodeAt(i);
    if (c >= 128) return lower.replace(NOT_ALNUM, ' ').replace(MEMORANDUMS, 'memorandum').trim().split(' ');
    if (!(isAsciiLower(c) || isAsciiDigit(c))) {
      i++;
      continue;
    }
    let end = i + 1;
    for (let d = lower.charCodeAt(end); end < lower.length && (isAsciiLower(d) || isAsciiDigit(d)); d = lower.charCodeAt(++end));
    const word = lower.slice(i, end);
    words.push(word === 'memorandums' ? 'memorandum' : word);
    i = end;
  }
  return words;
}

const BRACKETED = /\s*\([^)]*\)/g;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;
const MEMORANDUMS = /\bmemorandums\b/g;
const WHITE_SPACE_RUNS = /\s+/g;

/** A bracket opening right before a head: "(MOC)", "(“MoC”)". */
const BRACKET_BEFORE = /\(\s*["“‘'«]?$/;
/** A bracket closing right after it. */
const BRACKET_AFTER = /^["”’'»]?\s*\)/;
/** A defined term's introduction, a few characters back: "(hereinafter referred to as “the MoC”)". */
const DEFINED_AS = /\b(?:referred\s+to\s+as|here(?:in)?after|called)\b[^()]{0,20}$/i;

/**
 * Whether the head at [start, end) is a short name given in brackets to the title before it: an acronym alone in its
 * brackets ("… Cooperation (MOC)") or a defined term ("(hereafter referred to as 'this MoC')"). Only a head right after
 * "(" or with "(" a few characters back is looked at.
 */
function shortNameGiven(text: string, start: number, end: number): boolean {
  const back = text.lastIndexOf('(', start);
  if (back < 0 || start - back > 60) return false;
  const before = text.slice(back, start);
  return (BRACKET_BEFORE.test(before) && BRACKET_AFTER.test(text.slice(end, end + 4))) || DEFINED_AS.test(before);
}

/**
 * Whether the word at `at` is part of a link's address: the run of non-space characters (at most 300) ending there
 * holds "://". Scanned back by character code: the run before a head word is nearly always empty.
 */
function insideLink(text: string, at: number): boolean {
  const floor = Math.max(0, at - 300);
  let runStart = at;
  while (runStart > floor && !isWhiteSpace(text.charCodeAt(runStart - 1))) runStart--;
  return at - runStart >= 3 && text.lastIndexOf('://', at - 3) >= runStart;
}

/** `s` without trailing white space and characters of `marks` (`s.replace(/[\s…]+$/, '')`, without trying every offset). */
function trimTrailing(s: string, marks: string): string {
  let end = s.length;
  while (end > 0 && (isWhiteSpace(s.charCodeAt(end - 1)) || marks.includes(s[end - 1]!))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Whether text[from, to) holds "not" in any case, as every match of NEGATED_BEFORE does: few texts before a head do. */
function holdsNot(text: string, from: number, to: number): boolean {
  for (let i = from; i + 2 < to; i++) {
    if ((text.charCodeAt(i) | 32) === 110 /* n */ && (text.charCodeAt(i + 1) | 32) === 111 /* o */ && (text.charCodeAt(i + 2) | 32) === 116 /* t */) return true;
  }
  return false;
}

/** Reads one instrument around a head word, or null when the head is not a reference to an instrument. */
function readInstrument(text: string, headStart: number, headEnd: number, headWord: string, headKind: InstrumentKind, ownPartners: OwnPartnership): Candidate | null {
  let kind = headKind;
  const clause = clauseAround(text, { start: headStart, end: headEnd });
  const after = text.slice(headEnd, Math.min(clause.end, headEnd + 400));
  // The patterns on the words after the head are run only where the next word opens with one of their letters.
  const nextAt = skipWhiteSpace(text, headEnd, headEnd + after.length);
  const next = nextAt < headEnd + after.length ? String.fromCharCode(text.charCodeAt(nextAt)) : '';
  const spaced = nextAt > headEnd;
  if (spaced && NOT_AN_INSTRUMENT_OPENINGS.includes(next) && NOT_AN_INSTRUMENT_AFTER.test(after)) return null;
  if ((next === '(' || (spaced && (next === 'w' || next === 'W'))) && instrumentCues().privateParty.test(after)) return null;
  // "Strategic Partnership Agreement": the later head word takes the whole title.
  if (spaced && LATER_HEAD_OPENINGS.includes(next) && LATER_HEAD.test(after)) return null;

  // A blank line inside a sentence ("the G7 Leaders'\n\nStatement of June 2024") does not stop the title.
  if (holdsNot(text, Math.max(0, headStart - 40), headStart) && NEGATED_BEFORE.test(text.slice(Math.max(0, headStart - 40), headStart))) return null;
  const left = readLeft(text, headStart, leftLimit(text, clause.start));
  const lowerHead = isAsciiLower(headWord.charCodeAt(0));
  const properLeft = left.words.some((w, i) => isCapitalOrDigit(w) && !GENERIC_MODIFIERS.has(left.lowers[i]!));
  const specificLeft = left.lowers.some((w) => !GENERIC_MODIFIERS.has(w));
  const determiner = left.before;

  // The rules that need no complement come before reading it (the costliest step here).
  if (headWord === 'Plan' && !properLeft) return null;
  if (headWord === 'strategy' && !left.words.some((w) => POSSESSIVE.test(w))) return null;
  if (headWord === 'Partnership') {
    const compound = left.words.find((w) => COMPOUND_NAME.test(w));
    const named = ON_AFTER.test(after) || compound !== undefined;
    if (!named || (compound !== undefined && ownPartners(compound))) return null;
  }
  // A programme is a text when it is one the parties concluded or adopted: "Individually Tailored Partnership
  // Programme (ITPP) between Japan and NATO", "the Cultural Exchange Programme signed in 2023"; not a project
  // such as "Global Combat Air Programme (GCAP)".
  if (headWord === 'Programme' && !(properLeft && (DATED_AFTER.test(after) || BETWEEN_AFTER.test(after)))) return null;
  if (QUANTIFIERS.has(determiner) && !properLeft) return null;

  const right = readRight(text, headEnd, clause.end, headWord);
  // Plain nouns need more evidence than titled ones.
  if (NEEDS_EVIDENCE.test(headWord) && !properLeft && !right.complement) return null;
  // An implementing arrangement is an agreement under another: "Lunar Surface Exploration Implementing Arrangement".
  if (ARRANGEMENT.test(headWord) && IMPLEMENTING.test(left.words[left.words.length - 1] ?? '')) kind = 'agreement';
  if (lowerHead && headWord.startsWith('agreement')) {
    if (QUANTIFIERS.has(determiner) || DETERMINERS.has(determiner) && !right.complement) return null;
    if (!right.complement && !(specificLeft && (determiner === 'a' || determiner === 'an'))) return null;
    if (headWord.endsWith('s') && DETERMINERS.has(determiner)) return null;
  }
  // "the MoC", "this Memorandum", "the Agreement" refer back, unless a paragraph of it is cited or it is dated here.
  const anaphor = DETERMINERS.has(determiner) && !properLeft && !right.complement && !specificLeft;
  // The patterns are asked only about anaphors, few of the heads read.
  if (anaphor && !DATED_AFTER.test(after) && !CITED_BEFORE.test(text.slice(Math.max(0, left.start - 30), left.start))) return null;
  // The document itself: "This Action Plan", "the following Action Plan", "the current Action Plan".
  if (determiner === 'this' || SELF_WORDS.has(determiner) || SELF_WORDS.has(left.lowers[0] ?? '')) {
    // "issued the following Joint Statement with the aim of …": what follows is the text itself, whatever is said of it.
    if (kind === 'action_plan' || PLAN_HEAD.test(headWord) || !right.complement || determiner === 'following' || left.lowers[0] === 'following') return null;
  }
  // "have agreed to an Action Plan to implement …", "execute a five-year Action Plan": a plan described, not named,
  // is the one the document sets out.
  if (kind === 'action_plan' && (determiner === 'a' || determiner === 'an') && !properLeft && !DATED_AFTER.test(after)) return null;

  let end = right.end;
  let title = trimTrailing(fold(stripMarkdown(text.slice(left.start, end))), ',;:.*_');
  // A bare "Memorandum of Cooperation (MoC) signed on … with the intended objective to …" is described by its clause.
  if (!specificLeft && !right.complement && (kind === 'moc' || kind === 'agreement' || kind === 'letter_of_intent')) {
    // … up to a relative clause, which says what it does rather than which it is: "the implementing arrangement signed
    // May 3, 2013 which will enable …".
    const relative = RELATIVE_CLAUSE.exec(text.slice(right.end, clause.end));
    end = relative ? right.end + relative.index : clause.end;
    title = trimTrailing(fold(stripMarkdown(text.slice(left.start, end))), '.;:,');
  }
  return { kind, title, span: { start: left.start, end }, date: leadingDate(text, left.start, headStart, kind) ?? dateNear(text, left.start, right.end, clause) };
}

/** A relative clause after a title: ", which will …", " that was …". */
const RELATIVE_CLAUSE = /,?\s+(?:which|that)\s/;
const EXECUTIVE_ORDER = /^Executive\s+Order$/;
const ORDER_NUMBER = /^\s+\d{3,6}\b/;
const ORDER_DATE_AND_TITLE = /^\s+of\s+[\p{Lu}][\p{L}]+\s+\d{1,2},\s+\d{4}(?:,\s+[\p{Lu}][\p{L}-]*(?:\s+(?:(?:for|of|and|on|the|to|in)\s+)*[\p{Lu}][\p{L}-]*)*)?/u;
const CAPITAL_AFTER = /^\s+[\p{Lu}]/u;
const CAPITALISED_GERUND = /^\p{Lu}\p{Ll}+ing$/u;

/**
 * A text named without a kind word: "the Inflation Reduction Act", "the ASEAN Outlook on the Indo-Pacific",
 * "UN Security Council resolutions", "Executive Order 14257 of April 2, 2025". It needs a proper name before its
 * head ("the roadmap", "Rule of Law", "relevant resolutions" name nothing), an executive order its number.
 */
function readNamed(text: string, headStart: number, headEnd: number, headWord: string, kind: InstrumentKind): Candidate | null {
  const clause = clauseAround(text, { start: headStart, end: headEnd });
  let end = headEnd;
  if (mayBeHeadingLine(text, headStart) && isHeadingLine(text, headStart)) return null;
  if (EXECUTIVE_ORDER.test(headWord)) {
    // Cited with its number, date and title: "Executive Order 14346 of September 5, 2025, Potential Tariff Adjustments for …".
    const number = ORDER_NUMBER.exec(text.slice(headEnd, headEnd + 12));
    if (!number) return null;
    end += number[0].length;
    const dated = ORDER_DATE_AND_TITLE.exec(text.slice(end, end + 200));
    if (dated) {
      const clauseOfIt = clauseAround(text, { start: headStart, end: end + dated[0].length });
      return { kind, title: fold(text.slice(headStart, end + dated[0].length)), span: { start: headStart, end: end + dated[0].length }, date: dateNear(text, headStart, end, clauseOfIt) };
    }
  }
  const after = text.slice(end, Math.min(clause.end, end + 200));
  // A longer name goes on: "Act East Policy", "Law Enforcement Dialogue", "Compact Agreement".
  if (CAPITAL_AFTER.test(after)) return null;
  const executive = headWord.startsWith('Executive');
  const left: LeftWords = executive ? { start: headStart, words: [], lowers: [], before: '' } : readLeft(text, headStart, leftLimit(text, clause.start));
  // A capitalised verb in a heading is no name: "…, Upholding International Law".
  const properLeft = left.words.some((w, i) => isCapitalOrDigit(w) && !GENERIC_MODIFIERS.has(left.lowers[i]!) && !CAPITALISED_GERUND.test(w));
  if (!properLeft && !executive) return null;
  const right = readRight(text, end, clause.end, headWord);
  const title = trimTrailing(fold(stripMarkdown(text.slice(left.start, right.end))), ',;:.*_');
  return { kind, title, span: { start: left.start, end: right.end }, date: leadingDate(text, left.start, headStart, kind) ?? dateNear(text, left.start, right.end, clause) };
}

/**
 * A date that opens a title: "the March 2021 Joint Statement", "the 1951 … Mutual Defense Treaty", "the 2016 …
 * Arbitral Award". A bare year dates only a text made at a point in time (an agreement, a statement, an award); before
 * a strategy or plan it names a horizon ("2050 Strategy for the Blue Pacific Continent").
 */
function leadingDate(text: string, start: number, headStart: number, kind: InstrumentKind): IsoDate | null {
  if (!mayOpenDate(text.charCodeAt(start))) return null;
  const first = findDates(text, start, headStart)[0];
  if (!first || first.span.start !== start) return null;
  if (first.precision === 'year' && (kind === 'strategy' || kind === 'action_plan')) return null;
  return first.date;
}

/**
 * Whether a date can start with this character: a digit (ASCII or full-width), the first letter of a month in either
 * case, or the first character of an era name. Most titles open with neither, and this saves reading them for dates.
 */
function mayOpenDate(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || DATE_INITIALS.includes(String.fromCharCode(c | 32));
  return (c >= 0xff10 && c <= 0xff19) || OTHER_INITIALS.includes(String.fromCharCode(c));
}
const DATE_INITIALS = 'jfmasond';
/** Era names, and "ſ", which a case-insensitive Unicode pattern reads as an "s" ("ſeptember"). */
const OTHER_INITIALS = '明大昭平令ſ';

/** Walks back over a title's modifiers: "the Japan-EU Economic Partnership" before "Agreement". */
interface LeftWords {
  start: number;
  words: string[];
  /** The words lower-cased, for the word lists. */
  lowers: string[];
  /** The lower-cased word that stopped the walk ("the", "a"), or "". */
  before: string;
}

function readLeft(text: string, headStart: number, limit: number): LeftWords {
  const lowerHead = isAsciiLower(text.charCodeAt(headStart));
  const words: string[] = [];
  const lowers: string[] = [];
  let start = headStart;
  let before = '';
  for (let guard = 0; guard < 10; guard++) {
    let found = previousWord(text, start, Math.max(limit, start - 60));
    if (!found) break;
    // "3.This Agreement": a list number glued to the word before the title is no word of it, and nothing before it is.
    const numbered = found.word.includes('.') || found.word.includes(')') ? NUMBERED_WORD.exec(found.word) : null;
    if (numbered) found = { word: numbered[1]!, start: found.start + found.word.length - numbered[1]!.length };
    const word = found.word;
    const lower = word.toLowerCase();
    const capital = isCapitalOrDigit(word);
    // "Trade and Investment Framework Agreement": an "and" between capitalised words is a word of the title.
    // Not where the word before "and" ends another title or the next opens with a possessive: "… Act and Australia’s … Plan".
    // (Read only at an "and": the search, anchored at its end, tries every offset of the slice.)
    const joined = word === 'and' ? CAPITAL_BEFORE_AND.exec(text.slice(Math.max(limit, found.start - 40), start)) : null;
    const joinsCapitals = word === 'and' && UPPER_FIRST.test(words[0] ?? '') && !!joined && !POSSESSIVE.test(words[0]!) && !instrumentCues().wholeHead.test(joined[1]!);
    if (LEFT_STOPS.has(lower) && !joinsCapitals) {
      before = lower;
      break;
    }
    if (!capital && !joinsCapitals && (words.length >= 2 || (!lowerHead && !GENERIC_MODIFIERS.has(lower) && !POSSESSIVE.test(word)))) {
      before = lower;
      break;
    }
    if (QUANTIFIERS.has(lower)) {
      before = lower;
      break;
    }
    words.unshift(word);
    lowers.unshift(lower);
    start = found.start;
    if (numbered) break;
  }
  return { start, words, lowers, before };
}

const CAPITAL_BEFORE_AND = /([\p{Lu}][\p{L}]*)\s+and\s*$/u;
/** A word with a list number glued before it: "3.This", "2)The". */
const NUMBERED_WORD = /^\d{1,3}[.)]([\p{L}][\p{L}'’-]*)$/u;

/**
 * Reads what follows a head: a bracketed acronym or period ("(ReCAAP)", "(2021–2027)"), capitalised
 * title words ("Declaration Driving Change Together - Katowice Partnership for E-Mobility") and
 * complements ("between Japan and Greenland", "on the peaceful uses of nuclear energy"), up to a stop
 * word, a date or the clause end.
 */
function readRight(text: string, headEnd: number, clauseEnd: number, headWord: string): { end: number; complement: boolean } {
  let pos = headEnd;
  let complement = false;
  const bracket = bracketAhead(text, pos, pos + 40) ? LEADING_BRACKET.exec(text.slice(pos, pos + 40)) : null;
  if (bracket && !YEAR_ONLY.test(bracket[1]!)) pos += bracket[0].length;
  // Capitalised continuation of a title ("Declaration Driving Change Together - Katowice Partnership …").
  if (headWord === 'Declaration' || headWord === 'Statement') {
    const more = CAPITALISED_RUN.exec(text.slice(pos, pos + 120));
    if (more) pos += more[0].length;
  }
  const token: Token = { kind: 'stop', start: 0, end: 0 };
  const peek: Token = { kind: 'stop', start: 0, end: 0 };
  for (let guard = 0; guard < 4; guard++) {
    const bound = Math.min(clauseEnd, pos + 300);
    const rest = text.slice(pos, bound);
    // The patterns are run only where the next word (or bracket) opens with one of their letters.
    const nextAt = skipWhiteSpace(text, pos, bound);
    const next = nextAt < bound ? String.fromCharCode(text.charCodeAt(nextAt)) : '';
    const spaced = nextAt > pos;
    if (spaced && (next === 'f' || next === 'F') && instrumentCues().procedure.test(rest)) break;
    // "review the Plan on an annual basis": how often, not which plan.
    if (spaced && next === 'o' && ON_A_BASIS.test(rest)) break;
    const intro = next === '(' || (spaced && next !== '' && COMPLEMENT_OPENINGS.includes(next)) ? COMPLEMENT.exec(rest) : null;
    if (!intro) break;
    // A bracket before the complement is an acronym: "Memorandum of Cooperation (MoC) in the field of health".
    let p = pos + intro[0].length;
    let words = 0;
    let lastGood = -1;
    for (;;) {
      readToken(text, p, Math.min(clauseEnd, p + 80), token);
      if (token.kind === 'stop') break;
      if (token.kind === 'paren') {
        if (token.end - token.start === 6 && isYear(text, token.start + 1)) break;
        // An acronym closes a title: "… Ships in Asia (ReCAAP) and in the G7 …".
        p = token.end;
        lastGood = p;
        break;
      }
      if (token.kind === 'comma') {
        const next = AFTER_COMMA.exec(text.slice(token.start, token.end + 40));
        if (next && UPPER_FIRST.test(next[1]!) && !MONTH_WORD.test(next[1]!) && !YEAR_ONLY.test(next[1]!)) {
          p = token.end;
          continue;
        }
        break;
      }
      const word = text.slice(token.start, token.end);
      const folded = word.toLowerCase();
      const lower = folded.endsWith('.') ? folded.slice(0, -1) : folded;
      // Years and months are tried only on words that can be one: a digit 1 or 2, a capital.
      const first = word.charCodeAt(0);
      const year = (first === 49 || first === 50) && YEAR_PREFIX.test(word);
      // A period belongs to the title ("… for the Years 2021-2025"); a single year is a date.
      if (year && PERIOD_WORD.test(word)) {
        p = token.end;
        lastGood = p;
        break;
      }
      if (year || STOP_WORDS.has(lower) || (first >= 65 && first <= 90 && MONTH_WORD.test(word))) break;
      // A day of the month opens a date, not a subject: "… Arrangement on 1 February 2018".
      if (first >= 48 && first <= 57 && DAY_NUMBER.test(word) && MONTH_AFTER.test(text.slice(token.end, token.end + 12))) break;
      p = token.end;
      if (lower === 'and') {
        // "… MOU between A and B and discuss further collaboration": a verb after "and" starts the parties' next act;
        // a title goes on with nouns ("… on Science and Technology").
        readToken(text, p, Math.min(clauseEnd, p + 40), peek);
        if (peek.kind === 'word' && instrumentCues().verbs.has(text.slice(peek.start, peek.end))) break;
        // "… on Biological Diversity and the Paris Agreement": the words after "and" name another instrument.
        if (namesAnotherInstrument(text, p, clauseEnd, peek)) break;
        continue;
      }
      words++;
      if (!COMPLEMENT_LINKS.has(lower)) lastGood = p;
      if (words >= 24) break;
    }
    if (lastGood <= pos + intro[0].length) break;
    complement = true;
    pos = lastGood;
  }
  return { end: pos, complement };
}

/** A day of the month before its month: "1" of "1 February 2018", "21st" of "21st March"; not "the 21st Century". */
const DAY_NUMBER = /^\d{1,2}(?:st|nd|rd|th)?$/;
const MONTH_AFTER = /^\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/;

/** Words that may open a coordinated title: "and the Convention on …", "and its Protocol". */
const COORDINATED_OPENERS = new Set(['the', 'a', 'an', 'its', 'their', 'our']);

/**
 * Whether the words after an "and" at `from` are another instrument's name: a determiner at most, then capitalised
 * words (joined by "of") that hold a head ("the G7 Code of Conduct", "the Convention on …", "the Strategic
 * Partnership Agreement"). Parties and bodies hold none ("and the Kingdom of Denmark", "and the European Union").
 */
function namesAnotherInstrument(text: string, from: number, clauseEnd: number, token: Token): boolean {
  let at = from;
  let end = -1;
  for (let i = 0; i < 8; i++) {
    readToken(text, at, Math.min(clauseEnd, at + 60), token);
    if (token.kind !== 'word') break;
    const word = text.slice(token.start, token.end);
    if (isCapitalOrDigit(word)) end = token.end;
    else if (!(i === 0 && COORDINATED_OPENERS.has(word)) && !(word === 'of' && end > 0)) break;
    at = token.end;
  }
  if (end < 0) return false;
  const { headAhead } = instrumentCues();
  // Most names hold no head, and the search would go on to the next head of the document: it is first bounded to the
  // text up to one character past `end`. A head ending by `end` matches there as in the whole text (its closing \b
  // reads the character at `end`), so no match there says no. A match there may be a head cut short by the bound:
  // the whole text decides.
  headAhead.lastIndex = from;
  if (!headAhead.test(text.slice(0, end + 1))) return false;
  headAhead.lastIndex = from;
  const found = headAhead.exec(text);
  return found !== null && found.index + found[0].length <= end;
}

const LEADING_BRACKET = /^\s*\(([^()]{1,30})\)/;
const CAPITALISED_RUN = /^(?:\s+(?:-\s+)?[\p{Lu}][\p{L}\p{N}-]*)+/u;
const AFTER_COMMA = /^,\s*(?:and\s+)?([\p{L}\p{N}]+)/u;
const UPPER_FIRST = /^[\p{Lu}]/u;
const YEAR_ONLY = /^(?:19|20)\d\d$/;
const YEAR_PREFIX = /^(?:19|20)\d\d/;
const PERIOD_WORD = /^(?:19|20)\d\d[-–](?:19|20)?\d\d$/;
/** Words of a complement that do not end a title on their own: "… on the", "… between". */
const COMPLEMENT_LINKS = new Set(['the', 'a', 'an', 'of', 'in', 'on', 'for', 'and', 'between', 'with']);

/** Whether text[at, at + 4) is a year 1900–2099. */
function isYear(text: string, at: number): boolean {
  const c0 = text.charCodeAt(at);
  const c1 = text.charCodeAt(at + 1);
  return ((c0 === 49 && c1 === 57) || (c0 === 50 && c1 === 48)) && isAsciiDigit(text.charCodeAt(at + 2)) && isAsciiDigit(text.charCodeAt(at + 3));
}

/**
 * The instrument's date: a bracketed year right after it ("Kitakyushu (2022)"), a date in the rest of
 * its clause introduced by signed/adopted/issued/in/on/of ("signed on 7th November 2024", "in March 2022"),
 * or a clause opening with a date ("In 2014, Prime Ministers … launched a Joint Statement").
 */
const DASH_BEFORE = /[-–]\s*$/;
const DASH_AFTER = /^\s*[-–]\s*\d/;
const LIMIT_BEFORE = /\b(?:next|by|until|before|since)\s*$/i;
const TARGET_AFTER = /^\s*(?:targets?|goals?|objectives?|agenda)\b/i;
const DATING_BEFORE = /(?:signed|adopted|issued|concluded|dated|launched|made|of|in|on|,|\()\s*(?:the\s+)?$/i;
const OPENING_IN_ON = /^\s*(?:In|On|in|on)\s+/;

function dateNear(text: string, start: number, end: number, clause: Span): IsoDate | null {
  const after = findDates(text, end, Math.min(clause.end, end + 90));
  for (const d of after) {
    const gap = text.slice(end, d.span.start);
    if (DASH_BEFORE.test(gap) || DASH_AFTER.test(text.slice(d.span.end, d.span.end + 3))) continue; // a range "2021–2027" is a period
    if (LIMIT_BEFORE.test(gap)) continue;
    // "achieving our respective 2030 targets": a year that names a target is no date of the instrument.
    if (TARGET_AFTER.test(text.slice(d.span.end, d.span.end + 20))) continue;
    if (DATING_BEFORE.test(gap)) return d.date;
  }
  const opening = OPENING_IN_ON.exec(text.slice(clause.start, start));
  if (opening) {
    const first = findDates(text, clause.start + opening[0].length, Math.min(start, clause.start + opening[0].length + 25))[0];
    if (first && first.span.start === clause.start + opening[0].length) return first.date;
  }
  return null;
}

/**
 * A list of like instruments with years: "Arrangements with Kitakyushu (2022), Moriya (2021) … and
 * Osaka (2011)" → one "Arrangement with Kitakyushu" (2022) per item.
 */
const LIST_INTRO = /^\s+(with|between)\s+/;
/** One item of a list (sticky): "Kitakyushu (2022), ", "Osaka (2011)". */
const LIST_ITEM = /([\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+){0,2})\s*\(((?:19|20)\d\d)\)(\s*,\s*(?:and\s+)?|\s+and\s+)?/uy;

function arrangementList(text: string, start: number, end: number, headWord: string): Candidate[] {
  // Plurals only: "Arrangements", "MoCs", "Memoranda".
  if (!headWord.endsWith('s') && !headWord.endsWith('Memoranda')) return [];
  const rest = text.slice(end, end + 600);
  const intro = LIST_INTRO.exec(rest);
  if (!intro) return [];
  const item = LIST_ITEM;
  item.lastIndex = intro[0].length;
  const singular = headWord.replace(/Memoranda$/, 'Memorandum').replace(/s$/, '');
  const out: Candidate[] = [];
  for (let m = item.exec(rest); m; m = item.exec(rest)) {
    out.push({
      kind: /^Arrangement/.test(singular) ? 'other' : /^Agreement/i.test(singular) ? 'agreement' : 'moc',
      title: `${singular} ${intro[1]} ${m[1]}`,
      date: m[2]!,
      span: { start: out.length ? end + m.index : start, end: end + m.index + m[0].length - (m[3]?.length ?? 0) },
    });
    if (!m[3]) break;
  }
  return out.length >= 2 ? out : [];
}
