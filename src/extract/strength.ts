// Judges a commitment's strength from its action: exploratory (hedged), firm (verifiable), or intent (a direction).
import type { Strength } from '../types.js';
import type { Vocabulary } from '../vocab/index.js';
import { escapeRegExp } from '../text.js';
import { PhraseIndex, type PhraseFinder, type PhraseWords } from './phrases.js';
import { hashOf, readWords, TextWords } from './words.js';

export interface StrengthJudgement {
  strength: Strength;
  /** The words that decided it, or null when nothing did and the default `intent` stands. */
  cue: string | null;
}

interface Compiled {
  /** The phrase finders below, sharing one scan of the text. */
  phrases: PhraseIndex;
  founded: Set<string>;
  /** Verbs that raise a relationship to a status (vocab strength.json raising). */
  raising: Set<string>;
  drafting: Set<string>;
  documents: Set<string>;
  exploratoryVerbs: Set<string>;
  exploratoryAnywhere: PhraseFinder;
  exploratoryAfterFirm: PhraseFinder;
  searchVerbs: Set<string>;
  hedgedObjects: Set<string>;
  selfEvident: Set<string>;
  directions: Set<string>;
  deliverable: PhraseFinder;
  firmVerbs: Set<string>;
  /** Firm verbs and self-evident acts together: the tokens marked while they are read. */
  firmOrSelfEvident: Set<string>;
  /** Firm verbs that need a verifiable object: "establish a timeframe" is firm, "establishing relations" is not. */
  needsObject: Set<string>;
  neutral: Set<string>;
  /** The gatherings ("meet at", "be held"), by their first word: the second words that follow it in one. */
  gatherings: Map<string, Set<string>>;
  events: Set<string>;
  /** The words before the first space of the events of several words ("working" of "working group"). */
  eventPairStarts: Set<string>;
  cadence: PhraseFinder;
  deadline: PhraseFinder;
  namedProgramme: RegExp;
  willCue: PhraseFinder;
  leadAdverbs: Set<string>;
  actionVerbs: Set<string>;
  /** Heads of a party subject ("we", "sides", "participants"). */
  subjects: Set<string>;
  /** Every word the sets above and below hold, and the phrases' first words: what a token is looked up among. */
  known: KnownWords;
}

const compiled = new WeakMap<Vocabulary, Compiled>();
/** The vocabulary judged last and its compiled form: nearly every call asks for the same one. */
let last: { vocab: Vocabulary; compiled: Compiled } | null = null;

// Words after which a firm verb is subordinate, not an action: "collaboration in organizing exhibitions".
const SUBORDINATORS = new Set(['in', 'of', 'for', 'by', 'on', 'after', 'before', 'while', 'through', 'including']);

// A deliverable already past or in use: "building upon the recent conclusion of an MOU", "Take advantage of the entry into force of…".
const PAST_BEFORE = /\b(?:recent|recently|previous|past|prior|upon|following|since|after|advantage of|use of)\s+(?:\S+\s+){0,2}$/i;

// A module function, not a closure: tsx wraps a named closure in a helper call each time it is created.

// The cues are English words: ASCII tokens are enough, and much faster than Unicode classes on every unit. The
// tokens are those of the shared reading of the text (words.ts), looked up in a table of the vocabulary's words.

/** A text's tokens, and where the phrases of the judge's finders may begin. */
interface Tokens {
  words: string[];
  /** Where the firm verbs and self-evident acts are among the tokens: the few the judge looks at in a later pass. */
  firmAt: number[];
  phraseStarts: number[];
  phraseMasks: number[];
}

// A token that no cue holds. Judging only compares tokens with the vocabulary's words, so one string can stand for all
// such tokens, and a token is looked up in a table instead of being copied out of the text and hashed as a string.
const OTHER_WORD = '\0';

/**
 * The tokens of a text read (see TextWords; not one that `foldsOddly`), each the vocabulary's own string or
 * OTHER_WORD, and the runs of letters that begin a phrase: one look-up per token for both.
 */
