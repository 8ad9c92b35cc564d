// Amendments by mutual written consent (issue 13): a proposed changeset to a plan, and each side's consent,
// decline or comment, kept append-only (the database refuses to change or delete a response once written).
import { sql, type Kysely, type Migration } from 'kysely';

export const amendmentsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table amendments (
      id text primary key, plan_id text not null references plans(id) on delete cascade, number integer not null,
      title text not null, rationale text not null, changes jsonb not null, effective_date text,
      state text not null default 'proposed' check (state in ('proposed', 'agreed', 'declined', 'withdrawn')),
      proposed_by text not null, proposed_side text not null, added jsonb not null default '[]',
      created_at timestamptz not null default date_trunc('milliseconds', now()),
      updated_at timestamptz not null default date_trunc('milliseconds', now()),
      version integer not null default 1, unique (plan_id, number))`.execute(db);
    await sql`create table amendment_responses (
      id serial primary key, amendment_id text not null references amendments(id),
      side text not null, decision text not null check (decision in ('consent', 'decline', 'comment')),
      actor text not null, at timestamptz not null default date_trunc('milliseconds', now()),
      instrument text, instrument_sha256 text references evidence_files(sha256), comment text)`.execute(db);
    // One consent or decline per side: a side's written word is given once.
    await sql`create unique index amendment_responses_one_per_side on amendment_responses (amendment_id, side)
      where decision <> 'comment'`.execute(db);
    await sql`create function kizuna_responses_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'amendment responses are append-only: a consent, decline or comment cannot be changed or deleted';
      end $$`.execute(db);
    await sql`create trigger amendment_responses_append_only before update or delete on amendment_responses
      for each row execute function kizuna_responses_append_only()`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`drop table if exists amendment_responses`.execute(db);
    await sql`drop function if exists kizuna_responses_append_only()`.execute(db);
    await sql`drop table if exists amendments`.execute(db);
  },
};
