// Commitments per plan by strength, by theme and by organization, kept by triggers, so the portfolio, the
// unfiltered theme × partner matrix and the organizations list add up a small table instead of aggregating
// every commitment (a cold portfolio at 200,000 commitments took most of a second on PGlite).
import { sql, type Kysely, type Migration } from 'kysely';

/** The tables counted, the facet each feeds and the column that gives the facet's value. */
const COUNTED = [
  { table: 'commitments', facet: 'strength', column: 'strength' },
  { table: 'commitment_themes', facet: 'theme', column: 'theme' },
  { table: 'commitment_actors', facet: 'organization', column: 'organization_id' },
] as const;

const triggerFunction = (table: string) => `kizuna_portfolio_count_${table}`;

export const portfolioCountsMigration: Migration = {
  async up(db: Kysely<any>) {
    // No foreign key to plans: a plan's delete cascades to its commitments, whose triggers then subtract from
    // rows of a plan already gone. A row whose count reaches 0 is deleted, so the table holds only what exists.
    await sql`create table plan_counts (
      plan_id text not null, facet text not null check (facet in ('strength', 'theme', 'organization')),
      value text not null, n integer not null, primary key (plan_id, facet, value))`.execute(db);
    // Statement-level with transition tables: one grouped upsert per statement, whatever its number of rows
    // (an ingest inserts a plan's commitments in chunks). Deltas, never recounts: each statement adds what it
    // inserted and subtracts what it deleted (an update does both), so a cascade from a plan's delete costs
    // as little as the rows it removes. Every table carries plan_id, so no trigger reads another table.
    // `set search_path from current` pins the migration's schema, so the functions find their own tables.
    for (const { table, facet, column } of COUNTED) {
      const add = (from: string, sign: string) => `
        insert into plan_counts (plan_id, facet, value, n)
          select plan_id, '${facet}', ${column}, ${sign}count(*)::int from ${from} group by plan_id, ${column}
          on conflict (plan_id, facet, value) do update set n = plan_counts.n + excluded.n;`;
      await sql`create function ${sql.raw(triggerFunction(table))}() returns trigger language plpgsql
        set search_path from current as ${sql.raw(`$$
        begin
          if tg_op <> 'INSERT' then ${add('kizuna_old', '-')} end if;
          if tg_op <> 'DELETE' then ${add('kizuna_new', '')} end if;
          if tg_op <> 'INSERT' then
            delete from plan_counts k where k.facet = '${facet}' and k.n <= 0 and k.plan_id in (select plan_id from kizuna_old);
          end if;
          return null;
        end $$`)}`.execute(db);
      // PostgreSQL allows transition tables on a trigger of one event only: three triggers, one function.
      for (const [event, referencing] of [
        ['insert', 'new table as kizuna_new'],
        ['update', 'old table as kizuna_old new table as kizuna_new'],
        ['delete', 'old table as kizuna_old'],
      ] as const) {
        await sql`create trigger ${sql.id(`${table}_portfolio_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
          referencing ${sql.raw(referencing)} for each statement execute function ${sql.raw(triggerFunction(table))}()`.execute(db);
      }
    }
    // The counts of what is stored already.
    for (const { table, facet, column } of COUNTED) {
      await sql`insert into plan_counts (plan_id, facet, value, n)
        select plan_id, ${sql.lit(facet)}, ${sql.ref(column)}, count(*)::int from ${sql.table(table)} group by plan_id, ${sql.ref(column)}`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    for (const { table } of COUNTED) {
      for (const event of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.id(`${table}_portfolio_${event}`)} on ${sql.table(table)}`.execute(db);
      await sql`drop function ${sql.raw(triggerFunction(table))}()`.execute(db);
    }
    await sql`drop table plan_counts`.execute(db);
  },
};
