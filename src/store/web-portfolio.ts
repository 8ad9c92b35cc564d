// Page-specific reads for the web portfolio: register totals, commitments by strength and by theme.
// (Plans, their status and partnerships come from queries.ts; this adds only the aggregate counts.)
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { planReadable, type ReadScope } from './scope.js';

export interface PortfolioCounts {
  plans: number;
  commitments: number;
  organizations: number;
  byStrength: { strength: string; count: number }[];
  /** Commitments per theme (a commitment counts once per theme). */
  byTheme: { theme: string; count: number }[];
}

/**
 * Whole-register counts in one query over the per-plan counts migration 012's triggers keep (a few rows per
 * plan, not one per commitment), so a cold portfolio costs about as much as a warm one. A reader of less than
 * everything gets the same counts over the plans they may read.
 */
export async function portfolioCounts(db: Kysely<Database>, scope: ReadScope): Promise<PortfolioCounts> {
  const readable = scope.all ? sql`true` : sql`k.plan_id in (select p.id from plans p where ${planReadable(scope)})`;
  const { rows } = await sql<{ facet: 'plans' | 'strength' | 'theme' | 'organization'; value: string | null; n: number }>`
    select 'plans' as facet, null as value, count(*)::int as n from plans p where ${planReadable(scope)}
    union all select k.facet, k.value, sum(k.n)::int from plan_counts k where ${readable} group by k.facet, k.value`.execute(db);
  const counts: PortfolioCounts = { plans: 0, commitments: 0, organizations: 0, byStrength: [], byTheme: [] };
  for (const { facet, value, n } of rows) {
    if (facet === 'plans') counts.plans = n;
    else if (facet === 'organization') counts.organizations += 1;
    else if (facet === 'strength') {
      // Every commitment has exactly one strength: their sum is the number of commitments.
      counts.commitments += n;
      counts.byStrength.push({ strength: value!, count: n });
    } else counts.byTheme.push({ theme: value!, count: n });
  }
  counts.byTheme.sort((a, b) => b.count - a.count || (a.theme < b.theme ? -1 : a.theme > b.theme ? 1 : 0));
  return counts;
}

/** True when no plan is stored yet (the home page then offers the demo). */
export async function registerIsEmpty(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (select 1 from plans) as any`.execute(db);
  return !rows[0]?.any;
}
