// Tests on a line of text: is it a heading, a label, a field, a signature, a date? Shared by the tree builder passes.
import type { Cues } from '../vocab/index.js';
import { foldWhiteSpace, hasMoreWordsThan, isWhiteSpace } from './lines.js';
import { escapeRegExp, isAsciiLetter } from '../text.js';

/** Strips Markdown emphasis, inline HTML and trailing `#`s: "**Action Plan**" → "Action Plan", "**A,** **B**" → "A, B". */
export function plainHeading(text: string): string {
  // Called on every line: skip the Markdown patterns when the line has no `#`, `*` or `<`.
  let marked = text.includes('<') ? text.replace(INLINE_TAG, '') : text;
  // Each pattern only where its character is: the one of trailing "#"s, anchored at the end only, is tried at every offset.
  if (marked.includes('#')) marked = marked.replace(/\s+#+\s*$/, '');
  if (marked.includes('*')) marked = marked.replace(/\*{1,3}/g, '');
  return foldWhiteSpace(marked);
}

// Inline HTML that Markdown converters keep around emphasis: "<u>", "</u>", '<span style="text-decoration: underline">'.
const INLINE_TAG = /<\/?(?:u|b|i|em|strong|span|ins)\b[^>]*>/gi;

/**
 * The text of a line or short block written wholly in emphasis, without its markers, or null: a heading of a web
 * page or fact sheet. Examples: "**Quantum:**" → "Quantum:", "**<u>Space</u>**" → "Space",
 * "*<u>Partnering for Peace…</u>*" → "Partnering for Peace…", "**Leading on Innovation,** **Economic Security**" → both.
 * Not "**Agreement on Trade** to strengthen…" (emphasis inside a sentence) nor "*Read more [here](…)*" (a link).
 */
export function emphasizedText(raw: string): string | null {
  const text = (raw.includes('<') ? raw.replace(INLINE_TAG, '') : raw).trim();
  if (!/^(?:\*{1,3}|__)/.test(text)) return null;
  if (!/(?:\*{1,3}|__)$/.test(text) || text.includes('](')) return null;
  const inner = foldWhiteSpace(text.replace(/\*{1,3}|__/g, ' '));
  return inner.length >= 2 ? inner : null;
}

/**
 * A bold run-in label that opens a paragraph: "**Climate Action: The United States … will …**" or
 * "**Securing supply:** The Participants…". Returns the label ("Climate Action") and where its text ends in `raw`
 * (after the colon and a closing marker right behind it); null when the paragraph has no such label.
 */
export function runInLabel(raw: string): { label: string; end: number } | null {
  const m = RUN_IN_LABEL.exec(raw);
  if (!m) return null;
  const label = foldWhiteSpace(m[1]!);
  if (label.split(' ').length > 8 || /[.;!?]/.test(label) || !/\S/.test(raw.slice(m[0].length))) return null;
  return { label, end: m[0].length };
}

// "**Securing supply:**", "__<u>Climate Action</u>:__": a capitalized label in bold, closed by a colon.
const RUN_IN_LABEL = /^\s*(?:\*\*|__)(?:<[^>]+>)*\s*([\p{Lu}][^*:\n<]{1,80}?)\s*:(?:<\/[^>]+>)*(?:\s*(?:\*\*|__)(?=\s))?/u;

// A section number at the start of a line: "1", "1.", "2.1", "2.1.", "1.3.0", "IV." (roman needs the dot),
// or a parenthesized "(2)", which numbers a sub-heading one level below the decimal section it is in.
const SECTION_NUMBER = /^(\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|\(\d{1,2}\))(?=[ \t]+\S)/;

/**
 * The printed section number of a line and the offset where its text starts, or null.
 * `depth` is the count of decimal parts ("2.1." → 2); 0 for a parenthesized number.
 */
export function sectionNumber(text: string): { number: string; rest: number; depth: number } | null {
  // Asked of nearly every line, most of which open with a letter: the first character rules the pattern out alone.
  const code = text.charCodeAt(0);
  if (opensLabeledNumber(code)) return labeledNumber(text);
  if (!opensSectionNumber(code)) return null;
  const m = SECTION_NUMBER.exec(text);
  if (!m) return null;
  const number = m[1]!;
  let rest = number.length;
  while (rest < text.length && (text[rest] === ' ' || text[rest] === '\t')) rest++;
  const first = number.charCodeAt(0);
  if (first === 40) return { number, rest, depth: 0 };
  if (first === 73 || first === 86 || first === 88) return { number, rest, depth: 1 };
  // The parts of "2.1." are counted by its dots, a final one aside.
  let end = number.endsWith('.') ? number.length - 1 : number.length;
  let depth = 1;
  for (let i = 0; i < end; i++) if (number.charCodeAt(i) === 46) depth++;
  // A trailing ".0" ("1.3.0") is a stray digit of PDF extraction more often than a real level.
  while (depth > 1 && number.charCodeAt(end - 1) === 48 && number.charCodeAt(end - 2) === 46) {
    depth--;
    end -= 2;
  }
  return { number, rest, depth };
}

// A part word and its number closed by a colon: "Objective 1: Promoting Peace", "Pillar II: Connectivity". The colon
// tells the heading from a sentence that names a part ("Article 9 of the Agreement provides…").
const LABELED_NUMBER = /^((?:Objective|Pillar|Priority|Goal|Chapter|Part|Section|Article|OBJECTIVE|PILLAR|PRIORITY|GOAL|CHAPTER|PART|SECTION|ARTICLE)\s+(?:\d{1,2}|[IVX]{1,5}))\s*:(?=[ \t]+\S)/;

/** A labeled section number ("Objective 1" of "Objective 1: Promoting…"), the colon left out; one level deep. */
function labeledNumber(text: string): { number: string; rest: number; depth: number } | null {
  const m = LABELED_NUMBER.exec(text);
  if (!m) return null;
  let rest = m[0].length;
  while (rest < text.length && (text[rest] === ' ' || text[rest] === '\t')) rest++;
  return { number: m[1]!, rest, depth: 1 };
}

/** "O", "P", "G", "C", "S", "A": what a part word of LABELED_NUMBER opens with. */
function opensLabeledNumber(code: number): boolean {
  return code === 79 || code === 80 || code === 71 || code === 67 || code === 83 || code === 65;
}

/** A digit, "I", "V", "X" or "(": what a section number opens with. */
function opensSectionNumber(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 73 || code === 86 || code === 88 || code === 40;
}

/**
 * The name of a place, as a dateline writes it: one to three capitalized words, which may be joined by a particle
 * ("Tokyo", "New Delhi", "Château de Chantilly", "Frankfurt am Main", "Rio de Janeiro").
 */
export const PLACE_NAME = String.raw`\p{Lu}[\p{L}'’-]+(?:\s(?:(?:de|du|des|del|della|da|do|di|la|le|am|an|der|sur)\s)?\p{Lu}[\p{L}'’-]+){0,2}`;

// "14th June 2024", "June 14, 2024", "Saturday, January 25, 2014", "2024-06-14", "28 February 2025": a date alone on
// a line is no heading, nor is its day a section number ("14 September 2012" is not section 14 "September 2012").
// A dateline names the place before the date: "New Delhi, 1 August, 2014", "Tokyo, 14 June 2024", "Château de
// Chantilly, 22 August 2019".
const DATE_LINE = new RegExp(
  String.raw`^(?:${PLACE_NAME},\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+,?\s+\d{4}|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日)\.?$`,
  'u',
);

/** Whether a line is a date alone (DATE_LINE): "Saturday, January 25, 2014", "14 September 2012". */
export function isDateLine(text: string): boolean {
  return DATE_LINE.test(text);
}

/** [.;:,!?。、．：]: a mark that ends a sentence or a clause, not a heading ("…partners.", "…as follows:", "…、"). */
function isSentenceEndMark(code: number): boolean {
  return (
    code === 46 || code === 59 || code === 58 || code === 44 || code === 33 || code === 63 || code === 0x3002 || code === 0x3001 ||
    code === 0xff0e || code === 0xff1a
  );
}

export interface HeadingTest {
  /** The most words a heading of this kind may have. */
  maxWords: number;
}

interface VerbSets {
  actions: Set<string>;
  adverbs: Set<string>;
  /**
   * The adverbs and actions written in lower-case ASCII letters and hyphens (the only ones an ASCII word can be once
   * lowered), listed by length: an ASCII word is looked up in place, neither copied nor lowered.
   */
  asciiByLength: { word: string; adverb: boolean }[][];
}

const verbSets = new WeakMap<Cues, VerbSets>();

let lastSets: { cues: Cues | null; value: VerbSets | null } = { cues: null, value: null };

function setsOf(cues: Cues): VerbSets {
  // The vocabulary of the last call (one in practice): found without the WeakMap's lookup, made at every line.
  if (cues === lastSets.cues) return lastSets.value!;
  let sets = verbSets.get(cues);
  if (!sets) {
    const adverbs = new Set(cues.leadAdverbs);
    const actions = new Set(cues.actionVerbs.filter((v) => !adverbs.has(v)));
    const asciiByLength: VerbSets['asciiByLength'] = [];
    for (const [words, adverb] of [[adverbs, true], [actions, false]] as const) {
      for (const word of words) if (LOWER_ASCII_WORD.test(word)) (asciiByLength[word.length] ??= []).push({ word, adverb });
    }
    sets = { adverbs, actions, asciiByLength };
    verbSets.set(cues, sets);
  }
  lastSets = { cues, value: sets };
  return sets;
}

const LOWER_ASCII_WORD = /^[a-z-]+$/;

// A character of a word: a letter or a hyphen, as /[\p{L}-]/u reads it ("Follow-up", "Réunion").
const WORD_CHAR = /^[\p{L}-]$/u;

/** The UTF-16 length of the code point at `i` when it is a word character, else 0. ASCII is decided by char code. */
function wordCharWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 ? 1 : 0;
  const point = text.codePointAt(i)!;
  return WORD_CHAR.test(String.fromCodePoint(point)) ? (point > 0xffff ? 2 : 1) : 0;
}

