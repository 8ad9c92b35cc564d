// Assigns taxonomy themes (vocab/themes.json) to a commitment: one per theme, with the cue that decided it.
// Runs on every commitment, so the cues are compiled once per theme list into a word-indexed table.
import type { ThemeAssignment } from '../types.js';
import type { Theme } from '../vocab/index.js';
import { hasJapanese } from '../text.js';
import type { TextWords } from './words.js';

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

/** A text's words as the table is read with: their starts, ends and hashes (wordHash of the lower-cased text). */
interface Runs {
  runCount: number;
  runStarts: ArrayLike<number>;
  runEnds: ArrayLike<number>;
  runHashes: ArrayLike<number>;
  mayBeUnspaced: boolean;
}

/**
 * Reads the words of the lower-cased `lower` as WORD finds them, for a text whose shared reading does not hold them
 * all (a letter or digit beyond ASCII: "é", "水"). `mayBeUnspaced`: whether it has a character at or above U+2E80,
 * where Han, Hiragana and Katakana start (astral Han is written with surrogates, above too).
 */
function readUnicodeWords(lower: string): Runs {
  const starts: number[] = [];
  const ends: number[] = [];
  const hashes: number[] = [];
  let mayBeUnspaced = false;
  let start = -1;
  let hash = 0;
  for (let i = 0; i < lower.length; ) {
    const c = lower.charCodeAt(i);
    let width = 1;
    let alnum: boolean;
    if (c < 128) alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    else {
      if (c >= 0x2e80) mayBeUnspaced = true;
      const point = lower.codePointAt(i)!;
      width = point > 0xffff ? 2 : 1;
      alnum = WORD_CHAR.test(String.fromCodePoint(point));
    }
    if (alnum) {
      if (start < 0) {
        start = i;
        hash = 0;
      }
      hash = (Math.imul(hash, 31) + c) | 0;
      if (width === 2) hash = (Math.imul(hash, 31) + lower.charCodeAt(i + 1)) | 0;
    } else if (start >= 0) {
      starts.push(start);
      ends.push(i);
      hashes.push(hash);
      start = -1;
    }
    i += width;
  }
  if (start >= 0) {
    starts.push(start);
    ends.push(lower.length);
    hashes.push(hash);
  }
  return { runCount: starts.length, runStarts: starts, runEnds: ends, runHashes: hashes, mayBeUnspaced };
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
export function assignThemes(text: string, themes: Theme[], textWords?: TextWords): ThemeAssignment[] {
  let table = compiled.get(themes);
  if (!table) {
    table = compile(themes);
    compiled.set(themes, table);
  }
  const found: Found[] = [];
  // The shared reading's runs are the words when it met no letter or digit beyond ASCII; they are read from the text
  // as written, compared by their lower-cased characters. Else the words are read from the lower-cased copy.
  const shared = textWords && !textWords.foldsOddly && !textWords.otherAlnum ? textWords : null;
  let lower = shared ? null : text.toLowerCase();
  const runs = shared ?? readUnicodeWords(lower!);
  const source = lower ?? text;
  const { runCount: count, runStarts: starts, runEnds: ends, runHashes: hashes } = runs;
  for (let i = 0; i < count; i++) {
    const slot = hashes[i]! & HASH_BITS;
    if ((table.firstBits[slot >> 5]! & (1 << (slot & 31))) === 0) continue;
    const firstWords = table.byFirstWord.get(slot)!;
    const start = starts[i]!;
    const length = ends[i]! - start;
    for (const { word, phrases } of firstWords) {
      if (length !== word.length || !isWordAt(source, start, word, shared !== null)) continue;
      for (const phrase of phrases) {
        if (restFollows(source, runs, phrase.rest, i + 1, shared !== null)) {
          record(found, phrase.themes, phrase.cue, start);
          break;
        }
      }
    }
  }
  if (table.unspaced.length && runs.mayBeUnspaced && hasJapanese(text)) {
    lower ??= text.toLowerCase();
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
function restFollows(source: string, runs: Runs, rest: string[], first: number, folded: boolean): boolean {
  for (let k = 0; k < rest.length; k++) {
    const j = first + k;
    const w = rest[k]!;
    if (j >= runs.runCount || runs.runEnds[j]! - runs.runStarts[j]! !== w.length || !isWordAt(source, runs.runStarts[j]!, w, folded)) return false;
  }
  return true;
}

/**
 * Whether the word `w` (lower case) is written at `start` of `source`: as it is in a lower-cased copy, or `folded`,
 * in a run of ASCII letters and digits of the text as written (a capital is its small letter `| 32`).
 */
function isWordAt(source: string, start: number, w: string, folded: boolean): boolean {
  if (!folded) return source.startsWith(w, start);
  for (let k = 0; k < w.length; k++) if ((source.charCodeAt(start + k) | 32) !== w.charCodeAt(k)) return false;
  return true;
}
