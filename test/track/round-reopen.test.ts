// Reopening a closed update round, and who closed or reopened it: the round page (EN and JA) and the API show the
// last close or reopen from the audit trail; a coordinator of either party reopens (the other side's here), and
// answers are taken again; other partnerships' coordinators, contributors and the public are refused; reopening an
// open round is a conflict.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../src/server.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { PUBLIC_USER, grant, requestAs, signedIn, type TestUser } from '../helpers/accounts.js';
import type { Hono } from 'hono';

let t: TestApp;
let app: Hono;
const users: Record<string, TestUser> = {};
let roundId = '';
let metiAssignment = 0;

before(async () => {
  t = await seededApp();
  const store = t.opened.store;
  app = createApp({ register: t.opened.register, store, vocabulary: loadVocabulary(), drafts: t.drafts, maxUploadBytes: 1024 * 1024, now: () => new Date('2026-02-01T09:00:00Z') });
  const planId = (await store.db.selectFrom('plans').select('id').where('partnership_id', '=', 'JP-PL').executeTakeFirstOrThrow()).id;
  users.jp = await signedIn(store, 'desk@mofa.example.jp', [grant('coordinator', 'JP-PL', 'JP')]);
  users.pl = await signedIn(store, 'desk@msz.example.pl', [grant('coordinator', 'JP-PL', 'PL')]);
  users.dk = await signedIn(store, 'desk@um.example.dk', [grant('coordinator', 'DK-JP', 'DK')]);
  users.meti = await signedIn(store, 'meti@meti.example.jp', [grant('contributor', 'JP-PL', 'JP', 'JP:meti')]);
  const opened = await post(users.jp, `/api/plans/${planId}/rounds`, { title: 'Progress for the 2026 review', dueDate: '2026-03-31' });
  assert.equal(opened.status, 201, await opened.clone().text());
  const { round } = (await opened.json()) as { round: { id: string; assignments: { id: number; organization: { id: string } }[] } };
  roundId = round.id;
  metiAssignment = round.assignments.find((a) => a.organization.id === 'JP:meti')!.id;
});

after(() => t.opened.close());

