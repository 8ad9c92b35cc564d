// Multipart form bodies (uploads, forms with a file) read as a stream: each file goes straight to a temporary
// file (0600) while the body is counted against its cap, so an upload never sits in the server's memory and a
// body past its cap is refused as soon as it is (413), its partial file removed.
import { openAsBlob } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { KizunaError } from '../errors.js';

export interface MultipartLimits {
  /** The whole body, envelope included: refused with 413 once it is passed. */
  maxBodyBytes: number;
  /** One file: refused with 413 naming it once it is passed. */
  maxFileBytes: number;
  /** The text fields together (kept in memory, like any form's): 413 past it. */
  maxFieldBytes: number;
  /** Where the files are written: a directory only the server's user may enter. */
  dir: string;
}

export interface ReceivedForm {
  /** Text fields as strings, files as `File`s whose bytes stay on disk until read (`diskPathOf` gives the path). */
  form: FormData;
  /** The temporary files written, for `discard` once the request is answered. */
  paths: string[];
}

const onDisk = new WeakMap<Blob, string>();

/** The temporary file holding a received file's bytes (to move it, or to hand it to the sandbox); null for a File made in memory. */
export function diskPathOf(file: Blob): string | null {
  return onDisk.get(file) ?? null;
}

/**
 * An uploaded file as the ops take it: its sender's name, where its bytes are on disk, its size. Throws for a
 * File made in memory, which only a caller that bypassed the app's multipart reader can have.
 */
export function receivedFile(file: File): { name: string; path: string; size: number } {
  const path = diskPathOf(file);
  if (!path) throw new TypeError(`${file.name || 'the file'} was not received through the app's multipart reader (http/multipart.ts)`);
  return { name: file.name, path, size: file.size };
}

/** Removes temporary files; one already moved away (a kept draft) is simply gone. */
export async function discard(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => rm(path, { force: true })));
}

/** Example: `multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW` or `…; boundary="a b"`. */
export function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

const invalid = (reason: string) => new KizunaError('invalid-request', `The multipart body could not be read: ${reason}.`);
const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
/** Part headers longer than this are not a form's (a browser sends two short lines). */
const MAX_HEADER_BYTES = 16 * 1024;

interface Part {
  name: string;
  /** null for a text field; '' for a file input left empty. */
  filename: string | null;
  type: string;
  chunks: Buffer[];
  handle: FileHandle | null;
  path: string | null;
  size: number;
}

/**
 * Browsers write `"`, CR and LF in field and file names as `%22`, `%0D`, `%0A` (the HTML standard's
 * multipart/form-data encoding); the platform's own parser turns them back, and so does this one.
 * Example: `計画 %22final%22.pdf` → `計画 "final".pdf`.
 */
const unescapeParam = (value: string) => value.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * A part's headers. Example: `Content-Disposition: form-data; name="file"; filename="plan.pdf"` and
 * `Content-Type: application/pdf`; `filename*=UTF-8''%E8%A8%88%E7%94%BB.pdf` (RFC 5987) wins over `filename`.
 */
function parseHeaders(block: string): Omit<Part, 'chunks' | 'handle' | 'path' | 'size'> {
  let disposition = '';
  let type = 'application/octet-stream';
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    if (header === 'content-disposition') disposition = line.slice(colon + 1).trim();
    else if (header === 'content-type') type = line.slice(colon + 1).trim() || type;
  }
  if (!/^form-data\s*(;|$)/i.test(disposition)) throw invalid('a part has no Content-Disposition: form-data header');
  const params = new Map<string, string>();
  // Example: `; name="note"`, `; filename="a \"b\".txt"`, `; filename*=UTF-8''a%20b.txt`.
  for (const m of disposition.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    params.set(m[1]!.toLowerCase(), unescapeParam(m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!.trim()));
  }
  const name = params.get('name');
  if (name === undefined) throw invalid('a part has no name');
  let filename = params.get('filename') ?? null;
  const extended = /^utf-8''(.*)$/i.exec(params.get('filename*') ?? '');
  if (extended) {
    try {
      filename = decodeURIComponent(extended[1]!);
    } catch {
      throw invalid('a file name is badly percent-encoded');
    }
  }
  return { name, filename, type };
}

/**
 * Reads a multipart/form-data body as it arrives. Files are written to `limits.dir` (mode 0600, created
 * exclusively) and come back as disk-backed Files; text fields as strings. Past a cap the stream is cancelled,
 * every file written is removed and a 413 KizunaError thrown; a malformed body is a 400, also leaving nothing.
 */
