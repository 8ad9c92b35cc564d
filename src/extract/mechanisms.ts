// Mechanisms: the standing dialogues, consultations, committees and meetings through which the
// parties meet, each with its cadence (annual, biennial, regular, once, unspecified).
import type { Cadence, Mechanism, RootNode, Span } from '../types.js';
import { bracketAhead, clauseAround, fold, isHeadingLine, leftLimit, mayBeHeadingLine, Openings, previousWord, readToken, skipWhiteSpace, stripMarkdown, type Token } from './scan.js';
import { PROVISION_CUES } from './provisions.js';
import { loadVocabulary } from '../vocab/index.js';
import { escapeRegExp, isAsciiDigit, isAsciiUpper } from '../text.js';
import { isWhiteSpace } from '../tree/lines.js';
import { isMonthName } from '../dates.js';

const DISPUTE_CUE = PROVISION_CUES.find(([kind]) => kind === 'dispute_settlement')![1];

/**
 * Head nouns of mechanisms: "Dialogue", "consultations", "Joint Committee", "Committee Meeting",
 * "senior official meetings", "Working Group", "Talks".
 */
// ASCII word boundaries and no `u` flag keep this pattern fast (a Unicode look-behind is several times slower).
const HEAD = /\b(?<!-)(?:[Dd]ialogues?|[Cc]onsultations?|Committee(?:\s+Meetings?)?|[Mm]eetings|Meeting|Working\s+Group|Talks|Commission|Council|Forum|Group|[Mm]echanisms?|[Tt]ask\s+[Ff]orces?|Ministerial|working\s+groups?|forums?)\b/g;

/** Vocabulary of standing bodies (vocab/cues.json), compiled once on first use. */
interface BodyCues {
  bodyModifiers: Set<string>;
  standing: Set<string>;
  /** Text before a body that ends in a verb setting it up: "convening a bilateral Mining, Minerals and ". */
  creation: RegExp;
  /** Text before a meeting that ends in an ordinal: "convening their first bilateral ", "the 10th meeting of the ". */
  ordinal: RegExp;
  /** Text before a body that ends in a numbered meeting of it: "hold the fourth meeting of the ", "1st Meeting of the ". */
  ordinalOf: RegExp;
  /** The ordinals in words, lower case: "first", "eighth". */
  ordinals: Set<string>;
  /** Names and adjectives of the parties: "Japan", "Italian". */
  partyWords: Set<string>;
}
let bodyCues: BodyCues | undefined;
function cues(): BodyCues {
  if (bodyCues) return bodyCues;
  const vocab = loadVocabulary();
  const { cues: c } = vocab;
  const alternation = (words: string[]) => words.map((w) => escapeRegExp(w).replace(/ /g, '\\s+')).join('|');
  return (bodyCues = {
    bodyModifiers: new Set(c.mechanismBodyModifiers),
    standing: new Set(c.standingModifiers),
    creation: new RegExp(`\\b(?:${alternation(c.mechanismCreationVerbs)})\\s+(?:(?:a|an|the|their|our|its|new|bilateral|joint)\\s+)*(?:[\\p{Lu}][\\p{L}.-]*,?\\s+(?:and\\s+)?)*$`, 'iu'),
    ordinal: new RegExp(`\\b(?:${alternation(c.seriesOrdinals)}|\\d{1,2}(?:st|nd|rd|th))\\s+(?:[\\p{L}.-]+\\s+){0,2}$`, 'iu'),
    ordinalOf: new RegExp(`\\b(?:${alternation(c.seriesOrdinals)}|\\d{1,2}(?:st|nd|rd|th))\\s+(?:meeting|round|session)\\s+of\\s+(?:the\\s+)?$`, 'iu'),
    ordinals: new Set(c.seriesOrdinals),
    partyWords: new Set(vocab.parties.flatMap((p) => [...p.names, ...p.adjectives])),
  });
}

/** "U.S.-ROK", "Japan-Italy", "Indo-U.S.": a hyphenated pair with a country's name in it ("Cross-Border" is none). */
function isPairWord(word: string): boolean {
  // Most words hold no hyphen: decided before splitting.
  if (!word.includes('-') && !word.includes('–')) return false;
  const parts = word.split(/[-–]/);
  // A country's name may open a longer word: "Deutsch-Japanisches Forum".
  return parts.length >= 2 && parts.every(isUpperStart) && parts.some(namesParty);
}

/** Whether `part` is a party's name or adjective, or opens with one of four letters or more. */
function namesParty(part: string): boolean {
  const { partyWords } = cues();
  if (partyWords.has(part)) return true;
  for (let length = 4; length < part.length; length++) if (partyWords.has(part.slice(0, length))) return true;
  return false;
}

/**
 * Cadence cues, most specific first: "once in two years" → biennial, "yearly" → annual, "on a rotational basis" → regular.
 * Every cue holds one of CADENCE_MARKS (a new cue may need a new mark).
 */
export const CADENCE_CUES: [Cadence, RegExp][] = [
  ['biennial', /\bonce\s+in\s+(?:every\s+)?two\s+years?\b|\bevery\s+(?:two|second|other)\s+years?\b|\bbiennial(?:ly)?\b|\bbi-annual\b/i],
  ['annual', /\byearly\b|\bannual(?:ly)?\b|\bonce\s+a\s+year\b|\bevery\s+year\b|\beach\s+year\b/i],
  ['regular', /\bregular(?:ly)?\b|\b(?:twice|three\s+times)\s+(?:a|each|every)\s+(?:\w+\s+)?years?\b|\bsemi-annual(?:ly)?\b|\bquarterly\b|\bmonthly\b|\bperiodic(?:al(?:ly)?)?\b|\brotational\s+basis\b|\b(?:continuously|consecutively|continuing)\b[^.;]{0,60}\bsince\b|\bheld\s+(?:continuously|consecutively)\b|\brounds\s+of\b|\bcontinue\s+to\s+hold\b/i],
  ['once', /\bone-off\b|\bonce\b(?!\s+(?:a|in|every))/i],
];

