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
  return t.app.request(path, { method: 'POST', body, headers: { Origin: 'http://localhost' } });
};

test('the tracking page lists mechanisms by partner, overdue first and highlighted', async () => {
  const html = await (await t.app.request('/tracking?lang=en')).text();
  assert.match(html, /<th scope="col">Partner<\/th>/);
  const states = [...html.matchAll(/<tr class="state-(\w+)"/g)].map((m) => m[1]);
  assert.ok(states.length >= 3, 'one row per mechanism');
  const rank = { overdue: 0, due_soon: 1, scheduled: 2, not_due: 3, plan_ended: 4, unscheduled: 5 } as Record<string, number>;
  assert.deepEqual(states, [...states].sort((a, b) => rank[a!]! - rank[b!]!), 'overdue first');
  assert.ok(states.includes('overdue'), 'an annual committee never met is overdue');
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
