// A small reader for a ZIP's central directory, so DOCX files can be recognised and checked for
// zip bombs before any library inflates them. Reads sizes and names only; never trusts them.
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  /** As declared; 0xFFFFFFFF when the archive defers to ZIP64 fields. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** True when the bytes start like a ZIP archive (`PK\x03\x04`, or `PK\x05\x06` for an empty one). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** The central directory's entries; throws ZipError naming what is broken. */
export function readZipEntries(bytes: Uint8Array): ZipEntry[] {
  if (bytes.length < 22) throw new ZipError('archive is shorter than its end record');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record sits in the last 22 bytes plus an archive comment of at most 65535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end === -1) throw new ZipError('no end of central directory; the file is truncated or not a ZIP archive');
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (directoryOffset + directorySize > end) throw new ZipError('central directory lies outside the file');
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_FILE_HEADER) {
      throw new ZipError(`central directory entry ${n + 1} of ${count} is broken`);
    }
    const nameLength = view.getUint16(at + 28, true);
    if (at + 46 + nameLength > end) throw new ZipError(`central directory entry ${n + 1} of ${count} is broken`);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      localHeaderOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates every entry with the output capped at its declared size, so an archive that lies
 * about its sizes fails here instead of filling memory later. Throws ZipError on the first bad one.
 */
export function verifyZipEntries(bytes: Uint8Array, entries: readonly ZipEntry[]): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const at = entry.localHeaderOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_FILE_HEADER) {
      throw new ZipError(`entry ${entry.name} has no local header`);
    }
    const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(dataStart, dataStart + entry.compressedSize);
    if (dataStart + entry.compressedSize > bytes.length) throw new ZipError(`entry ${entry.name} is cut short`);
    if (entry.method === 0) continue;
    if (entry.method !== 8) throw new ZipError(`entry ${entry.name} uses unsupported compression method ${entry.method}`);
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError(`entry ${entry.name} expands beyond its declared size`);
      throw new ZipError(`entry ${entry.name} does not inflate (${code ?? 'bad data'})`);
    }
    if (inflated.length !== entry.uncompressedSize) throw new ZipError(`entry ${entry.name} does not match its declared size`);
  }
}