/**
 * True when the first word is an action verb (optionally after "Further", "Jointly"…): the line is an action, not a
 * title. The words are the runs of /[\p{L}-]+/u, read by char code: this runs on nearly every line and unit.
 */
export function startsWithAction(text: string, cues: Cues): boolean {
  const sets = setsOf(cues);
  let i = 0;
  for (let n = 0; n < 4; n++) {
    while (i < text.length && wordCharWidth(text, i) === 0) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    if (i >= text.length) return false;
    const start = i;
    let ascii = true;
    while (i < text.length) {
      const width = wordCharWidth(text, i);
      if (width === 0) break;
      if (text.charCodeAt(i) >= 128) ascii = false;
      i += width;
    }
    const kind = ascii ? asciiVerbKind(text, start, i, sets) : verbKind(text.slice(start, i).toLowerCase(), sets);
    if (kind !== 'adverb') return kind === 'action';
  }
  return false;
}

type VerbKind = 'adverb' | 'action' | null;

function verbKind(word: string, sets: VerbSets): VerbKind {
  return sets.adverbs.has(word) ? 'adverb' : sets.actions.has(word) ? 'action' : null;
}

/** verbKind of the ASCII word `text[start, end)` (letters and hyphens), compared in place with the listed words of its length. */
function asciiVerbKind(text: string, start: number, end: number, sets: VerbSets): VerbKind {
  const listed = sets.asciiByLength[end - start];
  if (!listed) return null;
  for (const { word, adverb } of listed) {
    let i = 0;
    // A letter in lower case is the letter with bit 0x20 set; a hyphen has it already.
    while (start + i < end && (text.charCodeAt(start + i) | 0x20) === word.charCodeAt(i)) i++;
    if (start + i === end) return adverb ? 'adverb' : 'action';
  }
  return null;
}

