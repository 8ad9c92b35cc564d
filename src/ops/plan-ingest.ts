// Ingest: extract a file and store the document, plan and everything found in it in ONE transaction
// (all or nothing), idempotent by the file's sha256; a newer plan of a partnership supersedes the older.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Message } from '../types.js';
import type { IngestOptions as ReadOptions } from '../ingest/index.js';
import { extractInSandbox } from '../sandbox/index.js';
import type { Store } from '../store/index.js';
import { planStore } from './plan-store.js';
import { duplicatesOfExtraction } from './plan-edit.js';
import { asStorageFull } from '../errors.js';
import { READ_ALL } from '../store/scope.js';

export { planStore, homeParty } from './plan-store.js';

export interface IngestOutcome {
  file: string;
  /** `created`: stored now; `existing`: the same bytes were already stored; `failed`: see messages. */
  status: 'created' | 'existing' | 'failed';
  planId: string | null;
  commitments: number;
  /** Every message about the file; a failed ingest has at least one fatal one. */
  messages: Message[];
}

export interface IngestOptions extends ReadOptions {
  /** Who ingests (recorded in the event log). */
  actor?: string;
  /** Told when the file is being read (extraction, in the sandbox) and when it is being stored. */
  onStage?: (stage: 'reading' | 'storing') => void;
  /** Publish the plan (`kizuna ingest --publish`); otherwise it is stored as a draft. */
  published?: boolean;
}

/**
 * Extracts `path` (in the sandbox: a time and memory limit) and stores it. Never throws for a problem in the file (it comes back as a fatal message);
 * throws only when the database fails. Ingesting the same bytes again returns the existing plan.
 */
export async function planIngest(store: Store, path: string, options: IngestOptions = {}): Promise<IngestOutcome> {
  const { onStage, ...readOptions } = options;
  onStage?.('reading');
  // The read options go to the sandbox's worker (copied there): the callback stays here.
  const { extraction, messages } = await extractInSandbox({ path }, readOptions);
  if (!extraction) return { file: path, status: 'failed', planId: null, commitments: 0, messages };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    return failed(path, messages, 'ingest/unreadable', `cannot read the file again to store it (${(error as Error).message})`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== extraction.document.sha256) {
    return failed(path, messages, 'ingest/changed', 'the file changed while it was being read');
  }
  // A near-identical plan already stored (same partnership and title, most commitments the same) is stored
  // anyway but reported, so a second copy of a document does not double the counts unnoticed.
  onStage?.('storing');
  const near = (await duplicatesOfExtraction(store, extraction, READ_ALL)).filter((d) => d.reason === 'near-identical');
  let stored: Awaited<ReturnType<typeof planStore>>;
  try {
    stored = await planStore(store, extraction, bytes, options);
  } catch (error) {
    // A full disk rolls the file's transaction back: this file is reported and the batch goes on (a smaller
    // file may still fit); anything else is a fault and stops the batch.
    const full = asStorageFull(error);
    if (full) return failed(path, messages, 'store/disk-full', full.message);
    throw error;
  }
  const warnings: Message[] = near.map((d) => ({
    file: path,
    rule: 'ingest/duplicate',
    reason: `looks like a duplicate of plan ${d.planId} (${d.documentName}): same partnership and title, ${Math.round(d.overlap * 100)}% of commitments worded the same; remove one with the web app or DELETE /api/plans/{id}`,
    place: null,
    fatal: false,
  }));
  return { file: path, ...stored, commitments: extraction.commitments.length, messages: [...messages, ...warnings] };
}

function failed(file: string, messages: Message[], rule: string, reason: string): IngestOutcome {
  return { file, status: 'failed', planId: null, commitments: 0, messages: [...messages, { file, rule, reason, place: null, fatal: true }] };
}