/** Verbs and links that make a meeting a standing arrangement of the parties: "hold", "launch", "through". */
const TRIGGER = /\b(?:hold|holding|held|launch|launching|establish|establishing|open|opening|conduct|conducting|continue|continuing|maintain|maintaining|institutionali[sz]e|promote|promoting|facilitate|facilitating|organi[sz]e|organi[sz]ing|implement|implementing|engage|support|supporting|through|possibility\s+of|possibilities\s+of|possibility\s+to\s+hold|possibilities\s+to\s+hold|via)\b[^.;]{0,12}$/i;
/** Verbs that strengthen a relationship rather than name a meeting: "deepen dialogue on …". */
const INTENSIFIERS = new Set(['strengthen', 'strengthening', 'deepen', 'deepening', 'enhance', 'enhancing', 'intensify', 'intensifying', 'closer', 'further', 'deeper', 'more']);
/** Modifiers that make a lower-case meeting noun specific enough for "meetings": "senior official meetings". */
const MEETING_MODIFIERS = /\b(?:senior|official|high-level|high\s+level|ministerial|working-level|summit|annual|regular|bilateral|joint)\b/i;
/** Left words that end the walk back over a mechanism's modifiers. */
const LEFT_STOPS = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'its', 'their', 'our', 'of', 'on', 'in', 'for', 'to', 'with', 'by', 'under',
  'between', 'at', 'from', 'through', 'as', 'is', 'are', 'was', 'be', 'hold', 'holding', 'held', 'launch', 'establish',
  'open', 'conduct', 'continue', 'maintain', 'maintaining', 'promote', 'promoting', 'facilitate', 'facilitating',
  'organize', 'organizing', 'implement', 'implementing', 'engage', 'support', 'including', 'i.e', 'e.g', 'such',
  'possibility', 'possibilities', 'via', 'have', 'has', 'been', 'continuing', 'institutionalize', 'explore', 'exploring',
  'strengthen', 'deepen', 'enhance', 'ensure', 'and', 'or', 'include', 'includes',
]);
/** Complement openers kept in a mechanism's name: "consultations on …", "dialogue between …", "at the level of …". */
const COMPLEMENT = /^(?:\s*\(([^()]{1,40})\))?\s+(?:between|on|at|of|in\s+(?:connection\s+with|area\s+of|the\s+field\s+of|the\s+fields\s+of)|in|taking\s+place\s+between|for(?=\s+[A-Z]))\b/;
/** The first letters of COMPLEMENT's words. */
const COMPLEMENT_OPENINGS = 'boaitf';
/** Words that end a complement: "… on economic cooperation established under …". */
const STOP_WORDS = new Set([
  'which', 'that', 'established', 'signed', 'issued', 'held', 'including', 'to', 'as', 'by', 'with', 'once', 'where',
  'while', 'building', 'based', 'was', 'were', 'is', 'are', 'has', 'have', 'will', 'shall', 'through', 'aimed',
  'attended', 'e.g', 'i.e', 'especially', 'particularly', 'order', 'via', 'among', 'and/or', 'strengthen', 'promote',
  'support', 'enhance', 'ensure', 'explore', 'share', 'develop', 'expand', 'led', 'co-led', 'chaired', 'co-chaired',
  'hosted', 'co-hosted',
]);

interface Occurrence {
  name: string;
  span: Span;
  cadence: Cadence;
  /** Capitalised core ("Strategic Dialogue", "PM Dialogue") that identifies a named mechanism across mentions. */
  core: string | null;
}

/**
 * Finds the mechanisms through which the parties meet.
 * Example: "political consultations at the deputy foreign minister level once in two years;"
 * → {name: "political consultations at the deputy foreign minister level", cadence: "biennial"}.
 */
export function findMechanisms(text: string, _tree: RootNode): Mechanism[] {
  const found: Occurrence[] = [];
  let coveredUntil = -1;
  const clauses = new ClauseCues(text);
  HEAD.lastIndex = 0;
  for (let m = HEAD.exec(text); m; m = HEAD.exec(text)) {
    if (m.index < coveredUntil) continue;
    const occurrence = readMechanism(text, m.index, m.index + m[0].length, m[0], clauses);
    if (!occurrence) continue;
    found.push(occurrence);
    coveredUntil = occurrence.span.end;
  }
  assignCadence(text, found, clauses);
  cadenceOfAcronyms(text, found, clauses);
  found.push(...reviewMechanisms(text));
  return merge(found).map((o, i) => ({ id: `mech${i + 1}`, name: o.name, cadence: o.cadence, span: o.span }));
}

// Patterns of readMechanism and readRight, compiled once: as literals with \p{Ll} outside a class, they are rebuilt at
// every call under tsx (its esbuild does not count on property escapes in Node 20; the build does).
/** A new body's remit: " to explore opportunities for …". */
const REMIT = /^\s+(?:to|for)\s+\p{Ll}[^,;.:()]{0,160}/u;
/** A lower-case hyphenated modifier: "working-level", "high-level". */
const LOWER_HYPHENATED = /^\p{Ll}+-\p{Ll}+/u;
/** A coordinated meeting noun: " and information exchange between …". */
const COORDINATED = /^\s+and\s+(?:\p{Ll}+\s+){0,2}?(?:exchanges?|consultations|meetings)(?=\s+(?:between|on|in)\b)/u;

