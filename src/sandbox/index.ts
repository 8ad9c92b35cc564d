// Documents read in the sandbox (see pool.ts), answered in the pipeline's own terms: a limit hit or a
// worker lost becomes one fatal message on the file (`plan.docx: took longer than 30 s [ingest/timeout]`).
import type { Message } from '../types.js';
import type { IngestOptions, IngestResult } from '../ingest/index.js';
import { DEFAULT_MAX_BYTES, tooLargeMessage } from '../ingest/limits.js';
import type { PipelineResult } from '../pipeline.js';
import { SandboxPool, type JobOutcome, type JobSource } from './pool.js';

export { SandboxPool, limitsFromEnv, DEFAULT_LIMITS, type SandboxLimits, type JobOutcome, type JobSource } from './pool.js';

let shared: SandboxPool | null = null;

/** The process's pool, created on first use with the limits of the environment. */
export function sharedSandbox(): SandboxPool {
  shared ??= new SandboxPool();
  return shared;
}

/** Ends the shared pool's workers (the server on shutdown; idle workers never keep a CLI run alive). */
export async function closeSharedSandbox(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}

/** What the person knows the file as: the name given in the options (an upload in a temporary file), else its own. */
const nameOf = (source: JobSource, options: IngestOptions) => options.name ?? ('path' in source ? source.path : source.name);

/** The one-line fatal message for a job that did not answer; null when it did. */
export function outcomeMessage(file: string, outcome: JobOutcome<unknown>, pool: SandboxPool): Message | null {
  const message = (rule: string, reason: string): Message => ({ file, rule, reason, place: null, fatal: true });
  switch (outcome.status) {
    case 'done':
      return null;
    case 'timeout':
      return message('ingest/timeout', `took longer than ${pool.limits.timeoutMs / 1000} s`);
    case 'memory':
      return message('ingest/memory', `needed more than ${pool.limits.memoryMb} MiB of memory`);
    case 'escaped':
      return message('ingest/failed', `could not be processed (${outcome.detail})`);
    case 'crashed':
      return message('ingest/crashed', `could not be processed: ${outcome.detail}`);
  }
}

/** Bytes over the size limit are refused here, before they are copied to a worker. */
function refuseOversized(source: JobSource, options: IngestOptions): Message[] | null {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!('bytes' in source) || source.bytes.byteLength <= maxBytes) return null;
  return [tooLargeMessage(source.name, source.bytes.byteLength, maxBytes)];
}

/** `extractFile`/`extractBytes` in a worker with the pool's limits. Never throws for the document. */
export async function extractInSandbox(source: JobSource, options: IngestOptions = {}, pool = sharedSandbox()): Promise<PipelineResult> {
  const tooLarge = refuseOversized(source, options);
  if (tooLarge) return { extraction: null, messages: tooLarge };
  const outcome = await pool.run<PipelineResult>('extract', source, options);
  if (outcome.status === 'done') return outcome.result;
  return { extraction: null, messages: [outcomeMessage(nameOf(source, options), outcome, pool)!] };
}

/** `ingestFile`/`ingestBytes` (normalized text only, as for readouts) in a worker. Never throws for the document. */
export async function ingestInSandbox(source: JobSource, options: IngestOptions = {}, pool = sharedSandbox()): Promise<IngestResult> {
  const tooLarge = refuseOversized(source, options);
  if (tooLarge) return { document: null, messages: tooLarge };
  const outcome = await pool.run<IngestResult>('ingest', source, options);
  if (outcome.status === 'done') return outcome.result;
  return { document: null, messages: [outcomeMessage(nameOf(source, options), outcome, pool)!] };
}
