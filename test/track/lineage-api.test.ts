// Commitment lineage across renewal through the API and the web pages: the Japan–Poland fixture plan and its
// renewal (the same plan five years on, one commitment reworded, one dropped, one added). Poland's coordinator
// declares the renewal; other partnerships' coordinators and readers are refused; Japan's coordinator unlinks and
// links a pair from the renewal page; the commitment page shows the predecessor's status history, the plan page
// the carried-over starting point; readers see none of it once the earlier plan is unpublished. EN and JA.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp, fixturePlans, type TestApp } from '../helpers/web-app.js';
import { makeExtraction } from '../store/fixture.js';
import { planStore } from '../../src/ops/plan-store.js';
import { planRemove, planRestore } from '../../src/ops/plan-edit.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { publishPlan } from '../../src/ops/visibility.js';
import { PUBLIC_USER, grant, requestAs, signedIn, type TestUser } from '../helpers/accounts.js';

let t: TestApp;
let oldId: string;
let newId: string;
const users: Record<string, TestUser> = {};
const poland = fixturePlans.find((p) => p.parties.includes('PL'))!;
const [kept, reworded] = poland.commitments;
const renewal = makeExtraction({
  ...poland,
  title: 'Action Plan between Japan and Poland 2030-2034',
  period: ['2030', '2034'],
  signed: '2030-01-20',
  commitments: [
    kept!,
    { ...reworded!, text: 'The two sides will promote exchanges between universities, students and young researchers.' },
    { text: 'The two sides will launch a dialogue on space policy.', themes: ['science'] },
  ],
});
const c = (planId: string, n: number) => `${planId}:s1/c${n}`;

before(async () => {
  t = await seededApp();
  const store = t.opened.store;
  oldId = (await t.opened.register.listPlans({ party: 'PL' }, { limit: 5, offset: 0 })).items[0]!.id;
  newId = (await planStore(store, renewal.extraction, renewal.bytes, { actor: 'test' })).planId;
  await publishPlan(store, oldId, true, 'test');
  await publishPlan(store, newId, true, 'test');
  await recordUpdate(store, { commitmentId: c(oldId, 1), status: 'ongoing', date: '2026-03-10', note: 'Second dialogue held in Warsaw', author: 'test', visibility: 'public' }, new Date('2026-06-01T00:00:00Z'));
  users.jp = await signedIn(store, 'jp@example.org', [grant('coordinator', 'JP-PL', 'JP')]);
  users.pl = await signedIn(store, 'pl@example.org', [grant('coordinator', 'JP-PL', 'PL')]);
  users.dk = await signedIn(store, 'dk@example.org', [grant('coordinator', 'DK-JP', 'JP')]);
  users.reader = await signedIn(store, 'reader@example.org', [grant('reader', 'JP-PL', 'PL')]);
});
after(async () => t.opened.close());