function tokensOf(read: TextWords, known: KnownWords): Tokens {
  const out: Tokens = { words: [], firmAt: [], phraseStarts: [], phraseMasks: [] };
  const { text, tokenCount, tokenStarts, tokenEnds, tokenHashes, tokenLettersOnly } = read;
  for (let k = 0; k < tokenCount; k++) {
    const start = tokenStarts[k]!;
    const end = tokenEnds[k]!;
    const slot = known.slotOf(text, start, end, tokenHashes[k]!);
    if (slot >= 0 && known.isFirm(slot)) out.firmAt.push(out.words.length);
    out.words.push(slot < 0 ? OTHER_WORD : known.word(slot));
    // A phrase begins at a whole run of letters: the token, or each run of one with a digit or a hyphen ("2will").
    if (tokenLettersOnly[k]) known.addPhraseStart(out, start, slot);
    else {
      for (let r = start; r < end; ) {
        if (!isFoldedLetter(text.charCodeAt(r))) {
          r++;
          continue;
        }
        let runEnd = r + 1;
        while (runEnd < end && isFoldedLetter(text.charCodeAt(runEnd))) runEnd++;
        known.addPhraseStart(out, r, known.slotOf(text, r, runEnd, hashOf(text, r, runEnd)));
        r = runEnd;
      }
    }
  }
  return out;
}

/** An ASCII letter of either case: its small letter is `c | 32`. Written out here, not imported (see words.ts). */
function isFoldedLetter(c: number): boolean {
  const lower = c | 32;
  return lower >= 97 && lower <= 122;
}

/** The tokens of `s` lower-cased, as strings (the shared reading is left to the caller's text). */
function words(s: string): string[] {
  return s.toLowerCase().match(TOKEN) ?? [];
}

const TOKEN = /[a-z0-9]+(?:-[a-z]+)*/g;

/**
 * The words judging compares tokens with, and the phrases' first words, in an open-addressing table; each word marked
 * if it is one of the firm verbs and self-evident acts (`firm`).
 */
class KnownWords {
  private readonly words: (string | undefined)[];
  /** Each slot's word's hash and length (0: an empty slot): most tokens are told apart without reading a string. */
  private readonly hashes: Int32Array;
  private readonly lengths: Int32Array;
  private readonly phraseMasks: Int32Array;
  private readonly firm: Uint8Array;
  private readonly slotMask: number;

  constructor(words: Iterable<string>, phraseFirstWords: ReadonlyMap<string, number>, firm: ReadonlySet<string>) {
    const all = new Set([...words, ...phraseFirstWords.keys()]);
    let size = 64;
    while (size < all.size * 4) size *= 2;
    this.words = new Array<string | undefined>(size);
    this.hashes = new Int32Array(size);
    this.lengths = new Int32Array(size);
    this.phraseMasks = new Int32Array(size);
    this.firm = new Uint8Array(size);
    this.slotMask = size - 1;
    for (const w of all) {
      if (!w) continue; // no token is empty
      const hash = hashOf(w, 0, w.length);
      let slot = this.firstSlot(hash);
      while (this.lengths[slot]) slot = (slot + 1) & this.slotMask;
      this.words[slot] = w;
      this.hashes[slot] = hash;
      this.lengths[slot] = w.length;
      this.phraseMasks[slot] = phraseFirstWords.get(w) ?? 0;
      this.firm[slot] = firm.has(w) ? 1 : 0;
    }
  }

  /** The slot of the token text[start, end) lower-cased, whose hashOf is `hash`, or -1. */
  slotOf(text: string, start: number, end: number, hash: number): number {
    for (let slot = this.firstSlot(hash); ; slot = (slot + 1) & this.slotMask) {
      const length = this.lengths[slot]!;
      if (!length) return -1;
      if (length === end - start && this.hashes[slot] === hash && isTokenOf(this.words[slot]!, text, start)) return slot;
    }
  }

  /** The high bits mixed in: the low bits of hashOf differ little between words of a few letters. */
  private firstSlot(hash: number): number {
    return (hash ^ (hash >>> 15)) & this.slotMask;
  }

  word(slot: number): string {
    return this.words[slot]!;
  }

  isFirm(slot: number): boolean {
    return this.firm[slot] === 1;
  }

  addPhraseStart(tokens: Tokens, start: number, slot: number): void {
    const mask = slot < 0 ? 0 : this.phraseMasks[slot]!;
    if (!mask) return;
    tokens.phraseStarts.push(start);
    tokens.phraseMasks.push(mask);
  }
}

/** Whether the word `w` is the token at `start` of the text, lower-cased (the token's characters, as hashOf reads them). */
function isTokenOf(w: string, text: string, start: number): boolean {
  for (let k = 0; k < w.length; k++) if ((text.charCodeAt(start + k) | 32) !== w.charCodeAt(k)) return false;
  return true;
}

