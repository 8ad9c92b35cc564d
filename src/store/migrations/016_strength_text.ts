// Full-text search within one strength ("energy", firm only) from an index of that strength's commitments.
// With only the tsv index and the strength index, PostgreSQL intersects two bitmaps (56,000 'energi' rows and
// 137,000 firm ones at a million commitments, lossy in work_mem) and reads 6,100 heap pages to find the first
// 1,001 candidates; a partial tsv index per strength hands it the ~7,700 firm matches directly, so the
// candidates cost one heap page each. Strength is a closed set (the check constraint of migration 001), and the
// three partial indexes together are the size of the tsv index (58 MB at a million commitments).
import { sql, type Kysely, type Migration } from 'kysely';

const STRENGTHS = ['firm', 'intent', 'exploratory'];

export const strengthTextMigration: Migration = {
  async up(db: Kysely<any>) {
    for (const strength of STRENGTHS) {
      await sql`create index ${sql.id(`commitments_tsv_${strength}`)} on commitments using gin (tsv)
        with (gin_pending_list_limit = 512) where strength = ${sql.lit(strength)}`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    for (const strength of STRENGTHS) await sql`drop index ${sql.id(`commitments_tsv_${strength}`)}`.execute(db);
  },
};
