// The whole document flow as one call: extract(buildTree(ingest(file))).
import type { Extraction, IngestedDocument, Message } from './types.js';
import { ingestFile, ingestBytes, type IngestOptions } from './ingest/index.js';
import { buildTree } from './tree/index.js';
import { extract } from './extract/index.js';
import { loadVocabulary, type Vocabulary } from './vocab/index.js';
import { isJapaneseText, loadJapaneseAnalyzer } from './ja/analyzer.js';

export interface PipelineOptions extends IngestOptions {
  /** Gazetteer, themes and cues; defaults to the bundled vocabulary plus any user extension. */
  vocabulary?: Vocabulary;
}

export interface PipelineResult {
  /** Null when a fatal message stopped the file. */
  extraction: Extraction | null;
  messages: Message[];
}

/** Extracts the register of one file; problems in the file come back as messages, never as throws. */
export async function extractFile(path: string, options: PipelineOptions = {}): Promise<PipelineResult> {
  return finish(await ingestFile(path, options), options);
}

/** Same as extractFile for bytes in memory (an upload); `name` is used for the document and messages. */
export async function extractBytes(name: string, bytes: Uint8Array, options: PipelineOptions = {}): Promise<PipelineResult> {
  return finish(await ingestBytes(name, bytes, options), options);
}

/**
 * Tree and extraction for a document already ingested (pure, synchronous). A Japanese document loads the analyzer's
 * dictionary synchronously on first use unless `loadJapaneseAnalyzer()` was awaited before (extractFile does).
 */
export function extractDocument(document: IngestedDocument, vocabulary: Vocabulary = loadVocabulary()): Extraction {
  return extract(document, buildTree(document), vocabulary);
}

async function finish(
  ingested: { document: IngestedDocument | null; messages: Message[] },
  options: PipelineOptions,
): Promise<PipelineResult> {
  if (!ingested.document) return { extraction: null, messages: ingested.messages };
  // The Japanese analyzer's dictionary is read without blocking, once, and only when a Japanese document needs it.
  if (isJapaneseText(ingested.document.text)) await loadJapaneseAnalyzer();
  const extraction = extractDocument(ingested.document, options.vocabulary ?? loadVocabulary());
  return { extraction, messages: extraction.messages };
}
