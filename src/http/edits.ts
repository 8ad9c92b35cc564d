// HTTP pieces the API and the web pages share for edits: ETags from versions, If-Match, the author (the signed-in account).
import type { Context } from 'hono';
import { AccessError, KizunaError } from '../errors.js';
import { principalOf } from './principal.js';
import type { Principal } from '../auth/principal.js';

export const etagOf = (version: number): string => `"v${version}"`;

/**
 * The version an edit expects, from If-Match (`"v3"`, or a list `"v3", "v4"` of which the first counts).
 * Missing → 428; unparseable or not the current version → 412; `*` accepts whatever is current.
 */
export function expectedVersion(c: Context, current: number): number {
  const header = c.req.header('If-Match');
  if (!header) throw new KizunaError('precondition-required', 'Send If-Match with the ETag from your last GET of this record.');
  if (header.trim() === '*') return current;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  // Matches "v3" (our ETags are quoted version numbers).
  const versions = tags.map((t) => /^"v(\d+)"$/.exec(t)?.[1]).filter((v): v is string => v !== undefined).map(Number);
  if (!versions.includes(current)) {
    throw new KizunaError('precondition-failed', `If-Match ${header} does not match the current version ${etagOf(current)}; reload and reapply your edit.`);
  }
  return current;
}

/**
 * Who made an edit: the signed-in account's e-mail (the local administrator's `local@localhost` on a loopback
 * server without accounts). Never taken from a header the client controls; routes that edit are only reached
 * by a principal with an account (src/http/authorize.ts), so the fallback is a bug, not a path.
 */
export function authorOf(c: Context): string {
  const account = principalOf(c).account;
  if (!account) throw new AccessError('unauthorized', { key: 'error.signIn' });
  return account.email;
}

/** Who acts on a request: what they may do (their principal) and the name the event log keeps. */
export const actorOf = (c: Context): { principal: Principal; name: string } => ({ principal: principalOf(c), name: authorOf(c) });
