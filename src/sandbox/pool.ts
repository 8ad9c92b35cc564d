// The extraction sandbox: every document is read and extracted in a warm child process with a wall-clock
// and a memory limit. Past either the child is killed and replaced, the document gets a one-line error
// and the caller (a CLI batch, the server) goes on; the caller's own thread never runs a hostile parser.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import type { IngestOptions } from '../ingest/index.js';

export interface SandboxLimits {
  /** Wall-clock limit per document, from the moment a warm worker takes it. Default 30 s. */
  timeoutMs: number;
  /** Resident memory limit per worker process (and its JavaScript heap). Default 512 MiB. */
  memoryMb: number;
  /** Worker processes kept warm, at most one per core. Default 2 (fewer on one core). */
  workers: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { timeoutMs: 30_000, memoryMb: 512, workers: 2 };

/**
 * Limits from the environment: `KIZUNA_JOB_TIMEOUT` (seconds), `KIZUNA_JOB_MEMORY` (MiB), `KIZUNA_WORKERS`;
 * unset or unusable values keep the defaults. Example: `KIZUNA_JOB_TIMEOUT=120 kizuna ingest big.pdf`.
 */
export function limitsFromEnv(env: Record<string, string | undefined> = process.env): SandboxLimits {
  const positive = (value: string | undefined) => {
    const n = Number(value);
    return value && Number.isFinite(n) && n > 0 ? n : undefined;
  };
  return {
    timeoutMs: (positive(env.KIZUNA_JOB_TIMEOUT) ?? DEFAULT_LIMITS.timeoutMs / 1000) * 1000,
    memoryMb: Math.round(positive(env.KIZUNA_JOB_MEMORY) ?? DEFAULT_LIMITS.memoryMb),
    workers: Math.max(1, Math.min(availableParallelism(), Math.round(positive(env.KIZUNA_WORKERS) ?? DEFAULT_LIMITS.workers))),
  };
}

/** A document given by path (read inside the worker) or as bytes already received (an upload). */
export type JobSource = { path: string } | { name: string; bytes: Uint8Array };

/** `ingest`: the normalized text only (readouts); `extract`: ingest, tree and extraction. */
export type JobKind = 'ingest' | 'extract';

export interface JobRequest {
  id: number;
  kind: JobKind;
  source: JobSource;
  options: IngestOptions;
}

export type JobReply = { ready: true } | { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

interface JobCost {
  /** Wall-clock time from dispatch to answer. */
  ms: number;
  /** The worker's peak resident memory during the job (Linux; null elsewhere). */
  peakBytes: number | null;
}

/**
 * How a job ended. `escaped`: the pipeline threw instead of answering with a message (a bug);
 * `timeout`/`memory`: a limit was hit and the worker killed; `crashed`: the worker died on its own.
 */
export type JobOutcome<T> = JobCost &
  (
    | { status: 'done'; result: T }
    | { status: 'escaped'; detail: string }
    | { status: 'timeout' }
    | { status: 'memory' }
    | { status: 'crashed'; detail: string }
  );

interface Pending {
  request: Omit<JobRequest, 'id'>;
  resolve: (outcome: JobOutcome<unknown>) => void;
  /** Only for a job that could not be sent to a worker at all (the caller's mistake, not the document's). */
  reject: (error: Error) => void;
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  job: { id: number; pending: Pending; started: number; timer: NodeJS.Timeout; watch: NodeJS.Timeout | null; killedFor: 'timeout' | 'memory' | null } | null;
  stderr: string;
}

/** The worker entry beside this file: `worker.ts` under tsx (sources, tests), `worker.js` in the built package. */
function workerEntry(): { path: string; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  const path = fileURLToPath(new URL(fromSources ? './worker.ts' : './worker.js', import.meta.url));
  // Compiled code needs no TypeScript loader, and tsx would transform PDF.js for seconds and 300 MiB.
  const execArgv = loaderFlags(process.execArgv).filter((arg, i, all) => fromSources || !(arg.includes('tsx') || all[i + 1]?.includes('tsx')));
  if (fromSources && !execArgv.some((arg) => arg.includes('tsx'))) execArgv.push('--import', import.meta.resolve('tsx'));
  return { path, execArgv };
}

/**
 * The parent's flags that decide how modules load (`--import tsx`, `--conditions`, `--enable-source-maps`);
 * never `-e SCRIPT`, `--test` or `--inspect`, which belong to the parent alone.
 */
function loaderFlags(argv: readonly string[]): string[] {
  const withValue = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C']);
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.split('=')[0]!;
    if (withValue.has(name)) {
      if (arg.includes('=')) kept.push(arg);
      else if (i + 1 < argv.length) kept.push(arg, argv[++i]!);
    } else if (arg === '--enable-source-maps' || arg === '--no-warnings') kept.push(arg);
  }
  return kept;
}

/**
 * Why a job cannot cross to a worker process, as a TypeError naming the argument; null when it can. Options are
 * serialized as the channel would (small: limits, a media type, a vocabulary); a source is checked by shape
 * only, since copying an upload's bytes to test them would double its memory.
 */
function jobMisuse(source: JobSource, options: IngestOptions): TypeError | null {
  const shapeOk =
    source !== null &&
    typeof source === 'object' &&
    ('path' in source ? typeof source.path === 'string' : typeof source.name === 'string' && source.bytes instanceof Uint8Array);
  if (!shapeOk) return new TypeError('source must be { path: string } or { name: string, bytes: Uint8Array }');
  try {
    serialize(options);
    return null;
  } catch (error) {
    return new TypeError(`options cannot be sent to an extraction worker (${(error as Error).message}); pass plain data only`);
  }
}

const LINUX_PROC = process.platform === 'linux';

/** The last line that says something, e.g. "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'mammoth'…". */
function lastLine(text: string): string {
  const lines = text.split('\n').filter((line) => /\S/.test(line) && !/^\s+at |^Node\.js v/.test(line));
  return lines.at(-1)?.trim() ?? '';
}

/** A process's resident memory now and its peak, in bytes, from /proc (Linux); null elsewhere or if gone. */
function memoryOf(pid: number): { rss: number; peak: number } | null {
  if (!LINUX_PROC) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    // Example lines: "VmHWM:\t  236600 kB", "VmRSS:\t  159608 kB".
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Resets a process's peak resident memory to its current size, so the next peak is one job's. */
function resetPeak(pid: number): void {
  if (!LINUX_PROC) return;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not permitted here (some containers): the peak then covers the worker's life, an upper bound.
  }
}

export class SandboxPool {
  readonly limits: SandboxLimits;
  private readonly workers = new Set<Worker>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(limits: Partial<SandboxLimits> = {}, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.limits = { ...limitsFromEnv(env), ...limits };
  }

