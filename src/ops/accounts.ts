// Accounts and grants (the `kizuna user` commands, the first administrator) and sign-in with a password:
// sessions kept by the hash of a random token, idle and absolute expiry, rate-limited attempts. Every change,
// sign-in and sign-out is an event in the log, in the transaction that made it.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../store/index.js';
import * as q from '../store/accounts.js';
import { appendEvent } from '../store/events.js';
import { targetScope } from '../store/targets.js';
import { KizunaError, type Said } from '../errors.js';
import { fill } from '../web/i18n/translator.js';
import { ROLES, type Account, type Grant, type Principal, type Role } from '../auth/principal.js';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from '../auth/password.js';
import type { TargetKind, TargetScope } from '../auth/policy.js';
import type { DraftStore } from './drafts.js';

/** Session lifetime (NIST SP 800-63B, AAL2): signed out after 30 minutes idle, and after 12 hours in any case. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Sign-in attempts: 5 failures for one e-mail, or 20 from one address, within 15 minutes lock them out for the rest of the window. */
export const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface AccountSummary extends Account {
  disabled: boolean;
  /** How the account signs in. */
  password: boolean;
  oidc: boolean;
  grants: Grant[];
}

/** `Ana@Example.org ` → `ana@example.org`; refuses what is not an address. */
export function normalEmail(email: string): string {
  const e = email.trim().toLowerCase();
  // one @, something on either side, a dot in the domain: "ana@mofa.go.jp".
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) || e.length > 254) throw new KizunaError('invalid-request', { key: 'error.account.notEmail', params: { email } }, [{ name: 'email', reason: 'is not an e-mail address' }]);
  return e;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const toAccount = (row: q.AccountRow): Account => ({ id: row.id, email: row.email, name: row.name, language: row.language === 'ja' ? 'ja' : 'en' });

function checkGrant(grant: Grant): Grant {
  const bad = (reason: Said) => new KizunaError('invalid-request', reason, [{ name: 'grant', reason: fill('en', reason.key, reason.params) }]);
  if (!ROLES.includes(grant.role)) throw bad({ key: 'error.account.role', params: { roles: ROLES.join(', ') } });
  if (grant.role === 'admin') return { role: 'admin', partnershipId: null, side: null, organizationId: null };
  // A partnership is its parties' codes, sorted, joined by '-': "JP-PL", "DK-JP".
  if (!grant.partnershipId || !/^[A-Z]{2,3}(-[A-Z]{2,3})+$/.test(grant.partnershipId)) throw bad({ key: 'error.account.needsPartnership', params: { role: { key: `error.role.${grant.role}` } } });
  const parties = grant.partnershipId.split('-');
  if (!grant.side || !parties.includes(grant.side)) throw bad({ key: 'error.account.side', params: { parties: parties.join(', ') } });
  if (grant.role === 'contributor') {
    // Organizations are `<party>:<id>`: "JP:meti".
    const party = /^([A-Z]{2,3}):\S+$/.exec(grant.organizationId ?? '')?.[1];
    if (!party) throw bad({ key: 'error.account.needsOrganization' });
    if (party !== grant.side) throw bad({ key: 'error.account.organizationSide', params: { organization: grant.organizationId!, side: grant.side } });
    return grant;
  }
  return { ...grant, organizationId: null };
}

/** A password refused by its length, the English reason kept on the field. */
const refusedPassword = (problem: Said) => new KizunaError('invalid-request', problem, [{ name: 'password', reason: fill('en', problem.key, problem.params) }]);

async function mustAccount(store: Store, email: string): Promise<q.AccountRow> {
  const row = await q.accountByEmail(store.db, normalEmail(email));
  if (!row) throw new KizunaError('not-found', { key: 'error.account.none', params: { email } });
  return row;
}

