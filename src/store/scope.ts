// The read scope as SQL: which plans and which person-written items a principal may read, as WHERE clauses
// every read query of the store adds (src/auth/principal.ts readScope and canRead state the same rule in code).
import { sql, type RawBuilder } from 'kysely';
import type { ReadScope } from '../auth/principal.js';

export type { ReadScope } from '../auth/principal.js';

type Condition = RawBuilder<unknown>;

/** Everything: administrators, and the CLI (the local administrator). */
export const READ_ALL: ReadScope = { all: true };

const partnershipsOf = (scope: Extract<ReadScope, { all: false }>) => [...new Set(scope.sides.map((s) => s.partnershipId))];

/**
 * Plans (alias `p` unless given) the scope may read: published ones, and drafts of partnerships it holds a grant on.
 *
 *     planReadable({ all: false, sides: [{ partnershipId: 'JP-PL', side: 'PL' }] })
 *     // → (p.published or p.partnership_id in ('JP-PL'))
 */
export function planReadable(scope: ReadScope, alias = 'p'): Condition {
  if (scope.all) return sql`true`;
  const published = sql.ref(`${alias}.published`);
  const partnerships = partnershipsOf(scope);
  if (!partnerships.length) return sql`${published}`;
  return sql`(${published} or ${sql.ref(`${alias}.partnership_id`)} in (${sql.join(partnerships)}))`;
}

/** Commitments (alias `c`) of readable plans, as a subquery on plans. */
export function commitmentReadable(scope: ReadScope, alias = 'c'): Condition {
  if (scope.all) return sql`true`;
  return sql`${sql.ref(`${alias}.plan_id`)} in (select rp.id from plans rp where ${planReadable(scope, 'rp')})`;
}

/**
 * Person-written items (alias given: a table with partnership_id, side, visibility) the scope may read:
 * public ones; shared ones of a partnership it holds a grant on; internal ones of a side it holds a grant on.
 */
export function itemReadable(scope: ReadScope, alias: string): Condition {
  if (scope.all) return sql`true`;
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const partnerships = partnershipsOf(scope);
  if (!partnerships.length) return sql`${column('visibility')} = 'public'`;
  const sides = scope.sides.map((s) => sql`(${column('partnership_id')} = ${s.partnershipId} and ${column('side')} = ${s.side})`);
  return sql`(${column('visibility')} = 'public'
    or (${column('visibility')} = 'shared' and ${column('partnership_id')} in (${sql.join(partnerships)}))
    or (${column('visibility')} = 'internal' and (${sql.join(sides, sql` or `)})))`;
}

/**
 * A commitment's (alias `c`) implementation status as the scope sees it: the status row for a reader of
 * everything; else the status of the latest progress update it may read ('not_started' when none).
 */
export function statusSeen(scope: ReadScope, alias = 'c'): Condition {
  const id = sql.ref(`${alias}.id`);
  if (scope.all) return sql`coalesce((select s.status from commitment_status s where s.commitment_id = ${id}), 'not_started')`;
  return sql`coalesce((select u.status from progress_updates u where u.commitment_id = ${id} and ${itemReadable(scope, 'u')}
    order by u.date desc, u.recorded_at desc limit 1), 'not_started')`;
}
