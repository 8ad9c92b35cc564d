// Conditional GETs and a response cache for every page and API read: a weak ETag from the register's change
// counter, the reader's scope and account, the language asked for and today's date; a request whose
// If-None-Match still holds gets 304 without running its handler, and a repeated read is served from memory.
import type { Context, MiddlewareHandler } from 'hono';
import type { RegisterChanges } from '../ops/register-changes.js';
import { scopeKey } from '../auth/principal.js';
import { principalOf } from './principal.js';

/** Reads answered from what is not in the register (upload drafts are kept apart, on disk), or too large to keep. */
const UNCACHED = /^\/(upload|api\/uploads|api\/evidence|assets)(\/|$)/;
/** Only answers whose whole body is in hand are kept (never a streamed export, a calendar or a file). */
const KEPT_TYPES = /^(application\/json|text\/html)\b/;
const MAX_KEPT_BYTES = 1 << 20;
const MAX_KEPT_TOTAL = 64 << 20;

interface Kept {
  generation: number;
  etag: string;
  /** Bytes as a Uint8Array: @hono/node-server writes those straight to the socket (an ArrayBuffer goes through a stream). */
  body: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
}

/**
 * What else an answer depends on besides the register and the URL: who reads (their read scope and account:
 * pages name the person signed in), the language (query, cookie or Accept-Language) and the day (plan status,
 * "expiring within a year"). Must run after sign-in has set the principal.
 */
function variant(c: Context, today: string): string {
  const principal = principalOf(c);
  // The browser's CSRF token too: pages embed it in their forms, and one browser's token must never reach
  // another. A token made for this request (no cookie yet) is left out: a page showing it sets the cookie, so
  // it is never kept, and answers without it (the API) stay the same for every cookie-less client.
  const csrf = c.get('csrfCookie') ? '' : (c.get('csrfToken') ?? '');
  return [scopeKey(principal), principal.account?.id ?? '-', csrf, c.req.header('Cookie')?.match(/(?:^|;\s*)lang=([^;]*)/)?.[1] ?? '', c.req.header('Accept-Language') ?? '', today].join('\u0000');
}

/** FNV-1a, 32 bits, in base 36: short ETags that differ when their variant does. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * The middleware. Writes (any other method) mark the register changed once they are answered, before the
 * answer leaves, so the writer's next read is fresh; other processes' writes arrive as notifications.
 */
export function conditionalGet(changes: RegisterChanges, now: () => Date): MiddlewareHandler {
  const kept = new Map<string, Kept>();
  let keptBytes = 0;
  const forget = (key: string) => {
    const old = kept.get(key);
    if (old) keptBytes -= old.body.byteLength;
    kept.delete(key);
  };
  return async (c, next) => {
    if (c.req.method !== 'GET') {
      try {
        await next();
      } finally {
        if (c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS') changes.changed();
      }
      return;
    }
    const path = c.req.path;
    if (UNCACHED.test(path)) return next();
    // Read before answering: a write during the answer leaves it under the older number, so it is not reused.
    const generation = changes.current();
    const who = variant(c, now().toISOString().slice(0, 10));
    const etag = `W/"${generation.toString(36)}-${hash(who)}"`;
    const key = `${c.req.url}\u0000${who}`;
    if (c.req.header('If-None-Match')?.split(/\s*,\s*/).includes(etag)) {
      return c.body(null, 304, { ETag: etag, 'Cache-Control': 'no-cache' });
    }
    const hit = kept.get(key);
    if (hit?.generation === generation) {
      // Most recently used last, so the oldest is the first forgotten.
      kept.delete(key);
      kept.set(key, hit);
      return new Response(hit.body, { status: 200, headers: hit.headers });
    }
    await next();
    const res = c.res;
    // Answers with an ETag of their own (a record's version, for If-Match) and anything setting a cookie are left alone.
    if (res.status !== 200 || res.headers.has('ETag') || res.headers.has('Set-Cookie')) return;
    res.headers.set('ETag', etag);
    res.headers.set('Cache-Control', 'no-cache');
    if (!KEPT_TYPES.test(res.headers.get('Content-Type') ?? '') || changes.current() !== generation) return;
    const body = new Uint8Array(await res.arrayBuffer());
    c.res = new Response(body, { status: 200, headers: res.headers });
    if (body.byteLength > MAX_KEPT_BYTES) return;
    forget(key);
    kept.set(key, { generation, etag, body, headers: [...res.headers] });
    keptBytes += body.byteLength;
    for (const old of kept.keys()) {
      if (keptBytes <= MAX_KEPT_TOTAL) break;
      forget(old);
    }
  };
}