/** Creates an account (with a password, or none for OpenID Connect sign-in) and its grants. */
export async function addAccount(
  store: Store,
  input: { email: string; name?: string; language?: 'en' | 'ja'; password?: string | null; grants?: Grant[] },
  actor: string,
): Promise<AccountSummary> {
  const email = normalEmail(input.email);
  if (input.password) {
    const problem = passwordProblem(input.password);
    if (problem) throw refusedPassword(problem);
  }
  const grants = (input.grants ?? []).map(checkGrant);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const id = randomUUID();
  await store.db.transaction().execute(async (trx) => {
    if (await q.accountByEmail(trx, email)) throw new KizunaError('conflict', { key: 'error.account.exists', params: { email } });
    await q.insertAccount(trx, { id, email, name: input.name?.trim() || email, language: input.language ?? 'en', password_hash: passwordHash });
    for (const g of grants) await q.insertGrant(trx, id, g);
    await appendEvent(trx, { actor, entity: 'account', entityId: email, action: 'create', after: { email, name: input.name ?? email, grants } });
  });
  return (await listAccounts(store)).find((a) => a.id === id)!;
}

export async function listAccounts(store: Store): Promise<AccountSummary[]> {
  const rows = await q.listAccounts(store.db);
  const grants = await q.grantsOf(store.db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...toAccount(r), disabled: r.disabled_at !== null, password: r.password_hash !== null, oidc: r.oidc_subject !== null, grants: grants.get(r.id) ?? [] }));
}

/** Adds (or with `remove`, withdraws) a grant; an audited permission change. */
export async function changeGrant(store: Store, email: string, grant: Grant, remove: boolean, actor: string): Promise<AccountSummary> {
  const account = await mustAccount(store, email);
  const checked = checkGrant(grant);
  await store.db.transaction().execute(async (trx) => {
    const changed = remove ? await q.deleteGrant(trx, account.id, checked) : await q.insertGrant(trx, account.id, checked);
    if (!changed) throw new KizunaError('conflict', { key: remove ? 'error.account.grantNotHeld' : 'error.account.grantHeld', params: { email: account.email } });
    await appendEvent(trx, { actor, entity: 'account', entityId: account.email, action: remove ? 'revoke' : 'grant', ...(remove ? { before: checked } : { after: checked }) });
  });
  return (await listAccounts(store)).find((a) => a.id === account.id)!;
}

/** Disables (or enables again) an account; disabling ends its sessions at once. */
export async function setDisabled(store: Store, email: string, disabled: boolean, actor: string): Promise<AccountSummary> {
  const account = await mustAccount(store, email);
  await store.db.transaction().execute(async (trx) => {
    await q.updateAccount(trx, account.id, { disabled_at: disabled ? new Date() : null });
    if (disabled) await q.deleteSessionsOf(trx, account.id);
    await appendEvent(trx, { actor, entity: 'account', entityId: account.email, action: disabled ? 'disable' : 'enable' });
  });
  return (await listAccounts(store)).find((a) => a.id === account.id)!;
}

/** Sets a new password and ends every session of the account. */
export async function resetPassword(store: Store, email: string, password: string, actor: string): Promise<void> {
  const account = await mustAccount(store, email);
  const problem = passwordProblem(password);
  if (problem) throw refusedPassword(problem);
  const hash = await hashPassword(password);
  await store.db.transaction().execute(async (trx) => {
    await q.updateAccount(trx, account.id, { password_hash: hash });
    await q.deleteSessionsOf(trx, account.id);
    await appendEvent(trx, { actor, entity: 'account', entityId: account.email, action: 'password-reset' });
  });
}

/** True once there is an enabled account: requests without a session are then the public, not the local administrator. */
export const hasAccounts = (store: Store): Promise<boolean> => q.anyAccount(store.db);

/** True when an enabled administrator account exists (what `kizuna serve` needs before listening beyond loopback). */
export const hasAdministrator = (store: Store): Promise<boolean> => q.anyAccount(store.db, 'admin');

export interface OpenedSession {
  /** The secret for the cookie; only its SHA-256 is stored. */
  token: string;
  expiresAt: Date;
  account: Account;
}

