// Plan status from dates, plan metadata corrections (API with If-Match, web form with errors kept and a
// confirmation), duplicate plans (warned on upload and ingest, removed, merged with their tracking carried
// over, listed as removed and restored from the web app).
import { after, before, test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { seededApp, fixturePlans, type TestApp } from '../helpers/web-app.js';
import { makeExtraction } from '../store/fixture.js';
import { planStore } from '../../src/ops/plan-store.js';
import { planStatus } from '../../src/store/queries.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { duplicatesOfExtraction } from '../../src/ops/plan-edit.js';
import { getMeeting } from '../../src/store/tracking.js';
import { planPublished } from '../../src/store/visibility.js';
const ALL = { all: true } as const;

let t: TestApp;
before(async () => {
  t = await seededApp();
});
after(async () => {
  await t?.opened.close();
});

const json = async <T>(path: string, init?: RequestInit) => {
  const response = await t.app.request(path, init);
  return { response, body: (await response.json()) as T };
};
const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost', 'X-Kizuna-Request': '1' }, body };
};
interface PlanJson {
  id: string;
  title: string | null;
  status: string;
  version: number;
  period: { start: string | null; end: string | null };
  supersedes: string | null;
}
const planByTitle = async (title: string) => (await json<{ items: PlanJson[] }>('/api/plans?limit=200')).body.items.find((p) => p.title === title);

test('plan status comes from dates: signed before the start, superseded only from the successor\'s start', () => {
  const today = '2026-06-01';
  assert.equal(planStatus({ start: '2027', endDay: '2030-12-31', successorStart: null }, today), 'signed');
  assert.equal(planStatus({ start: '2025-01-15', endDay: '2029-12-31', successorStart: null }, today), 'in_force');
  assert.equal(planStatus({ start: '2023', endDay: '2024-12-31', successorStart: null }, today), 'expired');
  assert.equal(planStatus({ start: '2023', endDay: '2029-12-31', successorStart: '2030' }, today), 'in_force');
  assert.equal(planStatus({ start: '2023', endDay: '2029-12-31', successorStart: '2026-06' }, today), 'superseded');
  assert.equal(planStatus({ start: null, endDay: null, successorStart: null }, today), 'in_force');
});

test('a successor stored today but starting in four years leaves its predecessor in force', async () => {
  const successor = makeExtraction({ ...fixturePlans[1]!, title: 'Action Plan between Japan and Poland 2030-2034', period: ['2030', '2034'], signed: '2026-05-20' });
  const stored = await planStore(t.opened.store, successor.extraction, successor.bytes, { actor: 'test' });
  const old = await planByTitle('Action Plan between Japan and Poland 2025-2029');
  const next = await planByTitle('Action Plan between Japan and Poland 2030-2034');
  assert.equal(next?.supersedes, old?.id, 'linked as successor');
  assert.equal(old?.status, 'in_force');
  assert.equal(next?.status, 'signed');
  const html = await (await t.app.request(`/plans/${stored.planId}?lang=en`)).text();
  assert.match(html, /Signed, not yet in force/);
});

