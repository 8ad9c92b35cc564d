// Plan metadata corrections need the extractor's own reading kept beside the corrected columns (to show it
// and to undo a correction); this migration adds `plans.extracted` and fills it for plans already stored.
import { sql, type Kysely, type Migration } from 'kysely';

export const planCorrectionsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table plans add column extracted jsonb`.execute(db);
    // Nothing could correct a plan before this migration, so the current columns are the extractor's reading.
    await sql`update plans set extracted = jsonb_build_object(
      'title', title, 'kind', kind, 'parties', parties, 'periodStart', period_start, 'periodEnd', period_end,
      'signedDate', signed_date, 'signedPlace', signed_place)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`alter table plans drop column extracted`.execute(db);
  },
};
