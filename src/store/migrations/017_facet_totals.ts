// The total of a list filtered by one strength or one theme, from the per-plan counts of migration 012: an
// index on (facet, value) hands the sum its rows of plan_counts directly (10,000 rows for 'firm' at a million
// commitments), where without it the sum read all 350,000 rows of the table (40 ms) and counting the commitments
// themselves read all 137,000 firm ones (20–40 ms). `include (n)` lets the sum read the index alone.
import { sql, type Kysely, type Migration } from 'kysely';

export const facetTotalsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index plan_counts_facet on plan_counts (facet, value) include (n)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`drop index plan_counts_facet`.execute(db);
  },
};
