// The scope of a record a request acts on, as authorization needs it: the partnership of its plan, the
// organizations acting on a commitment (or asked by a round's assignment), the author of a progress update,
// the side an item was written on.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { TargetKind, TargetScope } from '../auth/policy.js';
import './tracking.js';
import './rounds.js';
import './amendments.js';

type Db = Kysely<Database>;

async function planScope(db: Db, planId: string | undefined): Promise<TargetScope | undefined> {
  if (!planId) return undefined;
  const plan = await db.selectFrom('plans').select('partnership_id').where('id', '=', planId).executeTakeFirst();
  return plan ? { partnershipId: plan.partnership_id, organizations: [] } : undefined;
}

async function commitmentScope(db: Db, commitmentId: string): Promise<TargetScope | undefined> {
  const row = await db
    .selectFrom('commitments')
    .innerJoin('plans', 'plans.id', 'commitments.plan_id')
    .select('plans.partnership_id')
    .where('commitments.id', '=', commitmentId)
    .executeTakeFirst();
  if (!row) return undefined;
  const actors = await db.selectFrom('commitment_actors').select('organization_id').where('commitment_id', '=', commitmentId).execute();
  return { partnershipId: row.partnership_id, organizations: actors.map((a) => a.organization_id) };
}

/** The scope of a stored record by kind and id; undefined when there is no such record (drafts live in memory: see ops). */
export async function targetScope(db: Db, kind: Exclude<TargetKind, 'draft'>, id: string): Promise<TargetScope | undefined> {
  switch (kind) {
    case 'plan':
      return planScope(db, id);
    case 'commitment':
      return commitmentScope(db, id);
    case 'mechanism': {
      const row = await db.selectFrom('mechanisms').select('plan_id').where('id', '=', id).executeTakeFirst();
      return planScope(db, row?.plan_id);
    }
    case 'meeting': {
      const row = await db.selectFrom('meetings').innerJoin('mechanisms', 'mechanisms.id', 'meetings.mechanism_id').select(['mechanisms.plan_id', 'meetings.side']).where('meetings.id', '=', id).executeTakeFirst();
      const scope = await planScope(db, row?.plan_id);
      return scope && { ...scope, side: row!.side };
    }
    case 'proposal': {
      if (!/^\d{1,9}$/.test(id)) return undefined;
      const row = await db.selectFrom('link_proposals').select(['plan_id', 'side']).where('id', '=', Number(id)).executeTakeFirst();
      const scope = await planScope(db, row?.plan_id);
      return scope && { ...scope, side: row!.side };
    }
    case 'amendment':
    case 'proposed-amendment': {
      const row = await db.selectFrom('amendments').select(['plan_id', 'proposed_side']).where('id', '=', id).executeTakeFirst();
      const scope = await planScope(db, row?.plan_id);
      // Both sides answer an amendment; only the side that proposed it may withdraw it.
      return scope && (kind === 'proposed-amendment' ? { ...scope, side: row!.proposed_side } : scope);
    }
    case 'round': {
      const row = await db.selectFrom('update_rounds').select('plan_id').where('id', '=', id).executeTakeFirst();
      return planScope(db, row?.plan_id);
    }
    case 'assignment': {
      if (!/^\d{1,9}$/.test(id)) return undefined;
      const row = await db.selectFrom('round_assignments').innerJoin('update_rounds', 'update_rounds.id', 'round_assignments.round_id').select(['update_rounds.plan_id', 'round_assignments.organization_id']).where('round_assignments.id', '=', Number(id)).executeTakeFirst();
      const scope = await planScope(db, row?.plan_id);
      return scope && { ...scope, organizations: [row!.organization_id] };
    }
    case 'update': {
      const row = await db.selectFrom('progress_updates').select(['commitment_id', 'author', 'side']).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const scope = await commitmentScope(db, row.commitment_id);
      return scope && { ...scope, author: row.author, side: row.side };
    }
  }
}
