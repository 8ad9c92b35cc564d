// Tests on a line of text: is it a heading, a label, a field, a signature, a date? Shared by the tree builder passes.
import type { Cues } from '../vocab/index.js';
import { foldWhiteSpace, splitWordCount } from './lines.js';
import { escapeRegExp } from '../text.js';

/** Strips Markdown emphasis, inline HTML and trailing `#`s: "**Action Plan**" → "Action Plan", "**A,** **B**" → "A, B". */
export function plainHeading(text: string): string {
  // Called on every line: skip the Markdown patterns when the line has no `#`, `*` or `<`.
  let marked = text.includes('<') ? text.replace(INLINE_TAG, '') : text;
  if (marked.includes('#') || marked.includes('*')) marked = marked.replace(/\s+#+\s*$/, '').replace(/\*{1,3}/g, '');
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
  const m = /^\s*(?:\*\*|__)(?:<[^>]+>)*\s*([\p{Lu}][^*:\n<]{1,80}?)\s*:(?:<\/[^>]+>)*(?:\s*(?:\*\*|__)(?=\s))?/u.exec(raw);
  if (!m) return null;
  const label = foldWhiteSpace(m[1]!);
  if (label.split(' ').length > 8 || /[.;!?]/.test(label) || !/\S/.test(raw.slice(m[0].length))) return null;
  return { label, end: m[0].length };
}

// A section number at the start of a line: "1", "1.", "2.1", "2.1.", "1.3.0", "IV." (roman needs the dot),
// or a parenthesized "(2)", which numbers a sub-heading one level below the decimal section it is in.
const SECTION_NUMBER = /^(\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|\(\d{1,2}\))(?=[ \t]+\S)/;

/**
 * The printed section number of a line and the offset where its text starts, or null.
 * `depth` is the count of decimal parts ("2.1." → 2); 0 for a parenthesized number.
 */
export function sectionNumber(text: string): { number: string; rest: number; depth: number } | null {
  const m = SECTION_NUMBER.exec(text);
  if (!m) return null;
  const number = m[1]!;
  let rest = number.length;
  while (rest < text.length && (text[rest] === ' ' || text[rest] === '\t')) rest++;
  // A trailing ".0" ("1.3.0") is a stray digit of PDF extraction more often than a real level.
  const parts = number.replace(/\.$/, '').split('.');
  while (parts.length > 1 && parts[parts.length - 1] === '0') parts.pop();
  const depth = number.startsWith('(') ? 0 : /^[IVX]/.test(number) ? 1 : parts.length;
  return { number, rest, depth };
}

// "14th June 2024", "June 14, 2024", "2024-06-14", "28 February 2025": a date alone on a line is no heading.
const DATE_LINE =
  /^(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日)\.?$/;

// The marks that end a sentence or a clause, not a heading: "…partners.", "…as follows:", "…、".
const SENTENCE_END_MARKS = '.;:,!?。、．：';

export interface HeadingTest {
  /** The most words a heading of this kind may have. */
  maxWords: number;
}

interface VerbSets {
  actions: Set<string>;
  adverbs: Set<string>;
}

const verbSets = new WeakMap<Cues, VerbSets>();

function setsOf(cues: Cues): VerbSets {
  let sets = verbSets.get(cues);
  if (!sets) {
    const adverbs = new Set(cues.leadAdverbs);
    sets = { adverbs, actions: new Set(cues.actionVerbs.filter((v) => !adverbs.has(v))) };
    verbSets.set(cues, sets);
  }
  return sets;
}

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
  const { actions, adverbs } = setsOf(cues);
  let i = 0;
  for (let n = 0; n < 4; n++) {
    while (i < text.length && wordCharWidth(text, i) === 0) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    if (i >= text.length) return false;
    const start = i;
    while (i < text.length) {
      const width = wordCharWidth(text, i);
      if (width === 0) break;
      i += width;
    }
    const word = text.slice(start, i).toLowerCase();
    if (!adverbs.has(word)) return actions.has(word);
  }
  return false;
}

