// National public bodies named in a document (ministries, agencies, research bodies, embassies, armed
// forces, territorial governments): gazetteer look-up plus pattern discovery for bodies it does not know.
import type { Organization, PartyCode, RootNode } from '../types.js';
import type { GazetteerEntry, Vocabulary } from '../vocab/index.js';
import { compileVocabulary, findWordStarts, nameKey, type CompiledVocabulary, type WordStarts } from './gazetteer.js';
import { fold, previousWord, slug, titleCase } from './scan.js';
import { isJapaneseText } from '../ja/analyzer.js';
import { findJapaneseOrganizations } from './japanese-organizations.js';
import { isWhiteSpace } from '../tree/lines.js';
import { isAsciiLetter } from '../text.js';
import { isMonthName } from '../dates.js';
import { memoize } from '../memo.js';

/** One place a body is named, before mentions are grouped into organizations. */
interface Mention {
  start: number;
  end: number;
  /** The name as written (folded), or the acronym for an acronym-only mention. */
  written: string;
  /** Gazetteer entries whose name or alias this is (several for generic names like "Ministry of Defence"). */
  entries: GazetteerEntry[];
  /** Acronym given in brackets right after the name: "(JETRO)". */
  acronym: string | null;
  /** Party stated with the name: "… of Japan", "Danish …", "Poland's …". */
  stated: PartyCode | null;
  /** Party of a "Denmark: Ministry of …" partners line the mention sits in. */
  labelled: PartyCode | null;
  acronymOnly: boolean;
  /** A minister's title said of the person in office ("Minister for Foreign Affairs, Mr. …"): names no body, but no
   * other name may be read over it. */
  officeHolder?: boolean;
}

/**
 * Heads that end the name of a public body ("Danish Maritime Authority", "Polish Armed Forces",
 * "Italian Cultural Institutes"); a name found by pattern must end in one of them.
 */
const BODY_HEADS = new Set([
  'agency', 'authority', 'office', 'institute', 'institutes', 'centre', 'center', 'commission', 'board',
  'bureau', 'administration', 'foundation', 'fund', 'organization', 'organisation', 'forces', 'force',
  'army', 'navy', 'guard', 'academy', 'ministry', 'embassy', 'council', 'service', 'directorate',
  'inspectorate', 'corporation', 'bank', 'secretariat', 'department', 'laboratory', 'laboratories', 'lab', 'corps',
  'mission',
]);

/**
 * Titles of office holders and a person's honorifics, which follow or precede a body's name but are no part of it:
 * "the Scientific Advisor", "Minister for Trade, Senator the Hon …", "Minister for Foreign Affairs, Ms. …".
 */
const OFFICE_TITLES = new Set([
  'secretary', 'advisor', 'adviser', 'director', 'chairman', 'chairperson', 'chair', 'ambassador', 'president',
  'commissioner', 'governor', 'envoy', 'administrator', 'spokesperson', 'senator', 'mr', 'ms', 'mrs', 'dr', 'hon',
]);

/**
 * A minister's title said of the person who holds it, after the title (and its "of Japan"): ", Mr. Taro Yamada",
 * ", Senator the Hon Jane Smith", " Hanako Suzuki held …" (a name of two or three capitalised words, not a
 * body's "… of/for …" going on).
 */
const HOLDER_AFTER =
  /^(?:,?\s*of\s*(?:the\s+)?[\p{Lu}][\p{L}]+(?:\s+(?:of\s+)?[\p{Lu}][\p{L}]+){0,4}?)?(?:,?\s*(?:(?:Mr|Ms|Mrs|Mme|Dr|H\.?\s?E|Senator|Hon|His\s+Excellency|Her\s+Excellency)\b|the\s+Hon\b)|,?\s+(?!Minist|Depart|Secretar)[\p{Lu}][\p{Ll}]+(?:\s+[\p{Lu}][\p{Ll}]+){1,2}\b(?!\s+(?:of|for|and)\b|,?\s+[\p{Lu}]))/u;
/** The same before the title: "HE Mr Ichiro Tanaka, Minister of …", "Mr. Jiro Sato, Minister for …". */
const HOLDER_BEFORE = /\b(?:Mr|Ms|Mrs|Mme|Dr|H\.?\s?E|Senator|Hon)\.?\s+(?:[\p{Lu}][\p{L}.-]*\s+){0,3}[\p{Lu}][\p{L}-]*\.?,\s*(?:the\s+)?$/u;

/** Not national public bodies, though named like them: universities and schools ("Indian Institutes of Technology"). */
const NOT_BODY = /\b(?:Universit(?:y|ies)|College|School|Institutes? of Technology)\b/;

/** A participle glued to a name: "Department of Space-led", "Energy-led Supply Chain Dialogue", "NSF-funded". */
const GLUED_PARTICIPLE = /^(.+?)-(?:led|based|funded|chaired|hosted|sponsored|supported|run|organi[sz]ed|driven|owned)$/i;

/** A head word of BODY_HEADS somewhere ahead: "… Maritime Authority", "… Armed Forces". */
const HEAD_NEARBY = new RegExp(String.raw`\b(?:${[...BODY_HEADS].map((h) => h.charAt(0).toUpperCase() + h.slice(1)).join('|')})\b`);


/** Name-internal connectors: "Ministry of Land, Infrastructure, Transport and Tourism". */
const CONNECTORS = new Set(['and', '&', 'of', 'for', 'the']);

/** A letter or digit beyond ASCII (sticky, at one position): the `\p{L}\p{N}` of a name word. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;

/** The length of the letter or digit at `at` (2 for a surrogate pair), or 0. ASCII is judged by its code. */
function letterOrDigitLength(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) ? 1 : 0;
  if (at >= text.length) return 0;
  LETTER_OR_DIGIT.lastIndex = at;
  return LETTER_OR_DIGIT.test(text) ? LETTER_OR_DIGIT.lastIndex - at : 0;
}