// Patterns of the rules below, compiled once rather than at every head.
/** The next meeting of a body that has met before: "holding the next meeting of the ". */
/** "the next meeting of the ", and a body named right after "next": "report back at the next ". */
const NEXT_OF = /\bnext\s+(?:(?:meeting|round|session)\s+of\s+(?:the\s+)?)?$/i;
/** A single date of holding after a name: ", held on 26 February", " held August 7 in Tokyo", " held on March 27, 2005". */
const HELD_ON_DATE = /^\s*,?\s*(?:which\s+was\s+)?held\s+(?:on\s+)?(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/;
/** Heads of a kind of mechanism in the plural; "Consultations" is the name of one, and not among them. */
const PLURAL_BODY = /^(?:Dialogues|Mechanisms|Meetings|Committee Meetings|Forums|Task Forces)$/;
const NOT_A_BODY_AFTER = /^\s*(?:mechanisms?|frameworks?|process)\b/i;
/** The first letters of NOT_A_BODY_AFTER's words, in lower case. */
const NOT_A_BODY_OPENINGS = 'mfp';
/** Words that make a pair's commission or council the governments' own: "Joint Commission", "Ministerial Council". */
const INTERGOVERNMENTAL = new Set(['Joint', 'Ministerial', 'Intergovernmental']);
const TITLED_AFTER = /^\s+(?:on|for)\s+[\p{Lu}]/u;
const MINISTERIAL_NOUN_AFTER = /^(?:\s*[,.;:)]|\s+(?:within|in|by|before|on|at|to|with|this|next|and|every|each|once)\b)/;
const INDEFINITE_BEFORE = /\b(?:a|an)\s+(?:[\p{L}-]+\s+){0,2}$/u;
const DIRECTION_BEFORE = /\b(?:cooperation|collaboration)\s+and\s*$/i;
const DIRECTION_AFTER = /^\s+and\s+(?:cooperation|collaboration)\b/i;
const HIGH_LEVEL = /\b(?:high[-\s]level|ministerial|senior)\b/i;
const EVENT_TYPES = /\b(?:seminars|workshops)\b/i;
const INTENSIFIED_BEFORE = /\b(?:strengthen|deepen|enhance|intensify)\w*\s+(?:[\w-]+\s+){0,3}$/i;
/** A capitalised word or a number: a word of a named mechanism. */
const PROPER_WORD = /^[\p{Lu}\p{N}]/u;
/** An office named before "-level": "Vice Minister for Foreign Affairs-level". */
const OFFICE_LEVEL = /^[\p{Lu}][\p{L}.]*-level$/u;

/** Whether `word` opens with a capital or a digit (PROPER_WORD), ASCII decided by character code. */
function isProperWord(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? isAsciiUpper(c) || isAsciiDigit(c) : PROPER_WORD.test(word);
}

/**
 * Whether the parties set the body up or keep it: "convene a Forum on …", "continuing the … International Forum".
 * Costly: asked only when a rule needs it, and at most once per head.
 */
function isCreated(text: string, clauseStart: number, leftStart: number): boolean {
  return cues().creation.test(text.slice(Math.max(clauseStart, leftStart - 120), leftStart));
}

