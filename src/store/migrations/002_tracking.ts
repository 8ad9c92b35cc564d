// Implementation tracking: progress updates (the only way a commitment's status changes), evidence files,
// mechanism meetings, ingested readouts and the link proposals made from them. Runs on PostgreSQL 15+ and PGlite.
import { sql, type Kysely, type Migration } from 'kysely';

export const trackingMigration: Migration = {
  async up(db: Kysely<any>) {
    // Current status per commitment; rows exist only once a commitment has an update (absent = not_started).
    await sql`create table commitment_status (
      commitment_id text primary key references commitments(id) on delete cascade, status text not null,
      as_of text not null, updated_at timestamptz not null default date_trunc('milliseconds', now()),
      version integer not null default 1)`.execute(db);
    await sql`create table progress_updates (
      id text primary key, commitment_id text not null references commitments(id) on delete cascade,
      status text not null, date text not null, note text not null, evidence jsonb not null default '[]',
      author text not null, recorded_at timestamptz not null default date_trunc('milliseconds', now()))`.execute(db);
    await sql`create index progress_updates_commitment on progress_updates (commitment_id, date)`.execute(db);
    await sql`create table evidence_files (
      sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'), name text not null, media_type text,
      bytes bytea not null, created_at timestamptz not null default date_trunc('milliseconds', now()))`.execute(db);
    await sql`create table meetings (
      id text primary key, mechanism_id text not null references mechanisms(id) on delete cascade,
      date text not null, place text, level text, outcome text, author text not null,
      created_at timestamptz not null default date_trunc('milliseconds', now()))`.execute(db);
    await sql`create index meetings_mechanism on meetings (mechanism_id, date)`.execute(db);
    await sql`create table readouts (
      id text primary key check (id ~ '^[0-9a-f]{64}$'), name text not null, text text not null,
      created_at timestamptz not null default date_trunc('milliseconds', now()))`.execute(db);
    await sql`create table link_proposals (
      id serial primary key, readout_id text not null references readouts(id) on delete cascade,
      candidate_id text not null, kind text not null, plan_id text not null, score real not null,
      passage text not null, passage_start integer not null, passage_end integer not null, event text not null,
      proposed_status text, meeting_date text, state text not null default 'pending'
        check (state in ('pending', 'accepted', 'rejected')),
      decided_by text, decided_at timestamptz, unique (readout_id, candidate_id))`.execute(db);
  },
  async down(db: Kysely<any>) {
    for (const table of ['link_proposals', 'readouts', 'meetings', 'evidence_files', 'progress_updates', 'commitment_status']) {
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
    }
  },
};
