// Opens the register a CLI command or the server works on: `--data DIR` (PGlite), else DATABASE_URL
// (PostgreSQL), else the per-user PGlite data directory.
import { openStore, type Store } from '../store/index.js';
import { storeRegister, type Register } from './register.js';
import { sharedRegister } from './shared-register.js';

export type { Store } from '../store/index.js';

/**
 * `dataDir` given explicitly wins over DATABASE_URL, so `--data` always means the embedded database.
 * `readOnly`: the caller only reads, so a data directory it may not write is read from a private copy.
 */
export function openRegister(dataDir: string | undefined, env: Record<string, string | undefined> = process.env, readOnly = false, brief = false): Promise<Store> {
  return dataDir ? openStore({ url: '', dataDir, env, readOnly, brief }) : openStore({ env, readOnly, brief });
}

/**
 * Runs `work` on the opened register and always closes it; `readOnly` as for openRegister. For one command
 * (the CLI): the register is opened lean (`brief`). A command run by `kizuna serve` for the CLI works on the
 * server's register (ops/shared-register.ts), which it neither opens nor closes.
 */
export async function withRegister<T>(
  dataDir: string | undefined,
  env: Record<string, string | undefined>,
  work: (store: Store) => Promise<T>,
  readOnly = false,
): Promise<T> {
  const lent = sharedRegister();
  if (lent) return work(lent);
  const store = await openRegister(dataDir, env, readOnly, true);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export interface OpenedRegister {
  register: Register;
  /** For the start-up line: `PGlite at ~/.local/share/kizuna` or the PostgreSQL URL without password. */
  description: string;
  store: Store;
  close(): Promise<void>;
}

export interface OpenAppRegisterOptions {
  /** PGlite data directory (`kizuna serve --data`). */
  data?: string;
  /** An in-memory PGlite database (tests, benches). */
  memory?: boolean;
  /** Start from a PGlite snapshot (`store.snapshot()`), which is much faster than migrating afresh. */
  snapshot?: Blob;
  env: Record<string, string | undefined>;
}

/** Opens the register with the app's interface over it (`kizuna serve`, the API tests and benches). */
export async function openAppRegister(options: OpenAppRegisterOptions): Promise<OpenedRegister> {
  const store = options.memory
    ? await openStore({ env: options.env, dataDir: 'memory://', url: '', ...(options.snapshot ? { pgliteSnapshot: options.snapshot } : {}) })
    : await openRegister(options.data, options.env);
  const register = storeRegister(store);
  // Caches and ETags follow the register's change notifications for as long as it is open.
  await register.changes.watch(store);
  return {
    register,
    description: `${store.engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} at ${store.location}`,
    store,
    async close() {
      await register.changes.close();
      await store.close();
    },
  };
}
