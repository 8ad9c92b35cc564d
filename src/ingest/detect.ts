// Decides a file's format from its leading bytes first and its extension second.
import type { MediaType } from '../types.js';
import { isZip, readZipEntries, ZipError } from './zip.js';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' satisfies MediaType;

const BY_EXTENSION: Record<string, MediaType> = {
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  pdf: 'application/pdf',
  docx: DOCX,
};

export type Detection = { mediaType: MediaType } | { error: string };

/**
 * Content wins over the name: `%PDF-` is a PDF, a ZIP holding `word/document.xml` is a DOCX,
 * text opening with `<!doctype html` or `<html` is HTML. Other ZIPs and other binary formats
 * are refused; text without those marks goes by its extension.
 */
export function detectMediaType(path: string, bytes: Uint8Array): Detection {
  // Example: "plans/jp-dk.PDF" → "pdf".
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  const byName = BY_EXTENSION[extension];
  // A PDF header may follow a little junk (readers allow it within the first 1024 bytes); trust
  // that only for a file named .pdf, so a text that quotes "%PDF-" stays text.
  const pdfAt = indexOfAscii(bytes.subarray(0, 1024), '%PDF-');
  if (pdfAt === 0 || (pdfAt > 0 && byName === 'application/pdf')) return { mediaType: 'application/pdf' };
  if (isZip(bytes)) {
    let names: string[];
    try {
      names = readZipEntries(bytes).map((entry) => entry.name);
    } catch (error) {
      // A broken archive named .docx is a damaged DOCX; from-docx says what is wrong with it.
      if (byName === DOCX) return { mediaType: DOCX };
      return { error: `damaged ZIP archive (${error instanceof ZipError ? error.message : String(error)})` };
    }
    if (names.includes('word/document.xml')) return { mediaType: DOCX };
    return { error: 'ZIP archive that is not a Word document (no word/document.xml)' };
  }
  const magic = binaryFormat(bytes);
  if (magic) return { error: `unsupported file type (${magic})` };
  if (looksLikeHtml(bytes)) return { mediaType: 'text/html' };
  if (byName) return { mediaType: byName };
  return { error: `unknown file type${extension ? ` '.${extension}'` : ' (no extension)'}; expected .txt, .md, .html, .pdf or .docx` };
}

/** Well-known binary formats people drop by mistake, by their leading bytes. */
const MAGIC: [string, number[]][] = [
  ['legacy Word or Office document; save it as .docx', [0xd0, 0xcf, 0x11, 0xe0]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['gzip archive', [0x1f, 0x8b]],
  ['RTF document', [0x7b, 0x5c, 0x72, 0x74, 0x66]],
];

function binaryFormat(bytes: Uint8Array): string | null {
  for (const [name, magic] of MAGIC) {
    if (magic.every((byte, index) => bytes[index] === byte)) return name;
  }
  return null;
}

/** Example: `\ufeff  <!DOCTYPE html>` or `<html lang="ja">` at the start (after a BOM, spaces, comments). */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 1024)).replace(/^\ufeff/, '');
  return /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html)[\s>]/i.test(head);
}

function indexOfAscii(bytes: Uint8Array, needle: string): number {
  const first = needle.charCodeAt(0);
  for (let i = bytes.indexOf(first); i !== -1; i = bytes.indexOf(first, i + 1)) {
    let found = true;
    for (let k = 1; k < needle.length && found; k++) found = bytes[i + k] === needle.charCodeAt(k);
    if (found) return i;
  }
  return -1;
}
