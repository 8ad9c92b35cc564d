// Clause-by-clause judgement of prose in joint statements and fact sheets (spec/extraction.md §3): a sentence is a
// commitment when the parties are the subject of a verb of commitment ("The United States and Japan will…",
// "we intend to establish…", "They look forward to…"); views, predictions and others' actions are not.
import type { Vocabulary } from '../vocab/index.js';
import { escapeRegExp } from '../text.js';
import { PhraseIndex, type PhraseFinder } from './phrases.js';

interface Compiled {
  /** The cue finder below, with its scan of a sentence. */
  cues: PhraseIndex;
  /** A cue of commitment: "will", "intend to", "look forward to", "announce"… (vocab cues.json statementCues). */
  cue: PhraseFinder;
  /** Heads of a party subject: "we", "leaders", "sides", "Participants" and the parties' names. */
  heads: Set<string>;
  /** Party names of several words ("United States", "Republic of Korea"), longest first, for one-token replacement. */
  names: RegExp;
  /** Words allowed inside a subject ("the", "our", "both", "today"), single words and phrases. */
  words: Set<string>;
  phrases: RegExp;
  /** Verbs after "will" that make a prediction or a description, not an action ("will remain", "will be"). */
  notAfterWill: Set<string>;
  adverbs: Set<string>;
  /** Words of a meeting or a body ("meeting", "dialogue", "working group"): vocab strength.json events. */
  events: Set<string>;
  /** Verbs of saying or sharing that open a cue of commitment: "expressed", "shared" (vocab cues.json voiceVerbs). */
  voice: Set<string>;
  /** A verb of view in any form: "welcome(s|d)", "note", "take(s) note of", "recognize(d)" (vocab cues.json viewVerbs). */
  view: RegExp;
}

const compiled = new WeakMap<Vocabulary, Compiled>();
/** The vocabulary read last and its compiled form: nearly every call asks for the same one. */
let last: { vocab: Vocabulary; compiled: Compiled } | null = null;
const PARTY = '\u0001party';

function compile(vocab: Vocabulary): Compiled {
  if (last?.vocab === vocab) return last.compiled;
  let c = compiled.get(vocab);
  if (c) {
    last = { vocab, compiled: c };
    return c;
  }
  const cues = vocab.cues;
  const names = [...new Set(vocab.parties.flatMap((p) => [...p.names, ...p.adjectives.filter((a) => /\./.test(a))]))].sort((a, b) => b.length - a.length);
  const phrases = cues.statementSubjectWords.filter((w) => w.includes(' ')).sort((a, b) => b.length - a.length);
  const index = new PhraseIndex();
  c = {
    cues: index,
    cue: index.finder(cues.statementCues, '(?<![\\p{L}-])', '(?![\\p{L}-])', 'iu'),
    heads: new Set([...cues.statementSubjects.filter((w) => !w.includes(' ')), PARTY]),
    // "United States", "U.S.", "Japan": a name becomes one token; "Prime Minister" too (a title).
    names: new RegExp(`(?<![\\p{L}.])(?:${[...names, ...cues.statementSubjects.filter((w) => w.includes(' '))].map(escapeRegExp).join('|')})(?![\\p{L}])`, 'giu'),
    words: new Set(cues.statementSubjectWords.filter((w) => !w.includes(' '))),
    phrases: new RegExp(`(?<![\\p{L}])(?:${phrases.map(escapeRegExp).join('|')})(?![\\p{L}])`, 'giu'),
    notAfterWill: new Set(cues.notActionsAfterWill),
    adverbs: new Set(cues.leadAdverbs),
    events: new Set(vocab.strength.events),
    voice: new Set(cues.voiceVerbs),
    view: new RegExp(`(?<![\\p{L}-])(?:(?:take|takes|took) note of|(?:${cues.viewVerbs.map(escapeRegExp).join('|')})(?:s|d|ed)?)(?![\\p{L}-])`, 'iu'),
  };
  compiled.set(vocab, c);
  last = { vocab, compiled: c };
  return c;
}

// Where a clause starts: after a comma, semicolon, colon, dash or bracket ("Recognizing …, we intend to…"), or after
// a sentence end that the splitter left inside ("…in the 2030s. The ministries will…"; not "U.S. and").
const CLAUSE_MARKS = [',', ';', ':', '–', '—', '('];
const SENTENCE_END = /[.!?]/g;
const SPACE_AFTER_SENTENCE_END = /(?<=[\p{Ll}\d]{2}[.!?])\s+(?=\p{Lu})/uy;

