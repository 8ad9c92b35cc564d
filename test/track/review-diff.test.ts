// Annual review (model and its HTML, Markdown, DOCX renderings), portfolio report and renewal diff on the seed plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReview, reviewToHtml, reviewToMarkdown, buildPortfolio, portfolioToHtml, statusAt } from '../../src/track/review.js';
import { reviewToDocx } from '../../src/track/review-docx.js';
import { diffPlans, draftNextPlan } from '../../src/track/diff.js';
import type { TrackedPlan } from '../../src/track/model.js';
import { fixturePlans } from './fixture-plans.js';

function polandWithProgress(): TrackedPlan {
  const plan = structuredClone(fixturePlans().find((p) => p.id === 'pl')!);
  const c4 = plan.commitments.find((c) => c.id === 'pl/c4')!;
  c4.updates.push({ id: 'u1', commitmentId: 'pl/c4', status: 'ongoing', date: '2025-05-14', note: '3rd consultations <held> in Tokyo', evidence: [], author: 'desk', recordedAt: '2025-05-15T00:00:00Z' });
  c4.status = 'ongoing';
  const c19 = plan.commitments.find((c) => c.id === 'pl/c19')!;
  c19.updates.push(
    { id: 'u2', commitmentId: 'pl/c19', status: 'in_progress_substantial', date: '2025-09-01', note: 'negotiations', evidence: [], author: 'desk', recordedAt: 'x' },
    { id: 'u3', commitmentId: 'pl/c19', status: 'completed', date: '2026-10-02', note: 'signed', evidence: [{ kind: 'url', url: 'https://example.org' }], author: 'desk', recordedAt: 'x' },
  );
  plan.mechanisms.find((m) => m.id === 'pl/m1')!.meetings.push({ id: 'm1', mechanismId: 'pl/m1', date: '2025-05-14', place: 'Tokyo', level: 'deputy foreign minister', outcome: null });
  plan.instruments.push({ id: 'new', kind: 'agreement', title: 'Agreement on Social Security', date: '2026-10-02' });
  return plan;
}

test('review model: status at period end, areas, missing updates, missed mechanisms, instruments', () => {
  const plan = polandWithProgress();
  const review = buildReview(plan, { from: '2025-03-01', to: '2026-03-31' });
  assert.equal(statusAt(plan.commitments.find((c) => c.id === 'pl/c19')!, '2026-03-31'), 'in_progress_substantial');
  const parents = new Set(plan.commitments.map((c) => c.parentId).filter(Boolean));
  assert.equal(review.total, plan.commitments.length - parents.size);
  assert.equal(review.overall.ongoing, 1);
  assert.equal(review.overall.in_progress_substantial, 1);
  assert.equal(review.byArea.reduce((n, a) => n + a.total, 0), review.total);
  assert.equal(review.withoutUpdate.length, review.total - 2);
  // annual mechanisms (pl/m2, pl/m12) with no meeting a year after the plan began are overdue; the biennial one that met is not
  assert.deepEqual(review.mechanismsMissed.map((m) => m.id).sort(), ['pl/m12', 'pl/m2', 'pl/m7']);
  assert.equal(review.meetingsHeld.length, 1);
  assert.deepEqual(review.newInstruments, []);
  const next = buildReview(plan, { from: '2026-04-01', to: '2027-03-31' });
  assert.deepEqual(next.newInstruments.map((i) => i.id), ['new']);
  assert.equal(next.overall.completed, 1);
});

