// Stores an extraction (from a file or a reviewed upload) with its original bytes: document, plan and
// everything found, plus events, in ONE transaction; idempotent by sha256; successions relinked.
import type { Extraction } from '../types.js';
import { loadVocabulary, type Vocabulary } from '../vocab/index.js';
import type { Transaction } from 'kysely';
import type { Database, Store } from '../store/index.js';
import { isDeadlock, isUniqueViolation } from '../store/index.js';
import { insertPlan, relinkSuccession, type PlanContext } from '../store/write-plan.js';
import { appendEvent } from '../store/events.js';
import { reapplyPlanCorrections } from '../store/plan-edits.js';
import { setPlanPublished } from '../store/visibility.js';

/** The party whose register this is (`KIZUNA_HOME_PARTY`, default JP): plans' other party is the partner. */
export function homeParty(env: Record<string, string | undefined> = process.env): string {
  return (env.KIZUNA_HOME_PARTY ?? 'JP').toUpperCase();
}

export function planContext(vocabulary: Pick<Vocabulary, 'parties' | 'organizations'>): PlanContext {
  return {
    partyNames: Object.fromEntries(vocabulary.parties.map((p) => [p.code, p.names[0] ?? p.code])),
    aliases: Object.fromEntries(
      vocabulary.organizations.map((o) => [`${o.party}:${o.id}`, [...(o.aliases ?? []), ...(o.ja ? [o.ja] : [])]]),
    ),
    homeParty: homeParty(),
  };
}

/**
 * Stores an extraction already made (an upload reviewed in the web app) with its original bytes, in one
 * transaction with its events. Concurrent calls for the same bytes store it once (the document's primary key decides).
 */
export async function planStore(
  store: Store,
  extraction: Extraction,
  bytes: Uint8Array,
  options: {
    actor?: string;
    vocabulary?: Pick<Vocabulary, 'parties' | 'organizations'>;
    /** Publish the plan when it is stored (everyone may read it); otherwise it is a draft readable by its partnership and administrators. */
    published?: boolean;
    /** More writes in the same transaction once a new plan is stored (a reviewed upload's corrections); a throw stores nothing. */
    andThen?: (trx: Transaction<Database>, planId: string) => Promise<void>;
  } = {},
): Promise<{ status: 'created' | 'existing'; planId: string }> {
  const context = planContext(options.vocabulary ?? loadVocabulary());
  const actor = options.actor ?? 'kizuna';
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.db.transaction().execute(async (trx) => {
        const { planId, created } = await insertPlan(trx, extraction, bytes, context);
        if (!created) return { status: 'existing' as const, planId };
        // A plan removed and stored again keeps the corrections people made to it.
        await reapplyPlanCorrections(trx, planId, context);
        if (options.published) await setPlanPublished(trx, planId, true);
        const plan = await trx.selectFrom('plans').select(['partnership_id', 'kind', 'title', 'parties']).where('id', '=', planId).executeTakeFirstOrThrow();
        await appendEvent(trx, {
          actor,
          entity: 'plan',
          entityId: planId,
          action: 'ingest',
          after: {
            document: extraction.document.sha256,
            name: extraction.document.name,
            title: plan.title,
            kind: plan.kind,
            parties: plan.parties,
            commitments: extraction.commitments.length,
            published: Boolean(options.published),
          },
        });
        if (plan.partnership_id) {
          for (const change of await relinkSuccession(trx, plan.partnership_id, plan.kind)) {
            await appendEvent(trx, {
              actor,
              entity: 'plan',
              entityId: change.planId,
              action: 'supersede',
              before: { supersedes: change.before },
              after: { supersedes: change.after },
            });
          }
        }
        await options.andThen?.(trx, planId);
        return { status: 'created' as const, planId };
      });
    } catch (error) {
      // A concurrent ingest of the same file (or of a shared party/organization row) won the race: the
      // retry sees its committed rows and returns the existing plan.
      if ((isUniqueViolation(error) || isDeadlock(error)) && attempt < 3) continue;
      throw error;
    }
  }
}