interface Token {
  word: string;
  start: number;
  end: number;
}

/**
 * The token after white space at `at`: a word ("Infrastructure", "Self-Defense", "Foundation's", "U.S" without its
 * last full stop), a letter or digit followed by letters, digits and `'’.-&`, or one of `,(&:`. Read by char code:
 * every word of every name walk comes here.
 */
function readToken(text: string, at: number): Token | null {
  let i = at;
  for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 13 || c === 10; c = text.charCodeAt(++i));
  const start = i;
  let length = letterOrDigitLength(text, i);
  if (length === 0) {
    const c = text.charCodeAt(i);
    return c === 44 || c === 40 || c === 38 || c === 58 ? { word: text[i]!, start, end: i + 1 } : null;
  }
  for (i += length; ; i += length) {
    const c = text.charCodeAt(i);
    // ' ’ . - &
    if (c === 39 || c === 0x2019 || c === 46 || c === 45 || c === 38) length = 1;
    else if ((length = letterOrDigitLength(text, i)) === 0) break;
  }
  const end = text.charCodeAt(i - 1) === 46 ? i - 1 : i;
  return { word: text.slice(start, end), start, end };
}

const CAPITAL_OR_DIGIT = /^[\p{Lu}\p{N}]/u;
const HAS_LETTER = /\p{L}/u;
/**
 * A word that starts with a capital or digit and holds a letter: "Tourism", "5G", not "2030" or "and".
 * An ASCII first character is judged by its code: every token of every name walk asks.
 */
const isCapitalizedWord = (w: string) => {
  const c = w.charCodeAt(0);
  if (c >= 65 && c <= 90) return true;
  return (c < 128 ? c >= 48 && c <= 57 : CAPITAL_OR_DIGIT.test(w)) && HAS_LETTER.test(w);
};
const possessive = (w: string) => w.endsWith("'s") || w.endsWith('’s');
/** "foundation's" → "foundation". */
const withoutPossessive = (w: string) => (possessive(w) ? w.slice(0, -2) : w);
const CAPITAL_FIRST = /^\p{Lu}/u;
/** Whether a word starts with a capital; most words before a name ("the", "and") are ASCII and lower case. */
const startsWithCapital = (w: string) => {
  const c = w.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : CAPITAL_FIRST.test(w);
};

/**
 * Finds every national public body named in `text`, each once with all its mentions.
 * Example: "… Japan External Trade Organization (JETRO) and Polish Investment and Trade Agency (PAIH) …"
 * → JP:jetro {acronym JETRO}, PL:paih {acronym PAIH}.
 */
export function findOrganizations(text: string, tree: RootNode, vocab: Vocabulary, parties: PartyCode[]): Organization[] {
  if (isJapaneseText(text)) return findJapaneseOrganizations(text, tree, vocab, parties);
  const compiled = compileVocabulary(vocab);
  const labels = labelRegions(text, compiled);
  const starts = findWordStarts(text, compiled);

  const known = gazetteerMatches(text, compiled, starts); // in text order, not overlapping
  const replaced = new Set<Mention>();
  const kept: Mention[] = [];
  for (const m of discoverBodies(text, compiled, starts.bodyLeads, known)) {
    const overlapping = overlaps(known, m.start, m.end);
    // A discovered name that extends a known one ("Ministry of Industry and Innovation" over "Ministry of Industry") wins,
    // but not over a minister named with the person in office: the words after his title are his name.
    if (extendsAll(overlapping, m.start, m.end) && !overlapping.some((g) => g.officeHolder)) {
      for (const g of overlapping) replaced.add(g);
      kept.push(m);
    }
  }
  const mentions = [...known.filter((g) => !replaced.has(g)), ...kept].sort((a, b) => a.start - b.start);
  const introduced = new Set(mentions.map((m) => m.acronym).filter(Boolean));
  const acronyms = acronymMentions(text, compiled, parties, introduced, starts.acronyms).filter((m) => overlaps(mentions, m.start, m.end).length === 0);
  mentions.push(...acronyms);
  mentions.sort((a, b) => a.start - b.start);

  let label = 0;
  for (const m of mentions) {
    while (label < labels.length && labels[label]!.end <= m.start) label++;
    const region = labels[label];
    m.labelled = region && m.start >= region.start && m.start < region.end ? region.party : null;
  }
  distributeQualifiers(text, mentions, compiled);

  const orgs = new Map<string, Organization & { fromGazetteer: boolean }>();
  const add = (m: Mention, party: PartyCode, entry: GazetteerEntry | null) => {
    const id = `${party}:${entry ? entry.id : slugOf(m.written)}`;
    let org = orgs.get(id);
    if (!org) {
      org = {
        id,
        name: m.written,
        acronym: null,
        party,
        mentions: [],
        span: { start: m.start, end: m.end },
        fromGazetteer: Boolean(entry),
      };
      orgs.set(id, org);
    }
    if (!m.acronymOnly && org.mentions.length && isAcronymLike(org.name)) org.name = m.written;
    if (m.acronymOnly && entry?.acronym) org.acronym ??= entry.acronym;
    if (m.acronym) org.acronym ??= m.acronym;
    org.mentions.push({ start: m.start, end: m.end });
  };

  for (const m of mentions) {
    if (m.officeHolder) continue;
    const party = resolveParty(m, parties, compiled);
    if (!party) continue;
    // A generic name under a party's label is that party's body even if the gazetteer lacks it ("Norway: Ministry of Fisheries").
    add(m, party, m.entries.find((e) => e.party === party) ?? null);
  }
  for (const m of pluralMinistries(text, compiled, parties)) {
    const entry = m.entries.find((e) => e.party === m.stated) ?? null;
    add(m, m.stated!, entry);
  }

  mergeTruncated(orgs, vocab);
  // Built field by field, in the order of the fields of an Organization, rather than by rest and spread: one per body.
  return [...orgs.values()]
    .map((org) => {
      const mentions = org.mentions.sort((a, b) => a.start - b.start);
      return { id: org.id, name: org.name, acronym: org.acronym, party: org.party, mentions, span: mentions[0]! };
    })
    .sort((a, b) => a.span.start - b.span.start || a.id.localeCompare(b.id));
}