/**
 * Where the last clause boundary of `text` is, or -1: its last clause mark, or the space after its last sentence end,
 * whichever is later. Found from the marks, not by a pattern of both tried at every offset.
 */
function lastClauseBoundary(text: string): number {
  let last = -1;
  for (const mark of CLAUSE_MARKS) last = Math.max(last, text.lastIndexOf(mark));
  SENTENCE_END.lastIndex = last + 1;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    SPACE_AFTER_SENTENCE_END.lastIndex = m.index + 1;
    if (SPACE_AFTER_SENTENCE_END.test(text)) last = m.index + 1;
  }
  return last;
}

// What a sentence says without its markup, as one line. Most sentences have none: the patterns run only when needed.
function plainSentence(text: string): string {
  const unlinked = text.includes('[') ? text.replace(MARKDOWN_LINK, '$1') : text;
  const unemphasized = unlinked.includes('*') ? unlinked.replace(/\*+/g, '') : unlinked;
  return ODD_SPACE.test(unemphasized) ? unemphasized.replace(/\s+/g, ' ') : unemphasized;
}

// Space other than one " ": a line break, a tab, two spaces.
const ODD_SPACE = /[^\S ]| {2}/;

/**
 * Whether a prose sentence says that the parties commit to act. Examples: "The United States and Germany will
 * collaborate on…" → true; "Recognizing …, we announce the launch of…" → true; "We acknowledge the importance of …
 * and announce a new Memorandum…" → true (the verb shares the sentence's party subject); "This investment will
 * bolster security…" → false (not the parties); "The leaders welcome…" → false (a view); "…, which will deliver
 * concrete benefits" → false; "we will remain…" → false (a description).
 */
export function commitsInProse(text: string, vocab: Vocabulary): boolean {
  const c = compile(vocab);
  // Emphasis marks are no words: "**The Participants are establishing a **U.S.-Japan … Group**"; nor is a Markdown
  // link's markup: "have [launched a new … Partnership](https://…)" reads "have launched a new … Partnership".
  const sentence = plainSentence(text);
  const found = c.cues.scan(sentence);
  let cues = 0;
  for (let m = c.cue.exec(found); m && cues < MAX_CUES; m = c.cue.exec(found, m.index + m[0].length), cues++) {
    const cue = m[0].toLowerCase();
    const modal = cue === 'will' || cue === 'shall';
    // "should" arranges a meeting or body ("agreed that the economic dialogue should be reactivated"); of the parties
    // themselves it is advice, not an act.
    const advisory = cue === 'should';
    const after = sentence.slice(m.index + m[0].length);
    // "In 2014, Prime Ministers … launched…", "…announced the iCET in May 2022": history, not this meeting's act. After
    // a past intention or decision to act the date is the act's own, still to come: "decided to hold … in 2032".
    if (/ed\b/.test(cue) && PAST_DATE.test(INTENDS.test(cue) || FUTURE_IN_CUE.test(cue) ? sentence.slice(0, m.index) : sentence)) continue;
    // An aside between dashes or brackets does not end the subject: "Both ministries - with … as needed - will…".
    const before = withoutAsides(sentence.slice(0, m.index));
    const clause = before.slice(lastClauseBoundary(before) + 1).trim();
    // "The Joint Committee will be held in Tokyo", "The … Partnership will be co-chaired by …": an arrangement the
    // parties make for their own meeting or body, though they are not the grammatical subject.
    if ((modal || advisory) && ARRANGED.test(after) && namesMeetingOrBody(clause, c)) return true;
    if (advisory) continue;
    // "In this regard, it was decided to strengthen …": an impersonal decision is the meeting's, so the parties'.
    if (IMPERSONAL_DECISION.test(cue) && /^it$/i.test(clause)) return true;
    if (modal && describes(after, c)) continue;
    // "We acknowledge the importance of … and announce …", "… welcomed the visits and also shared a common intention
    // to …": a second verb of the sentence's own subject, an adverb or none between.
    if (endsWithAnd(clause, c)) {
      if (sharesPartySubject(before, c)) return true;
      continue;
    }
    // "They will allow us…" may speak of anything; "They resolve to…" speaks of the leaders.
    if (partySubject(clause, c, !modal)) return true;
  }
  return false;
}

