// Finding a vocabulary's phrases in short texts quickly. A pattern such as `(?<![\p{L}-])(?:will|shall|aim to|…)` or
// `\b(?:regular|annual|…)\b`, with the i/u flags, is tried by V8 at every offset of the text, and the strength and
// clause judges run several of them on every commitment. Here the words that can begin each phrase are read off the
// patterns once; one pass of a single plain pattern of those words finds where a phrase of any finder may begin, and
// each phrase's own pattern is tried only there (sticky), so it finds exactly what it finds by itself.

/**
 * Where the phrases of a text may begin: the runs of ASCII letters (not preceded by a letter) that are the first word
 * of some finder's phrase, with the finders they concern.
 */
export interface PhraseWords {
  text: string;
  starts: number[];
  masks: number[];
  index: PhraseIndex;
  /** Lazily: whether the text has "ſ" or "K" (Kelvin sign), which a pattern with the i and u flags reads as "s", "k". */
  foldsToAscii?: boolean;
  /** Lazily: whether a letter follows a digit or "_" in the text ("2will"), where `\b` sees no word start. */
  letterAfterDigit?: boolean;
}

/** The finders of one vocabulary, sharing one pass over each text. */
export class PhraseIndex {
  /** First words (lower case) → one bit per finder whose phrases can begin with them. */
  private readonly masks = new Map<string, number>();
  private finders = 0;
  /** The first words of all finders, built at the first scan. */
  private starts: RegExp | null = null;

  /**
   * A finder of `prefix(?:alternatives…)suffix`. The prefix must reject a letter before the phrase (`\b`,
   * `(?<![\p{L}-])`) and the suffix a letter after it (`\b`, `\s+`, `(?![\p{L}-])`): a phrase's first word is then
   * a whole run of letters of the text.
   */
  finder(alternatives: string[], prefix: string, suffix: string, flags: string): PhraseFinder {
    if (this.starts) throw new Error('PhraseIndex: a finder added after the first scan');
    const bit = 1 << this.finders++;
    if (this.finders > 31) throw new Error('PhraseIndex: at most 31 finders');
    const words = firstWords(alternatives);
    for (const word of words ?? []) this.masks.set(word, (this.masks.get(word) ?? 0) | bit);
    return new PhraseFinder(`${prefix}(?:${alternatives.join('|')})${suffix}`, flags, words ? bit : 0, !prefix.startsWith('\\b'));
  }

  /** One pass over `text`: where a phrase of some finder may begin. */
  scan(text: string): PhraseWords {
    const found: PhraseWords = { text, starts: [], masks: [], index: this };
    if (!this.masks.size) return found;
    // Longest first, though the lookahead already makes a word match a whole run of letters only.
    this.starts ??= new RegExp(`\\b(?:${[...this.masks.keys()].sort((a, b) => b.length - a.length).join('|')})(?![A-Za-z])`, 'gi');
    // Tested, not executed (no match array for each): a match is a whole run of ASCII letters ending at lastIndex.
    this.starts.lastIndex = 0;
    while (this.starts.test(text)) {
      const end = this.starts.lastIndex;
      let start = end - 1;
      while (start > 0 && isAsciiLetter(text, start - 1)) start--;
      found.starts.push(start);
      found.masks.push(this.masks.get(text.slice(start, end).toLowerCase())!);
    }
    return found;
  }

  /** Each phrase's possible first word (lower case) with the finders whose phrases can begin with it. */
  firstWords(): ReadonlyMap<string, number> {
    return this.masks;
  }

  /**
   * Where the phrases of a text may begin, found by the caller instead of a scan: `starts` are the runs of ASCII
   * letters of the lower-cased `text` (same length) that are first words, `masks` their masks from `firstWords()`.
   * `foldsToAscii`: whether the text has "ſ" or "K" (Kelvin sign), when the caller saw it while reading the runs.
   */
  fromRuns(text: string, starts: number[], masks: number[], foldsToAscii = FOLDS_TO_ASCII.test(text)): PhraseWords {
    // Lower-casing makes "k" of the Kelvin sign: it could join a run of letters that the text does not have.
    if (foldsToAscii) return this.scan(text);
    return { text, starts, masks, index: this, foldsToAscii: false, letterAfterDigit: false };
  }

  /** The finders whose phrases can begin with the letters text[start, end). */
  maskOf(text: string, start: number, end: number): number {
    return this.masks.get(text.slice(start, end).toLowerCase()) ?? 0;
  }
}

export class PhraseFinder {
  private readonly global: RegExp;
  private readonly sticky: RegExp;
  private readonly caseFolds: boolean;

