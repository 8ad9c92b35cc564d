// Annual review and portfolio report as user actions: assemble plans from the register, build, render.
import type { Store } from '../store/index.js';
import { NotFoundError } from '../errors.js';
import { allPlansBrief, trackedPlan } from '../store/tracking.js';
import { buildPortfolio, buildReview, portfolioToHtml, portfolioToMarkdown, reviewToHtml, reviewToMarkdown, type Lang, type Period, type ReviewModel } from '../track/review.js';
import type { TrackedPlan } from '../track/model.js';
import type { CadenceOptions } from '../track/cadence.js';
import type { ReadScope } from '../store/scope.js';

import { answered, latestRound } from './rounds.js';
import { carriedOverOf } from './lineage.js';

export type ReviewFormat = 'html' | 'md' | 'docx';

/** The default period: the twelve months up to today. */
export function lastYear(now = new Date()): Period {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate() + 1)).toISOString().slice(0, 10);
  return { from, to };
}

/**
 * The review of one plan as `scope` sees it (only the updates and meetings it may read). A reader of the
 * partnership also gets the latest update round opened by the end of the period: answered, overdue (owed past
 * its due date as of the period's end) and not requested.
 */
export async function planReview(store: Store, planId: string, period: Period, scope: ReadScope, options: CadenceOptions = {}): Promise<ReviewModel> {
  const plan = await trackedPlan(store.db, planId, scope);
  if (!plan) throw new NotFoundError('plan', planId);
  const review = buildReview(await withStartingPoints(store, plan, scope), period, options);
  const round = await latestRound(store, planId, period.to);
  if (!round || !(scope.all || scope.sides.some((s) => s.partnershipId === round.partnershipId))) return review;
  const item = (a: (typeof round.assignments)[number]) => ({ commitmentId: a.commitmentId, text: a.commitmentText, organization: a.organization, state: a.progress });
  return {
    ...review,
    round: {
      id: round.id,
      title: round.title,
      dueDate: round.dueDate,
      asked: round.assignments.length,
      answered: round.assignments.filter(answered).map(item),
      overdue: round.assignments.filter((a) => a.overdue).map(item),
      notRequested: round.notRequested.map((c) => ({ id: c.id, text: c.text })),
      organizations: round.organizations,
    },
  };
}

/** A renewal's commitments with where they start: the last status of the commitment each carries over, as `scope` sees it. */
async function withStartingPoints(store: Store, plan: TrackedPlan, scope: ReadScope): Promise<TrackedPlan> {
  const carried = await carriedOverOf(store, plan.commitments.map((c) => c.id), scope);
  if (!Object.keys(carried).length) return plan;
  return {
    ...plan,
    commitments: plan.commitments.map((c) => {
      const from = carried[c.id];
      return from ? { ...c, startsFrom: { status: from.status, planTitle: from.planTitle } } : c;
    }),
  };
}

/** The review of one plan rendered in `lang`: HTML and Markdown as text, DOCX as bytes. */
export async function renderPlanReview(store: Store, planId: string, period: Period, format: ReviewFormat, scope: ReadScope, lang: Lang = 'en'): Promise<string | Uint8Array> {
  const review = await planReview(store, planId, period, scope);
  if (format === 'html') return reviewToHtml(review, lang);
  if (format === 'md') return reviewToMarkdown(review, lang);
  // The docx library loads only when a Word review is asked for.
  const { reviewToDocx } = await import('../track/review-docx.js');
  return reviewToDocx(review, lang);
}

/** The portfolio report over every plan in the register, in `lang` (DOCX is not offered for it). */
export async function renderPortfolio(store: Store, period: Period, format: 'html' | 'md', scope: ReadScope, lang: Lang = 'en'): Promise<string> {
  const plans: TrackedPlan[] = [];
  for (const brief of await allPlansBrief(store.db, scope)) {
    const plan = await trackedPlan(store.db, brief.id, scope);
    if (plan) plans.push(await withStartingPoints(store, plan, scope));
  }
  const rows = buildPortfolio(plans, period);
  return format === 'html' ? portfolioToHtml(rows, period, lang) : portfolioToMarkdown(rows, period, lang);
}
