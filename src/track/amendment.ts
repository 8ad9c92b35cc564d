// Amendments by mutual written consent and the plan versions they make: what an amendment changes, the
// plan as in force on a given date (the original text with every amendment in effect by then applied, in
// order), and the redline between two versions. Pure: the store hands in the plan and its amendments.
import { diffWordsWithSpace } from 'diff';
import type { Cadence, PartyCode, Strength } from '../types.js';
import type { CommitmentView, PlanDetail } from '../store/views.js';

/**
 * What an amendment changes: commitments added, reworded or withdrawn; the period; a mechanism's cadence;
 * a provision's text. Ids are register ids for commitments (`p-…:s2/c1`) and the plan's own keys for
 * mechanisms and provisions (`m1`, `v2`), as the plan detail gives them.
 */
export interface AmendmentChanges {
  add?: { text: string; sectionId?: string | null; strength?: Strength }[];
  reword?: { commitmentId: string; text: string }[];
  withdraw?: string[];
  period?: { start?: string | null; end?: string | null };
  cadence?: { mechanismId: string; cadence: Cadence }[];
  provisions?: { provisionId: string; text: string }[];
}

export type AmendmentState = 'proposed' | 'agreed' | 'declined' | 'withdrawn';
export const AMENDMENT_STATES: readonly AmendmentState[] = ['proposed', 'agreed', 'declined', 'withdrawn'];

/** One side's word on an amendment: consent and decline are final (one per side), comments any number. */
export interface AmendmentResponse {
  side: PartyCode;
  decision: 'consent' | 'decline' | 'comment';
  actor: string;
  /** ISO timestamp. */
  at: string;
  /** The written instrument that carries the consent ("Exchange of notes of 12 May 2026"). */
  instrument: string | null;
  /** The signed instrument as a file, kept by its SHA-256 (downloadable like evidence). */
  instrumentFile: { name: string; sha256: string } | null;
  comment: string | null;
}

export interface Amendment {
  /** `<plan id>:a<number>`. */
  id: string;
  planId: string;
  /** 1, 2, … within the plan, in order of proposal. */
  number: number;
  title: string;
  rationale: string;
  changes: AmendmentChanges;
  /** The day it takes effect: as proposed, else the day of the last consent; null until agreed without one. */
  effectiveDate: string | null;
  state: AmendmentState;
  proposedBy: string;
  proposedSide: PartyCode;
  createdAt: string;
  /** Register ids of the commitments it adds (rows written when both sides have consented). */
  addedCommitmentIds: string[];
  responses: AmendmentResponse[];
  version: number;
}

/** The plan as in force on a day: the consolidated text and which amendments made it. */
export interface PlanVersion extends PlanDetail {
  asOf: string;
  /** 0 for the plan as signed, n after the nth amendment in effect. */
  planVersion: number;
  /** Amendments in effect on `asOf`, in the order they apply. */
  applied: { id: string; number: number; title: string; effectiveDate: string }[];
  /** What each amendment did to a commitment shown: `amended` (reworded) or `added`, with the amendment's number. */
  amendedBy: Record<string, { change: 'reworded' | 'added'; amendment: number }>;
}

/** Agreed amendments in the order they apply: by effective date, then number. */
export function inEffectOrder(amendments: Amendment[]): (Amendment & { effectiveDate: string })[] {
  return amendments
    .filter((a): a is Amendment & { effectiveDate: string } => a.state === 'agreed' && a.effectiveDate !== null)
    .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.number - b.number);
}

/** The versions of a plan: 0 as signed, then one per agreed amendment, with the day each starts. */
export function planVersions(plan: Pick<PlanDetail, 'signed' | 'period'>, amendments: Amendment[]): { version: number; from: string | null; amendment: { id: string; number: number; title: string } | null }[] {
  return [
    { version: 0, from: plan.signed.date ?? plan.period.start, amendment: null },
    ...inEffectOrder(amendments).map((a, i) => ({ version: i + 1, from: a.effectiveDate, amendment: { id: a.id, number: a.number, title: a.title } })),
  ];
}

/**
 * The plan as in force on `asOf` (`YYYY-MM-DD`): the stored plan with the amendments in effect by then
 * applied in order, and the commitments added by later (or unagreed) amendments left out. A date before
 * the first amendment gives the plan as signed.
 */
export function planAsOf(plan: PlanDetail, amendments: Amendment[], asOf: string): PlanVersion {
  const ordered = inEffectOrder(amendments);
  const applied = ordered.filter((a) => a.effectiveDate <= asOf);
  return applyAmendments(plan, amendments, applied, asOf);
}