/** Whether a name over [start, end) extends each of the mentions it overlaps: starts with or before it, ends after it. */
const extendsAll = (overlapping: Mention[], start: number, end: number) => overlapping.every((g) => start <= g.start && end > g.end);

/** slug(name), remembered: the names of bodies the gazetteer lacks recur across a document and a batch. */
const slugOf = memoize(slug);

/** Mentions of a start-sorted, non-overlapping list that overlap [start, end) (binary search). */
function overlaps(sorted: Mention[], start: number, end: number): Mention[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const out: Mention[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.start < end; i++) if (sorted[i]!.end > start) out.push(sorted[i]!);
  return out;
}

const isAcronymLike = (s: string) => /^[\p{Lu}\p{N}&-]{2,}$/u.test(s);

/** Picks the party of one mention: stated with the name, then the partners line, then the gazetteer. */
function resolveParty(m: Mention, parties: PartyCode[], compiled: CompiledVocabulary): PartyCode | null {
  if (m.stated) return m.stated;
  if (m.labelled) return m.labelled;
  const known = [...new Set(m.entries.map((e) => e.party))];
  // "JETRO", "Japan Atomic Energy Agency" name their country; "Ministry of Industry" could be anyone's.
  if (known.length === 1 && !isGeneric(m.written, compiled)) return known[0]!;
  const inDocument = known.filter((p) => parties.includes(p) || parties.includes(compiled.parties.get(p)?.partOf ?? ''));
  return inDocument.length === 1 ? inDocument[0]! : null;
}

// tsx turns a regex literal with \p{…} outside a character class into `new RegExp(…)` run at every call: such
// patterns are module constants.
const ACRONYM_ONLY = /^(?:\p{Lu}|\p{N}|&)+$/u;

/** isGeneric's answers per vocabulary: the same names recur in every document. */
const genericByVocabulary = new WeakMap<CompiledVocabulary, (written: string) => boolean>();

/**
 * A name any country's body could bear: no country or nationality in it and of a common shape
 * ("Ministry of Industry", "Cabinet Office", "Digital Agency"), unlike "Japan Patent Office" or "JETRO".
 */
function isGeneric(written: string, compiled: CompiledVocabulary): boolean {
  let judge = genericByVocabulary.get(compiled);
  if (!judge) genericByVocabulary.set(compiled, (judge = memoize((name: string) => judgeGeneric(name, compiled))));
  return judge(written);
}

