// Accounts and signed-in requests for tests: an account with grants and a live session (no password
// hashing: sessions are opened directly), and requests that carry its cookie and the CSRF header.
import type { Hono } from 'hono';
import { addAccount, openSession } from '../../src/ops/accounts.js';
import type { Grant, Role } from '../../src/auth/principal.js';
import type { Store } from '../../src/store/index.js';

export interface TestUser {
  email: string;
  /** The `Cookie` header of its session ('' for the public). */
  cookie: string;
}

export const grant = (role: Role, partnershipId: string | null = null, side: string | null = null, organizationId: string | null = null): Grant => ({ role, partnershipId, side, organizationId });

/** Creates an account with `grants` and signs it in. */
export async function signedIn(store: Store, email: string, grants: Grant[]): Promise<TestUser> {
  const account = await addAccount(store, { email, grants }, 'test');
  const session = await openSession(store, account, 'test');
  return { email, cookie: `kizuna-session=${session.token}` };
}

export const PUBLIC_USER: TestUser = { email: '', cookie: '' };

/** A request as `user`, with the API's CSRF header on every method. */
export function requestAs(app: Hono, user: TestUser, path: string, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = { 'X-Kizuna-Request': '1', ...(init.headers as Record<string, string> | undefined) };
  if (user.cookie) headers.Cookie = user.cookie;
  return Promise.resolve(app.request(path, { ...init, headers }));
}

/** `name=value` pairs of a response's Set-Cookie headers. */
export function setCookies(response: Response): Map<string, { value: string; attributes: string }> {
  const out = new Map<string, { value: string; attributes: string }>();
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...rest] = header.split(';');
    const at = pair!.indexOf('=');
    out.set(pair!.slice(0, at).trim(), { value: pair!.slice(at + 1), attributes: rest.join(';') });
  }
  return out;
}
