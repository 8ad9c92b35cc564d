// Every change to the register notifies listeners (LISTEN kizuna_change, payload: the schema), so a server keeps
// its caches and ETags exact without asking the database on every request: each op appends an event in the
// transaction of its change, and the notification is delivered when that transaction commits.
import { sql, type Kysely, type Migration } from 'kysely';

export const changeNotifyMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create function kizuna_notify_change() returns trigger language plpgsql
      set search_path from current as $$
      begin
        perform pg_notify('kizuna_change', current_schema());
        return null;
      end $$`.execute(db);
    await sql`create trigger events_notify_change after insert on events
      for each statement execute function kizuna_notify_change()`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`drop trigger events_notify_change on events`.execute(db);
    await sql`drop function kizuna_notify_change()`.execute(db);
  },
};