  /**
   * `bit` 0: the first words could not be read off the pattern, which then searches by itself. `afterDigit`: the
   * prefix admits a digit before the phrase ("2will"), where the scan's `\b` finds no start.
   */
  constructor(source: string, flags: string, private readonly bit: number, private readonly afterDigit: boolean) {
    const plain = flags.replace(/[gy]/g, '');
    this.global = new RegExp(source, `${plain}g`);
    this.sticky = new RegExp(source, `${plain}y`);
    this.caseFolds = plain.includes('i') && plain.includes('u');
  }

  /** Whether the scan's starts may miss a match of this finder in the text. */
  private searchesAlone(found: PhraseWords): boolean {
    if (!this.bit) return true;
    if (this.caseFolds && (found.foldsToAscii ??= FOLDS_TO_ASCII.test(found.text))) return true;
    return this.afterDigit && (found.letterAfterDigit ??= LETTER_AFTER_DIGIT.test(found.text));
  }

  /** The first match at or after `from`, as the pattern's own exec with lastIndex `from` finds it. */
  exec(found: PhraseWords, from = 0): RegExpExecArray | null {
    if (this.searchesAlone(found)) {
      this.global.lastIndex = from;
      return this.global.exec(found.text);
    }
    for (let k = 0; k < found.starts.length; k++) {
      if (!(found.masks[k]! & this.bit) || found.starts[k]! < from) continue;
      this.sticky.lastIndex = found.starts[k]!;
      const m = this.sticky.exec(found.text);
      if (m) return m;
    }
    return null;
  }

  /** The first match in the text's first `limit` characters, as the pattern finds it in `found.text.slice(0, limit)`. */
  execBefore(found: PhraseWords, limit: number): RegExpExecArray | null {
    const head = limit < found.text.length ? found.text.slice(0, limit) : found.text;
    if (this.searchesAlone(found)) {
      this.global.lastIndex = 0;
      return this.global.exec(head);
    }
    // A run of letters the limit cuts ("…to considered" cut after "consider") is a shorter word in the head.
    let cut = limit;
    if (isAsciiLetter(found.text, limit)) while (cut > 0 && isAsciiLetter(found.text, cut - 1)) cut--;
    for (let k = 0; k < found.starts.length && found.starts[k]! < cut; k++) {
      if (!(found.masks[k]! & this.bit)) continue;
      this.sticky.lastIndex = found.starts[k]!;
      const m = this.sticky.exec(head);
      if (m) return m;
    }
    if (cut < limit && found.index.maskOf(head, cut, limit) & this.bit) {
      this.sticky.lastIndex = cut;
      return this.sticky.exec(head);
    }
    return null;
  }
}

const FOLDS_TO_ASCII = /[\u017f\u212a]/;
const LETTER_AFTER_DIGIT = /[0-9_][A-Za-z]/;

function isAsciiLetter(text: string, i: number): boolean {
  const letter = (text.charCodeAt(i) | 32) - 97;
  return letter >= 0 && letter <= 25;
}

// ---- The first words of a pattern's alternatives --------------------------------------------------------------------
// Phrases are written as words with a few regex forms: groups of alternatives, optional parts, character classes
// after the first word ("intends? (?:the|this|our)", "(?:accept|accepts|accepted) [^,.;]{0,60}invitation to"). A
// form this reader does not know where the first word is still open makes the whole list searched by its pattern.

interface Atom {
  kind: 'letter' | 'other' | 'group' | 'unknown';
  /** letter: the lower-case letter. */
  letter?: string;
  alternatives?: Atom[][];
  min: number;
  max: number;
}

/** Partial first words; `open` while the word may still go on. */
interface Partial {
  word: string;
  open: boolean;
}

/** The lower-case words that can begin a match of one of `alternatives`, or null if that cannot be read off them. */
function firstWords(alternatives: string[]): Set<string> | null {
  const words = new Set<string>();
  for (const source of alternatives) {
    let parsed: Atom[][];
    try {
      parsed = new PatternReader(source).alternatives();
    } catch {
      return null;
    }
    const partials = applyAlternatives(parsed, [{ word: '', open: true }]);
    if (!partials) return null;
    for (const p of partials) {
      // The phrase's end closes its first word (the finder's suffix rejects a letter after it).
      if (!p.word) return null;
      words.add(p.word);
    }
  }
  return words;
}

function applyAlternatives(alternatives: Atom[][], partials: Partial[]): Partial[] | null {
  const out: Partial[] = [];
  for (const sequence of alternatives) {
    const result = applySequence(sequence, partials);
    if (!result) return null;
    out.push(...result);
  }
  return out;
}

