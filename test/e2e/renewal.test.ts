// The renewal page end to end in headless Chromium, in Japanese (the browser's language): Poland's coordinator
// declares that the Japan–Poland plan's renewal renews it (the earlier plan offered first), unlinks the reworded
// pair, links the dropped commitment to the new one by hand; the carried-over commitment's page shows where it
// comes from and its last status there; the public sees the pairs and no form. Fails (never skips) without Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { serveInChromium } from '../helpers/browser.js';
import { seededApp, fixturePlans, type TestApp } from '../helpers/web-app.js';
import { makeExtraction } from '../store/fixture.js';
import { planStore } from '../../src/ops/plan-store.js';
import { publishPlan } from '../../src/ops/visibility.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { grant, signedIn } from '../helpers/accounts.js';

let t: TestApp;
let closeBrowser: (() => Promise<void>) | undefined;
let base: string;
let browser: Browser;
let oldId = '';
let newId = '';
let sessionToken = '';
const poland = fixturePlans.find((p) => p.parties.includes('PL'))!;
const [kept, reworded, dropped] = poland.commitments;
const REWORDED = 'The two sides will promote exchanges between universities, students and young researchers.';
const ADDED = 'The two sides will launch a dialogue on space policy.';
const c = (planId: string, n: number) => `${planId}:s1/c${n}`;

before(async () => {
  t = await seededApp();
  const store = t.opened.store;
  const renewal = makeExtraction({ ...poland, title: 'Action Plan between Japan and Poland 2030-2034', period: ['2030', '2034'], signed: '2030-01-20', commitments: [kept!, { ...reworded!, text: REWORDED }, { text: ADDED, themes: ['science'] }] });
  oldId = (await t.opened.register.listPlans({ party: 'PL' }, { limit: 5, offset: 0 })).items[0]!.id;
  newId = (await planStore(store, renewal.extraction, renewal.bytes, { actor: 'test' })).planId;
  await publishPlan(store, oldId, true, 'test');
  await publishPlan(store, newId, true, 'test');
  await recordUpdate(store, { commitmentId: c(oldId, 1), status: 'ongoing', date: '2026-03-10', note: 'Second dialogue held in Warsaw', author: 'test', visibility: 'public' }, new Date('2026-06-01T00:00:00Z'));
  sessionToken = (await signedIn(store, 'desk@msz.example.pl', [grant('coordinator', 'JP-PL', 'PL')])).cookie.replace(/^kizuna-session=/, '');
  ({ base, browser, close: closeBrowser } = await serveInChromium(t.app));
});

after(async () => {
  await closeBrowser?.();
  await t?.opened.close();
});

/** The heading of the pairs and each row's lineage cell, as the page shows them. */
async function pairs(page: Page): Promise<{ heading: string; rows: { later: string; lineage: string }[] }> {
  const heading = (await page.textContent('#h-pairs')) ?? '';
  const rows = await page.$$eval('section[aria-labelledby="h-pairs"] tbody tr', (trs) => trs.map((tr) => ({ later: tr.children[1]!.textContent!.trim(), lineage: tr.children[3]!.textContent!.replace(/\s+/g, ' ').trim() })));
  return { heading, rows };
}

test('a coordinator declares the renewal, unlinks a pair and links one by hand, in Japanese; the public sees no form', async () => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  await context.addCookies([{ name: 'kizuna-session', value: sessionToken, url: base }]);
  const page = await context.newPage();
  await page.goto(`${base}/plans/${encodeURIComponent(newId)}/renewal`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.match((await page.textContent('main')) ?? '', /この計画は、前の計画の更新として登録されていません。/);
  assert.equal(await page.inputValue('#r-renews'), oldId, 'the earlier plan of the partnership is offered first');

  await page.fill('#r-threshold', '0.5');
  await Promise.all([page.waitForURL(/done=renewed/), page.click('form.renew button[type=submit]')]);
  assert.match((await page.textContent('.confirmation')) ?? '', /更新を登録し、継続する取組を対応付けました。/);
  let shown = await pairs(page);
  assert.equal(shown.heading, '継続する取組（2件）');
  assert.deepEqual(shown.rows.map((r) => r.later), [kept!.text, REWORDED]);
  assert.ok(shown.rows.every((r) => r.lineage.startsWith('対応付け済み')), JSON.stringify(shown.rows));

  // Unlink the reworded pair: its own row's button.
  const row = page.locator('section[aria-labelledby="h-pairs"] tbody tr', { hasText: REWORDED });
  await Promise.all([page.waitForURL(/done=unlinked/), row.locator('button[type=submit]').click()]);
  assert.match((await page.textContent('.confirmation')) ?? '', /対応付けを解除しました。/);
  shown = await pairs(page);
  assert.equal(shown.heading, '継続する取組（1件）');
  assert.match(shown.rows.find((r) => r.later === REWORDED)!.lineage, /^対応付け解除 · desk@msz\.example\.plによる/);

  // Link the dropped commitment to the new one by hand.
  await page.selectOption('#l-predecessor', c(oldId, 3));
  await page.selectOption('#l-successor', c(newId, 3));
  await Promise.all([page.waitForURL(/done=linked/), page.click('form.link-pair button[type=submit]')]);
  assert.match((await page.textContent('.confirmation')) ?? '', /対応付けました。/);
  shown = await pairs(page);
  assert.equal(shown.heading, '継続する取組（2件）');
  assert.match(shown.rows.find((r) => r.later === ADDED)!.lineage, /^対応付け済み · desk@msz\.example\.plによる/);
  assert.ok(dropped, 'the earlier plan had a third commitment to link');

  // The carried-over commitment says where it comes from, with its last status there.
  await page.goto(`${base}/commitments/${encodeURIComponent(c(newId, 1))}`);
  const commitment = (await page.textContent('main')) ?? '';
  assert.match(commitment, /継続元：/);
  assert.match(commitment, /継続中/);
  assert.match(commitment, /Second dialogue held in Warsaw/);
  await context.close();

  // The public reads the renewal and its pairs, with no form to change them.
  const visitor = await browser.newContext({ locale: 'en-GB' });
  const publicPage = await visitor.newPage();
  await publicPage.goto(`${base}/plans/${encodeURIComponent(newId)}/renewal`);
  assert.equal((await pairs(publicPage)).rows.length, 3);
  assert.equal(await publicPage.locator('main form').count(), 0);
  await visitor.close();
});