function compile(vocab: Vocabulary): Compiled {
  if (last?.vocab === vocab) return last.compiled;
  let c = compiled.get(vocab);
  if (c) {
    last = { vocab, compiled: c };
    return c;
  }
  const cues = vocab.strength;
  const phrases = new PhraseIndex();
  const escaped = (list: string[]) => list.map(escapeRegExp);
  const sets: Omit<Compiled, 'known'> = {
    phrases,
    // Single words ("explore", "consider", "discuss") count only as the main verb;
    exploratoryVerbs: new Set(cues.exploratory.filter((p) => !p.includes(' '))),
    // phrases count anywhere: "…to consider the possibility of…", "…work together to consider a … arrangement".
    exploratoryAnywhere: phrases.finder(escaped(cues.exploratoryAnywhere), '\\b', '\\b', 'i'),
    exploratoryAfterFirm: phrases.finder(escaped(cues.exploratoryAfterFirm), '\\b', '\\b', 'i'),
    searchVerbs: new Set(cues.searchVerbs),
    hedgedObjects: new Set(cues.hedgedObjects),
    selfEvident: new Set(cues.selfEvident),
    directions: new Set(cues.directions),
    deliverable: phrases.finder(escaped(cues.deliverables), '\\b', '\\b', 'i'),
    firmVerbs: new Set(cues.firm),
    firmOrSelfEvident: new Set([...cues.firm, ...cues.selfEvident]),
    needsObject: new Set(['establish', 'establishing', 'open', 'opening', ...cues.raising]),
    raising: new Set(cues.raising),
    founded: new Set(cues.founded),
    drafting: new Set(cues.drafting),
    documents: new Set(cues.documents),
    neutral: new Set(cues.neutral),
    gatherings: byFirstWord(cues.gatherings),
    events: new Set(cues.events),
    eventPairStarts: new Set(cues.events.filter((e) => e.includes(' ')).map((e) => e.slice(0, e.indexOf(' ')))),
    cadence: phrases.finder(escaped(cues.cadence), '\\b', '\\b', 'i'),
    deadline: phrases.finder(cues.deadlines, '\\b', '\\b', 'i'),
    // Case-sensitive: the capital marks a name ("the Port Terminal Project"), not any project ("joint projects").
    namedProgramme: new RegExp(`\\b(?:${escaped(cues.namedProgrammes).join('|')})\\b`),
    // "the ministries will seek ways", "The ministries aim to contribute", "we intend to establish": the verb after the cue.
    willCue: phrases.finder([...escaped(vocab.cues.willCues), ...vocab.cues.statementCues], '(?<![\\p{L}-])', '\\s+', 'iu'),
    leadAdverbs: new Set(vocab.cues.leadAdverbs),
    actionVerbs: new Set(vocab.cues.actionVerbs.filter((v) => !vocab.cues.leadAdverbs.includes(v))),
    subjects: new Set(vocab.cues.statementSubjects),
  };
  c = { ...sets, known: new KnownWords(judgedWords(sets), phrases.firstWords(), sets.firmOrSelfEvident) };
  compiled.set(vocab, c);
  last = { vocab, compiled: c };
  return c;
}

/**
 * The words a token is compared with: those of the sets (each word of a phrase such as "working group", as two tokens
 * are joined to look it up), the "-ing" forms of the action verbs (a gerund's stem is looked up), and the words the
 * judge names.
 */
function judgedWords(c: Omit<Compiled, 'known'>): string[] {
  const sets = [c.exploratoryVerbs, c.searchVerbs, c.hedgedObjects, c.selfEvident, c.directions, c.firmVerbs, c.needsObject, c.founded, c.drafting, c.documents,
    c.neutral, c.events, c.leadAdverbs, c.actionVerbs, SUBORDINATORS, OBJECT_END, NOUN_PHRASE];
  const out = ['to', 'by'];
  for (const set of sets) for (const entry of set) out.push(...entry.split(' '));
  for (const [first, seconds] of c.gatherings) for (const second of seconds) out.push(first, ...second.split(' '));
  for (const verb of c.actionVerbs) out.push(`${verb}ing`, ...(verb.endsWith('e') ? [`${verb.slice(0, -1)}ing`] : []));
  return out;
}

