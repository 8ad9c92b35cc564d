// Amendments by mutual written consent and plan versions: proposing, each side's consent (append-only in the
// database), taking effect from its date, the plan as in force on a day, the redline, and the API's doors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { amendmentsOf, planInForce, planRedline, proposeAmendment, respondToAmendment, withdrawAmendment, type Actor } from '../../src/ops/plan-amend.js';
import { LOCAL_ADMINISTRATOR, type Principal } from '../../src/auth/principal.js';
import { KizunaError } from '../../src/errors.js';
const ALL = { all: true } as const;

let t: TestApp;
let planId: string;
let commitments: { id: string; text: string }[];
before(async () => {
  t = await seededApp();
  const plans = await t.opened.register.listPlans({ party: 'PL' }, { limit: 5, offset: 0 });
  planId = plans.items[0]!.id;
  commitments = (await t.opened.register.getPlan(planId))!.commitments;
});
after(async () => t.opened.close());

const coordinator = (side: string, name: string): Actor => ({
  name,
  principal: { account: { id: name, email: `${name}@example.org`, name, language: 'en' }, grants: [{ role: 'coordinator', partnershipId: 'JP-PL', side, organizationId: null }] } satisfies Principal,
});
const poland = coordinator('PL', 'pl-desk');
const japan = coordinator('JP', 'jp-desk');
const now = new Date('2026-05-01T09:00:00Z');

async function refused(promise: Promise<unknown>, code: string): Promise<string> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof KizunaError, String(error));
  assert.equal(error.code, code, error.message);
  return error.message;
}

