// People and permissions end to end in headless Chromium (issue 11's bar): an administrator signs in and
// invites Japan's and Poland's coordinators of the Japan–Poland plan (read from the shared seed corpus) and a
// ministry's contributor through /admin/accounts; the contributor reports progress on a commitment its ministry
// acts on, finds no form on another ministry's commitment and is refused (403) when posting to it directly;
// Poland's coordinator gets no withdraw button on Japan's update; the public sees the public note and never the
// internal one. Fails (never skips) when Chromium or ../shared is missing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serveInChromium } from '../helpers/browser.js';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { requireShared, shared } from '../helpers/paths.js';
import { planIngest } from '../../src/ops/plan-ingest.js';
import { publishPlan } from '../../src/ops/visibility.js';
import { addAccount } from '../../src/ops/accounts.js';

const SEED = `${shared}corpus/seeds/jp-pl-action-plan-2025-2029.md`;
const ADMIN = { email: 'admin@mofa.go.jp', password: 'first administrator 2026' };
const PASSWORD = 'a long enough passphrase';
/** Plain words, so they are easy to search for in a page's text. */
const INTERNAL_NOTE = 'zqxinternalmarker draft talking points';
const PUBLIC_NOTE = 'zqxpublicmarker dialogue held in Warsaw';

let t: TestApp;
let base: string;
let browser: Browser;
let closeBrowser: (() => Promise<void>) | undefined;
/** A commitment whose actors include `organization`, and one of the same plan whose actors do not. */
const chosen = { own: '', other: '', organization: '' };

before(async () => {
  requireShared(SEED);
  t = await seededApp({ seed: 'none' });
  const store = t.opened.store;
  const outcome = await planIngest(store, SEED, { actor: 'setup' });
  assert.equal(outcome.status, 'created', `the seed is stored: ${outcome.messages.map((m) => m.reason).join('; ')}`);
  const plan = await t.opened.register.getPlan(outcome.planId!);
  assert.equal(plan?.partnershipId, 'JP-PL');
  await publishPlan(store, plan!.id, true, 'setup');
  // The first Japanese ministry that acts on some commitments of the plan but not on all of them.
  const actors = await store.db.selectFrom('commitment_actors').innerJoin('commitments', 'commitments.id', 'commitment_actors.commitment_id').select(['commitments.id', 'commitment_actors.organization_id']).where('commitments.plan_id', '=', plan!.id).execute();
  const ids = plan!.commitments.map((c) => c.id);
  for (const organization of [...new Set(actors.map((a) => a.organization_id))].filter((o) => o.startsWith('JP:')).sort()) {
    const own = new Set(actors.filter((a) => a.organization_id === organization).map((a) => a.id));
    const other = ids.find((id) => !own.has(id));
    if (own.size && other) {
      Object.assign(chosen, { own: [...own][0]!, other, organization });
      break;
    }
  }
  assert.ok(chosen.organization, 'the plan names a Japanese ministry as the actor of some commitments');
  // The first administrator, as `kizuna user add … --role admin` makes it.
  await addAccount(store, { email: ADMIN.email, name: 'Admin', password: ADMIN.password, grants: [{ role: 'admin', partnershipId: null, side: null, organizationId: null }] }, 'cli');
  ({ base, browser, close: closeBrowser } = await serveInChromium(t.app));
});

after(async () => {
  await closeBrowser?.();
  await t?.opened.close();
});

