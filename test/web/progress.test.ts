// Status everywhere: the commitment page's status, history and "Record progress" form (with a file as
// evidence, downloadable), status in the plan outline and its progress bars, and the status filter that
// the CLI, the API and the web share.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { readFilter } from '../../src/ops/filter.js';

let t: TestApp;
before(async () => {
  t = await seededApp();
});
after(async () => {
  await t?.opened.close();
});

const getJson = async <T>(path: string) => (await (await t.app.request(path)).json()) as T;
const post = (path: string, body: FormData) => t.app.request(path, { method: 'POST', body, headers: { Origin: 'http://localhost', 'X-Kizuna-Request': '1' } });

test('recording progress with a file from the commitment page shows it there, in the outline and in lists', async () => {
  const plan = (await getJson<{ items: { id: string; title: string }[] }>('/api/plans?party=PL')).items[0]!;
  const commitment = (await getJson<{ items: { id: string; status: string }[] }>(`/api/commitments?plan=${plan.id}`)).items[0]!;
  assert.equal(commitment.status, 'not_started');
  const path = `/commitments/${encodeURIComponent(commitment.id)}`;
  const first = await (await t.app.request(`${path}?lang=en`)).text();
  assert.match(first, /badge status status-not_started">Not started/);
  assert.match(first, /No progress recorded yet/);
  assert.match(first, /enctype="multipart\/form-data"/);

  const refused = new FormData();
  refused.set('status', 'in_progress_limited');
  refused.set('note', '');
  refused.set('url', 'not a link');
  const bad = await post(`${path}/progress?lang=en`, refused);
  assert.equal(bad.status, 422);
  const badHtml = await bad.text();
  assert.match(badHtml, /class="error-summary"/);
  assert.match(badHtml, /id="p-note-error"/);
  assert.match(badHtml, /id="p-url-error"/);
  assert.match(badHtml, /value="not a link"/, 'input kept');
  assert.match(badHtml, /<option value="in_progress_limited" selected/);

  const bytes = new TextEncoder().encode('Minutes of the kick-off meeting, Warsaw, 12 May 2026');
  const form = new FormData();
  form.set('status', 'in_progress_limited');
  form.set('note', 'Kick-off meeting held in Warsaw');
  form.set('date', '2026-05-12');
  form.set('file', new File([bytes], 'minutes.txt', { type: 'text/plain' }));
  const ok = await post(`${path}/progress`, form);
  assert.equal(ok.status, 303);
  assert.match(ok.headers.get('Location')!, /done=progress/);
  const page = await (await t.app.request(`${ok.headers.get('Location')!.replace('#h-progress', '')}&lang=ja`)).text();
  assert.match(page, /進捗を記録しました/);
  assert.match(page, /status-in_progress_limited">進行中（限定的）/);
  assert.match(page, /Kick-off meeting held in Warsaw/);
  const sha = createHash('sha256').update(bytes).digest('hex');
  assert.match(page, new RegExp(`href="/api/evidence/${sha}"`));
  const download = await t.app.request(`/api/evidence/${sha}`);
  assert.equal(download.status, 200);
  assert.match(download.headers.get('Content-Disposition') ?? '', /^attachment; filename\*=UTF-8''minutes\.txt/);
  assert.equal(download.headers.get('Content-Type'), 'application/octet-stream');
  assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bytes);
  assert.equal((await t.app.request(`/api/evidence/${'0'.repeat(64)}`)).status, 404);

  const outline = await (await t.app.request(`/plans/${plan.id}?lang=en`)).text();
  assert.match(outline, /status-in_progress_limited">In progress \(limited\)/);
  assert.match(outline, /Progress by area/);
  assert.match(outline, /class="bar-in_progress_limited"/);
  const filtered = await (await t.app.request(`/plans/${plan.id}?status=in_progress_limited&lang=en`)).text();
  assert.equal(filtered.match(/class="unit"/g)?.length, 1);

  const listed = await getJson<{ total: number; items: { id: string }[] }>('/api/commitments?status=in_progress_limited');
  assert.deepEqual(listed.items.map((c) => c.id), [commitment.id]);
  assert.equal(listed.total, 1);
  const notStarted = await getJson<{ total: number }>(`/api/commitments?plan=${plan.id}&status=not_started`);
  assert.equal(notStarted.total, 2, 'everything not started in the Poland plan');
  const search = await getJson<{ total: number; facets: { status: { value: string; count: number }[] } }>(`/api/search?q=energy&plan=${plan.id}`);
  assert.ok(search.facets.status.length > 0);
  const searchPage = await (await t.app.request(`/search?status=in_progress_limited&lang=en`)).text();
  assert.match(searchPage, /<select id="f-status" name="status">/);
  assert.match(searchPage, /status-in_progress_limited">In progress \(limited\)/);
  assert.equal((await t.app.request('/api/commitments?status=started')).status, 400);
});

test('the status filter is one definition for CLI, API and web', () => {
  assert.deepEqual(readFilter((n) => ({ status: 'ongoing' })[n as 'status']).filter, { status: 'ongoing' });
  assert.equal(readFilter((n) => ({ status: 'done' })[n as 'status']).invalid[0]?.name, 'status');
});

test('any progress update can be withdrawn (audited): the status becomes that of the latest left', async () => {
  const plan = (await getJson<{ items: { id: string }[] }>('/api/plans?party=DE')).items[0]!;
  const commitment = (await getJson<{ items: { id: string }[] }>(`/api/commitments?plan=${plan.id}`)).items[0]!;
  const path = `/commitments/${encodeURIComponent(commitment.id)}`;
  for (const [status, note, date] of [['in_progress_limited', 'first step', '2026-03-01'], ['in_progress_substantial', 'typo: wrong commitment', '2026-04-01'], ['completed', 'done', '2026-05-01']]) {
    const form = new FormData();
    form.set('status', status!);
    form.set('note', note!);
    form.set('date', date!);
    if (status === 'completed') form.set('url', 'https://example.org/report');
    assert.equal((await post(`${path}/progress`, form)).status, 303);
  }
  const history = await getJson<{ status: string; updates: { id: string }[] }>(`/api/commitments/${encodeURIComponent(commitment.id)}/status`);
  assert.equal(history.status, 'completed');
  const page = await (await t.app.request(`${path}?lang=en`)).text();
  assert.equal(page.match(/Withdraw this update/g)?.length, 3, 'offered on every update');
  // an older update, in the middle: the status stays that of the latest
  const withdrawn = await post(`${path}/progress/${history.updates[1]!.id}/withdraw`, new FormData());
  assert.equal(withdrawn.status, 303);
  let after = await getJson<{ status: string; updates: { id: string }[] }>(`/api/commitments/${encodeURIComponent(commitment.id)}/status`);
  assert.equal(after.status, 'completed');
  assert.deepEqual(after.updates.map((u) => u.id), [history.updates[0]!.id, history.updates[2]!.id]);
  const event = await t.opened.store.db.selectFrom('events').selectAll().where('action', '=', 'withdraw').executeTakeFirst();
  assert.equal((event?.before as { note: string }).note, 'typo: wrong commitment');
  const html = await (await t.app.request(`${withdrawn.headers.get('Location')!.replace('#h-progress', '')}&lang=en`)).text();
  assert.match(html, /The update was withdrawn/);
  // the latest: the status goes back to the one before
  assert.equal((await t.app.request(`/api/commitments/${encodeURIComponent(commitment.id)}/status/${history.updates[2]!.id}`, { method: 'DELETE', headers: { 'X-Kizuna-Request': '1' } })).status, 200);
  after = await getJson<{ status: string; updates: { id: string }[] }>(`/api/commitments/${encodeURIComponent(commitment.id)}/status`);
  assert.equal(after.status, 'in_progress_limited');
  // an update that is not there (withdrawn already): 404
  assert.equal((await t.app.request(`/api/commitments/${encodeURIComponent(commitment.id)}/status/${history.updates[2]!.id}`, { method: 'DELETE', headers: { 'X-Kizuna-Request': '1' } })).status, 404);
  assert.equal((await t.app.request(`/api/commitments/${encodeURIComponent(commitment.id)}/status/${history.updates[0]!.id}`, { method: 'DELETE', headers: { 'X-Kizuna-Request': '1' } })).status, 200);
  assert.equal((await getJson<{ status: string }>(`/api/commitments/${encodeURIComponent(commitment.id)}/status`)).status, 'not_started');
});

test('"Undo" after withdrawing an update puts it back exactly as it was (POST with the form token), audited; once only', async () => {
  const plan = (await getJson<{ items: { id: string }[] }>('/api/plans?party=DE')).items[0]!;
  const commitment = (await getJson<{ items: { id: string }[] }>(`/api/commitments?plan=${plan.id}`)).items[1]!;
  const path = `/commitments/${encodeURIComponent(commitment.id)}`;
  const form = new FormData();
  form.set('status', 'in_progress_limited');
  form.set('note', 'pilot started');
  form.set('date', '2026-04-15');
  assert.equal((await post(`${path}/progress`, form)).status, 303);
  const rows = () => t.opened.store.db.selectFrom('progress_updates').selectAll().where('commitment_id', '=', commitment.id).orderBy('id').execute();
  const statusRow = async () => (await t.opened.store.db.selectFrom('commitment_status').select(['status', 'as_of']).where('commitment_id', '=', commitment.id).executeTakeFirst()) ?? null;
  const before = { updates: await rows(), status: await statusRow() };
  const update = before.updates[0]!.id;
  const withdrawn = await post(`${path}/progress/${update}/withdraw`, new FormData());
  const location = withdrawn.headers.get('Location')!;
  assert.equal(location, `${path}?done=withdrawn&update=${update}#h-progress`);
  assert.deepEqual(await rows(), []);
  // the confirmation offers "Undo": a POST form, with the CSRF token the page puts in every form
  const page = await (await t.app.request(`${location.replace('#h-progress', '')}&lang=en`)).text();
  const undo = `${path}/progress/${update}/undo`;
  assert.match(page, new RegExp(`<form method="post" action="${undo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" class="inline"><input type="hidden" name="_csrf"[^>]*><button type="submit">Undo</button>`));
  assert.match(await (await t.app.request(`${location.replace('#h-progress', '')}&lang=ja`)).text(), />元に戻す</);
  const undone = await post(undo, new FormData());
  assert.equal(undone.status, 303);
  assert.match(await (await t.app.request(`${undone.headers.get('Location')!.replace('#h-progress', '')}&lang=en`)).text(), /The withdrawal was undone/);
  assert.deepEqual({ updates: await rows(), status: await statusRow() }, before, 'exactly as before');
  const event = await t.opened.store.db.selectFrom('events').selectAll().where('entity_id', '=', commitment.id).where('action', '=', 'undo-withdraw').executeTakeFirst();
  assert.equal((event?.after as { update: { id: string } }).update.id, update);
  assert.equal((await post(undo, new FormData())).status, 404, 'nothing left to undo');
});
