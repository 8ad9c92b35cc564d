// The register a running server lends to the CLI commands it runs for its door (cli/door.ts): inside such a
// command, withRegister works on the server's open register instead of opening (and locking) the directory.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store } from '../store/index.js';

const lent = new AsyncLocalStorage<Store>();

/** Runs `work` with `store` as the register every withRegister inside it uses. */
export function onSharedRegister<T>(store: Store, work: () => Promise<T>): Promise<T> {
  return lent.run(store, work);
}

/** The register lent to the command running now, if any. */
export function sharedRegister(): Store | undefined {
  return lent.getStore();
}
