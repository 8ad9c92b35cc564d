// Plain text and Markdown: strict UTF-8 (a BOM is dropped), UTF-16 only with its BOM; anything
// else is refused with the place of the first bad byte, never guessed. Markdown syntax is kept
// as written: the tree builder reads `#` headings, `- ` items and `**bold**` itself.
import type { Place } from '../types.js';

export type Decoded = { text: string } | { error: string; rule: string; place: Place | null };

/** Decodes the bytes of a text file; see the file header for what is accepted. */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    if (looksLikeUtf16(bytes)) {
      return { error: 'text looks like UTF-16 without a byte-order mark; save it as UTF-8', rule: 'ingest/encoding', place: null };
    }
    return { error: `binary data, not text (NUL byte at offset ${nul})`, rule: 'ingest/binary', place: null };
  }
  const decoded = decodeWith('utf-8', bytes);
  if ('text' in decoded) return decoded;
  const bad = firstInvalidUtf8(bytes);
  const byte = bytes[bad] ?? 0;
  // Example: 0xE9 alone is "é" in Latin-1/Windows-1252, the usual culprit.
  const hint = byte >= 0xa0 ? '; Latin-1 or Windows-1252?' : '';
  return {
    error: `text is not valid UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${bad}${hint})`,
    rule: 'ingest/encoding',
    place: bytePlace(bytes, bad),
  };
}

function decodeWith(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { error: `text is not valid ${encoding.toUpperCase()}`, rule: 'ingest/encoding', place: null };
  }
}

/** UTF-16 text of a Latin script has a NUL in every other byte; garbage does not. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = Math.min(bytes.length, 4096) & ~1;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = sample / 2;
  return pairs >= 2 && Math.max(evenNul, oddNul) >= pairs * 0.4 && Math.min(evenNul, oddNul) <= pairs * 0.05;
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    let length: number;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) length = 3;
    else if (lead >= 0xf0 && lead <= 0xf4) length = 4;
    else return i;
    if (i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1] as number;
    // Overlong forms, surrogates and code points above U+10FFFF.
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f)) return i;
    if ((lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

/** Line and column of a byte offset, counting the valid text before it (columns in code points). */
function bytePlace(bytes: Uint8Array, offset: number): Place {
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < lineStart; i = bytes.indexOf(0x0a, i + 1)) line++;
  let column = 1;
  // Count code points: every byte that is not a UTF-8 continuation byte starts one.
  for (let i = lineStart; i < offset; i++) if (((bytes[i] as number) & 0xc0) !== 0x80) column++;
  return { line, column, offset };
}