/**
 * Whether a one-line text reads as a heading: starts with a capital, has no sentence-final punctuation
 * ("etc." excepted), is short, is not a date and does not start with an action verb.
 * Example: "Cooperation regarding ICT utilization, Smart City, etc." → true; "Strengthen supply chain." → false.
 */
export function isHeadingLike(raw: string, cues: Cues, test: HeadingTest): boolean {
  if (raw.length > 240 || !mayOpenHeading(raw.charCodeAt(0)) || endsOnMark(raw)) return false;
  return isHeadingText(plainHeading(raw), cues, test);
}

/** isHeadingLike of the text plainHeading has made of a line. */
function isHeadingText(text: string, cues: Cues, test: HeadingTest): boolean {
  if (text.length < 2 || text.length > 200) return false;
  if (!HEADING_START.test(text)) return false;
  // Ends on a mark (what /[.;:,!?。、．：]$/ finds, by its last character: the pattern was tried at every offset).
  if (isSentenceEndMark(text.charCodeAt(text.length - 1)) && !/\betc\.$/.test(text)) return false;
  if (DATE_LINE.test(text)) return false;
  if (!HAS_WORD.test(text)) return false;
  if (hasMoreWordsThan(text, test.maxWords)) return false;
  if (startsWithAction(text, cues)) return false;
  // Signature lines such as "MATSUMOTO Takeaki, Minister" or "FOR THE GOVERNMENT OF JAPAN".
  if ((text.startsWith('FOR') || text.startsWith('ON BEHALF')) && hasMoreWordsThan(text, 1) && ALL_CAPITALS.test(text)) return false;
  return true;
}

