// Commitment lineage across renewal: a coordinator declares that a plan renews an earlier plan of its
// partnership (or lets the register's succession chain name it); the renewal diff's carried-over and reworded
// pairs become lineage with their match score; a coordinator unlinks or links pairs by hand. Tracking is never
// copied: a successor shows its predecessor's status history and meetings through the link, and starts from
// the predecessor's last status until it has progress of its own. Every write is an event in its transaction.
import type { Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { trackedPlan, statusHistory, meetingsOf } from '../store/tracking.js';
import { getCommitment } from '../store/queries.js';
import { decidePair, lineagePair, lineagePairs, linkedNeighbours, linkedPairsOf, mechanismsNamedBy, planBrief, statusesSeen, renewalOf, renewedBy, replaceDiffPairs, writeRenewal, type LineageNeighbour, type LineagePair, type Renewal } from '../store/lineage.js';
import { READ_ALL, type ReadScope } from '../store/scope.js';
import { KizunaError, NotFoundError, invalidField } from '../errors.js';
import { allows } from '../auth/policy.js';
import { diffPlans, similarity } from '../track/diff.js';
import { terms } from '../track/tokenize.js';
import type { Meeting, ProgressUpdate } from '../track/model.js';
import type { ImplementationStatus } from '../track/status.js';
import type { Actor } from './plan-amend.js';

export type { LineageNeighbour, LineagePair, Renewal } from '../store/lineage.js';

/** The renewal diff's default: pairs at or above this similarity are the same commitment carried over (track/diff.ts). */
export const DEFAULT_THRESHOLD = 0.5;

type PlanFacts = NonNullable<Awaited<ReturnType<typeof planBrief>>>;

async function planFacts(store: Store, id: string, scope: ReadScope): Promise<PlanFacts> {
  const plan = await planBrief(store.db, id, scope);
  if (!plan) throw new NotFoundError('plan', id);
  return plan;
}

/** Refuses anyone but an administrator or a coordinator of the plan's partnership (as for other plan edits). */
function mayCoordinate(actor: Actor, plan: PlanFacts): void {
  if (!allows(actor.principal, 'coordinate', { partnershipId: plan.partnershipId, organizations: [] })) {
    throw new KizunaError('forbidden', { key: 'error.lineage.forbidden', params: { partnership: plan.partnershipId ?? { key: 'error.lineage.itsPartnership' }, plan: plan.id } });
  }
}

export interface RenewalResult {
  renewal: Renewal;
  /** Pairs linked now (the diff's, and those people linked). */
  linked: number;
  /** Pairs a person linked or unlinked before, left as they were. */
  kept: number;
}

/**
 * Declares `planId` the renewal of `renews` (default: the plan declared before, else the earlier plan of the same
 * partnership and kind the register links it to) and links the renewal diff's carried-over and reworded pairs as lineage. Run again, it
 * re-matches the pairs nobody decided on (after corrections, or with another threshold).
 *
 *     await renewPlan(store, { principal, name: 'desk@mofa.go.jp' }, 'p-2026…', 'p-2021…');
 */
export async function renewPlan(store: Store, actor: Actor, planId: string, renews?: string | null, options: { threshold?: number } = {}): Promise<RenewalResult> {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) throw invalidField('threshold', { key: 'error.reason.threshold' });
  const plan = await planFacts(store, planId, READ_ALL);
  mayCoordinate(actor, plan);
  // Matching again keeps the plan declared before; else the one the register's succession chain names.
  const earlierId = renews || (await renewalOf(store.db, plan.id))?.renews || plan.supersedes;
  if (!earlierId) throw invalidField('renews', { key: 'error.reason.noEarlierPlan', params: { plan: planId } });
  const earlier = await planFacts(store, earlierId, READ_ALL);
  if (earlier.id === plan.id) throw invalidField('renews', { key: 'error.reason.renewsItself' });
  if (!plan.partnershipId || earlier.partnershipId !== plan.partnershipId) throw invalidField('renews', { key: 'error.reason.otherPartnership', params: { earlier: earlier.id, plan: plan.id } });
  // Dates the extractor found must agree; a plan with no date read (a scanned annex, a statement without its
  // signing line) is taken on the coordinator's word.
  if (plan.start && earlier.start && earlier.start >= plan.start) throw invalidField('renews', { key: 'error.reason.notEarlier', params: { earlier: earlier.id, earlierStart: earlier.start, plan: plan.id, planStart: plan.start } });
  // Undated plans could otherwise renew each other: the earlier plan must not itself descend from this one.
  for (let at: string | null = earlier.id, steps = 0; at && steps < 100; steps++) {
    at = (await renewalOf(store.db, at))?.renews ?? null;
    if (at === plan.id) throw invalidField('renews', { key: 'error.reason.renewalCycle', params: { earlier: earlier.id, plan: plan.id } });
  }
  const [oldPlan, newPlan] = await Promise.all([trackedPlan(store.db, earlier.id, READ_ALL), trackedPlan(store.db, plan.id, READ_ALL)]);
  const diff = diffPlans(oldPlan!, newPlan!, { matchThreshold: threshold });
  const pairs = [...diff.carried, ...diff.changed].map((p) => ({ predecessorId: p.old.id, successorId: p.new.id, score: p.similarity }));
  return store.db.transaction().execute(async (trx) => {
    const before = await renewalOf(trx, plan.id);
    await writeRenewal(trx, { planId: plan.id, renews: earlier.id, threshold, declaredBy: actor.name });
    const linked = await replaceDiffPairs(trx, plan.id, pairs);
    const all = await lineagePairs(trx, plan.id);
    const kept = all.filter((p) => p.decidedBy !== null).length;
    await appendEvent(trx, {
      actor: actor.name,
      entity: 'plan',
      entityId: plan.id,
      action: 'renew',
      before: before ? { renews: before.renews, threshold: before.threshold } : null,
      after: { renews: earlier.id, threshold, linked: linked.length, kept, carried: diff.carried.length, changed: diff.changed.length, added: diff.added.length, dropped: diff.dropped.length },
    });
    return { renewal: (await renewalOf(trx, plan.id))!, linked: linked.length, kept };
  });
}

