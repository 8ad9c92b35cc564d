// Link review: a readout's own date (for meetings and updates its text leaves undated), and for each
// proposal whether it reached the threshold (else it is one of the next best candidates a reviewer may
// still accept) and why it was made (event read, shared terms).
import { sql, type Kysely, type Migration } from 'kysely';

export const linkReviewMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table readouts add column date text check (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')`.execute(db);
    await sql`alter table link_proposals add column proposed boolean not null default true,
      add column reason text not null default ''`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`alter table link_proposals drop column if exists proposed, drop column if exists reason`.execute(db);
    await sql`alter table readouts drop column if exists date`.execute(db);
  },
};
