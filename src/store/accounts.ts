// Queries of sign-in (tables of migrations/007_accounts.ts): accounts and their grants, sessions kept by the
// hash of their token, sign-in attempts counted for rate limiting, and OpenID Connect sign-ins in progress.
import { sql, type ColumnType, type Generated, type Kysely, type Selectable } from 'kysely';
import type { Database } from './schema.js';
import type { Grant, Role } from '../auth/principal.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AccountsTable {
  id: string;
  email: string;
  name: string;
  language: ColumnType<string, string | undefined, string>;
  /** `scrypt$N$r$p$salt$hash` (src/auth/password.ts); null for accounts that sign in through OpenID Connect only. */
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface GrantsTable {
  id: Generated<number>;
  account_id: string;
  role: string;
  partnership_id: string | null;
  side: string | null;
  organization_id: string | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie's token: a stolen database yields no usable session. */
  token_hash: string;
  account_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** Absolute expiry, fixed at sign-in. */
  expires_at: Timestamp;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  at: Timestamp;
  email: string;
  ip: string;
  ok: boolean;
}

export interface OidcFlowsTable {
  state_hash: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  expires_at: Timestamp;
}

declare module './schema.js' {
  interface Database {
    accounts: AccountsTable;
    grants: GrantsTable;
    sessions: SessionsTable;
    login_attempts: LoginAttemptsTable;
    oidc_flows: OidcFlowsTable;
  }
}

type Db = Kysely<Database>;
export type AccountRow = Selectable<AccountsTable>;

export const accountByEmail = (db: Db, email: string) => db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
export const accountById = (db: Db, id: string) => db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
export const accountByIdentity = (db: Db, issuer: string, subject: string) =>
  db.selectFrom('accounts').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();

export async function anyAccount(db: Db, role?: Role): Promise<boolean> {
  let query = db.selectFrom('accounts').select('accounts.id').where('accounts.disabled_at', 'is', null);
  if (role) query = query.innerJoin('grants', 'grants.account_id', 'accounts.id').where('grants.role', '=', role);
  return Boolean(await query.limit(1).executeTakeFirst());
}

export async function insertAccount(db: Db, row: { id: string; email: string; name: string; language: string; password_hash: string | null; oidc_issuer?: string; oidc_subject?: string }): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

export async function updateAccount(db: Db, id: string, change: Partial<Pick<AccountRow, 'password_hash' | 'oidc_issuer' | 'oidc_subject' | 'name' | 'language'>> & { disabled_at?: Date | null }): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ ...change, updated_at: sql<Date>`date_trunc('milliseconds', now())`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function listAccounts(db: Db): Promise<AccountRow[]> {
  return db.selectFrom('accounts').selectAll().orderBy('email').execute();
}

type GrantRow = Pick<Selectable<GrantsTable>, 'role' | 'partnership_id' | 'side' | 'organization_id'>;

const toGrant = (r: GrantRow): Grant => ({ role: r.role as Role, partnershipId: r.partnership_id, side: r.side, organizationId: r.organization_id });

export async function grantsOf(db: Db, accountIds: string[]): Promise<Map<string, Grant[]>> {
  const out = new Map<string, Grant[]>();
  if (!accountIds.length) return out;
  const rows = await db.selectFrom('grants').selectAll().where('account_id', 'in', accountIds).orderBy('id').execute();
  for (const r of rows) {
    const list = out.get(r.account_id) ?? [];
    list.push(toGrant(r));
    out.set(r.account_id, list);
  }
  return out;
}

/** Adds a grant; false when the account already holds exactly this one. */
export async function insertGrant(db: Db, accountId: string, grant: Grant): Promise<boolean> {
  const existing = await grantQuery(db, accountId, grant).select('id').executeTakeFirst();
  if (existing) return false;
  await db.insertInto('grants').values({ account_id: accountId, role: grant.role, partnership_id: grant.partnershipId, side: grant.side, organization_id: grant.organizationId }).execute();
  return true;
}