function readMechanism(text: string, headStart: number, headEnd: number, headWord: string, clauses: ClauseCues): Occurrence | null {
  const clause = clauseAround(text, { start: headStart, end: headEnd });
  // Every head word opens with an ASCII letter.
  const capitalHead = isAsciiUpper(headWord.charCodeAt(0));
  const left = readLeft(text, headStart, leftLimit(text, clause.start));
  const after = text.slice(headEnd, headEnd + 40);
  // "consultation mechanism" (the pattern is run only where the next word opens with one of its letters)
  if (NOT_A_BODY_OPENINGS.includes(String.fromCharCode(text.charCodeAt(skipWhiteSpace(text, headEnd, headEnd + 40)) | 32)) && NOT_A_BODY_AFTER.test(after)) return null;
  const pair = left.words.some(isPairWord);
  // Most head words are one word: only a head of two ("Working\nGroup") has its white space folded.
  const body = hasWhiteSpace(headWord) ? headWord.replace(/\s+/g, ' ') : headWord;
  const nearestWord = left.words[left.words.length - 1] ?? '';
  // Read only when a rule below asks: the pattern is costly and most heads are decided without it.
  let created: boolean | undefined;
  // "convene a Forum on Defense Industrial Cooperation, …": a capitalised complement names the body.
  const named =
    capitalHead &&
    (left.words.some(isProperWord) || ((created ??= isCreated(text, clause.start, left.start)) && TITLED_AFTER.test(after)));
  // Bodies of other kinds: "Food Safety Commission", "Arctic Council", "UN Security Council", and the binational
  // associations "U.S.-Japan Council", "U.S.-India Business Council": a commission or council is the parties' own
  // mechanism only when they set it up or keep it.
  // A pair's joint or ministerial commission or council is intergovernmental by its name: "Indo-German Joint
  // Commission on …", "Ruritania-Freedonia Ministerial Council on Justice".
  const intergovernmental = pair && left.words.some((w) => INTERGOVERNMENTAL.has(w));
  // One met in a series is theirs too: "during the next Joint Commission for Trade (JCT) meeting".
  const series = () => {
    const before = text.slice(Math.max(clause.start, left.start - 60), left.start);
    return cues().ordinal.test(before) || cues().ordinalOf.test(before) || NEXT_OF.test(before);
  };
  if ((body === 'Commission' || body === 'Council') && !intergovernmental && !(created ??= isCreated(text, clause.start, left.start)) && !series()) return null;
  if ((body === 'Forum' || body === 'Ministerial') && !pair && !(created ??= isCreated(text, clause.start, left.start))) return null;
  if (headWord === 'Meeting' && !pair && !nearestWord.endsWith('Committee')) return null;
  // "Ministerial" names a meeting only as a noun: "… Investment Ministerial within 180 days", not "Ministerial level".
  if (body === 'Ministerial' && !MINISTERIAL_NOUN_AFTER.test(after)) return null;
  // A group or mechanism is the parties' body by its kind: "Cooperation Group", "Rapid Response Group", not "Business Group".
  if ((body === 'Group' || body === 'Mechanism' || body === 'Mechanisms') && !cues().bodyModifiers.has(nearestWord.toLowerCase())) return null;
  if ((body === 'Task Force' || body === 'Task Forces') && !pair && !(created ??= isCreated(text, clause.start, left.start))) return null;
  if ((body === 'mechanism' || body === 'mechanisms') && !left.words.some((w) => cues().standing.has(w.toLowerCase()))) return null;
  // A body the parties newly set up, named by its remit: "establishing a working group to explore opportunities for
  // future fighter pilot training and readiness, …", "launch a forum for discussions to connect … institutions, …".
  if (body === 'working group' || body === 'working groups' || body === 'forum' || body === 'forums') {
    const remit = REMIT.exec(text.slice(headEnd, clause.end));
    const indefinite = INDEFINITE_BEFORE.test(text.slice(Math.max(clause.start, headStart - 40), headStart));
    if (!(created ??= isCreated(text, clause.start, left.start)) || !remit || !indefinite) return null;
    const end = headEnd + remit[0].trimEnd().length;
    return { name: fold(stripMarkdown(text.slice(left.start, end))), span: { start: left.start, end }, cadence: 'unspecified', core: null };
  }
  if (capitalHead && !named && !headWord.startsWith('Dialogue') && !headWord.startsWith('Consultations')) return null;
  // A numbered heading over a kind of mechanism in the plural names a part of the document, not a mechanism:
  // "2. Strategic Cooperation Mechanisms" (but "(1) Strategic Dialogue in Economy and Industry" is one).
  if (capitalHead && !pair && PLURAL_BODY.test(body) && mayBeHeadingLine(text, headStart) && isHeadingLine(text, headStart)) return null;

  const right = readRight(text, headEnd, clause.end);
  // "the Japan-France Summit Meeting held on March 27, 2005", "… Industry Forum on …, held August 7 in Tokyo": a meeting
  // or forum dated as one event is not a standing mechanism, unless it is one of a series ("the 4th … Forum held on …").
  if ((body === 'Meeting' || body === 'Forum') && HELD_ON_DATE.test(text.slice(right.end, right.end + 40)) && !cues().ordinal.test(text.slice(Math.max(clause.start, left.start - 60), left.start))) return null;
  const modifiers = left.words.filter((w) => !INTENSIFIERS.has(w.toLowerCase()));
  // "cooperation and dialogue", "dialogue and cooperation": a direction, not a meeting.
  if (!modifiers.length && DIRECTION_BEFORE.test(text.slice(Math.max(0, left.start - 30), left.start))) return null;
  if (!right.complement && DIRECTION_AFTER.test(after)) return null;
  if (INTENSIFIERS.has(left.before) || (left.words.length && INTENSIFIERS.has(left.words[0]!.toLowerCase()) && !right.complement)) return null;
  if (!named) {
    // Enumerations of event types: "seminars, workshops and meetings".
    const highLevel = HIGH_LEVEL.test(modifiers.join(' '));
    if (!highLevel && EVENT_TYPES.test(text.slice(Math.max(clause.start, left.start - 40), Math.min(clause.end, right.end + 30)))) return null;
    // "Strengthen political-level and working-level dialogue": an intensified relationship, not a meeting.
    if (INTENSIFIED_BEFORE.test(text.slice(clause.start, left.start))) return null;
  }
  // The parties settling differences "through consultations" is a provision, not a standing mechanism.
  if (clauses.isDispute(clause)) return null;
  const lowerHead = headWord.toLowerCase();
  if ((lowerHead === 'meeting' || lowerHead === 'meetings') && !MEETING_MODIFIERS.test(modifiers.join(' '))) return null;
  if (!named && mayBeHeadingLine(text, headStart) && isHeadingLine(text, headStart)) return null;
  if (!named) {
    if (!modifiers.length && !right.complement) return null;
    const hyphenModifier = modifiers.some((w) => (w.includes('-') && LOWER_HYPHENATED.test(w)) || isOfficeLevel(w));
    // "several new bilateral task forces", "a standing mechanism": bodies of both parties by their words.
    const ownBody =
      ((body === 'task force' || body === 'task forces') && ((created ??= isCreated(text, clause.start, left.start)) || modifiers.some((w) => /^bilateral$/i.test(w)))) ||
      body === 'mechanism' || body === 'mechanisms';
    // A trigger verb before it or a cadence in its clause, tried last: their patterns search the clause.
    if (!hyphenModifier && !ownBody && !TRIGGER.test(text.slice(Math.max(clause.start, left.start - 60), left.start)) && clauses.cadence(clause.start, clause.end) === 'unspecified') return null;
  }
  const start = left.start;
  const name = trimQuotes(fold(stripMarkdown(text.slice(start, right.end))));
  const core = named ? coreOf(left.words, headWord) : null;
  return { name, span: { start, end: right.end }, cadence: 'unspecified', core };
}