test('a proposal changes nothing until both sides consent; then it takes effect from its date, and the plan before it still reads as signed', async () => {
  const withdrawn = commitments[2]!;
  const reworded = commitments[1]!;
  const amendment = await proposeAmendment(
    t.opened.store,
    poland,
    {
      planId,
      title: 'Cyber security moves to the digital dialogue',
      rationale: 'Agreed at the 2026 consultations.',
      effectiveDate: '2026-07-01',
      instrument: 'Note verbale No. 12/2026 of the Embassy of Poland',
      changes: {
        withdraw: [withdrawn.id],
        reword: [{ commitmentId: reworded.id, text: 'The two sides will promote exchanges between universities, students and researchers.' }],
        add: [{ text: 'The two sides will launch a joint programme on hydrogen valleys.', strength: 'firm' }],
        period: { end: '2030' },
      },
    },
    now,
  );
  assert.equal(amendment.state, 'proposed');
  assert.equal(amendment.number, 1);
  assert.deepEqual(amendment.responses.map((r) => [r.side, r.decision, r.instrument]), [['PL', 'consent', 'Note verbale No. 12/2026 of the Embassy of Poland']]);
  // Nothing in the plan changes while only one side has consented.
  const pending = await planInForce(t.opened.store, planId, '2026-12-31', ALL, now);
  assert.equal(pending.planVersion, 0);
  assert.ok(pending.commitments.some((c) => c.id === withdrawn.id));
  assert.equal(pending.commitments.length, commitments.length);

  // Poland cannot consent twice; a reader of neither side cannot answer at all.
  await refused(respondToAmendment(t.opened.store, poland, amendment.id, { decision: 'consent' }, now), 'conflict');
  await refused(respondToAmendment(t.opened.store, coordinator('DK', 'dk-desk'), amendment.id, { decision: 'consent' }, now), 'forbidden');
  await respondToAmendment(t.opened.store, japan, amendment.id, { decision: 'comment', comment: 'Can the hydrogen item name METI?' }, now);

  const agreed = await respondToAmendment(t.opened.store, japan, amendment.id, { decision: 'consent', instrument: 'Exchange of notes of 12 June 2026', file: { name: 'notes.pdf', bytes: new TextEncoder().encode('%PDF signed notes') } }, now);
  assert.equal(agreed.state, 'agreed');
  assert.equal(agreed.effectiveDate, '2026-07-01');
  assert.equal(agreed.addedCommitmentIds.length, 1);
  const japanConsent = agreed.responses.find((r) => r.side === 'JP' && r.decision === 'consent')!;
  assert.equal(japanConsent.instrumentFile?.name, 'notes.pdf');
  assert.match(japanConsent.instrumentFile?.sha256 ?? '', /^[0-9a-f]{64}$/);

  const before = await planInForce(t.opened.store, planId, '2026-06-30', ALL, now);
  assert.equal(before.planVersion, 0);
  assert.deepEqual(before.commitments.map((c) => c.text), commitments.map((c) => c.text), 'the day before it takes effect the plan reads as signed');
  assert.equal(before.period.end, '2029');

  const afterIt = await planInForce(t.opened.store, planId, '2026-07-01', ALL, now);
  assert.equal(afterIt.planVersion, 1);
  assert.ok(!afterIt.commitments.some((c) => c.id === withdrawn.id));
  assert.equal(afterIt.commitments.find((c) => c.id === reworded.id)?.text, 'The two sides will promote exchanges between universities, students and researchers.');
  assert.ok(afterIt.commitments.some((c) => c.text === 'The two sides will launch a joint programme on hydrogen valleys.'));
  assert.equal(afterIt.period.end, '2030');
  assert.deepEqual(afterIt.amendedBy[reworded.id], { change: 'reworded', amendment: 1 });
  assert.deepEqual(afterIt.versions.map((v) => [v.version, v.from]), [[0, '2025-01-15'], [1, '2026-07-01']]);

  const red = await planRedline(t.opened.store, planId, 0, 1, ALL, now);
  assert.deepEqual(red.commitments.map((c) => c.change).sort(), ['added', 'reworded', 'withdrawn']);
  const rewordParts = red.commitments.find((c) => c.change === 'reworded')!.parts;
  assert.ok(rewordParts.some((p) => p.added && /researchers/.test(p.text)), JSON.stringify(rewordParts));
  assert.ok(rewordParts.some((p) => p.removed && /students/.test(p.text)), JSON.stringify(rewordParts));
  assert.deepEqual(red.period, { from: { start: '2025', end: '2029' }, to: { start: '2025', end: '2030' } });

  // The events: propose, comment, consent, agreed — each with its actor.
  const events = await t.opened.store.db.selectFrom('events').select(['actor', 'action']).where('entity', '=', 'amendment').where('entity_id', '=', amendment.id).orderBy('id').execute();
  assert.deepEqual(events.map((e) => `${e.actor}:${e.action}`), ['pl-desk:propose', 'jp-desk:comment', 'jp-desk:consent', 'jp-desk:agreed']);
});

test('a plan with amendments is not removed (409): the parties\' record stays', async () => {
  const { planRemove } = await import('../../src/ops/plan-edit.js');
  await refused(planRemove(t.opened.store, planId, 'desk'), 'conflict');
});

test('consents cannot be edited or deleted: the database refuses', async () => {
  const [first] = await amendmentsOf(t.opened.store, planId, ALL, now);
  assert.ok(first);
  await assert.rejects(sql`update amendment_responses set actor = 'someone else' where amendment_id = ${first.id}`.execute(t.opened.store.db), /append-only/);
  await assert.rejects(sql`delete from amendment_responses where amendment_id = ${first.id}`.execute(t.opened.store.db), /append-only/);
});

