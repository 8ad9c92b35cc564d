// The annual review in the web app: the same sections as the CLI's review (track/review.ts), in the app's
// stylesheet under the strict CSP (no inline style), in English or Japanese by the reader's language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { renderPlanReview } from '../../src/ops/tracking-review.js';
const ALL = { all: true } as const;

let t: TestApp;
before(async () => {
  t = await seededApp();
});
after(async () => {
  await t?.opened.close();
});

test('the review page is styled by the app stylesheet, has no inline style, and speaks Japanese', async () => {
  const plan = ((await (await t.app.request('/api/plans?party=PL')).json()) as { items: { id: string }[] }).items[0]!;
  const commitments = ((await (await t.app.request(`/api/commitments?plan=${plan.id}`)).json()) as { items: { id: string }[] }).items;
  await recordUpdate(t.opened.store, { commitmentId: commitments[0]!.id, status: 'in_progress_substantial', note: 'Roadmap agreed', date: '2026-04-01', author: 'test' }, new Date('2026-06-01'));
  const response = await t.app.request(`/plans/${plan.id}/review?from=2025-06-02&to=2026-06-01&lang=ja`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('Content-Security-Policy') ?? '', /style-src 'self'/);
  const html = await response.text();
  assert.match(html, /<link rel="stylesheet" href="\/assets\/app[^"]*\.css"/);
  assert.doesNotMatch(html, /<style|style="/);
  assert.match(html, /年次レビュー：Action Plan between Japan and Poland 2025-2029/);
  assert.match(html, /進行中（相当程度）/);
  assert.match(html, /約束どおり開催されなかった枠組み（1件）/);
  assert.match(html, /更新のないコミットメント（2件）/);
  assert.doesNotMatch(html, /Meetings held|Progress updates/);
  // the same content as the CLI's review: its counts and items
  const cli = String(await renderPlanReview(t.opened.store, plan.id, { from: '2025-06-02', to: '2026-06-01' }, 'md', ALL));
  assert.match(cli, /## Progress updates \(1\)/);
  assert.match(cli, /## Commitments without any update \(2\)/);
  assert.match(cli, /## Mechanisms that did not meet as promised \(1\)/);
  const en = await (await t.app.request(`/plans/${plan.id}/review?from=2025-06-02&to=2026-06-01&lang=en`)).text();
  assert.match(en, /Progress updates \(1\)/);
  assert.match(en, /Roadmap agreed/);
  assert.equal((await t.app.request(`/plans/${plan.id}/review?from=June`)).status, 400);
  const tracking = await (await t.app.request('/tracking?lang=en')).text();
  assert.match(tracking, new RegExp(`href="/plans/${plan.id}/review\\?from=`));
});
