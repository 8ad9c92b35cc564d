// Refusals from the operations layer in the reader's language: a Japanese page shows a rejected round action in
// Japanese (on the round page and on the error page), the API keeps problem+json (code and title stable) with its
// detail in the language asked by Accept-Language, and English stays the default.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../src/server.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import { ConflictError, InvalidCorrectionError, NotFoundError, invalidField, invalidParam, KizunaError } from '../../src/errors.js';
import { sayError } from '../../src/web/i18n/translator.js';
import { MIN_PASSWORD_LENGTH } from '../../src/auth/password.js';
import { auditTrail } from '../../src/ops/audit.js';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { grant, requestAs, signedIn, type TestUser } from '../helpers/accounts.js';
import type { Hono } from 'hono';

let t: TestApp;
let app: Hono;
let coordinator: TestUser;
let japanese: TestUser;
let roundId = '';
let assignmentId = 0;
let commitmentId = '';
let mechanismId = '';

before(async () => {
  t = await seededApp();
  const store = t.opened.store;
  // No mailer: "remind now" is refused, a typical failure a coordinator meets.
  app = createApp({ register: t.opened.register, store, vocabulary: loadVocabulary(), drafts: t.drafts, maxUploadBytes: 1024 * 1024, now: () => new Date('2026-02-01T09:00:00Z') });
  const planId = (await store.db.selectFrom('plans').select('id').where('partnership_id', '=', 'JP-PL').executeTakeFirstOrThrow()).id;
  coordinator = await signedIn(store, 'desk@mofa.example.jp', [grant('coordinator', 'JP-PL', 'JP')]);
  // The same session with the page language chosen (the cookie ?lang=ja sets).
  japanese = { email: coordinator.email, cookie: `${coordinator.cookie}; lang=ja` };
  const opened = await requestAs(app, coordinator, `/api/plans/${planId}/rounds`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Progress for the 2026 review', dueDate: '2026-03-31' }) });
  assert.equal(opened.status, 201, await opened.clone().text());
  const { round } = (await opened.json()) as { round: { id: string; assignments: { id: number; commitmentId: string }[] } };
  roundId = round.id;
  assignmentId = round.assignments[0]!.id;
  commitmentId = round.assignments[0]!.commitmentId;
  mechanismId = (await store.db.selectFrom('mechanisms').select('id').where('plan_id', '=', planId).executeTakeFirstOrThrow()).id;
});

after(() => t.opened.close());

const roundPath = () => `/rounds/${encodeURIComponent(roundId)}`;

test('a rejected round action reads in Japanese on a Japanese page, in English on an English one', async () => {
  const ja = await requestAs(app, japanese, `${roundPath()}/remind`, { method: 'POST' });
  const jaHtml = await ja.text();
  assert.match(jaHtml, /<html lang="ja"/);
  assert.match(jaHtml, /メールサーバーが設定されていない（KIZUNA_SMTP_URL）ため、督促を送れません。/);
  assert.doesNotMatch(jaHtml, /No mail server is configured/);
  const en = await (await requestAs(app, coordinator, `${roundPath()}/remind?lang=en`, { method: 'POST' })).text();
  assert.match(en, /No mail server is configured \(KIZUNA_SMTP_URL\), so no reminder can be sent\./);

  // A refusal shown on the error page: accepting an answer nobody has submitted yet (409).
  const refused = await requestAs(app, japanese, `/assignments/${assignmentId}/accept`, { method: 'POST' });
  assert.equal(refused.status, 409);
  const page = await refused.text();
  assert.match(page, /承認できるのは提出済みの回答だけです（この回答は「未回答」です）。/);
  assert.doesNotMatch(page, /Only a submitted answer/);

  // A record that does not exist, refused before the page runs: its kind named in Japanese too.
  const missing = await requestAs(app, japanese, '/rounds/no-such-round');
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /進捗照会 no-such-round はありません。/);
});