test('a proposal can be withdrawn by its side before both consents, and declined by the other; closed ones take no answers', async () => {
  const current = await planInForce(t.opened.store, planId, undefined, ALL, now);
  const target = current.commitments[0]!;
  const input = { planId, title: 'Drop the energy dialogue', rationale: 'Merged elsewhere.', changes: { withdraw: [target.id] } };
  const a = await proposeAmendment(t.opened.store, japan, input, now);
  await refused(withdrawAmendment(t.opened.store, poland, a.id, now), 'forbidden');
  assert.equal((await withdrawAmendment(t.opened.store, japan, a.id, now)).state, 'withdrawn');
  await refused(respondToAmendment(t.opened.store, poland, a.id, { decision: 'consent' }, now), 'conflict');
  const b = await proposeAmendment(t.opened.store, japan, input, now);
  assert.equal((await respondToAmendment(t.opened.store, poland, b.id, { decision: 'decline', comment: 'Not now.' }, now)).state, 'declined');
  const stillThere = await planInForce(t.opened.store, planId, '2027-01-01', ALL, now);
  assert.ok(stillThere.commitments.some((c) => c.id === target.id));
  // A changeset naming what is not in the plan in force is refused, line by line.
  const message = await refused(proposeAmendment(t.opened.store, japan, { planId, title: 'x', rationale: 'y', changes: { withdraw: ['p-nope:s1/c1'], cadence: [{ mechanismId: 'm99', cadence: 'annual' }] } }, now), 'invalid-request');
  assert.match(message, /withdraw\[0\].*cadence\[0\]/s);
  await refused(proposeAmendment(t.opened.store, japan, { planId, title: 'x', rationale: 'y', changes: {} }, now), 'invalid-request');
  // An administrator names the side; without it the request is refused.
  await refused(proposeAmendment(t.opened.store, { principal: LOCAL_ADMINISTRATOR, name: 'admin' }, input, now), 'invalid-request');
});

