// Small text helpers every layer shares (one definition each): which scripts a text uses, regex escaping.

// Scripts written without spaces between words, where word-based search has nothing to go on: `水素エネルギー`, `한국`.
export const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

// Japanese script (kanji, hiragana, katakana): `水素`, `エネルギー協力`, `の`.
export const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** True when `text` has a character of a script written without spaces (`水素 hydrogen` → true). */
export const isUnspaced = (text: string): boolean => UNSPACED.test(text);

/** True when `text` has a Japanese character (`原子力` → true, `nuclear` → false). */
export const hasJapanese = (text: string): boolean => JAPANESE.test(text);

// ASCII character classes by char code, one definition each: scanners decide ASCII at once and leave other
// characters to Unicode patterns.
export const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isAsciiLower = (c: number): boolean => c >= 97 && c <= 122;
export const isAsciiUpper = (c: number): boolean => c >= 65 && c <= 90;
export const isAsciiLetter = (c: number): boolean => isAsciiLower(c) || isAsciiUpper(c);
export const isAsciiAlnum = (c: number): boolean => isAsciiLetter(c) || isAsciiDigit(c);

/** `text` as a literal inside a RegExp: `R&D (Japan)` → `R&D \(Japan\)`. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Full-width ASCII forms as ASCII, one character for one so offsets stay valid: `（２０２５－２０２９）` →
 * `(2025-2029)`, `ＪＥＴＲＯ` → `JETRO`, `令和７年３月１日` → `令和7年3月1日`.
 */
export function toHalfWidth(text: string): string {
  return /[\uff01-\uff5e]/u.test(text) ? text.replace(/[\uff01-\uff5e]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)) : text;
}
