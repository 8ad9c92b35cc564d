// Commitment lineage across renewal (issue 13): a plan declared as the renewal of an earlier plan of its
// partnership, and the pairs of commitments its renewal diff carried over (with the match score), which a
// coordinator may unlink or link by hand. Tracking stays on each plan's own rows: the lineage only points.
import { sql, type Kysely, type Migration } from 'kysely';

const now = sql`timestamptz not null default date_trunc('milliseconds', now())`;

export const lineageMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table plan_renewals (
      plan_id text primary key references plans(id) on delete cascade,
      renews text not null references plans(id) on delete cascade,
      threshold double precision not null,
      declared_by text not null, declared_at ${now}, version integer not null default 1,
      check (plan_id <> renews))`.execute(db);
    await sql`create index plan_renewals_renews on plan_renewals (renews)`.execute(db);
    // A pair stays when a coordinator unlinks it (linked = false), so renewing again does not link it back.
    await sql`create table commitment_lineage (
      predecessor_id text not null references commitments(id) on delete cascade,
      successor_id text not null references commitments(id) on delete cascade,
      plan_id text not null references plan_renewals(plan_id) on delete cascade,
      score double precision not null check (score >= 0 and score <= 1),
      origin text not null check (origin in ('diff', 'person')),
      linked boolean not null default true,
      decided_by text, updated_at ${now}, version integer not null default 1,
      primary key (predecessor_id, successor_id))`.execute(db);
    // One commitment carries over into at most one, and comes from at most one.
    await sql`create unique index commitment_lineage_one_successor on commitment_lineage (predecessor_id) where linked`.execute(db);
    await sql`create unique index commitment_lineage_one_predecessor on commitment_lineage (successor_id) where linked`.execute(db);
    await sql`create index commitment_lineage_plan on commitment_lineage (plan_id)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`drop table if exists commitment_lineage`.execute(db);
    await sql`drop table if exists plan_renewals`.execute(db);
  },
};