/** Whether a clause ends in "and", alone or with an adverb after it ("… and also", "… and further"). */
function endsWithAnd(clause: string, c: Compiled): boolean {
  const m = TRAILING_AND.exec(clause);
  return !!m && (!m[1] || c.adverbs.has(m[1].toLowerCase()));
}

const TRAILING_AND = /(?:^|\s)and(?:\s+(\p{L}+))?$/iu;

/**
 * The most cues of one sentence read: each is judged on the text before it, so a "sentence" of endless cues (a
 * hostile file, a text without stops) would cost time quadratic in its length; a sentence of prose holds a few.
 */
const MAX_CUES = 32;

// A Markdown link, "[text](url)": its text is what the sentence says.
const MARKDOWN_LINK = /\[([^\]]*)\]\([^)\s]*\)/g;

/**
 * Whether a sentence states a view of the parties: its first verb of view has the parties as subject, and nothing
 * of it commits them. "In addition, the two countries take note of recent commercial deals …" → true; "The leaders
 * welcome the plan and will hold talks in May" → false (it commits).
 */
export function statesPartyView(text: string, vocab: Vocabulary): boolean {
  const c = compile(vocab);
  const sentence = plainSentence(text);
  const m = c.view.exec(sentence);
  if (!m) return false;
  const before = withoutAsides(sentence.slice(0, m.index));
  return partySubject(before.slice(lastClauseBoundary(before) + 1).trim(), c, true) && !commitsInProse(text, vocab);
}

/**
 * Whether a sentence is the parties' own voice, as a joint statement is made of: their view ("The leaders welcome…"),
 * or an intention they state with a verb of view ("Both sides expressed their willingness to enhance…", "… shared a
 * common intention to continue…"), which commits them too. "The Participants will establish…" is no such voice.
 */
export function voicesParties(text: string, vocab: Vocabulary): boolean {
  if (statesPartyView(text, vocab)) return true;
  const c = compile(vocab);
  const sentence = plainSentence(text);
  const found = c.cues.scan(sentence);
  let cues = 0;
  for (let m = c.cue.exec(found); m && cues < MAX_CUES; m = c.cue.exec(found, m.index + m[0].length), cues++) {
    if (!c.voice.has(m[0].split(/\s/, 1)[0]!.toLowerCase())) continue;
    const before = withoutAsides(sentence.slice(0, m.index));
    const clause = before.slice(lastClauseBoundary(before) + 1).trim();
    if (partySubject(clause, c, true) || (endsWithAnd(clause, c) && sharesPartySubject(before, c))) return true;
  }
  return false;
}

/** "will remain important", "will be assessed", "will also help": after "will", no action of the parties. */
function describes(after: string, c: Compiled): boolean {
  // The words of the lower-cased rest one by one, up to the verb, not all of them.
  const lower = after.toLowerCase();
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) {
    if (!c.adverbs.has(m[0]) && m[0] !== 'not') return c.notAfterWill.has(m[0]) && !(m[0] === 'have' && holdsEvent(lower.slice(m.index + 4), c));
  }
  return true;
}

/**
 * "will have an annual Strategic Review meeting at …", "will have regular consultations": a meeting the parties
 * will hold, not a description ("will have a positive impact"). The object is read up to its first preposition,
 * six words at most.
 */
function holdsEvent(object: string, c: Compiled): boolean {
  const words = object.match(OBJECT_WORDS) ?? [];
  for (let i = 0; i < words.length && i < 6; i++) {
    if (c.events.has(words[i]!)) return true;
    if (OBJECT_END.has(words[i]!)) return false;
  }
  return false;
}

const OBJECT_WORDS = /[\p{L}-]+/gu;
/** Words that end a noun phrase's head: a preposition or a conjunction. */
const OBJECT_END = new Set(['at', 'on', 'in', 'to', 'for', 'with', 'of', 'between', 'by', 'and', 'that', 'which']);

const WORD = /[\p{L}-]+/gu;

