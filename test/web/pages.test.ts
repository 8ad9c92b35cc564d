// The server-rendered pages: each main page answers in both languages with landmarks and a strict CSP,
// and document text (untrusted) is escaped wherever it is shown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { makeExtraction } from '../store/fixture.js';
import { keepDraft } from '../helpers/drafts.js';

let t: TestApp;
before(async () => {
  t = await seededApp();
});
after(async () => {
  await t?.opened.close();
});

async function page(path: string, lang: 'en' | 'ja' = 'en') {
  const response = await t.app.request(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  return { response, html: await response.text() };
}

test('main pages render in English and Japanese with landmarks and a strict CSP', async () => {
  const plans = (await (await t.app.request('/api/plans?limit=1')).json()) as { items: { id: string }[] };
  const commitments = (await (await t.app.request('/api/commitments?limit=1')).json()) as { items: { id: string }[] };
  const paths = ['/', '/matrix', `/plans/${encodeURIComponent(plans.items[0]!.id)}`, `/commitments/${encodeURIComponent(commitments.items[0]!.id)}`, '/organizations', '/search?q=cooperation', '/upload'];
  for (const path of paths) {
    for (const lang of ['en', 'ja'] as const) {
      const { response, html } = await page(path, lang);
      assert.equal(response.status, 200, `${path} ${lang}`);
      assert.match(html, new RegExp(`<html lang="${lang}"`));
      assert.match(html, /<main id="main"/);
      assert.match(html, /<nav aria-label=/);
      assert.match(response.headers.get('Content-Security-Policy') ?? '', /script-src 'self'/);
    }
  }
  assert.match((await page('/', 'ja')).html, /ポートフォリオ/);
});

test('?lang= is remembered in a cookie', async () => {
  const first = await t.app.request('/search?lang=ja');
  const cookie = first.headers.get('Set-Cookie') ?? '';
  assert.match(cookie, /lang=ja/);
  const second = await t.app.request('/search', { headers: { Cookie: 'lang=ja' } });
  assert.match(await second.text(), /<html lang="ja"/);
});

test('a missing page is a 404 page with the problem code', async () => {
  const { response, html } = await page('/plans/no-such-plan');
  assert.equal(response.status, 404);
  assert.match(html, /not-found/);
});

test('document text with <script> and <img onerror> is shown as text, never as HTML', async () => {
  const { extraction, bytes } = makeExtraction({
    title: 'Action Plan between Japan and Freedonia <script>alert("title")</script> 2026-2028',
    parties: ['JP', 'FR'],
    commitments: [
      { text: 'The two sides will hold an annual dialogue <script>alert(2)</script> on energy.', strength: 'firm', themes: ['energy'] },
      { text: 'The two sides will explore <img src=x onerror=alert(3)> cooperation on hydrogen.', strength: 'exploratory', themes: ['energy'] },
    ],
  });
  const draft = await keepDraft(t.drafts, 'hostile.txt', bytes, extraction);
  const review = await (await t.app.request(`/upload/${draft.id}`)).text();
  const saved = await t.app.request(`/api/uploads/${draft.id}/save`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' }, body: '{"corrections":[]}' });
  assert.equal(saved.status, 201);
  const { planId } = (await saved.json()) as { planId: string };
  const planPage = await (await t.app.request(`/plans/${encodeURIComponent(planId)}`)).text();
  const hits = await (await t.app.request('/search?q=hydrogen')).text();
  const commitmentPage = await (await t.app.request(`/commitments/${encodeURIComponent(`${planId}:s1/c2`)}`)).text();
  for (const html of [review, planPage, hits, commitmentPage]) {
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /<img src=x/);
  }
  assert.match(planPage, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
  assert.match(review, /&lt;img src=x onerror=alert\(3\)&gt;/);
  assert.match(commitmentPage, /&lt;img src=x onerror=alert\(3\)&gt;/);
});

test('the upload review warns in English and Japanese when extraction looks under-read', async () => {
  const { extraction, bytes } = makeExtraction({ title: 'Action Plan between Japan and Freedonia 2026-2028', parties: ['JP', 'FR'], commitments: [{ text: 'Hold talks.' }] });
  extraction.coverage = { actionLike: 12, covered: 1, sections: [] };
  const message = { file: 'plan.pdf', rule: 'extract/under-read', reason: '11 action-like sentences of 12 outside the 1 commitment: check this document', place: null, fatal: false };
  const draft = await keepDraft(t.drafts, 'plan.pdf', bytes, extraction, [message]);
  const en = await (await t.app.request(`/upload/${draft.id}?lang=en`)).text();
  assert.match(en, /role="alert">This document looks under-read: 11 of its 12 action-like sentences are outside every commitment found \(1 in all\)/);
  const ja = await (await t.app.request(`/upload/${draft.id}?lang=ja`)).text();
  assert.match(ja, /role="alert">読み取りが不十分な可能性があります：行動を表す文 12 件のうち 11 件が/);
  const api = (await (await t.app.request(`/api/uploads/${draft.id}`)).json()) as { coverage: { actionLike: number }; messages: { rule: string }[] };
  assert.equal(api.coverage.actionLike, 12);
  assert.deepEqual(api.messages.map((m) => m.rule), ['extract/under-read']);
  // A draft read well shows no warning.
  const fine = makeExtraction({ title: 'Action Plan between Japan and Freedonia 2027-2029', parties: ['JP', 'FR'], commitments: [{ text: 'Hold talks.' }] });
  const quiet = await (await t.app.request(`/upload/${(await keepDraft(t.drafts, 'fine.txt', fine.bytes, fine.extraction)).id}`)).text();
  assert.doesNotMatch(quiet, /role="alert"/);
});

test("the upload review corrects the plan's details before saving (stored as corrections); a bad one stores nothing", async () => {
  const { extraction, bytes } = makeExtraction({ title: 'plan-final-v2.pdf', parties: ['JP', 'FR'], period: ['2026', null], commitments: [{ text: 'The two sides will hold talks on energy.' }] });
  const draft = await keepDraft(t.drafts, 'plan-final-v2.pdf', bytes, extraction);
  const review = await (await t.app.request(`/upload/${draft.id}?lang=en`)).text();
  assert.match(review, /<legend>The plan&#39;s details|<legend>The plan's details/);
  assert.match(review, /data-meta="periodEnd"/);
  const save = (body: unknown) => t.app.request(`/api/uploads/${draft.id}/save`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' }, body: JSON.stringify(body) });
  const refused = await save({ corrections: [], plan: { periodEnd: '2025' } });
  assert.equal(refused.status, 422);
  assert.match(((await refused.json()) as { detail: string }).detail, /plan\.periodEnd/);
  assert.equal((await t.app.request(`/api/plans/p-${extraction.document.sha256.slice(0, 12)}`)).status, 404, 'nothing stored');
  const saved = await save({ corrections: [], plan: { title: 'Action Plan between Japan and France 2026-2028', periodEnd: '2028' } });
  assert.equal(saved.status, 201);
  const { planId } = (await saved.json()) as { planId: string };
  const plan = (await (await t.app.request(`/api/plans/${planId}`)).json()) as { title: string; period: { end: string } };
  assert.deepEqual([plan.title, plan.period.end], ['Action Plan between Japan and France 2026-2028', '2028']);
  const edit = await (await t.app.request(`/plans/${planId}/edit?lang=en`)).text();
  assert.match(edit, /The extractor read: plan-final-v2\.pdf/, 'kept apart from the extractor\'s reading');
});
