// The register: parties, organizations, partnerships, documents, plans and what extraction found in them,
// plus user corrections (kept apart) and the append-only event log. Runs on PostgreSQL 15+ and PGlite.
import { sql, type Kysely, type Migration } from 'kysely';

const stamps = sql`
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  version integer not null default 1`;

export const registerMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table parties (code text primary key, name text, ${stamps})`.execute(db);
    await sql`create table organizations (
      id text primary key, name text not null, acronym text, party text references parties(code),
      aliases jsonb not null default '[]', ${stamps})`.execute(db);
    await sql`create table partnerships (
      id text primary key, parties jsonb not null, name text not null, since text, ${stamps})`.execute(db);
    await sql`create table documents (
      id text primary key check (id ~ '^[0-9a-f]{64}$'), name text not null, media_type text not null,
      byte_length integer not null, bytes bytea not null, text text not null, ${stamps})`.execute(db);
    await sql`create table plans (
      id text primary key, document_id text not null unique references documents(id),
      partnership_id text references partnerships(id), partner text, kind text not null, title text,
      parties jsonb not null, period_start text, period_end text, period_end_day text,
      signed_date text, signed_place text, spans jsonb not null default '{}', supersedes text, ${stamps})`.execute(db);
    await sql`create index plans_partnership on plans (partnership_id)`.execute(db);
    await sql`create index plans_supersedes on plans (supersedes)`.execute(db);
    await sql`create table sections (
      id text primary key, plan_id text not null references plans(id) on delete cascade, key text not null,
      ord integer not null, number text, title text, level integer not null, kind text not null, parent_key text,
      span_start integer not null, span_end integer not null)`.execute(db);
    await sql`create index sections_plan on sections (plan_id, ord)`.execute(db);
    // Japanese and Chinese have no spaces, so full-text search sees a whole clause as one word; their
    // character bigrams (水素エネ → 水素, 素エ, エネ) go in a second index that short queries such as 水素 use.
    await sql`create function kizuna_cjk_bigrams(t text) returns tsvector language sql immutable parallel safe as $$
      select coalesce(array_to_tsvector(array(
        select distinct substr(run, i, 2)
        from regexp_split_to_table(t, '[^ぁ-ヿ㐀-鿿豈-﫿]+') as run, generate_series(1, length(run) - 1) as i
        where length(run) >= 2)), ''::tsvector)
    $$`.execute(db);
    await sql`create table commitments (
      id text primary key, plan_id text not null references plans(id) on delete cascade, key text not null,
      ord integer not null, text text not null, span_start integer not null, span_end integer not null,
      section_key text, section_title text,
      strength text not null check (strength in ('firm', 'intent', 'exploratory')), strength_cue text,
      parent_key text, extracted jsonb not null, corrected boolean not null default false,
      tsv tsvector generated always as (to_tsvector('english'::regconfig, text)) stored,
      cjk tsvector generated always as (kizuna_cjk_bigrams(text)) stored, ${stamps})`.execute(db);
    await sql`create index commitments_plan on commitments (plan_id, ord)`.execute(db);
    await sql`create index commitments_strength on commitments (strength)`.execute(db);
    // A small GIN pending list (512 kB, not 4 MB): PGlite has no autovacuum to merge it, and every search
    // reads it in full; inserts still batch their index updates through it.
    await sql`create index commitments_tsv on commitments using gin (tsv) with (gin_pending_list_limit = 512)`.execute(db);
    await sql`create index commitments_cjk on commitments using gin (cjk) with (gin_pending_list_limit = 512)`.execute(db);
    // Japanese (no spaces between words) and partial words fall back to ILIKE, which this index serves.
    await sql`create index commitments_trgm on commitments using gin (text gin_trgm_ops) with (gin_pending_list_limit = 512)`.execute(db);
    // plan_id is repeated here so portfolio counts (theme × partner) join plans without touching commitments.
    await sql`create table commitment_themes (
      commitment_id text not null references commitments(id) on delete cascade, plan_id text not null,
      theme text not null, cue text not null, primary key (commitment_id, theme))`.execute(db);
    await sql`create index commitment_themes_theme on commitment_themes (theme, commitment_id)`.execute(db);
    await sql`create table commitment_actors (
      commitment_id text not null references commitments(id) on delete cascade, plan_id text not null,
      organization_id text not null references organizations(id), primary key (commitment_id, organization_id))`.execute(db);
    await sql`create index commitment_actors_org on commitment_actors (organization_id, commitment_id)`.execute(db);
    await sql`create table plan_organizations (
      plan_id text not null references plans(id) on delete cascade,
      organization_id text not null references organizations(id), name text not null,
      span_start integer not null, span_end integer not null, mentions jsonb not null,
      primary key (plan_id, organization_id))`.execute(db);
    await sql`create index plan_organizations_org on plan_organizations (organization_id)`.execute(db);
    for (const [table, columns] of [
      ['instruments', sql`kind text not null, title text not null, date text`],
      ['mechanisms', sql`name text not null, cadence text not null`],
      ['provisions', sql`kind text not null, text text not null`],
    ] as const) {
      await sql`create table ${sql.table(table)} (
        id text primary key, plan_id text not null references plans(id) on delete cascade, key text not null,
        span_start integer not null, span_end integer not null, ${columns}, ${stamps})`.execute(db);
      await sql`create index ${sql.id(`${table}_plan`)} on ${sql.table(table)} (plan_id)`.execute(db);
    }
    // No foreign key to the corrected record: a correction outlives a re-extraction that drops its record.
    await sql`create table corrections (
      id serial primary key, entity text not null, entity_id text not null, field text not null,
      value jsonb not null, author text not null, ${stamps}, unique (entity, entity_id, field))`.execute(db);
    await sql`create table events (
      id serial primary key, at timestamptz not null default date_trunc('milliseconds', now()),
      actor text not null, entity text not null, entity_id text not null, action text not null,
      before jsonb, after jsonb)`.execute(db);
    await sql`create index events_entity on events (entity, entity_id, id)`.execute(db);
  },
  async down(db: Kysely<any>) {
    for (const table of [
      'events', 'corrections', 'provisions', 'mechanisms', 'instruments', 'plan_organizations',
      'commitment_actors', 'commitment_themes', 'commitments', 'sections', 'plans', 'documents',
      'partnerships', 'organizations', 'parties',
    ]) {
      await sql`drop table ${sql.table(table)}`.execute(db);
    }
    await sql`drop function kizuna_cjk_bigrams(text)`.execute(db);
  },
};
