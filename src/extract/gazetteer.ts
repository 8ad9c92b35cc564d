// The vocabulary compiled for scanning: gazetteer names and party names folded into a few regular
// expressions (token tries, so one pass over the text finds every known body), cached per Vocabulary.
import type { GazetteerEntry, PartyEntry, Vocabulary } from '../vocab/index.js';
import type { PartyCode } from '../types.js';
import { escapeRegExp, isAsciiAlnum } from '../text.js';
import { memoize } from '../memo.js';

/** A party entry as stored in parties.json; `partOf` marks a territory of another party (GL → DK). */
export interface PartyInfo extends PartyEntry {
  partOf?: PartyCode;
}

export interface CompiledVocabulary {
  /**
   * Latin-script gazetteer names and aliases ("Ministry of Economy, Trade and Industry"), in two stages
   * for speed: the sticky `nameStarts` matches the first word of some name ("Ministry", "Japan", "Danish")
   * where the word scan (see findWordStarts) found one, then the sticky, case-insensitive `names` reads the
   * longest name from there.
   */
  nameStarts: RegExp | null;
  names: RegExp | null;
  /** Japanese gazetteer names ("経済産業省"). */
  japanese: RegExp | null;
  /** Gazetteer acronyms, case-sensitive ("METI", "JETRO"), sticky: tried where the word scan found one. */
  acronyms: RegExp | null;
  /** The one pass over a text that finds where name starts, acronyms and body leads may match: see findWordStarts. */
  wordScan: WordScan;
  /** normalized name (see nameKey) → entries that carry it; generic names have several parties. */
  byName: Map<string, GazetteerEntry[]>;
  byAcronym: Map<string, GazetteerEntry[]>;
  /** Each party's gazetteer entries with the key of their name (see nameKey), in gazetteer order. */
  keyedByParty: Map<PartyCode, { entry: GazetteerEntry; key: string }[]>;
  /** Words of table labels (cues.json labels: "Objectives", "Main partners"), which never belong inside a name. */
  labelWords: Set<string>;
  /** Country/territory names, longest first ("Republic of Poland", "Poland"), case-sensitive. */
  partyNames: RegExp;
  /** Names and adjectives ("Danish", "Kingdom of Denmark"). */
  partyWords: RegExp;
  /** Lead words of body names found by pattern: "Danish ", "Poland's ", "National ", "Embassy of " (sticky: see wordScan). */
  bodyLeads: RegExp;
  /** Lower-cased name or adjective → party code. */
  partyByWord: Map<string, PartyCode>;
  parties: Map<PartyCode, PartyInfo>;
}

const cache = new WeakMap<Vocabulary, CompiledVocabulary>();

/** Compiles once per vocabulary object (the pipeline passes the same object for every document). */
export function compileVocabulary(vocab: Vocabulary): CompiledVocabulary {
  let compiled = cache.get(vocab);
  if (!compiled) {
    compiled = build(vocab);
    cache.set(vocab, compiled);
  }
  return compiled;
}

/**
 * The key two spellings of one name share: lower case, no punctuation, British/American spellings
 * and of/for merged, "Minister" read as "Ministry", a leading "the" dropped.
 * Example: "The Minister for Defence" and "Ministry of Defense" → "ministry of defense".
 */
export const nameKey = (name: string): string => cachedNameKey(name);

/** Names recur across a document and a batch: keys are remembered. */
const cachedNameKey = memoize(computeNameKey);

function computeNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’']s\b/g, 's')
    .replace(/[^\p{L}\p{N}&]+/gu, ' ')
    .replace(/&/g, ' and ')
    .replace(/\bfor\b/g, 'of')
    .replace(/\bminister\b/g, 'ministry')
    .replace(/\bdefence\b/g, 'defense')
    .replace(/\blabor\b/g, 'labour')
    .replace(/\bcenter\b/g, 'centre')
    .replace(/\borganisation\b/g, 'organization')
    .replace(/\bprogram\b/g, 'programme')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

