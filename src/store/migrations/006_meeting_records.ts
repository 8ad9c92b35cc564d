// A meeting record as a coordinator keeps it: who took part and the minutes (a link, or a file kept by its
// SHA-256 in evidence_files), beside the date, place and level migration 002 gave it.
import { sql, type Kysely, type Migration } from 'kysely';

export const meetingRecordsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table meetings add column participants text`.execute(db);
    await sql`alter table meetings add column minutes jsonb`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`alter table meetings drop column minutes`.execute(db);
    await sql`alter table meetings drop column participants`.execute(db);
  },
};