/** Whether `s` holds white space. */
function hasWhiteSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isWhiteSpace(s.charCodeAt(i))) return true;
  return false;
}

/** A name without an opening quote mark and closing quote marks and punctuation: most names have neither. */
function trimQuotes(name: string): string {
  const first = name.charCodeAt(0);
  const last = name.charCodeAt(name.length - 1);
  const opens = first === 34 /* " */ || first === 0x201c /* “ */;
  const closes = last === 34 || last === 0x201d /* ” */ || last === 44 /* , */ || last === 59 /* ; */ || last === 58 /* : */ || last === 46 /* . */;
  return opens || closes ? name.replace(/^["“]|["”,;:.]+$/g, '') : name;
}

const BRACKETED_ACRONYM = /^\([\p{Lu}]{2,}\)$/u;

/** "Politico-Military (PM) Dialogue" and "PM Dialogue" share the core "pm dialogue". */
function coreOf(words: string[], headWord: string): string {
  const acronym = words.find((w) => w.charCodeAt(0) === 40 /* ( */ && BRACKETED_ACRONYM.test(w));
  const base = acronym ? acronym.slice(1, -1) : words.filter(isProperWord).slice(-2).join(' ');
  return `${base} ${headWord}`.toLowerCase().replace(/s$/, '');
}

const UPPER_START = /^[\p{Lu}]/u;
const CAPITAL_START = /^[\p{Lu}\p{N}(]/u;
const CAPITALS_AND = /[\p{Lu}][\p{L}]*\s+and\s*$/u;
const MECHANISM_AND = /(?:Dialogues?|Consultations|Committee|Meeting)\s+and\s*$/;
const NOUNS_AND = /\b(?:exchanges|meetings)\s+and\s*$/;
const ORDINAL = /^\d{1,3}(?:st|nd|rd|th)$/;
const LIST_MARKER = /^\((?:\d{1,2}|[a-z]|[ivx]+)\)$/i;

// Tests of readLeft on every word it passes, by character code before a pattern: most words open with a letter.
/** Whether `word` opens with a capital letter (UPPER_START). */
function isUpperStart(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? isAsciiUpper(c) : UPPER_START.test(word);
}
/** Whether `word` opens with a capital, a digit or a bracket (CAPITAL_START). */
function isCapitalStart(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? isAsciiUpper(c) || isAsciiDigit(c) || c === 40 /* ( */ : CAPITAL_START.test(word);
}
const isOrdinal = (word: string) => isAsciiDigit(word.charCodeAt(0)) && ORDINAL.test(word);
const isListMarker = (word: string) => word.charCodeAt(0) === 40 /* ( */ && LIST_MARKER.test(word);
const isOfficeLevel = (word: string) => word.endsWith('-level') && OFFICE_LEVEL.test(word);
/** Whether text[from, to) holds a quote mark (QUOTE_MARK). */
function holdsQuoteMark(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 34 /* " */ || text.charCodeAt(i) === 0x201c /* “ */) return true;
  return false;
}
const OFFICE_OF = /[\p{Lu}][\p{L}.]*\s+(?:of|for)\s*$/u;
/** A meeting format named by its numbers: "2+2". */
const PLUS_FORMAT = /\d\+\d+$/;

function readLeft(text: string, headStart: number, limit: number): { start: number; words: string[]; before: string } {
  // Every head word opens with an ASCII letter.
  const capitalHead = isAsciiUpper(text.charCodeAt(headStart));
  const words: string[] = [];
  let start = headStart;
  let before = '';
  let officeLevel = false;
  for (let guard = 0; guard < 12; guard++) {
    // An office named before "-level" is read whole: "Deputy Secretary of State/Vice Minister for Foreign Affairs-level dialogue".
    const office = !capitalHead && officeLevel && isUpperStart(words[0]!);
    let found = previousWord(text, office && text[start - 1] === '/' ? start - 1 : start, Math.max(limit, start - 60), true);
    if (!found) break;
    // "2+2 dialogue": a format named by its numbers is one word.
    if (text.charCodeAt(found.start - 1) === 43 /* + */ && isAsciiDigit(found.word.charCodeAt(0))) {
      const plus = PLUS_FORMAT.exec(text.slice(Math.max(0, found.start - 6), found.start + found.word.length));
      if (plus) found = { word: plus[0], start: found.start + found.word.length - plus[0].length };
    }
    const word = found.word;
    const lower = word.toLowerCase();
    // The text before the word, read by the rules that join words across "and", "of" or "for".
    const joiner = lower === 'and' || (office && (lower === 'of' || lower === 'for'));
    const slice = joiner ? text.slice(Math.max(limit, found.start - 40), start) : '';
    const capital = isCapitalStart(word);
    // "high-level exchanges and dialogue", "Vice Foreign Minister - Secretary General Consultations"
    // "Vice Foreign Minister - Secretary General and …" joins capitals, but "… (PM) Dialogue and Military-to-Military (MM) Dialogue" are two.
    const joinsCapitals = lower === 'and' && words.length > 0 && isUpperStart(words[0]!) && CAPITALS_AND.test(slice) && !MECHANISM_AND.test(slice);
    const joinsNouns = lower === 'and' && words.length === 0 && NOUNS_AND.test(slice);
    // A named mechanism's words are capitalised; a quote mark or a lower-case word ("a yearly "…") opens it.
    if (capitalHead && ((!capital && lower !== 'and') || holdsQuoteMark(text, found.start + word.length, start))) {
      before = lower;
      break;
    }
    // Nor is an ordinal: "the 8th Japan-Chile Strategic Dialogue", "Eighth Japan-Australia 2+2 … Consultations" is a
    // meeting of the Dialogue.
    if (isOrdinal(word) || cues().ordinals.has(lower)) {
      before = word;
      break;
    }
    // List markers are not words of a name: "(1) Politico-Military (PM) Dialogue".
    if (isListMarker(word)) {
      before = word;
      break;
    }
    const joinsOffice = office && (lower === 'of' || lower === 'for') && OFFICE_OF.test(slice);
    // Capitalised words pass only inside a named mechanism; a sentence-initial "Hold", "Promote" stops.
    // A sentence-initial article is no word of a name either: "The Ocean Dialogue will report …".
    const article = lower === 'the' || lower === 'a' || lower === 'an';
    if (LEFT_STOPS.has(lower) && !joinsCapitals && !joinsNouns && !joinsOffice && (article || !(capital && lower !== 'and' && capitalHead))) {
      before = lower;
      break;
    }
    words.unshift(word);
    if (isOfficeLevel(word)) officeLevel = true;
    start = found.start;
  }
  return { start, words, before };
}

