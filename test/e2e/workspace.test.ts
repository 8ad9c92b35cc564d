// The coordinator's workspace end to end in headless Chromium, by clicks only from the portfolio: find the
// Japan–Poland plan, fix a wrong period, record a meeting of its committee, mark a commitment in progress
// with a file as evidence and see it on the commitment page, the plan outline and the tracking page, remove
// a duplicate upload, open the annual review in Japanese, styled. Each page visited is checked for
// horizontal overflow at 390 px. Fails (never skips) when Chromium is missing: it is the bar.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { repoRoot } from '../helpers/paths.js';
import type { Browser, Page } from 'playwright-core';
import { serveInChromium } from '../helpers/browser.js';
import { seededApp, fixturePlans, type TestApp } from '../helpers/web-app.js';
import { makeExtraction } from '../store/fixture.js';
import { planStore } from '../../src/ops/plan-store.js';


let t: TestApp;
let closeBrowser: (() => Promise<void>) | undefined;
let base: string;
let browser: Browser;
/** The Japan–Poland plan as first stored (its duplicate has the same title). */
const polandId = `p-${makeExtraction(fixturePlans[1]!).extraction.document.sha256.slice(0, 12)}`;

before(async () => {
  t = await seededApp();
  // A duplicate upload made earlier: the Poland plan again from another source, one commitment worded differently.
  const spec = fixturePlans[1]!;
  const copy = makeExtraction({ ...spec, commitments: [...spec.commitments.slice(0, 2), { text: 'The two sides will cooperate on cyber security.' }] });
  await planStore(t.opened.store, copy.extraction, copy.bytes, { actor: 'earlier upload' });
  ({ base, browser, close: closeBrowser } = await serveInChromium(t.app));
});

after(async () => {
  await closeBrowser?.();
  await t?.opened.close();
});

/** KIZUNA_SCREENSHOTS=1 rewrites docs/screenshots/workspace-*.png (desktop and phone). */
async function shot(page: Page, name: string): Promise<void> {
  if (process.env.KIZUNA_SCREENSHOTS !== '1') return;
  mkdirSync(`${repoRoot}docs/screenshots/`, { recursive: true });
  await page.screenshot({ path: `${repoRoot}docs/screenshots/workspace-${name}.png`, fullPage: false });
}

async function overflowAt390(page: Page, visited: string[]): Promise<string[]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  const phone = await context.newPage();
  const wide: string[] = [];
  for (const url of visited) {
    await phone.goto(url);
    const name = new URL(url).pathname.split('/')[1] || 'portfolio';
    if (['tracking', 'plans', 'commitments'].includes(name)) await shot(phone, `${name}${new URL(url).pathname.endsWith('/review') ? '-review' : ''}-phone`);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 1) wide.push(`${new URL(url).pathname}: ${overflow}px`);
  }
  await context.close();
  void page;
  return wide;
}

