// Sign-in end to end through the app: the local administrator until accounts exist, then the public;
// passwords, session cookies (HttpOnly, SameSite=Lax, Secure over https), rotation on sign-in (session
// fixation), idle and absolute expiry, sign-out and sign-out everywhere, disabling, rate limiting, CSRF on
// pages and the API, the Host allow-list, and events carrying the signed-in account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createApp } from '../../src/server.js';
import { DraftStore } from '../../src/ops/drafts.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import { addAccount, setDisabled, MAX_FAILURES_PER_ACCOUNT } from '../../src/ops/accounts.js';
import { authSettings } from '../../src/http/session.js';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { grant, setCookies } from '../helpers/accounts.js';
import type { Hono } from 'hono';

let t: TestApp;
const PASSWORD = 'correct horse battery staple';

before(async () => {
  t = await seededApp();
});
after(() => t.opened.close());

/** A browser: keeps cookies between requests. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly app: Hono, readonly base = 'http://localhost', readonly headers: Record<string, string> = {}) {}
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.headers, ...(init.headers as Record<string, string> | undefined) };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.request(`${this.base}${path}`, { ...init, headers });
    for (const [name, { value, attributes }] of setCookies(response)) {
      if (/max-age=0/i.test(attributes) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
  /** The CSRF token of the forms on a page. */
  async token(path = '/signin'): Promise<string> {
    const html = await (await this.request(path)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(token, `${path} has a form token`);
    return token;
  }
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: this.base, ...headers }, body: new URLSearchParams(fields).toString() });
  }
  async signIn(email: string, password = PASSWORD): Promise<Response> {
    return this.post('/signin', { email, password, _csrf: await this.token(), next: '/plans' });
  }
}

test('without accounts the loopback server is the local administrator; once one exists, requests without a session are the public', async () => {
  const before = await t.app.request('/api/plans/p-none', { method: 'DELETE', headers: { 'X-Kizuna-Request': '1', 'If-Match': '*' } });
  assert.equal(before.status, 404, 'the local administrator may remove plans (this one does not exist)');
  assert.equal((await t.app.request('/upload')).status, 200, 'the local administrator may upload');
  // Added behind the app's back (as another process would): reads, which ask "any account?" once per register
  // generation, follow the change notification; writes ask the database every time.
  await addAccount(t.opened.store, { email: 'Admin@Example.org', name: 'Ada Admin', password: PASSWORD, grants: [grant('admin')] }, 'test');
  let page = await t.app.request('/upload');
  for (let i = 0; i < 50 && page.status === 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    page = await t.app.request('/upload');
  }
  assert.equal(page.status, 303);
  const after = await t.app.request('/api/demo', { method: 'POST', headers: { 'X-Kizuna-Request': '1' } });
  assert.equal(after.status, 401);
  assert.equal(((await after.json()) as { code: string }).code, 'unauthorized');
  assert.equal(page.headers.get('Location'), '/signin?next=%2Fupload');
  assert.equal((await t.app.request('/')).status, 200, 'the public reads');
});