/** A new session for an account (a fresh random token: sign-in never reuses one, so a planted cookie is worthless). */
export async function openSession(store: Store, account: Account, how: string, now = new Date()): Promise<OpenedSession> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await store.db.transaction().execute(async (trx) => {
    await q.insertSession(trx, { token_hash: sha256(token), account_id: account.id, expires_at: expiresAt });
    await appendEvent(trx, { actor: account.email, entity: 'account', entityId: account.email, action: 'sign-in', after: { how } });
  });
  return { token, expiresAt, account };
}

/**
 * Signs in with e-mail and password. Refused alike (401, same wording, same time) for an unknown e-mail, a
 * wrong password and a disabled account; 429 once the account or the address has failed too often.
 */
export async function signInWithPassword(store: Store, input: { email: string; password: string; ip: string }, now = new Date()): Promise<OpenedSession> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const failures = await q.recentFailures(store.db, email, input.ip, new Date(now.getTime() - ATTEMPT_WINDOW_MS));
  if (failures.email >= MAX_FAILURES_PER_ACCOUNT || failures.ip >= MAX_FAILURES_PER_IP) {
    await q.insertLoginAttempt(store.db, { email, ip: input.ip, ok: false });
    throw new KizunaError('too-many-requests', { key: 'error.account.tooMany', params: { minutes: ATTEMPT_WINDOW_MS / 60000 } });
  }
  const row = await q.accountByEmail(store.db, email);
  const ok = (await verifyPassword(input.password.slice(0, 1024), row?.password_hash ?? (await decoyHash()))) && row !== undefined && row.password_hash !== null && row.disabled_at === null;
  await q.insertLoginAttempt(store.db, { email, ip: input.ip, ok });
  await q.pruneLoginAttempts(store.db, new Date(now.getTime() - 24 * 60 * 60 * 1000));
  if (!ok || !row) throw new KizunaError('unauthorized', { key: 'signin.failed' });
  return openSession(store, toAccount(row), 'password', now);
}

/** The principal of a session token, or null when it is unknown, expired (idle or absolute) or its account disabled. Keeps the session alive. */
export async function principalOfSession(store: Store, token: string, now = new Date()): Promise<Principal | null> {
  const found = await q.liveSession(store.db, sha256(token), new Date(now.getTime() - SESSION_IDLE_MS));
  if (!found) return null;
  // Written at most once a minute per session, not on every request.
  if (now.getTime() - new Date(found.session.last_seen_at).getTime() > 60_000) await q.touchSession(store.db, found.session.token_hash);
  return { account: toAccount(found.account), grants: found.grants };
}

/** Ends one session (sign-out), or with `everywhere` every session of its account. */
export async function signOut(store: Store, token: string, everywhere: boolean): Promise<void> {
  const found = await q.liveSession(store.db, sha256(token), new Date(0));
  await store.db.transaction().execute(async (trx) => {
    if (found && everywhere) await q.deleteSessionsOf(trx, found.account.id);
    else await q.deleteSession(trx, sha256(token));
    if (found) await appendEvent(trx, { actor: found.account.email, entity: 'account', entityId: found.account.email, action: everywhere ? 'sign-out-everywhere' : 'sign-out' });
  });
}

/** The scope of the record a request acts on (drafts from the drafts' index, the rest from the store); undefined when it does not exist. */
export async function scopeOfTarget(store: Store, drafts: DraftStore, kind: TargetKind, id: string, now: Date): Promise<TargetScope | undefined> {
  if (kind !== 'draft') return targetScope(store.db, kind, id);
  const draft = drafts.entry(id, now.getTime());
  if (!draft) return undefined;
  return { partnershipId: draft.parties.length ? draft.parties.join('-') : null, organizations: [], uploader: draft.uploader };
}

/** Parses a role name as the CLI and forms give it. */
export function roleOf(value: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  throw new KizunaError('invalid-request', { key: 'error.account.role', params: { roles: ROLES.join(', ') } });
}