/**
 * After plans are stored (`kizuna ingest --renew`): each of `planIds`, and each plan the register now links as
 * the successor of one of them, that has an earlier plan in the succession chain and no renewal declared yet is
 * declared its renewal. Returns what was renewed.
 */
export async function renewDetected(store: Store, actor: Actor, planIds: string[]): Promise<RenewalResult[]> {
  const candidates = new Set<string>();
  for (const id of planIds) {
    const plan = await planBrief(store.db, id, READ_ALL);
    if (!plan) continue;
    candidates.add(plan.id);
    if (plan.supersededBy) candidates.add(plan.supersededBy);
  }
  const results: RenewalResult[] = [];
  for (const id of candidates) {
    const plan = await planFacts(store, id, READ_ALL);
    if (plan.supersedes && !(await renewalOf(store.db, id))) results.push(await renewPlan(store, actor, id));
  }
  return results;
}

/**
 * Links (or unlinks) one pair by hand: the predecessor must be a commitment of the plan this one renews and the
 * successor one of this plan. Linking displaces links either commitment had, each displacement its own event.
 */
export async function decideLineage(store: Store, actor: Actor, planId: string, pair: { predecessorId: string; successorId: string; linked: boolean }): Promise<LineagePair> {
  const plan = await planFacts(store, planId, READ_ALL);
  mayCoordinate(actor, plan);
  const renewal = await renewalOf(store.db, plan.id);
  if (!renewal) throw invalidField('renews', { key: 'error.reason.notRenewal', params: { plan: plan.id } });
  const [predecessor, successor] = await Promise.all(
    [pair.predecessorId, pair.successorId].map((id) => store.db.selectFrom('commitments').select(['id', 'plan_id', 'text']).where('id', '=', id).executeTakeFirst()),
  );
  if (!predecessor || predecessor.plan_id !== renewal.renews) throw invalidField('predecessorId', { key: 'error.reason.predecessorOf', params: { earlier: renewal.renews, plan: plan.id } });
  if (!successor || successor.plan_id !== plan.id) throw invalidField('successorId', { key: 'error.reason.commitmentOf', params: { plan: plan.id } });
  return store.db.transaction().execute(async (trx) => {
    const before = await lineagePair(trx, predecessor.id, successor.id);
    if (!pair.linked && !before?.linked) throw new NotFoundError('linked pair', `${predecessor.id} → ${successor.id}`);
    if (pair.linked) {
      for (const other of await linkedPairsOf(trx, predecessor.id, successor.id)) {
        await decidePair(trx, other.planId, { ...other, linked: false }, actor.name);
        await appendEvent(trx, { actor: actor.name, entity: 'commitment', entityId: other.successorId, action: 'lineage-unlink', before: { ...other, linked: true }, after: { ...other, linked: false, decidedBy: actor.name } });
      }
    }
    const score = before?.score ?? Math.round(similarity(new Set(terms(predecessor.text)), new Set(terms(successor.text))) * 1000) / 1000;
    await decidePair(trx, plan.id, { predecessorId: predecessor.id, successorId: successor.id, score, linked: pair.linked }, actor.name);
    const after = (await lineagePair(trx, predecessor.id, successor.id))!;
    await appendEvent(trx, { actor: actor.name, entity: 'commitment', entityId: successor.id, action: pair.linked ? 'lineage-link' : 'lineage-unlink', before: before ? { ...before, planId: plan.id } : null, after: { ...after, planId: plan.id } });
    return after;
  });
}

/** A commitment in a lineage, with the tracking the reader may see: status history and the meetings of the mechanisms it names. */
export interface LineageStep extends LineageNeighbour {
  updates: ProgressUpdate[];
  meetings: (Meeting & { mechanismName: string })[];
}

