// Mechanisms: the standing dialogues, consultations, committees and meetings through which the
// parties meet, each with its cadence (annual, biennial, regular, once, unspecified).
import type { Cadence, Mechanism, RootNode, Span } from '../types.js';
import { clauseAround, fold, isHeadingLine, leftLimit, previousWord, stripMarkdown } from './scan.js';
import { PROVISION_CUES } from './provisions.js';
import { loadVocabulary } from '../vocab/index.js';
import { escapeRegExp } from '../text.js';

const DISPUTE_CUE = PROVISION_CUES.find(([kind]) => kind === 'dispute_settlement')![1];

/**
 * Head nouns of mechanisms: "Dialogue", "consultations", "Joint Committee", "Committee Meeting",
 * "senior official meetings", "Working Group", "Talks".
 */
// ASCII word boundaries and no `u` flag keep this scan fast (a Unicode look-behind is several times slower).
const HEAD = /\b(?<!-)(?:[Dd]ialogues?|[Cc]onsultations?|Committee(?:\s+Meetings?)?|[Mm]eetings|Meeting|Working\s+Group|Talks|Commission|Council|Forum|Group|[Mm]echanisms?|[Tt]ask\s+[Ff]orces?|Ministerial|working\s+groups?|forums?)\b/g;

/** Vocabulary of standing bodies (vocab/cues.json), compiled once on first use. */
interface BodyCues {
  bodyModifiers: Set<string>;
  standing: Set<string>;
  /** Text before a body that ends in a verb setting it up: "convening a bilateral Mining, Minerals and ". */
  creation: RegExp;
  /** Text before a meeting that ends in an ordinal: "convening their first bilateral ". */
  ordinal: RegExp;
  /** Names and adjectives of the parties: "Japan", "Italian". */
  partyWords: string[];
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
    partyWords: [...new Set(vocab.parties.flatMap((p) => [...p.names, ...p.adjectives]))],
  });
}

/** "U.S.-ROK", "Japan-Italy", "Indo-U.S.": a hyphenated pair with a country's name in it ("Cross-Border" is none). */
function isPairWord(word: string): boolean {
  const parts = word.split(/[-–]/);
  // A country's name may open a longer word: "Deutsch-Japanisches Forum".
  return parts.length >= 2 && parts.every((p) => /^[\p{Lu}]/u.test(p)) && parts.some((p) => cues().partyWords.some((w) => p === w || (w.length >= 4 && p.startsWith(w))));
}

/** Cadence cues, most specific first: "once in two years" → biennial, "yearly" → annual, "on a rotational basis" → regular. */
export const CADENCE_CUES: [Cadence, RegExp][] = [
  ['biennial', /\bonce\s+in\s+two\s+years\b|\bevery\s+(?:two|second|other)\s+years?\b|\bbiennial(?:ly)?\b|\bbi-annual\b/i],
  ['annual', /\byearly\b|\bannual(?:ly)?\b|\bonce\s+a\s+year\b|\bevery\s+year\b|\beach\s+year\b/i],
  ['regular', /\bregular(?:ly)?\b|\b(?:twice|three\s+times)\s+a\s+year\b|\bsemi-annual(?:ly)?\b|\bquarterly\b|\bmonthly\b|\bperiodic(?:al(?:ly)?)?\b|\brotational\s+basis\b|\b(?:continuously|consecutively|continuing)\b[^.;]{0,60}\bsince\b|\bheld\s+(?:continuously|consecutively)\b|\brounds\s+of\b|\bcontinue\s+to\s+hold\b/i],
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
const COMPLEMENT = /^(?:\s*\(([^()]{1,40})\))?\s+(?:between|on|at|of|in\s+(?:connection\s+with|area\s+of|the\s+field\s+of|the\s+fields\s+of)|in|taking\s+place\s+between)\b/;
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
  const head = HEAD;
  head.lastIndex = 0;
  let coveredUntil = -1;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    if (m.index < coveredUntil) continue;
    const occurrence = readMechanism(text, m.index, m.index + m[0].length, m[0]);
    if (!occurrence) continue;
    found.push(occurrence);
    coveredUntil = occurrence.span.end;
  }
  assignCadence(text, found);
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