/** The plan at version `n` (0 = as signed); throws RangeError past the last version. */
export function planAtVersion(plan: PlanDetail, amendments: Amendment[], n: number): PlanVersion {
  const ordered = inEffectOrder(amendments);
  if (!Number.isInteger(n) || n < 0 || n > ordered.length) throw new RangeError(`version ${n} does not exist (0–${ordered.length})`);
  const applied = ordered.slice(0, n);
  return applyAmendments(plan, amendments, applied, applied.at(-1)?.effectiveDate ?? plan.signed.date ?? plan.period.start ?? '');
}

function applyAmendments(plan: PlanDetail, all: Amendment[], applied: (Amendment & { effectiveDate: string })[], asOf: string): PlanVersion {
  const appliedIds = new Set(applied.map((a) => a.id));
  // Rows added by amendments not (yet) in effect are not part of this version.
  const notYet = new Set(all.filter((a) => !appliedIds.has(a.id)).flatMap((a) => a.addedCommitmentIds));
  let commitments: CommitmentView[] = plan.commitments.filter((c) => !notYet.has(c.id));
  let period = { ...plan.period };
  let mechanisms = plan.mechanisms;
  let provisions = plan.provisions;
  const amendedBy: PlanVersion['amendedBy'] = {};
  for (const a of applied) {
    const ch = a.changes;
    const withdrawn = new Set(ch.withdraw ?? []);
    // A lead-in withdrawn takes the items nested under it along.
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of commitments) if (c.parentId && withdrawn.has(c.parentId) && !withdrawn.has(c.id)) (withdrawn.add(c.id), (grew = true));
    }
    const reworded = new Map((ch.reword ?? []).map((r) => [r.commitmentId, r.text]));
    commitments = commitments
      .filter((c) => !withdrawn.has(c.id))
      .map((c) => {
        const text = reworded.get(c.id);
        if (text === undefined) return c;
        amendedBy[c.id] = { change: 'reworded', amendment: a.number };
        return { ...c, text };
      });
    for (const id of a.addedCommitmentIds) amendedBy[id] = { change: 'added', amendment: a.number };
    if (ch.period) period = { start: ch.period.start !== undefined ? ch.period.start : period.start, end: ch.period.end !== undefined ? ch.period.end : period.end };
    const cadence = new Map((ch.cadence ?? []).map((m) => [m.mechanismId, m.cadence]));
    if (cadence.size) mechanisms = mechanisms.map((m) => (cadence.has(m.id) ? { ...m, cadence: cadence.get(m.id)! } : m));
    const provisionText = new Map((ch.provisions ?? []).map((p) => [p.provisionId, p.text]));
    if (provisionText.size) provisions = provisions.map((p) => (provisionText.has(p.id) ? { ...p, text: provisionText.get(p.id)! } : p));
  }
  return {
    ...plan,
    period,
    commitments,
    commitmentCount: commitments.length,
    mechanisms,
    provisions,
    asOf,
    planVersion: applied.length,
    applied: applied.map((a) => ({ id: a.id, number: a.number, title: a.title, effectiveDate: a.effectiveDate })),
    amendedBy,
  };
}

/** A stretch of redlined text: `added` and `removed` parts are what changed (render as text, never HTML). */
export interface RedlinePart {
  text: string;
  added?: boolean;
  removed?: boolean;
}

export interface Redline {
  from: number;
  to: number;
  commitments: { id: string; key: string; change: 'added' | 'withdrawn' | 'reworded'; parts: RedlinePart[] }[];
  period: { from: { start: string | null; end: string | null }; to: { start: string | null; end: string | null } } | null;
  mechanisms: { id: string; name: string; from: Cadence; to: Cadence }[];
  provisions: { id: string; parts: RedlinePart[] }[];
}

/**
 * Word-level differences of two texts. Japanese and Chinese runs have no spaces, so they are compared
 * character by character (`diffWordsWithSpace` splits on spaces and punctuation otherwise).
 */
export function redlineText(before: string, after: string): RedlinePart[] {
  return diffWordsWithSpace(before, after).map((p) => ({ text: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) }));
}