export interface CommitmentLineage {
  commitmentId: string;
  /** The predecessors, nearest first (the commitment in the plan this one's plan renews, then its own, …). */
  predecessors: LineageStep[];
  /** The successors, nearest first. */
  successors: LineageStep[];
}

/** How far back and forward a lineage is followed (a partnership's renewals over decades). */
const MAX_STEPS = 12;

async function withTracking(store: Store, neighbour: LineageNeighbour, scope: ReadScope): Promise<LineageStep> {
  const mechanisms = await mechanismsNamedBy(store.db, neighbour.id);
  const names = new Map(mechanisms.map((m) => [m.id, m.name]));
  const [updates, meetings] = await Promise.all([statusHistory(store.db, neighbour.id, scope), meetingsOf(store.db, [...names.keys()], scope)]);
  return { ...neighbour, updates, meetings: meetings.map((m) => ({ ...m, mechanismName: names.get(m.mechanismId) ?? '' })) };
}

/** A commitment's lineage as `scope` may read it (NotFoundError when it may not read the commitment itself). */
export async function lineageOf(store: Store, commitmentId: string, scope: ReadScope): Promise<CommitmentLineage> {
  if (!(await getCommitment(store.db, commitmentId, scope))) throw new NotFoundError('commitment', commitmentId);
  const walk = async (direction: 'back' | 'forward'): Promise<LineageStep[]> => {
    const steps: LineageStep[] = [];
    const seen = new Set([commitmentId]);
    let at = commitmentId;
    while (steps.length < MAX_STEPS) {
      const next = (await linkedNeighbours(store.db, [at], direction, scope)).get(at);
      if (!next || seen.has(next.id)) break;
      seen.add(next.id);
      steps.push(await withTracking(store, next, scope));
      at = next.id;
    }
    return steps;
  };
  const [predecessors, successors] = await Promise.all([walk('back'), walk('forward')]);
  return { commitmentId, predecessors, successors };
}

/** Where a successor starts: the predecessor it carries over and that commitment's last status, as the reader sees it. */
export interface CarriedOver {
  predecessorId: string;
  planId: string;
  planTitle: string | null;
  status: ImplementationStatus;
  score: number;
}

/** For a plan's commitments: which carry over a predecessor the scope may read, and that predecessor's last status. */
export async function carriedOverOf(store: Store, commitmentIds: string[], scope: ReadScope): Promise<Record<string, CarriedOver>> {
  const found = await linkedNeighbours(store.db, commitmentIds, 'back', scope);
  return Object.fromEntries([...found].map(([id, n]) => [id, { predecessorId: n.id, planId: n.planId, planTitle: n.planTitle, status: n.status, score: n.score }]));
}

/** A renewal as its page and the API show it: the plans, and every pair with both texts and the predecessor's status. */
export interface RenewalView {
  planId: string;
  renewal: (Renewal & { renewsTitle: string | null }) | null;
  /** Plans declared as renewals of this one (that the scope may read). */
  renewedBy: { id: string; title: string | null }[];
  /** The plan a renewal would name by default: the earlier plan the register's succession chain links it to. */
  suggested: { id: string; title: string | null } | null;
  pairs: (LineagePair & { predecessorText: string; successorText: string; predecessorStatus: ImplementationStatus })[];
}

/** The renewal of `planId` as `scope` may read it: a plan it may not read is left out, and with it its pairs. */
export async function renewalView(store: Store, planId: string, scope: ReadScope): Promise<RenewalView> {
  const plan = await planFacts(store, planId, scope);
  const readable = async (id: string | null) => {
    if (!id) return null;
    const p = await planBrief(store.db, id, scope);
    return p ? { id: p.id, title: p.title } : null;
  };
  const renewal = await renewalOf(store.db, plan.id);
  const renews = renewal ? await readable(renewal.renews) : null;
  const later = (await Promise.all((await renewedBy(store.db, plan.id)).map(readable))).filter((p): p is { id: string; title: string | null } => p !== null);
  const suggested = await readable(plan.supersedes);
  if (!renewal || !renews) return { planId: plan.id, renewal: null, renewedBy: later, suggested, pairs: [] };
  const pairs = await lineagePairs(store.db, plan.id);
  const ids = [...new Set(pairs.flatMap((p) => [p.predecessorId, p.successorId]))];
  const rows = ids.length ? await store.db.selectFrom('commitments').select(['id', 'text']).where('id', 'in', ids).execute() : [];
  const text = new Map(rows.map((r) => [r.id, r.text]));
  const status = await statusesSeen(store.db, pairs.map((p) => p.predecessorId), scope);
  return {
    planId: plan.id,
    renewal: { ...renewal, renewsTitle: renews.title },
    renewedBy: later,
    suggested,
    pairs: pairs.map((p) => ({ ...p, predecessorText: text.get(p.predecessorId) ?? '', successorText: text.get(p.successorId) ?? '', predecessorStatus: status.get(p.predecessorId) ?? 'not_started' })),
  };
}
