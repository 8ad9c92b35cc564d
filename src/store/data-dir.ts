// Where the embedded register lives when no directory is given: a module of its own, so the CLI can find a
// running server's door (ops/serve-door.ts) without loading the store.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** `$KIZUNA_DATA`, else `$XDG_DATA_HOME/kizuna`, else `~/.local/share/kizuna`. */
export function defaultDataDir(env: Record<string, string | undefined> = process.env): string {
  if (env.KIZUNA_DATA) return resolve(env.KIZUNA_DATA);
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'kizuna');
  return join(homedir(), '.local', 'share', 'kizuna');
}
