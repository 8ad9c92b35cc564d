// A commitment list whose total is the planner's estimate (counting would cost more than the page, queries.ts
// listTotal: several filters at a million commitments) says so wherever the total shows and still pages on: the
// API's `totalExact` and links, the list page's "about N" in English and Japanese. The register here counts
// nothing (a count cost limit of 0), so the demo's lists get the estimates a large register's would.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hono } from 'hono';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { createApp } from '../../src/server.js';
import { DraftStore } from '../../src/ops/drafts.js';
import { withoutQuery } from '../../src/ops/filter.js';
import type { Register } from '../../src/ops/register.js';
import { listCommitments } from '../../src/store/queries.js';
import { loadVocabulary } from '../../src/vocab/index.js';

const ALL = { all: true } as const;
let t: TestApp;
let app: Hono;
before(async () => {
  t = await seededApp({ seed: 'demo' });
  const { register, store } = t.opened;
  const estimated: Register['listCommitments'] = (filter, page) => listCommitments(store.db, withoutQuery(filter), page, ALL, 0);
  const estimating: Register = {
    ...register,
    listCommitments: estimated,
    async search(filter, page) {
      const result = await register.search(filter, page);
      if (filter.q?.trim()) return result;
      const list = await estimated(filter, page);
      return { ...result, total: list.total, totalExact: list.totalExact, ranked: list.total };
    },
  };
  app = createApp({ register: estimating, store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 1 << 20, now: () => new Date('2026-06-01T00:00:00Z') });
});
after(async () => {
  await t?.opened.close();
});

interface ListBody {
  items: { id: string }[];
  total: number;
  totalExact: boolean;
  next?: string;
  links: { next?: string; last?: string };
}
const json = async (path: string) => {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  return (await response.json()) as ListBody;
};

test('GET /api/commitments marks an estimated total, and its links and `next` still walk the whole list', async () => {
  const filter = 'theme=energy&strength=intent';
  const exact = (await (await t.app.request(`/api/commitments?${filter}&limit=200`)).json()) as ListBody;
  assert.equal(exact.totalExact, true, 'the real register counts the demo exactly');
  assert.ok(exact.total > 6, `enough to page (${exact.total})`);
  // A page size that leaves the last page short, so that page ends the list (a full last page promises more).
  const limit = [3, 4, 5].find((n) => exact.total % n !== 0)!;
  const first = await json(`/api/commitments?${filter}&limit=${limit}`);
  assert.equal(first.totalExact, false);
  assert.ok(first.total >= limit + 1, `an estimate never below the page and the one more \`next\` promises (${first.total})`);
  assert.equal(first.links.last, undefined, 'no last page is claimed from an estimate');
  const byOffset: string[] = [];
  let path: string | undefined = `/api/commitments?${filter}&limit=${limit}`;
  let body: ListBody | undefined;
  for (let pages = 0; path && pages < 100; pages++) {
    body = await json(path);
    byOffset.push(...body.items.map((c) => c.id));
    path = body.links.next;
  }
  assert.deepEqual(byOffset, exact.items.map((c) => c.id), 'the offset links walk every match once');
  assert.deepEqual([body!.total, body!.totalExact], [exact.total, true], 'the page that ends the list knows the total');
  const byCursor: string[] = [];
  body = first;
  byCursor.push(...first.items.map((c) => c.id));
  while (body.next) {
    body = await json(`/api/commitments?${filter}&limit=${limit}&after=${body.next}`);
    byCursor.push(...body.items.map((c) => c.id));
  }
  assert.deepEqual(byCursor, byOffset, 'the keyset cursor walks the same');
  const search = await json(`/api/search?${filter}&limit=3`);
  assert.deepEqual([search.totalExact, search.links.last], [false, undefined], 'the search without a query is the list, estimate and all');
});

test('the list page says "about N" in English and 約N件 in Japanese when the total is an estimate', async () => {
  const page = async (lang: string) => {
    const response = await app.request(`/search?theme=science_research&strength=intent&lang=${lang}`);
    assert.equal(response.status, 200);
    return response.text();
  };
  const en = await page('en');
  assert.match(en, /about [\d,]+ commitments \(an estimate/);
  assert.match(en, /1–25 of about [\d,]+/);
  assert.match(en, /rel="next"/);
  const ja = await page('ja');
  assert.match(ja, /約[\d,]+件のコミットメント（概数/);
  assert.match(ja, /約[\d,]+件中 1–25件/);
  const exact = await (await t.app.request('/search?theme=science_research&strength=intent&lang=en')).text();
  assert.doesNotMatch(exact, /about [\d,]+/, 'a counted total is shown as it is');
});
