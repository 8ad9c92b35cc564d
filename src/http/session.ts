// What every request goes through before a route or page sees it: the Host allow-list (DNS rebinding), the
// session cookie turned into the request's principal, and the CSRF check of every unsafe method (pages and
// JSON API alike). Settings come from the environment (`authSettings`).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { KizunaError } from '../errors.js';
import { LOCAL_ADMINISTRATOR, PUBLIC } from '../auth/principal.js';
import { hasAccounts, principalOfSession, type OpenedSession } from '../ops/accounts.js';
import type { AppDeps } from './deps.js';

/** OpenID Connect client settings (`KIZUNA_OIDC_*`). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends people back: `https://kizuna.example.go.jp/signin/oidc/callback`. */
  redirectUrl: string;
  /** Shown on the sign-in button: "Sign in with <name>". */
  name: string;
}

export interface AuthSettings {
  /** Host names the server answers to (the Host header); loopback names by default. */
  allowedHosts: string[];
  /** Believe X-Forwarded-Proto and X-Forwarded-For from a TLS-terminating proxy in front. */
  trustProxy: boolean;
  oidc: OidcSettings | null;
}

export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Reads the settings from the environment:
 * `KIZUNA_ALLOWED_HOSTS=kizuna.mofa.go.jp,kizuna.internal` (added to the loopback names), `KIZUNA_TRUST_PROXY=1`,
 * `KIZUNA_OIDC_ISSUER`, `KIZUNA_OIDC_CLIENT_ID`, `KIZUNA_OIDC_CLIENT_SECRET`, `KIZUNA_OIDC_REDIRECT_URL`, `KIZUNA_OIDC_NAME`.
 * The host of the OpenID Connect redirect URL is allowed too. Throws naming a variable that is set but unusable.
 */
export function authSettings(env: Record<string, string | undefined>): AuthSettings {
  const hosts = new Set(LOOPBACK_HOSTS);
  for (const h of (env.KIZUNA_ALLOWED_HOSTS ?? '').split(',')) if (h.trim()) hosts.add(h.trim().toLowerCase());
  const names = ['KIZUNA_OIDC_ISSUER', 'KIZUNA_OIDC_CLIENT_ID', 'KIZUNA_OIDC_CLIENT_SECRET', 'KIZUNA_OIDC_REDIRECT_URL'] as const;
  const given = names.filter((n) => env[n]);
  let oidc: OidcSettings | null = null;
  if (given.length) {
    const missing = names.filter((n) => !env[n]);
    if (missing.length) throw new KizunaError('invalid-request', `OpenID Connect needs ${missing.join(', ')} as well`);
    let redirect: URL;
    try {
      redirect = new URL(env.KIZUNA_OIDC_REDIRECT_URL!);
      new URL(env.KIZUNA_OIDC_ISSUER!);
    } catch {
      throw new KizunaError('invalid-request', 'KIZUNA_OIDC_ISSUER and KIZUNA_OIDC_REDIRECT_URL must be absolute URLs');
    }
    hosts.add(redirect.host.toLowerCase());
    oidc = { issuer: env.KIZUNA_OIDC_ISSUER!, clientId: env.KIZUNA_OIDC_CLIENT_ID!, clientSecret: env.KIZUNA_OIDC_CLIENT_SECRET!, redirectUrl: redirect.href, name: env.KIZUNA_OIDC_NAME || new URL(env.KIZUNA_OIDC_ISSUER!).host };
  }
  return { allowedHosts: [...hosts], trustProxy: /^(1|true|yes)$/i.test(env.KIZUNA_TRUST_PROXY ?? ''), oidc };
}

/** Defaults for an app built without settings (tests, benches): loopback only, no proxy, no OpenID Connect. */
export const DEFAULT_AUTH_SETTINGS: AuthSettings = { allowedHosts: LOOPBACK_HOSTS, trustProxy: false, oidc: null };

const settingsOf = (deps: AppDeps) => deps.auth ?? DEFAULT_AUTH_SETTINGS;

/** Whether the browser reached us over https (directly, or through a trusted proxy that says so). */
export function isSecure(c: Context, deps: AppDeps): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return settingsOf(deps).trustProxy && c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim() === 'https';
}

