// Amending a plan by mutual written consent, and reading its versions: propose (the proposing side's
// consent), consent / decline / comment (each side once, append-only), withdraw; when every party has
// consented the amendment takes effect from its date. Each step writes its event in the same transaction.
import { createHash } from 'node:crypto';
import type { Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { getPlan } from '../store/queries.js';
import { saveEvidenceFile } from '../store/tracking.js';
import { closeAmendment, getAmendment, insertAmendedCommitments, insertAmendment, insertResponse, listAmendments, nextAmendmentNumber } from '../store/amendments.js';
import { KizunaError, NotFoundError, invalidField } from '../errors.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { checkChanges, planAsOf, planAtVersion, planVersions, redline, type Amendment, type AmendmentChanges, type PlanVersion, type Redline } from '../track/amendment.js';
import { isIsoDay } from '../track/status.js';
import { todayUtc } from '../track/cadence.js';
import type { PlanDetail } from '../store/views.js';
import { READ_ALL, type ReadScope } from '../store/scope.js';

/** Who acts: the principal (what they may do) and the name the event log keeps. */
export interface Actor {
  principal: Principal;
  name: string;
}

/** The signed instrument carrying a consent, as a file (kept by its SHA-256 beside evidence files). */
export interface InstrumentFile {
  name: string;
  bytes: Uint8Array;
  mediaType?: string;
}

/** The plan, if `scope` may read it (writes pass READ_ALL: who may write is checked by sideFor). */
async function planOrThrow(store: Store, planId: string, scope: ReadScope, now: Date): Promise<PlanDetail> {
  const plan = await getPlan(store.db, planId, scope, now);
  if (!plan) throw new NotFoundError('plan', planId);
  return plan;
}

/**
 * The side a person speaks for on this plan: a coordinator's own side of the plan's partnership; an
 * administrator names the side (`requested`). Anyone else is refused: amendments are between the parties.
 */
export function sideFor(actor: Actor, plan: Pick<PlanDetail, 'id' | 'parties' | 'partnershipId'>, requested?: string): string {
  const parties = plan.parties;
  if (isAdmin(actor.principal)) {
    if (!requested) throw new KizunaError('invalid-request', { key: 'error.amend.chooseSide', params: { parties: parties.join(', ') } }, [{ name: 'side', reason: `must be one of ${parties.join(', ')}` }]);
    if (!parties.includes(requested)) throw new KizunaError('invalid-request', { key: 'error.amend.notParty', params: { side: requested, plan: plan.id, parties: parties.join(', ') } }, [{ name: 'side', reason: `must be one of ${parties.join(', ')}` }]);
    return requested;
  }
  const grant = actor.principal.grants.find((g) => g.role === 'coordinator' && g.partnershipId === plan.partnershipId && g.side !== null && parties.includes(g.side) && (!requested || g.side === requested));
  if (!grant?.side) throw new KizunaError('forbidden', { key: 'error.amend.forbidden', params: { plan: plan.id } });
  return grant.side;
}

export interface ProposeInput {
  planId: string;
  title: string;
  rationale: string;
  changes: AmendmentChanges;
  /** The day it takes effect once agreed; by default the day of the last consent. */
  effectiveDate?: string | null;
  side?: string;
  /** The written instrument of the proposing side's consent (a note verbale, a letter). */
  instrument?: string | null;
  file?: InstrumentFile | null;
}

/** Proposes an amendment to the plan in force on its effective date; the proposing side's consent is recorded with it. */
export async function proposeAmendment(store: Store, actor: Actor, input: ProposeInput, now = new Date()): Promise<Amendment> {
  const plan = await planOrThrow(store, input.planId, READ_ALL, now);
  const side = sideFor(actor, plan, input.side);
  if (!input.title.trim()) throw invalidField('title', { key: 'error.reason.empty' });
  if (input.effectiveDate && !isIsoDay(input.effectiveDate)) throw invalidField('effectiveDate', { key: 'error.reason.day' });
  return store.db.transaction().execute(async (trx) => {
    const amendments = await listAmendments(trx, plan.id);
    // It amends the plan as it will stand on its effective date (today when none is proposed).
    const problems = checkChanges(input.changes, planAsOf(plan, amendments, input.effectiveDate ?? todayUtc(now)));
    if (problems.length) throw new KizunaError('invalid-request', problems.join('; '), problems.map((p) => ({ name: p.split(':')[0]!, reason: p.slice(p.indexOf(':') + 1).trim() })));
    const number = await nextAmendmentNumber(trx, plan.id);
    const id = `${plan.id}:a${number}`;
    await insertAmendment(trx, { id, planId: plan.id, number, title: input.title.trim(), rationale: input.rationale.trim(), changes: input.changes, effectiveDate: input.effectiveDate ?? null, proposedBy: actor.name, proposedSide: side });
    const sha256 = input.file ? await keepFile(trx, input.file) : null;
    await insertResponse(trx, { amendmentId: id, side, decision: 'consent', actor: actor.name, instrument: input.instrument ?? null, instrumentSha256: sha256, comment: null });
    const amendment = (await getAmendment(trx, id))!;
    await appendEvent(trx, { actor: actor.name, entity: 'amendment', entityId: id, action: 'propose', after: amendment });
    return amendment;
  });
}

export interface RespondInput {
  decision: 'consent' | 'decline' | 'comment';
  side?: string;
  instrument?: string | null;
  file?: InstrumentFile | null;
  comment?: string | null;
}

/**
 * One side consents, declines or comments. A side consents or declines once; a decline closes the
 * amendment; the last party's consent makes it agreed: it takes effect on its effective date (the day of
 * this consent when none was proposed), and the commitments it adds are written then.
 */
export async function respondToAmendment(store: Store, actor: Actor, amendmentId: string, input: RespondInput, now = new Date()): Promise<Amendment> {
  return store.db.transaction().execute(async (trx) => {
    const amendment = await getAmendment(trx, amendmentId);
    if (!amendment) throw new NotFoundError('amendment', amendmentId);
    const plan = await getPlan(trx, amendment.planId, READ_ALL, now);
    if (!plan) throw new NotFoundError('plan', amendment.planId);
    const side = sideFor(actor, plan, input.side);
    if (amendment.state !== 'proposed') throw new KizunaError('conflict', { key: 'error.amend.noMoreResponses', params: { id: amendmentId, state: { key: `error.state.${amendment.state}` } } });
    if (input.decision === 'comment' && !input.comment?.trim()) throw invalidField('comment', { key: 'error.reason.empty' });
    if (input.decision !== 'comment' && amendment.responses.some((r) => r.side === side && r.decision !== 'comment')) {
      throw new KizunaError('conflict', { key: 'error.amend.alreadyAnswered', params: { side, id: amendmentId } });
    }
    const sha256 = input.file ? await keepFile(trx, input.file) : null;
    await insertResponse(trx, { amendmentId, side, decision: input.decision, actor: actor.name, instrument: input.instrument ?? null, instrumentSha256: sha256, comment: input.comment?.trim() || null });
    await appendEvent(trx, { actor: actor.name, entity: 'amendment', entityId: amendmentId, action: input.decision, after: { side, instrument: input.instrument ?? null, sha256, comment: input.comment ?? null } });
    const consented = new Set([...amendment.responses, { side, decision: input.decision }].filter((r) => r.decision === 'consent').map((r) => r.side));
    if (input.decision === 'decline') {
      if (!(await closeAmendment(trx, amendmentId, amendment.version, 'declined', amendment.effectiveDate, []))) throw new KizunaError('conflict', { key: 'error.amend.changed', params: { id: amendmentId } });
      await appendEvent(trx, { actor: actor.name, entity: 'amendment', entityId: amendmentId, action: 'declined', before: { state: 'proposed' }, after: { state: 'declined' } });
    } else if (input.decision === 'consent' && plan.parties.every((p) => consented.has(p))) {
      const effectiveDate = amendment.effectiveDate ?? todayUtc(now);
      const sectionTitle = new Map(plan.sections.map((s) => [s.id, [s.number, s.title].filter(Boolean).join(' ') || null]));
      const added = await insertAmendedCommitments(
        trx,
        plan.id,
        amendment.number,
        (amendment.changes.add ?? []).map((a) => ({ text: a.text.trim(), sectionId: a.sectionId ?? null, sectionTitle: a.sectionId ? (sectionTitle.get(a.sectionId) ?? null) : null, strength: a.strength ?? 'intent' })),
      );
      if (!(await closeAmendment(trx, amendmentId, amendment.version, 'agreed', effectiveDate, added))) throw new KizunaError('conflict', { key: 'error.amend.changed', params: { id: amendmentId } });
      await appendEvent(trx, { actor: actor.name, entity: 'amendment', entityId: amendmentId, action: 'agreed', before: { state: 'proposed' }, after: { state: 'agreed', effectiveDate, added } });
    }
    return (await getAmendment(trx, amendmentId))!;
  });
}

/** The proposing side takes its proposal back before every party has consented. */
export async function withdrawAmendment(store: Store, actor: Actor, amendmentId: string, now = new Date()): Promise<Amendment> {
  return store.db.transaction().execute(async (trx) => {
    const amendment = await getAmendment(trx, amendmentId);
    if (!amendment) throw new NotFoundError('amendment', amendmentId);
    const plan = await getPlan(trx, amendment.planId, READ_ALL, now);
    if (!plan) throw new NotFoundError('plan', amendment.planId);
    const side = sideFor(actor, plan, isAdmin(actor.principal) ? amendment.proposedSide : undefined);
    if (side !== amendment.proposedSide) throw new KizunaError('forbidden', { key: 'error.amend.onlyProposer', params: { side: amendment.proposedSide, id: amendmentId } });
    if (amendment.state !== 'proposed') throw new KizunaError('conflict', { key: 'error.amend.onlyProposal', params: { id: amendmentId, state: { key: `error.state.${amendment.state}` } } });
    if (!(await closeAmendment(trx, amendmentId, amendment.version, 'withdrawn', amendment.effectiveDate, []))) throw new KizunaError('conflict', { key: 'error.amend.changed', params: { id: amendmentId } });
    await appendEvent(trx, { actor: actor.name, entity: 'amendment', entityId: amendmentId, action: 'withdraw', before: { state: 'proposed' }, after: { state: 'withdrawn' } });
    return (await getAmendment(trx, amendmentId))!;
  });
}

async function keepFile(trx: Store['db'], file: InstrumentFile): Promise<string> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  await saveEvidenceFile(trx, { sha256, name: file.name, mediaType: file.mediaType ?? null, bytes: file.bytes });
  return sha256;
}