const ACRONYM_AFTER = /^\s*\(([\p{Lu}][\p{L}\p{N}&-]{1,10})\)/u;
const COMMA_NEXT_WORD = /^,\s*(?:and\s+)?([\p{L}]+)/u;
const YEAR_START = /^(?:19|20)\d\d/;
/** Cadence words after a name belong to its clause, not to its name. */
const CADENCE_WORDS = new Set(['regular', 'regularly', 'annually', 'yearly', 'once']);
/** Words that may not end a complement: "… between the". */
const OPEN_WORDS = new Set(['the', 'a', 'an', 'of', 'in', 'on', 'for', 'and', 'between', 'at']);

/** Whether text[from, to) opens with " and " (white space around it), as every coordinated meeting noun does. */
function andAhead(text: string, from: number, to: number): boolean {
  const i = skipWhiteSpace(text, from, to);
  return i > from && i + 3 < Math.min(text.length, to) && text.startsWith('and', i) && isWhiteSpace(text.charCodeAt(i + 3));
}

function readRight(text: string, headEnd: number, clauseEnd: number): { end: number; complement: boolean } {
  let pos = headEnd;
  let complement = false;
  // The pieces of a complement (a bracketed group, a word, a comma) are read by character code, into one token.
  const token: Token = { kind: 'stop', start: 0, end: 0 };
  const bracket = bracketAhead(text, pos, pos + 20) ? ACRONYM_AFTER.exec(text.slice(pos, pos + 20)) : null;
  if (bracket) pos += bracket[0].length;
  // "dialogue and information exchange between MAFF and DVFA"
  const coordinated = andAhead(text, pos, pos + 60) ? COORDINATED.exec(text.slice(pos, pos + 60)) : null;
  if (coordinated) pos += coordinated[0].length;
  for (let guard = 0; guard < 3; guard++) {
    const bound = Math.min(clauseEnd, pos + 300);
    // The pattern is run only where the next word (or bracket) opens with one of its letters.
    const nextAt = skipWhiteSpace(text, pos, bound);
    const next = nextAt < bound ? String.fromCharCode(text.charCodeAt(nextAt)) : '';
    const intro = next === '(' || (nextAt > pos && next !== '' && COMPLEMENT_OPENINGS.includes(next)) ? COMPLEMENT.exec(text.slice(pos, bound)) : null;
    if (!intro) break;
    let p = pos + intro[0].length;
    let lastGood = -1;
    let words = 0;
    // A name's remit after "for" is capitalised: "Joint Commission for Trade Cooperation (JCTC) meeting" ends before "meeting".
    const capitalised = intro[0].endsWith('for');
    for (;;) {
      readToken(text, p, Math.min(clauseEnd, p + 80), token);
      if (token.kind === 'paren') {
        p = token.end;
        lastGood = p;
        continue;
      }
      if (token.kind === 'comma') {
        const next = COMMA_NEXT_WORD.exec(text.slice(token.start, token.end + 30));
        if (next && UPPER_START.test(next[1]!)) {
          p = token.end;
          continue;
        }
        break;
      }
      if (token.kind === 'stop') break;
      const word = text.slice(token.start, token.end);
      const lowerWord = word.toLowerCase();
      const lower = lowerWord.endsWith('.') ? lowerWord.slice(0, -1) : lowerWord;
      const first = word.charCodeAt(0);
      if (STOP_WORDS.has(lower) || ((first === 49 || first === 50) /* 1 2 */ && YEAR_START.test(word))) break;
      if (CADENCE_WORDS.has(lower)) break;
      // A date is the meeting's, not its name's: "the first … Dialogue in December 2010".
      if (isMonthName(lower)) break;
      if (capitalised && !OPEN_WORDS.has(lower) && !isUpperStart(word)) break;
      p = token.end;
      words++;
      if (!OPEN_WORDS.has(lower)) lastGood = p;
      if (words >= 20) break;
    }
    if (lastGood <= pos + intro[0].length) break;
    complement = true;
    pos = lastGood;
  }
  return { end: pos, complement };
}

const CADENCE_RANK: Record<Cadence, number> = { annual: 3, biennial: 3, once: 2, regular: 1, unspecified: 0 };
/** An acronym given in brackets at the end of a mechanism's name: "Ruritania-Freedonia Joint Committee (RFJC)". */
const NAME_ACRONYM = /\(([\p{Lu}][\p{Lu}\p{N}&-]{1,10})\)$/u;

