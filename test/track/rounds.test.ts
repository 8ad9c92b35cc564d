// Update rounds through the API against a real SMTP server (smtp-server on loopback): opening a round mails each
// contributor organization's accounts once, in their language, with a sign-in link; contributors see and answer
// only their own organization's assignments; the reminder after the due date goes once to whoever still owes an
// answer; accepting makes a progress update authored by the contributor (audited); the review draws on the round.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../src/server.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtp.js';
import { grant, requestAs, signedIn, type TestUser } from '../helpers/accounts.js';
import { mailConfig, smtpMailer, type Mailer } from '../../src/mail/transport.js';
import { sendReminders } from '../../src/ops/remind.js';
import { planReview } from '../../src/ops/tracking-review.js';
import { READ_ALL } from '../../src/store/scope.js';
import { publishPlan } from '../../src/ops/visibility.js';
import type { Hono } from 'hono';
import mammoth from 'mammoth';

let t: TestApp;
let app: Hono;
let smtp: TestSmtpServer;
let mailer: Mailer;
let clock = new Date('2026-02-01T09:00:00Z');
let received: ReceivedMail[] = [];
const users: Record<string, TestUser> = {};
let planId = '';

before(async () => {
  t = await seededApp();
  smtp = await startSmtpServer();
  received = smtp.received;
  mailer = smtpMailer(mailConfig({ KIZUNA_SMTP_URL: smtp.url, KIZUNA_PUBLIC_URL: 'https://kizuna.example.org' })!);
  const store = t.opened.store;
  app = createApp({ register: t.opened.register, store, vocabulary: loadVocabulary(), drafts: t.drafts, maxUploadBytes: 1024 * 1024, now: () => clock, mailer });
  planId = (await store.db.selectFrom('plans').select('id').where('partnership_id', '=', 'JP-PL').executeTakeFirstOrThrow()).id;
  users.coordinator = await signedIn(store, 'desk@mofa.example.jp', [grant('coordinator', 'JP-PL', 'JP')]);
  users.meti = await signedIn(store, 'meti@meti.example.jp', [grant('contributor', 'JP-PL', 'JP', 'JP:meti')]);
  users.mext = await signedIn(store, 'mext@mext.example.jp', [grant('contributor', 'JP-PL', 'JP', 'JP:mext')]);
  await store.db.updateTable('accounts').set({ language: 'ja', name: '経産 花子' }).where('email', '=', 'meti@meti.example.jp').execute();
});

after(async () => {
  mailer.close();
  await smtp.close();
  await t.opened.close();
});

const post = (user: TestUser, path: string, body?: unknown) => requestAs(app, user, path, { method: 'POST', ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });

test('the whole round through the API: requests, answers, one reminder after the due date, accept and return, the review', async () => {
  const opened = await post(users.coordinator!, `/api/plans/${planId}/rounds`, { title: 'Progress for the 2026 review', dueDate: '2026-03-31' });
  assert.equal(opened.status, 201, await opened.clone().text());
  const { round, mail } = (await opened.json()) as { round: { id: string; assignments: { id: number; organization: { id: string } }[]; notRequested: unknown[] }; mail: { sent: number } };
  assert.equal(mail.sent, 2);
  assert.deepEqual(round.assignments.map((a) => a.organization.id).sort(), ['JP:meti', 'JP:mext']);
  assert.equal(round.notRequested.length, 1, 'the commitment without actors is not requested');

  // One message per account, in its language, with a link to its request.
  assert.deepEqual(received.map((r) => r.to.join()).sort(), ['meti@meti.example.jp', 'mext@mext.example.jp']);
  const ja = received.find((r) => r.to.includes('meti@meti.example.jp'))!.mail;
  assert.match(ja.subject ?? '', /2026年3月31日までに進捗のご報告/);
  assert.match(ja.text ?? '', /^経産 花子 様/);
  assert.match(ja.text ?? '', /経済産業省/);
  assert.match(ja.text ?? '', new RegExp(`https://kizuna\\.example\\.org/my/commitments\\?round=${encodeURIComponent(round.id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}&lang=ja`));
  assert.match(String(ja.html), /<html lang="ja">/);
  const en = received.find((r) => r.to.includes('mext@mext.example.jp'))!.mail;
  assert.match(en.subject ?? '', /progress requested by 31 March 2026/);
  assert.match(en.text ?? '', /promote exchanges between universities/);
  assert.doesNotMatch(en.text ?? '', /energy policy dialogue/, "METI's commitment is not in MEXT's request");

  // Contributors see only their own organization's assignments, and may answer only those.
  const metiMine = (await (await requestAs(app, users.meti!, '/api/my/assignments')).json()) as { items: { assignments: { id: number; organization: { id: string } }[] }[] };
  assert.deepEqual(metiMine.items.flatMap((i) => i.assignments.map((a) => a.organization.id)), ['JP:meti']);
  const metiAssignment = metiMine.items[0]!.assignments[0]!.id;
  assert.equal((await post(users.mext!, `/api/assignments/${metiAssignment}/answer`, { status: 'in_progress_limited', note: 'not mine', submit: true })).status, 403);
  assert.equal((await post(users.meti!, `/api/assignments/${metiAssignment}/accept`)).status, 403, 'a contributor does not accept');

  const draft = await post(users.meti!, `/api/assignments/${metiAssignment}/answer`, { status: 'in_progress_substantial', note: '第1回対話を開催', visibility: 'shared' });
  assert.equal(draft.status, 200);
  assert.equal(((await draft.json()) as { progress: string }).progress, 'draft');
  const submitted = await post(users.meti!, `/api/assignments/${metiAssignment}/answer`, { status: 'in_progress_substantial', note: '第1回対話を開催', evidenceUrl: 'https://www.meti.go.jp/press/1', visibility: 'shared', submit: true });
  assert.equal(((await submitted.json()) as { progress: string }).progress, 'submitted');

  // Past the due date: the reminder goes once, to MEXT only (METI has answered).
  clock = new Date('2026-04-02T07:00:00Z');
  const before = received.length;
  const first = await sendReminders(t.opened.store, mailer, clock);
  assert.deepEqual(first.failed, []);
  const reminders = received.slice(before);
  assert.deepEqual(reminders.map((r) => r.to.join()), ['mext@mext.example.jp']);
  assert.match(reminders[0]!.mail.subject ?? '', /your progress report was due on 31 March 2026/);
  await sendReminders(t.opened.store, mailer, new Date('2026-04-03T07:00:00Z'));
  assert.equal(received.length, before + 1, 'never twice for the same reason');

  const progress = (await (await requestAs(app, users.coordinator!, `/api/rounds/${encodeURIComponent(round.id)}`)).json()) as { organizations: { id: string; answered: number; overdue: number }[] };
  assert.deepEqual(progress.organizations.map((o) => [o.id, o.answered, o.overdue]), [['JP:meti', 1, 0], ['JP:mext', 0, 1]]);

  // Return, correct, accept: the progress update is the contributor's, through the same path as "Record progress".
  assert.equal((await post(users.coordinator!, `/api/assignments/${metiAssignment}/return`, { comment: 'Add the date of the dialogue' })).status, 200);
  await post(users.meti!, `/api/assignments/${metiAssignment}/answer`, { status: 'in_progress_substantial', note: '2026年3月2日に第1回対話を開催', evidenceUrl: 'https://www.meti.go.jp/press/1', visibility: 'shared', submit: true });
  const accepted = await post(users.coordinator!, `/api/assignments/${metiAssignment}/accept`);
  assert.equal(accepted.status, 200, await accepted.clone().text());
  assert.equal((await post(users.coordinator!, `/api/assignments/${metiAssignment}/accept`)).status, 409, 'accepted once');
  const assignment = (await accepted.json()) as { commitmentId: string; answer: { updateId: string } };
  const status = (await (await requestAs(app, users.coordinator!, `/api/commitments/${encodeURIComponent(assignment.commitmentId)}/status`)).json()) as { status: string; updates: { id: string; author: string; note: string; side: string; visibility: string }[] };
  assert.equal(status.status, 'in_progress_substantial');
  const update = status.updates.at(-1)!;
  assert.deepEqual([update.id, update.author, update.side, update.visibility], [assignment.answer.updateId, 'meti@meti.example.jp', 'JP', 'shared']);
  const events = await t.opened.store.db.selectFrom('events').select(['actor', 'entity', 'action']).where('entity', 'in', ['round_answer', 'update_round', 'commitment_status']).orderBy('id').execute();
  assert.deepEqual(events.map((e) => `${e.actor} ${e.entity} ${e.action}`), [
    'desk@mofa.example.jp update_round open',
    'meti@meti.example.jp round_answer draft',
    'meti@meti.example.jp round_answer submit',
    'desk@mofa.example.jp round_answer return',
    'meti@meti.example.jp round_answer submit',
    'meti@meti.example.jp commitment_status update',
    'desk@mofa.example.jp round_answer accept',
  ]);

  // The review draws on the round for the partnership's readers, not for the public.
  const review = await planReview(t.opened.store, planId, { from: '2025-04-01', to: '2026-04-02' }, READ_ALL);
  assert.deepEqual([review.round?.answered.length, review.round?.overdue.length, review.round?.notRequested.length], [1, 1, 1]);
  await publishPlan(t.opened.store, planId, true, 'test');
  assert.equal((await planReview(t.opened.store, planId, { from: '2025-04-01', to: '2026-04-02' }, { all: false, sides: [] })).round, undefined);
  const page = await (await requestAs(app, users.coordinator!, `/plans/${planId}/review?from=2025-04-01&to=2026-04-02&lang=ja`)).text();
  assert.match(page, /進捗照会：Progress for the 2026 review/);
  assert.match(page, /期限超過（1件）/);
  assert.match(page, /href="\/api\/plans\/[^"]+\/review\?format=docx&amp;from=2025-04-01&amp;to=2026-04-02&amp;lang=ja"/, 'the download links are in the reader’s language');

  // The documents in the reader's language with the round and a line per organization: ?lang=ja, or the browser's.
  const period = 'from=2025-04-01&to=2026-04-02';
  const md = await (await requestAs(app, users.coordinator!, `/api/plans/${planId}/review?format=md&${period}&lang=ja`)).text();
  assert.match(md, /^## 進捗照会：Progress for the 2026 review（期限 2026年3月31日）$/m);
  assert.match(md, /^照会2件のうち回答済み1件、期限超過1件。照会なしのコミットメント1件。$/m);
  assert.match(md, /^\| 経済産業省[^|]* \| 日本 \| 1 \| 1 \| 1 \| 0 \|$/m);
  assert.match(md, /^\| 文部科学省[^|]* \| 日本 \| 1 \| 0 \| 0 \| 1 \|$/m);
  const docx = await requestAs(app, users.coordinator!, `/api/plans/${planId}/review?format=docx&${period}`, { headers: { 'Accept-Language': 'ja,en;q=0.5' } });
  assert.equal(docx.status, 200);
  const words = (await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
  for (const expected of ['年次レビュー', '進捗照会：Progress for the 2026 review', '期限超過（1件）', '文部科学省']) assert.ok(words.includes(expected), `the Japanese DOCX has ${expected}`);
  const english = await (await requestAs(app, users.coordinator!, `/api/plans/${planId}/review?format=md&${period}`)).text();
  assert.match(english, /^## Update round: Progress for the 2026 review \(due 31 March 2026\)$/m);
  assert.match(english, /^1 of 2 requests answered, 1 overdue; 1 commitments not requested\.$/m);
  const publicMd = await (await app.request(`/api/plans/${planId}/review?format=md&${period}&lang=ja`)).text();
  assert.match(publicMd, /^# 年次レビュー/m);
  assert.doesNotMatch(publicMd, /進捗照会/, 'the public gets the review without the round');
});

test('the coordinator reminds now (once a day per person, in their language), asks an organization chosen from the plan’s, and closes the round', async () => {
  const store = t.opened.store;
  const [round1] = ((await (await requestAs(app, users.coordinator!, `/api/plans/${planId}/rounds`)).json()) as { items: { id: string }[] }).items;
  const first = round1!.id;
  users.dk = await signedIn(store, 'desk@um.example.dk', [grant('coordinator', 'DK-JP', 'JP')]);

  // Only the partnership's coordinators: a contributor and another partnership's coordinator are refused.
  for (const who of [users.mext!, users.dk]) {
    assert.equal((await post(who, `/api/rounds/${encodeURIComponent(first)}/remind`)).status, 403);
    assert.equal((await post(who, `/api/rounds/${encodeURIComponent(first)}/close`)).status, 403);
  }
  assert.equal((await requestAs(app, users.dk, `/rounds/${encodeURIComponent(first)}/remind`, { method: 'POST' })).status, 403);

  // Remind now, after the due date: MEXT still owes its answer (METI's was accepted); once a day however often asked.
  clock = new Date('2026-04-05T08:00:00Z');
  let before = received.length;
  const reminded = (await (await post(users.coordinator!, `/api/rounds/${encodeURIComponent(first)}/remind`)).json()) as { sent: number; skipped: number };
  assert.deepEqual([reminded.sent, reminded.skipped], [1, 0]);
  assert.deepEqual(received.slice(before).flatMap((r) => r.to), ['mext@mext.example.jp']);
  const late = received.at(-1)!.mail;
  assert.match(late.subject ?? '', /your progress report was due on 31 March 2026/);
  assert.match(late.text ?? '', /desk@mofa\.example\.jp reminds MEXT that progress on these commitments .* was due on 31 March 2026/);
  assert.match(late.text ?? '', /promote exchanges between universities/);
  assert.doesNotMatch(late.text ?? '', /energy policy dialogue/, 'only what is still owed');
  before = received.length;
  const page = await requestAs(app, users.coordinator!, `/rounds/${encodeURIComponent(first)}/remind`, { method: 'POST' });
  assert.equal(page.status, 303);
  assert.match(page.headers.get('Location') ?? '', /\?done=reminded&sent=0&skipped=1&failed=0$/);
  assert.equal(received.length, before, 'not twice the same day');
  const confirmed = await (await requestAs(app, users.coordinator!, `${page.headers.get('Location')}&lang=ja`)).text();
  assert.match(confirmed, /督促を0件送信しました（本日送信済み：1件、失敗：0件）。/);
  clock = new Date('2026-04-06T08:00:00Z');
  assert.equal(((await (await post(users.coordinator!, `/api/rounds/${encodeURIComponent(first)}/remind`)).json()) as { sent: number }).sent, 1, 'the next day, again');

  // Before a due date, the reminder says when it is due, in each person's language.
  const second = ((await (await post(users.coordinator!, `/api/plans/${planId}/rounds`, { title: 'Mid-year check', dueDate: '2026-06-30' })).json()) as { round: { id: string } }).round.id;
  before = received.length;
  assert.equal(((await (await post(users.coordinator!, `/api/rounds/${encodeURIComponent(second)}/remind`)).json()) as { sent: number }).sent, 2);
  const metiNow = received.slice(before).find((r) => r.to.includes('meti@meti.example.jp'))!.mail;
  assert.match(metiNow.subject ?? '', /進捗のご報告のお願い（期限 2026年6月30日）/);
  assert.match(metiNow.text ?? '', /desk@mofa\.example\.jpより経済産業省へのお願いです。/);
  const mextNow = received.slice(before).find((r) => r.to.includes('mext@mext.example.jp'))!.mail;
  assert.match(mextNow.subject ?? '', /a reminder — progress due by 30 June 2026/);

  // The organization asked is chosen from the plan's organizations, not typed.
  const roundPage = await (await requestAs(app, users.coordinator!, `/rounds/${encodeURIComponent(second)}?lang=en`)).text();
  const select = /<select id="as-org" name="organizationId">([\s\S]*?)<\/select>/.exec(roundPage)?.[1] ?? '';
  assert.deepEqual([...select.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]).sort(), ['JP:meti', 'JP:mext']);
  assert.match(select, /<optgroup label="Japan">/);
  assert.doesNotMatch(roundPage, /<input id="as-org"/);
  const cyber = ((await (await requestAs(app, users.coordinator!, `/api/rounds/${encodeURIComponent(second)}`)).json()) as { notRequested: { id: string }[] }).notRequested[0]!.id;
  const form = (organizationId: string) => requestAs(app, users.coordinator!, `/rounds/${encodeURIComponent(second)}/assignments`, { method: 'POST', body: new URLSearchParams({ commitmentId: cyber, organizationId }) });
  assert.equal((await form('JP:nothing')).status, 422);
  assert.equal((await form('JP:meti')).status, 303);
  const asked = (await (await requestAs(app, users.coordinator!, `/api/rounds/${encodeURIComponent(second)}`)).json()) as { notRequested: unknown[]; assignments: { commitmentId: string; organization: { id: string } }[] };
  assert.ok(asked.assignments.some((a) => a.commitmentId === cyber && a.organization.id === 'JP:meti'));

  // Closing: no more answers, changes or reminders; shown closed in both languages; audited.
  const mextAssignment = asked.assignments.find((a) => a.organization.id === 'JP:mext') as unknown as { id: number };
  const closed = await post(users.coordinator!, `/api/rounds/${encodeURIComponent(second)}/close`);
  assert.equal(closed.status, 200);
  assert.equal(((await closed.json()) as { state: string }).state, 'closed');
  assert.equal((await post(users.coordinator!, `/api/rounds/${encodeURIComponent(second)}/close`)).status, 409);
  assert.equal((await post(users.mext!, `/api/assignments/${mextAssignment.id}/answer`, { status: 'in_progress_limited', note: 'late', submit: true })).status, 409);
  assert.equal((await post(users.coordinator!, `/api/rounds/${encodeURIComponent(second)}/remind`)).status, 409);
  assert.equal((await post(users.coordinator!, `/api/rounds/${encodeURIComponent(second)}/assignments`, { commitmentId: cyber, organizationId: 'JP:mext' })).status, 409);
  const closedEn = await (await requestAs(app, users.coordinator!, `/rounds/${encodeURIComponent(second)}?lang=en`)).text();
  assert.match(closedEn, /<span class="badge round-closed">Closed<\/span>/);
  assert.doesNotMatch(closedEn, /action="[^"]*\/(remind|close|assignments)"/, 'no follow-up forms on a closed round');
  assert.match(await (await requestAs(app, users.coordinator!, `/rounds/${encodeURIComponent(second)}?lang=ja`)).text(), /締切済み/);
  const mine = (await (await requestAs(app, users.mext!, '/api/my/assignments')).json()) as { items: { round: { id: string } }[] };
  assert.ok(!mine.items.some((i) => i.round.id === second), 'a closed round leaves "My commitments"');
  const events = await store.db.selectFrom('events').select(['action']).where('entity', '=', 'update_round').where('entity_id', '=', second).orderBy('id').execute();
  assert.deepEqual(events.map((e) => e.action), ['open', 'remind', 'assign', 'close']);
});