/**
 * A whole-word alternation. ASCII `\b` boundaries (and no `u` flag) when every word starts and ends
 * with an ASCII letter or digit, which V8 scans several times faster than Unicode look-arounds.
 * Example: wordAlternation(["Japan", "Danish"], 'g') → /\b(?:Japan|Danish)\b/g.
 */
function wordAlternation(words: string[], flags: string, tail = '', afterHyphen = false): RegExp {
  // "EU-Japan …" is no body of Japan, but "Japan-Italy" names both parties: callers choose.
  const hyphen = afterHyphen ? '' : '-';
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
  const body = sorted.map(escapeRegExp).join('|');
  if (sorted.every((w) => /^[A-Za-z0-9].*[A-Za-z0-9.]$|^[A-Za-z0-9]$/.test(w))) {
    return new RegExp(String.raw`\b${hyphen ? '(?<!-)' : ''}(?:${body})(?![A-Za-z0-9])${tail}`, flags);
  }
  return new RegExp(String.raw`(?<![\p{L}\p{N}${hyphen}])(?:${body})(?![\p{L}\p{N}])${tail}`, `${flags}u`);
}

/** One token of a name as a pattern that accepts the usual variants ("Defence" → `defen[cs]e`). */
function tokenPattern(token: string): string {
  const lower = token.toLowerCase();
  if (lower === 'of' || lower === 'for') return '(?:of|for)';
  if (lower === 'and' || lower === '&') return '(?:and|&)';
  if (lower === 'ministry' || lower === 'minister') return 'minist(?:ry|er)';
  return escapeRegExp(lower)
    .replace(/defen[cs]e/, 'defen[cs]e')
    .replace(/labou?r/, 'labou?r')
    .replace(/cent(?:re|er)/, 'cent(?:re|er)')
    .replace(/organi[sz]ation/, 'organi[sz]ation')
    .replace(/programm?e?$/, 'program(?:me)?')
    .replace(/-/g, '[-‐‑– ]?');
}

interface Trie {
  end: boolean;
  children: Map<string, Trie>;
}

/** Builds a regex source from a trie of token patterns; a terminal node with children makes the rest optional (greedy, so the longest name wins). */
function trieSource(node: Trie, separator: string): string {
  const branches = [...node.children.entries()].map(([token, child]) => {
    const rest = child.children.size ? trieSource(child, separator) : '';
    if (!rest) return token;
    return child.end ? `${token}(?:${separator}${rest})?` : `${token}${separator}${rest}`;
  });
  return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
}

function addToTrie(root: Trie, tokens: string[]): void {
  let node = root;
  for (const token of tokens) {
    let next = node.children.get(token);
    if (!next) {
      next = { end: false, children: new Map() };
      node.children.set(token, next);
    }
    node = next;
  }
  node.end = true;
}

/** Words of a name: commas stay attached so "Economy, Trade" and "Economy Trade" tokenize alike. */
const nameTokens = (name: string) => name.replace(/[,]/g, ' ').split(/\s+/).filter(Boolean);

