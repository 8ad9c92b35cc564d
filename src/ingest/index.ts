// Ingest: bytes of a file → one normalized text with a map back to the original. No network, no database.
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { IngestedDocument, MediaType, Message } from '../types.js';
import { detectMediaType } from './detect.js';
import { fromText } from './from-text.js';
import { normalize } from './normalize.js';

export interface IngestOptions {
  /** Files larger than this are refused with `ingest/too-large`. Default 50 MiB. */
  maxBytes?: number;
  /** Skip detection and read the file as this type. */
  mediaType?: MediaType;
}

export interface IngestResult {
  /** Null when a fatal message stopped the file. */
  document: IngestedDocument | null;
  messages: Message[];
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

const fatal = (file: string, rule: string, reason: string): IngestResult => ({
  document: null,
  messages: [{ file, rule, reason, place: null, fatal: true }],
});

/** Reads and normalizes one file. Never throws for a problem in the file: it comes back as a fatal message. */
export async function ingestFile(path: string, options: IngestOptions = {}): Promise<IngestResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return fatal(path, 'ingest/not-a-file', 'not a regular file');
    size = info.size;
  } catch (error) {
    return fatal(path, 'ingest/unreadable', `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > maxBytes) return fatal(path, 'ingest/too-large', `file is ${size} bytes, over the limit of ${maxBytes}`);
  const bytes = new Uint8Array(await readFile(path));
  return ingestBytes(path, bytes, options);
}

/** Like ingestFile, for bytes already in memory (uploads); `path` names the file in messages. */
export async function ingestBytes(path: string, bytes: Uint8Array, options: IngestOptions = {}): Promise<IngestResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength > maxBytes) {
    return fatal(path, 'ingest/too-large', `file is ${bytes.byteLength} bytes, over the limit of ${maxBytes}`);
  }
  if (bytes.byteLength === 0) return fatal(path, 'ingest/empty', 'file is empty');
  const detected = options.mediaType ? { mediaType: options.mediaType } : detectMediaType(path, bytes);
  if ('error' in detected) return fatal(path, 'ingest/unknown-type', detected.error);
  const extracted = await fromText(path, bytes);
  if ('error' in extracted) return fatal(path, extracted.rule, extracted.error);
  const { text, offsets } = normalize(extracted.text);
  if (!/[\p{L}\p{N}]/u.test(text)) return fatal(path, 'ingest/no-text', 'no readable text in file');
  const document: IngestedDocument = {
    path,
    name: basename(path),
    mediaType: detected.mediaType,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    byteLength: bytes.byteLength,
    original: extracted.text,
    text,
    offsets,
    messages: [],
  };
  return { document, messages: document.messages };
}
