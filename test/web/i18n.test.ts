// The two interface catalogs stay in step, and dates follow the chosen locale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, translator } from '../../src/web/i18n/index.js';

test('English and Japanese catalogs have the same keys and no empty message', () => {
  const en = Object.keys(catalogs.en).sort();
  const ja = Object.keys(catalogs.ja).sort();
  assert.deepEqual(ja, en);
  for (const [lang, catalog] of Object.entries(catalogs)) {
    for (const [key, text] of Object.entries(catalog)) assert.ok(text.trim(), `${lang}.json: ${key} is empty`);
  }
});

test('placeholders match between the catalogs', () => {
  const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(catalogs.en) as (keyof typeof catalogs.en)[]) {
    assert.deepEqual(names(catalogs.ja[key]), names(catalogs.en[key]), key);
  }
});

test('dates are shown per locale and only as precise as known', () => {
  const en = translator('en');
  const ja = translator('ja');
  assert.equal(en.date('2024-06-14'), '14 June 2024');
  assert.equal(ja.date('2024-06-14'), '2024年6月14日');
  assert.equal(en.date('2024-06'), 'June 2024');
  assert.equal(ja.date('2024-06'), '2024年6月');
  assert.equal(ja.date('2024'), '2024年');
  assert.equal(en.date(null), '—');
  assert.equal(en.t('search.count', { n: 3 }), '3 commitments');
});
