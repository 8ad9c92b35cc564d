// Normalization that keeps a map back to the original: NFC, line ends, and control characters.
import type { OffsetMap } from '../types.js';

/** Returns NFC text with \r\n → \n and C0 controls (but \t, \n, \f) removed, plus the offset map. */
export function normalize(original: string): { text: string; offsets: OffsetMap } {
  const nfc = original.normalize('NFC');
  const offsets: OffsetMap = { normalized: [0], original: [0] };
  if (nfc.length !== original.length) {
    // NFC composed some characters: map whole text proportionally is wrong, so map per code unit run.
    return mapped(original);
  }
  let text = '';
  let last = 0;
  const drop = /\r(?=\n)|[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
  for (let m = drop.exec(nfc); m; m = drop.exec(nfc)) {
    text += nfc.slice(last, m.index);
    last = m.index + m[0].length;
    offsets.normalized.push(text.length);
    offsets.original.push(last);
  }
  text += nfc.slice(last);
  return { text: text.replace(/\r/g, '\n'), offsets };
}

function mapped(original: string): { text: string; offsets: OffsetMap } {
  const offsets: OffsetMap = { normalized: [], original: [] };
  let text = '';
  let i = 0;
  for (const segment of original.match(/\P{M}\p{M}*|\p{M}+/gu) ?? []) {
    offsets.normalized.push(text.length);
    offsets.original.push(i);
    text += segment.normalize('NFC');
    i += segment.length;
  }
  return normalize.length ? { text, offsets } : { text, offsets };
}
