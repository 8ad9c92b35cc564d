// Sign-in and authorization: accounts (local password or an OpenID Connect identity), their grants (role ×
// partnership × side × organization), sessions (only the hash of each token), sign-in attempts for rate
// limiting, and the short-lived state of OpenID Connect sign-ins in progress.
import { sql, type Kysely, type Migration } from 'kysely';

const now = sql`timestamptz not null default date_trunc('milliseconds', now())`;

export const accountsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table accounts (
      id text primary key, email text not null unique check (email = lower(email)), name text not null,
      language text not null default 'en' check (language in ('en', 'ja')),
      password_hash text, oidc_issuer text, oidc_subject text, disabled_at timestamptz,
      created_at ${now}, updated_at ${now}, version integer not null default 1,
      unique (oidc_issuer, oidc_subject))`.execute(db);
    await sql`create table grants (
      id serial primary key, account_id text not null references accounts(id) on delete cascade,
      role text not null check (role in ('admin', 'coordinator', 'contributor', 'reader')),
      partnership_id text, side text, organization_id text, created_at ${now},
      check ((role = 'admin') = (partnership_id is null and side is null)),
      check ((role = 'contributor') = (organization_id is not null)))`.execute(db);
    // One grant of each shape per account (nulls compared as empty strings).
    await sql`create unique index grants_unique on grants (account_id, role, coalesce(partnership_id, ''), coalesce(side, ''), coalesce(organization_id, ''))`.execute(db);
    await sql`create table sessions (
      token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
      account_id text not null references accounts(id) on delete cascade,
      created_at ${now}, last_seen_at ${now}, expires_at timestamptz not null)`.execute(db);
    await sql`create index sessions_account on sessions (account_id)`.execute(db);
    await sql`create table login_attempts (
      id serial primary key, at ${now}, email text not null, ip text not null, ok boolean not null)`.execute(db);
    await sql`create index login_attempts_email on login_attempts (email, at)`.execute(db);
    await sql`create index login_attempts_ip on login_attempts (ip, at)`.execute(db);
    await sql`create table oidc_flows (
      state_hash text primary key, code_verifier text not null, nonce text not null, return_to text not null,
      expires_at timestamptz not null)`.execute(db);
  },
  async down(db: Kysely<any>) {
    for (const table of ['oidc_flows', 'login_attempts', 'sessions', 'grants', 'accounts']) await sql`drop table ${sql.table(table)}`.execute(db);
  },
};
