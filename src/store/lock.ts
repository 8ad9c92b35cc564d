// The single-writer lock of an embedded register: a kernel lock (flock) on `kizuna.lock` inside the data
// directory. The kernel knows the file, not the path, so a symlink, a bind mount or a second PID namespace on
// the same volume meets the same lock; it is released when its process ends, however it ends (kill -9).
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { KizunaError, StoreBusyError } from '../errors.js';

/** fs-ext's flockSync: `ex`/`sh` with `nb` (do not wait), `un` to release; throws EAGAIN/EWOULDBLOCK when held. */
type FlockSync = (fd: number, flags: 'exnb' | 'un') => void;
let flock: FlockSync | undefined;

/**
 * fs-ext, loaded when a writer first needs it: read-only commands never do, and an install whose native build
 * was skipped (npm 11 runs install scripts only where the installing project allows them) gets one clear line.
 */
function flockSync(fd: number, flags: 'exnb' | 'un'): void {
  if (!flock) {
    try {
      flock = (createRequire(import.meta.url)('fs-ext') as { flockSync: FlockSync }).flockSync;
    } catch (error) {
      throw new KizunaError(
        'internal',
        `the register's single-writer lock needs fs-ext built (${(error as Error).message.split('\n')[0]}): allow its install script ("allowScripts": {"fs-ext": true} in your package.json, or \`npm install-scripts approve fs-ext\`), then \`npm rebuild fs-ext\``,
      );
    }
  }
  flock(fd, flags);
}

export const LOCK_FILE = 'kizuna.lock';

/** Who holds a lock, as its file says: written by the holder after it took the lock. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/**
 * Takes the writer's lock of `dataDir` (created 0700 if missing), or throws StoreBusyError naming the holder:
 * `data directory /srv/kizuna is in use by process 4711 on host web-1 since 2026-11-30T17:02:11Z`.
 * The returned function releases it; the file stays (deleting it would race a process opening it).
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM') throw error;
    throw new KizunaError('conflict', `data directory ${dataDir} is read-only here: it can be read (list, search, show, export) but not written`);
  }
  try {
    flockSync(fd, 'exnb');
  } catch (error) {
    closeSync(fd);
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw error;
    throw new StoreBusyError(`data directory ${dataDir} is in use by ${describe(readHolder(path))} (is 'kizuna serve' running?)`);
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
  ftruncateSync(fd, 0);
  writeSync(fd, `${JSON.stringify(holder)}\n`, 0);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    flockSync(fd, 'un');
    closeSync(fd);
  };
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' ? holder : null;
  } catch {
    // The holder has not written its line yet, or wrote something else.
    return null;
  }
}

function describe(holder: LockHolder | null): string {
  return holder ? `process ${holder.pid} on host ${holder.host} since ${holder.since}` : 'another process';
}
