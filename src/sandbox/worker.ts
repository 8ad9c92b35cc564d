// The child process of the extraction sandbox: reads and extracts one document per job, sent by the pool
// over IPC. It stays warm between jobs (readers, vocabulary and dictionaries load once per process).
import { extractBytes, extractFile } from '../pipeline.js';
import { ingestBytes, ingestFile } from '../ingest/index.js';
import type { JobReply, JobRequest } from './pool.js';

async function run(job: JobRequest): Promise<unknown> {
  const { source, kind, options } = job;
  if (kind === 'ingest') return 'path' in source ? ingestFile(source.path, options) : ingestBytes(source.name, source.bytes, options);
  return 'path' in source ? extractFile(source.path, options) : extractBytes(source.name, source.bytes, options);
}

/** The pool's memory limit (first argument): past half of it, garbage is collected before answering. */
const collectAbove = (Number(process.argv[2]) || 512) * 1024 * 1024 * 0.5;

process.on('message', (job: JobRequest) => {
  run(job).then(
    (result) => {
      // So the pool, measuring after the answer, keeps this warm worker rather than replacing it for garbage.
      if (process.memoryUsage().rss > collectAbove) (globalThis as { gc?: () => void }).gc?.();
      send({ id: job.id, ok: true, result });
    },
    // The pipeline promises messages, not throws: an exception here is a bug, reported as such.
    (error: unknown) => send({ id: job.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});

// The pool closing its end (or dying) ends this process: nothing is left running.
process.on('disconnect', () => process.exit(0));

function send(reply: JobReply): void {
  process.send?.(reply);
}

send({ ready: true });
