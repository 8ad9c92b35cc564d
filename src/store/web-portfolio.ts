// Page-specific reads for the web portfolio: register totals, commitments by strength and by theme.
// (Plans, their status and partnerships come from queries.ts; this adds only the aggregate counts.)
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { commitmentReadable, planReadable, type ReadScope } from './scope.js';

export interface PortfolioCounts {
  plans: number;
  commitments: number;
  organizations: number;
  byStrength: { strength: string; count: number }[];
  /** Commitments per theme (a commitment counts once per theme). */
  byTheme: { theme: string; count: number }[];
}

/**
 * Whole-register counts, each read from an index or a kept count rather than the wide commitment rows: the
 * per-plan counts of migration 003, the strength and theme indexes (index-only once vacuumed), and one
 * probe of commitment_actors' organization index per organization. A reader of less than everything gets
 * the same counts over the plans they may read.
 */
export async function portfolioCounts(db: Kysely<Database>, scope: ReadScope): Promise<PortfolioCounts> {
  const [totals, byStrength, byTheme] = scope.all
    ? await Promise.all([
        sql<{ plans: number; commitments: number; organizations: number }>`select
          (select count(*)::int from plans) as plans,
          (select coalesce(sum(n), 0)::int from commitment_counts) as commitments,
          (select count(*)::int from organizations o where exists (select 1 from commitment_actors a where a.organization_id = o.id)) as organizations`.execute(db),
        sql<{ strength: string; count: number }>`select strength, count(*)::int as count from commitments group by strength`.execute(db),
        // (commitment_id, theme) is the key: a commitment counts once per theme.
        sql<{ theme: string; count: number }>`select theme, count(*)::int as count from commitment_themes group by theme order by count desc, theme`.execute(db),
      ])
    : await Promise.all([
        sql<{ plans: number; commitments: number; organizations: number }>`select
          (select count(*)::int from plans p where ${planReadable(scope)}) as plans,
          (select coalesce(sum(k.n), 0)::int from commitment_counts k where ${commitmentReadable(scope, 'k')}) as commitments,
          (select count(distinct organization_id)::int from commitment_actors a where ${commitmentReadable(scope, 'a')}) as organizations`.execute(db),
        sql<{ strength: string; count: number }>`select strength, count(*)::int as count from commitments c where ${commitmentReadable(scope)} group by strength`.execute(db),
        sql<{ theme: string; count: number }>`select theme, count(*)::int as count
          from commitment_themes t where ${commitmentReadable(scope, 't')} group by theme order by count desc, theme`.execute(db),
      ]);
  const row = totals.rows[0] ?? { plans: 0, commitments: 0, organizations: 0 };
  return { ...row, byStrength: byStrength.rows, byTheme: byTheme.rows };
}

/** True when no plan is stored yet (the home page then offers the demo). */
export async function registerIsEmpty(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (select 1 from plans) as any`.execute(db);
  return !rows[0]?.any;
}
