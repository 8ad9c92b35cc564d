// DOCX → text: the ZIP is checked for bombs and damage first, then mammoth turns it into HTML
// (headings, numbered and bulleted lists, tables survive) and the HTML path makes the text.
import mammoth from 'mammoth';
import { fromHtml } from './from-html.js';
import { readZipEntries, verifyZipEntries, ZipError, type ZipEntry } from './zip.js';

export type Extracted = { text: string } | { error: string; rule: string };

/** Refuses archives whose entries would inflate past `maxExpandedBytes` in total. */
export async function fromDocx(bytes: Uint8Array, maxExpandedBytes: number): Promise<Extracted> {
  let entries: ZipEntry[];
  try {
    entries = readZipEntries(bytes);
  } catch (error) {
    return damaged(error);
  }
  if (!entries.some((entry) => entry.name === 'word/document.xml')) {
    return { error: 'DOCX is damaged (no word/document.xml in the archive)', rule: 'ingest/docx-damaged' };
  }
  // 0xFFFFFFFF means "see the ZIP64 field": at least 4 GiB, past any sane limit.
  const expanded = entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
  if (expanded > maxExpandedBytes) {
    return { error: `DOCX expands to ${expanded} bytes, over the limit of ${maxExpandedBytes}`, rule: 'ingest/docx-too-large' };
  }
  try {
    verifyZipEntries(bytes, entries);
  } catch (error) {
    return damaged(error);
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        externalFileAccess: false,
        // Images carry no text; an empty src keeps their bytes out of the HTML.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
      },
    );
    html = result.value;
  } catch (error) {
    return damaged(error);
  }
  return fromHtml(html);
}

function damaged(error: unknown): Extracted {
  const detail = error instanceof ZipError ? error.message : ((error as Error)?.message ?? String(error)).split('\n')[0];
  return { error: `DOCX is damaged (${(detail ?? 'unreadable').replace(/\.$/, '')})`, rule: 'ingest/docx-damaged' };
}