test('a coordinator works through the plan by clicks only', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.on('pageerror', (error) => assert.fail(`script error: ${error.message}`));
  const visited: string[] = [];
  const at = () => visited.push(page.url());

  await page.goto(`${base}/?lang=en`);
  at();
  // the partnership table lists each plan by title; two carry the Poland title (the duplicate): take the first stored
  await page.locator(`.plan-list a[href="/plans/${polandId}"]`).click();
  await page.waitForURL(/\/plans\/p-/);
  const planUrl = page.url().split('?')[0]!;
  at();

  // fix a wrong period
  await page.getByRole('link', { name: 'Correct details' }).click();
  await page.getByLabel('Period ends').fill('2030-03');
  await page.getByRole('button', { name: 'Save corrections' }).click();
  await page.getByText("The plan's details were corrected.").waitFor();
  assert.match((await page.locator('.plan-head .facts').textContent()) ?? '', /March 2030/);

  // record a meeting of the plan's committee
  await page.locator('.columns').getByText('Record meeting').first().click();
  await page.locator('.record-meeting[open]').getByLabel('Date held').fill('2026-05-20');
  await page.locator('.record-meeting[open]').getByLabel('Place').fill('Warsaw');
  await page.locator('.record-meeting[open]').getByRole('button', { name: 'Record meeting' }).click();
  await page.getByText('The meeting was recorded.').waitFor();

  // mark a commitment in progress with a file as evidence
  await page.locator('.unit-meta a').first().click();
  await page.waitForURL(/\/commitments\//);
  at();
  await page.getByLabel('Status', { exact: true }).selectOption('in_progress_limited');
  await page.getByLabel('Note').fill('Kick-off held; roadmap drafted');
  await page.getByLabel('Evidence file (optional)').setInputFiles({ name: 'roadmap.txt', mimeType: 'text/plain', buffer: Buffer.from('Roadmap draft v1') });
  await page.getByRole('button', { name: 'Record progress' }).click();
  await page.getByText('Progress recorded.').waitFor();
  assert.equal(await page.locator('.facts .badge.status').textContent(), 'In progress (limited)');
  assert.equal(await page.getByRole('link', { name: 'roadmap.txt' }).count(), 1);
  await page.locator('#h-progress').scrollIntoViewIfNeeded();
  await shot(page, 'commitment-desktop');

  // the plan outline shows it
  await page.locator('.crumbs a').click();
  await page.waitForURL(/\/plans\/p-/);
  assert.equal(await page.locator('.outline .badge.status-in_progress_limited').count(), 1);

  // the tracking page shows the meeting and the committee no longer overdue for Poland
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tracking' }).click();
  await page.waitForURL(/\/tracking/);
  at();
  assert.match((await page.locator('.meetings').textContent()) ?? '', /Warsaw/);
  await shot(page, 'tracking-desktop');

  // remove the duplicate upload, found from the plan's warning
  await page.goto(planUrl);
  await page.locator('.warning a').first().click();
  await page.waitForURL(/\/plans\/p-/);
  assert.notEqual(page.url().split('?')[0], planUrl);
  await page.getByRole('button', { name: 'Yes, remove this plan' }).click();
  await page.getByText(/was removed/).waitFor();
  at();

  // the annual review in Japanese, styled by the app's stylesheet
  await page.goto(planUrl);
  await page.getByRole('link', { name: '日本語' }).click();
  await page.getByRole('link', { name: '年次レビュー' }).first().click();
  await page.waitForURL(/\/review/);
  at();
  await page.getByRole('heading', { name: /年次レビュー：/ }).waitFor();
  const styled = await page.evaluate(() => ({
    sheets: document.styleSheets.length,
    border: getComputedStyle(document.querySelector('table th')!).borderBottomStyle,
    font: getComputedStyle(document.body).fontFamily,
  }));
  assert.ok(styled.sheets >= 1);
  assert.equal(styled.border, 'solid', 'table styled by app.css');
  assert.match(styled.font, /system-ui|Noto/);
  assert.match((await page.locator('main').textContent()) ?? '', /進行中（限定的）/);
  await shot(page, 'review-ja-desktop');

  visited.push(`${base}/matrix`, `${base}/search?q=energy`, `${base}/organizations`, `${base}/upload`, `${planUrl}/edit`);
  const wide = await overflowAt390(page, visited);
  await context.close();
  assert.deepEqual(wide, [], 'no horizontal scroll at 390 px');
});

test('axe-core: no violations on the workspace pages in English and Japanese', async () => {
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // axe is injected as a script, which the strict CSP would refuse: this context alone bypasses it.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const commitment = ((await (await fetch(`${base}/api/commitments?plan=${polandId}`)).json()) as { items: { id: string }[] }).items[0]!;
  const paths = ['/tracking', `/plans/${polandId}`, `/plans/${polandId}/edit`, `/plans/${polandId}/review`, `/commitments/${encodeURIComponent(commitment.id)}`, '/', '/search?status=not_started'];
  const found: string[] = [];
  for (const path of paths) {
    for (const lang of ['en', 'ja']) {
      await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
        return (await axe.run()).violations.map((v) => `${v.id}:${v.impact}:${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(',')}`);
      });
      for (const v of violations) found.push(`${path} ${lang}: ${v}`);
    }
  }
  await context.close();
  assert.deepEqual(found, []);
});