// A meeting or body arranged: "will be held", "will be co-chaired", "shall be convened", "should be reactivated".
const ARRANGED = /^\s*(?:also\s+)?(?:be\s+(?:co-)?(?:held|convened|chaired|hosted|organi[sz]ed|reactivated|revived|resumed|formed|constituted|established|set\s+up)|take\s+place)\b/i;
// The cue of an impersonal decision: "(it) was decided to", "(it) has been agreed to".
const IMPERSONAL_DECISION = /^(?:was|has been) /;

/**
 * Whether a subject names a meeting or a body: a word of one ("the next meeting", "a dialogue with stakeholders") or
 * a proper name ("The Climate and Energy Partnership"), in a few words; not "This investment" or "It".
 */
function namesMeetingOrBody(clause: string, c: Compiled): boolean {
  const words = clause.split(/\s+/).filter(Boolean);
  if (!words.length || words.length > 12) return false;
  return words.some((w, i) => c.events.has(w.toLowerCase().replace(/[^\p{L}-]/gu, '')) || (i > 0 && /^\p{Lu}\p{Ll}/u.test(w)));
}

// A dated past: "In 2014", "in May 2022", "since 2019".
const PAST_DATE = /(?<!\blater\s)\b(?:in|since)\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d{2}\b/i;
// A cue of intention or decision ending in "to" ("decided to", "expressed their intention to", "looked forward to"):
// what follows it is the act intended, not the sentence's past.
const INTENDS = /\bto$/;
// A decision about what will happen ("decided that the next round … will take place"): its date is still to come.
const FUTURE_IN_CUE = /\b(?:will|would|shall)\b/;

// "Both ministries - with the involvement of other agencies - will…", "The leaders (of both countries) will…".
const ASIDE = /\s[-–—]\s[^-–—]{1,160}?\s[-–—]\s|\([^()]{0,160}\)/g;
// Every aside holds a bracket or a dash after a space: most texts need no try.
const MAY_HAVE_ASIDE = /\(|\s[-–—]/;

function withoutAsides(text: string): string {
  return MAY_HAVE_ASIDE.test(text) ? text.replace(ASIDE, ' ') : text;
}

/**
 * Whether the parties are the subject of a clause of the text, at its start or after a comma: "Expressing
 * satisfaction at …, the two Prime Ministers resolved …" has one; "Deepening exchanges and working together to
 * strengthen regional cooperation …" (an action item with no subject) has none.
 */
export function hasPartyClause(text: string, vocab: Vocabulary): boolean {
  // The subject follows an opening phrase: its first few hundred characters are read, so a hostile "sentence" of
  // endless commas costs no time quadratic in its length.
  return sharesPartySubject(plainSentence(text.slice(0, OPENING_LENGTH)), compile(vocab));
}

const OPENING_LENGTH = 400;

/**
 * Whether the clause a coordinated verb belongs to has a party subject, at the sentence start or after an
 * introductory phrase: "While …, the ministries recognize … and will promote…", "We acknowledge … and announce…".
 */
function sharesPartySubject(before: string, c: Compiled): boolean {
  if (partySubject(before, c, true, true)) return true;
  for (let comma = before.indexOf(','); comma >= 0; comma = before.indexOf(',', comma + 1)) {
    if (partySubject(before.slice(comma + 1), c, true, true)) return true;
  }
  return false;
}

/**
 * Whether a clause is a party subject: only the parties' names, subject heads ("we", "the two leaders",
 * "Both countries"), allowed words and capitalized names ("President Biden and Prime Minister Suga").
 * `pronoun`: "they" counts. `prefix`: the clause may go on after the subject (the subject is its start).
 */
function partySubject(clause: string, c: Compiled, pronoun: boolean, prefix = false): boolean {
  c.names.lastIndex = 0;
  c.phrases.lastIndex = 0;
  const text = clause.replace(c.names, ` ${PARTY} `).replace(c.phrases, ' ');
  const tokens = text.split(/\s+/).filter(Boolean);
  if (!tokens.length || (!prefix && tokens.length > 16)) return false;
  let head = false;
  for (const token of tokens) {
    const word = token.replace(/[’']s$/, '').replace(/[“”"‘’'.]/g, '');
    const lower = word.toLowerCase();
    if (token === PARTY || c.heads.has(lower)) {
      if (lower === 'they' && !pronoun) return false;
      head = true;
    } else if (c.words.has(lower) || lower === '' || /^\p{Lu}/u.test(word)) {
      continue;
    } else {
      return prefix && head;
    }
  }
  return head;
}