test('signing in sets an HttpOnly, SameSite=Lax session cookie (Secure and __Host- over https) and rotates any session the browser had (fixation)', async () => {
  const attacker = new Browser(t.app);
  assert.equal((await attacker.signIn('admin@example.org')).status, 303);
  const planted = attacker.cookies.get('kizuna-session')!;
  assert.ok(planted);

  const victim = new Browser(t.app);
  victim.cookies.set('kizuna-session', planted);
  const response = await victim.signIn('ADMIN@example.org');
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('Location'), '/plans');
  const cookie = setCookies(response).get('kizuna-session')!;
  assert.match(cookie.attributes, /HttpOnly/i);
  assert.match(cookie.attributes, /SameSite=Lax/i);
  assert.doesNotMatch(cookie.attributes, /Secure/i, 'plain http: no Secure flag');
  assert.notEqual(cookie.value, planted, 'a new session token on sign-in');
  assert.equal((await attacker.request('/api/demo', { method: 'POST', headers: { 'X-Kizuna-Request': '1' } })).status, 401, 'the planted session was ended');
  const stored = await t.opened.store.db.selectFrom('sessions').select('token_hash').execute();
  assert.ok(stored.every((s) => s.token_hash !== cookie.value && /^[0-9a-f]{64}$/.test(s.token_hash)), 'only hashes of tokens are stored');

  const proxied = createApp({ register: t.opened.register, store: t.opened.store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 1024, now: () => new Date(), auth: authSettings({ KIZUNA_TRUST_PROXY: '1', KIZUNA_ALLOWED_HOSTS: 'kizuna.example.go.jp' }) });
  const secure = new Browser(proxied, 'http://kizuna.example.go.jp', { 'X-Forwarded-Proto': 'https' });
  const html = await (await secure.request('/signin')).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const signedIn = await secure.post('/signin', { email: 'admin@example.org', password: PASSWORD, _csrf: token }, { Origin: 'https://kizuna.example.go.jp' });
  assert.equal(signedIn.status, 303);
  const secureCookie = setCookies(signedIn).get('__Host-kizuna-session')!;
  assert.ok(secureCookie, 'the __Host- prefixed cookie over https');
  assert.match(secureCookie.attributes, /Secure/i);
  assert.match(secureCookie.attributes, /Path=\//i);
});

test('a wrong password, an unknown address and a disabled account are refused alike; five failures lock the account out (429)', async () => {
  await addAccount(t.opened.store, { email: 'coordinator@example.org', password: PASSWORD, grants: [grant('coordinator', 'JP-PL', 'JP')] }, 'test');
  const b = new Browser(t.app);
  const unknown = await b.signIn('nobody@example.org');
  const wrong = await b.signIn('coordinator@example.org', 'not the password!');
  assert.equal(unknown.status, 401);
  assert.equal(wrong.status, 401);
  const wording = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0];
  assert.equal(wording(await unknown.text()), wording(await wrong.text()));
  for (let i = 1; i < MAX_FAILURES_PER_ACCOUNT; i++) assert.equal((await b.signIn('coordinator@example.org', 'not the password!')).status, 401);
  const locked = await b.signIn('coordinator@example.org');
  assert.equal(locked.status, 429, 'the right password is refused while the account is locked out');
  assert.match(await locked.text(), /15 minutes/);
  const attempts = await t.opened.store.db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('email', '=', 'coordinator@example.org').executeTakeFirstOrThrow();
  assert.equal(Number(attempts.n), MAX_FAILURES_PER_ACCOUNT + 1);
  // The window passes (attempts aged by 16 minutes): the right password works again.
  await sql`update login_attempts set at = at - interval '16 minutes'`.execute(t.opened.store.db);
  assert.equal((await b.signIn('coordinator@example.org')).status, 303);

  await setDisabled(t.opened.store, 'coordinator@example.org', true, 'test');
  assert.equal((await b.request('/upload')).status, 303, 'disabling ends the session at once');
  assert.equal((await new Browser(t.app).signIn('coordinator@example.org')).status, 401);
  await setDisabled(t.opened.store, 'coordinator@example.org', false, 'test');
});