function judgeGeneric(written: string, compiled: CompiledVocabulary): boolean {
  if (ACRONYM_ONLY.test(written) || /[\u3040-\u30ff\u3400-\u9fff]/u.test(written)) return false;
  const words = written.split(/[\s-]+/);
  for (let i = 0; i < words.length; i++) {
    if (compiled.partyByWord.has(words[i]!.toLowerCase().replace(/['’]s$/, ''))) return false;
    if (i + 1 < words.length && compiled.partyByWord.has(`${words[i]} ${words[i + 1]}`.toLowerCase())) return false;
  }
  return /^(?:(?:Federal|National|State)\s+)?(?:Ministry|Department|Cabinet|Office|Digital|Agency|Secretariat)\b/i.test(written);
}

/**
 * Gazetteer names (Latin and Japanese) with any bracketed acronym and stated party after them. Latin names are read
 * where a name's first word stands (see findWordStarts) from the end of the last match on.
 */
function gazetteerMatches(text: string, compiled: CompiledVocabulary, wordStarts: WordStarts): Mention[] {
  const out: Mention[] = [];
  if (compiled.names && compiled.nameStarts) {
    const starts = compiled.nameStarts;
    const names = compiled.names;
    let from = 0;
    for (const at of wordStarts.nameStarts) {
      if (at < from) continue;
      starts.lastIndex = at;
      if (!starts.test(text)) continue;
      from = starts.lastIndex;
      names.lastIndex = at;
      const m = names.exec(text);
      if (!m) continue;
      const entries = compiled.byName.get(nameKey(m[0]));
      if (!entries) continue;
      const mention = finishMention(text, compiled, at, at + m[0].length, entries);
      if (mention) out.push(mention);
      from = at + m[0].length;
    }
  }
  // Most documents have no Japanese text: skip the long alternation for them.
  if (compiled.japanese && wordStarts.japanese) {
    const re = compiled.japanese;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const entries = compiled.byName.get(m[0]);
      if (entries) out.push(finishMention(text, compiled, m.index, m.index + m[0].length, entries)!);
    }
  }
  return out;
}

/**
 * Completes a mention found at [start, end): a "Minister of …" becomes its ministry, an embassy
 * keeps its place ("Embassy of Poland in Japan"), a bracketed acronym and a stated party are read.
 * Returns null for a mention that names a person or the government itself.
 */
function finishMention(
  text: string,
  compiled: CompiledVocabulary,
  start: number,
  end: number,
  entries: GazetteerEntry[],
): Mention | null {
  let written = foldedSlice(text, start, end);
  let officeHolder = false;
  // The patterns below run once per mention: a first-character test skips those that cannot match.
  if (written[0] === 't' || written[0] === 'T') written = written.replace(/^the\s+/i, '');
  const minister = written.includes('inister') ? /\bMinister\b/i.exec(written) : null;
  if (minister) {
    if (minister.index === 0 && /\b(?:Prime|Vice|Deputy|State)\s+$/i.test(text.slice(Math.max(0, start - 24), start))) return null;
    // "Minister for Foreign Affairs of Japan, Mr. …": the person in office, not the ministry (read only at a minister).
    officeHolder = HOLDER_BEFORE.test(text.slice(Math.max(0, start - 80), start));
    // "Japanese Minister of Economy, …" names the ministry it heads.
    written = written.slice(0, minister.index) + 'Ministry' + written.slice(minister.index + minister[0].length);
  }
  if (written.startsWith('Ministers') && /^Ministers\b/.test(written)) return null;
  let stated: PartyCode | null = null;
  // "Japanese Ministry of …", "Poland's National Centre …" (a party word right before the name)
  const lead = previousWord(text, start, Math.max(0, start - 24));
  if (lead && startsWithCapital(lead.word) && text[lead.start - 1] !== '-') {
    const word = withoutPossessive(lead.word).toLowerCase();
    stated = compiled.partyByWord.get(word) ?? null;
    if (!stated) {
      const two = previousWord(text, lead.start, Math.max(0, lead.start - 24));
      stated = (two ? compiled.partyByWord.get(`${two.word} ${word}`.toLowerCase()) : undefined) ?? null;
    }
  }
  if (written.includes('Embassy') && /\bEmbassy(?: of [\p{Lu}][\p{L}]+(?: [\p{Lu}][\p{L}]+)?)?$/u.test(written)) {
    const place = /^\s+in\s+([\p{Lu}][\p{L}]+(?:\s+[\p{Lu}][\p{L}]+)?)/u.exec(text.slice(end, end + 40));
    if (place) {
      end += place[0].length;
      written = `${written} in ${place[1]}`;
    }
  }
  const after = readQualifiers(text, compiled, end);
  officeHolder ||= minister !== null && HOLDER_AFTER.test(text.slice(after.end, after.end + 80));
  // A name that already carries its country ("Food Safety Commission of Japan") states its party.
  if (!stated && entries.length && entries.every((e) => e.party === entries[0]!.party) && written.includes('of') && /\bof\s+(?:the\s+)?[\p{Lu}]/u.test(written)) {
    const tail = /\bof\s+(?:the\s+)?([\p{Lu}][\p{L}]+(?:\s+[\p{Lu}][\p{L}]+)*)$/u.exec(written);
    if (tail && compiled.partyByWord.has(tail[1]!.toLowerCase())) stated = entries[0]!.party;
  }
  return {
    start,
    end,
    written,
    entries,
    acronym: after.acronym,
    stated: after.party ?? stated,
    labelled: null,
    acronymOnly: false,
    officeHolder,
  };
}

/**
 * `fold(text.slice(start, end))`. Most names stand on one line with single spaces and need no folding: the characters
 * are looked at first, and only a name with other white space is folded by pattern.
 */
function foldedSlice(text: string, start: number, end: number): string {
  if (text.charCodeAt(start) === 32 || text.charCodeAt(end - 1) === 32) return fold(text.slice(start, end));
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 ? text.charCodeAt(i + 1) === 32 : isWhiteSpace(c)) return fold(text.slice(start, end));
  }
  return text.slice(start, end);
}

/** An acronym has two capitals: "MIC", "BMDV", not "Tokyo". */
const TWO_CAPITALS = /\p{Lu}.*\p{Lu}|^\p{Lu}{2,}/u;

/**
 * Reads what may follow a name: "(MIC) of Japan", "of the Republic of Poland (PAIH)", "of the Italian Republic".
 * Example: readQualifiers(" (BMDV) of Germany and …") → {acronym: "BMDV", party: "DE"}.
 */
function readQualifiers(text: string, compiled: CompiledVocabulary, at: number): { acronym: string | null; party: PartyCode | null; end: number } {
  let acronym: string | null = null;
  let party: PartyCode | null = null;
  let pos = at;
  for (let round = 0; round < 2; round++) {
    // A bracket opens after white space, "of" after a comma and white space: most names are followed by neither.
    let bracketAt = pos;
    while (isWhiteSpace(text.charCodeAt(bracketAt))) bracketAt++;
    const spaceFrom = text.charCodeAt(pos) === 44 ? pos + 1 : pos;
    let ofAt = spaceFrom;
    while (isWhiteSpace(text.charCodeAt(ofAt))) ofAt++;
    const mayOf = ofAt > spaceFrom && text.charCodeAt(ofAt) === 111 && text.charCodeAt(ofAt + 1) === 102;
    if (text.charCodeAt(bracketAt) !== 40 && !mayOf) break;
    const rest = text.slice(pos, pos + 80);
    const bracket = /^\s*\(([\p{Lu}][\p{L}\p{N}&-]{1,11})\)/u.exec(rest);
    if (bracket && !acronym && TWO_CAPITALS.test(bracket[1]!)) {
      acronym = bracket[1]!;
      pos += bracket[0].length;
      continue;
    }
    const of = /^,?\s+of\s+(?:the\s+)?([\p{Lu}][\p{L}’']*(?:\s+(?:of\s+(?:the\s+)?)?[\p{Lu}][\p{L}]*){0,4})/u.exec(rest);
    if (of && !party) {
      const found = longestParty(compiled, of[1]!);
      if (found) {
        party = found.party;
        pos += of[0].length - (of[1]!.length - found.length);
        continue;
      }
    }
    break;
  }
  return { acronym, party, end: pos };
}

/** The longest leading run of words in `words` that names a party: "Republic of Poland and" → PL. */
function longestParty(compiled: CompiledVocabulary, words: string): { party: PartyCode; length: number } | null {
  const parts = words.split(/\s+/);
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join(' ');
    const party = compiled.partyByWord.get(candidate.toLowerCase());
    if (party) return { party, length: candidate.length };
  }
  return null;
}

/**
 * A country stated after the last of a list of bodies applies to all of them:
 * "Ministry of Industry, Ministry of Economic Development and Technology, and Ministry of Science
 * and Higher Education of the Republic of Poland" → all three PL.
 */
function distributeQualifiers(text: string, mentions: Mention[], compiled: CompiledVocabulary): void {
  for (let i = mentions.length - 2; i >= 0; i--) {
    const m = mentions[i]!;
    const next = mentions[i + 1]!;
    if (m.stated || !next.stated || m.acronymOnly) continue;
    if (m.entries.length && !m.entries.some((e) => e.party === next.stated) && !isGeneric(m.written, compiled)) continue;
    if (!mayJoinMentions(text, m.end, next.start)) continue;
    const gap = text.slice(m.end, next.start).replace(/\s*\([^)]{1,12}\)/, '');
    if (/^\s*,?\s*(?:and\s+)?(?:the\s+)?$/.test(gap)) m.stated = next.stated;
  }
}

/**
 * Whether the gap between two mentions is short enough to be ", and the" with one bracket "(PAIH)" in it: at most
 * 21 characters besides white space (",", "and", "the" and a bracket of up to 12). Mentions lie pages apart in most
 * documents: counting stops at the 22nd, where slicing and searching the whole gap cost more than the rest.
 */
function mayJoinMentions(text: string, from: number, to: number): boolean {
  let visible = 0;
  for (let i = from; i < to; i++) if (!isWhiteSpace(text.charCodeAt(i)) && ++visible > 21) return false;
  return true;
}

/** Acronym-only mentions ("between MAFF and DVFA") of bodies of the document's parties, read at `places` (see findWordStarts). */
function acronymMentions(text: string, compiled: CompiledVocabulary, parties: PartyCode[], introduced: Set<string | null>, places: number[]): Mention[] {
  const out: Mention[] = [];
  if (!compiled.acronyms) return out;
  const re = compiled.acronyms;
  let from = 0;
  for (const at of places) {
    if (at < from) continue;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) continue;
    from = at + m[0].length;
    // Short acronyms (ITA, MOD) are too ambiguous unless the text introduced them in brackets.
    if (m[0].length < 4 && !introduced.has(m[0])) continue;
    if (text[m.index - 1] === '(' && text[m.index + m[0].length] === ')') continue; // the bracket itself belongs to its name
    const entries = (compiled.byAcronym.get(m[0]) ?? []).filter(
      (e) => parties.includes(e.party) || parties.includes(compiled.parties.get(e.party)?.partOf ?? ''),
    );
    if (entries.length !== 1) continue;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      written: m[0],
      entries,
      acronym: null,
      stated: entries[0]!.party,
      labelled: null,
      acronymOnly: true,
    });
  }
  return out;
}