test('a progress update breaking the rules is refused in the reader\'s language: an answer through the API, the progress form on a Japanese page', async () => {
  // Submitting "completed" with no note and no evidence breaks two rules of track/status.ts.
  const answer = (headers: Record<string, string> = {}) =>
    requestAs(app, coordinator, `/api/assignments/${assignmentId}/answer`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ status: 'completed', note: ' ', submit: true }) });
  const invalidParams = [
    { name: 'note', reason: 'note is empty' },
    { name: 'evidence', reason: 'completed needs at least one piece of evidence' },
  ];
  for (const [headers, detail, lang] of [
    [{}, 'note is empty; completed needs at least one piece of evidence', 'en'],
    [{ 'Accept-Language': 'ja' }, 'メモを入力してください。「完了」とするには根拠が少なくとも一つ必要です', 'ja'],
  ] as const) {
    const refused = await answer(headers);
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get('Content-Language'), lang);
    const problem = (await refused.json()) as { code: string; detail: string; 'invalid-params': unknown };
    assert.equal(problem.code, 'invalid-request');
    assert.equal(problem.detail, detail);
    assert.deepEqual(problem['invalid-params'], invalidParams, 'the fields at fault keep their English reasons');
  }

  // The commitment page's progress form: each refusal under its field, in Japanese.
  const form = (who: TestUser) =>
    requestAs(app, who, `/commitments/${encodeURIComponent(commitmentId)}/progress`, { method: 'POST', body: new URLSearchParams({ status: 'completed', date: '2099-01-01', note: '' }) });
  const ja = await form(japanese);
  assert.equal(ja.status, 422);
  const jaHtml = await ja.text();
  assert.match(jaHtml, /日付 2099-01-01 は未来の日付です/);
  assert.match(jaHtml, /メモを入力してください/);
  assert.match(jaHtml, /「完了」とするには根拠が少なくとも一つ必要です/);
  assert.doesNotMatch(jaHtml, /is in the future|note is empty/);
  const en = await (await form({ email: coordinator.email, cookie: `${coordinator.cookie}; lang=en` })).text();
  assert.match(en, /date 2099-01-01 is in the future/);
  assert.match(en, /note is empty/);
});

