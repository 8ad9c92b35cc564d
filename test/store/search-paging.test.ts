// Keyset paging of searches: following each page's cursor (rank, then id) visits every ranked hit once, in the
// order a single page shows them, however many hits share a rank, within the ranked candidates, in both modes.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines } from './engines.js';
import { makeExtraction } from './fixture.js';
import type { Store } from '../../src/store/index.js';
import type { Vocabulary } from '../../src/vocab/index.js';
import { planStore } from '../../src/ops/plan-store.js';
import { searchCommitments } from '../../src/store/queries.js';
import type { SearchCursor } from '../../src/store/views.js';

const ALL = { all: true } as const;
const vocabulary: Pick<Vocabulary, 'parties' | 'organizations'> = {
  organizations: [],
  parties: [
    { code: 'JP', names: ['Japan'], adjectives: [] },
    { code: 'DK', names: ['Denmark'], adjectives: [] },
  ],
};

// Eleven commitments ranked alike for "solar" (same words, same length; only a letter differs), three ranked
// otherwise, and Japanese ones that tie as written.
const tied = 'abcdefghijk'.split('').map((letter) => ({ text: `Promote solar power cooperation in region ${letter}.` }));
const plan = makeExtraction({
  title: 'Japan-Denmark Solar Program 2024-2028',
  parties: ['JP', 'DK'],
  period: ['2024', '2028'],
  commitments: [
    ...tied,
    { text: 'Solar, solar and more solar: a solar research centre.' },
    { text: 'Hold a dialogue on energy including solar.' },
    { text: 'Exchange experts on offshore wind and solar power, and on grids, storage and markets for renewable energy.' },
    ...['一', '二', '三', '四', '五'].map((n) => ({ text: `太陽光の協力を強化する（第${n}項）。` })),
  ],
});

/** Every hit of `query` by following cursors, `limit` at a time; fails on a loop. */
async function byCursor(store: Store, query: string, limit: number, candidates?: number): Promise<{ ids: string[]; positions: number[] }> {
  const ids: string[] = [];
  const positions: number[] = [];
  let after: SearchCursor | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await searchCommitments(store.db, query, {}, { limit, offset: 0, ...(after ? { afterHit: after } : {}) }, ALL, candidates);
    ids.push(...result.items.map((h) => h.commitment.id));
    if (!result.nextHit) return { ids, positions };
    assert.equal(result.items.length, limit, 'a page with a cursor after it is full');
    positions.push(result.nextHit.position);
    after = result.nextHit;
  }
  assert.fail('the cursors never ended');
}

for (const engine of engines) {
  describe(`search paging on ${engine.name}`, () => {
    let store: Store;
    before(async () => {
      store = await engine.open();
      await planStore(store, plan.extraction, plan.bytes, { vocabulary, actor: 'test' });
    });

    it('pages through every hit by cursor, once each and in ranked order, ties broken by id', async () => {
      const whole = await searchCommitments(store.db, 'solar', {}, { limit: 100, offset: 0 }, ALL);
      assert.equal(whole.mode, 'fulltext');
      assert.equal(whole.items.length, 14);
      assert.equal(whole.nextHit, undefined, 'no cursor when nothing follows');
      const ranks = whole.items.map((h) => h.rank);
      assert.ok(new Set(ranks).size < ranks.length - 5, `many hits share a rank (${ranks.join(', ')})`);
      for (let i = 1; i < whole.items.length; i++) {
        const [a, b] = [whole.items[i - 1]!, whole.items[i]!];
        assert.ok(a.rank > b.rank || (a.rank === b.rank && a.commitment.id < b.commitment.id), 'rank, then id');
      }
      for (const limit of [1, 2, 3, 5, 13, 14]) {
        const { ids, positions } = await byCursor(store, 'solar', limit);
        assert.deepEqual(ids, whole.items.map((h) => h.commitment.id), `pages of ${limit}: no gap, no repeat`);
        assert.deepEqual(positions, positions.map((_, i) => (i + 1) * limit), 'each cursor says how many hits came before');
      }
      // Offsets after a cursor count from it, as in lists.
      const first = await searchCommitments(store.db, 'solar', {}, { limit: 2, offset: 0 }, ALL);
      const skipped = await searchCommitments(store.db, 'solar', {}, { limit: 2, offset: 3, afterHit: first.nextHit! }, ALL);
      assert.deepEqual(skipped.items.map((h) => h.commitment.id), whole.items.slice(5, 7).map((h) => h.commitment.id));
    });

    it('cursor pages stop where the ranked candidates stop, as offset pages do', async () => {
      const bounded = await searchCommitments(store.db, 'solar', {}, { limit: 100, offset: 0 }, ALL, 8);
      assert.deepEqual([bounded.ranked, bounded.totalExact, bounded.items.length], [8, false, 8]);
      for (const limit of [3, 4, 8]) {
        const { ids } = await byCursor(store, 'solar', limit, 8);
        assert.deepEqual(ids, bounded.items.map((h) => h.commitment.id), `pages of ${limit} over 8 ranked of 14`);
      }
    });

    it('every connection scans tables from their first page, so a capped search ranks the same candidates on every call', async () => {
      // A synchronized scan (the default) starts where the last scan of a large table stopped: the first page and
      // the cursor's next page of a broad query would rank different candidates. Every pooled connection is asked.
      const settings = await Promise.all(
        Array.from({ length: 12 }, () => sql<{ synchronize_seqscans: string }>`show synchronize_seqscans`.execute(store.db)),
      );
      assert.deepEqual([...new Set(settings.map((r) => r.rows[0]?.synchronize_seqscans))], ['off']);
    });

    it('pages Japanese (substring) hits by cursor too', async () => {
      const whole = await searchCommitments(store.db, '太陽光', {}, { limit: 100, offset: 0 }, ALL);
      assert.equal(whole.mode, 'substring');
      assert.equal(whole.items.length, 5);
      const { ids } = await byCursor(store, '太陽光', 2);
      assert.deepEqual(ids, whole.items.map((h) => h.commitment.id));
    });
  });
}
