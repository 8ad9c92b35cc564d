// Opens the register a CLI command or the server works on: `--data DIR` (PGlite), else DATABASE_URL
// (PostgreSQL), else the per-user PGlite data directory.
import { openStore, type Store } from '../store/index.js';

export type { Store } from '../store/index.js';

/** `dataDir` given explicitly wins over DATABASE_URL, so `--data` always means the embedded database. */
export function openRegister(dataDir: string | undefined, env: Record<string, string | undefined> = process.env): Promise<Store> {
  return dataDir ? openStore({ url: '', dataDir, env }) : openStore({ env });
}

/** Runs `work` on the opened register and always closes it. */
export async function withRegister<T>(dataDir: string | undefined, env: Record<string, string | undefined>, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openRegister(dataDir, env);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
