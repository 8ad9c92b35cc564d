// ETags, 304s and the response cache on every read: a repeated read is answered from memory or with 304,
// any write (here or in another process) makes the next read fresh, and nothing crosses readers' scopes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { LOCAL_ADMINISTRATOR, PUBLIC, scopeKey, type Principal } from '../../src/auth/principal.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';

let t: TestApp;
/** The app behind a stand-in for sign-in: `X-Test-As: public` reads as the public, else as the administrator. */
let app: Hono;
before(async () => {
  t = await seededApp();
  app = new Hono();
  app.use('*', async (c, next) => {
    c.set('principal', c.req.header('X-Test-As') === 'public' ? PUBLIC : LOCAL_ADMINISTRATOR);
    await next();
  });
  app.route('/', t.app);
});
after(async () => {
  await t?.opened.close();
});

const firstCommitment = async () => ((await (await app.request('/api/commitments?limit=1')).json()) as { items: { id: string }[] }).items[0]!.id;

test('a read carries a weak ETag; asking again with it is a 304 without a body', async () => {
  for (const path of ['/api/commitments?limit=5', '/api/portfolio', '/', '/search?q=hydrogen', '/api/search?q=energy']) {
    const first = await app.request(path);
    assert.equal(first.status, 200, path);
    const etag = first.headers.get('ETag');
    assert.match(etag ?? '', /^W\/"/, `${path} has a weak ETag`);
    // Revalidated every time; private, as the asker here is the local administrator (an account), not the public.
    assert.equal(first.headers.get('Cache-Control'), 'private, no-cache');
    const body = await first.text();
    const again = await app.request(path, { headers: { 'If-None-Match': etag! } });
    assert.equal(again.status, 304, `${path} revalidates`);
    assert.equal(await again.text(), '');
    const repeated = await app.request(path);
    assert.equal(repeated.headers.get('ETag'), etag);
    assert.equal(await repeated.text(), body, `${path}: the same bytes from memory`);
    assert.ok(repeated.headers.get('Content-Security-Policy'), 'security headers on a cached answer too');
  }
});

test('a write through the app changes every ETag before its answer is sent, and the next read shows it', async () => {
  const id = await firstCommitment();
  const before = await app.request(`/api/commitments/${encodeURIComponent(id)}`);
  const listed = await app.request('/api/commitments?limit=1');
  const listEtag = listed.headers.get('ETag')!;
  const write = await app.request(`/api/commitments/${encodeURIComponent(id)}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' },
    body: JSON.stringify({ status: 'in_progress_limited', note: 'started' }),
  });
  assert.equal(write.status, 201);
  const after = await app.request('/api/commitments?limit=1', { headers: { 'If-None-Match': listEtag } });
  assert.equal(after.status, 200, 'the old ETag no longer holds');
  const item = ((await after.json()) as { items: { id: string; status: string }[] }).items.find((c) => c.id === id);
  assert.equal(item?.status, 'in_progress_limited');
  // A record's own ETag (its version, for If-Match) is left as it is.
  assert.match(before.headers.get("ETag") ?? "", /^"v\d+"$/);
});

test("another writer's change (not through this app) reaches the caches through the store's notification", async () => {
  const id = await firstCommitment();
  const listed = await app.request('/api/commitments?limit=1');
  const etag = listed.headers.get('ETag')!;
  await recordUpdate(t.opened.store, { commitmentId: id, status: 'in_progress_substantial', note: 'elsewhere', author: 'cli' });
  let status = 304;
  for (let i = 0; i < 50 && status === 304; i++) {
    status = (await app.request('/api/commitments?limit=1', { headers: { 'If-None-Match': etag } })).status;
    if (status === 304) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(status, 200);
  const body = (await (await app.request('/api/commitments?limit=1')).json()) as { items: { status: string }[] };
  assert.equal(body.items[0]!.status, 'in_progress_substantial');
});

test("readers of different scopes never share an ETag or a cached answer; language is part of the key", async () => {
  const admin = await app.request('/api/portfolio');
  const anonymous = await app.request('/api/portfolio', { headers: { 'X-Test-As': 'public' } });
  assert.notEqual(admin.headers.get('ETag'), anonymous.headers.get('ETag'));
  const crossed = await app.request('/api/portfolio', { headers: { 'X-Test-As': 'public', 'If-None-Match': admin.headers.get('ETag')! } });
  assert.equal(crossed.status, 200);
  const en = await app.request('/?lang=en');
  const ja = await app.request('/', { headers: { Cookie: 'lang=ja' } });
  assert.notEqual(en.headers.get('ETag'), ja.headers.get('ETag'));
  assert.match(await ja.text(), /lang="ja"/);
  const reader: Principal = { account: null, grants: [{ role: 'reader', partnershipId: 'DK-JP', side: 'JP', organizationId: null }] };
  assert.deepEqual([scopeKey(LOCAL_ADMINISTRATOR), scopeKey(PUBLIC), scopeKey(reader)], ['all', '', 'DK-JP/JP']);
});