/**
 * Whether a one-line text reads as a heading: starts with a capital, has no sentence-final punctuation
 * ("etc." excepted), is short, is not a date and does not start with an action verb.
 * Example: "Cooperation regarding ICT utilization, Smart City, etc." → true; "Strengthen supply chain." → false.
 */
export function isHeadingLike(raw: string, cues: Cues, test: HeadingTest): boolean {
  if (raw.length > 240) return false;
  const text = plainHeading(raw);
  if (text.length < 2 || text.length > 200) return false;
  if (!/^["“'‘(]?[\p{Lu}\p{N}\p{Lo}]/u.test(text)) return false;
  // Ends on a mark (what /[.;:,!?。、．：]$/ finds, by its last character: the pattern was tried at every offset).
  if (SENTENCE_END_MARKS.includes(text[text.length - 1]!) && !/\betc\.$/.test(text)) return false;
  if (DATE_LINE.test(text)) return false;
  if (!/\p{L}{3}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}/u.test(text)) return false;
  const words = splitWordCount(text);
  if (words > test.maxWords) return false;
  if (startsWithAction(text, cues)) return false;
  // Signature lines such as "MATSUMOTO Takeaki, Minister" or "FOR THE GOVERNMENT OF JAPAN".
  if (/^[\p{Lu}\s]{4,}$/u.test(text) && words > 1 && /^(FOR|ON BEHALF)/.test(text)) return false;
  return true;
}

/** "Objectives", "Objectives Action", "Main partners", "Area of focus" (labels of plan tables), case-insensitive. */
export function isLabel(raw: string, cues: Cues): boolean {
  if (raw.length > 100) return false;
  const text = foldWhiteSpace(/[\t:*]/.test(raw) ? raw.replace(/[\t:*]+/g, ' ') : raw);
  if (!text) return false;
  if (/^-{3,}(?: -{3,})*$/.test(text) || /^\|?[-:| ]+\|?$/.test(text)) return true; // table rules "---\t---"
  return labelsPattern(cues).test(text);
}

const labelsByCues = new WeakMap<Cues, RegExp>();

/** One to four labels in a row, nothing else: "Objectives Action", "Main partners". */
function labelsPattern(cues: Cues): RegExp {
  let pattern = labelsByCues.get(cues);
  if (!pattern) {
    const one = `(?:${cues.labels.map((l) => escapeRegExp(l)).join('|')})`;
    pattern = new RegExp(`^${one}(?: ${one}){0,3}$`, 'i');
    labelsByCues.set(cues, pattern);
  }
  return pattern;
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
}

const labelPatternsByCues = new WeakMap<Cues, LabelPatterns>();
const capitalized = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

/** The label patterns of the vocabulary (cues.json partnerLabels, fieldLabels, firstColumnLabels), compiled once. */
export function labelPatterns(cues: Cues): LabelPatterns {
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
    };
    labelPatternsByCues.set(cues, patterns);
  }
  return patterns;
}

/** "Area of focus: …" or, inside a partners block, "Denmark: Ministry of …". */
export function fieldName(raw: string): string | null {
  const m = /^([\p{Lu}][\p{L}'’ ]{1,40}?)\s*:\s*\S/u.exec(raw.replace(/\t/g, ' '));
  if (!m) return null;
  const name = m[1]!.trim();
  return name.split(/\s+/).length <= 4 ? name : null;
}

/**
 * A signature block opens: "For the Ministry of …" (short, unpunctuated), "FOR THE GOVERNMENT OF",
 * "SIGNED in duplicate…", "Done at Tokyo…".
 */
export function opensSignature(raw: string): boolean {
  if (raw.length > 200 || !/^\**\s*(signed|done|for|on behalf)\b/i.test(raw)) return false;
  const text = plainHeading(raw);
  if (/^(signed|done)\s+(in|at|on)\b/i.test(text)) return true;
  if (/^(for|on behalf of)\s+the\b/i.test(text) && text.length < 160 && !/[.;]$/.test(text)) {
    return /\n/.test(raw) || /^[\p{Lu}\s,]+$/u.test(text) || /\b(government|ministry|minister|federal|republic|kingdom)\b/i.test(text);
  }
  return false;
}
