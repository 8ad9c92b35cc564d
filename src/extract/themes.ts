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
  /** Latin-script cues indexed by their first word, longest phrase first. */
  byFirstWord: Map<string, PhraseCue[]>;
  /** The shapes (see shapeOf) of the first words: a word of another shape is no key, and is never sliced or looked up. */
  firstShapes: Uint8Array;
  /** Cues in scripts written without spaces (水素, 防災): matched as substrings. */
  unspaced: { cue: string; themes: string[] }[];
  order: Map<string, number>;
}

// A word of the text or of a cue: letters and digits, e.g. `hydrogen`, `5g`; hyphens and `&` split words,
// so the cue `self-defense forces` matches "Self-Defense Forces" and `r&d` matches "R&D".
const WORD = /[\p{L}\p{N}]+/gu;

// One letter or digit beyond ASCII, e.g. `é`, `水`, `٣`.
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

const compiled = new WeakMap<Theme[], CompiledThemes>();

/**
 * Whether `text` has a character at or above U+2E80, where Han, Hiragana and Katakana start (astral Han is
 * written with surrogates, above too). A char-code scan rules out most commitments before the costlier
 * Unicode-script pattern runs.
 */
function mayBeUnspaced(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x2e80) return true;
  return false;
}

// A word's shape: its length (63 for any longer) and the classes of its first and last characters (a–z, 0–9, other).
const SHAPES = 64 * 37 * 37;
const charClass = (c: number) => (c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? c - 22 : 36);
function shapeOf(text: string, start: number, end: number): number {
  return (Math.min(end - start, 63) * 37 + charClass(text.charCodeAt(start))) * 37 + charClass(text.charCodeAt(end - 1));
}

/**
 * Where the words of `text` start and end, as WORD finds them. A char-code scan: most commitments are
 * ASCII (with a few curly quotes or dashes), where running WORD with matchAll cost more than the look-ups.
 */
function wordsOf(text: string, starts: number[], ends: number[]): void {
  let start = -1;
  for (let i = 0; i <= text.length; ) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    let width = 1;
    let alnum: boolean;
    if (c < 128) alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    else {
      const point = text.codePointAt(i)!;
      width = point > 0xffff ? 2 : 1;
      alnum = WORD_CHAR.test(String.fromCodePoint(point));
    }
    if (alnum && start < 0) start = i;
    else if (!alnum && start >= 0) {
      starts.push(start);
      ends.push(i);
      start = -1;
    }
    i += width;
  }
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
  for (const list of byFirstWord.values()) list.sort((a, b) => b.rest.length - a.rest.length);
  const firstShapes = new Uint8Array(SHAPES);
  for (const first of byFirstWord.keys()) firstShapes[shapeOf(first, 0, first.length)] = 1;
  return {
    byFirstWord,
    firstShapes,
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
  const found = new Map<string, { cue: string; at: number }>();
  const record = (ids: string[], cue: string, at: number) => {
    for (const id of ids) {
      const seen = found.get(id);
      if (!seen || at < seen.at) found.set(id, { cue, at });
    }
  };

  const lower = text.toLowerCase();
  const starts: number[] = [];
  const ends: number[] = [];
  wordsOf(lower, starts, ends);
  // The word at `j` is `w`, compared in place: most words are never sliced out of the text.
  const wordIs = (j: number, w: string) => j < starts.length && ends[j]! - starts[j]! === w.length && lower.startsWith(w, starts[j]!);
  for (let i = 0; i < starts.length; i++) {
    if (!table.firstShapes[shapeOf(lower, starts[i]!, ends[i]!)]) continue;
    const candidates = table.byFirstWord.get(lower.slice(starts[i]!, ends[i]!));
    if (!candidates) continue;
    for (const phrase of candidates) {
      if (phrase.rest.every((w, k) => wordIs(i + 1 + k, w))) {
        record(phrase.themes, phrase.cue, starts[i]!);
        break;
      }
    }
  }
  if (table.unspaced.length && mayBeUnspaced(text) && hasJapanese(text)) {
    for (const { cue, themes: ids } of table.unspaced) {
      const at = lower.indexOf(cue);
      if (at >= 0) record(ids, cue, at);
    }
  }
  return [...found]
    .sort((a, b) => a[1].at - b[1].at || table.order.get(a[0])! - table.order.get(b[0])!)
    .map(([theme, { cue }]) => ({ theme, cue }));
}