/**
 * A mechanism named with its acronym may be met again by the acronym alone, with its cadence there:
 * "a Joint Working Group (JWG) will be formed … The JWG's meeting would be held once in every two years",
 * "report at the next RFJC".
 */
function cadenceOfAcronyms(text: string, found: Occurrence[], clauses: ClauseCues): void {
  for (const o of found) {
    const acronym = NAME_ACRONYM.exec(o.name)?.[1];
    if (!acronym) continue;
    const mention = new RegExp(`(?<![\\p{L}\\p{N}(])${escapeRegExp(acronym)}(?![\\p{L}\\p{N})])`, 'gu');
    mention.lastIndex = o.span.end;
    for (let m = mention.exec(text); m; m = mention.exec(text)) {
      const clause = clauseAround(text, { start: m.index, end: m.index + acronym.length });
      let cadence = clauses.cadence(clause.start, clause.end);
      if (cadence === 'unspecified' && NEXT_OF.test(text.slice(Math.max(clause.start, m.index - 60), m.index))) cadence = 'regular';
      if (CADENCE_RANK[cadence] > CADENCE_RANK[o.cadence]) o.cadence = cadence;
    }
  }
}

/**
 * Cadence from the words nearest each mechanism: between the previous and next mechanism of the same
 * clause first ("a yearly "…Strategic Dialogue", building on … Consultations, which have been held
 * consecutively since 2022"), then anywhere in the clause ("…, on a regular basis.").
 */
function assignCadence(text: string, found: Occurrence[], clauses: ClauseCues): void {
  for (let i = 0; i < found.length; i++) {
    const o = found[i]!;
    const clause = clauseAround(text, o.span);
    const previous = found[i - 1];
    const next = found[i + 1];
    const from = previous && previous.span.end > clause.start ? previous.span.end : clause.start;
    const to = next && next.span.start < clause.end ? next.span.start : clause.end;
    const local = clauses.cadence(from, to);
    if (local !== 'unspecified') {
      o.cadence = local;
      continue;
    }
    const inClause = clauses.cadence(clause.start, clause.end);
    // "their first bilateral Civil Space Dialogue", "the next meeting of the … Commission", "the fourth meeting of the
    // … Committee": one of a series, unless an interval is given.
    const before = text.slice(Math.max(from, o.span.start - 60), o.span.start);
    const series =
      inClause !== 'annual' && inClause !== 'biennial' && (cues().ordinal.test(before) || cues().ordinalOf.test(before) || NEXT_OF.test(before));
    o.cadence = series ? 'regular' : inClause;
  }
}

/**
 * Four letters found in every cadence cue ("year" in "each year", "nnua" in "semi-annual", "ecut" in "consecutively"):
 * a stretch of text without any holds no cue, and saying so by skipping is much faster than searching for the cues.
 */
const CADENCE_MARKS = new Openings(['year', 'nnua', 'once', 'bien', 'egul', 'quar', 'onth', 'riod', 'otat', 'ntin', 'ecut', 'ound', 'ne-o'], { caseless: true });
/** Any cadence cue: one search says a text holds none where the cues one by one take four. */
const ANY_CADENCE = new RegExp(CADENCE_CUES.map(([, cue]) => cue.source).join('|'), 'i');

export function cadenceIn(words: string): Cadence {
  if (!ANY_CADENCE.test(words)) return 'unspecified';
  for (const [cadence, cue] of CADENCE_CUES) if (cue.test(words)) return cadence;
  return 'unspecified';
}

/**
 * What the rules ask of a stretch of a document's text, once per stretch: the heads of one clause, and each
 * mention when its cadence is assigned, ask of the same clause.
 */
class ClauseCues {
  private readonly cadences = new Map<number, Cadence>();
  private readonly disputes = new Map<number, boolean>();
  constructor(private readonly text: string) {}

  private key(start: number, end: number): number {
    return start * (this.text.length + 1) + end;
  }

  cadence(start: number, end: number): Cadence {
    const key = this.key(start, end);
    let cadence = this.cadences.get(key);
    if (cadence === undefined) {
      cadence = CADENCE_MARKS.indexIn(this.text, start, end) < 0 ? 'unspecified' : cadenceIn(this.text.slice(start, end));
      this.cadences.set(key, cadence);
    }
    return cadence;
  }

  isDispute(clause: Span): boolean {
    const key = this.key(clause.start, clause.end);
    let dispute = this.disputes.get(key);
    if (dispute === undefined) this.disputes.set(key, (dispute = DISPUTE_CUE.test(this.text.slice(clause.start, clause.end))));
    return dispute;
  }
}

/**
 * A review clause that names how the parties meet for it is a mechanism too:
 * "Implementation progress of this Action Plan will annually be assessed by the Governments through
 * political consultation." → "annual assessment of implementation progress through political consultation".
 */
// The middle of a review clause, which every match of the whole pattern holds: "of this Action Plan will annually be
// assessed". It begins with the literal "of", which V8 finds fast, unlike the whole pattern's start (see below).
const REVIEW_CORE = /of\s+this\s+[\p{Lu}][^.\n]{0,60}?\s+will\s+(?:annually\s+|regularly\s+|periodically\s+)?be\s+(?:(?:annually|regularly|periodically)\s+)?(?:assessed|reviewed|evaluated|monitored)\b/u;

/**
 * How far before a review clause's middle (its "of this …" at `middle`) the clause may start: the lead-in of the whole
 * pattern is a line break or full stop, white space, an item number (digits, dots, white space), a subject of at most
 * 81 characters (161 UTF-16 units) and white space. Walking back over each part at its longest reaches at least as far
 * as any lead-in, of this middle or of a later one whose lead-in spans it.
 */