test('PATCH /api/plans/{id} corrects the period under If-Match, audited and undoable', async () => {
  const plan = (await planByTitle('Joint Working Plan between Japan and Germany on ICT 2023-2024'))!;
  const path = `/api/plans/${plan.id}`;
  const headers = { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' };
  const missing = await t.app.request(path, { method: 'PATCH', headers, body: JSON.stringify({ periodEnd: '2027' }) });
  assert.equal(missing.status, 428);
  const { response: got } = await json<PlanJson>(path);
  const etag = got.headers.get('ETag')!;
  const bad = await json<{ code: string; 'invalid-params': { name: string }[] }>(path, { method: 'PATCH', headers: { ...headers, 'If-Match': etag }, body: JSON.stringify({ periodStart: '2023', periodEnd: '2022-13' }) });
  assert.equal(bad.response.status, 400);
  assert.equal(bad.body.code, 'invalid-request');
  assert.deepEqual(bad.body['invalid-params'].map((p) => p.name), ['edit.periodEnd']);
  const ok = await json<PlanJson>(path, { method: 'PATCH', headers: { ...headers, 'If-Match': etag }, body: JSON.stringify({ periodEnd: '2027-03' }) });
  assert.equal(ok.response.status, 200);
  assert.equal(ok.body.period.end, '2027-03');
  assert.equal(ok.body.status, 'in_force', 'no longer expired on 2026-06-01');
  assert.notEqual(ok.response.headers.get('ETag'), etag);
  const stale = await t.app.request(path, { method: 'PATCH', headers: { ...headers, 'If-Match': etag }, body: JSON.stringify({ title: 'x' }) });
  assert.equal(stale.status, 412);
  const events = await t.opened.store.db.selectFrom('events').selectAll().where('entity', '=', 'plan').where('entity_id', '=', plan.id).where('action', '=', 'correct').execute();
  assert.equal(events.length, 1);
  assert.deepEqual(events[0]!.after, { periodEnd: '2027-03' });
  const reverted = await json<PlanJson>(`${path}/revert`, { method: 'POST', headers: { ...headers, 'If-Match': ok.response.headers.get('ETag')! }, body: JSON.stringify({ fields: ['periodEnd'] }) });
  assert.equal(reverted.response.status, 200);
  assert.equal(reverted.body.period.end, '2024');
  assert.equal(reverted.body.status, 'expired');
});

test('the web form keeps the input and shows errors next to the field (422), then confirms a correction', async () => {
  const plan = (await planByTitle('Action Plan between Japan and Denmark 2023-2026'))!;
  const editHtml = await (await t.app.request(`/plans/${plan.id}/edit?lang=en`)).text();
  const version = /name="version" value="(\d+)"/.exec(editHtml)![1]!;
  const refused = await t.app.request(`/plans/${plan.id}/edit?lang=en`, form({ version, title: 'Japan–Denmark Action Plan', periodStart: '2023', periodEnd: 'soon' }));
  assert.equal(refused.status, 422);
  const html = await refused.text();
  assert.match(html, /class="error-summary"/);
  assert.match(html, /<a href="#pe-periodEnd">[^<]*soon/);
  assert.match(html, /id="pe-periodEnd-error"/);
  assert.match(html, /value="Japan–Denmark Action Plan"/, 'input kept');
  assert.match(html, /value="soon"/);
  // The same refusal on a Japanese page: the reason under the field in Japanese.
  const jaHtml = await (await t.app.request(`/plans/${plan.id}/edit?lang=ja`, form({ version, title: 'Japan–Denmark Action Plan', periodStart: '2023', periodEnd: 'soon' }))).text();
  assert.match(jaHtml, /<a href="#pe-periodEnd">「soon」は日付ではありません（YYYY、YYYY-MM または YYYY-MM-DD）<\/a>/);
  assert.doesNotMatch(jaHtml, /is not a date/);
  const saved = await t.app.request(`/plans/${plan.id}/edit?lang=en`, form({ version, title: 'Japan–Denmark Action Plan', periodStart: '2023', periodEnd: '2026-12' }));
  assert.equal(saved.status, 303);
  const location = saved.headers.get('Location')!;
  assert.match(location, /done=corrected/);
  const after = await (await t.app.request(`${location}&lang=ja`)).text();
  assert.match(after, /計画情報を訂正しました/);
  assert.match(after, /Japan–Denmark Action Plan/);
  const stale = await t.app.request(`/plans/${plan.id}/edit`, form({ version, title: 'Another' }));
  assert.equal(stale.status, 409);
  assert.match(await stale.text(), /value="Another"/);
});

test('a near-identical upload is warned about, removed from the web app and restored', async () => {
  const spec = fixturePlans[0]!;
  // The same plan from another source: same partnership and title, one commitment worded differently.
  const copy = makeExtraction({ ...spec, commitments: [...spec.commitments.slice(0, 2), { text: 'The two sides will explore joint research on quantum computing.' }] });
  const same = makeExtraction(fixturePlans[2]!);
  const warned = await duplicatesOfExtraction(t.opened.store, copy.extraction, ALL);
  assert.deepEqual(warned.map((d) => d.reason), []);
  const original = (await json<{ items: PlanJson[] }>('/api/plans?party=DK')).body.items[0]!;
  // the Denmark plan was retitled in the test above; put the title back so the copy matches it again
  await json(`/api/plans/${original.id}/revert`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'If-Match': '*', 'X-Kizuna-Request': '1' }, body: JSON.stringify({ fields: ['title', 'periodEnd'] }) });
  const dupes = await duplicatesOfExtraction(t.opened.store, copy.extraction, ALL);
  assert.deepEqual(dupes.map((d) => [d.planId, d.reason, Math.round(d.overlap * 100)]), [[original.id, 'near-identical', 67]]);
  assert.deepEqual((await duplicatesOfExtraction(t.opened.store, same.extraction, ALL)).map((d) => d.reason), ['same-document']);
  const stored = await planStore(t.opened.store, copy.extraction, copy.bytes, { actor: 'test', published: true });
  const listed = (await json<{ items: { planId: string }[] }>(`/api/plans/${stored.planId}/duplicates`)).body.items;
  assert.deepEqual(listed.map((d) => d.planId), [original.id]);
  const before = (await json<{ total: number }>('/api/commitments?party=DK')).body.total;
  const page = await (await t.app.request(`/plans/${stored.planId}?lang=en`)).text();
  assert.match(page, /looks like a duplicate of/);
  assert.match(page, new RegExp(`action="/plans/${stored.planId}/remove"`));
  const removed = await t.app.request(`/plans/${stored.planId}/remove`, form({}));
  assert.equal(removed.status, 303);
  const portfolio = await (await t.app.request(`${removed.headers.get('Location')}&lang=en`)).text();
  assert.match(portfolio, /was removed/);
  assert.match(portfolio, new RegExp(`action="/plans/${stored.planId}/restore"`));
  assert.equal((await t.app.request(`/api/plans/${stored.planId}`)).status, 404);
  assert.equal((await json<{ total: number }>('/api/commitments?party=DK')).body.total, before - 3);
  const event = await t.opened.store.db.selectFrom('events').selectAll().where('entity_id', '=', stored.planId).where('action', '=', 'remove').executeTakeFirst();
  assert.ok(event, 'removal audited');
  // restoring re-extracts the kept file; the fixture bytes are plain text the extractor reads
  const restored = await t.app.request(`/plans/${stored.planId}/restore`, form({}));
  assert.equal(restored.status, 303);
  assert.equal((await t.app.request(`/api/plans/${stored.planId}`)).status, 200);
  assert.equal(await planPublished(t.opened.store.db, stored.planId), true, 'a published plan comes back published, not as a draft');
});

