// The search page and GET /api/search page by the same keyset cursor: following either's "next" visits every
// ranked hit once, in the order one long page gives them (the demo's real plans: "cooperation" fills many pages).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp, type TestApp } from '../helpers/web-app.js';

let t: TestApp;
before(async () => {
  t = await seededApp({ seed: 'demo' });
});
after(async () => {
  await t?.opened.close();
});

interface SearchBody {
  items: { commitment: { id: string } }[];
  next?: string;
  ranked: number;
  links: { self: string; next?: string };
}
const api = async (path: string) => {
  const response = await t.app.request(path);
  assert.equal(response.status, 200, path);
  return (await response.json()) as SearchBody;
};
const ids = (body: SearchBody) => body.items.map((h) => h.commitment.id);
const unescape = (text: string) => text.replaceAll('&amp;', '&');

test('GET /api/search: `next` and links.next page through every ranked hit, none twice, none skipped', async () => {
  const whole = await api('/api/search?q=cooperation&limit=200');
  assert.ok(whole.ranked > 60 && whole.items.length === whole.ranked, `${whole.ranked} hits, all on one page`);
  const seen: string[] = [];
  let body = await api('/api/search?q=cooperation&limit=7');
  seen.push(...ids(body));
  for (let page = 0; body.next && page < 100; page++) {
    const path = `/api/search?q=cooperation&limit=7&after=${body.next}`;
    const next = await api(path);
    assert.equal(next.links.self, path);
    if (next.next) assert.equal(next.links.next, `/api/search?q=cooperation&limit=7&after=${next.next}`);
    body = next;
    seen.push(...ids(body));
  }
  assert.deepEqual(seen, ids(whole));
  // Without a query the search lists commitments, and its cursor is a list's.
  const listed = await api('/api/search?limit=5');
  assert.ok(listed.next);
  const listedNext = (await (await t.app.request('/api/commitments?limit=10')).json()) as { items: { id: string }[] };
  assert.deepEqual(ids(await api(`/api/search?limit=5&after=${listed.next}`)), listedNext.items.slice(5).map((c) => c.id));
  for (const bad of ['not-a-cursor', listed.next!, Buffer.from('[0.5,"x",-1]').toString('base64url')]) {
    const refused = await t.app.request(`/api/search?q=cooperation&after=${bad}`);
    assert.equal(refused.status, 400, `after=${bad}`);
  }
});

test('the /search page follows the same cursors: its "next" links visit the same hits in the same order', async () => {
  const whole = await api('/api/search?q=cooperation&limit=200');
  const seen: string[] = [];
  let path: string | undefined = '/search?q=cooperation';
  let pages = 0;
  for (; path && pages < 50; pages++) {
    const response = await t.app.request(path);
    assert.equal(response.status, 200, path);
    const html = await response.text();
    seen.push(...[...html.matchAll(/<li class="commitment-card"><p><a href="\/commitments\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!)));
    const range = /class="pagination"[^]*?<p>(\d[\d,]*)–/.exec(html);
    assert.equal(Number(range?.[1]?.replaceAll(',', '')), pages * 25 + 1, `${path}: the range starts where the page stands`);
    const next = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
    if (next) assert.match(next, pages === 0 ? /after=/ : /^\/search\?q=cooperation&amp;after=[\w-]+$/);
    path = next && unescape(next);
  }
  assert.ok(pages >= 3, `${pages} pages`);
  assert.deepEqual(seen, ids(whole));
});
