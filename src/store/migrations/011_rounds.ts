// Update rounds (issue 13): a coordinator asks the contributor organizations of a plan for progress by a due
// date. Each commitment is assigned to organizations (by default its actors); each assignment gets one answer
// (status, note, evidence, visibility) that moves from draft to submitted, then accepted or returned.
import { sql, type Kysely, type Migration } from 'kysely';

const now = sql`timestamptz not null default date_trunc('milliseconds', now())`;

export const roundsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table update_rounds (
      id text primary key, plan_id text not null references plans(id) on delete cascade, number integer not null,
      title text not null, due_date text not null check (due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      opened_on text not null, opened_by text not null, opened_side text,
      state text not null default 'open' check (state in ('open', 'closed')),
      created_at ${now}, version integer not null default 1, unique (plan_id, number))`.execute(db);
    await sql`create table round_assignments (
      id serial primary key, round_id text not null references update_rounds(id) on delete cascade,
      commitment_id text not null references commitments(id) on delete cascade,
      organization_id text not null references organizations(id), created_at ${now},
      unique (round_id, commitment_id, organization_id))`.execute(db);
    await sql`create index round_assignments_org on round_assignments (organization_id, round_id)`.execute(db);
    await sql`create table round_answers (
      assignment_id integer primary key references round_assignments(id) on delete cascade,
      status text not null, note text not null default '',
      evidence_url text, evidence_sha256 text references evidence_files(sha256), evidence_name text,
      visibility text check (visibility in ('internal', 'shared', 'public')),
      state text not null default 'draft' check (state in ('draft', 'submitted', 'accepted', 'returned')),
      author text not null, updated_at ${now}, submitted_on text,
      reviewer text, reviewer_comment text, reviewed_at timestamptz, update_id text,
      version integer not null default 1)`.execute(db);
  },
  async down(db: Kysely<any>) {
    for (const table of ['round_answers', 'round_assignments', 'update_rounds']) await sql`drop table if exists ${sql.table(table)}`.execute(db);
  },
};
