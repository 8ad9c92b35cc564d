// How much a document may be: the limits ingest checks, in a module light enough for the server's own
// thread (the sandbox refuses oversized uploads before copying them to a worker).
import type { Message } from '../types.js';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_EXPANDED_BYTES = 100 * 1024 * 1024;
/** About 250 pages of Word XML; the longest plans in the corpus have a tenth of it. */
export const DEFAULT_MAX_DOCX_XML_BYTES = 4 * 1024 * 1024;
/**
 * About 700 pages of text, fifty times the longest plan in the corpus: past it extraction could take
 * longer than the sandbox's time limit (dense text runs at about 0.4 MB/s).
 */
export const DEFAULT_MAX_TEXT_LENGTH = 2_000_000;

/** The one-line refusal of a file over `maxBytes`: `plan.pdf: file is 60000000 bytes, over the limit of 52428800 bytes`. */
export function tooLargeMessage(file: string, size: number, maxBytes: number): Message {
  return { file, rule: 'ingest/too-large', reason: `file is ${size} bytes, over the limit of ${maxBytes} bytes`, place: null, fatal: true };
}
