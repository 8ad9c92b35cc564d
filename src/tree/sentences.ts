// Sentence boundaries inside a span of normalized text, aware of abbreviations and of flattened table cells.
import type { Span } from '../types.js';
import type { Cues } from '../vocab/index.js';
import { isWhiteSpace } from './lines.js';

export interface SentenceOptions {
  /**
   * Also split where a capitalized action verb follows a lower-case word with no punctuation between,
   * as PDF table extraction runs cells together: "Conduct seminars and workshops Conduct site visits".
   */
  splitRunOns: boolean;
}

interface CompiledCues {
  abbreviations: Set<string>;
  actionVerbs: Set<string>;
}

const compiledByCues = new WeakMap<Cues, CompiledCues>();

function compile(cues: Cues): CompiledCues {
  let compiled = compiledByCues.get(cues);
  if (!compiled) {
    compiled = {
      abbreviations: new Set(cues.abbreviations),
      actionVerbs: new Set(cues.actionVerbs),
    };
    compiledByCues.set(cues, compiled);
  }
  return compiled;
}

// A terminal mark, closing quotes/brackets/emphasis, white space, then what may open a sentence:
// "…workshops. Conduct", "…Japan.\t Follow-up", "…(IMO).” The", "…future.** We", "…technologies. ** We", "…である。次に".
const BOUNDARY = /([.!?]["'”’)\]*_]*)(\s+(?:[*_]{1,3}\s+)?)(?=(?:\*{1,3}|_{1,2})?["'“‘(\[]?[\p{Lu}\p{N}])|(。)/gu;
// A capitalized word after a lower-case word and one space: candidate run-on start ("workshops Conduct site").
// The space comes first so the engine can skip to spaces; the lookbehind then checks the character before it.
const RUN_ON = / (?<=[\p{Ll}\d),;] )(?=(\p{Lu}[\p{Ll}-]+) [\p{Ll}(])/gu;

/**
 * Splits `text.slice(span.start, span.end)` into sentence spans with surrounding white space trimmed.
 * Example: "Share views. Explore ways, e.g. seminars." → ["Share views.", "Explore ways, e.g. seminars."]
 */
export function splitSentences(text: string, span: Span, cues: Cues, options: SentenceOptions): Span[] {
  const { abbreviations, actionVerbs } = compile(cues);
  const slice = text.slice(span.start, span.end);
  const cuts: number[] = [];
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(slice); m; m = BOUNDARY.exec(slice)) {
    if (m[3]) {
      cuts.push(m.index + 1);
      continue;
    }
    const mark = m[1] ?? '';
    const after = m.index + mark.length + (m[2]?.length ?? 0);
    if (mark.startsWith('.') && endsWithAbbreviation(slice, m.index, abbreviations)) {
      // "etc. Explore possibilities…" still starts a new sentence when an action verb follows.
      const next = /^[\p{L}-]+/u.exec(slice.slice(after))?.[0]?.toLowerCase() ?? '';
      if (!actionVerbs.has(next)) continue;
    }
    cuts.push(after);
  }
  if (options.splitRunOns) {
    RUN_ON.lastIndex = 0;
    for (let m = RUN_ON.exec(slice); m; m = RUN_ON.exec(slice)) {
      const word = (m[1] ?? '').toLowerCase();
      if (actionVerbs.has(word) && !isInsideParentheses(slice, m.index)) cuts.push(m.index + 1);
    }
    cuts.sort((a, b) => a - b);
  }
  const spans: Span[] = [];
  let from = 0;
  for (let k = 0; k <= cuts.length; k++) {
    const cut = k < cuts.length ? cuts[k]! : slice.length;
    const trimmed = trim(slice, from, cut);
    if (trimmed) spans.push({ start: span.start + trimmed.start, end: span.start + trimmed.end });
    from = cut;
  }
  return spans;
}

function endsWithAbbreviation(slice: string, dotIndex: number, abbreviations: Set<string>): boolean {
  let i = dotIndex;
  while (i > 0 && /[\p{L}.]/u.test(slice[i - 1] ?? '')) i--;
  const word = slice.slice(i, dotIndex).toLowerCase();
  // Single capital letters are initials ("J. Smith"), except a sentence ending in a one-letter word is rare enough.
  return abbreviations.has(word) || /^\p{L}$/u.test(word);
}

function isInsideParentheses(slice: string, index: number): boolean {
  const open = slice.lastIndexOf('(', index);
  return open >= 0 && slice.lastIndexOf(')', index) < open;
}

/** The span of `slice[from, to)` without leading/trailing white space, or null when nothing is left. */
export function trim(slice: string, from: number, to: number): Span | null {
  let start = from;
  let end = to;
  while (start < end && isWhiteSpace(slice.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(slice.charCodeAt(end - 1))) end--;
  return start < end ? { start, end } : null;
}
