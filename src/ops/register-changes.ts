// The register's change counter: one number that moves whenever the register may have changed, known without
// asking the database, so caches (whole-register aggregates, whole responses) and ETags stay exact and cost nothing.
import type { Store } from '../store/index.js';

/**
 * While watching, the counter moves on every committed change (the store's notification, from any process)
 * and on every write this process finishes (`changed()`, called before its answer is sent, so the writer's
 * next read never sees the old state). Not watching (the CLI, or the notifications were lost), every reading
 * is a new number: nothing is ever served from a cache.
 */
export class RegisterChanges {
  #generation = 0;
  #watching = false;
  #stop: (() => Promise<void>) | null = null;
  readonly #listeners = new Set<() => void>();

  /** The current generation; equal numbers mean nothing changed in between. */
  current(): number {
    return this.#watching ? this.#generation : ++this.#generation;
  }

  /** Something may have changed (a write made here, or a notification). */
  changed(): void {
    this.#generation++;
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` after every change (to re-warm caches). */
  onChange(listener: () => void): void {
    this.#listeners.add(listener);
  }

  /** Starts following the store's change notifications; when they break, caching stops until watched again. */
  async watch(store: Store): Promise<void> {
    if (this.#stop) return;
    this.#stop = await store.watch(
      () => this.changed(),
      () => {
        this.#watching = false;
        this.#stop = null;
        this.changed();
      },
    );
    this.#watching = true;
    this.changed();
  }

  async close(): Promise<void> {
    this.#watching = false;
    const stop = this.#stop;
    this.#stop = null;
    await stop?.();
  }
}