function post(user: TestUser | undefined, path: string, body?: unknown): Promise<Response> {
  return requestAs(app, user!, path, { method: 'POST', ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
}
const path = () => `/rounds/${encodeURIComponent(roundId)}`;
const page = async (user: TestUser, lang: 'en' | 'ja') => (await requestAs(app, user, `${path()}?lang=${lang}`)).text();
const answer = () => post(users.meti, `/api/assignments/${metiAssignment}/answer`, { status: 'in_progress_limited', note: 'First talks held', submit: true });

test('the round page shows who closed the round and when, and offers to reopen it; the other side reopens it', async () => {
  const fresh = await page(users.jp!, 'en');
  assert.doesNotMatch(fresh, /Closed by|Reopen the round/, 'an open round never closed says neither');

  const closing = await requestAs(app, users.jp!, `${path()}/close`, { method: 'POST' });
  assert.equal(closing.status, 303);
  assert.equal((await answer()).status, 409, 'a closed round takes no answer');
  const closed = await page(users.jp!, 'en');
  assert.match(closed, /Closed by desk@mofa\.example\.jp on 1 February 2026\./);
  assert.match(closed, new RegExp(`<form method="post" action="${path().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/reopen"`));
  const closedJa = await page(users.pl!, 'ja');
  assert.match(closedJa, /2026年2月1日にdesk@mofa\.example\.jpが締め切りました。/, 'the other side’s coordinator sees it too, in Japanese');
  assert.match(closedJa, /照会を再開する/);

  for (const [who, statuses] of [[users.dk!, [403]], [users.meti!, [403]], [PUBLIC_USER, [401, 403]]] as const) {
    const refused = await post(who, `/api${path()}/reopen`);
    assert.ok((statuses as readonly number[]).includes(refused.status), `${who.email || 'public'}: ${refused.status}`);
  }
  const reopening = await requestAs(app, users.pl!, `${path()}/reopen`, { method: 'POST' });
  assert.equal(reopening.status, 303);
  assert.equal(reopening.headers.get('Location'), `${path()}?done=reopened`);
  const reopened = await (await requestAs(app, users.pl!, `${reopening.headers.get('Location')}&lang=ja`)).text();
  assert.match(reopened, /照会を再開しました。/);
  assert.match(reopened, /2026年2月1日にdesk@msz\.example\.plが再開しました。/);
  assert.doesNotMatch(reopened, /照会を再開する/, 'an open round offers to close, not to reopen');
  assert.equal((await answer()).status, 200, 'answers are taken again');

  // The API: the round with its last change; reopening an open round is a conflict, said in the reader's language.
  const view = (await (await requestAs(app, users.jp!, `/api${path()}`)).json()) as { state: string; stateChange: unknown };
  assert.equal(view.state, 'open');
  assert.deepEqual(view.stateChange, { action: 'reopen', by: 'desk@msz.example.pl', on: '2026-02-01' });
  const again = await post(users.jp, `/api${path()}/reopen`);
  assert.equal(again.status, 409);
  assert.equal(((await again.json()) as { detail: string }).detail, `Round ${roundId} is open; only a closed round can be reopened.`);
  const pageAgain = await (await requestAs(app, users.jp!, `${path()}/reopen?lang=ja`, { method: 'POST' })).text();
  assert.match(pageAgain, new RegExp(`進捗照会 ${roundId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} は受付中です。再開できるのは締め切った照会だけです。`));

  const events = await t.opened.store.db.selectFrom('events').select(['action', 'actor']).where('entity', '=', 'update_round').where('entity_id', '=', roundId).where('action', 'in', ['close', 'reopen']).orderBy('id').execute();
  assert.deepEqual(events.map((e) => [e.action, e.actor]), [['close', 'desk@mofa.example.jp'], ['reopen', 'desk@msz.example.pl']]);
});

test('reopening can move the due date: through the API, on the round page (the date shown given back keeps it), a past date refused in the reader\'s language', async () => {
  const close = () => post(users.jp, `/api${path()}/close`);
  assert.equal((await close()).status, 200);
  // The page's reopen form shows the date it has; sent back unchanged, the due date stands.
  const form = await page(users.jp!, 'ja');
  assert.match(form, /<input id="r-new-due" name="dueDate" type="date" value="2026-03-31"/);
  assert.match(form, /現在の期限は 2026年3月31日 です。/);
  const kept = await requestAs(app, users.jp!, `${path()}/reopen`, { method: 'POST', body: new URLSearchParams({ dueDate: '2026-03-31' }) });
  assert.equal(kept.status, 303);
  let view = (await (await requestAs(app, users.jp!, `/api${path()}`)).json()) as { state: string; dueDate: string };
  assert.deepEqual([view.state, view.dueDate], ['open', '2026-03-31']);

  // A date before today (2026-02-01 here) is refused on the page, in Japanese, and the round stays closed.
  assert.equal((await close()).status, 200);
  const past = await requestAs(app, users.jp!, `${path()}/reopen?lang=ja`, { method: 'POST', body: new URLSearchParams({ dueDate: '2026-01-15' }) });
  assert.match(await past.text(), /今日（2026-02-01）より前の日付にはできません/);
  const refused = await post(users.jp, `/api${path()}/reopen`, { dueDate: 'soon' });
  assert.equal(refused.status, 400);
  assert.deepEqual(((await refused.json()) as { 'invalid-params': unknown })['invalid-params'], [{ name: 'dueDate', reason: 'must be a date YYYY-MM-DD' }]);
  view = (await (await requestAs(app, users.jp!, `/api${path()}`)).json()) as { state: string; dueDate: string };
  assert.equal(view.state, 'closed');

  // A later date through the API: the round is open by it, and the audit trail records the move.
  const moved = await post(users.pl, `/api${path()}/reopen`, { dueDate: '2026-05-31' });
  assert.equal(moved.status, 200, await moved.clone().text());
  assert.deepEqual((({ state, dueDate }) => [state, dueDate])((await moved.json()) as { state: string; dueDate: string }), ['open', '2026-05-31']);
  const last = await t.opened.store.db.selectFrom('events').select(['before', 'after']).where('entity', '=', 'update_round').where('entity_id', '=', roundId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  assert.deepEqual(last.before, { state: 'closed', dueDate: '2026-03-31' });
  assert.deepEqual(last.after, { state: 'open', on: '2026-02-01', dueDate: '2026-05-31' });
});