test('a plan with recorded progress is not removed (409)', async () => {
  const plan = (await planByTitle('Action Plan between Japan and Poland 2025-2029'))!;
  const commitments = (await json<{ items: { id: string }[] }>(`/api/commitments?plan=${plan.id}`)).body.items;
  await recordUpdate(t.opened.store, { commitmentId: commitments[0]!.id, status: 'in_progress_limited', note: 'talks started', author: 'test' }, new Date('2026-06-01'));
  const remove = (headers: Record<string, string> = {}) => t.app.request(`/api/plans/${plan.id}`, { method: 'DELETE', headers: { 'If-Match': '*', 'X-Kizuna-Request': '1', ...headers } });
  const response = await remove();
  assert.equal(response.status, 409);
  assert.match(((await response.json()) as { detail: string }).detail, /^Plan \S+ has 1 progress update\(s\) and 0 meeting\(s\) recorded; merge it into the plan it duplicates/);
  // In the language asked for: a Japanese desk reads why the plan stays.
  const ja = await remove({ 'Accept-Language': 'ja' });
  assert.equal(ja.status, 409);
  assert.equal(((await ja.json()) as { detail: string }).detail, `計画 ${plan.id} には進捗の記録が 1 件、会合の記録が 0 件あります。重複している計画に統合する（記録は引き継がれます）か、先に記録を取り下げてください。`);
  assert.equal((await t.app.request(`/plans/${plan.id}/remove`, form({}))).status, 409);
});