async function signIn(context: BrowserContext, email: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/signin`);
  await page.fill('#signin-email', email);
  await page.fill('#signin-password', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/signin')), page.click('form[action="/signin"] button[type=submit]')]);
  return page;
}

async function invite(page: Page, person: { email: string; name: string; role: string; partnership: string; side: string; organization?: string }): Promise<void> {
  await page.goto(`${base}/admin/accounts`);
  await page.fill('#acc-email', person.email);
  await page.fill('#acc-name', person.name);
  await page.selectOption('#acc-role', person.role);
  await page.fill('#acc-partnership', person.partnership);
  await page.fill('#acc-side', person.side);
  if (person.organization) await page.fill('#acc-organization', person.organization);
  await page.fill('#acc-password', PASSWORD);
  await Promise.all([page.waitForURL(/done=invited/), page.click('form[action="/admin/accounts"] button[type=submit]')]);
}

const commitmentPath = (id: string) => `${base}/commitments/${encodeURIComponent(id)}`;

test('an administrator invites both coordinators and a contributor; the contributor reports on its own commitment only; the public sees only public items', { timeout: 180_000 }, async () => {
  const admin = await browser.newContext({ locale: 'en-GB' });
  const adminPage = await signIn(admin, ADMIN.email, ADMIN.password);
  await invite(adminPage, { email: 'desk@mofa.go.jp', name: 'Japan desk', role: 'coordinator', partnership: 'JP-PL', side: 'JP' });
  await invite(adminPage, { email: 'desk@msz.gov.pl', name: 'Poland desk', role: 'coordinator', partnership: 'JP-PL', side: 'PL' });
  await invite(adminPage, { email: 'officer@ministry.go.jp', name: 'Ministry officer', role: 'contributor', partnership: 'JP-PL', side: 'JP', organization: chosen.organization });
  const accounts = await adminPage.locator('table.accounts').innerText();
  for (const expected of ['desk@mofa.go.jp', 'Coordinator: JP-PL', 'desk@msz.gov.pl', 'officer@ministry.go.jp', `Contributor: JP-PL`, chosen.organization]) assert.ok(accounts.includes(expected), `the accounts table lists ${expected}`);
  assert.match(accounts, /Coordinator: JP-PL \(Poland\)/);
  await admin.close();

  // The contributor reports on the commitment its ministry acts on: one internal note, one public note.
  const contributor = await browser.newContext({ locale: 'en-GB' });
  const officer = await signIn(contributor, 'officer@ministry.go.jp', PASSWORD);
  for (const [note, visibility] of [
    [INTERNAL_NOTE, 'internal'],
    [PUBLIC_NOTE, 'public'],
  ] as const) {
    await officer.goto(commitmentPath(chosen.own));
    await officer.selectOption('#p-status', 'in_progress_limited');
    await officer.fill('#p-note', note);
    await officer.selectOption('#p-visibility', visibility);
    await Promise.all([officer.waitForURL(/done=progress/), officer.click('#p-note >> xpath=ancestor::form//button[@type="submit"]')]);
  }
  const history = await officer.locator('ol.history').innerText();
  assert.ok(history.includes(INTERNAL_NOTE) && history.includes(PUBLIC_NOTE), 'both notes are in the history');

  // Another ministry's commitment: no form to record progress, and a direct POST is refused.
  await officer.goto(commitmentPath(chosen.other));
  assert.equal(await officer.locator(`form[action$="/progress"]`).count(), 0, 'no progress form on another ministry’s commitment');
  const token = await officer.locator('input[name=_csrf]').first().inputValue();
  const refused = await officer.request.post(`${commitmentPath(chosen.other)}/progress`, { multipart: { _csrf: token, status: 'in_progress_limited', note: 'not ours' }, maxRedirects: 0 });
  assert.equal(refused.status(), 403, 'posting progress on another ministry’s commitment is forbidden');
  await officer.goto(commitmentPath(chosen.other));
  assert.ok(!(await officer.content()).includes('not ours'), 'nothing was recorded');
  // Meetings are the coordinators' to record: the workspace offers the contributor no meeting form.
  await officer.goto(`${base}/tracking`);
  assert.ok((await officer.locator('table tbody tr').count()) > 0, 'the contributor sees the mechanisms');
  assert.equal(await officer.locator('form[action$="/meetings"]').count(), 0, 'no meeting form for a contributor');
  await contributor.close();

  // Poland's coordinator reads Japan's public note but may neither withdraw it nor change who reads it.
  const poland = await browser.newContext({ locale: 'en-GB' });
  const plDesk = await signIn(poland, 'desk@msz.gov.pl', PASSWORD);
  await plDesk.goto(commitmentPath(chosen.own));
  const plView = await plDesk.content();
  assert.ok(plView.includes(PUBLIC_NOTE) && !plView.includes(INTERNAL_NOTE), 'Poland reads the public note, not Japan’s internal one');
  assert.equal(await plDesk.locator('form[action*="/withdraw"]').count(), 0, 'no withdraw button on Japan’s update');
  assert.equal(await plDesk.locator('form[action^="/visibility/progress-updates/"]').count(), 0, 'no visibility change on Japan’s update');
  await poland.close();

  // The public: the published plan and the public note, never the internal one, and no forms.
  const visitor = await browser.newContext({ locale: 'en-GB' });
  const publicPage = await visitor.newPage();
  await publicPage.goto(commitmentPath(chosen.own));
  const publicView = await publicPage.content();
  assert.ok(publicView.includes(PUBLIC_NOTE), 'the public note is shown to the public');
  assert.ok(!publicView.includes('zqxinternalmarker'), 'the internal note is not');
  assert.equal(await publicPage.locator('form[action$="/progress"]').count(), 0, 'no progress form for the public');
  await visitor.close();
});
