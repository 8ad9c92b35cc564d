// The linear lattice builder (src/ja/lattice.ts) gives exactly kuromoji's own tokens: surfaces, parts of speech,
// dictionary and conjugated forms, on edge cases and on every text of the Japanese dev corpus, less the white space
// (japaneseTokens leaves it out: a transcript's line wrap must not stand between a verbal noun and its する); and
// offsets that are where each token stands in the text (kuromoji's own word_position slips after an astral character or a
// bracket run into a comma, so it is not the reference for them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { japaneseTokens, loadJapaneseAnalyzer } from '../../src/ja/analyzer.js';

const require = createRequire(import.meta.url);
interface KuromojiToken {
  surface_form: string;
  pos: string;
  pos_detail_1: string;
  basic_form: string;
  conjugated_form: string;
}
type Tokenizer = { tokenize(text: string): KuromojiToken[] };

/** kuromoji as its package builds it, with its own lattice builder. */
function kuromojiTokenizer(): Promise<Tokenizer> {
  const kuromoji = require('kuromoji') as { builder(o: { dicPath: string }): { build(cb: (e: unknown, t: Tokenizer) => void): void } };
  const dicPath = require.resolve('kuromoji/package.json').replace(/package\.json$/, 'dict');
  return new Promise((resolve, reject) => kuromoji.builder({ dicPath }).build((e, t) => (e ? reject(e) : resolve(t))));
}

const samples = [
  '両国は\n定期協議を毎年開催する。経済協力を一層推進していく、と確認した。',
  // Astral Han (a surrogate pair), half-width katakana, Latin, digits, full-width spaces, tabs and blank lines.
  '𠮷野家で𠮷野家の牛丼を食べた。ｶﾀｶﾅ ABC-123　全角\t日本語\n\n改行',
  'アイウエオカキクケコサシスセソタチツテトナニヌネノ',
  '\uDC00孤立した下位サロゲート',
  '。、。、',
  '',
];

test('the linear lattice gives kuromoji’s own tokens and features, at their places in the text', async () => {
  await loadJapaneseAnalyzer();
  const original = await kuromojiTokenizer();
  // The dev corpus must be there: a missing ../shared fails this test rather than shrinking it to the samples.
  const corpus = new URL('../../../shared/corpus/dev-ja/', import.meta.url);
  const files = readdirSync(corpus).filter((f) => f.endsWith('.txt'));
  assert.ok(files.length > 0, 'no texts in ../shared/corpus/dev-ja');
  for (const text of [...samples, ...files.map((f) => readFileSync(new URL(f, corpus), 'utf8'))]) {
    const expected = original.tokenize(text).filter((t) => !/^\s+$/u.test(t.surface_form)).map((t) => [t.surface_form, t.pos, t.pos_detail_1, t.basic_form === '*' ? t.surface_form : t.basic_form, t.conjugated_form]);
    const tokens = japaneseTokens(text);
    assert.deepEqual(tokens.map((t) => [t.surface, t.pos, t.detail, t.base, t.form]), expected, text.slice(0, 40));
    // The tokens cover the text end to end, each at its own place, with only white space between them.
    let end = 0;
    for (const t of tokens) {
      assert.match(text.slice(end, t.start), /^\s*$/u, `${text.slice(0, 40)}: ${t.surface} at ${t.start}`);
      assert.equal(text.slice(t.start, t.start + t.surface.length), t.surface, `${text.slice(0, 40)}: ${t.surface} at ${t.start}`);
      end = t.start + t.surface.length;
    }
    assert.match(text.slice(end), /^\s*$/u, text.slice(0, 40));
  }
});
