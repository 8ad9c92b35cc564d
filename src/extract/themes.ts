// Assigns taxonomy themes (vocab/themes.json) to a commitment: one per theme, with the cue that decided it.
// Runs on every commitment, so the cues are compiled once per theme list into a word-indexed table.
import type { ThemeAssignment } from '../types.js';
import type { Theme } from '../vocab/index.js';

interface PhraseCue {
  /** The cue's words after the first, e.g. `["wind"]` for `offshore wind`. */
  rest: string[];
  cue: string;
  themes: string[];
}

interface CompiledThemes {
  /** Latin-script cues indexed by their first word, longest phrase first. */
  byFirstWord: Map<string, PhraseCue[]>;
  /** Cues in scripts written without spaces (水素, 防災): matched as substrings. */
  unspaced: { cue: string; themes: string[] }[];
  order: Map<string, number>;
}

// A word of the text or of a cue: letters and digits, e.g. `hydrogen`, `5g`; hyphens and `&` split words,
// so the cue `self-defense forces` matches "Self-Defense Forces" and `r&d` matches "R&D".
const WORD = /[\p{L}\p{N}]+/gu;
// Scripts written without spaces between words, e.g. `水素`, `エネルギー`, `防災`.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const compiled = new WeakMap<Theme[], CompiledThemes>();

function compile(themes: Theme[]): CompiledThemes {
  const byFirstWord = new Map<string, PhraseCue[]>();
  const unspaced = new Map<string, string[]>();
  const phrases = new Map<string, PhraseCue>();
  for (const theme of themes) {
    for (const raw of theme.cues) {
      const cue = raw.toLowerCase();
      if (UNSPACED.test(cue)) {
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
  return {
    byFirstWord,
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
  const words: { word: string; at: number }[] = [];
  for (const match of lower.matchAll(WORD)) words.push({ word: match[0], at: match.index });
  for (let i = 0; i < words.length; i++) {
    const candidates = table.byFirstWord.get(words[i]!.word);
    if (!candidates) continue;
    for (const phrase of candidates) {
      if (phrase.rest.every((w, k) => words[i + 1 + k]?.word === w)) {
        record(phrase.themes, phrase.cue, words[i]!.at);
        break;
      }
    }
  }
  if (table.unspaced.length && UNSPACED.test(text)) {
    for (const { cue, themes: ids } of table.unspaced) {
      const at = lower.indexOf(cue);
      if (at >= 0) record(ids, cue, at);
    }
  }
  return [...found]
    .sort((a, b) => a[1].at - b[1].at || table.order.get(a[0])! - table.order.get(b[0])!)
    .map(([theme, { cue }]) => ({ theme, cue }));
}