/** Phrases of two words by their first: "meet at", "meet in" → "meet" → {"at", "in"}. */
function byFirstWord(phrases: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const phrase of phrases) {
    const space = phrase.indexOf(' ');
    if (space < 0) continue;
    const first = phrase.slice(0, space);
    if (!out.has(first)) out.set(first, new Set());
    out.get(first)!.add(phrase.slice(space + 1));
  }
  return out;
}

/** "first second" when it is a gathering ("meet at", "be held"), else null; made as a string only then. */
function gatheringOf(first: string | undefined, second: string, c: Compiled): string | null {
  return first !== undefined && c.gatherings.get(first)?.has(second) ? `${first} ${second}` : null;
}

const KANA_OR_KANJI = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * Strength of one commitment. `inheritedExploratory` is set for items under a hedged lead-in
 * ("Explore possibilities to: – hold joint seminars") which share its hedge.
 * `textWords`: the text's words, when its caller has read them for other readers too.
 * Example: "Explore ways to contribute…" → exploratory; "Hold regular consultations…" → firm; "Promote…" → intent.
 */
export function judgeStrength(text: string, vocab: Vocabulary, inheritedExploratory = false, textWords = readWords(text)): StrengthJudgement {
  const c = compile(vocab);
  const placed = textWords.foldsOddly ? null : textWords;
  const kanaOrKanji = placed ? placed.kanaOrKanji : KANA_OR_KANJI.test(text);
  if (kanaOrKanji && !/[a-z]{3}/i.test(text)) return judgeJapanese(text, vocab, inheritedExploratory);
  // A text that lower-cases oddly is read from its lower-cased copy.
  const lower = placed ? null : text.toLowerCase();
  const read = tokensOf(placed ?? readWords(lower!, new TextWords()), c.known);
  const tokens = read.words;
  // Lower-casing that changes the text's length ("İ") moves the places where phrases may begin: they are scanned for.
  const found = placed
    ? c.phrases.fromRuns(text, read.phraseStarts, read.phraseMasks, placed.longS)
    : lower!.length === text.length
      ? c.phrases.fromRuns(text, read.phraseStarts, read.phraseMasks)
      : c.phrases.scan(text);
  const main = mainVerb(text, tokens, found, c);
  const after = main ? tokens.slice(main.index + 1, main.index + 9) : [];
  if (main && c.exploratoryVerbs.has(main.verb)) return { strength: 'exploratory', cue: main.verb };
  const sought = main && c.searchVerbs.has(main.verb) ? soughtHead(after, c) : null;
  if (sought) return { strength: 'exploratory', cue: `${main!.verb} ${after[0] === sought ? '' : '… '}${sought}` };
  const hedge = c.exploratoryAnywhere.exec(found);
  if (hedge) return { strength: 'exploratory', cue: hedge[0].toLowerCase() };
  if (inheritedExploratory) return { strength: 'exploratory', cue: 'hedged lead-in' };
  if (main && c.firmVerbs.has(main.verb)) {
    if (!c.needsObject.has(main.verb) || foundedObject(main.verb, tokens, main.index, after, c)) return { strength: 'firm', cue: main.verb };
  }
  // A document drawn up: "Develop a Ruritania-Freedonia Hydrogen Roadmap".
  const drawnUp = main && c.drafting.has(main.verb) ? wordWithin(after, 6, c.documents) : null;
  if (drawnUp) return { strength: 'firm', cue: `${main!.verb} … ${drawnUp}` };
  // A verb that is itself the meeting, as main verb or after a neutral one: "Our governments will continue to meet at
  // all levels".
  const chained = main && c.neutral.has(main.verb) && after[0] === 'to';
  const gathering = main ? (chained ? gatheringOf(after[1], after[2] ?? '', c) : gatheringOf(main.verb, after[0] ?? '', c)) : null;
  if (gathering) return { strength: 'firm', cue: gathering };
  // Only in the unit's first clause: a hedge in a later sentence or after a semicolon belongs to another action
  // ("Enhancing cooperation on methane …; and to pursue opportunities to …" stays intent).
  const weakHedge = c.exploratoryAfterFirm.execBefore(found, firstClauseEnd(text));
  if (weakHedge) return { strength: 'exploratory', cue: weakHedge[0].toLowerCase() };
  // A launch done at the meeting: "President Biden and Chancellor Merkel today … launched the … Partnership".
  if (main?.cue && FIRM_CUE.test(main.cue)) return { strength: 'firm', cue: main.cue.toLowerCase() };
  // A neutral verb, or a cue with no verb ("look forward to the next meeting"), with an event or body as object, or
  // with a project or programme known by its name ("will implement steadily the "Coastal Road Project"").
  if (main && (c.neutral.has(main.verb) || (main.cue && NOUN_PHRASE.has(main.verb)))) {
    const object = eventWithin(after, 0, 5, c) ?? (c.events.has(main.verb) ? main.verb : null) ?? c.namedProgramme.exec(text)?.[0] ?? null;
    if (object) return { strength: 'firm', cue: `${main.verb} … ${object}` };
  }
  // An item that names a meeting instead of an action: "Fisheries Policy Dialogue", "Consultation on trade between the two
  // ministries" (the head noun before the first preposition); not a sentence with a subject ("The leaders met…").
  if (main && !main.cue && !isVerbLike(main.verb, c) && !NOUN_PHRASE.has(main.verb)) {
    const head = nounPhraseHead(tokens, main.index);
    if (head && c.events.has(head)) return { strength: 'firm', cue: head };
  }
  // A firm verb with an event later in the unit: "Share experiences…, organize seminars, and…"; or one whose act is
  // the deliverable: "Build on … and launch a Global Digital Connectivity Partnership".
  for (const i of read.firmAt) {
    if (i >= tokens.length - 1) break;
    const w = tokens[i]!;
    // "…collaboration in organizing exhibitions"; but a self-evident act named as the means stays the deliverable:
    // "promote investment by convening a ministerial".
    const subordinate = SUBORDINATORS.has(tokens[i - 1] ?? '') && !(tokens[i - 1] === 'by' && c.selfEvident.has(w));
    // After a determiner the word is a noun: "including the launch of new projects".
    if (subordinate || NOUN_PHRASE.has(tokens[i - 1] ?? '') || w.endsWith('ed')) continue;
    // "Initiate cooperation on …" begins a direction, not a deliverable.
    const selfEvident = c.selfEvident.has(w) && !c.directions.has(tokens[i + 1] ?? '');
    if (selfEvident || (!c.needsObject.has(w) && eventWithin(tokens, i + 1, 3, c))) return { strength: 'firm', cue: w };
  }
  for (let m = c.deliverable.exec(found); m; m = c.deliverable.exec(found, m.index + m[0].length)) {
    if (!PAST_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index))) return { strength: 'firm', cue: m[0].toLowerCase() };
  }
  const cadence = c.cadence.exec(found) ?? c.deadline.exec(found);
  if (cadence) return { strength: 'firm', cue: cadence[0].toLowerCase() };
  // Every match holds the word "new", a token: most texts need no try.
  const named = tokens.includes('new') ? NEW_NAMED.exec(text) : null;
  if (named && !OBLIQUE.test(text.slice(Math.max(0, named.index - 12), named.index))) return { strength: 'firm', cue: named[0] };
  return { strength: 'intent', cue: null };
}

