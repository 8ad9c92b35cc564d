// Uploads waiting for review: what extraction found, kept in memory until the reviewer saves or abandons it.
import { randomUUID } from 'node:crypto';
import type { Extraction, Message } from '../types.js';

export interface Draft {
  id: string;
  name: string;
  bytes: Uint8Array;
  extraction: Extraction;
  messages: Message[];
  createdAt: number;
}

/**
 * A bounded in-memory store: drafts live one hour and at most `capacity` are kept (oldest dropped),
 * so abandoned uploads cannot grow the process without limit. Drafts do not survive a restart.
 */
export class DraftStore {
  readonly #drafts = new Map<string, Draft>();

  constructor(
    private readonly capacity = 20,
    private readonly ttlMs = 60 * 60 * 1000,
  ) {}

  add(name: string, bytes: Uint8Array, extraction: Extraction, messages: Message[], now = Date.now()): Draft {
    this.#expire(now);
    while (this.#drafts.size >= this.capacity) {
      const oldest = this.#drafts.keys().next().value;
      if (oldest === undefined) break;
      this.#drafts.delete(oldest);
    }
    const draft: Draft = { id: randomUUID(), name, bytes, extraction, messages, createdAt: now };
    this.#drafts.set(draft.id, draft);
    return draft;
  }

  get(id: string, now = Date.now()): Draft | undefined {
    this.#expire(now);
    return this.#drafts.get(id);
  }

  delete(id: string): void {
    this.#drafts.delete(id);
  }

  #expire(now: number): void {
    for (const [id, draft] of this.#drafts) {
      if (now - draft.createdAt > this.ttlMs) this.#drafts.delete(id);
    }
  }
}
