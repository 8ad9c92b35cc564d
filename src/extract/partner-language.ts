// Documents written in a partner's language (German, Spanish) rather than English or Japanese: which language, and
// what the English finders cannot read in it — the parties named together, a signing or date line, the mechanisms and
// instruments named by German and Spanish heads, and which reported units are commitments (vocab/languages.json).
import type { Cadence, Commitment, DocumentKind, Instrument, InstrumentKind, IsoDate, Mechanism, PartyCode, RootNode, SectionNode, Span, Strength } from '../types.js';
import { loadLanguageVocabulary, type PartnerLanguage } from '../vocab/index.js';
import { findDates, parseDate } from '../dates.js';
import { escapeRegExp } from '../text.js';
import { walk } from '../tree/ids.js';

/** How much of a text's opening is read to tell its language. */
const DETECT_LENGTH = 4000;
/** A partner language's function words must outnumber the English ones this many times, and be at least MIN_WORDS. */
const DETECT_RATIO = 3;
const MIN_WORDS = 12;

let lastDetected: { text: string; language: PartnerLanguage | null } | null = null;

/**
 * The function words of each language (vocab/languages.json `detect`), made on first use: every text is counted. Each
 * word maps to the bits of the languages that list it (1 German, 2 Spanish, 4 English); `longest` is the longest word's
 * length, beyond which a word of the text is not looked up.
 */
let detectionWords: { bits: Map<string, number>; longest: number } | undefined;
const LANGUAGE_BITS: Record<PartnerLanguage | 'en', number> = { de: 1, es: 2, en: 4 };

function loadDetectionWords(): { bits: Map<string, number>; longest: number } {
  const bits = new Map<string, number>();
  let longest = 0;
  for (const [language, words] of Object.entries(loadLanguageVocabulary().detect) as [PartnerLanguage | 'en', string[]][]) {
    for (const word of words) {
      bits.set(word, (bits.get(word) ?? 0) | LANGUAGE_BITS[language]);
      longest = Math.max(longest, word.length);
    }
  }
  return { bits, longest };
}

/** A letter (\p{L}) at one position, a surrogate pair read as one: the test of a character beyond ASCII. */
const LETTER_AT = /\p{L}/uy;

/**
 * The partner language a text is written in, or null for English (and Japanese, which has its own finders): counted
 * from function words of its opening. Example: "Japan und Deutschland zählen Freiheit und Demokratie … zu ihren
 * grundlegenden Werten" → "de"; "ambos ministros manifestaron su reconocimiento de que España y Japón …" → "es".
 */
export function partnerLanguage(text: string): PartnerLanguage | null {
  if (lastDetected?.text === text) return lastDetected.language;
  const { bits, longest } = (detectionWords ??= loadDetectionWords());
  const counts = { de: 0, es: 0, en: 0 };
  // The words are the runs of letters of the lower-cased opening (what /\p{L}+/gu finds in it), read by char code:
  // nearly every character is ASCII, where the Unicode pattern cost several times more; only a word no longer than
  // the longest function word is copied and looked up.
  const opening = text.slice(0, DETECT_LENGTH).toLowerCase();
  let wordStart = -1;
  for (let i = 0; i <= opening.length; ) {
    const c = opening.charCodeAt(i);
    // The width of the letter at i: 1, 2 for a surrogate pair; 0 for no letter (or the end), -2 for a pair that is none.
    let width: number;
    if (c < 128) width = c >= 97 && c <= 122 ? 1 : 0;
    else if (i === opening.length) width = 0;
    else {
      LETTER_AT.lastIndex = i;
      width = LETTER_AT.test(opening) ? LETTER_AT.lastIndex - i : isSurrogatePair(opening, i) ? -2 : 0;
    }
    if (width > 0) {
      if (wordStart < 0) wordStart = i;
      i += width;
      continue;
    }
    if (wordStart >= 0 && i - wordStart <= longest) {
      const found = bits.get(opening.slice(wordStart, i));
      if (found !== undefined) {
        counts.de += found & 1;
        counts.es += (found >> 1) & 1;
        counts.en += (found >> 2) & 1;
      }
    }
    wordStart = -1;
    i += width < 0 ? 2 : 1;
  }
  let language: PartnerLanguage | null = null;
  for (const candidate of ['de', 'es'] as const) {
    const other = candidate === 'de' ? counts.es : counts.de;
    if (counts[candidate] >= MIN_WORDS && counts[candidate] >= DETECT_RATIO * counts.en && counts[candidate] > other) language = candidate;
  }
  lastDetected = { text, language };
  return language;
}