test('a duplicate with recorded progress and meetings is merged into the plan it duplicates, listed as removed, restorable', async () => {
  const poland = (await planByTitle('Action Plan between Japan and Poland 2025-2029'))!;
  const spec = fixturePlans[1]!;
  const made = makeExtraction({ ...spec, commitments: [...spec.commitments.slice(0, 2), { text: 'The two sides will cooperate on cyber security.' }] });
  // A last line the extractor reads as the Joint Committee, so that restoring (which extracts the kept file
  // again) finds the mechanism the meeting came from.
  const text = `${made.extraction.document.text}\nThe two sides will convene the Joint Committee annually.`;
  const bytes = new TextEncoder().encode(text);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const copy = { bytes, extraction: { ...made.extraction, document: { ...made.extraction.document, text, sha256, byteLength: bytes.byteLength } } };
  const dup = (await planStore(t.opened.store, copy.extraction, copy.bytes, { actor: 'earlier upload' })).planId;
  const commitments = (await json<{ items: { id: string; text: string }[] }>(`/api/commitments?plan=${dup}`)).body.items;
  const shared = commitments.find((c) => c.text.includes('universities'))!;
  const own = commitments.find((c) => c.text.includes('cyber security.'))!;
  const now = new Date('2026-06-01');
  await recordUpdate(t.opened.store, { commitmentId: shared.id, status: 'in_progress_substantial', note: 'exchange week held', author: 'desk', date: '2026-04-01' }, now);
  const meeting = await t.app.request(`/api/mechanisms/${encodeURIComponent(`${dup}:m1`)}/meetings`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' }, body: JSON.stringify({ date: '2026-05-02', place: 'Kraków' }) });
  assert.equal(meeting.status, 201);
  const meetingId = ((await meeting.json()) as { id: string }).id;
  // what the plan it duplicates holds before the merge, to compare with after the restore
  const polandShared = (await json<{ items: { id: string; text: string }[] }>(`/api/commitments?plan=${poland.id}`)).body.items.find((c) => c.text === shared.text)!;
  const statusOf = async (id: string) => (await json<{ status: string; updates: { id: string; note: string }[] }>(`/api/commitments/${encodeURIComponent(id)}/status`)).body;
  const lastMet = async (mechanismId: string) => (await json<{ items: { mechanismId: string; lastMeeting: string | null }[] }>('/api/meetings')).body.items.find((d) => d.mechanismId === mechanismId)?.lastMeeting;
  const polandBefore = { status: await statusOf(polandShared.id), lastMet: await lastMet(`${poland.id}:m1`) };

  // the duplicate's page offers the merge; a plan that is not a duplicate is refused
  const page = await (await t.app.request(`/plans/${dup}?lang=en`)).text();
  assert.match(page, new RegExp(`action="/plans/${dup}/merge"[\\s\\S]*?name="into" value="${poland.id}"`));
  const denmark = (await json<{ items: PlanJson[] }>('/api/plans?party=DK')).body.items[0]!;
  assert.equal((await t.app.request(`/plans/${dup}/merge`, form({ into: denmark.id }))).status, 409);
  // a record with no counterpart (the differently worded commitment) stops the merge, nothing moved
  const stray = await recordUpdate(t.opened.store, { commitmentId: own.id, status: 'in_progress_limited', note: 'only here', author: 'desk', date: '2026-04-02' }, now);
  const refused = await t.app.request(`/api/plans/${dup}/merge`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' }, body: JSON.stringify({ into: poland.id }) });
  assert.equal(refused.status, 409);
  assert.match(((await refused.json()) as { detail: string }).detail, /cyber security\./);
  assert.equal((await t.app.request(`/api/commitments/${encodeURIComponent(own.id)}/status/${stray.id}`, { method: 'DELETE', headers: { 'X-Kizuna-Request': '1' } })).status, 200);

  const merged = await t.app.request(`/plans/${dup}/merge`, form({ into: poland.id }));
  assert.equal(merged.status, 303);
  assert.equal(merged.headers.get('Location'), `/plans/${poland.id}?done=merged&updates=1&meetings=1`);
  const confirmation = await (await t.app.request(`${merged.headers.get('Location')}&lang=en`)).text();
  assert.match(confirmation, /merged into this plan: 1 progress update\(s\) and 1 meeting\(s\) carried over/);
  assert.equal((await t.app.request(`/api/plans/${dup}`)).status, 404);
  const target = (await json<{ items: { id: string; text: string }[] }>(`/api/commitments?plan=${poland.id}`)).body.items.find((c) => c.text === shared.text)!;
  const status = (await json<{ status: string; updates: { id: string; note: string }[] }>(`/api/commitments/${encodeURIComponent(target.id)}/status`)).body;
  assert.equal(status.status, 'in_progress_substantial');
  assert.deepEqual(status.updates.map((u) => u.note), ['exchange week held']);
  const due = (await json<{ items: { mechanismId: string; lastMeeting: string | null }[] }>('/api/meetings')).body.items;
  assert.equal(due.find((d) => d.mechanismId === `${poland.id}:m1`)?.lastMeeting, '2026-05-02');
  const event = await t.opened.store.db.selectFrom('events').selectAll().where('entity_id', '=', dup).where('action', '=', 'merge').executeTakeFirst();
  const updateId = status.updates.find((u) => u.note === 'exchange week held')!.id;
  assert.deepEqual(event?.after, {
    into: poland.id,
    updates: 1,
    meetings: 1,
    moved: { updates: [{ id: updateId, from: shared.id, to: target.id }], meetings: [{ id: meetingId, from: `${dup}:m1`, to: `${poland.id}:m1` }] },
  });

  // the list of removed plans names it, merged into the Poland plan, with "Restore"
  const removed = await (await t.app.request('/plans/removed?lang=en')).text();
  assert.match(removed, /merged into/);
  assert.match(removed, new RegExp(`action="/plans/${dup}/restore"`));
  assert.deepEqual((await json<{ items: { planId: string; action: string; into: string }[] }>('/api/removed-plans')).body.items.map((r) => [r.planId, r.action, r.into]), [[dup, 'merge', poland.id]]);
  const restored = await t.app.request(`/plans/${dup}/restore`, form({}));
  assert.equal(restored.status, 303);
  assert.equal(restored.headers.get('Location'), `/plans/${dup}?done=restoredTracking&updates=1&meetings=1`);
  assert.match(await (await t.app.request(`${restored.headers.get('Location')}&lang=en`)).text(), /its own records back from the plan it was merged into: 1 progress update\(s\) and 1 meeting\(s\)/);
  assert.equal((await t.app.request(`/api/plans/${dup}`)).status, 200);
  assert.equal(await planPublished(t.opened.store.db, dup), false, 'a draft comes back a draft');
  assert.match(await (await t.app.request('/plans/removed?lang=en')).text(), /No plan has been removed/);

  // the restored plan has its own records again (re-extracted: found by wording, as its ids may differ),
  // and the plan it was merged into is as it was before the merge
  const again = (await json<{ items: { id: string; text: string }[] }>(`/api/commitments?plan=${dup}`)).body.items.find((c) => c.text === shared.text)!;
  // the Joint Committee the meeting was held by: the re-extracted plan also has the energy dialogue, and the list's
  // order (by due date) says nothing about which is which
  const againMechanism = (await json<{ items: { mechanismId: string; name: string; planId: string }[] }>('/api/meetings')).body.items.find((d) => d.planId === dup && d.name === 'Joint Committee')!.mechanismId;
  const mine = await statusOf(again.id);
  assert.equal(mine.status, 'in_progress_substantial');
  assert.deepEqual(mine.updates.map((u) => [u.id, u.note]), [[updateId, 'exchange week held']]);
  assert.equal(await lastMet(againMechanism), '2026-05-02');
  assert.equal((await getMeeting(t.opened.store.db, meetingId))?.mechanismId, againMechanism);
  assert.deepEqual(await statusOf(polandShared.id), polandBefore.status);
  assert.equal(await lastMet(`${poland.id}:m1`), polandBefore.lastMet);
  const back = await t.opened.store.db.selectFrom('events').selectAll().where('entity_id', '=', dup).where('action', '=', 'restore-tracking').executeTakeFirst();
  assert.deepEqual(back?.after, { moved: { updates: [{ id: updateId, from: target.id, to: again.id }], meetings: [{ id: meetingId, from: `${poland.id}:m1`, to: againMechanism }] } });
});