function readMechanism(text: string, headStart: number, headEnd: number, headWord: string): Occurrence | null {
  const clause = clauseAround(text, { start: headStart, end: headEnd });
  const capitalHead = /^[\p{Lu}]/u.test(headWord);
  const left = readLeft(text, headStart, leftLimit(text, clause.start));
  const after = text.slice(headEnd, headEnd + 40);
  if (/^\s*(?:mechanisms?|frameworks?|process)\b/i.test(after)) return null; // "consultation mechanism"
  const properLeft = left.words.filter((w) => /^[\p{Lu}\p{N}]/u.test(w));
  const pair = left.words.some(isPairWord);
  const body = headWord.replace(/\s+/g, ' ');
  const nearest = (left.words[left.words.length - 1] ?? '').toLowerCase();
  // The parties set the body up or keep it: "convene a Forum on …", "continuing the … International Forum".
  // Read only when a rule below asks: the pattern is costly and most heads are decided without it.
  let createdMemo: boolean | undefined;
  const created = () => (createdMemo ??= cues().creation.test(text.slice(Math.max(clause.start, left.start - 120), left.start)));
  // "convene a Forum on Defense Industrial Cooperation, …": a capitalised complement names the body.
  const titledComplement = () => created() && /^\s+(?:on|for)\s+[\p{Lu}]/u.test(after);
  const named = capitalHead && (properLeft.length > 0 || /^Joint\b/.test(headWord) || titledComplement());
  // Bodies of other kinds: "Food Safety Commission", "Arctic Council", "UN Security Council", and the binational
  // associations "U.S.-Japan Council", "U.S.-India Business Council": a commission or council is the parties' own
  // mechanism only when they set it up or keep it.
  if (/^(?:Commission|Council)$/.test(body) && !created()) return null;
  if (/^(?:Forum|Ministerial)$/.test(body) && !pair && !created()) return null;
  if (/^Meeting$/.test(headWord) && !pair && !/Committee$/.test(left.words[left.words.length - 1] ?? '')) return null;
  // "Ministerial" names a meeting only as a noun: "… Investment Ministerial within 180 days", not "Ministerial level".
  if (body === 'Ministerial' && !/^(?:\s*[,.;:)]|\s+(?:within|in|by|before|on|at|to|with|this|next|and|every|each|once)\b)/.test(after)) return null;
  // A group or mechanism is the parties' body by its kind: "Cooperation Group", "Rapid Response Group", not "Business Group".
  if (/^(?:Group|Mechanisms?)$/.test(body) && !cues().bodyModifiers.has(nearest)) return null;
  if (/^Task Forces?$/.test(body) && !pair && !created()) return null;
  if (/^mechanisms?$/.test(body) && !left.words.some((w) => cues().standing.has(w.toLowerCase()))) return null;
  // A body the parties newly set up, named by its remit: "establishing a working group to explore opportunities for
  // future fighter pilot training and readiness, …", "launch a forum for discussions to connect … institutions, …".
  if (/^(?:working groups?|forums?)$/.test(body)) {
    const remit = REMIT.exec(text.slice(headEnd, clause.end));
    const indefinite = /\b(?:a|an)\s+(?:[\p{L}-]+\s+){0,2}$/u.test(text.slice(Math.max(clause.start, headStart - 40), headStart));
    if (!created() || !remit || !indefinite) return null;
    const end = headEnd + remit[0].trimEnd().length;
    return { name: fold(stripMarkdown(text.slice(left.start, end))), span: { start: left.start, end }, cadence: 'unspecified', core: null };
  }
  if (capitalHead && !named && !/^(?:Dialogue|Consultations)/.test(headWord)) return null;

  const right = readRight(text, headEnd, clause.end);
  const modifiers = left.words.filter((w) => !INTENSIFIERS.has(w.toLowerCase()));
  const hyphenModifier = modifiers.some((w) => LOWER_HYPHENATED.test(w) || /^[\p{Lu}][\p{L}.]*-level$/u.test(w));
  const lowerHeadWord = headWord.toLowerCase();
  // "cooperation and dialogue", "dialogue and cooperation": a direction, not a meeting.
  if (!modifiers.length && /\b(?:cooperation|collaboration)\s+and\s*$/i.test(text.slice(Math.max(0, left.start - 30), left.start))) return null;
  if (/^\s+and\s+(?:cooperation|collaboration)\b/i.test(after) && !right.complement) return null;
  if (INTENSIFIERS.has(left.before) || (left.words.length && INTENSIFIERS.has(left.words[0]!.toLowerCase()) && !right.complement)) return null;
  // Enumerations of event types: "seminars, workshops and meetings".
  // (The cheap conditions of these rules first: the patterns search stretches of the clause.)
  const highLevel = /\b(?:high[-\s]level|ministerial|senior)\b/i.test(modifiers.join(' '));
  const around = () => text.slice(Math.max(clause.start, left.start - 40), Math.min(clause.end, right.end + 30));
  if (!named && !highLevel && /\b(?:seminars|workshops)\b/i.test(around())) return null;
  // "Strengthen political-level and working-level dialogue": an intensified relationship, not a meeting.
  if (!named && /\b(?:strengthen|deepen|enhance|intensify)\w*\s+(?:[\w-]+\s+){0,3}$/i.test(text.slice(clause.start, left.start))) return null;
  // The parties settling differences "through consultations" is a provision, not a standing mechanism.
  if (DISPUTE_CUE.test(text.slice(clause.start, clause.end))) return null;
  if (/^meetings?$/.test(lowerHeadWord) && !MEETING_MODIFIERS.test(modifiers.join(' '))) return null;
  if (!named && isHeadingLine(text, headStart)) return null;
  if (!named) {
    if (!modifiers.length && !right.complement) return null;
    // "several new bilateral task forces", "a standing mechanism": bodies of both parties by their words.
    const ownBody = (/^task forces?$/.test(body) && (created() || modifiers.some((w) => /^bilateral$/i.test(w)))) || /^mechanisms?$/.test(body);
    // A trigger verb before it or a cadence in its clause, tried last: their patterns search the clause.
    if (!hyphenModifier && !ownBody && !TRIGGER.test(text.slice(Math.max(clause.start, left.start - 60), left.start)) && cadenceIn(text.slice(clause.start, clause.end)) === 'unspecified') return null;
  }
  const start = left.start;
  const name = fold(stripMarkdown(text.slice(start, right.end))).replace(/^["“]|["”,;:.]+$/g, '');
  const core = named ? coreOf(left.words, headWord) : null;
  return { name, span: { start, end: right.end }, cadence: 'unspecified', core };
}