  /**
   * Runs one job in a worker; never rejects for anything the document does. It rejects with a TypeError naming
   * the argument when the job cannot be sent to a worker process (options holding a function, a class instance
   * with methods, a stream…): the job crosses a process boundary and must be plain data.
   */
  run<T>(kind: JobKind, source: JobSource, options: IngestOptions = {}): Promise<JobOutcome<T>> {
    if (this.closed) return Promise.reject(new Error('the extraction sandbox is closed'));
    const misuse = jobMisuse(source, options);
    if (misuse) return Promise.reject(misuse);
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { kind, source, options }, resolve: resolve as Pending['resolve'], reject });
      this.dispatch();
    });
  }

  /** Ends every worker; running jobs end as crashed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const worker of [...this.workers]) this.retire(worker, { status: 'crashed', detail: 'the sandbox was closed' });
  }

  private dispatch(): void {
    while (this.queue.length) {
      const idle = [...this.workers].find((w) => w.ready && !w.job);
      if (!idle) {
        if (this.workers.size < this.limits.workers) this.spawn();
        return;
      }
      this.start(idle, this.queue.shift()!);
    }
  }

  private spawn(): void {
    const { path, execArgv } = workerEntry();
    const child = fork(path, [String(this.limits.memoryMb)], {
      execArgv: [...execArgv, `--max-old-space-size=${this.limits.memoryMb}`, '--expose-gc'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: this.env,
    });
    const worker: Worker = { child, ready: false, job: null, stderr: '' };
    this.workers.add(worker);
    child.stderr?.setEncoding('utf8');
    // Keep the end of what the worker printed: V8 says "heap out of memory" there before it aborts.
    child.stderr?.on('data', (chunk: string) => (worker.stderr = (worker.stderr + chunk).slice(-4000)));
    child.on('message', (reply: JobReply) => this.onReply(worker, reply));
    child.on('exit', (code, signal) => {
      if (!this.workers.has(worker)) return;
      if (!worker.ready) {
        // It could not even start (a broken install): every waiting job fails, rather than respawning forever.
        this.workers.delete(worker);
        const detail = `the extraction worker could not start (${lastLine(worker.stderr) || signal || `exit ${code}`})`;
        for (const pending of this.queue.splice(0)) pending.resolve({ status: 'crashed', detail, ms: 0, peakBytes: null });
        return;
      }
      const outOfHeap = /heap out of memory|Reached heap limit/i.test(worker.stderr);
      this.retire(worker, outOfHeap ? { status: 'memory' } : { status: 'crashed', detail: `the worker stopped (${signal ?? `exit ${code}`})` });
      this.dispatch();
    });
    child.on('error', () => {
      // Spawning failed or the channel broke; 'exit' follows and retires the worker.
    });
  }

  private onReply(worker: Worker, reply: JobReply): void {
    if ('ready' in reply) {
      worker.ready = true;
      this.dispatch();
      if (!worker.job) this.idle(worker);
      return;
    }
    const job = worker.job;
    if (!job || job.id !== reply.id) return;
    const cost = this.finish(worker);
    // A heavy job can leave the heap grown: a fresh worker, rather than one whose next job starts near the
    // limit. Not for less: a warm worker keeps what it loaded (Japanese dictionary, about 250 MiB).
    if ((memoryOf(worker.child.pid!)?.rss ?? 0) > this.limits.memoryMb * 1024 * 1024 * 0.75) {
      this.workers.delete(worker);
      worker.child.kill('SIGKILL');
    }
    job.pending.resolve(reply.ok ? { ...cost, status: 'done', result: reply.result } : { ...cost, status: 'escaped', detail: reply.error });
    this.dispatch();
  }

  private start(worker: Worker, pending: Pending): void {
    const id = this.nextId++;
    const pid = worker.child.pid!;
    resetPeak(pid);
    const timer = setTimeout(() => this.kill(worker, 'timeout'), this.limits.timeoutMs);
    // V8's heap limit catches runaway JavaScript; this catches memory outside the heap (buffers, WebAssembly).
    const limit = this.limits.memoryMb * 1024 * 1024;
    const watch = LINUX_PROC
      ? setInterval(() => {
          const memory = memoryOf(pid);
          if (memory && memory.rss > limit) this.kill(worker, 'memory');
        }, 50)
      : null;
    worker.job = { id, pending, started: performance.now(), timer, watch, killedFor: null };
    worker.child.ref();
    (worker.child.channel as { ref?: () => void } | undefined)?.ref?.();
    (worker.child.stderr as Socket | null)?.ref();
    try {
      worker.child.send({ id, ...pending.request } satisfies JobRequest);
    } catch (error) {
      // Serialization throws before anything is written to the channel, so the worker is still clean and
      // idle. Thrown here, inside an IPC event, it would end the whole process instead of this one job.
      this.finish(worker);
      pending.reject(new TypeError(`the extraction sandbox cannot send this job to a worker: ${(error as Error).message}`));
    }
  }

  private kill(worker: Worker, reason: 'timeout' | 'memory'): void {
    if (!worker.job || worker.job.killedFor) return;
    worker.job.killedFor = reason;
    this.retire(worker, { status: reason });
    this.dispatch();
  }

  /** Stops the job's clocks and measures it; the worker is idle again. */
  private finish(worker: Worker): JobCost {
    const job = worker.job!;
    clearTimeout(job.timer);
    if (job.watch) clearInterval(job.watch);
    const peak = memoryOf(worker.child.pid!)?.peak ?? null;
    worker.job = null;
    this.idle(worker);
    return { ms: performance.now() - job.started, peakBytes: peak };
  }

  /** Removes a worker for good (killing it), answering its job, if any, with `outcome`. */
  private retire(worker: Worker, outcome: { status: 'timeout' | 'memory' } | { status: 'crashed'; detail: string }): void {
    this.workers.delete(worker);
    const job = worker.job;
    let cost: JobCost = { ms: 0, peakBytes: null };
    if (job) {
      const peak = memoryOf(worker.child.pid!)?.peak ?? null;
      clearTimeout(job.timer);
      if (job.watch) clearInterval(job.watch);
      cost = { ms: performance.now() - job.started, peakBytes: peak };
      worker.job = null;
    }
    worker.child.kill('SIGKILL');
    if (job) job.pending.resolve({ ...cost, ...outcome } as JobOutcome<unknown>);
  }

  /** An idle worker must not keep the process alive: a CLI run ends when its work is done. */
  private idle(worker: Worker): void {
    worker.child.unref();
    (worker.child.channel as { unref?: () => void } | undefined)?.unref?.();
    (worker.child.stderr as Socket | null)?.unref();
  }
}
