// Commitments per plan, kept by triggers, so an unfiltered (or plan-filtered) commitment list reports its
// exact total without counting 200,000 wide rows on every page.
import { sql, type Kysely, type Migration } from 'kysely';

export const commitmentCountsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table commitment_counts (plan_id text primary key, n integer not null)`.execute(db);
    // Every row written here is recounted from commitments (an index range of one plan), replacing any row
    // before it: the triggers below stay exact, and a backup import that restores this table after the
    // commitments (backup.ts copies every table) writes the same counts instead of doubling them.
    // `set search_path from current` pins the migration's schema, so the functions find their own tables.
    await sql`create function kizuna_recount_plan() returns trigger language plpgsql
      set search_path from current as $$
      begin
        delete from commitment_counts where plan_id = new.plan_id;
        new.n := (select count(*)::int from commitments where plan_id = new.plan_id);
        return new;
      end $$`.execute(db);
    await sql`create trigger commitment_counts_recount before insert on commitment_counts
      for each row execute function kizuna_recount_plan()`.execute(db);
    // Statement-level with transition tables: one recount per plan an insert or delete touched, not per row.
    await sql`create function kizuna_count_commitments() returns trigger language plpgsql
      set search_path from current as $$
      begin
        if tg_op = 'INSERT' then
          insert into commitment_counts (plan_id, n) select distinct plan_id, 0 from kizuna_new_commitments;
        else
          insert into commitment_counts (plan_id, n) select distinct plan_id, 0 from kizuna_old_commitments;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger commitments_counted_insert after insert on commitments
      referencing new table as kizuna_new_commitments for each statement execute function kizuna_count_commitments()`.execute(db);
    await sql`create trigger commitments_counted_delete after delete on commitments
      referencing old table as kizuna_old_commitments for each statement execute function kizuna_count_commitments()`.execute(db);
    await sql`insert into commitment_counts (plan_id, n) select distinct plan_id, 0 from commitments`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`drop trigger commitments_counted_delete on commitments`.execute(db);
    await sql`drop trigger commitments_counted_insert on commitments`.execute(db);
    await sql`drop function kizuna_count_commitments()`.execute(db);
    await sql`drop table commitment_counts`.execute(db);
    await sql`drop function kizuna_recount_plan()`.execute(db);
  },
};
