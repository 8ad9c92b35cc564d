// Decides a file's format from its leading bytes first and its extension second.
import type { MediaType } from '../types.js';

const BY_EXTENSION: Record<string, MediaType> = {
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function detectMediaType(path: string, bytes: Uint8Array): { mediaType: MediaType } | { error: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  const byName = BY_EXTENSION[extension];
  if (byName) return { mediaType: byName };
  return { error: `unknown file type${extension ? ` '.${extension}'` : ''} (expected .txt, .md, .html, .pdf or .docx)` };
}
