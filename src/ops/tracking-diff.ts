// Renewal comparison of two plans of the register, and a draft successor carrying unfinished commitments.
import type { Store } from '../store/index.js';
import { NotFoundError } from '../errors.js';
import { trackedPlan } from '../store/tracking.js';
import type { ReadScope } from '../store/scope.js';
import { diffPlans, draftNextPlan, type DiffOptions, type PlanDiff } from '../track/diff.js';

export async function planDiff(store: Store, oldId: string, newId: string, scope: ReadScope, options: DiffOptions = {}): Promise<{ diff: PlanDiff; draft: string }> {
  const [oldPlan, newPlan] = await Promise.all([trackedPlan(store.db, oldId, scope), trackedPlan(store.db, newId, scope)]);
  if (!oldPlan) throw new NotFoundError('plan', oldId);
  if (!newPlan) throw new NotFoundError('plan', newId);
  const diff = diffPlans(oldPlan, newPlan, options);
  return { diff, draft: draftNextPlan(oldPlan, { plan: newPlan, diff }) };
}