test("a renewal's carried-over commitment starts from its predecessor's status until an update of its own", () => {
  const plan = polandWithProgress();
  const carried = plan.commitments.find((c) => c.id === 'pl/c4')!;
  carried.updates = [];
  carried.startsFrom = { status: 'in_progress_limited', planTitle: 'Earlier plan' };
  const before = buildReview(plan, { from: '2025-03-01', to: '2026-03-31' });
  assert.equal(statusAt(carried, '2025-01-01'), 'in_progress_limited');
  assert.equal(before.overall.in_progress_limited, 1);
  assert.deepEqual(before.carriedOver.map((c) => [c.id, c.status, c.planTitle]), [['pl/c4', 'in_progress_limited', 'Earlier plan']]);
  carried.updates.push({ id: 'u9', commitmentId: 'pl/c4', status: 'completed', date: '2025-06-01', note: 'done', evidence: [{ kind: 'url', url: 'https://example.org' }], author: 'desk', recordedAt: 'x' });
  const after = buildReview(plan, { from: '2025-03-01', to: '2026-03-31' });
  assert.equal(after.overall.in_progress_limited, 0);
  assert.equal(after.overall.completed, 1);
  assert.deepEqual(after.carriedOver, [], 'its own update replaces the starting point');
  assert.equal(buildReview(plan, { from: '2025-01-01', to: '2025-02-01' }).carriedOver.length, 1, 'before that update it still starts there');
});

test('review renders: HTML escaped with SVG chart and print CSS, Markdown, DOCX', async () => {
  const review = buildReview(polandWithProgress(), { from: '2025-03-01', to: '2026-03-31' });
  const html = reviewToHtml(review);
  assert.ok(html.includes('<svg'));
  assert.ok(html.includes('@media print'));
  assert.ok(html.includes('3rd consultations &lt;held&gt; in Tokyo'));
  assert.ok(!html.includes('<held>'));
  const markdown = reviewToMarkdown(review);
  assert.ok(markdown.includes('## Mechanisms that did not meet as promised (3)'));
  assert.ok(markdown.includes('\\<held\\>'));
  const docx = await reviewToDocx(review);
  assert.deepEqual([...docx.slice(0, 2)], [0x50, 0x4b], 'a zip container');
  assert.ok(docx.length > 5000);
  const portfolio = buildPortfolio(fixturePlans(), { from: '2025-01-01', to: '2025-12-31' });
  assert.equal(portfolio.length, 5);
  assert.ok(portfolioToHtml(portfolio, { from: '2025-01-01', to: '2025-12-31' }).includes('Portfolio report'));
});

test('renewal diff: identical plans carry everything; edits show as changed, new and dropped', () => {
  const old = fixturePlans().find((p) => p.id === 'pl')!;
  const same = diffPlans(old, structuredClone(old));
  assert.equal(same.carried.length, old.commitments.length);
  assert.equal(same.added.length + same.dropped.length + same.changed.length, 0);

  const successor = structuredClone(old);
  successor.id = 'pl-next';
  const reworded = successor.commitments.find((c) => c.id === 'pl/c19')!;
  reworded.text = 'improving the business environment in Japan and Poland, including the entry into force of the social security agreement;';
  const strengthened = successor.commitments.find((c) => c.id === 'pl/c10')!;
  strengthened.strength = 'firm';
  successor.commitments = successor.commitments.filter((c) => c.id !== 'pl/c62');
  successor.commitments.push({ id: 'pl-next/c1', text: 'holding a Japan-Poland dialogue on critical minerals', section: 'Political and Security Cooperation', strength: 'firm', parentId: null, status: 'not_started', updates: [] });
  const diff = diffPlans(old, successor);
  assert.deepEqual(diff.changed.map((p) => p.old.id).sort(), ['pl/c10', 'pl/c19']);
  assert.deepEqual(diff.changed.find((p) => p.old.id === 'pl/c10')?.strengthChange, { from: 'exploratory', to: 'firm' });
  assert.deepEqual(diff.dropped.map((c) => c.id), ['pl/c62']);
  assert.deepEqual(diff.added.map((c) => c.id), ['pl-next/c1']);
  assert.equal(diff.carried.length, old.commitments.length - 3);

  const draft = draftNextPlan(old, { plan: successor, diff });
  assert.ok(draft.includes('Kuchnia Polska'), 'the dropped unfinished commitment is carried into the draft');
  assert.ok(draft.includes('critical minerals'));
  const finished = structuredClone(old);
  finished.commitments.find((c) => c.id === 'pl/c62')!.status = 'completed';
  assert.ok(!draftNextPlan(finished, { plan: successor, diff: diffPlans(finished, successor) }).includes('Kuchnia Polska'));
});