export async function receiveMultipart(body: ReadableStream<Uint8Array> | null, contentType: string, limits: MultipartLimits): Promise<ReceivedForm> {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw invalid('its Content-Type names no boundary');
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const form = new FormData();
  const paths: string[] = [];
  // A CRLF in front makes the first delimiter look like every later one.
  let pending: Buffer = Buffer.from(CRLF);
  // Declared wide: the parser's steps change it inside `consume`, which the compiler's narrowing cannot see.
  let state = 'preamble' as 'preamble' | 'delimited' | 'headers' | 'data' | 'done';
  let received = 0;
  let fieldBytes = 0;
  let part: Part | null = null;

  const write = async (data: Buffer) => {
    if (!part || data.length === 0) return;
    part.size += data.length;
    if (part.handle) {
      if (part.size > limits.maxFileBytes) {
        throw new KizunaError('payload-too-large', `${part.filename || 'The file'} is over the upload limit of ${limits.maxFileBytes} bytes.`);
      }
      await part.handle.write(data);
    } else {
      fieldBytes += data.length;
      if (fieldBytes > limits.maxFieldBytes) throw new KizunaError('payload-too-large', `The form's text fields are over the limit of ${limits.maxFieldBytes} bytes.`);
      part.chunks.push(Buffer.from(data));
    }
  };

  const startPart = async (headers: string) => {
    const parsed = parseHeaders(headers);
    part = { ...parsed, chunks: [], handle: null, path: null, size: 0 };
    // A file input left empty is sent with an empty filename and no bytes: an empty File, as browsers' own parsers give.
    if (parsed.filename !== null) {
      part.path = join(limits.dir, `upload-${randomUUID()}`);
      part.handle = await open(part.path, 'wx', 0o600);
      paths.push(part.path);
    }
  };

  const endPart = async () => {
    const done = part!;
    part = null;
    if (done.handle && done.path) {
      await done.handle.close();
      done.handle = null;
      const file = new File([await openAsBlob(done.path, { type: done.type })], done.filename ?? '', { type: done.type });
      onDisk.set(file, done.path);
      form.append(done.name, file);
    } else {
      form.append(done.name, Buffer.concat(done.chunks).toString('utf8'));
    }
  };

  /** Takes from `pending` whatever can be decided now; the rest waits for more bytes. */
  const consume = async () => {
    for (;;) {
      if (state === 'preamble' || state === 'data') {
        const at = pending.indexOf(delimiter);
        if (at < 0) {
          // The tail may be the start of a delimiter cut by the chunk boundary: keep it for the next chunk.
          const keep = Math.min(pending.length, delimiter.length - 1);
          if (state === 'data') await write(pending.subarray(0, pending.length - keep));
          pending = Buffer.from(pending.subarray(pending.length - keep));
          return;
        }
        if (state === 'data') {
          await write(pending.subarray(0, at));
          await endPart();
        }
        pending = pending.subarray(at + delimiter.length);
        state = 'delimited';
      } else if (state === 'delimited') {
        if (pending.length < 2) return;
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          // `--` closes the body; an epilogue after it is ignored, as RFC 2046 says.
          state = 'done';
          return;
        }
        const eol = pending.indexOf(CRLF);
        if (eol < 0) {
          if (pending.length > 256) throw invalid('a boundary line does not end');
          return;
        }
        // Transport padding (spaces, tabs) may follow a boundary before its line end.
        if (pending.subarray(0, eol).some((byte) => byte !== 0x20 && byte !== 0x09)) throw invalid('a boundary is followed by other text');
        pending = pending.subarray(eol + 2);
        state = 'headers';
      } else if (state === 'headers') {
        // A part without headers starts with its blank line at once.
        const end = pending.subarray(0, 2).equals(CRLF) ? -2 : pending.indexOf(HEADERS_END);
        if (end === -1) {
          if (pending.length > MAX_HEADER_BYTES) throw invalid('part headers are too long');
          return;
        }
        await startPart(end < 0 ? '' : pending.subarray(0, end).toString('utf8'));
        pending = pending.subarray(end < 0 ? 2 : end + HEADERS_END.length);
        state = 'data';
      } else {
        pending = Buffer.alloc(0);
        return;
      }
    }
  };

  /**
   * The bytes to parse next: what was kept of the last chunk, then this one (viewed, not copied). Inside a file
   * the kept tail is only the few bytes that might begin a delimiter; when none does, the tail is written and
   * the chunk parsed on its own, so a 50 MiB upload is not copied once more chunk by chunk (every copy is
   * garbage the server's memory carries until the next collection).
   */
  const withKept = async (kept: Buffer, view: Buffer): Promise<Buffer> => {
    if (!kept.length) return view;
    if (state === 'data' && view.length >= delimiter.length - 1) {
      const seam = Buffer.concat([kept, view.subarray(0, delimiter.length - 1)]).indexOf(delimiter);
      if (seam < 0 || seam >= kept.length) {
        await write(kept);
        return view;
      }
    }
    return Buffer.concat([kept, view]);
  };

  const reader = body?.getReader();
  try {
    for (;;) {
      const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
      if (chunk.value) {
        received += chunk.value.byteLength;
        if (received > limits.maxBodyBytes) throw new KizunaError('payload-too-large', `The request body is over the limit of ${limits.maxBodyBytes} bytes for an upload.`);
        pending = await withKept(pending, Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength));
        await consume();
      }
      if (chunk.done) break;
    }
    if (state !== 'done') throw invalid('it ends before its closing boundary');
    return { form, paths };
  } catch (error) {
    const open = part as Part | null;
    await open?.handle?.close().catch(() => {});
    // Stop reading without cancelling: cancelling would destroy the socket and the client would see a reset
    // instead of the 413. What it still sends is drained and dropped by the server once the answer is out.
    reader?.releaseLock();
    await discard(paths);
    throw error;
  }
}