/** The client's address: the socket's, or with a trusted proxy the last address it appended to X-Forwarded-For. */
export function clientIp(c: Context, deps: AppDeps): string {
  if (settingsOf(deps).trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').map((s) => s.trim()).filter(Boolean);
    if (forwarded?.length) return forwarded[forwarded.length - 1]!;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

// `__Host-` cookies are bound to this exact origin and must be Secure, so the prefix is used over https only.
const sessionCookie = (secure: boolean) => (secure ? '__Host-kizuna-session' : 'kizuna-session');
const csrfCookie = (secure: boolean) => (secure ? '__Host-kizuna-csrf' : 'kizuna-csrf');

/** The form field and the header that prove a request was made by our own pages or a deliberate API client. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-Kizuna-Request';

declare module 'hono' {
  interface ContextVariableMap {
    csrfToken: string;
    /** Set when the browser has no token yet: the cookie to send with the first page that embeds one. */
    csrfCookie: { name: string; secure: boolean } | null;
    sessionToken: string | undefined;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Random bytes drawn 8 KiB at a time: a request without a CSRF cookie (every API client) needs a token, and one
// call to the system's generator per request cost more than the rest of a cached read. Each slice is used once.
let pool = Buffer.alloc(0);
let drawn = 0;
function freshToken(): string {
  if (drawn + 32 > pool.length) {
    pool = randomBytes(8192);
    drawn = 0;
  }
  drawn += 32;
  return pool.toString('base64url', drawn - 32, drawn);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function setCsrfCookie(c: Context, deps: AppDeps, token: string): void {
  const secure = isSecure(c, deps);
  setCookie(c, csrfCookie(secure), token, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
}

/** Sends the CSRF token's cookie with a page that embeds the token, when the browser has none yet. */
export function issueCsrfCookie(c: Context): void {
  const cookie = c.get('csrfCookie');
  if (cookie) setCookie(c, cookie.name, c.get('csrfToken'), { path: '/', httpOnly: true, sameSite: 'Lax', secure: cookie.secure });
}

/** Gives the browser a session after sign-in: a new session cookie and a new CSRF token (nothing from before survives). */
export function startSession(c: Context, deps: AppDeps, session: OpenedSession): void {
  const secure = isSecure(c, deps);
  setCookie(c, sessionCookie(secure), session.token, { path: '/', httpOnly: true, sameSite: 'Lax', secure, expires: session.expiresAt });
  setCsrfCookie(c, deps, randomBytes(32).toString('base64url'));
}

/** Forgets the session and the CSRF token in the browser (sign-out). */
export function endSession(c: Context, deps: AppDeps): void {
  const secure = isSecure(c, deps);
  deleteCookie(c, sessionCookie(secure), { path: '/', secure });
  setCsrfCookie(c, deps, randomBytes(32).toString('base64url'));
}

/** The Host allow-list: a page bound to localhost cannot be reached through a rebinding attacker's DNS name. */
export function hostCheck(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const host = url.host.toLowerCase();
    const name = url.hostname.toLowerCase();
    const allowed = settingsOf(deps).allowedHosts;
    if (!allowed.includes(host) && !allowed.includes(name)) {
      throw new KizunaError('forbidden', `This server does not answer to the host name ${name}; add it to KIZUNA_ALLOWED_HOSTS.`);
    }
    await next();
  };
}

/**
 * Sets the request's principal: the account of a live session; else, once any account exists (or OpenID
 * Connect is configured), the public; else the local administrator (a loopback server nobody set up sign-in for).
 */
export function sessionPrincipal(deps: AppDeps): MiddlewareHandler {
  // Whether any account exists decides between the public and the local administrator for every request
  // without a session. Reads take it once per register generation (an account created, disabled or enabled
  // appends an event, which moves the generation, from any process); writes always ask the database.
  let known: { generation: number; any: Promise<boolean> } | null = null;
  const accountsExist = (write: boolean): Promise<boolean> => {
    if (write) return hasAccounts(deps.store);
    const generation = deps.register.changes.current();
    if (known?.generation === generation) return known.any;
    const asked = { generation, any: hasAccounts(deps.store) };
    known = asked;
    asked.any.catch(() => {
      if (known === asked) known = null;
    });
    return asked.any;
  };
  return async (c, next) => {
    const secure = isSecure(c, deps);
    const token = getCookie(c, sessionCookie(secure));
    // Sessions and sign-in attempts run on the real clock (deps.now() is pinned in tests for register dates).
    let principal = token ? await principalOfSession(deps.store, token) : null;
    if (token && !principal) deleteCookie(c, sessionCookie(secure), { path: '/', secure });
    c.set('sessionToken', principal ? token : undefined);
    // An app mounted inside another that already decided who asks (a test's stand-in for sign-in) keeps that.
    principal ??= c.get('principal') ?? (settingsOf(deps).oidc || (await accountsExist(c.req.method !== 'GET' && c.req.method !== 'HEAD')) ? PUBLIC : LOCAL_ADMINISTRATOR);
    c.set('principal', principal);
    // A browser without a token gets one with the first page that shows a form (issueCsrfCookie), not with
    // every answer: API answers stay free of cookies, so they can be cached.
    let csrf = getCookie(c, csrfCookie(secure));
    const fresh = !csrf || csrf.length < 32;
    if (fresh) csrf = freshToken();
    c.set('csrfToken', csrf!);
    c.set('csrfCookie', fresh ? { name: csrfCookie(secure), secure } : null);
    await next();
  };
}

/**
 * CSRF defence for every unsafe method: a browser's cross-site request is refused by Sec-Fetch-Site and Origin;
 * then the request must carry either the `X-Kizuna-Request` header (API clients and our scripts: a cross-site
 * page cannot send a custom header without a CORS preflight, which this server never grants) or, for a form,
 * the `_csrf` field equal to the token in the browser's cookie.
 */
export function csrfCheck(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    if (!UNSAFE.has(c.req.method)) return next();
    const refuse = (why: string) => {
      throw new KizunaError('forbidden', `Refused as a possible cross-site request: ${why}.`);
    };
    const site = c.req.header('Sec-Fetch-Site');
    if (site && site !== 'same-origin' && site !== 'none') refuse(`Sec-Fetch-Site is ${site}`);
    const origin = c.req.header('Origin');
    // Our pages send no referrer (Referrer-Policy: no-referrer), so browsers post them with `Origin: null`;
    // such a request passes only when Sec-Fetch-Site vouches that it came from this origin.
    if (origin === 'null' && site !== 'same-origin') refuse('Origin is null and Sec-Fetch-Site does not say same-origin');
    if (origin !== undefined && origin !== 'null') {
      const url = new URL(c.req.url);
      const proto = isSecure(c, deps) ? 'https:' : url.protocol;
      if (origin !== `${proto}//${url.host}`) refuse(`Origin ${origin} is not this server`);
    }
    if (c.req.header(CSRF_HEADER)) return next();
    const type = c.req.header('Content-Type') ?? '';
    if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
      const form = await c.req.formData().catch(() => null);
      const sent = form?.get(CSRF_FIELD);
      if (typeof sent === 'string' && sameToken(sent, c.get('csrfToken'))) return next();
      refuse('the form has no valid token (reload the page and try again)');
    }
    refuse(`send the ${CSRF_HEADER} header`);
  };
}