// A new body or text with a proper name, as the object of the action, is a deliverable one can point to afterwards:
// "Developing a new bilateral Defense Industrial Cooperation Roadmap", "announce a new $5 million “Green Ports Fund”".
const NEW_NAMED = /\b(?:a|an|the|our|their)\s+new\s+(?:(?:US\s?|USD\s?)?\$\s?[\d.,]+\s*(?:million|billion)\s+)?(?:(?:bilateral|trilateral|joint)\s+)?["“‘]?\p{Lu}\p{Ll}/u;
// …unless a preposition makes it the means or the place of another action, often something that already exists:
// "through our new bilateral Space Framework Agreement", "granted by the new Special Economic Zone".
const OBLIQUE = /\b(?:through|by|via|under|including|in|on|of|with|within|from|to|for|at|into)\s+$/i;

/**
 * Where the text's first sentence end or semicolon is (its length if none): the clause the unit's main verb governs
 * ends there. A period after an abbreviation ("U.S.", "e.g.") ends nothing: a sentence end follows a lower-case word.
 * What CLAUSE_END finds, trying it only at the punctuation: the pattern is slow to try at every offset.
 */
function firstClauseEnd(text: string): number {
  // Tested, not executed: the mark is the character before lastIndex, and no match array is made for each.
  CLAUSE_PUNCTUATION.lastIndex = 0;
  while (CLAUSE_PUNCTUATION.test(text)) {
    const i = CLAUSE_PUNCTUATION.lastIndex - 1;
    if (text.charCodeAt(i) === 59 /* ; */) return i;
    if (i < 2) continue;
    const before = text.charCodeAt(i - 2);
    const last = text.charCodeAt(i - 1);
    // A surrogate pair is one letter to the pattern: leave such text to it.
    if ((before & 0xf800) === 0xd800 || (last & 0xf800) === 0xd800) return searchOrLength(text, CLAUSE_END);
    if (!lowerOrParen(before) || !lowerOrParen(last)) continue;
    SENTENCE_FOLLOWS.lastIndex = i + 1;
    if (SENTENCE_FOLLOWS.test(text)) return i - 2;
  }
  return text.length;
}

const CLAUSE_PUNCTUATION = /[;.!?]/g;
const CLAUSE_END = /;|[\p{Ll})]{2}[.!?](?=\s+[\p{Lu}“"]|\*|$)/u;
const SENTENCE_FOLLOWS = /(?=\s+[\p{Lu}“"]|\*|$)/uy;
const LOWER = /\p{Ll}/u;

function lowerOrParen(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 41 || (c > 127 && LOWER.test(String.fromCharCode(c)));
}

function searchOrLength(text: string, pattern: RegExp): number {
  const at = text.search(pattern);
  return at < 0 ? text.length : at;
}

/**
 * The head of a search verb's object when it is a way or an opening, not a thing: "identifying near-term investment
 * opportunities to expand…" → "opportunities"; "identify projects of interest" → null. Looks up to four words, up to
 * the first preposition.
 */
function soughtHead(after: string[], c: Compiled): string | null {
  for (const w of after.slice(0, 4)) {
    if (c.hedgedObjects.has(w)) return w;
    if (OBJECT_END.has(w)) return null;
  }
  return null;
}

const OBJECT_END = new Set(['to', 'for', 'of', 'in', 'on', 'with', 'and', 'or', 'that', 'which', 'between', 'through', 'by']);

/** Japanese has no main-verb position to read: its cues count anywhere, hedges first. */
function judgeJapanese(text: string, vocab: Vocabulary, inheritedExploratory: boolean): StrengthJudgement {
  const hedge = vocab.strength.ja.exploratory.find((cue) => text.includes(cue));
  if (hedge) return { strength: 'exploratory', cue: hedge };
  if (inheritedExploratory) return { strength: 'exploratory', cue: 'hedged lead-in' };
  const firm = vocab.strength.ja.firm.find((cue) => text.includes(cue));
  return firm ? { strength: 'firm', cue: firm } : { strength: 'intent', cue: null };
}

/**
 * What a verb that needs an object founds among the words after it (`after`): an event or body ("establish a working
 * group"), or something founded ("establish a Corridor"). A verb of raising founds what the relationship is raised to,
 * after "to" ("elevate the relationship to a Comprehensive Strategic Partnership"), never its object. Null when none.
 */
function foundedObject(verb: string, tokens: string[], at: number, after: string[], c: Compiled): string | null {
  if (!c.raising.has(verb)) return eventWithin(after, 0, 8, c) ?? wordWithin(after, 8, c.founded);
  const reach = tokens.slice(at + 1, at + 16);
  const to = reach.indexOf('to');
  return to < 0 ? null : wordWithin(reach.slice(to + 1), 8, c.founded);
}

/** The first of the next `count` tokens that is in `words`, or null. */
function wordWithin(tokens: string[], count: number, words: Set<string>): string | null {
  for (let i = 0; i < Math.min(tokens.length, count); i++) if (words.has(tokens[i]!)) return tokens[i]!;
  return null;
}

/** The first event or body among `count` tokens from `from`, one word or two ("meeting", "working group"), or null. */
function eventWithin(tokens: string[], from: number, count: number, c: Compiled): string | null {
  for (let i = from; i < Math.min(tokens.length, from + count); i++) {
    const w = tokens[i]!;
    if (c.events.has(w)) return w;
    // A token holds no space: only a word that starts some two-word event can make one with the next.
    if (!c.eventPairStarts.has(w)) continue;
    const pair = `${w} ${tokens[i + 1] ?? ''}`;
    if (c.events.has(pair)) return pair;
  }
  return null;
}

// A cue that is itself a launch or a founding: "launched", "are launching", "have established", "have signed".
const FIRM_CUE = /\b(?:launch(?:ed|ing)?|establish(?:ed|ing)|signed|convening)\b/i;

// A cue followed by a noun phrase, not a verb: "look forward to the next … meeting", "announce the resumption of…".
const NOUN_PHRASE = new Set(['the', 'a', 'an', 'our', 'their', 'its', 'this', 'these', 'new']);

/**
 * The unit's governing verb: its first word (imperative or gerund item), or the word after "will"/"aim to"/"intend
 * to"/"look forward to" (then `cue` is that cue as written).
 */
function mainVerb(
  text: string,
  tokens: string[],
  found: PhraseWords,
  c: Compiled,
): { verb: string; index: number; cue?: string } | null {
  let first = 0;
  while (first < tokens.length - 1 && c.leadAdverbs.has(tokens[first]!)) first++;
  const head = tokens[first];
  const cue = c.willCue.exec(found);
  const gerund = head?.endsWith('ing');
  const stem = gerund ? head!.slice(0, -3) : '';
  if (head && (c.actionVerbs.has(head) || (gerund && (c.actionVerbs.has(stem) || c.actionVerbs.has(`${stem}e`))) || isKnown(head, c))) {
    if (!(gerund && cue && opensAdjunct(text, cue.index, c))) return { verb: head, index: first };
  }
  if (!cue) return head ? { verb: head, index: first } : null;
  let i = tokensThrough(text, cue.index, cue.index + cue[0].length);
  while (i < tokens.length && c.leadAdverbs.has(tokens[i]!)) i++;
  return i < tokens.length ? { verb: tokens[i]!, index: i, cue: cue[0].trim() } : null;
}

/**
 * How many tokens the text has up to the end of the cue text[cueStart, cueEnd), counted as the tokens of the text
 * before the cue plus those of the cue: a token the cue's start cuts ("2will") counts on both sides. Counted again
 * only here, where a cue follows a head that is no verb: keeping every token's place cost more on every unit.
 */
function tokensThrough(text: string, cueStart: number, cueEnd: number): number {
  return words(text.slice(0, cueStart)).length + words(text.slice(cueStart, cueEnd)).length;
}

/**
 * Whether a leading participle is an adjunct of a sentence whose subject and verb of commitment come after a comma:
 * "Building on our long history of cooperation, we intend to establish …" (the subject, a few words, stands between
 * the last comma and the cue); not "Enhancing cooperation on methane, recognizing …, and the U.S., as one of the
 * largest producers, intend to …", where the gerund leads the item.
 */
function opensAdjunct(text: string, cueIndex: number, c: Compiled): boolean {
  const before = text.slice(0, cueIndex);
  const comma = before.lastIndexOf(',');
  if (comma < 0 || /[;:]/.test(before)) return false;
  // A subject: a name ("the United States and Japan") or a subject word ("we", "the two sides"), not "a flagship
  // initiative launched at COP26".
  const subject = before.slice(comma + 1);
  const tokens = words(subject);
  return tokens.length <= 6 && (/\p{Lu}/u.test(subject) || tokens.some((w) => c.subjects.has(w)));
}

/** Whether a lower-cased word is an action verb or a cue verb, bare or as its "-ing" form. */
function isVerbLike(word: string, c: Compiled): boolean {
  if (c.actionVerbs.has(word) || isKnown(word, c)) return true;
  if (!word.endsWith('ing')) return false;
  const stem = word.slice(0, -3);
  return c.actionVerbs.has(stem) || c.actionVerbs.has(`${stem}e`) || isKnown(stem, c) || isKnown(`${stem}e`, c);
}

/**
 * The head of a verbless item's opening noun phrase: its last word before the first preposition or the end, within
 * five words ("Regional Fisheries Dialogue" → "dialogue", "Consultation on trade" → "consultation"); null when the
 * phrase runs on longer, as a sentence's subject and verb do.
 */
function nounPhraseHead(tokens: string[], from: number): string | null {
  for (let i = from; i < Math.min(tokens.length, from + 6); i++) {
    if (SUBORDINATORS.has(tokens[i]!) || HEAD_ENDS.has(tokens[i]!)) return i > from ? tokens[i - 1]! : null;
  }
  return tokens.length <= from + 6 ? tokens[tokens.length - 1] ?? null : null;
}

// Prepositions that end a noun phrase's head, besides the subordinators: "Dialogue between …", "Talks at …".
const HEAD_ENDS = new Set(['between', 'at', 'with', 'among', 'to', 'under']);

function isKnown(word: string, c: Compiled): boolean {
  return c.exploratoryVerbs.has(word) || c.firmVerbs.has(word) || c.neutral.has(word);
}