/** "Politico-Military (PM) Dialogue" and "PM Dialogue" share the core "pm dialogue". */
function coreOf(words: string[], headWord: string): string {
  const acronym = words.find((w) => /^\([\p{Lu}]{2,}\)$/u.test(w));
  const base = acronym ? acronym.slice(1, -1) : words.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).slice(-2).join(' ');
  return `${base} ${headWord}`.toLowerCase().replace(/s$/, '');
}

function readLeft(text: string, headStart: number, limit: number): { start: number; words: string[]; before: string } {
  const capitalHead = /^[\p{Lu}]/u.test(text[headStart] ?? '');
  const words: string[] = [];
  let start = headStart;
  let before = '';
  for (let guard = 0; guard < 12; guard++) {
    // An office named before "-level" is read whole: "Deputy Secretary of State/Vice Minister for Foreign Affairs-level dialogue".
    const office = !capitalHead && words.some((w) => /^[\p{Lu}][\p{L}.]*-level$/u.test(w)) && /^[\p{Lu}]/u.test(words[0]!);
    const found = previousWord(text, office && text[start - 1] === '/' ? start - 1 : start, Math.max(limit, start - 60), true);
    if (!found) break;
    const word = found.word;
    const slice = text.slice(Math.max(limit, found.start - 40), start);
    const lower = word.toLowerCase();
    const capital = /^[\p{Lu}\p{N}(]/u.test(word);
    // "high-level exchanges and dialogue", "Vice Foreign Minister - Secretary General Consultations"
    // "Vice Foreign Minister - Secretary General and …" joins capitals, but "… (PM) Dialogue and Military-to-Military (MM) Dialogue" are two.
    const joinsCapitals =
      lower === 'and' && words.length > 0 && /^[\p{Lu}]/u.test(words[0]!) && /[\p{Lu}][\p{L}]*\s+and\s*$/u.test(slice) &&
      !/(?:Dialogues?|Consultations|Committee|Meeting)\s+and\s*$/.test(slice);
    const joinsNouns = lower === 'and' && words.length === 0 && /\b(?:exchanges|meetings)\s+and\s*$/.test(slice);
    // A named mechanism's words are capitalised; a quote mark or a lower-case word ("a yearly "…") opens it.
    if (capitalHead && ((!capital && lower !== 'and') || /["“]/.test(text.slice(found.start + word.length, start)))) {
      before = lower;
      break;
    }
    // Nor is an ordinal: "the 8th Japan-Chile Strategic Dialogue" is a meeting of the Dialogue.
    if (/^\d{1,3}(?:st|nd|rd|th)$/.test(word)) {
      before = word;
      break;
    }
    // List markers are not words of a name: "(1) Politico-Military (PM) Dialogue".
    if (/^\((?:\d{1,2}|[a-z]|[ivx]+)\)$/i.test(word)) {
      before = word;
      break;
    }
    const joinsOffice = office && (lower === 'of' || lower === 'for') && /[\p{Lu}][\p{L}.]*\s+(?:of|for)\s*$/u.test(slice);
    // Capitalised words pass only inside a named mechanism; a sentence-initial "Hold", "Promote" stops.
    // A sentence-initial article is no word of a name either: "The Ocean Dialogue will report …".
    const article = lower === 'the' || lower === 'a' || lower === 'an';
    if (LEFT_STOPS.has(lower) && !joinsCapitals && !joinsNouns && !joinsOffice && (article || !(capital && lower !== 'and' && capitalHead))) {
      before = lower;
      break;
    }
    words.unshift(word);
    start = found.start;
  }
  return { start, words, before };
}

function readRight(text: string, headEnd: number, clauseEnd: number): { end: number; complement: boolean } {
  let pos = headEnd;
  let complement = false;
  const bracket = /^\s*\(([\p{Lu}][\p{L}\p{N}&-]{1,10})\)/u.exec(text.slice(pos, pos + 20));
  if (bracket) pos += bracket[0].length;
  // "dialogue and information exchange between MAFF and DVFA"
  const coordinated = COORDINATED.exec(text.slice(pos, pos + 60));
  if (coordinated) pos += coordinated[0].length;
  for (let guard = 0; guard < 3; guard++) {
    const rest = text.slice(pos, Math.min(clauseEnd, pos + 300));
    const intro = COMPLEMENT.exec(rest);
    if (!intro) break;
    let p = pos + intro[0].length;
    let lastGood = -1;
    let words = 0;
    for (;;) {
      const t = /^[ \t\r\n]*(?:(\([^()]{1,40}\))|([\p{L}\p{N}][\p{L}\p{N}'’.\-]*)|(,)|(\S))/u.exec(text.slice(p, Math.min(clauseEnd, p + 80)));
      if (!t) break;
      const [all, paren, word, comma] = t;
      if (paren) {
        p += all.length;
        lastGood = p;
        continue;
      }
      if (comma) {
        const next = /^,\s*(?:and\s+)?([\p{L}]+)/u.exec(text.slice(p + all.length - 1, p + all.length + 30));
        if (next && /^[\p{Lu}]/u.test(next[1]!)) {
          p += all.length;
          continue;
        }
        break;
      }
      if (!word) break;
      const lower = word.toLowerCase().replace(/\.$/, '');
      if (STOP_WORDS.has(lower) || /^(?:19|20)\d\d/.test(word)) break;
      if (/^(?:regular|regularly|annually|yearly|once)$/.test(lower)) break;
      p += all.length;
      words++;
      if (!/^(?:the|a|an|of|in|on|for|and|between|at)$/.test(lower)) lastGood = p;
      if (words >= 20) break;
    }
    if (lastGood <= pos + intro[0].length) break;
    complement = true;
    pos = lastGood;
  }
  return { end: pos, complement };
}

/**
 * Cadence from the words nearest each mechanism: between the previous and next mechanism of the same
 * clause first ("a yearly "…Strategic Dialogue", building on … Consultations, which have been held
 * consecutively since 2022"), then anywhere in the clause ("…, on a regular basis.").
 */
function assignCadence(text: string, found: Occurrence[]): void {
  for (let i = 0; i < found.length; i++) {
    const o = found[i]!;
    const clause = clauseAround(text, o.span);
    const previous = found[i - 1];
    const next = found[i + 1];
    const from = previous && previous.span.end > clause.start ? previous.span.end : clause.start;
    const to = next && next.span.start < clause.end ? next.span.start : clause.end;
    const local = cadenceIn(text.slice(from, to));
    const inClause = cadenceIn(text.slice(clause.start, clause.end));
    // "their first bilateral Civil Space Dialogue": one of a series, unless an interval is given.
    const series = cues().ordinal.test(text.slice(Math.max(from, o.span.start - 60), o.span.start));
    o.cadence = local !== 'unspecified' ? local : series && !/^(?:annual|biennial)$/.test(inClause) ? 'regular' : inClause;
  }
}

export function cadenceIn(words: string): Cadence {
  for (const [cadence, cue] of CADENCE_CUES) if (cue.test(words)) return cadence;
  return 'unspecified';
}

/**
 * A review clause that names how the parties meet for it is a mechanism too:
 * "Implementation progress of this Action Plan will annually be assessed by the Governments through
 * political consultation." → "annual assessment of implementation progress through political consultation".
 */
// The middle of a review clause, which every match of the whole pattern holds: "of this Action Plan will annually be
// assessed". It begins with the literal "of", which V8 finds fast, unlike the whole pattern's start (see below).
const REVIEW_CORE = /of\s+this\s+[\p{Lu}][^.\n]{0,60}?\s+will\s+(?:annually\s+|regularly\s+|periodically\s+)?be\s+(?:(?:annually|regularly|periodically)\s+)?(?:assessed|reviewed|evaluated|monitored)\b/u;

function reviewMechanisms(text: string): Occurrence[] {
  const out: Occurrence[] = [];
  // The pattern is slow to search (it may start after any line break or full stop): most texts lack its middle.
  if (!text.includes(' of this ') || !REVIEW_CORE.test(text)) return out;
  const re = /(?:^|\n|\.\s)\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?([A-Z][^.\n]{0,80}?)\s+of\s+this\s+[\p{Lu}][^.\n]{0,60}?\s+will\s+(annually\s+|regularly\s+|periodically\s+)?be\s+(?:(annually|regularly|periodically)\s+)?(assessed|reviewed|evaluated|monitored)\b([^.\n]{0,120}?\b(?:through|at|in|by\s+means\s+of)\s+([^.\n;]{3,80}))\./gu;
  const NOUN: Record<string, string> = { assessed: 'assessment', reviewed: 'review', evaluated: 'evaluation', monitored: 'monitoring' };
  const ADJ: Record<string, string> = { annually: 'annual', regularly: 'regular', periodically: 'periodic' };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const adverb = (m[2] ?? m[3] ?? '').trim();
    const channel = /\b(?:through|at|in|by\s+means\s+of)\s+[^.\n;]+$/.exec(m[5]!)![0];
    const name = fold(`${adverb ? ADJ[adverb] + ' ' : ''}${NOUN[m[4]!]} of ${m[1]!.toLowerCase()} ${channel}`);
    const start = m.index + m[0].indexOf(m[1]!);
    out.push({ name, span: { start, end: m.index + m[0].length - 1 }, cadence: adverb ? cadenceIn(adverb) : 'unspecified', core: null });
  }
  return out;
}

/** One entry per mechanism: mentions sharing a named core, or whose words are contained in another's, merge. */
function merge(found: Occurrence[]): Occurrence[] {
  const out: Occurrence[] = [];
  const rank: Record<Cadence, number> = { annual: 3, biennial: 3, once: 2, regular: 1, unspecified: 0 };
  const tokens = (s: string) => new Set(s.toLowerCase().replace(/\([^)]*\)/g, ' ').split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((w) => w.replace(/s$/, '')));
  // The words of a named mechanism with its acronym kept, by name: every pair of named mentions compares them.
  const withAcronyms = new Map<string, Set<string>>();
  const acronymTokens = (name: string) => {
    let set = withAcronyms.get(name);
    if (!set) withAcronyms.set(name, (set = tokens(name.replace(/[()]/g, ' '))));
    return set;
  };
  const contained = (a: Set<string>, b: Set<string>) => {
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    for (const w of small) if (!large.has(w)) return false;
    return true;
  };
  // The words of each unnamed mechanism: only unnamed ones are compared by their words.
  const tokenSets = new Map<Occurrence, Set<string>>();
  for (const o of found) {
    const own = o.core ? null : tokens(o.name);
    const same = out.find((x) => {
      if (o.core && x.core === o.core) return true;
      if (!o.core !== !x.core) return false;
      if (!o.core) return contained(own!, tokenSets.get(x)!);
      // "Next Generation CET Dialogue" is the "U.S.-ROK Next Generation … (CET) Dialogue" named before: same head,
      // and every word of the one (acronyms included) in the other.
      if (o.core.split(' ').pop() !== x.core!.split(' ').pop()) return false;
      return contained(acronymTokens(o.name), acronymTokens(x.name));
    });
    if (!same) {
      const copy = { ...o };
      out.push(copy);
      if (own) tokenSets.set(copy, own);
      continue;
    }
    if (rank[o.cadence] > rank[same.cadence]) same.cadence = o.cadence;
    if (!o.core && o.name.length > same.name.length) {
      same.name = o.name;
      same.span = o.span;
      tokenSets.set(same, own!);
    }
  }
  return out;
}
