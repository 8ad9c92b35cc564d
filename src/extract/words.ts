// The words of a commitment's text, read once by char code and handed to each reader of it (issue 8: one
// tokenization shared by the strength judge and the theme assigner, not a scan of its own for each).

/**
 * A text's words in two cuts of one reading, each with where it starts and ends and its hash (hashOf of the
 * lower-cased characters):
 * - tokens: the matches of [a-z0-9]+(?:-[a-z]+)* in the lower-cased text ("follow-up", "5g", "2025"): the strength
 *   judge's words;
 * - runs: the matches of [a-z0-9]+ in it ("follow", "up"): the theme assigner's words, when `otherAlnum` is false.
 * The arrays are reused from one reading to the next (growing arrays for every commitment cost more than the scan):
 * a reading holds until the next one into the same record.
 */
export class TextWords {
  text = '';
  tokenCount = 0;
  tokenStarts = new Int32Array(64);
  tokenEnds = new Int32Array(64);
  tokenHashes = new Int32Array(64);
  /** Whether each token is letters alone (no digit, no hyphen): 1 or 0. */
  tokenLettersOnly = new Uint8Array(64);
  runCount = 0;
  runStarts = new Int32Array(64);
  runEnds = new Int32Array(64);
  runHashes = new Int32Array(64);
  /**
   * Whether the text has "K" (Kelvin sign, lower-cased "k") or "İ" (lower-cased in two characters): reading stopped
   * there, and a reader that needs the lower-cased words reads its lower-cased copy.
   */
  foldsOddly = false;
  /** Whether the text has a letter or digit beyond ASCII ("é", "水"), which no run holds. */
  otherAlnum = false;
  /** Whether the text has "ſ", which patterns with the i and u flags read as "s". */
  longS = false;
  /** Whether the text has kana or kanji (U+3040–U+30FF, U+3400–U+9FFF). */
  kanaOrKanji = false;
  /** Whether the text has a character at or above U+2E80, where Han, Hiragana and Katakana start. */
  mayBeUnspaced = false;

  /** Starts a reading of `text`: a text of n characters has at most n / 2 + 1 tokens and as many runs. */
  reset(text: string): void {
    this.text = text;
    this.tokenCount = 0;
    this.runCount = 0;
    this.foldsOddly = this.otherAlnum = this.longS = this.kanaOrKanji = this.mayBeUnspaced = false;
    const needed = (text.length >> 1) + 1;
    if (needed <= this.tokenStarts.length) return;
    let size = this.tokenStarts.length;
    while (size < needed) size *= 2;
    this.tokenStarts = new Int32Array(size);
    this.tokenEnds = new Int32Array(size);
    this.tokenHashes = new Int32Array(size);
    this.tokenLettersOnly = new Uint8Array(size);
    this.runStarts = new Int32Array(size);
    this.runEnds = new Int32Array(size);
    this.runHashes = new Int32Array(size);
  }
}

/** The record the commitment finder reads each commitment into, for its readers one after the other. */
const shared = new TextWords();

/** Reads the words of `text` (see TextWords) into `into`, by default the shared record. */
export function readWords(text: string, into = shared): TextWords {
  const out = into;
  out.reset(text);
  const length = text.length;
  for (let i = 0; i < length; ) {
    const c = text.charCodeAt(i);
    const letter = isFoldedLetter(c);
    if (!letter && !isAsciiDigit(c)) {
      if (c >= 128) {
        if (c >= 0x130) {
          if (c === 0x212a || c === 0x130) {
            out.foldsOddly = true;
            return out;
          }
          if (c === 0x17f) out.longS = true;
          else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff)) out.kanaOrKanji = true;
          if (c >= 0x2e80) out.mayBeUnspaced = true;
        }
        // General punctuation (curly quotes, dashes) holds no letter or digit: most such characters are there.
        if (!out.otherAlnum && (c < 0x2000 || c > 0x206f) && isLetterOrDigitAt(text, i)) out.otherAlnum = true;
      }
      i++;
      continue;
    }
    let lettersOnly = letter;
    let end = i + 1;
    let hash = c | 32;
    for (; end < length; end++) {
      const d = text.charCodeAt(end);
      if (isAsciiDigit(d)) lettersOnly = false;
      else if (!isFoldedLetter(d)) break;
      hash = (Math.imul(hash, 31) + (d | 32)) | 0;
    }
    addRun(out, i, end, hash);
    // A hyphen joins letters only: "follow-up" is one token (two runs), "covid-19" two.
    while (end + 1 < length && text.charCodeAt(end) === 45 && isFoldedLetter(text.charCodeAt(end + 1))) {
      lettersOnly = false;
      hash = (Math.imul(hash, 31) + 45) | 0;
      const part = end + 1;
      let partHash = 0;
      for (end++; end < length && isFoldedLetter(text.charCodeAt(end)); end++) {
        const lower = text.charCodeAt(end) | 32;
        hash = (Math.imul(hash, 31) + lower) | 0;
        partHash = (Math.imul(partHash, 31) + lower) | 0;
      }
      addRun(out, part, end, partHash);
    }
    const k = out.tokenCount++;
    out.tokenStarts[k] = i;
    out.tokenEnds[k] = end;
    out.tokenHashes[k] = hash;
    out.tokenLettersOnly[k] = lettersOnly ? 1 : 0;
    i = end;
  }
  return out;
}

/**
 * Adds the run text[start, end). A token that a hyphen joined stops before a digit ("follow-up2": "follow-up", "2"),
 * where the run goes on: the digits then extend the run before.
 */
function addRun(out: TextWords, start: number, end: number, hash: number): void {
  const last = out.runCount - 1;
  if (last >= 0 && out.runEnds[last] === start) {
    out.runEnds[last] = end;
    out.runHashes[last] = hashOf(out.text, out.runStarts[last]!, end);
    return;
  }
  const k = out.runCount++;
  out.runStarts[k] = start;
  out.runEnds[k] = end;
  out.runHashes[k] = hash;
}

/** The hash of text[start, end) lower-cased: a word's letters, digits and hyphens keep their code under `| 32`, but capitals. */
export function hashOf(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + (text.charCodeAt(i) | 32)) | 0;
  return h;
}

// The character tests of the scan are written out here, not imported: an imported `const` arrow function is checked
// for its binding on every call in optimized code, and this scan runs on every character of every commitment.

/** An ASCII letter of either case: its small letter is `c | 32`. */
function isFoldedLetter(c: number): boolean {
  const lower = c | 32;
  return lower >= 97 && lower <= 122;
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;

/** Whether the character at `i` (a surrogate pair read as one) is a letter or a digit. */
function isLetterOrDigitAt(text: string, i: number): boolean {
  LETTER_OR_DIGIT.lastIndex = i;
  return LETTER_OR_DIGIT.test(text);
}
