// OpenID Connect end to end: a real provider (`oidc-provider`) started on loopback by the test, the app as
// its client (authorization code + PKCE). The person's browser is played by fetch with a cookie jar per site:
// it follows the redirects, fills the provider's login and consent forms, and comes back to the app signed in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { createApp } from '../../src/server.js';
import { DraftStore } from '../../src/ops/drafts.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import { addAccount, listAccounts, setDisabled } from '../../src/ops/accounts.js';
import { authSettings } from '../../src/http/session.js';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { grant, setCookies } from '../helpers/accounts.js';
import type { Hono } from 'hono';

let t: TestApp;
let app: Hono;
let server: Server;
let issuer: string;
const REDIRECT = 'http://localhost/signin/oidc/callback';

before(async () => {
  t = await seededApp({ seed: 'none' });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'kizuna', client_secret: 'a-test-secret-of-enough-length', redirect_uris: [REDIRECT], grant_types: ['authorization_code'], response_types: ['code'] }],
    // Whoever signs in as "desk" is desk@mofa.go.jp (verified); "nomail" has no address.
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => (sub === 'nomail' ? { sub } : { sub, email: `${sub}@mofa.go.jp`, email_verified: true, name: `Officer ${sub}` }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['a-cookie-signing-key-for-the-test'] },
    pkce: { required: () => true },
  });
  server.on('request', provider.callback());
  const env = { KIZUNA_OIDC_ISSUER: issuer, KIZUNA_OIDC_CLIENT_ID: 'kizuna', KIZUNA_OIDC_CLIENT_SECRET: 'a-test-secret-of-enough-length', KIZUNA_OIDC_REDIRECT_URL: REDIRECT, KIZUNA_OIDC_NAME: 'MOFA ID' };
  app = createApp({ register: t.opened.register, store: t.opened.store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 1024, now: () => new Date(), auth: authSettings(env) });
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.opened.close();
});

/** Cookies of one site. */
class Jar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(response: Response): void {
    for (const [name, { value }] of setCookies(response)) {
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
  }
}

/** The hidden and named inputs of the first form of a page, with its action. */
function formOf(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  assert.ok(form, `a form in ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
  }
  return { action: form[1]!, fields };
}

/** Signs in through the provider as `login`; answers the app's last response and the app's cookies. */
async function signInThroughProvider(login: string, next = '/plans'): Promise<{ response: Response; kizuna: Jar }> {
  const kizuna = new Jar();
  const idp = new Jar();
  let response = await app.request(`/signin/oidc?next=${encodeURIComponent(next)}`);
  kizuna.keep(response);
  assert.equal(response.status, 303);
  let location = response.headers.get('Location')!;
  const authorize = new URL(location);
  assert.equal(authorize.origin, issuer);
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256', 'PKCE');
  assert.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce'));
  for (let step = 0; step < 12; step++) {
    if (location.startsWith(REDIRECT)) {
      const url = new URL(location);
      response = await app.request(`${url.pathname}${url.search}`, { headers: { Cookie: kizuna.header() } });
      kizuna.keep(response);
      return { response, kizuna };
    }
    const target = new URL(location, issuer);
    let page = await fetch(target, { redirect: 'manual', headers: { Cookie: idp.header() } });
    idp.keep(page);
    if (page.status === 200) {
      // The provider's login form, then its consent form.
      const html = await page.text();
      const { action, fields } = formOf(html);
      if ('login' in fields) Object.assign(fields, { login, password: 'any' });
      page = await fetch(new URL(action, target), { method: 'POST', redirect: 'manual', headers: { Cookie: idp.header(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      idp.keep(page);
    }
    assert.ok(page.status >= 300 && page.status < 400, `the provider redirects (got ${page.status})`);
    location = new URL(page.headers.get('Location')!, target).href;
  }
  throw new Error('the provider never sent the browser back');
}

test('signing in through the identity provider creates a role-less account, then finds it again by (issuer, subject)', async () => {
  const signIn = await app.request('/signin');
  assert.match(await signIn.text(), /Sign in with MOFA ID/);
  const { response, kizuna } = await signInThroughProvider('desk');
  assert.equal(response.status, 303, await response.clone().text());
  assert.equal(response.headers.get('Location'), '/plans');
  assert.ok(kizuna.cookies.get('kizuna-session'), 'a session cookie');
  const accounts = await listAccounts(t.opened.store);
  const desk = accounts.find((a) => a.email === 'desk@mofa.go.jp');
  assert.ok(desk?.oidc && !desk.password, 'provisioned from the ID token, without a password');
  assert.deepEqual(desk.grants, []);
  // Signed in, without a role: reads, and may not upload (403, not a sign-in prompt).
  assert.equal((await app.request('/upload', { headers: { Cookie: kizuna.header() } })).status, 403);
  const again = await signInThroughProvider('desk');
  assert.equal(again.response.status, 303);
  assert.equal((await listAccounts(t.opened.store)).filter((a) => a.email === 'desk@mofa.go.jp').length, 1);
});

test('an account an administrator made is linked by its verified address and keeps its role; a disabled one is refused', async () => {
  await addAccount(t.opened.store, { email: 'coordinator@mofa.go.jp', grants: [grant('coordinator', 'JP-PL', 'JP')] }, 'test');
  const { response, kizuna } = await signInThroughProvider('coordinator', '/upload');
  assert.equal(response.status, 303);
  assert.equal((await app.request('/upload', { headers: { Cookie: kizuna.header() } })).status, 200, 'the coordinator may upload');
  const events = await t.opened.store.db.selectFrom('events').select(['action', 'actor']).where('entity_id', '=', 'coordinator@mofa.go.jp').execute();
  assert.ok(events.some((e) => e.action === 'link-identity'));
  assert.ok(events.some((e) => e.action === 'sign-in' && e.actor === 'coordinator@mofa.go.jp'));

  await setDisabled(t.opened.store, 'coordinator@mofa.go.jp', true, 'test');
  const refused = await signInThroughProvider('coordinator');
  assert.equal(refused.response.status, 401);
  assert.match(await refused.response.text(), /disabled/);
});

test('a callback with an unknown or replayed state, or without a verified address, signs nobody in', async () => {
  const forged = await app.request('/signin/oidc/callback?code=abc&state=forged');
  assert.equal(forged.status, 401);
  assert.equal(setCookies(forged).get('kizuna-session'), undefined);
  const nomail = await signInThroughProvider('nomail');
  assert.equal(nomail.response.status, 401);
  assert.match(await nomail.response.text(), /verified e-mail/);
});
