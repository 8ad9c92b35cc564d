// What every API route and web page receives: the register, the vocabulary, upload drafts, limits and sign-in settings.
import type { Vocabulary } from '../vocab/index.js';
import type { Register } from '../ops/register.js';
import type { DraftStore } from '../ops/drafts.js';
import type { Store } from '../store/index.js';
import type { Context } from 'hono';
import { scopeOf } from './principal.js';
import type { AuthSettings } from './session.js';
import type { Mailer } from '../mail/transport.js';

export interface AppDeps {
  register: Register;
  /** The open store, handed to the ops that take it directly (tracking: `recordUpdate(deps.store, …)`). */
  store: Store;
  vocabulary: Vocabulary;
  drafts: DraftStore;
  /** Largest upload accepted, in bytes (413 above it). */
  maxUploadBytes: number;
  /** Clock for "expiring within a year" and draft expiry; tests pin it. */
  now(): Date;
  /** Host allow-list, proxy trust and OpenID Connect (`authSettings(env)`); loopback only and no OpenID Connect when absent. */
  auth?: AuthSettings;
  /** Sends e-mail (an update round's requests when it opens); absent without KIZUNA_SMTP_URL: the next reminder run sends them. */
  mailer?: Mailer | null;
}

/**
 * The dependencies as one request sees them: the register scoped to what the asker may read (every list,
 * search and aggregate filtered in the store). A reader of everything gets the register as it is.
 */
export function depsFor(c: Context, deps: AppDeps): AppDeps {
  const scope = scopeOf(c);
  return scope.all ? deps : { ...deps, register: deps.register.as(scope) };
}
