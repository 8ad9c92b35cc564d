// Ingest: bytes of a file → one normalized text with a map back to the original. No network, no database.
// Problems in a file come back as messages (`file: reason [rule]`), never as exceptions.
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { IngestedDocument, MediaType, Message, Place } from '../types.js';
import { detectMediaType, DOCX } from './detect.js';
import { fromDocx } from './from-docx.js';
import { fromHtml } from './from-html.js';
import { fromPdf } from './from-pdf.js';
import { decodeText } from './from-text.js';
import { normalize } from './normalize.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_EXPANDED_BYTES, DEFAULT_MAX_DOCX_XML_BYTES, DEFAULT_MAX_TEXT_LENGTH, tooLargeMessage } from './limits.js';

export { placeOf, toOriginalOffset } from './offsets.js';

export interface IngestOptions {
  /** Files larger than this are refused with `ingest/too-large`. Default 50 MiB. */
  maxBytes?: number;
  /** A DOCX whose parts inflate to more than this in total is refused. Default 100 MiB. */
  maxExpandedBytes?: number;
  /** A DOCX whose XML parts (text, numbering, styles) inflate to more than this is refused. Default 4 MiB. */
  maxDocxXmlBytes?: number;
  /** A document whose normalized text is longer than this (characters) is refused. Default 2,000,000. */
  maxTextLength?: number;
  /** Skip detection and read the file as this type. */
  mediaType?: MediaType;
  /**
   * The name to give the file in messages and the document, instead of its path: an upload kept in a
   * temporary file (`/tmp/…/upload-3f2a`) is still `plan.docx` to the person who sent it.
   */
  name?: string;
}

export interface IngestResult {
  /** Null when a fatal message stopped the file. */
  document: IngestedDocument | null;
  messages: Message[];
}

export { DEFAULT_MAX_BYTES, DEFAULT_MAX_EXPANDED_BYTES, DEFAULT_MAX_DOCX_XML_BYTES, DEFAULT_MAX_TEXT_LENGTH } from './limits.js';

/** Text, possibly with problems that do not stop the file; or the one problem that does. */
type Extracted =
  | { text: string; warnings?: { rule: string; reason: string }[] }
  | { error: string; rule: string; place?: Place | null };

const fatal = (file: string, rule: string, reason: string, place: Place | null = null): IngestResult => ({
  document: null,
  messages: [{ file, rule, reason, place, fatal: true }],
});

/** Reads and normalizes one file. Never throws for a problem in the file: it comes back as a fatal message. */
export async function ingestFile(path: string, options: IngestOptions = {}): Promise<IngestResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const name = options.name ?? path;
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fatal(name, 'ingest/not-a-file', 'is a directory, not a file');
    if (!info.isFile()) return fatal(name, 'ingest/not-a-file', 'not a regular file');
    if (info.size > maxBytes) return tooLarge(name, info.size, maxBytes);
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    return fatal(name, 'ingest/unreadable', unreadableReason(error as NodeJS.ErrnoException));
  }
  return ingestBytes(name, bytes, options);
}

/** Like ingestFile, for bytes already in memory (uploads); `path` names the file in messages. */
export async function ingestBytes(path: string, bytes: Uint8Array, options: IngestOptions = {}): Promise<IngestResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength > maxBytes) return tooLarge(path, bytes.byteLength, maxBytes);
  if (bytes.byteLength === 0) return fatal(path, 'ingest/empty', 'file is empty');
  const detected = options.mediaType ? { mediaType: options.mediaType } : detectMediaType(path, bytes);
  if ('error' in detected) return fatal(path, 'ingest/unknown-type', detected.error);
  let extracted: Extracted;
  try {
    extracted = await extractText(detected.mediaType, bytes, options);
  } catch (error) {
    // A reader library failing in a way it does not document is still this file's problem.
    return fatal(path, 'ingest/failed', `cannot read ${detected.mediaType} content (${(error as Error).message})`);
  }
  if ('error' in extracted) return fatal(path, extracted.rule, extracted.error, extracted.place ?? null);
  const maxTextLength = options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  // Checked before normalizing too: normalization costs time and a map as long as the text.
  if (extracted.text.length > maxTextLength * 2) return tooLong(path, extracted.text.length, maxTextLength);
  const { text, offsets } = normalize(extracted.text);
  if (text.length > maxTextLength) return tooLong(path, text.length, maxTextLength);
  if (!/[\p{L}\p{N}]/u.test(text)) return fatal(path, 'ingest/no-text', 'no readable text in the file');
  const document: IngestedDocument = {
    path,
    name: basename(path),
    mediaType: detected.mediaType,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    byteLength: bytes.byteLength,
    original: extracted.text,
    text,
    offsets,
    messages: (extracted.warnings ?? []).map(({ rule, reason }) => ({ file: path, rule, reason, place: null, fatal: false })),
  };
  return { document, messages: document.messages };
}

async function extractText(mediaType: MediaType, bytes: Uint8Array, options: IngestOptions): Promise<Extracted> {
  switch (mediaType) {
    case 'text/plain':
    case 'text/markdown':
      return decodeText(bytes);
    case 'text/html': {
      const decoded = decodeHtml(bytes);
      return 'error' in decoded ? decoded : fromHtml(decoded.text);
    }
    case 'application/pdf':
      return fromPdf(bytes);
    case DOCX:
      return fromDocx(bytes, {
        expanded: options.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES,
        xml: options.maxDocxXmlBytes ?? DEFAULT_MAX_DOCX_XML_BYTES,
      });
  }
}

/** HTML may name its charset (`<meta charset="shift_jis">`); UTF-8 otherwise, strictly. */
function decodeHtml(bytes: Uint8Array): Extracted {
  const hasBom = (bytes[0] === 0xef && bytes[1] === 0xbb) || bytes[0] === 0xff || bytes[0] === 0xfe;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  // Example: <meta charset="Shift_JIS"> or <meta http-equiv="Content-Type" content="text/html; charset=euc-jp">.
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (hasBom || !declared || declared === 'utf-8' || declared === 'utf8') return decodeText(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared, { fatal: true });
  } catch {
    return { error: `HTML declares an unsupported charset '${declared}'`, rule: 'ingest/encoding' };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { error: `HTML is not valid ${declared} as its <meta charset> declares`, rule: 'ingest/encoding' };
  }
}

function tooLarge(path: string, size: number, maxBytes: number): IngestResult {
  return { document: null, messages: [tooLargeMessage(path, size, maxBytes)] };
}

function tooLong(path: string, length: number, maxTextLength: number): IngestResult {
  return fatal(path, 'ingest/too-long', `text is ${length} characters long, over the limit of ${maxTextLength}`);
}

function unreadableReason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return `cannot read file (${error.code ?? error.message})`;
  }
}
