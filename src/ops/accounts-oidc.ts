// Sign-in through a ministry's identity provider: OpenID Connect, authorization code flow with PKCE (S256),
// state and nonce, by `openid-client`. Accounts are found by (issuer, subject), else linked by a verified
// e-mail address, else created without any role (an administrator then grants one).
import { createHash, randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import type { Store } from '../store/index.js';
import * as q from '../store/accounts.js';
import { appendEvent } from '../store/events.js';
import { KizunaError } from '../errors.js';
import { openSession, type OpenedSession } from './accounts.js';

/** What the client needs to know of the provider (`KIZUNA_OIDC_*`, read by src/http/session.ts). */
export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
}

/** How long someone may spend at the provider between leaving and coming back. */
const FLOW_MS = 10 * 60 * 1000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const loopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

const configurations = new Map<string, Promise<client.Configuration>>();

/** The provider's configuration from its discovery document, fetched once per process (again after a failure). */
function configuration(settings: OidcClientSettings): Promise<client.Configuration> {
  const key = `${settings.issuer}\u0000${settings.clientId}`;
  let found = configurations.get(key);
  if (!found) {
    const issuer = new URL(settings.issuer);
    // Plain http only for a provider on this machine (a test's, a developer's); a real one must use https.
    const execute = issuer.protocol === 'http:' && loopback(issuer) ? [client.allowInsecureRequests] : [];
    found = client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, { execute });
    found.catch(() => configurations.delete(key));
    configurations.set(key, found);
  }
  return found;
}

/** Starts a sign-in: remembers the PKCE verifier, state and nonce, and answers the provider's URL to send the browser to. */
export async function beginOidcSignIn(store: Store, settings: OidcClientSettings, returnTo: string): Promise<URL> {
  const config = await configuration(settings).catch((error: unknown) => {
    throw new KizunaError('internal', `the identity provider ${settings.issuer} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  });
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await q.insertOidcFlow(store.db, { state_hash: sha256(state), code_verifier: verifier, nonce, return_to: returnTo, expires_at: new Date(Date.now() + FLOW_MS) });
  return client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUrl,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
}

/**
 * Finishes a sign-in from the provider's redirect (`?code=…&state=…`): each state is good once, within ten
 * minutes; the code is exchanged with the verifier and the ID token checked (signature, issuer, audience,
 * nonce). Refused (401) otherwise, and for a disabled account.
 */
export async function finishOidcSignIn(store: Store, settings: OidcClientSettings, query: string): Promise<{ session: OpenedSession; returnTo: string }> {
  const params = new URLSearchParams(query);
  const state = params.get('state');
  if (params.get('error')) throw new KizunaError('unauthorized', `the identity provider said: ${params.get('error_description') ?? params.get('error')}`);
  const flow = state ? await q.takeOidcFlow(store.db, sha256(state)) : undefined;
  if (!flow || !state) throw new KizunaError('unauthorized', { key: 'error.oidc.expired' });
  const config = await configuration(settings);
  // The URL the provider redirected to, as registered (a proxy in front may have changed what this server saw).
  const callback = new URL(settings.redirectUrl);
  callback.search = params.toString();
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.code_verifier, expectedState: state, expectedNonce: flow.nonce, idTokenExpected: true });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('no ID token');
    claims = { ...idToken };
    // Many providers put the address and name only in the UserInfo answer, not in the ID token.
    if (typeof claims.email !== 'string') claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
  } catch (error) {
    throw new KizunaError('unauthorized', `the identity provider's answer was refused: ${error instanceof Error ? error.message : String(error)}`);
  }
  const issuer = String(claims.iss);
  const subject = String(claims.sub);
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
  const verified = claims.email_verified === true;
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : (email ?? subject);

  const account = await store.db.transaction().execute(async (trx) => {
    const known = await q.accountByIdentity(trx, issuer, subject);
    if (known) return known;
    // An account an administrator made for this address is taken over by the identity, once, and only on a verified address.
    const byEmail = email && verified ? await q.accountByEmail(trx, email) : undefined;
    if (byEmail && !byEmail.oidc_subject) {
      await q.updateAccount(trx, byEmail.id, { oidc_issuer: issuer, oidc_subject: subject });
      await appendEvent(trx, { actor: byEmail.email, entity: 'account', entityId: byEmail.email, action: 'link-identity', after: { issuer, subject } });
      return { ...byEmail, oidc_issuer: issuer, oidc_subject: subject };
    }
    if (!email || !verified) throw new KizunaError('unauthorized', { key: 'error.oidc.noEmail' });
    if (byEmail) throw new KizunaError('unauthorized', { key: 'error.oidc.otherIdentity', params: { email } });
    const id = randomUUID();
    await q.insertAccount(trx, { id, email, name, language: 'en', password_hash: null, oidc_issuer: issuer, oidc_subject: subject });
    await appendEvent(trx, { actor: email, entity: 'account', entityId: email, action: 'create', after: { email, name, issuer, subject, grants: [] } });
    return (await q.accountById(trx, id))!;
  });
  if (account.disabled_at) throw new KizunaError('unauthorized', { key: 'error.oidc.disabled' });
  const session = await openSession(store, { id: account.id, email: account.email, name: account.name, language: account.language === 'ja' ? 'ja' : 'en' }, 'oidc');
  return { session, returnTo: flow.return_to };
}