/** "ministries of foreign affairs and …", "Ministries of Defence of both countries" (sticky: see pluralMinistries). */
const PLURAL_MINISTRIES =
  /\b[Mm]inistries\s+(?:of|for)\s+((?:[A-Za-z][a-z]+)(?:\s+[A-Za-z][a-z]+){0,3}?)(?=\s+of\s+(?:the\s+)?(?:two|both)\b|\s+and\b|\s*[,;.:)]|\s+(?:by|in|on|to|with|coordinated|responsible)\b)/y;

/**
 * "Ministries of Foreign Affairs of the two countries", "ministries of foreign affairs and ministries
 * of defense": one body per party of the document.
 */
function pluralMinistries(text: string, compiled: CompiledVocabulary, parties: PartyCode[]): Mention[] {
  const out: Mention[] = [];
  const countries = parties.filter((p) => !compiled.parties.get(p)?.partOf);
  // The pattern runs only where "Ministries" or "ministries" stands (a global search would try it at every offset); after
  // a match the search goes on from its end, as a global search does.
  let capital = nextMinistries(text, 'Minist', 0);
  let small = nextMinistries(text, 'minist', 0);
  let from = 0;
  while (capital >= 0 || small >= 0) {
    const at = small < 0 || (capital >= 0 && capital < small) ? capital : small;
    if (at === capital) capital = nextMinistries(text, 'Minist', at + 1);
    else small = nextMinistries(text, 'minist', at + 1);
    if (at < from) continue;
    PLURAL_MINISTRIES.lastIndex = at;
    const m = PLURAL_MINISTRIES.exec(text);
    if (!m) continue;
    from = m.index + m[0].length;
    const field = m[1]!;
    if (compiled.partyByWord.has(field.toLowerCase())) continue;
    const name = `Ministry of ${titleCase(field.toLowerCase())}`;
    const entries = compiled.byName.get(nameKey(name)) ?? [];
    for (const party of countries) {
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        written: name,
        entries,
        acronym: null,
        stated: party,
        labelled: null,
        acronymOnly: false,
      });
    }
  }
  return out;
}

/**
 * Where `head` ("Minist" or "minist") next opens "…ministries" from `from`. V8 finds a pattern of up to six characters by
 * its first one several times faster than a longer one: the head is searched and "ries" compared.
 */
function nextMinistries(text: string, head: string, from: number): number {
  let at = text.indexOf(head, from);
  while (at >= 0 && !text.startsWith('ries', at + 6)) at = text.indexOf(head, at + 1);
  return at;
}

/** A colon after a party's name, before a capital: "Denmark: Ministry of …". */
const LABEL_COLON = /^:[ \t]*(?:The\s+)?\p{Lu}/u;
const LETTER_AT_END = /\p{L}$/u;

/**
 * Whether the last word of text[from, to) (trailing white space skipped, letters only) is a connector ("and", "of"):
 * as `CONNECTORS.has(/(\p{L}+)\s*$/u.exec(slice)[1].toLowerCase())`, read by char code. The connectors are ASCII, and no
 * other letter lower-cases to one of theirs: a word with any other letter is none.
 */
function endsWithConnector(text: string, from: number, to: number): boolean {
  let end = to;
  while (end > from && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > from && isAsciiLetter(text.charCodeAt(start - 1))) start--;
  if (start === end || (start > from && LETTER_AT_END.test(text.slice(Math.max(from, start - 2), start)))) return false;
  return CONNECTORS.has(text.slice(start, end).toLowerCase());
}

/**
 * Regions of partners lines: "Denmark: Ministry of Foreign Affairs, Ministry of Defense …" up to the
 * next party label, the end of the sentence, or a blank line that does not continue a broken name.
 */