test('sessions expire when idle and at their absolute end; sign-out ends one session, sign-out everywhere all of them', async () => {
  const a = new Browser(t.app);
  const b = new Browser(t.app);
  await a.signIn('admin@example.org');
  await b.signIn('admin@example.org');
  const upload = async (browser: Browser) => (await browser.request('/upload')).status;
  assert.equal(await upload(a), 200);

  await sql`update sessions set last_seen_at = last_seen_at - interval '31 minutes'`.execute(t.opened.store.db);
  assert.equal(await upload(a), 303, 'idle for 31 minutes: signed out');
  await a.signIn('admin@example.org');
  await sql`update sessions set expires_at = now() - interval '1 second'`.execute(t.opened.store.db);
  assert.equal(await upload(a), 303, 'past the absolute expiry: signed out');

  await a.signIn('admin@example.org');
  await b.signIn('admin@example.org');
  assert.equal((await a.post('/signout', { _csrf: await a.token('/') })).status, 303);
  assert.equal(await upload(a), 303);
  assert.equal(await upload(b), 200, 'the other session lives on');
  await a.signIn('admin@example.org');
  assert.equal((await a.post('/signout', { _csrf: await a.token('/'), everywhere: 'yes' })).status, 303);
  assert.equal(await upload(b), 303, 'signed out everywhere');
  const events = await t.opened.store.db.selectFrom('events').select(['actor', 'action']).where('entity', '=', 'account').execute();
  assert.ok(events.some((e) => e.action === 'sign-in' && e.actor === 'admin@example.org'));
  assert.ok(events.some((e) => e.action === 'sign-out-everywhere'));
});

test('CSRF: unsafe requests from another site, or without the form token or the API header, are refused (403)', async () => {
  const b = new Browser(t.app);
  await b.signIn('admin@example.org');
  const token = await b.token('/upload');
  const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => b.post('/demo', fields, headers);
  assert.equal((await form({})).status, 403, 'a form without its token');
  assert.equal((await form({ _csrf: 'x'.repeat(43) })).status, 403, 'a form with a wrong token');
  assert.equal((await form({ _csrf: token }, { Origin: 'https://evil.example' })).status, 403, 'a form from another origin');
  assert.equal((await form({ _csrf: token }, { 'Sec-Fetch-Site': 'cross-site' })).status, 403, 'a form another site sent');
  const uploadForm = new FormData();
  uploadForm.set('file', new File(['x'], 'plan.txt'));
  assert.equal((await b.request('/api/uploads', { method: 'POST', body: uploadForm })).status, 403, 'POST /api/uploads without the header (the issue names it)');
  assert.equal((await b.request('/api/demo', { method: 'POST' })).status, 403, 'POST /api/demo without the header');
  assert.equal((await b.request('/api/demo', { method: 'POST', headers: { 'X-Kizuna-Request': '1', Origin: 'https://evil.example' } })).status, 403, 'the header does not excuse another origin');
  const problem = (await (await b.request('/api/demo', { method: 'POST' })).json()) as { code: string };
  assert.equal(problem.code, 'forbidden');
  // The token and the header get past the check (to a plan that does not exist: 404, not 403).
  assert.equal((await b.post('/plans/p-none/remove', { _csrf: token })).status, 404, 'the form with its token is accepted');
  assert.equal((await b.request('/api/plans/p-none', { method: 'DELETE', headers: { 'X-Kizuna-Request': '1', 'If-Match': '*' } })).status, 404, 'the API call with the header is accepted');
});

test('a Host not on the allow-list is refused (DNS rebinding), and edits carry the signed-in account', async () => {
  const rebinding = await t.app.request('http://attacker.example/api/plans');
  assert.equal(rebinding.status, 403);
  assert.match(((await rebinding.json()) as { detail: string }).detail, /KIZUNA_ALLOWED_HOSTS/);
  assert.equal((await t.app.request('http://127.0.0.1/api/plans')).status, 200);

  const b = new Browser(t.app);
  await b.signIn('admin@example.org');
  const commitment = await t.opened.store.db.selectFrom('commitments').select('id').limit(1).executeTakeFirstOrThrow();
  const response = await b.request(`/api/commitments/${encodeURIComponent(commitment.id)}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1', 'X-Kizuna-User': 'Minister for Foreign Affairs' },
    body: JSON.stringify({ status: 'in_progress_limited', note: 'Talks held' }),
  });
  assert.equal(response.status, 201);
  const event = await t.opened.store.db.selectFrom('events').select('actor').where('entity_id', '=', commitment.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(event.actor, 'admin@example.org', 'the header is ignored; the account is recorded');
});
