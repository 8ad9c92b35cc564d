// Every web page, in English and Japanese, in headless Chromium: no sideways scroll at 390 px (phone), 820 px
// (tablet) or 1440 px (desktop) — the document is never wider than the window; wide tables and the timeline
// scroll inside their own box — and axe-core finds no violation (its default rules: WCAG 2 A/AA and best
// practices). The pages are taken from the app's own list, so a page added without a sample URL here fails.
// Fails (never skips) when Chromium is missing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { seededApp, fixturePlans, type TestApp } from '../helpers/web-app.js';
import { makeExtraction } from '../store/fixture.js';
import { planStore } from '../../src/ops/plan-store.js';
import { webPages } from '../../src/web/pages/index.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { recordMeeting } from '../../src/ops/tracking-meetings.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const NOW = new Date('2026-06-01T00:00:00Z');

let t: TestApp;
let server: ServerType;
let base: string;
let browser: Browser;
/** A concrete URL for each page path with parameters (`/plans/:id` → `/plans/p-…`); filled in `before`. */
const samples = new Map<string, string[]>();

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is required for the layout test (apt install chromium)`);
  t = await seededApp();
  const store = t.opened.store;
  // A register with something on every page: a duplicate upload, a removed plan, progress with evidence,
  // meetings, a readout with proposals, an upload waiting for review.
  const spec = fixturePlans[1]!;
  const poland = `p-${makeExtraction(spec).extraction.document.sha256.slice(0, 12)}`;
  const copy = makeExtraction({ ...spec, commitments: [...spec.commitments.slice(0, 2), { text: 'The two sides will cooperate on cyber security.' }] });
  await planStore(store, copy.extraction, copy.bytes, { actor: 'earlier upload' });
  const gone = makeExtraction({ ...fixturePlans[0]!, title: 'Action Plan between Japan and Denmark (uploaded twice) 2023-2026' });
  const goneId = (await planStore(store, gone.extraction, gone.bytes, { actor: 'test' })).planId;
  assert.equal((await t.app.request(`http://localhost/plans/${goneId}/remove`, { method: 'POST', headers: { Origin: 'http://localhost' } })).status, 303);
  const plan = (await t.opened.register.getPlan(poland))!;
  const commitment = plan.commitments[0]!;
  await recordUpdate(store, { commitmentId: commitment.id, status: 'in_progress_limited', note: 'Kick-off held', author: 'desk', date: '2026-03-01', evidence: [{ kind: 'file', name: 'minutes.txt', bytes: new TextEncoder().encode('minutes') }] }, NOW);
  const mechanism = plan.mechanisms[0];
  if (mechanism) await recordMeeting(store, { mechanismId: `${poland}:${mechanism.id}`, date: '2026-05-20', place: 'Warsaw', author: 'desk' }, NOW);
  const linked = await t.app.request('http://localhost/tracking/link', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
    body: new URLSearchParams({ name: 'readout.txt', text: 'On 3 February 2026 Japan and Poland held talks on exchanges between universities and students.' }).toString(),
  });
  assert.equal(linked.status, 303);
  const draft = t.drafts.add('plan.txt', copy.bytes, copy.extraction, [], NOW.getTime());
  const c = encodeURIComponent(commitment.id);
  samples.set('/plans/:id', [`/plans/${poland}`]);
  samples.set('/plans/:id/edit', [`/plans/${poland}/edit`]);
  samples.set('/plans/:id/review', [`/plans/${poland}/review`]);
  samples.set('/commitments/:id', [`/commitments/${c}`]);
  samples.set('/tracking/readouts/:id', [linked.headers.get('Location')!]);
  samples.set('/tracking/commitments/:id', [`/tracking/commitments/${c}`]);
  samples.set('/upload/:id', [`/upload/${draft.id}`]);
  samples.set('/search', ['/search', '/search?q=energy', '/search?status=not_started&party=PL']);
  samples.set('/', ['/', `/?done=removed&plan=${goneId}&title=Removed`]);
  samples.set('*', ['/plans/p-000000000000']); // the error page
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.opened.close();
});

/** Every GET page of the app as URLs, in both languages; a page with parameters and no sample is an error. */
function allPages(): string[] {
  const paths = [...new Set(webPages.filter((p) => p.method === 'get').map((p) => p.path)), '*'];
  const missing = paths.filter((p) => p.includes(':') && !samples.has(p));
  assert.deepEqual(missing, [], 'every page with parameters has a sample URL in this test');
  return paths.flatMap((p) => samples.get(p) ?? [p]).flatMap((url) => ['en', 'ja'].map((lang) => `${url.split('#')[0]}${url.includes('?') ? '&' : '?'}lang=${lang}`));
}

test('no page scrolls sideways at 390, 820 or 1440 px, in English or Japanese', async () => {
  const urls = allPages();
  const wide: string[] = [];
  for (const width of [390, 820, 1440]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const url of urls) {
      await page.goto(`${base}${url}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) wide.push(`${width}px ${url}: ${overflow}px too wide`);
    }
    await context.close();
  }
  console.log(`# ${urls.length} page URLs (both languages) checked at 390, 820 and 1440 px`);
  assert.deepEqual(wide, []);
});

test('axe-core: no violations on any page, in English or Japanese, at desktop and phone width', async () => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const urls = allPages();
  const found: string[] = [];
  for (const width of [1440, 390]) {
    // axe is injected as a script, which the strict CSP would refuse: this context alone bypasses it.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    for (const url of urls) {
      await page.goto(`${base}${url}`);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
        return (await axe.run()).violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      for (const v of violations) found.push(`${width}px ${url}: ${v}`);
    }
    await context.close();
  }
  console.log(`# ${urls.length} page URLs (both languages) checked by axe at 1440 and 390 px`);
  assert.deepEqual(found, []);
});