function labelRegions(text: string, compiled: CompiledVocabulary): { start: number; end: number; party: PartyCode }[] {
  const starts: { start: number; party: PartyCode }[] = [];
  // Colons are rare: find "<word>: <Capital>" first, then ask whether the word is a party name.
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) {
    // A colon before a lower-case letter, a digit or a line break ("10:30", "https:", "as follows:") is no label.
    const next = text.charCodeAt(at + 1);
    if (next < 128 && next !== 32 && next !== 9 && !(next >= 65 && next <= 90)) continue;
    if (!LABEL_COLON.test(text.slice(at, at + 8))) continue;
    const wordEnd = text[at - 1] === ' ' ? at - 1 : at;
    const found = partyEndingAt(text, wordEnd, compiled);
    if (found) starts.push(found);
  }
  return starts.map((s, i) => {
    const limit = Math.min(starts[i + 1]?.start ?? text.length, s.start + 400);
    let end = limit;
    // "… Ministry of Foreign Affairs.\n" ends the line; "Infrastructure,\n\nTransport" does not.
    const stop = /\.[ \t]*(?:\n|$)|[^,\s][ \t]*\n[ \t]*\n(?=[ \t]*[\p{Lu}\p{N}])/gu;
    const region = text.slice(s.start, Math.min(text.length, limit + 8));
    const found = stop.exec(region);
    const m = found ? { index: s.start + found.index, 0: found[0] } : null;
    if (m && m.index < limit) {
      const continues = !m[0].startsWith('.') && endsWithConnector(text, Math.max(0, m.index - 20), m.index + 1);
      if (!continues) end = m.index + 1;
    }
    return { start: s.start, end, party: s.party };
  });
}

/** The party whose name ends at `end` ("… Faroe Islands" before a colon), trying the last one to four words. */
function partyEndingAt(text: string, end: number, compiled: CompiledVocabulary): { start: number; party: PartyCode } | null {
  let best: { start: number; party: PartyCode } | null = null;
  let start = end;
  for (let words = 0; words < 4; words++) {
    const word = previousWord(text, start, Math.max(0, start - 30));
    // The words of a name are joined by one space or tab at most.
    if (!word) break;
    const gap = start - (word.start + word.word.length);
    if (gap > 1 || (gap === 1 && text.charCodeAt(start - 1) !== 32 && text.charCodeAt(start - 1) !== 9)) break;
    start = word.start;
    // Words hold no white space and are joined by one space or tab: a tab is the only white space to fold.
    const words = text.slice(start, end);
    const party = compiled.partyByWord.get((words.includes('\t') ? words.replace(/\s+/g, ' ') : words).toLowerCase());
    if (party) best = { start, party };
  }
  return best;
}

/**
 * Bodies the gazetteer does not know, found by the shape of their names:
 * - "Ministry of Statehood and Foreign Affairs", "Federal Ministry for Digital and Transport"
 * - "<Party adjective or name> … <Head>": "Danish Maritime Authority", "Polish Academy of Sciences",
 *   "Japan Atomic Energy Agency", "Poland's National Centre for Research and Development"
 * - "National … <Head> …": "National Centre for Nuclear Research" (party from "of Poland" or context)
 * - "Embassy of <Country> in <Place>", "<Adjective> Embassy in <Place>"
 * Lead words are read at `leadPlaces` (see findWordStarts); `known` are the gazetteer's mentions.
 */