const post = (user: TestUser, path: string, body: unknown) => requestAs(t.app, user, path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

test('API: coordinators of the partnership declare the renewal; its pairs come with scores and the earlier status; edits are audited', async () => {
  for (const user of [users.dk!, users.reader!, PUBLIC_USER]) {
    const refused = await post(user, `/api/plans/${newId}/renewal`, {});
    assert.ok([401, 403].includes(refused.status), `${user.email || 'public'}: ${refused.status}`);
  }
  const declared = await post(users.pl!, `/api/plans/${newId}/renewal`, {});
  assert.equal(declared.status, 201, await declared.clone().text());
  const view = (await declared.json()) as { renewal: { renews: string; declaredBy: string }; pairs: { predecessorId: string; successorId: string; score: number; linked: boolean; predecessorStatus: string }[] };
  assert.equal(view.renewal.renews, oldId, 'the earlier plan of the partnership, found by the register');
  assert.equal(view.renewal.declaredBy, 'pl@example.org');
  assert.deepEqual(view.pairs.map((p) => [p.predecessorId, p.successorId, p.linked]), [
    [c(oldId, 1), c(newId, 1), true],
    [c(oldId, 2), c(newId, 2), true],
  ]);
  assert.equal(view.pairs[0]!.score, 1);
  assert.equal(view.pairs[0]!.predecessorStatus, 'ongoing');
  assert.ok(view.pairs[1]!.score < 1);

  const wrong = await post(users.jp!, `/api/plans/${newId}/lineage`, { predecessorId: c(newId, 3), successorId: c(newId, 2), linked: true });
  assert.equal(wrong.status, 400);
  const unlinked = await post(users.jp!, `/api/plans/${newId}/lineage`, { predecessorId: c(oldId, 2), successorId: c(newId, 2), linked: false });
  assert.equal(unlinked.status, 200);
  assert.equal(((await unlinked.json()) as { linked: boolean }).linked, false);
  const events = await t.opened.store.db.selectFrom('events').select(['action', 'actor', 'entity_id']).where('action', 'in', ['renew', 'lineage-unlink']).orderBy('id').execute();
  assert.deepEqual(events.map((e) => [e.action, e.actor, e.entity_id]), [
    ['renew', 'pl@example.org', newId],
    ['lineage-unlink', 'jp@example.org', c(newId, 2)],
  ]);

  const lineage = (await (await requestAs(t.app, PUBLIC_USER, `/api/commitments/${encodeURIComponent(c(newId, 1))}/lineage`)).json()) as { predecessors: { id: string; updates: { note: string }[] }[] };
  assert.deepEqual(lineage.predecessors.map((p) => [p.id, p.updates.map((u) => u.note)]), [[c(oldId, 1), ['Second dialogue held in Warsaw']]]);
  const older = (await (await requestAs(t.app, PUBLIC_USER, `/api/plans/${oldId}/renewal`)).json()) as { renewedBy: { id: string }[] };
  assert.deepEqual(older.renewedBy.map((p) => p.id), [newId]);
});

test('web: the renewal page lists the pairs; its forms only for coordinators, who link a pair again', async () => {
  const publicPage = await (await requestAs(t.app, PUBLIC_USER, `/plans/${newId}/renewal`)).text();
  assert.ok(publicPage.includes(kept!.text));
  assert.ok(publicPage.includes('Carried-over commitments (1)'));
  assert.ok(!publicPage.includes('Unlink') && !publicPage.includes(`action="/plans/${newId}/lineage"`), 'no forms for the public');
  const coordinatorPage = await (await requestAs(t.app, users.jp!, `/plans/${newId}/renewal`)).text();
  assert.ok(coordinatorPage.includes('Unlink') && coordinatorPage.includes('Link again') && coordinatorPage.includes('Link a pair by hand'));
  const form = new URLSearchParams({ predecessor: c(oldId, 2), successor: c(newId, 2), linked: 'true' });
  const relinked = await requestAs(t.app, users.jp!, `/plans/${newId}/lineage`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  assert.equal(relinked.status, 303);
  assert.equal(relinked.headers.get('Location'), `/plans/${newId}/renewal?done=linked`);
  const refused = await requestAs(t.app, users.dk!, `/plans/${newId}/lineage`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  assert.equal(refused.status, 403);
  const after = await (await requestAs(t.app, users.jp!, `/plans/${newId}/renewal?done=linked`)).text();
  assert.ok(after.includes('The pair is linked.') && after.includes('Carried-over commitments (2)'));
  const japanese = await (await requestAs(t.app, PUBLIC_USER, `/plans/${newId}/renewal?lang=ja`)).text();
  assert.ok(japanese.includes('継続する取組（2件）') && japanese.includes('更新元：'));
});

test('web: the commitment page shows the predecessor with its history; the plan page the carried-over starting point; unpublished, neither', async () => {
  const page = await (await requestAs(t.app, PUBLIC_USER, `/commitments/${encodeURIComponent(c(newId, 1))}`)).text();
  assert.ok(page.includes('Lineage across plans'));
  assert.ok(page.includes('Carried over from') && page.includes('Action Plan between Japan and Poland 2025-2029'));
  assert.ok(page.includes('Second dialogue held in Warsaw'));
  const older = await (await requestAs(t.app, PUBLIC_USER, `/commitments/${encodeURIComponent(c(oldId, 1))}`)).text();
  assert.ok(older.includes('Carried over into') && older.includes('Action Plan between Japan and Poland 2030-2034'));
  const plan = await (await requestAs(t.app, PUBLIC_USER, `/plans/${newId}`)).text();
  assert.ok(plan.includes('Carried over from Action Plan between Japan and Poland 2025-2029; last status there:'));
  assert.ok(plan.includes('Renews'));
  const ja = await (await requestAs(t.app, PUBLIC_USER, `/commitments/${encodeURIComponent(c(newId, 1))}?lang=ja`)).text();
  assert.ok(ja.includes('計画をまたぐ継続') && ja.includes('継続元：'));
  // An unpublished earlier plan: the public no longer sees it through its successor (drafts are the partnership's).
  await publishPlan(t.opened.store, oldId, false, 'test');
  for (const path of [`/commitments/${encodeURIComponent(c(newId, 1))}`, `/plans/${newId}`, `/plans/${newId}/renewal`, `/api/commitments/${encodeURIComponent(c(newId, 1))}/lineage`, `/api/plans/${newId}/renewal`]) {
    const text = await (await requestAs(t.app, PUBLIC_USER, path)).text();
    assert.ok(!text.includes('2025-2029') && !text.includes('Second dialogue held in Warsaw'), `public ${path}`);
  }
  const reader = await (await requestAs(t.app, users.reader!, `/commitments/${encodeURIComponent(c(newId, 1))}`)).text();
  assert.ok(reader.includes('Second dialogue held in Warsaw'), "the partnership's reader still sees its draft");
  await publishPlan(t.opened.store, oldId, true, 'test');
});

test("the renewal's annual review starts each carried-over commitment from its predecessor's status, and says so (EN and JA)", async () => {
  const review = async (lang: 'en' | 'ja') => (await requestAs(t.app, users.pl!, `/api/plans/${newId}/review?from=2030-01-01&to=2030-12-31&format=md&lang=${lang}`)).text();
  const en = await review('en');
  assert.match(en, /## Carried over from the plan renewed, no update of their own yet \(2\)/);
  assert.match(en, new RegExp(`${kept!.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Ongoing, as in Action Plan between Japan and Poland 2025-2029`));
  // The status table counts it as ongoing: the plan's three commitments are one ongoing and two not started.
  assert.match(en, /\| All commitments \| 2 \| 0 \| 0 \| 0 \| 1 \| 0 \| 3 \|/);
  const ja = await review('ja');
  assert.match(ja, /## 更新前の計画から引き継がれ、まだ独自の更新がないコミットメント（2件）/);
  assert.match(ja, /Action Plan between Japan and Poland 2025-2029での状況「継続中」を引き継ぎ/);
});

test('a renewal removed and restored comes back with its lineage as people left it (the removal keeps it)', async () => {
  const store = t.opened.store;
  const renewalOf = async () => (await requestAs(t.app, PUBLIC_USER, `/api/plans/${newId}/renewal`)).json() as Promise<{ pairs: { predecessorId: string; successorId: string; linked: boolean }[] }>;
  // A restore extracts the kept file again: the fixture's ids give way to the extractor's, so the pairs are made
  // again on the restored plan first, and one is decided by hand.
  await planRemove(store, newId, 'desk');
  await planRestore(store, newId, 'desk');
  assert.equal((await post(users.pl!, `/api/plans/${newId}/renewal`, {})).status, 201);
  const [first] = (await renewalOf()).pairs;
  assert.ok(first, 'the restored plan renews the earlier one again');
  assert.equal((await post(users.jp!, `/api/plans/${newId}/lineage`, { predecessorId: first.predecessorId, successorId: first.successorId, linked: false })).status, 200);
  const before = await renewalOf();

  await planRemove(store, newId, 'desk');
  const gone = await store.db.selectFrom('commitment_lineage').select('plan_id').where('plan_id', '=', newId).execute();
  assert.equal(gone.length, 0, 'the pairs go with the plan');
  await planRestore(store, newId, 'desk');
  assert.deepEqual(await renewalOf(), before);
  const restored = await store.db.selectFrom('events').select('after').where('entity_id', '=', newId).where('action', '=', 'restore-lineage').orderBy('id').execute();
  assert.deepEqual(restored.at(-1)?.after, { renewals: 1, pairs: before.pairs.length });
});
