// The tracking page as a coordinator's workspace: mechanisms by partner with overdue ones first and
// highlighted, "Record meeting" there and on the plan page (minutes as a file, downloadable), refused input
// shown again by the field (422), and a meeting recorded twice deleted (audited).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp, type TestApp } from '../helpers/web-app.js';

let t: TestApp;
before(async () => {
  t = await seededApp();
});
after(async () => {
  await t?.opened.close();
});

const getJson = async <T>(path: string) => (await (await t.app.request(path)).json()) as T;
const post = (path: string, fields: Record<string, string | File>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return t.app.request(path, { method: 'POST', body, headers: { Origin: 'http://localhost', 'X-Kizuna-Request': '1' } });
};

test('the tracking page lists mechanisms by partner, overdue first and highlighted', async () => {
  const html = await (await t.app.request('/tracking?lang=en')).text();
  assert.match(html, /<th scope="col">Partner<\/th>/);
  // one row group per partnership and plan, headed by partner and plan; in each, overdue first
  const due = html.slice(html.indexOf('<table class="due grouped"'), html.indexOf('</table>', html.indexOf('<table class="due grouped"')));
  const groups = [...due.matchAll(/<tbody class="group[^"]*">([\s\S]*?)<\/tbody>/g)].map((m) => m[1]!);
  assert.ok(groups.length >= 3, 'a group per plan');
  const rank = { overdue: 0, due_soon: 1, scheduled: 2, not_due: 3, plan_ended: 4, unscheduled: 5 } as Record<string, number>;
  const states = groups.map((g) => [...g.matchAll(/<tr class="state-(\w+)"/g)].map((m) => m[1]!));
  for (const s of states) assert.deepEqual(s, [...s].sort((a, b) => rank[a]! - rank[b]!), 'overdue first within a plan');
  assert.ok(states.flat().includes('overdue'), 'an annual committee never met is overdue');
  const hasOverdue = states.map((s) => s.includes('overdue'));
  assert.deepEqual(hasOverdue, [...hasOverdue].sort((a, b) => Number(b) - Number(a)), 'partnerships with something overdue come first');
  assert.match(groups[0]!, /<th scope="rowgroup" colspan="6">[^<]+ · <a href="\/plans\/p-[0-9a-f]{12}">/);
  assert.match(html, /\d+ overdue/);
  assert.match(html, /<td>Poland<\/td>/);
  assert.match(html, /<summary>Record meeting<\/summary>/);
  const ja = await (await t.app.request('/tracking?lang=ja')).text();
  assert.match(ja, /<td>ポーランド<\/td>/);
  assert.match(ja, /毎年|年次/, 'cadence in Japanese');
  assert.doesNotMatch(ja, /<td>annual<\/td>/);
});

test('recording a meeting with minutes, refusing a future date, deleting a duplicate record', async () => {
  const plan = (await getJson<{ items: { id: string }[] }>('/api/plans?party=PL')).items[0]!;
  const mechanism = `${plan.id}:m1`;
  const path = `/tracking/mechanisms/${encodeURIComponent(mechanism)}/meetings?lang=en`;
  const refused = await post(path, { back: '/tracking', date: '2031-01-01', place: 'Warsaw', level: 'Vice-minister', participants: 'A; B', url: '' });
  assert.equal(refused.status, 422);
  const html = await refused.text();
  assert.match(html, /class="error-summary"/);
  assert.match(html, /is in the future/);
  assert.match(html, /value="Warsaw"/, 'input kept');
  assert.match(html, /<details class="record-meeting" open/);

  const minutes = new File([new TextEncoder().encode('Minutes of the 1st Joint Committee')], 'minutes.txt', { type: 'text/plain' });
  const fields = { back: `/plans/${plan.id}`, date: '2026-05-20', place: 'Warsaw', level: 'Vice-minister', participants: 'Vice-Minister A; Deputy Minister B', url: '', file: minutes };
  const ok = await post(path, fields);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('Location'), `/plans/${plan.id}?done=meeting`);
  const planPage = await (await t.app.request(`/plans/${plan.id}?done=meeting&lang=en`)).text();
  assert.match(planPage, /The meeting was recorded/);
  assert.match(planPage, /<summary>Record meeting<\/summary>/);
  await post(path, fields);
  const tracking = await (await t.app.request('/tracking?lang=en')).text();
  const recorded = [...tracking.matchAll(/action="\/tracking\/meetings\/([^/"]+)\/delete"/g)].map((m) => m[1]!);
  assert.equal(recorded.length, 2, 'recorded twice');
  assert.match(tracking, /Vice-Minister A; Deputy Minister B/);
  assert.match(tracking, /href="\/api\/evidence\/[0-9a-f]{64}"[^>]*>Minutes/);
  const due = await getJson<{ items: { mechanismId: string; lastMeeting: string | null; state: string }[] }>('/api/meetings');
  assert.equal(due.items.find((d) => d.mechanismId === mechanism)?.lastMeeting, '2026-05-20');
  const deleted = await post(`/tracking/meetings/${recorded[0]}/delete`, {});
  assert.equal(deleted.status, 303);
  const after = await (await t.app.request('/tracking?done=meetingDeleted&lang=en')).text();
  assert.match(after, /The meeting record was deleted/);
  assert.equal([...after.matchAll(/\/tracking\/meetings\/[^/"]+\/delete/g)].length, 1);
  const event = await t.opened.store.db.selectFrom('events').selectAll().where('entity', '=', 'meeting').where('action', '=', 'delete').executeTakeFirst();
  assert.equal((event?.before as { place: string }).place, 'Warsaw');
  assert.equal((await post(`/tracking/meetings/${recorded[0]}/delete`, {})).status, 404);
});

test('a meeting record corrected in place (web and API): input kept on a refusal, minutes kept, replaced or removed, audited', async () => {
  const plan = (await getJson<{ items: { id: string }[] }>('/api/plans?party=DK')).items[0]!;
  const mechanism = `${plan.id}:m1`;
  const minutes = new File([new TextEncoder().encode('Minutes of the 2nd Joint Committee')], 'minutes-2.txt', { type: 'text/plain' });
  assert.equal((await post(`/tracking/mechanisms/${encodeURIComponent(mechanism)}/meetings`, { back: '/tracking', date: '2026-02-10', place: 'Copenhgen', level: '', participants: '', url: '', file: minutes })).status, 303);
  const tracking = await (await t.app.request('/tracking?lang=en')).text();
  const id = /Copenhgen[\s\S]*?href="\/tracking\/meetings\/([^/"]+)\/edit"/.exec(tracking)?.[1];
  assert.ok(id, 'each recorded meeting has "Correct"');
  const form = await (await t.app.request(`/tracking/meetings/${id}/edit?lang=en`)).text();
  assert.match(form, /value="2026-02-10"/);
  assert.match(form, /value="Copenhgen"/);
  assert.match(form, /minutes-2\.txt/, 'the minutes on file are shown');

  const refused = await post(`/tracking/meetings/${id}/edit?lang=en`, { date: '2026-13-01', place: 'Copenhagen', level: '', participants: '', url: '' });
  assert.equal(refused.status, 422);
  const again = await refused.text();
  assert.match(again, /class="error-summary"/);
  assert.match(again, /value="Copenhagen"/, 'input kept');

  const saved = await post(`/tracking/meetings/${id}/edit`, { date: '2026-02-11', place: 'Copenhagen', level: 'Director-general', participants: '', url: '' });
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.get('Location'), `/tracking?done=meetingCorrected&mechanism=${encodeURIComponent(mechanism)}&record=${id}#h-recent`);
  const event = await t.opened.store.db.selectFrom('events').selectAll().where('entity', '=', 'meeting').where('entity_id', '=', id).where('action', '=', 'correct').executeTakeFirst();
  assert.equal((event?.before as { place: string }).place, 'Copenhgen');
  assert.equal((event?.after as { place: string; date: string }).date, '2026-02-11');
  assert.equal((event?.after as { minutes: { name: string } }).minutes.name, 'minutes-2.txt', 'the file stays when neither replaced nor removed');
  const due = await getJson<{ items: { mechanismId: string; lastMeeting: string | null }[] }>('/api/meetings');
  assert.ok(due.items.some((d) => d.mechanismId === mechanism && d.lastMeeting === '2026-02-11'), 'the due date follows the corrected date');

  // the API: a link replaces the file; null clears the level; a future date is refused
  const patch = (body: unknown) => t.app.request(`/api/meetings/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' }, body: JSON.stringify(body) });
  const patched = (await (await patch({ minutes: 'https://example.org/minutes', level: null })).json()) as { minutes: { kind: string }; level: string | null; place: string };
  assert.deepEqual([patched.minutes.kind, patched.level, patched.place], ['url', null, 'Copenhagen']);
  assert.equal((await patch({ date: '2030-01-01' })).status, 400);
  assert.equal((await patch({})).status, 400);
  assert.equal((await t.app.request('/api/meetings/nope', { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' }, body: '{"place":"x"}' })).status, 404);
  // the web form: the link emptied removes the minutes
  assert.equal((await post(`/tracking/meetings/${id}/edit`, { date: '2026-02-11', place: 'Copenhagen', level: '', participants: '', url: '' })).status, 303);
  const last = await t.opened.store.db.selectFrom('meetings').select('minutes').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(last.minutes, null);
});

test('recently done: completed progress and meetings held in the window, per partnership and plan, as the reader may read them', async () => {
  const { recordUpdate } = await import('../../src/ops/tracking-status.js');
  const { recordMeeting } = await import('../../src/ops/tracking-meetings.js');
  const plan = (await getJson<{ items: { id: string }[] }>('/api/plans?party=PL')).items[0]!;
  const commitment = (await getJson<{ items: { id: string }[] }>(`/api/commitments?plan=${plan.id}`)).items[1]!;
  const now = new Date('2026-06-01T00:00:00Z');
  const evidence = [{ kind: 'url' as const, url: 'https://example.org/report' }];
  await recordUpdate(t.opened.store, { commitmentId: commitment.id, status: 'completed', date: '2026-05-25', note: 'Exchange programme signed off', evidence, author: 'desk', visibility: 'internal' }, now);
  await recordMeeting(t.opened.store, { mechanismId: `${plan.id}:m1`, date: '2026-01-15', place: 'Kraków winter session', author: 'desk' }, now);
  const done = (html: string) => html.slice(html.indexOf('id="h-done"'), html.indexOf('id="h-recent"'));
  const recent = done(await (await t.app.request('/tracking?lang=en')).text());
  assert.match(recent, /Recently done \(last 30 days\)/);
  assert.match(recent, /<th scope="rowgroup" colspan="4">Poland · <a href="\/plans\//);
  assert.match(recent, /Exchange programme signed off/);
  assert.match(recent, /Completed/);
  assert.doesNotMatch(recent, /Kraków winter session/, 'a meeting older than the window is left out');
  const year = done(await (await t.app.request('/tracking?days=365&lang=en')).text());
  assert.match(year, /Kraków winter session/);
  assert.match(year, /Meeting held/);
  assert.match(done(await (await t.app.request('/tracking?days=365&lang=ja')).text()), /会合開催/);
  // the public reads neither the internal update nor the shared meeting (once an account exists, no session is the public)
  const { PUBLIC } = await import('../../src/auth/principal.js');
  const { Hono } = await import('hono');
  const asPublic = new Hono();
  asPublic.use('*', async (c, next) => {
    c.set('principal', PUBLIC);
    await next();
  });
  asPublic.route('/', t.app);
  const publicView = done(await (await asPublic.request('/tracking?days=365&lang=en')).text());
  assert.doesNotMatch(publicView, /Exchange programme signed off|Kraków winter session/);
  assert.match(publicView, /Nothing completed and no meeting held in the last 365 days/);
});

test('"Undo" after deleting or correcting a meeting record writes it back exactly as it was, audited', async () => {
  const plan = (await getJson<{ items: { id: string }[] }>('/api/plans?party=DE')).items[0]!;
  const mechanism = `${plan.id}:m1`;
  assert.equal((await post(`/tracking/mechanisms/${encodeURIComponent(mechanism)}/meetings`, { back: '/tracking', date: '2026-03-03', place: 'Berlin', level: 'State secretary', participants: 'A; B', url: 'https://example.org/minutes' })).status, 303);
  const row = () => t.opened.store.db.selectFrom('meetings').selectAll().where('mechanism_id', '=', mechanism).executeTakeFirst();
  const original = (await row())!;
  const undoPath = `/tracking/mechanisms/${encodeURIComponent(mechanism)}/meetings/${original.id}/undo`;
  const offered = (html: string) => html.includes(`action="${undoPath}"`);

  const corrected = await post(`/tracking/meetings/${original.id}/edit`, { date: '2026-03-04', place: 'Bonn', level: '', participants: '', url: '' });
  assert.equal(corrected.headers.get('Location'), `/tracking?done=meetingCorrected&mechanism=${encodeURIComponent(mechanism)}&record=${original.id}#h-recent`);
  assert.ok(offered(await (await t.app.request(corrected.headers.get('Location')!.replace('#h-recent', ''))).text()), 'the confirmation offers Undo');
  assert.equal((await post(undoPath, {})).status, 303);
  assert.deepEqual(await row(), original, 'the correction undone: exactly as before');

  const deleted = await post(`/tracking/meetings/${original.id}/delete`, {});
  const page = await (await t.app.request(`${deleted.headers.get('Location')!.replace('#h-recent', '')}&lang=en`)).text();
  assert.match(page, /The meeting record was deleted/);
  assert.ok(offered(page));
  assert.equal(await row(), undefined);
  const undone = await post(undoPath, {});
  assert.equal(undone.status, 303);
  assert.match(await (await t.app.request(`${undone.headers.get('Location')!.replace('#h-recent', '')}&lang=ja`)).text(), /会合記録への変更を取り消しました/);
  assert.deepEqual(await row(), original, 'the deletion undone: the same record, author and time recorded included');
  const actions = (await t.opened.store.db.selectFrom('events').select('action').where('entity', '=', 'meeting').where('entity_id', '=', original.id).orderBy('id').execute()).map((e) => e.action);
  assert.deepEqual(actions, ['record', 'correct', 'undo-correct', 'delete', 'undo-delete']);
  assert.equal((await post(undoPath, {})).status, 404, 'nothing left to undo');
  // only through the mechanism the record belongs to
  assert.equal((await post(`/tracking/mechanisms/${encodeURIComponent(`${plan.id}:m2`)}/meetings/${original.id}/undo`, {})).status, 404);
});