function applySequence(sequence: Atom[], partials: Partial[]): Partial[] | null {
  let current: Partial[] | null = partials;
  for (const atom of sequence) {
    if (!current.some((p) => p.open)) return current;
    let next: Partial[] | null;
    if (atom.kind === 'letter' && atom.max === 1) {
      next = current.map((p) => (p.open ? { word: p.word + atom.letter, open: true } : p));
    } else if (atom.kind === 'other') {
      // A character that is no ASCII letter ends the run of letters, and so the first word.
      next = [];
      for (const p of current) {
        if (p.open && !p.word) return null;
        next.push({ word: p.word, open: false });
      }
    } else if (atom.kind === 'group' && atom.max === 1) {
      next = applyAlternatives(atom.alternatives!, current);
    } else {
      return null;
    }
    if (!next) return null;
    current = distinct(atom.min === 0 ? [...current, ...next] : next);
  }
  return current;
}

function distinct(partials: Partial[]): Partial[] {
  const seen = new Map<string, Partial>();
  for (const p of partials) seen.set(`${p.open ? '+' : '-'}${p.word}`, p);
  return [...seen.values()];
}

/** Reads the regex forms phrases use; throws on anything else. */
class PatternReader {
  private i = 0;
  constructor(private readonly source: string) {}

  alternatives(): Atom[][] {
    const out: Atom[][] = [this.sequence()];
    while (this.source[this.i] === '|') {
      this.i++;
      out.push(this.sequence());
    }
    return out;
  }

  private sequence(): Atom[] {
    const atoms: Atom[] = [];
    while (this.i < this.source.length && this.source[this.i] !== '|' && this.source[this.i] !== ')') {
      const atom = this.atom();
      this.quantifier(atom);
      atoms.push(atom);
    }
    return atoms;
  }

  private atom(): Atom {
    const s = this.source;
    const ch = s[this.i++]!;
    if (ch === '(') {
      // Only plain and non-capturing groups; lookarounds and named groups are not phrase forms.
      if (s[this.i] === '?') {
        if (s[this.i + 1] !== ':') throw new Error('unsupported group');
        this.i += 2;
      }
      const alternatives = this.alternatives();
      if (s[this.i++] !== ')') throw new Error('unclosed group');
      return { kind: 'group', alternatives, min: 1, max: 1 };
    }
    if (ch === '[') {
      // A class: skipped whole; it can only follow a first word already ended.
      while (this.i < s.length && s[this.i] !== ']') this.i += s[this.i] === '\\' ? 2 : 1;
      if (s[this.i++] !== ']') throw new Error('unclosed class');
      return { kind: 'unknown', min: 1, max: 1 };
    }
    if (ch === '\\') {
      const escaped = s[this.i++];
      if (escaped === undefined) throw new Error('trailing backslash');
      // \s and \d match no letter; an escaped punctuation mark is itself; \p{…}, \w, \b… are not read.
      if (escaped === 's' || escaped === 'd') return { kind: 'other', min: 1, max: 1 };
      if (/[A-Za-z0-9]/.test(escaped)) return { kind: 'unknown', min: 1, max: 1 };
      return { kind: 'other', min: 1, max: 1 };
    }
    if (ch === '.' || ch === '^' || ch === '$' || ch === '*' || ch === '+' || ch === '?' || ch === '{' || ch === ']') return { kind: 'unknown', min: 1, max: 1 };
    if (/[A-Za-z]/.test(ch)) return { kind: 'letter', letter: ch.toLowerCase(), min: 1, max: 1 };
    // "ſ" and "K" (Kelvin sign) match "s" and "k" under the i and u flags.
    if (ch === '\u017f' || ch === '\u212a') return { kind: 'unknown', min: 1, max: 1 };
    return { kind: 'other', min: 1, max: 1 };
  }

  private quantifier(atom: Atom): void {
    const s = this.source;
    const q = s[this.i];
    if (q === '?') [atom.min, atom.max] = [0, 1];
    else if (q === '*') [atom.min, atom.max] = [0, Infinity];
    else if (q === '+') [atom.min, atom.max] = [1, Infinity];
    else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) throw new Error('unsupported brace');
      atom.min = Number(m[1]);
      atom.max = m[2] === undefined ? atom.min : m[3] ? Number(m[3]) : Infinity;
      this.i += m[0].length - 1;
    } else return;
    this.i++;
    if (s[this.i] === '?') this.i++; // lazy
  }
}
