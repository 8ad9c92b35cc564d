// Every page rendered in Japanese: no catalog key and no English interface wording left untranslated
// (the English catalog's phrases, status, state, cadence and document-kind words); bodies by their
// Japanese names from the gazetteer. Document text (English plans) is data and may stay English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import ja from '../../src/web/i18n/ja.json' with { type: 'json' };
import { STATUS_LABELS } from '../../src/track/status.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { samplePages } from '../helpers/page-samples.js';

let t: TestApp;
before(async () => {
  t = await seededApp();
});
after(async () => {
  await t?.opened.close();
});

/** The page's visible text and attribute values (aria-label, placeholder, title, value of buttons). */
const visible = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<(?:input|option)[^>]*\bvalue="[^"]*"[^>]*>/g, (tag) => tag.replace(/\bvalue="[^"]*"/, ''))
    .replace(/<[^>]*?(?:aria-label|title|placeholder)="([^"]*)"[^>]*>/g, ' $1 ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

test('every page in Japanese leaves no catalog key or English interface wording', async () => {
  // every page of the app (test/helpers/page-samples.ts), the error page last
  const paths = await samplePages(t);
  const plan = ((await (await t.app.request('/api/plans?party=PL')).json()) as { items: { id: string }[] }).items[0]!;
  const commitment = ((await (await t.app.request(`/api/commitments?plan=${plan.id}`)).json()) as { items: { id: string }[] }).items[0]!;
  await recordUpdate(t.opened.store, { commitmentId: commitment.id, status: 'in_progress_limited', note: '協議開始', date: '2026-05-01', author: 'test' }, new Date('2026-06-01'));
  // English phrases of the interface: the catalog's (where Japanese differs), status, meeting-state, cadence and kind words.
  const english = new Set<string>([
    ...Object.entries(en).filter(([k, v]) => v !== (ja as Record<string, string>)[k] && !v.includes('{') && v.length >= 8 && /[a-z]/.test(v)).map(([, v]) => v),
    ...Object.values(STATUS_LABELS).map((l) => l.en),
    'Overdue', 'Due soon', 'No set rhythm', 'every two years', 'cadence not stated', 'Joint working plan',
  ]);
  const keys = Object.keys(en).filter((k) => k.includes('.'));
  const problems: string[] = [];
  for (const path of paths) {
    const response = await t.app.request(`${path}${path.includes('?') ? '&' : '?'}lang=ja`);
    assert.equal(response.status, path === paths.at(-1) ? 404 : 200, path);
    // the audit log's before → after cells are stored records (field names as in the JSON API): data, like document text
    const text = visible((await response.text()).replace(/<td class="change">[\s\S]*?<\/td>/g, ' '));
    for (const phrase of english) if (text.includes(phrase)) problems.push(`${path}: English "${phrase}"`);
    for (const key of keys) if (new RegExp(`(^|\\s)${key.replace(/\./g, '\\.')}(\\s|$)`).test(text)) problems.push(`${path}: catalog key ${key}`);
    // cadence words shown alone in a cell or in parentheses: (annual), >annual<
    if (/\((annual|biennial|regular|once)\)|(^|\s)(annual|biennial)(\s|$)/.test(text.replace(/The two sides[^\n]*/g, ''))) problems.push(`${path}: English cadence word`);
  }
  assert.deepEqual(problems, []);
  // the detector itself finds English wording where it is expected: the English tracking and commitment pages
  for (const path of ['/tracking', `/commitments/${encodeURIComponent(commitment.id)}`]) {
    const text = visible(await (await t.app.request(`${path}?lang=en`)).text());
    assert.ok([...english].filter((phrase) => text.includes(phrase)).length >= 3, `${path} in English shows English wording`);
  }
});

test('ministries appear by their Japanese names on Japanese pages', async () => {
  const html = await (await t.app.request('/organizations?lang=ja')).text();
  assert.match(html, /経済産業省 \(METI\)/);
  const enHtml = await (await t.app.request('/organizations?lang=en')).text();
  assert.doesNotMatch(enHtml, /経済産業省/);
});
