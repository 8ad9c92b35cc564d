// Renewal: line up the commitments of an expiring plan and its successor (carried over, changed in
// wording or strength, new, dropped) and draft a next plan that keeps unfinished commitments.
import { terms } from './tokenize.js';
import type { TrackedCommitment, TrackedPlan } from './model.js';
import type { Strength } from '../types.js';

export interface DiffOptions {
  /** Similarity at or above which two commitments are the same one reworded. Default 0.5. */
  matchThreshold?: number;
  /** Similarity at or above which a matched pair counts as carried over unchanged. Default 0.9. */
  sameThreshold?: number;
}

export interface MatchedPair {
  old: TrackedCommitment;
  new: TrackedCommitment;
  similarity: number;
  strengthChange: { from: Strength; to: Strength } | null;
}

export interface PlanDiff {
  carried: MatchedPair[];
  changed: MatchedPair[];
  added: TrackedCommitment[];
  dropped: TrackedCommitment[];
}

/** Jaccard similarity of the two texts' term sets (stems, Japanese bigrams): 1 for the same words in any order. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Greedy one-to-one alignment: all pairs at or above the match threshold, best first, each
 * commitment used once. Candidate pairs come from an inverted index, so plans of a few hundred
 * commitments diff in milliseconds.
 */
export function diffPlans(oldPlan: TrackedPlan, newPlan: TrackedPlan, options: DiffOptions = {}): PlanDiff {
  const matchThreshold = options.matchThreshold ?? 0.5;
  const sameThreshold = options.sameThreshold ?? 0.9;
  const oldTerms = oldPlan.commitments.map((c) => new Set(terms(c.text)));
  const newTerms = newPlan.commitments.map((c) => new Set(terms(c.text)));
  const byTerm = new Map<string, number[]>();
  newTerms.forEach((set, j) => {
    for (const t of set) {
      let list = byTerm.get(t);
      if (!list) byTerm.set(t, (list = []));
      list.push(j);
    }
  });
  const pairs: { i: number; j: number; s: number }[] = [];
  const plain = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
  oldTerms.forEach((set, i) => {
    // a lead-in of stopwords only ("The Governments will make efforts to:") pairs by its exact words
    if (set.size === 0) {
      const text = plain(oldPlan.commitments[i]!.text);
      newPlan.commitments.forEach((c, j) => {
        if (newTerms[j]!.size === 0 && plain(c.text) === text) pairs.push({ i, j, s: 1 });
      });
      return;
    }
    const seen = new Set<number>();
    for (const t of set) for (const j of byTerm.get(t) ?? []) seen.add(j);
    for (const j of seen) {
      const s = similarity(set, newTerms[j]!);
      if (s >= matchThreshold) pairs.push({ i, j, s });
    }
  });
  pairs.sort((a, b) => b.s - a.s || a.i - b.i || a.j - b.j);
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const diff: PlanDiff = { carried: [], changed: [], added: [], dropped: [] };
  for (const { i, j, s } of pairs) {
    if (usedOld.has(i) || usedNew.has(j)) continue;
    usedOld.add(i);
    usedNew.add(j);
    const o = oldPlan.commitments[i]!;
    const n = newPlan.commitments[j]!;
    const strengthChange = o.strength === n.strength ? null : { from: o.strength, to: n.strength };
    const pair = { old: o, new: n, similarity: Math.round(s * 1000) / 1000, strengthChange };
    (s >= sameThreshold && !strengthChange ? diff.carried : diff.changed).push(pair);
  }
  diff.dropped = oldPlan.commitments.filter((_, i) => !usedOld.has(i));
  diff.added = newPlan.commitments.filter((_, j) => !usedNew.has(j));
  return diff;
}

const UNFINISHED = new Set(['not_started', 'in_progress_limited', 'in_progress_substantial', 'ongoing']);

/** A commitment that a successor should keep: not completed and not withdrawn. */
export const isUnfinished = (c: TrackedCommitment) => UNFINISHED.has(c.status);

const mdText = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/([\\*_`[\]<>#|])/g, '\\$1');

function outline(commitments: { c: TrackedCommitment; note: string | null }[]): string[] {
  const lines: string[] = [];
  let section: string | null | undefined;
  const depth = new Map<string, number>();
  for (const { c, note } of commitments) {
    if (c.section !== section) {
      section = c.section;
      lines.push('', `## ${mdText(section ?? '(no section)')}`, '');
    }
    const level = c.parentId && depth.has(c.parentId) ? depth.get(c.parentId)! + 1 : 0;
    depth.set(c.id, level);
    lines.push(`${'  '.repeat(level)}- ${mdText(c.text)}${note ? ` _(${mdText(note)})_` : ''}`);
  }
  return lines;
}

/**
 * A draft next plan as Markdown. With a successor: the successor's commitments, then the old plan's
 * unfinished commitments it dropped, marked with their status. Without: the old plan's unfinished
 * commitments, by section.
 */
export function draftNextPlan(oldPlan: TrackedPlan, successor?: { plan: TrackedPlan; diff: PlanDiff }): string {
  const header = [`# Draft: successor to ${mdText(oldPlan.title)}`, '', `Generated by Kizuna from ${mdText(oldPlan.id)}; review every line before use.`];
  if (!successor) {
    return [...header, ...outline(oldPlan.commitments.filter(isUnfinished).map((c) => ({ c, note: `carried over, ${c.status}` })))].join('\n') + '\n';
  }
  const carriedNote = new Map(successor.diff.changed.map((p) => [p.new.id, 'reworded from the previous plan']));
  const body = successor.plan.commitments.map((c) => ({ c, note: carriedNote.get(c.id) ?? null }));
  const keep = successor.diff.dropped.filter(isUnfinished);
  const lines = [...header, ...outline(body)];
  if (keep.length) {
    lines.push('', `## Unfinished commitments of ${mdText(oldPlan.title)} not in the new plan`);
    lines.push(...outline(keep.map((c) => ({ c: { ...c, section: `From: ${c.section ?? '(no section)'}` }, note: `carried over, ${c.status}` }))));
  }
  return lines.join('\n') + '\n';
}