function discoverBodies(text: string, compiled: CompiledVocabulary, leadPlaces: number[], known: Mention[]): Mention[] {
  const out: Mention[] = [];
  // "Ministry of …", "Federal Ministry for …", "Minister of …", "Department of Trade and Industry"
  for (const m of ministryMatches(text)) {
    const end = walkMinistryName(text, compiled, m.index + m[0].length);
    if (end <= m.index + m[0].length) continue;
    // Most ministries are the gazetteer's, found already: a name that does not extend the known mentions it overlaps is
    // dropped (see findOrganizations) and need not be finished, unless an embassy's place may lengthen it.
    const overlapping = overlaps(known, m.index, end);
    if (!extendsAll(overlapping, m.index, end) && !text.slice(m.index, end).includes('Embassy')) continue;
    const mention = finishMention(text, compiled, m.index, end, []);
    if (mention) out.push(withEntries(mention, compiled));
  }
  // "Danish …Authority", "Poland's National Centre …", "National Centre for …", "Embassy of Poland", from the end of
  // the last lead or body on.
  const lead = compiled.bodyLeads;
  let from = 0;
  for (const at of leadPlaces) {
    if (at < from) continue;
    lead.lastIndex = at;
    const m = lead.exec(text);
    if (!m) continue;
    from = at + m[0].length;
    // "Japan Foundation's Japan Cultural Institute", "EU-Japan …"
    if (m.index >= 3 && isWhiteSpace(text.charCodeAt(m.index - 1)) && possessive(text.slice(m.index - 3, m.index - 1))) continue;
    const previous = text.charCodeAt(m.index - 1);
    if (previous === 45 || previous === 0x2010) continue;
    // Most party words ("Japan and Denmark will …") lead to no body: look for a head word before walking.
    if (!HEAD_NEARBY.test(text.slice(m.index + m[0].length, m.index + m[0].length + 140))) continue;
    const word = m[0].replace(/(?:['’]s)?\s+$/, '');
    const isPossessive = /['’]s\s+$/.test(m[0]);
    const body = walkBodyName(text, m.index + m[0].length, compiled);
    if (!body) continue;
    const start = isPossessive ? m.index + m[0].length : m.index;
    let stated: PartyCode | null = compiled.partyByWord.get(word.toLowerCase()) ?? null;
    if (word.startsWith('Embassy')) {
      const country = /^[\p{Lu}][\p{L}]+(?:\s+[\p{Lu}][\p{L}]+)?/u.exec(text.slice(m.index + m[0].length))?.[0] ?? '';
      stated = longestParty(compiled, country)?.party ?? null;
      if (!stated) continue;
    }
    // "ROK Ministry of Trade, Industry, and Energy": the ministry walker reads the whole field (party from "ROK").
    if (/\b(?:Ministry|Department)\s+(?:of|for)\b/.test(text.slice(start, body.end))) continue;
    const mention = finishMention(text, compiled, start, body.end, []);
    if (!mention) continue;
    // "Japanese Minister of Economy…" is an office holder; "Indian Institutes of Technology" are universities.
    if (/\bMinisters?\b/.test(mention.written) || NOT_BODY.test(mention.written)) continue;
    if (stated && !word.startsWith('National')) mention.stated ??= stated;
    out.push(withEntries(mention, compiled));
    from = Math.max(from, body.end);
  }
  return out;
}

/** "Ministry of …", "Federal Ministry for …", "Minister of …", "Department of Trade and Industry" (sticky: see ministryMatches). */
const MINISTRY = /\b(?:(?:Federal|Royal|State)\s+)?(?:Minist(?:ry|er)|Department)\s+(?:of|for)\s+(?:the\s+)?(?=[A-Z])/y;
/** The optional lead word of a MINISTRY match, ending where its white space before the head begins: "Federal". */
const MINISTRY_LEAD = /\b(?:Federal|Royal|State)$/;

/**
 * Every MINISTRY match, as a global search finds them. Each holds "Minist" or "Department", which indexOf finds many
 * times faster than a regular expression finds any of the five first words (the lead words "State", "Federal" are
 * common and mostly lead nowhere); a lead word is then looked for right before the head.
 */
function ministryMatches(text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let from = 0;
  let minist = text.indexOf('Minist');
  let department = nextDepartment(text, 0);
  while (minist >= 0 || department >= 0) {
    const head = department < 0 || (minist >= 0 && minist < department) ? minist : department;
    if (head === minist) minist = text.indexOf('Minist', head + 1);
    else department = nextDepartment(text, head + 1);
    if (head < from) continue; // inside the last match
    let space = head;
    while (space > from && isWhiteSpace(text.charCodeAt(space - 1))) space--;
    // One character more than the longest lead word, for its \b to see what stands before it.
    const lead = space < head ? MINISTRY_LEAD.exec(text.slice(Math.max(0, space - 8), space)) : null;
    const leadStart = lead ? space - lead[0].length : -1;
    // With its lead word the match starts earlier (a global search meets the lead first), else at the head.
    for (const start of leadStart >= from ? [leadStart, head] : [head]) {
      MINISTRY.lastIndex = start;
      const m = MINISTRY.exec(text);
      if (m) {
        out.push(m);
        from = m.index + m[0].length;
        break;
      }
    }
  }
  return out;
}

/**
 * Where "Department" next occurs from `from`. V8 finds a pattern of up to six characters by its first one (a rare
 * capital here) several times faster than a longer one, so "Depart" is searched and the rest compared.
 */
function nextDepartment(text: string, from: number): number {
  let at = text.indexOf('Depart', from);
  while (at >= 0 && !text.startsWith('ment', at + 6)) at = text.indexOf('Depart', at + 1);
  return at;
}

/**
 * A discovered name that the gazetteer knows after all takes its entries: another spelling, or the acronym
 * given with it ("U.S. Development Finance Corporation (DFC)" is the gazetteer's DFC).
 */
function withEntries(m: Mention, compiled: CompiledVocabulary): Mention {
  m.entries = compiled.byName.get(nameKey(m.written)) ?? (m.acronym ? compiled.byAcronym.get(m.acronym) : undefined) ?? [];
  return m;
}

/**
 * Walks the words of a ministry's field after "Ministry of ": capitalised words joined by commas and
 * "and", stopping at another body, a country qualifier, a second "of", a table label or a lower-case word.
 * Example: "Land, Infrastructure,\n\nTransport and Tourism (Maritime Bureau)" → end after "Tourism".
 */
function walkMinistryName(text: string, compiled: CompiledVocabulary, at: number): number {
  let pos = at;
  let lastWordEnd = at;
  /** Where the name ended before the last comma: "…Telecommunications|, the Scientific Advisor". */
  let beforeComma = at;
  let words = 0;
  for (;;) {
    const t = readToken(text, pos);
    if (!t) break;
    const lower = t.word.toLowerCase();
    if (isCapitalizedWord(t.word)) {
      // A lone capital after a tab is a stray table fragment ("Industry\tT"), not a name word.
      if (t.word.length < 2 || lower === 'ministry' || lower === 'minister' || lower === 'department' || compiled.labelWords.has(lower)) break;
      // "Department of Telecommunications, the Scientific Advisor to…": a person's title ends the name before its comma;
      // so does "HE" (His or Her Excellency) before a name: "Minister for Law and Human Rights HE Yasonna H. Laoly".
      if (OFFICE_TITLES.has(lower) || t.word === 'HE') {
        if (beforeComma > at) lastWordEnd = beforeComma;
        break;
      }
      if (words > 0 && compiled.partyByWord.has(lower)) {
        const joiner = prevWord(text, t.start);
        if (joiner !== 'and' && joiner !== ',') break;
      }
      // "Ministry of Science and ICT and NSF": another body's acronym after "and" ends the name.
      if (words > 0 && compiled.byAcronym.has(t.word) && prevWord(text, t.start) === 'and') {
        pos = lastWordEnd;
        break;
      }
      if (text[t.end] === ':' ) break;
      // "… and Industry\n\nJuly 24, 2013": a date after the name is none of it.
      if (isMonthName(lower) && /^\s*\d/.test(text.slice(t.end, t.end + 4))) break;
      const glued = t.word.includes('-') ? GLUED_PARTICIPLE.exec(t.word) : null;
      if (glued) {
        lastWordEnd = t.start + glued[1]!.length;
        break;
      }
      words++;
      pos = lastWordEnd = t.end;
      if (possessive(t.word)) break;
      if (words >= 12) break;
      continue;
    }
    if (words === 0) break;
    // "…Welfare and the Korea Health Industry Development Institute": "and the" opens another body.
    if (lower === 'the' && prevWord(text, t.start) === 'and') break;
    if (lower === ',') beforeComma = lastWordEnd;
    if (lower === ',' || lower === 'and' || lower === '&' || lower === 'the') {
      pos = t.end;
      continue;
    }
    break;
  }
  return lastWordEnd;
}

/**
 * The word just before `at` ("and", ","), lower case: the last run of non-space characters within the 12 characters
 * before `at`, read by char code.
 */
function prevWord(text: string, at: number): string {
  const limit = Math.max(0, at - 12);
  let end = at;
  while (end > limit && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > limit && !isWhiteSpace(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end).toLowerCase();
}

/**
 * Walks a body name after its lead word up to its last head word, keeping an "of/for …" tail
 * ("Academy of Sciences", "Agency for Academic Exchange") and an embassy's place ("Embassy in Tokyo").
 * Example: "Air Force Flight Education Course" → ends after "Force".
 */
function walkBodyName(text: string, at: number, compiled: CompiledVocabulary): { end: number } | null {
  let pos = at;
  let headEnd = -1;
  let words = 0;
  let inTail = false;
  for (;;) {
    const t = readToken(text, pos);
    if (!t) break;
    const lower = withoutPossessive(t.word.toLowerCase());
    if (isCapitalizedWord(t.word)) {
      if (compiled.labelWords.has(lower) || text[t.end] === ':') break;
      const glued = t.word.includes('-') ? GLUED_PARTICIPLE.exec(t.word) : null;
      if (glued) {
        if (BODY_HEADS.has(glued[1]!.toLowerCase()) || inTail) headEnd = t.start + glued[1]!.length;
        break;
      }
      words++;
      // "Directorate General of Civil Aviation", "Inspectorate General for …": "General" right after a head is part of it.
      const afterHead = headEnd === pos && lower === 'general';
      pos = t.end;
      if (BODY_HEADS.has(lower) || afterHead) {
        headEnd = t.end - (possessive(t.word) ? 2 : 0);
        inTail = false;
      } else if (inTail) headEnd = t.end;
      if (possessive(t.word) || words >= 10) break;
      continue;
    }
    if ((lower === 'and' || lower === '&') && (!inTail || continuesTail(text, t.end, compiled))) {
      pos = t.end;
      continue;
    }
    if ((lower === 'of' || lower === 'for') && headEnd === pos && !inTail) {
      inTail = true;
      pos = t.end;
      continue;
    }
    if (lower === 'in' && headEnd === pos && /Embassy$/.test(text.slice(at - 20, headEnd))) {
      inTail = true;
      pos = t.end;
      continue;
    }
    break;
  }
  return headEnd > 0 ? { end: headEnd } : null;
}

/**
 * Whether "and" inside a name's "of/for …" tail joins another word of the same name ("Institute of Standards and
 * Technology", "Agency for Technology and Standards"), not a second body or country ("… and the Korea…", "… and Japan").
 */
function continuesTail(text: string, at: number, compiled: CompiledVocabulary): boolean {
  const next = readToken(text, at);
  if (!next || !isCapitalizedWord(next.word)) return false;
  const lower = withoutPossessive(next.word.toLowerCase());
  return !compiled.partyByWord.has(lower) && !compiled.byAcronym.has(next.word) && !BODY_HEADS.has(lower) && lower !== 'national';
}

/**
 * Repairs names cut or garbled by PDF text. A discovered name that is the beginning of a longer body of
 * the same party ("Ministry of Health, Labour" of "Ministry of Health, Labour and Welfare"), or differs
 * from one by a typo ("Danish Maritima Authority"), is merged into it; one that begins a gazetteer
 * name ("Ministry for Digital Government and Gende") becomes that body.
 */
function mergeTruncated(orgs: Map<string, Organization & { fromGazetteer: boolean }>, vocab: Vocabulary): void {
  const list = [...orgs.values()];
  // Keyed once: every pair is compared, and the names of these bodies do not change below.
  const keys = new Map(list.map((o) => [o, nameKey(o.name)]));
  for (const short of list) {
    if (short.fromGazetteer || !orgs.has(short.id)) continue;
    const key = keys.get(short)!;
    if (key.length < 12) continue;
    const full = list.find((o) => {
      if (o === short || o.party !== short.party || !orgs.has(o.id)) return false;
      const other = keys.get(o)!;
      return (other.startsWith(key) && other !== key) || (Math.abs(other.length - key.length) <= 2 && withinEditDistance(other, key, 2));
    });
    if (full) {
      full.mentions.push(...short.mentions);
      full.acronym ??= short.acronym;
      orgs.delete(short.id);
      continue;
    }
    const entry = short.party ? compileVocabulary(vocab).keyedByParty.get(short.party)?.find((e) => e.key.startsWith(key))?.entry : undefined;
    if (!entry) continue;
    const id = `${entry.party}:${entry.id}`;
    const existing = orgs.get(id);
    orgs.delete(short.id);
    if (existing) existing.mentions.push(...short.mentions);
    else orgs.set(id, { ...short, id, name: entry.name, fromGazetteer: true });
  }
}

/**
 * Whether the Levenshtein distance of two names of a few dozen characters is at most `limit`. A row's least value
 * never falls in the rows below it, so the walk stops at the first row above the limit (most pairs differ early).
 */
function withinEditDistance(a: string, b: string, limit: number): boolean {
  // Two rows reused, compared by char code: every pair of discovered names of a party comes here.
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let least = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (code === b.charCodeAt(j - 1) ? 0 : 1));
      current[j] = value;
      if (value < least) least = value;
    }
    if (least > limit) return false;
    [previous, current] = [current, previous];
  }
  return previous[b.length]! <= limit;
}