/** Removes a grant; false when the account did not hold it. */
export async function deleteGrant(db: Db, accountId: string, grant: Grant): Promise<boolean> {
  const found = await grantQuery(db, accountId, grant).select('id').executeTakeFirst();
  if (!found) return false;
  await db.deleteFrom('grants').where('id', '=', found.id).execute();
  return true;
}

function grantQuery(db: Db, accountId: string, grant: Grant) {
  const same = (column: 'partnership_id' | 'side' | 'organization_id', value: string | null) => (value === null ? sql<boolean>`${sql.ref(column)} is null` : sql<boolean>`${sql.ref(column)} = ${value}`);
  return db
    .selectFrom('grants')
    .where('account_id', '=', accountId)
    .where('role', '=', grant.role)
    .where(same('partnership_id', grant.partnershipId))
    .where(same('side', grant.side))
    .where(same('organization_id', grant.organizationId));
}

export async function insertSession(db: Db, row: { token_hash: string; account_id: string; expires_at: Date }): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/**
 * The session of a token hash with its account and the account's grants, if the session has not expired (absolute
 * or idle) and the account is enabled. One statement: every signed-in request asks it, so the grants ride along as
 * a JSON array instead of costing a second round trip.
 */
export async function liveSession(db: Db, tokenHash: string, idleSince: Date): Promise<{ session: Selectable<SessionsTable>; account: AccountRow; grants: Grant[] } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .selectAll('accounts')
    .select(['sessions.token_hash', 'sessions.created_at as session_created_at', 'sessions.last_seen_at', 'sessions.expires_at'])
    .select(
      sql<GrantRow[] | null>`(select json_agg(json_build_object('role', g.role, 'partnership_id', g.partnership_id, 'side', g.side, 'organization_id', g.organization_id) order by g.id)
        from grants g where g.account_id = accounts.id)`.as('grant_rows'),
    )
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', idleSince)
    .where('accounts.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_hash, session_created_at, last_seen_at, expires_at, grant_rows, ...account } = row;
  return { session: { token_hash, account_id: account.id, created_at: session_created_at, last_seen_at, expires_at }, account, grants: (grant_rows ?? []).map(toGrant) };
}

export async function touchSession(db: Db, tokenHash: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: sql<Date>`date_trunc('milliseconds', now())` }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of an account (sign-out everywhere, disable, password reset); returns how many. */
export async function deleteSessionsOf(db: Db, accountId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Db, idleSince: Date): Promise<void> {
  await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', sql<Date>`now()`), eb('last_seen_at', '<=', idleSince)])).execute();
}

export async function insertLoginAttempt(db: Db, row: { email: string; ip: string; ok: boolean }): Promise<void> {
  await db.insertInto('login_attempts').values(row).execute();
}

/** Failed attempts since `since` for an e-mail (after its last success) and for an IP address. */
export async function recentFailures(db: Db, email: string, ip: string, since: Date): Promise<{ email: number; ip: number }> {
  const lastOk = await db.selectFrom('login_attempts').select((eb) => eb.fn.max('at').as('at')).where('email', '=', email).where('ok', '=', true).executeTakeFirst();
  const from = lastOk?.at && new Date(lastOk.at) > since ? new Date(lastOk.at) : since;
  const count = async (column: 'email' | 'ip', value: string, after: Date) => {
    const row = await db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', value).where('ok', '=', false).where('at', '>', after).executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  return { email: await count('email', email, from), ip: await count('ip', ip, since) };
}

export async function pruneLoginAttempts(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', before).execute();
}

export async function insertOidcFlow(db: Db, row: Selectable<OidcFlowsTable>): Promise<void> {
  await db.deleteFrom('oidc_flows').where('expires_at', '<=', sql<Date>`now()`).execute();
  await db.insertInto('oidc_flows').values(row).execute();
}

/** Takes (reads and deletes) a sign-in in progress: each state is good for one callback only. */
export async function takeOidcFlow(db: Db, stateHash: string): Promise<Selectable<OidcFlowsTable> | undefined> {
  const row = await db.deleteFrom('oidc_flows').where('state_hash', '=', stateHash).where('expires_at', '>', sql<Date>`now()`).returningAll().executeTakeFirst();
  return row;
}