function reviewLeadInReach(text: string, middle: number): number {
  let at = middle;
  while (at > 0 && isWhiteSpace(text.charCodeAt(at - 1))) at--;
  at = Math.max(0, at - 161);
  while (at > 0 && isNumberOrSpace(text.charCodeAt(at - 1))) at--;
  return Math.max(0, at - 2);
}

const isNumberOrSpace = (c: number) => isWhiteSpace(c) || c === 46 /* . */ || (c >= 48 && c <= 57);

function reviewMechanisms(text: string): Occurrence[] {
  const out: Occurrence[] = [];
  // The pattern is slow to search (it may start after any line break or full stop): most texts lack its middle.
  const core = text.includes(' of this ') ? REVIEW_CORE.exec(text) : null;
  if (!core) return out;
  const re = /(?:^|\n|\.\s)\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?([A-Z][^.\n]{0,80}?)\s+of\s+this\s+[\p{Lu}][^.\n]{0,60}?\s+will\s+(annually\s+|regularly\s+|periodically\s+)?be\s+(?:(annually|regularly|periodically)\s+)?(assessed|reviewed|evaluated|monitored)\b([^.\n]{0,120}?\b(?:through|at|in|by\s+means\s+of)\s+([^.\n;]{3,80}))\./gu;
  const NOUN: Record<string, string> = { assessed: 'assessment', reviewed: 'review', evaluated: 'evaluation', monitored: 'monitoring' };
  const ADJ: Record<string, string> = { annually: 'annual', regularly: 'regular', periodically: 'periodic' };
  // Every match holds a match of REVIEW_CORE, so none starts before the reach of the first one's lead-in.
  re.lastIndex = reviewLeadInReach(text, core.index);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const adverb = (m[2] ?? m[3] ?? '').trim();
    const channel = /\b(?:through|at|in|by\s+means\s+of)\s+[^.\n;]+$/.exec(m[5]!)![0];
    const name = fold(`${adverb ? ADJ[adverb] + ' ' : ''}${NOUN[m[4]!]} of ${m[1]!.toLowerCase()} ${channel}`);
    const start = m.index + m[0].indexOf(m[1]!);
    out.push({ name, span: { start, end: m.index + m[0].length - 1 }, cadence: adverb ? cadenceIn(adverb) : 'unspecified', core: null });
  }
  return out;
}

/** The words of a name, lower case and without a plural "s", bracketed acronyms left out: "Joint (JC) Committees" → joint, committee. */
function nameWords(name: string): Set<string> {
  // Names in ASCII, nearly all, are read by char code; the patterns below read any other.
  if (!ASCII.test(name)) return new Set(name.toLowerCase().replace(/\([^)]*\)/g, ' ').split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((w) => w.replace(/s$/, '')));
  const words = new Set<string>();
  const lower = name.toLowerCase();
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) words.add(lower.slice(start, lower.charCodeAt(i - 1) === 115 /* s */ ? i - 1 : i));
    start = -1;
    // A bracketed group up to its closing bracket is left out; an unclosed bracket is only a break between words.
    if (c === 40 /* ( */) {
      const close = lower.indexOf(')', i + 1);
      if (close >= 0) i = close;
    }
  }
  return words;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Whether every word of the smaller set is in the larger. */
function isContained(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const w of small) if (!large.has(w)) return false;
  return true;
}

/** The head word a core ends in: "pm dialogue" → "dialogue". */
const lastWord = (core: string) => core.slice(core.lastIndexOf(' ') + 1);

/** One entry per mechanism: mentions sharing a named core, or whose words are contained in another's, merge. */
function merge(found: Occurrence[]): Occurrence[] {
  const out: Occurrence[] = [];
  const rank = CADENCE_RANK;
  // The words of a named mechanism with its acronym kept, by name: every pair of named mentions compares them.
  const withAcronyms = new Map<string, Set<string>>();
  const acronymWords = (name: string) => {
    let set = withAcronyms.get(name);
    if (!set) withAcronyms.set(name, (set = nameWords(name.replace(/[()]/g, ' '))));
    return set;
  };
  // The words of each unnamed mechanism (only unnamed ones are compared by their words), the head of each named one.
  const wordSets = new Map<Occurrence, Set<string>>();
  const heads = new Map<Occurrence, string>();
  for (const o of found) {
    const own = o.core ? null : nameWords(o.name);
    const head = o.core ? lastWord(o.core) : '';
    let same: Occurrence | undefined;
    for (const x of out) {
      if (o.core && x.core === o.core) {
        same = x;
        break;
      }
      if (!o.core !== !x.core) continue;
      // "Next Generation CET Dialogue" is the "U.S.-ROK Next Generation … (CET) Dialogue" named before: same head,
      // and every word of the one (acronyms included) in the other.
      const match = own ? isContained(own, wordSets.get(x)!) : head === heads.get(x) && isContained(acronymWords(o.name), acronymWords(x.name));
      if (match) {
        same = x;
        break;
      }
    }
    if (!same) {
      const copy = { ...o };
      out.push(copy);
      if (own) wordSets.set(copy, own);
      else heads.set(copy, head);
      continue;
    }
    if (rank[o.cadence] > rank[same.cadence]) same.cadence = o.cadence;
    if (!o.core && o.name.length > same.name.length) {
      same.name = o.name;
      same.span = o.span;
      wordSets.set(same, own!);
    }
  }
  return out;
}