/** A plan's amendments, newest proposal last (a plan `scope` may read). */
export async function amendmentsOf(store: Store, planId: string, scope: ReadScope, now = new Date()): Promise<Amendment[]> {
  await planOrThrow(store, planId, scope, now);
  return listAmendments(store.db, planId);
}

/** One amendment, of a plan `scope` may read. */
export async function amendmentOf(store: Store, id: string, scope: ReadScope): Promise<Amendment> {
  const amendment = await getAmendment(store.db, id);
  if (!amendment || !(await getPlan(store.db, amendment.planId, scope))) throw new NotFoundError('amendment', id);
  return amendment;
}

export interface PlanVersionView extends PlanVersion {
  versions: ReturnType<typeof planVersions>;
}

/** The plan as in force on `asOf` (default today), with the list of its versions. */
export async function planInForce(store: Store, planId: string, asOf: string | undefined, scope: ReadScope, now = new Date()): Promise<PlanVersionView> {
  if (asOf !== undefined && !isIsoDay(asOf)) throw new KizunaError('invalid-request', { key: 'error.amend.asOf', params: { value: asOf } }, [{ name: 'as_of', reason: 'must be a date YYYY-MM-DD' }]);
  const plan = await planOrThrow(store, planId, scope, now);
  const amendments = await listAmendments(store.db, planId);
  return { ...planAsOf(plan, amendments, asOf ?? todayUtc(now)), versions: planVersions(plan, amendments) };
}

/** What changed between versions `from` and `to` of a plan (0 = as signed; default the last two). */
export async function planRedline(store: Store, planId: string, from: number | undefined, to: number | undefined, scope: ReadScope, now = new Date()): Promise<Redline & { versions: ReturnType<typeof planVersions> }> {
  const plan = await planOrThrow(store, planId, scope, now);
  const amendments = await listAmendments(store.db, planId);
  const versions = planVersions(plan, amendments);
  const last = versions.length - 1;
  const b = to ?? last;
  const a = from ?? Math.max(0, b - 1);
  for (const [name, n] of [['from', a], ['to', b]] as const) {
    if (n < 0 || n > last) throw new KizunaError('invalid-request', { key: 'error.amend.noVersion', params: { name, n, last } }, [{ name, reason: `must be between 0 and ${last}` }]);
  }
  return { ...redline(planAtVersion(plan, amendments, a), planAtVersion(plan, amendments, b)), versions };
}
