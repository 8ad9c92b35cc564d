// What makes the embedded register durable and private: PostgreSQL's fsync on (PGlite starts with it off)
// and its fsync calls reaching the disk, files 0600 and folders 0700, and a private copy for reading a data
// directory this process may not write.
import { accessSync, chmodSync, constants, cpSync, existsSync, fsyncSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from './lock.js';

/**
 * PGlite's start-up flags without `-F` (fsync off), and WAL flushed with fsync(): PGlite's WebAssembly
 * fdatasync() is a no-op, its fsync() reaches the file system (see syncWritesToDisk).
 */
export function DURABLE_START_PARAMS(PGlite: { defaultStartParams?: string[] }): string[] {
  const defaults = PGlite.defaultStartParams ?? ['--single', '-O', '-j', '-c', 'search_path=public', '-c', 'exit_on_error=false'];
  return [...defaults.filter((param) => param !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
}

interface NodeFsStream {
  nfd?: number;
}

/**
 * PGlite's Node file system has no fsync: PostgreSQL's flush of a commit would return without reaching
 * the disk. This gives it one, so a commit acknowledged is a commit on disk (one fsync per commit).
 */
export function syncWritesToDisk(pglite: object): void {
  const nodefs = (pglite as { mod?: { NODEFS?: { stream_ops: { fsync?: (stream: NodeFsStream) => number } } } }).mod?.NODEFS;
  if (!nodefs) throw new Error('this PGlite version does not expose its Node file system; durable writes cannot be ensured');
  nodefs.stream_ops.fsync = (stream) => {
    if (stream.nfd !== undefined) fsyncSync(stream.nfd);
    return 0;
  };
}

/**
 * Files this process creates from now on are its user's alone (umask 077), and a data directory made
 * before is brought to 0700 folders and 0600 files. The umask is process-wide on purpose: exports and
 * everything else a register's process writes are private too.
 */
export function keepPrivate(dataDir: string): void {
  process.umask(0o077);
  if (!existsSync(dataDir)) return;
  try {
    chmodTree(dataDir, false);
  } catch (error) {
    // A directory we may not change (read-only): it is opened as a copy, see privateCopy.
    if (!['EROFS', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/** Folders 0700 and files 0600 beneath `root`; `always` also where the mode is already private (a read-only copy). */
function chmodTree(root: string, always: boolean): void {
  const visit = (path: string): void => {
    const info = statSync(path);
    if (info.isDirectory()) {
      if (always || info.mode & 0o077) chmodSync(path, 0o700);
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (info.isFile() && (always || info.mode & 0o077)) {
      chmodSync(path, 0o600);
    }
  };
  visit(root);
}

/** True when this process may write `dir`, or `dir` does not exist yet (it will be created). */
export function writable(dir: string): boolean {
  if (!existsSync(dir)) return true;
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A private, writable copy of a data directory (without its lock file), removed by `remove()`. */
export function privateCopy(dataDir: string): { dir: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'kizuna-read-'));
  const dir = join(root, 'data');
  cpSync(dataDir, dir, { recursive: true, filter: (source) => !source.endsWith(`/${LOCK_FILE}`) && !source.endsWith('/postmaster.pid') });
  chmodTree(dir, true);
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
