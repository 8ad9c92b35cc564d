// DOCX → text: the ZIP is checked for bombs and damage first, then mammoth turns it into HTML
// (headings, numbered and bulleted lists, tables survive) and the HTML path makes the text.
import mammoth from 'mammoth';
import { fromHtml } from './from-html.js';
import { readZipEntries, verifyZipEntries, ZipError, type ZipEntry } from './zip.js';

export type Extracted = { text: string } | { error: string; rule: string };

/**
 * Refuses archives whose entries would inflate past `limits.expanded` in total, or whose XML parts (what
 * mammoth parses, at about 1.4 s and 70 bytes of memory per byte) past `limits.xml`.
 */
export async function fromDocx(bytes: Uint8Array, limits: { expanded: number; xml: number }): Promise<Extracted> {
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
  if (expanded > limits.expanded) {
    return { error: `DOCX expands to ${expanded} bytes, over the limit of ${limits.expanded}`, rule: 'ingest/docx-too-large' };
  }
  // Example: word/document.xml, word/numbering.xml, word/_rels/document.xml.rels; not word/media/image1.png.
  const xml = entries.filter((entry) => /\.(xml|rels)$/i.test(entry.name)).reduce((total, entry) => total + entry.uncompressedSize, 0);
  if (xml > limits.xml) {
    return { error: `DOCX text parts expand to ${xml} bytes of XML, over the limit of ${limits.xml}`, rule: 'ingest/docx-too-large' };
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