// What a heading opens with, once plainHeading has stripped its markup: a capital or a digit, maybe behind a quote.
const HEADING_START = /^["“'‘(]?[\p{Lu}\p{N}\p{Lo}]/u;
// A word of three letters, or two Japanese characters.
const HAS_WORD = /\p{L}{3}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}/u;
const ALL_CAPITALS = /^[\p{Lu}\s]{4,}$/u;

/**
 * Whether a raw line opening with this character may read as a heading. Most lines are sentences opening with a
 * lower-case letter or a mark, which plainHeading keeps where it is and HEADING_START refuses: they are decided
 * before plainHeading folds the whole line. A capital, a digit, a quote, "(", and "*" or "<" (markup plainHeading
 * strips) need the full test, as does anything outside printable ASCII.
 */
function mayOpenHeading(code: number): boolean {
  if (!(code > 32 && code < 128)) return true;
  return (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 34 || code === 39 || code === 40 || code === 42 || code === 60;
}

/**
 * Whether the line ends on a mark that plainHeading keeps last and that no heading ends on ("…partners.", "…as
 * follows:"): most body lines, decided before the fold. A "." is so only when "etc." is not before it and no markup
 * ("*", "<") could change what is.
 */
function endsOnMark(raw: string): boolean {
  let end = raw.length;
  while (end > 0 && isWhiteSpace(raw.charCodeAt(end - 1))) end--;
  if (end === 0 || !isSentenceEndMark(raw.charCodeAt(end - 1))) return false;
  return raw[end - 1] !== '.' || (!raw.startsWith('etc.', end - 4) && !raw.includes('*') && !raw.includes('<'));
}

/**
 * isHeadingLike of a line's plain text, for a caller that strips the markup first (isHeadingLike strips it again).
 * A first character mayOpenHeading refuses stays first in the plain text, as a mark endsOnMark finds stays last: such a
 * line is not stripped for nothing.
 */
export function isPlainHeadingLike(raw: string, cues: Cues, test: HeadingTest): boolean {
  if (!mayOpenHeading(raw.charCodeAt(0)) || endsOnMark(raw)) return false;
  const plain = plainHeading(raw);
  if (plain.length > 240 || !mayOpenHeading(plain.charCodeAt(0)) || endsOnMark(plain)) return false;
  // plainHeading's text is folded: stripping it again changes it only where markup is left in it (a "<" or "*" of a
  // tag or emphasis it did not strip, a "#"), so the fold is not run twice over every other heading.
  return isHeadingText(plain.includes('<') || plain.includes('#') || plain.includes('*') ? plainHeading(plain) : plain, cues, test);
}

/** "Objectives", "Objectives Action", "Main partners", "Area of focus" (labels of plan tables), case-insensitive. */
export function isLabel(raw: string, cues: Cues): boolean {
  if (raw.length > 100) return false;
  const labels = labelsOf(cues);
  // Asked of most lines, which an ASCII start decides alone: a word (the run of ASCII letters, which the folds below
  // leave as it is) that is no label's first word, or a mark that opens no label and no table rule. White space, a
  // tab, ":" and "*" (dropped or folded below) leave the next character first: those take the full test.
  const first = raw.charCodeAt(0);
  if (isAsciiLetter(first) ? !opensWithLabelWord(raw, labels) || !holdsOnlyLabelWords(raw, labels) : first > 32 && first < 128 && first !== 42 && first !== 58 && first !== 45 && first !== 124 && !labels.firstCharacters.has(first)) return false;
  const text = foldWhiteSpace(/[\t:*]/.test(raw) ? raw.replace(/[\t:*]+/g, ' ') : raw);
  if (!text) return false;
  if (/^-{3,}(?: -{3,})*$/.test(text) || /^\|?[-:| ]+\|?$/.test(text)) return true; // table rules "---\t---"
  return labels.pattern.test(text);
}


/** The run of ASCII letters the text opens with, in lower case: "Main partners" → "main", "co-chairs" → "co". */
function leadingWord(text: string): string {
  let end = 0;
  while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
  return text.slice(0, end).toLowerCase();
}

/**
 * Whether the text's leadingWord is a label's: compared in place, letter by letter with the words of its length,
 * rather than sliced and lowered for a set (asked of most lines).
 */
function opensWithLabelWord(text: string, labels: Labels): boolean {
  let end = 0;
  while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
  return isListedWord(text, 0, end, labels.firstWordsByLength);
}

/**
 * Whether every run of ASCII letters in the text is a word of some label, and every other character white space, ":",
 * "*" or a mark that a label holds: what a line must be made of to fold into labels alone ("Area of focus: Reducing
 * Green House…" is not). True when the labels hold characters outside ASCII, which case folding may match otherwise.
 */
function holdsOnlyLabelWords(text: string, labels: Labels): boolean {
  if (!labels.wordsByLength) return true;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (!isAsciiLetter(code)) {
      if (!(isWhiteSpace(code) || code === 58 || code === 42 || labels.marks.has(code))) return false;
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
    if (!isListedWord(text, i, end, labels.wordsByLength)) return false;
    i = end;
  }
  return true;
}

/** Whether `text[start, end)`, ASCII letters, is one of the lower-case words listed by length, in either case. */
function isListedWord(text: string, start: number, end: number, wordsByLength: string[][]): boolean {
  const words = wordsByLength[end - start];
  if (!words) return false;
  for (const word of words) {
    let i = 0;
    // An ASCII letter in lower case is the letter with bit 0x20 set.
    while (start + i < end && (text.charCodeAt(start + i) | 0x20) === word.charCodeAt(i)) i++;
    if (start + i === end) return true;
  }
  return false;
}

interface Labels {
  /** One to four labels in a row, nothing else: "Objectives Action", "Main partners". */
  pattern: RegExp;
  /** The leading words of the labels (see leadingWord), listed by their length, and their first characters, as char codes. */
  firstWordsByLength: string[][];
  /**
   * Every run of ASCII letters in the labels, in lower case, listed by length, and the labels' other characters:
   * null when a label holds a character outside ASCII.
   */
  wordsByLength: string[][] | null;
  marks: Set<number>;
  firstCharacters: Set<number>;
}

const labelsByCues = new WeakMap<Cues, Labels>();

let lastLabels: { cues: Cues | null; value: Labels | null } = { cues: null, value: null };

function labelsOf(cues: Cues): Labels {
  // The vocabulary of the last call (one in practice): found without the WeakMap's lookup, made at every line.
  if (cues === lastLabels.cues) return lastLabels.value!;
  let labels = labelsByCues.get(cues);
  if (!labels) {
    const one = `(?:${cues.labels.map((l) => escapeRegExp(l)).join('|')})`;
    labels = {
      pattern: new RegExp(`^${one}(?: ${one}){0,3}$`, 'i'),
      firstWordsByLength: byLength(new Set(cues.labels.map(leadingWord))),
      firstCharacters: new Set(cues.labels.map((l) => l.charCodeAt(0))),
      wordsByLength: cues.labels.every((l) => ASCII_ONLY.test(l)) ? byLength(new Set(cues.labels.flatMap((l) => l.toLowerCase().match(/[a-z]+/g) ?? []))) : null,
      marks: new Set([...cues.labels.join('')].filter((c) => !isAsciiLetter(c.charCodeAt(0))).map((c) => c.charCodeAt(0))),
    };
    labelsByCues.set(cues, labels);
  }
  lastLabels = { cues, value: labels };
  return labels;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** The words listed at their length. */
function byLength(words: Iterable<string>): string[][] {
  const lists: string[][] = [];
  for (const word of words) (lists[word.length] ??= []).push(word);
  return lists;
}

interface LabelPatterns {
  /** A line that opens with a partners label: "Main partners", "Responsible ministries: …", "Main partners Denmark: …". */
  partners: RegExp;
  /** A line of partners labels only, tested with its spaces removed: "Main partners" → "mainpartners". */
  partnersOnly: RegExp;
  /** A field label with its value after a colon or in the next cell: "Area of focus: Maritime", "Area of focus\tMaritime". */
  field: RegExp;
  /** A column label, capitalized, that a partners line runs on into: "… Objectives Gender equality …". */
  column: RegExp;
  /**
   * Whether a line opening with this char code may match `partners` or `field` (a tab read as a space): most lines
   * open with no label's first letter, and are not matched against the patterns nor copied with tabs replaced.
   */
  mayOpen(code: number): boolean;
}

const labelPatternsByCues = new WeakMap<Cues, LabelPatterns>();
const capitalized = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

/**
 * LabelPatterns.mayOpen: the first characters of the partners labels as written (matched case-sensitively) and of
 * the field labels in either ASCII case (matched case-insensitively without the u flag, where an ASCII letter matches
 * only its two cases). An empty label, or a field label opening outside ASCII, may open any line.
 */
function labelOpeners(exact: string[], anyCase: string[]): (code: number) => boolean {
  const openers = new Set<number>();
  for (const label of exact) {
    if (!label) return () => true;
    openers.add(label.charCodeAt(0));
  }
  for (const label of anyCase) {
    const code = label.charCodeAt(0);
    if (!label || code >= 128) return () => true;
    openers.add(code);
    if (isAsciiLetter(code)) openers.add(code ^ 0x20);
  }
  return (code) => openers.has(code);
}

let lastLabelPatterns: { cues: Cues | null; value: LabelPatterns | null } = { cues: null, value: null };

/** The label patterns of the vocabulary (cues.json partnerLabels, fieldLabels, firstColumnLabels), compiled once. */
export function labelPatterns(cues: Cues): LabelPatterns {
  // The vocabulary of the last call (one in practice): found without the WeakMap's lookup, made at every line.
  if (cues === lastLabelPatterns.cues) return lastLabelPatterns.value!;
  let patterns = labelPatternsByCues.get(cues);
  if (!patterns) {
    const alt = (list: string[]) => list.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    patterns = {
      // Capitalized and closed by a colon, a tab or the line end: not a wrapped line "responsible authorities in…".
      partners: new RegExp(`^(?:${alt(cues.partnerLabels.map(capitalized))})(?=[ ]*(?::|\\t|\\n|$)|[ ]+\\p{Lu}[\\p{L} ]{1,30}:)`, 'u'),
      // Matched with spaces removed: a PDF may split a label's word ("Ma\tin partners").
      partnersOnly: new RegExp(`^(?:${alt(cues.partnerLabels.map((l) => l.replace(/\s+/g, '')))})+$`, 'i'),
      field: new RegExp(`^(?:${alt(cues.fieldLabels)})[ ]*[:\\t]`, 'i'),
      column: new RegExp(`\\b(?:${alt(cues.firstColumnLabels.map(capitalized))})\\s+(?=\\p{Lu})`, 'u'),
      mayOpen: labelOpeners(cues.partnerLabels.map(capitalized), cues.fieldLabels),
    };
    labelPatternsByCues.set(cues, patterns);
  }
  lastLabelPatterns = { cues, value: patterns };
  return patterns;
}

const FIELD_NAME = /^([\p{Lu}][\p{L}'’ ]{1,40}?)\s*:\s*\S/u;

/** "Area of focus: …" or, inside a partners block, "Denmark: Ministry of …". */
export function fieldName(raw: string): string | null {
  // A name opens with a capital: any other ASCII first character (a tab reads as a space) rules it out alone.
  const first = raw.charCodeAt(0);
  if (first < 128 && !(first >= 65 && first <= 90)) return null;
  // Nor is there a name without a colon after it.
  if (!raw.includes(':')) return null;
  const m = FIELD_NAME.exec(raw.includes('\t') ? raw.replace(/\t/g, ' ') : raw);
  if (!m) return null;
  const name = m[1]!.trim();
  return name.split(/\s+/).length <= 4 ? name : null;
}

/**
 * A signature block opens: "For the Ministry of …" (short, unpunctuated), "FOR THE GOVERNMENT OF",
 * "SIGNED in duplicate…", "Done at Tokyo…".
 */
export function opensSignature(raw: string): boolean {
  if (raw.length > 200 || !opensSignatureWord(raw)) return false;
  const text = plainHeading(raw);
  if (/^(signed|done)\s+(in|at|on)\b/i.test(text)) return true;
  if (/^(for|on behalf of)\s+the\b/i.test(text) && text.length < 160 && !/[.;]$/.test(text)) {
    return /\n/.test(raw) || CAPITALS_AND_COMMAS.test(text) || /\b(government|ministry|minister|federal|republic|kingdom)\b/i.test(text);
  }
  return false;
}

/**
 * /^\**\s*(signed|done|for|on behalf)\b/i by char code: asked of nearly every block, most of which open with another
 * word, decided by their first letters.
 */
function opensSignatureWord(raw: string): boolean {
  let i = 0;
  while (raw.charCodeAt(i) === 42) i++;
  while (i < raw.length && isWhiteSpace(raw.charCodeAt(i))) i++;
  for (const word of SIGNATURE_WORDS) {
    if (startsWithIgnoringCase(raw, i, word) && !isAsciiWordChar(raw.charCodeAt(i + word.length))) return true;
  }
  return false;
}

const SIGNATURE_WORDS = ['signed', 'done', 'for', 'on behalf'];

/** Whether `text` has `word` (lower-case ASCII letters and spaces) at `at`, its letters in either ASCII case. */
function startsWithIgnoringCase(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    const code = text.charCodeAt(at + k);
    const expected = word.charCodeAt(k);
    if (code !== expected && !(isAsciiLetter(code) && (code | 0x20) === expected)) return false;
  }
  return true;
}

/** [A-Za-z0-9_], what \b tells from other characters without the u flag (NaN, past the end, is none). */
function isAsciiWordChar(code: number): boolean {
  return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 95;
}

const CAPITALS_AND_COMMAS = /^[\p{Lu}\s,]+$/u;
