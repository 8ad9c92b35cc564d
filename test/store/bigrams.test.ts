// The CJK bigrams of the search index (SQL: kizuna_cjk_bigrams, migration 001) and of a query (JavaScript:
// cjkBigrams in store/queries.ts) must be cut the same way, or a Japanese query misses rows it matches.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import fc from 'fast-check';
import { cjkBigrams } from '../../src/store/queries.js';
import { engines } from './engines.js';
import type { Store } from '../../src/store/index.js';

// Characters from every class the two must agree on: kana, kanji, the prolonged mark, iteration mark 々,
// half-width katakana, CJK outside the BMP, Latin, digits, spaces and punctuation.
const alphabet = [...'水素エネルギー協力のをぁヿ㐀鿿豈﫿々ｱｲ、。 abcZ09-'.split(''), '𠀋', '𩸽'];
const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }).map((chars) => chars.join(''));

const stores: Store[] = [];
after(async () => {
  for (const store of stores) await store.close();
});

for (const engine of engines) {
  test(`SQL and JavaScript cut the same bigrams (${engine.name})`, async () => {
    const store = await engine.open();
    stores.push(store);
    const sqlBigrams = async (t: string) => {
      const { rows } = await sql<{ lexemes: string[] }>`select tsvector_to_array(kizuna_cjk_bigrams(${t})) as lexemes`.execute(store.db);
      return [...rows[0]!.lexemes].sort();
    };
    assert.deepEqual(await sqlBigrams('水素エネルギー協力'), [...new Set(cjkBigrams('水素エネルギー協力'))].sort());
    assert.ok((await sqlBigrams('水素エネ')).includes('素エ'), 'bigrams cross the kanji/katakana boundary');
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        assert.deepEqual(await sqlBigrams(t), [...new Set(cjkBigrams(t))].sort(), JSON.stringify(t));
      }),
      { numRuns: 150 },
    );
  });
}