/** What changed between two versions of a plan, commitment by commitment (lineage: the same register id). */
export function redline(a: PlanVersion, b: PlanVersion): Redline {
  const before = new Map(a.commitments.map((c) => [c.id, c]));
  const after = new Map(b.commitments.map((c) => [c.id, c]));
  const commitments: Redline['commitments'] = [];
  // In the order of the later version, withdrawn ones where they stood in the earlier.
  for (const c of a.commitments) {
    const now = after.get(c.id);
    if (!now) commitments.push({ id: c.id, key: c.key, change: 'withdrawn', parts: [{ text: c.text, removed: true }] });
    else if (now.text !== c.text) commitments.push({ id: c.id, key: c.key, change: 'reworded', parts: redlineText(c.text, now.text) });
  }
  for (const c of b.commitments) if (!before.has(c.id)) commitments.push({ id: c.id, key: c.key, change: 'added', parts: [{ text: c.text, added: true }] });
  const periodChanged = a.period.start !== b.period.start || a.period.end !== b.period.end;
  const cadenceBefore = new Map(a.mechanisms.map((m) => [m.id, m.cadence]));
  const textBefore = new Map(a.provisions.map((p) => [p.id, p.text]));
  return {
    from: a.planVersion,
    to: b.planVersion,
    commitments,
    period: periodChanged ? { from: a.period, to: b.period } : null,
    mechanisms: b.mechanisms.filter((m) => cadenceBefore.has(m.id) && cadenceBefore.get(m.id) !== m.cadence).map((m) => ({ id: m.id, name: m.name, from: cadenceBefore.get(m.id)!, to: m.cadence })),
    provisions: b.provisions.filter((p) => textBefore.has(p.id) && textBefore.get(p.id) !== p.text).map((p) => ({ id: p.id, parts: redlineText(textBefore.get(p.id)!, p.text) })),
  };
}

const CADENCES: readonly Cadence[] = ['annual', 'biennial', 'regular', 'once', 'unspecified'];
const STRENGTHS: readonly Strength[] = ['firm', 'intent', 'exploratory'];
const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * Problems of a changeset against the plan as in force now, one line each (empty when it can be proposed):
 * every id must name a part of this plan still in force, texts must not be empty, and something must change.
 */
export function checkChanges(changes: AmendmentChanges, current: PlanVersion): string[] {
  const problems: string[] = [];
  const commitmentIds = new Set(current.commitments.map((c) => c.id));
  const sections = new Set(current.sections.map((s) => s.id));
  const count = (changes.add?.length ?? 0) + (changes.reword?.length ?? 0) + (changes.withdraw?.length ?? 0) + (changes.period ? 1 : 0) + (changes.cadence?.length ?? 0) + (changes.provisions?.length ?? 0);
  if (count === 0) problems.push('changes: an amendment must change something (add, reword, withdraw, period, cadence or provisions)');
  (changes.add ?? []).forEach((a, i) => {
    if (!a.text?.trim()) problems.push(`changes.add[${i}].text: must not be empty`);
    if (a.sectionId && !sections.has(a.sectionId)) problems.push(`changes.add[${i}].sectionId: no section ${a.sectionId} in this plan`);
    if (a.strength && !STRENGTHS.includes(a.strength)) problems.push(`changes.add[${i}].strength: must be one of ${STRENGTHS.join(', ')}`);
  });
  (changes.reword ?? []).forEach((r, i) => {
    if (!commitmentIds.has(r.commitmentId)) problems.push(`changes.reword[${i}].commitmentId: ${r.commitmentId} is not a commitment of this plan in force`);
    if (!r.text?.trim()) problems.push(`changes.reword[${i}].text: must not be empty`);
  });
  (changes.withdraw ?? []).forEach((id, i) => {
    if (!commitmentIds.has(id)) problems.push(`changes.withdraw[${i}]: ${id} is not a commitment of this plan in force`);
  });
  if (changes.period) {
    for (const key of ['start', 'end'] as const) {
      const value = changes.period[key];
      if (value !== undefined && value !== null && !PARTIAL_DATE.test(value)) problems.push(`changes.period.${key}: must be a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    }
  }
  const mechanisms = new Set(current.mechanisms.map((m) => m.id));
  (changes.cadence ?? []).forEach((m, i) => {
    if (!mechanisms.has(m.mechanismId)) problems.push(`changes.cadence[${i}].mechanismId: no mechanism ${m.mechanismId} in this plan`);
    if (!CADENCES.includes(m.cadence)) problems.push(`changes.cadence[${i}].cadence: must be one of ${CADENCES.join(', ')}`);
  });
  const provisions = new Set(current.provisions.map((p) => p.id));
  (changes.provisions ?? []).forEach((p, i) => {
    if (!provisions.has(p.provisionId)) problems.push(`changes.provisions[${i}].provisionId: no provision ${p.provisionId} in this plan`);
    if (!p.text?.trim()) problems.push(`changes.provisions[${i}].text: must not be empty`);
  });
  return problems;
}
