// Assigns taxonomy themes (vocab/themes.json) to a commitment: one per theme, with the cue that decided it.
// Runs on every commitment, so the cues are compiled once per theme list into a word-indexed table.
import type { ThemeAssignment } from '../types.js';
import type { Theme } from '../vocab/index.js';
import { hasJapanese } from '../text.js';

interface PhraseCue {
  /** The cue's words after the first, e.g. `["wind"]` for `offshore wind`. */
  rest: string[];
  cue: string;
  themes: string[];
}

interface CompiledThemes {
  /** Latin-script cues by the low bits (HASH_BITS) of the hash (see wordHash) of their first word, longest phrase first. */
  byFirstWord: Map<number, FirstWord[]>;
  /**
   * One bit for each value of those low bits, set where a first word has it: most words of a text find theirs clear
   * and are never looked up. A small bit set stays in the processor's cache between commitments; a table of slots
   * as large was slower in the pipeline than alone.
   */
  firstBits: Int32Array;
  /** Cues in scripts written without spaces (水素, 防災): matched as substrings. */
  unspaced: { cue: string; themes: string[] }[];
  order: Map<string, number>;
}

/** A first word of Latin cues with the phrases it starts: words of one hash may differ (compared in the text). */
interface FirstWord {
  word: string;
  phrases: PhraseCue[];
}

// A word of the text or of a cue: letters and digits, e.g. `hydrogen`, `5g`; hyphens and `&` split words,
// so the cue `self-defense forces` matches "Self-Defense Forces" and `r&d` matches "R&D".
const WORD = /[\p{L}\p{N}]+/gu;

// One letter or digit beyond ASCII, e.g. `é`, `水`, `٣`.
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

const compiled = new WeakMap<Theme[], CompiledThemes>();

// A word's hash: of its char codes, computed while the text is read, so that no word is sliced to be looked up.
const HASH_BITS = 0x7fff;
function wordHash(text: string, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

// Where the words of the text being read start and end, and their hashes: reused from one call to the next
// (assignThemes runs on every commitment and never re-enters), grown when a text has more words.
let wordStarts = new Int32Array(256);
let wordEnds = new Int32Array(256);
let wordHashes = new Int32Array(256);
/**
 * Whether the text read last has a character at or above U+2E80, where Han, Hiragana and Katakana start (astral Han
 * is written with surrogates, above too; lower-casing leaves them as they are): most commitments have none, and the
 * costlier Unicode-script test is skipped.
 */
let mayBeUnspaced = false;

/**
 * Reads the words of `text` as WORD finds them into wordStarts, wordEnds and wordHashes; returns how many. A char-code
 * scan: most commitments are ASCII (with a few curly quotes or dashes), where running WORD cost more than the look-ups.
 */
function readWords(text: string): number {
  mayBeUnspaced = false;
  let count = 0;
  let start = -1;
  let hash = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    let width = 1;
    let alnum: boolean;
    if (c < 128) alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    else {
      if (c >= 0x2e80) mayBeUnspaced = true;
      const point = text.codePointAt(i)!;
      width = point > 0xffff ? 2 : 1;
      alnum = WORD_CHAR.test(String.fromCodePoint(point));
    }
    if (alnum) {
      if (start < 0) {
        start = i;
        hash = 0;
      }
      hash = (Math.imul(hash, 31) + c) | 0;
      if (width === 2) hash = (Math.imul(hash, 31) + text.charCodeAt(i + 1)) | 0;
    } else if (start >= 0) {
      count = addWord(count, start, i, hash);
      start = -1;
    }
    i += width;
  }
  return start >= 0 ? addWord(count, start, text.length, hash) : count;
}

function addWord(count: number, start: number, end: number, hash: number): number {
  if (count === wordStarts.length) growWords();
  wordStarts[count] = start;
  wordEnds[count] = end;
  wordHashes[count] = hash;
  return count + 1;
}

function growWords(): void {
  const grow = (from: Int32Array) => {
    const to = new Int32Array(from.length * 2);
    to.set(from);
    return to;
  };
  wordStarts = grow(wordStarts);
  wordEnds = grow(wordEnds);
  wordHashes = grow(wordHashes);
}