function build(vocab: Vocabulary): CompiledVocabulary {
  const byName = new Map<string, GazetteerEntry[]>();
  const byAcronym = new Map<string, GazetteerEntry[]>();
  const latin: Trie = { end: false, children: new Map() };
  const firstWords = new Set<string>();
  const japanese = new Set<string>();
  const acronyms = new Set<string>();
  const push = <K>(map: Map<K, GazetteerEntry[]>, key: K, entry: GazetteerEntry) => {
    const list = map.get(key);
    if (!list) map.set(key, [entry]);
    else if (!list.includes(entry)) list.push(entry);
  };
  for (const entry of vocab.organizations) {
    for (const name of [entry.name, ...(entry.aliases ?? []), ...(entry.ja ? [entry.ja] : [])]) {
      if (/[\u3040-\u30ff\u3400-\u9fff]/u.test(name)) {
        japanese.add(name);
        push(byName, name, entry);
        continue;
      }
      push(byName, nameKey(name), entry);
      const tokens = nameTokens(name.replace(/^The\s+/, ''));
      addToTrie(latin, tokens.map(tokenPattern));
      const first = tokens[0]!;
      firstWords.add(first.charAt(0).toUpperCase() + first.slice(1));
      if (/^Ministry$/i.test(first)) firstWords.add('Minister');
    }
    if (entry.acronym) {
      acronyms.add(entry.acronym);
      push(byAcronym, entry.acronym, entry);
    }
  }
  // Separator between name words: spaces, tabs or line breaks of PDF text, an optional comma
  // ("Economy, Trade, and Industry"), and an optional article ("Ministry of the Environment" ~ "of Environment" stays distinct).
  const separator = String.raw`,?[\s]+`;
  const byLength = (a: string, b: string) => b.length - a.length;
  const names = latin.children.size ? new RegExp(String.raw`${trieSource(latin, separator)}(?![\p{L}\p{N}])`, 'iuy') : null;
  const nameStarts = firstWords.size ? wordAlternation([...firstWords], 'y') : null;
  const japaneseRe = japanese.size ? new RegExp([...japanese].sort(byLength).map(escapeRegExp).join('|'), 'gu') : null;
  const acronymRe = acronyms.size ? wordAlternation([...acronyms], 'y', '(?!-)') : null;

  const parties = new Map<PartyCode, PartyInfo>();
  const partyByWord = new Map<string, PartyCode>();
  const partyNames: string[] = [];
  const partyWords: string[] = [];
  for (const party of vocab.parties as PartyInfo[]) {
    parties.set(party.code, party);
    for (const name of party.names) {
      partyByWord.set(name.toLowerCase(), party.code);
      partyNames.push(name);
      partyWords.push(name);
    }
    for (const adjective of party.adjectives) {
      if (!partyByWord.has(adjective.toLowerCase())) partyByWord.set(adjective.toLowerCase(), party.code);
      partyWords.push(adjective);
    }
    if (party.ja) partyByWord.set(party.ja, party.code);
  }
  const keyedByParty = new Map<PartyCode, { entry: GazetteerEntry; key: string }[]>();
  for (const entry of vocab.organizations) {
    const list = keyedByParty.get(entry.party) ?? [];
    list.push({ entry, key: nameKey(entry.name) });
    keyedByParty.set(entry.party, list);
  }
  const bodyLeads = [...partyWords, 'National', 'Embassy of'];
  return {
    nameStarts,
    names,
    japanese: japaneseRe,
    acronyms: acronymRe,
    wordScan: buildWordScan([
      [WORD_KIND.nameStart, [...firstWords]],
      [WORD_KIND.acronym, [...acronyms]],
      [WORD_KIND.bodyLead, bodyLeads],
    ]),
    byName,
    byAcronym,
    keyedByParty,
    partyNames: wordAlternation(partyNames, 'g', '', true),
    partyWords: wordAlternation(partyWords, 'g', '', true),
    bodyLeads: wordAlternation(bodyLeads, 'y', String.raw`(?:['’]s)?\s+(?=[A-Z])`),
    partyByWord,
    parties,
    labelWords: new Set(vocab.cues.labels.flatMap((l) => l.split(/\s+/)).filter((w) => w.length >= 4)),
  };
}

/** The party a name or adjective stands for ("Kingdom of Denmark" → DK, "Polish" → PL), else null. */
export function partyOfWord(compiled: CompiledVocabulary, word: string): PartyCode | null {
  return compiled.partyByWord.get(word.replace(/\s+/g, ' ').replace(/^the /i, '').toLowerCase()) ?? null;
}

/** The kinds of word the word scan looks for, as bits. */
const WORD_KIND = { nameStart: 1, acronym: 2, bodyLead: 4 } as const;

/** Kana and the common kanji: a text without them names no Japanese body. */
const JAPANESE_SCRIPT = String.raw`[\u3040-\u30ff\u3400-\u9fff]`;

/**
 * The first words ("tokens", up to a space) of the words of several whole-word alternations (see wordAlternation),
 * as one pattern: one pass over a text finds every place where one of the alternations may match, instead of one
 * pass for each (V8 spends about as long on every character for one alternation as for all of them together). The
 * same pass tells whether the text has Japanese script.
 */