/** Whether text[i, i + 2) is a surrogate pair (one character beyond the BMP). */
function isSurrogatePair(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

/** A word list as a regular-expression alternation, longest first, spaces matching any white space. */
const alternation = (words: string[]) =>
  [...new Set(words)].sort((a, b) => b.length - a.length).map((w) => escapeRegExp(w).replace(/ /g, '\\s+')).join('|');

/** Whole words of a partner language: not inside a longer word ("Japan" not in "Japanisch"). */
const wordPattern = (words: string[], flags = 'gu') => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(words)})(?![\\p{L}\\p{N}])`, flags);

const caseless = new WeakMap<string[], RegExp>();
/**
 * wordPattern over a vocabulary list, case-insensitive and not global (so stateless, shared): compiled once per list,
 * not for every sentence or mechanism it is tried on.
 */
function caselessWords(words: string[]): RegExp {
  let pattern = caseless.get(words);
  if (!pattern) caseless.set(words, (pattern = wordPattern(words, 'iu')));
  return pattern;
}

interface PartyWords {
  names: RegExp;
  words: RegExp;
  byWord: Map<string, PartyCode>;
  link: RegExp;
}
const partyWordsOf = new Map<PartnerLanguage, PartyWords>();

function partyWords(language: PartnerLanguage): PartyWords {
  const known = partyWordsOf.get(language);
  if (known) return known;
  const v = loadLanguageVocabulary();
  const byWord = new Map<string, PartyCode>();
  const names: string[] = [];
  const words: string[] = [];
  for (const [code, entry] of Object.entries(v.parties)) {
    const own = entry[language];
    if (!own) continue;
    for (const name of own.names) {
      byWord.set(name.toLowerCase(), code as PartyCode);
      names.push(name);
      words.push(name);
    }
    for (const adjective of own.adjectives) {
      if (!byWord.has(adjective.toLowerCase())) byWord.set(adjective.toLowerCase(), code as PartyCode);
      words.push(adjective);
    }
  }
  // "Japan und Deutschland", "España y Japón", "Deutsch-Japanische", "España-Japón"; an article may follow the link.
  const link = new RegExp(`^(?:\\s*[-–—]\\s*|\\s+(?:${alternation(v.pairLinks[language])})\\s+(?:(?:der|die|das|el|la|los|las)\\s+)?)$`, 'iu');
  const compiled = { names: wordPattern(names), words: wordPattern(words), byWord, link };
  partyWordsOf.set(language, compiled);
  return compiled;
}

/**
 * The parties of a partner-language text: those of its title (names and adjectives: "1. Japanisch-Deutscher
 * Strategischer Dialog"), else the pair it names together most often, at least twice ("Japan und Deutschland",
 * "Deutsch-Japanische Beziehungen"; "España y Japón", "Relaciones España-Japón"). Empty when it names no pair.
 */
export function partnerParties(text: string, title: Span | null, language: PartnerLanguage): PartyCode[] {
  const p = partyWords(language);
  const found = new Set<PartyCode>();
  if (title) {
    for (const m of text.slice(title.start, title.end).matchAll(p.words)) {
      const party = p.byWord.get(m[0].toLowerCase());
      if (party) found.add(party);
    }
    if (found.size >= 2) return [...found].sort();
  }
  const counts = new Map<string, number>();
  let previous: { end: number; party: PartyCode } | null = null;
  for (const m of text.matchAll(p.words)) {
    const party = p.byWord.get(m[0].toLowerCase());
    if (!party) continue;
    if (previous && previous.party !== party && p.link.test(text.slice(previous.end, m.index))) {
      const key = [previous.party, party].sort().join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    previous = { end: m.index! + m[0].length, party };
  }
  let best: [string, number] | null = null;
  for (const entry of counts) if (entry[1] >= 2 && (!best || entry[1] > best[1])) best = entry;
  return best ? (best[0].split(' ') as PartyCode[]) : [];
}

/**
 * Signing of a partner-language text: a signing line ("Geschehen zu Berlin am 18. August 2025", "Hecho en Tokio, el
 * 18 de agosto de 2025"), else a line that is only a date among the lines before its first paragraph of prose (the
 * date of a press release, "2025/8/18"). Null date when neither is there.
 */
export function partnerSigned(text: string, language: PartnerLanguage): { date: IsoDate | null; place: string | null; span: Span | null } {
  const v = loadLanguageVocabulary();
  const signing = new RegExp(`(?:${alternation(v.signingWords[language])})(?:\\s+([\\p{Lu}][\\p{L}]+(?:\\s+[\\p{Lu}][\\p{L}]+)?))?(?:[^.\\n]|(?<=\\d)\\.){0,60}`, 'gu');
  for (const m of text.matchAll(signing)) {
    const date = findDates(text, m.index!, m.index! + m[0].length).find((d) => d.precision !== 'year');
    if (date) return { date: date.date, place: m[1] ?? null, span: { start: m.index!, end: m.index! + m[0].length } };
  }
  // The lines before the first sentence of prose (a line of more than a few words that ends in a stop).
  let offset = 0;
  for (const line of text.slice(0, 1500).split('\n')) {
    const clean = line.trim();
    if (/[.!?]$/.test(clean) && clean.split(/\s+/).length > 8) break;
    const date = clean ? parseDate(clean) : null;
    if (date && date.length === 10) {
      const start = offset + line.indexOf(clean);
      return { date, place: null, span: { start, end: start + clean.length } };
    }
    offset += line.length + 1;
  }
  return { date: null, place: null, span: null };
}

/**
 * The kind a partner-language title names ("Comunicado Conjunto México-Japón" → joint_statement), the first title word
 * in it deciding; null when it names none.
 */
export function partnerTitleKind(title: string, language: PartnerLanguage): DocumentKind | null {
  let best: { at: number; kind: DocumentKind } | null = null;
  for (const [words, kind] of loadLanguageVocabulary().titleKinds[language]) {
    const m = wordPattern([words], 'iu').exec(title);
    if (m && (!best || m.index < best.at)) best = { at: m.index, kind: kind as DocumentKind };
  }
  return best?.kind ?? null;
}

/** Whether a line names two parties of a partner language ("Japanisch-Deutscher …", "España y Japón"). */
function namesTwoParties(line: string, language: PartnerLanguage): boolean {
  const p = partyWords(language);
  const parties = new Set<PartyCode>();
  for (const m of line.matchAll(p.words)) {
    const party = p.byWord.get(m[0].toLowerCase());
    if (party) parties.add(party);
  }
  return parties.size >= 2;
}

/**
 * The title of a partner-language text whose first block is none (a site's section, "Presse & Publikationen"): the
 * first one-line block before the prose that names two parties or a kind, without a press-release label.
 * Example: "Presse & Publikationen\n\n2025/8/18\n\nPressemitteilung: 1. Japanisch-Deutscher Strategischer Dialog …\n\nAm
 * 18. August führte …" → "1. Japanisch-Deutscher Strategischer Dialog …". Null when the first block names either.
 */
export function partnerTitle(text: string, first: string | null, language: PartnerLanguage): { title: string; span: Span } | null {
  if (first && (namesTwoParties(first, language) || partnerTitleKind(first, language))) return null;
  const label = new RegExp(`^(?:${alternation(loadLanguageVocabulary().titleLabels[language])})\\s*[:：]\\s*`, 'iu');
  for (const block of text.slice(0, 2000).matchAll(/(?<=^|\n[ \t\u00a0]*\n)[ \t]*([^\n]*\S)[ \t]*(?=\n[ \t\u00a0]*\n|\s*$)/g)) {
    const line = block[1]!.trimStart();
    // The prose has begun: a sentence of more than a few words.
    if (/[.!?]$/.test(line) && line.split(/\s+/).length > 8) break;
    if (line.length > 200 || !(namesTwoParties(line, language) || partnerTitleKind(line, language))) continue;
    const cut = label.exec(line)?.[0].length ?? 0;
    const start = block.index! + block[0].indexOf(line) + cut;
    return { title: line.slice(cut), span: { start, end: start + line.length - cut } };
  }
  return null;
}

/** Whether a text's sentences state the parties' joint views often enough to make it their joint statement (see metadata). */
export function partnerViewSentences(text: string, tree: RootNode, language: PartnerLanguage): { views: number; sentences: number } {
  const v = loadLanguageVocabulary();
  // "ambos ministros manifestaron", "Los ministros también coincidieron", "die beiden Minister betonten"
  const view = new RegExp(
    `(?<![\\p{L}])(?:${alternation(v.viewSubjects[language])})(?:\\s+[\\p{L}-]+){0,2}?\\s+(?:${alternation(v.viewVerbs[language])})(?![\\p{L}])`,
    'iu',
  );
  let sentences = 0;
  let views = 0;
  walk(tree, (node) => {
    if (node.type !== 'sentence') return;
    sentences++;
    if (view.test(text.slice(node.span.start, node.span.end))) views++;
  });
  return { views, sentences };
}

/** A word of a name: letters, digits and the hyphens of compounds ("Japanisch-Deutscher", "Außen-"). */
const NAME_WORD = /[\p{L}\p{N}][\p{L}\p{N}.’'-]*/uy;

interface Read {
  end: number;
  words: number;
}

/**
 * The complement after `at` that a name keeps: an opener (`openers`), then capitalised words joined by `joins`, a
 * trailing join left out, and a short bracket right after ("(„2+2“)"). Null when no capitalised word follows.
 * Example: " der Außen- und Verteidigungsminister („2+2“) zu einem …" → up to the closing bracket.
 */
/**
 * The most words a complement reads after its opener ("der Außen- und Verteidigungsminister" 3, "de las
 * Conversaciones a Seis" 4): a text of nothing but capitalised words would otherwise be read to its end from
 * every head, in time quadratic in its length.
 */
const MAX_COMPLEMENT_WORDS = 8;

function readComplement(text: string, at: number, openers: Set<string>, joins: Set<string>): Read | null {
  let i = at;
  let end = -1;
  let words = 0;
  let opened = false;
  for (let read = 0; read <= MAX_COMPLEMENT_WORDS; read++) {
    const space = /^[ \t]+|^\n(?!\s*\n)/.exec(text.slice(i, i + 4));
    if (!space) break;
    NAME_WORD.lastIndex = i + space[0].length;
    const m = NAME_WORD.exec(text);
    if (!m) break;
    const word = m[0].replace(/[.’']+$/, '');
    if (!opened) {
      if (!openers.has(word)) return null;
      opened = true;
    } else if (/^\p{Lu}/u.test(word)) {
      end = m.index + word.length;
      words++;
    } else if (!joins.has(word)) break;
    i = m.index + word.length;
    if (word !== m[0]) break;
  }
  if (end < 0) return null;
  const bracket = /^\s*\([^()\n]{1,20}\)/.exec(text.slice(end, end + 30));
  if (bracket) end += bracket[0].length;
  return { end, words };
}

/**
 * Capitalised words right after `at` ("Estratégico", "Mixta"): Spanish modifiers that follow their head, at most
 * MAX_COMPLEMENT_WORDS of them (bounded for the reason given there).
 */
function readModifiers(text: string, at: number): Read {
  let end = at;
  let words = 0;
  while (words < MAX_COMPLEMENT_WORDS) {
    const space = /^[ \t]+/.exec(text.slice(end, end + 4));
    if (!space) break;
    NAME_WORD.lastIndex = end + space[0].length;
    const m = NAME_WORD.exec(text);
    if (!m || !/^\p{Lu}\p{Ll}/u.test(m[0])) break;
    // "… Foro Económico Mundial." ends with its last word.
    const word = m[0].replace(/[.’']+$/, '');
    end = m.index + word.length;
    words++;
    if (word !== m[0]) break;
  }
  return { end, words };
}

/** German words before a head that open or join a sentence, capitalised or not: never a modifier of a name. */
const NOT_MODIFIERS = new Set([
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'eines', 'im', 'am', 'beim', 'vom', 'zum', 'zur',
  'und', 'oder', 'mit', 'für', 'von', 'auf', 'in', 'an', 'durch', 'über', 'nach', 'bei', 'dass', 'diese', 'dieser', 'dieses',
]);

/**
 * German modifiers before a head: capitalised words back to an article, a stop or a lower-case word
 * ("den 1. Japanisch-Deutschen Strategischen Dialog" → from "Japanisch-Deutschen").
 */
function readGermanModifiers(text: string, head: number): { start: number; words: string[] } {
  let start = head;
  const words: string[] = [];
  for (let guard = 0; guard < 4; guard++) {
    const before = /(?:^|[\s(„“"'])([\p{L}\p{N}][\p{L}\p{N}-]*)[ \t]+$/u.exec(text.slice(Math.max(0, start - 60), start));
    if (!before) break;
    const word = before[1]!;
    if (!/^\p{Lu}/u.test(word) || NOT_MODIFIERS.has(word.toLowerCase())) break;
    start -= before[0].length - before[0].indexOf(word);
    words.unshift(word);
  }
  return { start, words };
}

/** The cadence of a mechanism from its sentence: "die jährlichen Konsultationen" → annual. */
function cadenceIn(sentence: string): Cadence {
  const { cadence } = loadLanguageVocabulary();
  for (const kind of ['biennial', 'annual', 'regular'] as const) {
    if (caselessWords(cadence[kind]).test(sentence)) return kind;
  }
  return 'unspecified';
}

/** The sentence around a span: from the stop before it to the stop after it. */
function sentenceAround(text: string, span: Span): string {
  const before = text.slice(Math.max(0, span.start - 300), span.start);
  let stop = before.lastIndexOf('\n\n');
  for (const m of before.matchAll(/(?<!\d)[.!?]\s/g)) stop = Math.max(stop, m.index!);
  const after = text.slice(span.end, span.end + 300);
  const next = after.search(/(?<!\d)[.!?]\s|\n\n/);
  return before.slice(stop + 1) + text.slice(span.start, span.end) + (next < 0 ? after : after.slice(0, next));
}

/** A key under which inflected forms of one German name meet: "Japanisch-Deutscher Strategischer Dialog" = "…-Deutschen Strategischen …". */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .split(/[\s-]+/)
    .map((w) => (w.length > 4 ? w.replace(/(?:e[nrsm]?|s)$/, '') : w))
    .join(' ');
}

/**
 * Where a head word stands, the head in group 2. German heads also end a compound ("Sicherheitsdialog",
 * "Regierungskonsultationen"), whose first part is group 1; Spanish heads stand alone (group 1 never set).
 */
function headPattern(language: PartnerLanguage, heads: string[]): RegExp {
  return language === 'de'
    ? new RegExp(`(?<![\\p{L}-])(\\p{Lu}\\p{Ll}*?)?(${alternation(heads.flatMap((h) => [h, h.toLowerCase()]))})(?![\\p{L}])`, 'gu')
    : new RegExp(`(?<![\\p{L}])()(${alternation(heads)})(?![\\p{L}])`, 'gu');
}

/**
 * Mechanisms named by German or Spanish heads (vocab/languages.json mechanismHeads): a head with capitalised
 * modifiers, a compound ending in a head, or a head with a complement naming who meets.
 * Example (de): "den 1. Japanisch-Deutschen Strategischen Dialog der Außenminister" → "Japanisch-Deutschen
 * Strategischen Dialog der Außenminister"; (es) "el Diálogo Estratégico entre España y Japón" → that name.
 * One entry per name, however inflected; the first mention (a title's nominative) names it.
 */
export function findPartnerMechanisms(text: string, language: PartnerLanguage): Mechanism[] {
  const v = loadLanguageVocabulary();
  const heads = v.mechanismHeads[language];
  const openers = new Set(v.mechanismComplements[language]);
  const joins = new Set(v.complementWords[language]);
  const head = headPattern(language, heads);
  const international = new Set(v.internationalWords);
  const found: Mechanism[] = [];
  // The names read, by nameKey: "Dialog der Außenminister" and "Dialogs der Außenminister" are one.
  const keys = new Set<string>();
  for (const m of text.matchAll(head)) {
    const headStart = m.index!;
    const headEnd = headStart + m[0].length;
    if (!/^\p{Lu}/u.test(m[0])) continue;
    let start = headStart;
    let end = headEnd;
    let named = false;
    if (language === 'de') {
      const compound = Boolean(m[1]) && m[2] !== m[0];
      const left = readGermanModifiers(text, headStart);
      start = left.start;
      named = compound || left.words.length > 0;
    } else {
      const right = readModifiers(text, headEnd);
      end = right.end;
      named = right.words > 0;
    }
    const complement = readComplement(text, end, openers, joins);
    if (complement) {
      end = complement.end;
      named = true;
    }
    if (!named) continue;
    const name = text.slice(start, end).replace(/\s+/g, ' ');
    if (name.split(/[\s,]+/).some((w) => international.has(w))) continue;
    const key = nameKey(name);
    if (keys.has(key)) continue;
    keys.add(key);
    const span = { start, end };
    found.push({ id: '', name, cadence: cadenceIn(sentenceAround(text, span)), span });
  }
  return found;
}

/**
 * Instruments named by German or Spanish heads (vocab/languages.json instrumentHeads): a head with its number
 * ("Resolución 2087"), with a complement of capitalised words ("Declaración Conjunta de las Conversaciones a Seis
 * bandas de 2005" → "Declaración Conjunta de las Conversaciones a Seis", dated 2005 from the rest of its clause),
 * or a German compound ending in a head ("Sozialversicherungsabkommen"). One the document calls itself ("diese
 * Erklärung", "la presente Declaración") is none.
 */
export function findPartnerInstruments(text: string, language: PartnerLanguage): Instrument[] {
  const v = loadLanguageVocabulary();
  const kinds = new Map(v.instrumentHeads[language].map(([h, k]) => [h.toLowerCase(), k as InstrumentKind]));
  const heads = v.instrumentHeads[language].map(([h]) => h);
  const openers = new Set(v.instrumentComplements[language]);
  const joins = new Set(v.complementWords[language]);
  const self = new RegExp(`(?<![\\p{L}])(?:${alternation(v.selfReferences[language])})\\s+(?:\\p{L}+\\s+)?$`, 'iu');
  const head = headPattern(language, heads);
  const found: Instrument[] = [];
  const keys = new Set<string>();
  for (const m of text.matchAll(head)) {
    const start = m.index!;
    let end = start + m[0].length;
    if (!/^\p{Lu}/u.test(m[0])) continue;
    if (self.test(text.slice(Math.max(0, start - 40), start))) continue;
    const headWord = m[2]!;
    const kind = kinds.get(headWord.toLowerCase()) ?? 'other';
    const compound = Boolean(m[1]) && headWord !== m[0];
    const number = /^\s+(?:Nr\.\s*|n\.º\s*|núm\.\s*)?\d{2,5}(?![\p{L}\d])/u.exec(text.slice(end, end + 16));
    let named = compound;
    if (number) {
      end += number[0].length;
      named = true;
    } else {
      const complement = readComplement(text, end, openers, joins);
      if (complement) {
        end = complement.end;
        named = true;
      }
    }
    if (!named) continue;
    // The date: in the rest of the clause ("… a Seis bandas de 2005, y …"), else none.
    // A stop after a digit is a German ordinal ("vom 12. Mai 2023"), no end of the clause.
    const clause = /^(?:[^,;.\n]|(?<=\d)\.){0,60}/.exec(text.slice(end))![0];
    // After the title and its number: "Resolución 2087" is no year.
    const date = findDates(text, end, end + clause.length)[0]?.date ?? null;
    const title = text.slice(start, end).replace(/\s+/g, ' ');
    const key = nameKey(title);
    if (keys.has(key)) continue;
    keys.add(key);
    found.push({ id: '', kind, title, date, span: { start, end } });
  }
  return found;
}

/** A stop that ends a sentence: not after a digit ("12. Mai"), an initial or a short abbreviation ("Dr.", "u.a.", "Nr."). */
const SENTENCE_STOP = /(?<!\d|\b\p{L}|\b\p{Lu}\p{Ll}{1,2}|\p{L}\.\p{L})[.!?](?=\s+[\p{Lu}„"“(])/gu;

interface CueSentence {
  from: number;
  to: number;
  strength: Strength;
  cue: string | null;
}

/** The sentence of `unit` that holds a joint agreement to act, with its strength, or null (see partnerCommitments). */
function agreementSentence(unit: string, language: PartnerLanguage): CueSentence | null {
  const v = loadLanguageVocabulary();
  const m = caselessWords(v.agreementCues[language]).exec(unit);
  if (!m) return null;
  let from = 0;
  let to = unit.length;
  for (const stop of unit.matchAll(SENTENCE_STOP)) {
    const at = stop.index! + 1;
    if (at <= m.index) from = at;
    else if (stop.index! >= m.index + m[0].length) {
      to = at;
      break;
    }
  }
  while (from < to && /\s/.test(unit[from]!)) from++;
  return { from, to, ...judgePartnerStrength(unit.slice(from, to), language) };
}

/** Kinds of plan, whose list items are all commitments. */
const PLAN_KINDS = new Set<DocumentKind>(['action_plan', 'work_programme', 'joint_working_plan', 'roadmap']);

/** Strength from German or Spanish words: a hedge ("prüfen", "explorar") is exploratory, a step ("veranstalten", "celebrar") firm, else intent. */
function judgePartnerStrength(sentence: string, language: PartnerLanguage): { strength: Strength; cue: string | null } {
  const v = loadLanguageVocabulary();
  const exploratory = caselessWords(v.exploratoryCues[language]).exec(sentence);
  const firm = exploratory ? null : caselessWords(v.firmVerbs[language]).exec(sentence);
  return { strength: exploratory ? 'exploratory' : firm ? 'firm' : 'intent', cue: (exploratory ?? firm)?.[0] ?? null };
}

/**
 * The commitments of a partner-language text: of the units the English finder took (list items, sentences), those
 * holding a joint agreement to act (vocab/languages.json agreementCues), narrowed to the sentence that holds it;
 * what one minister said or the views the parties stated are reported speech, no commitment. A paragraph of prose
 * the English finder did not read (it knows no German or Spanish "will") gives each such sentence (spec rule 5).
 * Example: "(1) Außenminister Iwaya sagte, … Er begrüßte …, und beide Außenminister kamen darin überein, … zu
 * veranstalten …" → the sentence "Er begrüßte …, und beide Außenminister kamen darin überein, … zu veranstalten …",
 * firm; "Los ministros acordaron celebrar el Diálogo …" → that sentence, firm.
 */
export function partnerCommitments(
  text: string,
  tree: RootNode,
  commitments: Commitment[],
  excluded: Span[],
  language: PartnerLanguage,
  kind: DocumentKind,
): Commitment[] {
  // A plan's list items are its commitments whatever their verb ("Regelmäßige Konsultationen … abhalten"): kept, their
  // strength read from German or Spanish verbs.
  if (PLAN_KINDS.has(kind)) {
    return commitments.map((c) => {
      const judged = judgePartnerStrength(c.text, language);
      return { ...c, strength: judged.strength, strengthCue: judged.cue };
    });
  }
  const kept: Commitment[] = [];
  for (const commitment of commitments) {
    const { start } = commitment.span;
    const found = agreementSentence(text.slice(start, commitment.span.end), language);
    if (!found) continue;
    kept.push({
      ...commitment,
      text: text.slice(start + found.from, start + found.to).replace(/\s+/g, ' ').trim(),
      span: { start: start + found.from, end: start + found.to },
      strength: found.strength,
      strengthCue: found.cue,
      parentId: null,
    });
  }
  // Prose the English finder left: each sentence of a body paragraph with an agreement, under its nearest section.
  const counters = new Map<string, number>();
  for (const c of kept) {
    const n = Number(/\/c(\d+)$/.exec(c.id)?.[1] ?? 0);
    const key = c.sectionId ?? 'root';
    counters.set(key, Math.max(counters.get(key) ?? 0, n));
  }
  const covered = [...commitments.map((c) => c.span), ...excluded];
  const added: Commitment[] = [];
  walk(tree, (node, parents) => {
    if (node.type !== 'paragraph') return;
    if (node.role !== 'body' || covered.some((s) => s.start < node.span.end && node.span.start < s.end)) return false;
    const unit = text.slice(node.span.start, node.span.end);
    let offset = 0;
    // One paragraph may hold several agreements: each sentence with one.
    for (let guard = 0; guard < 20 && offset < unit.length; guard++) {
      const found = agreementSentence(unit.slice(offset), language);
      if (!found) break;
      const start = node.span.start + offset + found.from;
      const end = node.span.start + offset + found.to;
      offset += found.to;
      const section = [...parents].reverse().find((p): p is SectionNode => p.type === 'section' && p.title !== null) ?? null;
      const key = section?.id ?? 'root';
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      added.push({
        id: `${key}/c${n}`,
        text: text.slice(start, end).replace(/\s+/g, ' ').trim(),
        span: { start, end },
        sectionId: section?.id ?? null,
        section: section?.title ?? null,
        strength: found.strength,
        strengthCue: found.cue,
        actors: [],
        parentId: null,
        themes: [],
      });
    }
    return false;
  });
  return [...kept, ...added].sort((a, b) => a.span.start - b.span.start);
}