function compile(themes: Theme[]): CompiledThemes {
  const byFirstWord = new Map<string, PhraseCue[]>();
  const unspaced = new Map<string, string[]>();
  const phrases = new Map<string, PhraseCue>();
  for (const theme of themes) {
    for (const raw of theme.cues) {
      const cue = raw.toLowerCase();
      if (hasJapanese(cue)) {
        const list = unspaced.get(cue) ?? [];
        list.push(theme.id);
        unspaced.set(cue, list);
        continue;
      }
      const words = cue.match(WORD) ?? [];
      const [first, ...rest] = words;
      if (!first) continue;
      const key = words.join(' ');
      const existing = phrases.get(key);
      if (existing) {
        existing.themes.push(theme.id);
        continue;
      }
      const phrase: PhraseCue = { rest, cue, themes: [theme.id] };
      phrases.set(key, phrase);
      const list = byFirstWord.get(first) ?? [];
      list.push(phrase);
      byFirstWord.set(first, list);
    }
  }
  const bySlot = new Map<number, FirstWord[]>();
  const firstBits = new Int32Array((HASH_BITS + 1) / 32);
  for (const [word, list] of byFirstWord) {
    list.sort((x, y) => y.rest.length - x.rest.length);
    const slot = wordHash(word, 0, word.length) & HASH_BITS;
    const same = bySlot.get(slot) ?? [];
    same.push({ word, phrases: list });
    bySlot.set(slot, same);
    firstBits[slot >> 5]! |= 1 << (slot & 31);
  }
  return {
    byFirstWord: bySlot,
    firstBits,
    unspaced: [...unspaced].map(([cue, ids]) => ({ cue, themes: ids })),
    order: new Map(themes.map((t, i) => [t.id, i])),
  };
}

/**
 * The themes of `text`, one assignment per theme with the first cue (in reading order) that matched,
 * ordered as the text first touches them. Latin cues match whole words only (`ai` never matches "said");
 * Japanese cues match anywhere.
 *
 *     assignThemes('Promote offshore wind and hydrogen', themes)
 *     // → [{theme: 'energy', cue: 'offshore wind'}]
 */
export function assignThemes(text: string, themes: Theme[]): ThemeAssignment[] {
  let table = compiled.get(themes);
  if (!table) {
    table = compile(themes);
    compiled.set(themes, table);
  }
  const found: Found[] = [];
  const lower = text.toLowerCase();
  const count = readWords(lower);
  for (let i = 0; i < count; i++) {
    const slot = wordHashes[i]! & HASH_BITS;
    if ((table.firstBits[slot >> 5]! & (1 << (slot & 31))) === 0) continue;
    const firstWords = table.byFirstWord.get(slot)!;
    const start = wordStarts[i]!;
    const length = wordEnds[i]! - start;
    for (const { word, phrases } of firstWords) {
      if (length !== word.length || !lower.startsWith(word, start)) continue;
      for (const phrase of phrases) {
        if (restFollows(lower, phrase.rest, i + 1, count)) {
          record(found, phrase.themes, phrase.cue, start);
          break;
        }
      }
    }
  }
  if (table.unspaced.length && mayBeUnspaced && hasJapanese(text)) {
    for (const { cue, themes: ids } of table.unspaced) {
      const at = lower.indexOf(cue);
      if (at >= 0) record(found, ids, cue, at);
    }
  }
  if (found.length === 0) return [];
  const order = table.order;
  return found
    .sort((a, b) => a.at - b.at || order.get(a.theme)! - order.get(b.theme)!)
    .map(({ theme, cue }) => ({ theme, cue }));
}

/** A theme found in a text, with its first cue (in reading order) and where that cue is. */
interface Found {
  theme: string;
  cue: string;
  at: number;
}

/** Records the themes of a cue found at `at`, keeping for each theme the cue found first in the text. */
function record(found: Found[], themes: string[], cue: string, at: number): void {
  for (const theme of themes) {
    let seen: Found | undefined;
    for (const f of found) if (f.theme === theme) seen = f;
    if (!seen) found.push({ theme, cue, at });
    else if (at < seen.at) {
      seen.cue = cue;
      seen.at = at;
    }
  }
}

/** Whether the words read from `first` on are `rest`, compared in place (most words are never sliced out of the text). */
function restFollows(lower: string, rest: string[], first: number, count: number): boolean {
  for (let k = 0; k < rest.length; k++) {
    const j = first + k;
    const w = rest[k]!;
    if (j >= count || wordEnds[j]! - wordStarts[j]! !== w.length || !lower.startsWith(w, wordStarts[j]!)) return false;
  }
  return true;
}