interface WordScan {
  /**
   * A token with no letter, digit or hyphen before it and no ASCII letter or digit after it: what every match of the
   * alternations begins with, whichever boundaries they use (ASCII `\b`, Unicode look-arounds; none matches after a
   * hyphen). `withJapanese` also matches a character of Japanese script, until the first is found.
   */
  pattern: RegExp;
  withJapanese: RegExp;
  /** By token: the kinds of word that may match where it does, how far the scan may move on past it, whether it has Japanese script. */
  tokens: Map<string, { kinds: number; resume: number; japanese: boolean }>;
}

function buildWordScan(alternations: [kind: number, words: string[]][]): WordScan {
  const kindsOf = new Map<string, number>();
  for (const [kind, words] of alternations) {
    for (const word of words) {
      const token = word.split(' ')[0]!;
      kindsOf.set(token, (kindsOf.get(token) ?? 0) | kind);
    }
  }
  const tokens = new Map<string, { kinds: number; resume: number; japanese: boolean }>();
  const japanese = new RegExp(JAPANESE_SCRIPT);
  for (const [token, own] of kindsOf) {
    // The pattern reports the longest token where it matches: a shorter one it begins with ("U.S" of "U.S.",
    // "Sweden" of "Sweden's") matches there too when the longer goes on with no ASCII letter or digit.
    let kinds = own;
    for (let end = 1; end < token.length; end++) {
      if (!isAsciiAlnum(token.charCodeAt(end))) kinds |= kindsOf.get(token.slice(0, end)) ?? 0;
    }
    // Another token may start inside this one only after a character that is no letter, digit or hyphen ("U.S.").
    let resume = 1;
    while (resume < token.length && isAsciiAlnumOrHyphen(token.charCodeAt(resume - 1))) resume++;
    tokens.set(token, { kinds, resume, japanese: japanese.test(token) });
  }
  const sorted = [...kindsOf.keys()].sort((a, b) => b.length - a.length);
  // An alternation of no token matches nothing.
  const words = sorted.length ? String.raw`(?<![A-Za-z0-9-])(?:${sorted.map(escapeRegExp).join('|')})(?![A-Za-z0-9])` : '(?!)';
  return { pattern: new RegExp(words, 'g'), withJapanese: new RegExp(`${words}|${JAPANESE_SCRIPT}`, 'g'), tokens };
}

const isAsciiAlnumOrHyphen = (c: number) => isAsciiAlnum(c) || c === 45;

/** Places in a text where words of each kind may start, in text order, and whether it has Japanese script (see findWordStarts). */
export interface WordStarts {
  nameStarts: number[];
  acronyms: number[];
  bodyLeads: number[];
  japanese: boolean;
}

/**
 * Where name starts, acronyms and body leads may start in `text`, in one pass: the word scan's places, each listed under
 * the kinds its token may begin. A kind's sticky alternation, tried at its places from where its last match ended,
 * finds what a global search with it would.
 */
export function findWordStarts(text: string, compiled: CompiledVocabulary): WordStarts {
  const starts: WordStarts = { nameStarts: [], acronyms: [], bodyLeads: [], japanese: false };
  const { tokens } = compiled.wordScan;
  let pattern = compiled.wordScan.withJapanese;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const token = tokens.get(m[0]);
    if (!token) {
      // A character of Japanese script: once is enough.
      starts.japanese = true;
      const at = m.index + 1;
      pattern = compiled.wordScan.pattern;
      pattern.lastIndex = at;
      continue;
    }
    if (token.japanese) starts.japanese = true;
    if (token.kinds & WORD_KIND.nameStart) starts.nameStarts.push(m.index);
    if (token.kinds & WORD_KIND.acronym) starts.acronyms.push(m.index);
    if (token.kinds & WORD_KIND.bodyLead) starts.bodyLeads.push(m.index);
    pattern.lastIndex = m.index + token.resume;
  }
  return starts;
}