test('API: the plan as of a date, amendments, responses and the redline, every route in OpenAPI', async () => {
  const request = (path: string, init: RequestInit = {}) => t.app.request(path, { ...init, headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1', ...(init.headers ?? {}) } });
  const path = `/api/plans/${encodeURIComponent(planId)}`;
  const old = (await (await request(`${path}?as_of=2026-06-01`)).json()) as { planVersion: number; commitments: unknown[] };
  assert.equal(old.planVersion, 0);
  assert.equal(old.commitments.length, commitments.length);
  const now1 = (await (await request(`${path}?as_of=2026-08-01`)).json()) as { planVersion: number };
  assert.equal(now1.planVersion, 1);
  const june = await request(`${path}?as_of=June`);
  assert.equal(june.status, 400);
  assert.equal(((await june.json()) as { detail: string }).detail, "as_of must be a date YYYY-MM-DD, not 'June'");
  const juneJa = (await (await request(`${path}?as_of=June`, { headers: { 'Accept-Language': 'ja' } })).json()) as { detail: string };
  assert.equal(juneJa.detail, "as_of は YYYY-MM-DD 形式の日付にしてください（'June' は日付ではありません）");

  const list = (await (await request(`${path}/amendments`)).json()) as { items: { id: string; state: string }[] };
  assert.deepEqual(list.items.map((a) => a.state), ['agreed', 'withdrawn', 'declined']);
  const current = (await (await request(path)).json()) as { commitments: { id: string }[] };
  const proposed = await request(`${path}/amendments`, { method: 'POST', body: JSON.stringify({ title: 'Reword', rationale: 'Clarity', side: 'JP', effectiveDate: '2026-09-01', changes: { reword: [{ commitmentId: current.commitments[0]!.id, text: 'The two sides will hold an energy dialogue every year.' }] } }) });
  assert.equal(proposed.status, 201, await proposed.clone().text());
  const amendment = (await proposed.json()) as { id: string };
  assert.equal(proposed.headers.get('Location'), `/api/amendments/${encodeURIComponent(amendment.id)}`);
  const noSide = await request(`/api/amendments/${encodeURIComponent(amendment.id)}/responses`, { method: 'POST', body: JSON.stringify({ decision: 'consent' }) });
  assert.equal(noSide.status, 400);
  const consent = await request(`/api/amendments/${encodeURIComponent(amendment.id)}/responses`, { method: 'POST', body: JSON.stringify({ decision: 'consent', side: 'PL', instrument: 'Exchange of notes' }) });
  assert.equal(consent.status, 201);
  assert.equal(((await consent.json()) as { state: string }).state, 'agreed');
  const red = (await (await request(`${path}/redline`)).json()) as { from: number; to: number; commitments: { change: string }[] };
  assert.deepEqual([red.from, red.to, red.commitments.map((c) => c.change)], [1, 2, ['reworded']]);
  assert.equal((await request(`${path}/redline?to=9`)).status, 400);

  const openapi = (await (await request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  for (const [p, m] of [['/api/plans/{id}/amendments', 'post'], ['/api/amendments/{id}/responses', 'post'], ['/api/amendments/{id}/withdraw', 'post'], ['/api/plans/{id}/redline', 'get']] as const) {
    assert.ok(openapi.paths[p]?.[m], `${m} ${p} in OpenAPI`);
  }
});

test('web: propose by form, the other side consents with its instrument file, the plan as of a date, the redline page (English and Japanese)', async () => {
  const path = `/plans/${encodeURIComponent(planId)}`;
  // A form posted from the app's own pages (the CSRF check wants its origin).
  const post = (to: string, body: FormData) => t.app.request(to, { method: 'POST', body, headers: { Origin: 'http://localhost', 'X-Kizuna-Request': '1' } });
  const current = (await (await t.app.request(`/api/plans/${encodeURIComponent(planId)}?as_of=2026-09-15`)).json()) as { commitments: { id: string; text: string }[]; planVersion: number };
  const target = current.commitments.at(-1)!;
  const propose = new FormData();
  propose.set('side', 'PL');
  propose.set('title', 'Add a space dialogue');
  propose.set('rationale', 'Agreed in Warsaw.');
  propose.append('withdraw', target.id);
  propose.set('add', 'The two sides will hold a space policy dialogue.\n\n');
  propose.set('effective', '2026-10-01');
  propose.set('instrument', 'Note verbale 7/2026');
  const proposed = await post(`${path}/amendments`, propose);
  assert.equal(proposed.status, 303, await proposed.clone().text());
  const page = await (await t.app.request(`${path}/amendments?lang=ja`)).text();
  assert.match(page, /提案中/);
  assert.match(page, /宇宙|space policy dialogue/);
  const list = (await (await t.app.request(`/api/plans/${encodeURIComponent(planId)}/amendments`)).json()) as { items: { id: string; state: string; changes: unknown }[] };
  const amendment = list.items.at(-1)!;
  assert.equal(amendment.state, 'proposed');
  assert.deepEqual(amendment.changes, { withdraw: [target.id], add: [{ text: 'The two sides will hold a space policy dialogue.' }] });

  const refusedForm = new FormData();
  refusedForm.set('decision', 'consent');
  const refused = await post(`/amendments/${encodeURIComponent(amendment.id)}/respond`, refusedForm);
  assert.equal(refused.status, 422, 'an administrator who names no side is told so, on the page');
  assert.match(await refused.text(), /Name the side/);

  const consent = new FormData();
  consent.set('decision', 'consent');
  consent.set('side', 'JP');
  consent.set('instrument', 'Exchange of notes of 20 September 2026');
  consent.set('file', new File([new TextEncoder().encode('%PDF-1.7 signed')], 'exchange-of-notes.pdf', { type: 'application/pdf' }));
  const consented = await post(`/amendments/${encodeURIComponent(amendment.id)}/respond`, consent);
  assert.equal(consented.status, 303);
  const agreedPage = await (await t.app.request(`${path}/amendments?lang=en`)).text();
  assert.match(agreedPage, /exchange-of-notes\.pdf/);
  assert.match(agreedPage, /SHA-256 [0-9a-f]{12}/);

  const before = await (await t.app.request(`${path}?as_of=2026-09-30&lang=en`)).text();
  assert.ok(before.includes(target.text.replace(/&/g, '&amp;')), 'before the amendment the withdrawn commitment is there');
  assert.doesNotMatch(before, /space policy dialogue/);
  const afterIt = await (await t.app.request(`${path}?as_of=2026-10-01&lang=ja`)).text();
  assert.match(afterIt, /space policy dialogue/);
  assert.match(afterIt, /改正\d+で追加/);
  const red = await (await t.app.request(`${path}/redline?lang=ja`)).text();
  assert.match(red, /<ins>The two sides will hold a space policy dialogue\.<\/ins>/);
  assert.match(red, /<del>/);
  assert.match(red, /新旧対照/);
});
