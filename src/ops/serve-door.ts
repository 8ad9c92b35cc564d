// Where a running `kizuna serve` tells the CLI how to reach it: `kizuna-serve.json` in the embedded register's
// data directory, holding the loopback address of the server's CLI door and a random token (the door and
// its checks are in cli/door.ts). The file is 0600 in a 0700 directory, so only the register's owner, who
// may open the register anyway, can read the token; it is removed when serve stops, and one left by a
// killed server names a dead process or a closed port, so the CLI then opens the register itself.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultDataDir } from '../store/data-dir.js';

export const DOOR_FILE = 'kizuna-serve.json';

export interface Door {
  /** `http://127.0.0.1:PORT/`: the door listens on the loopback interface only. */
  url: string;
  token: string;
  pid: number;
}

/** The embedded register's directory a command with `--data DIR` (or none) works on; null for PostgreSQL. */
export function registerDir(data: string | undefined, env: Record<string, string | undefined>): string | null {
  if (data) return resolve(data);
  if (env.DATABASE_URL && /^postgres(ql)?:\/\//.test(env.DATABASE_URL)) return null;
  return defaultDataDir(env);
}

/** Publishes the door (written whole, then renamed into place); the returned function withdraws it. */
export function publishDoor(dir: string, door: Door): () => void {
  const path = join(dir, DOOR_FILE);
  const partial = `${path}.${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(door)}\n`, { mode: 0o600 });
  renameSync(partial, path);
  return () => rmSync(path, { force: true });
}

/** The door of a server running on `dir`, or null: no file, an unreadable one, or its process is gone. */
export function findDoor(dir: string): Door | null {
  let door: Partial<Door>;
  try {
    door = JSON.parse(readFileSync(join(dir, DOOR_FILE), 'utf8')) as Partial<Door>;
  } catch {
    return null;
  }
  if (typeof door.token !== 'string' || typeof door.pid !== 'number' || typeof door.url !== 'string') return null;
  if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(door.url)) return null;
  try {
    process.kill(door.pid, 0);
  } catch (error) {
    // EPERM: the process exists (another user's); only ESRCH says it is gone.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return null;
  }
  return door as Door;
}