test('a refused meeting record reads in Japanese next to its field', async () => {
  const refused = await requestAs(app, japanese, `/tracking/mechanisms/${encodeURIComponent(mechanismId)}/meetings`, { method: 'POST', body: new URLSearchParams({ date: '2099-05-01', url: 'javascript:alert(1)', back: '/tracking' }) });
  assert.equal(refused.status, 422);
  const html = await refused.text();
  assert.match(html, /開催日 2099-05-01 は未来の日付です/);
  assert.match(html, /議事録のリンク &#39;javascript:alert\(1\)&#39; は http\(s\) の URL ではありません|議事録のリンク 'javascript:alert\(1\)' は http\(s\) の URL ではありません/);
  assert.doesNotMatch(html, /is in the future/);
});

test('an invitation refused on the Japanese accounts page says why in Japanese, next to the field at fault', async () => {
  const admin = await signedIn(t.opened.store, 'admin@mofa.example.jp', [grant('admin')]);
  const invite = (fields: Record<string, string>, lang = 'ja') =>
    requestAs(app, { email: admin.email, cookie: `${admin.cookie}; lang=${lang}` }, '/admin/accounts', { method: 'POST', body: new URLSearchParams({ email: 'ana@mofa.example.jp', name: 'Ana', role: 'coordinator', partnership: 'JP-PL', side: 'JP', password: 'a long enough password', ...fields }) });
  const short = await invite({ password: 'short' });
  assert.equal(short.status, 422);
  assert.match(await short.text(), new RegExp(`パスワードは ${MIN_PASSWORD_LENGTH} 文字以上にしてください`));
  const side = await (await invite({ side: 'FR' })).text();
  assert.match(side, /側はパートナーシップの当事国（JP, PL）のいずれかにしてください/);
  assert.doesNotMatch(side, /the side must be one of/);
  assert.match(await (await invite({ side: 'FR' }, 'en')).text(), /the side must be one of the partnership&#39;s parties \(JP, PL\)|the side must be one of the partnership's parties \(JP, PL\)/);
  // The same address twice: a conflict with no field, said in the summary.
  assert.equal((await invite({})).status, 303);
  const again = await invite({});
  assert.equal(again.status, 409);
  assert.match(await again.text(), /アカウント ana@mofa\.example\.jp はすでにあります。/);
});

test('the API answers problem+json, its detail in the language Accept-Language asks for, English by default', async () => {
  const close = (headers: Record<string, string> = {}) => requestAs(app, coordinator, `/api${roundPath()}/close`, { method: 'POST', headers });
  assert.equal((await close()).status, 200);
  for (const [headers, detail, lang] of [
    [{}, `Round ${roundId} is already closed.`, 'en'],
    [{ 'Accept-Language': 'ja,en;q=0.5' }, `進捗照会 ${roundId} はすでに締め切られています。`, 'ja'],
  ] as const) {
    const again = await close(headers);
    assert.equal(again.status, 409);
    assert.match(again.headers.get('Content-Type') ?? '', /^application\/problem\+json/);
    assert.equal(again.headers.get('Content-Language'), lang);
    const problem = (await again.json()) as Record<string, unknown>;
    assert.deepEqual(problem, {
      type: 'https://kizuna.dev/problems/conflict',
      title: 'Conflict with the current state',
      status: 409,
      code: 'conflict',
      detail,
      instance: `/api${roundPath()}/close`,
    });
  }
  // ?lang= wins over the header, as for the review documents.
  const asked = (await (await requestAs(app, coordinator, `/api${roundPath()}/close?lang=en`, { method: 'POST', headers: { 'Accept-Language': 'ja' } })).json()) as { detail: string };
  assert.equal(asked.detail, `Round ${roundId} is already closed.`);
});

test('an error raised with a catalog message: English as its message, either language on demand; a plain one as given', () => {
  const missing = new NotFoundError('plan', 'p-1');
  assert.equal(missing.message, 'plan p-1 not found', 'the English message callers and logs have always seen');
  assert.equal(sayError('ja', missing), '計画 p-1 が見つかりません');
  assert.equal(sayError('ja', new NotFoundError('widget', 'w-1')), 'widget w-1 が見つかりません', 'a kind without a catalog name is named as given');
  const field = invalidField('dueDate', { key: 'error.reason.notBeforeToday', params: { today: '2026-02-01' } });
  assert.equal(field.message, 'dueDate: must not be before today (2026-02-01)');
  assert.deepEqual(field.invalidParams, [{ name: 'dueDate', reason: 'must not be before today (2026-02-01)', said: { key: 'error.reason.notBeforeToday', params: { today: '2026-02-01' } } }]);
  assert.equal(sayError('ja', field), 'dueDate: 今日（2026-02-01）より前の日付にはできません');
  assert.equal(sayError('ja', new KizunaError('conflict', 'As given.')), 'As given.');
});

test('a version conflict and a correction refused by the register read in either language, the English unchanged', async () => {
  const gone = new ConflictError('commitment', 'c-1', 3, null);
  assert.equal(gone.message, 'commitment c-1 changed meanwhile: version 3 expected, none stored; reload and reapply');
  assert.equal(sayError('ja', gone), '取組 c-1 は編集中に他の人が変更しました（想定した版 3、現在の版 なし（削除済み））。再読み込みしてからやり直してください');
  assert.match(sayError('ja', new ConflictError('commitment_status', 'c-2', 1, 2)), /^取組 c-2 の実施状況は編集中に他の人が更新しました（想定した版 1、現在の版 2）/);
  assert.equal(sayError('ja', new ConflictError('widget', 'w-1', 1, 2)).startsWith('widget w-1 は編集中に'), true, 'a kind without a catalog name is named as given');
  const corrections = new InvalidCorrectionError([invalidParam('corrections[0].commitment', { key: 'error.reason.noCommitmentInDraft', params: { id: 'c9' } }), { name: 'corrections[1].at', reason: 'as given' }]);
  assert.equal(corrections.message, 'corrections[0].commitment: no commitment c9 in this draft; corrections[1].at: as given');
  assert.equal(sayError('ja', corrections), 'corrections[0].commitment: この下書きに取組 c9 はありません。corrections[1].at: as given');

  // Through the API: a correction naming an organization the register does not know, refused in Japanese.
  const path = `/api/commitments/${encodeURIComponent(commitmentId)}`;
  for (const [lang, detail] of [
    ['en', 'edit.actors: unknown organization XX:no-such-body'],
    ['ja', 'edit.actors: 組織 XX:no-such-body は登録されていません'],
  ] as const) {
    const refused = await requestAs(app, coordinator, path, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'If-Match': '*', 'Accept-Language': lang }, body: JSON.stringify({ actors: ['XX:no-such-body'] }) });
    assert.equal(refused.status, 400, await refused.clone().text());
    const problem = (await refused.json()) as { detail: string; 'invalid-params': unknown };
    assert.equal(problem.detail, detail);
    assert.deepEqual(problem['invalid-params'], [{ name: 'edit.actors', reason: 'unknown organization XX:no-such-body' }], 'the field keeps its English reason');
  }
});

test('reading the whole audit trail without being an administrator is refused in either language', async () => {
  const principal = { account: { id: 'a-1', email: 'desk@mofa.example.jp', name: 'Desk', language: 'ja' as const }, grants: [grant('coordinator', 'JP-PL', 'JP')] };
  await assert.rejects(auditTrail(t.opened.store, principal, {}, { limit: 10, offset: 0 }), (e: unknown) => {
    assert.ok(e instanceof KizunaError && e.code === 'forbidden');
    assert.equal(e.message, "Only an administrator may read this audit trail (anyone may read their own account's).");
    assert.equal(sayError('ja', e), 'この監査記録を読めるのは管理者だけです（自分のアカウントの記録は誰でも読めます）。');
    return true;
  });
});
