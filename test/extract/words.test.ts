// The shared reading of a commitment's words: the strength judge's tokens and the theme assigner's runs from one scan,
// each what its pattern finds; and the same themes from the shared reading as from the text alone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hashOf, readWords } from '../../src/extract/words.js';
import { assignThemes } from '../../src/extract/themes.js';
import type { Theme } from '../../src/vocab/index.js';

const themes = JSON.parse(readFileSync(new URL('../../src/vocab/themes.json', import.meta.url), 'utf8')) as Theme[];

function spans(text: string, count: number, starts: Int32Array, ends: Int32Array): string[] {
  return [...starts.subarray(0, count)].map((start, k) => text.slice(start, ends[k]));
}

function hashes(text: string, count: number, starts: Int32Array, ends: Int32Array): number[] {
  return [...starts.subarray(0, count)].map((start, k) => hashOf(text, start, ends[k]!));
}

describe('readWords', () => {
  const samples = ['Hold a Follow-up2 meeting on COVID-19 and 5G by 2025.', `${'Promote exchanges, '.repeat(20)}follow-up`, 'people-to-people-2 “exchanges” – R&D', 'Promote café culture', ''];

  it('reads the tokens of [a-z0-9]+(?:-[a-z]+)* and the runs of [a-z0-9]+ in the lower-cased text, with their hashes', () => {
    for (const text of samples) {
      const read = readWords(text);
      const lower = text.toLowerCase();
      assert.deepEqual(spans(lower, read.tokenCount, read.tokenStarts, read.tokenEnds), lower.match(/[a-z0-9]+(?:-[a-z]+)*/g) ?? []);
      assert.deepEqual(spans(lower, read.runCount, read.runStarts, read.runEnds), lower.match(/[a-z0-9]+/g) ?? []);
      assert.deepEqual([...read.tokenHashes.subarray(0, read.tokenCount)], hashes(text, read.tokenCount, read.tokenStarts, read.tokenEnds));
      assert.deepEqual([...read.runHashes.subarray(0, read.runCount)], hashes(text, read.runCount, read.runStarts, read.runEnds));
    }
  });

  it('says what the runs leave out: a letter beyond ASCII, a character that lower-cases oddly', () => {
    assert.equal(readWords('Promote café culture').otherAlnum, true);
    assert.equal(readWords('Promote “exchanges” – now').otherAlnum, false);
    assert.equal(readWords('the \u212Aelvin sign').foldsOddly, true);
    assert.equal(readWords('水素を促進する').mayBeUnspaced, true);
  });

  it('gives the theme assigner the themes it finds in the text alone', () => {
    for (const text of [...samples, 'Cooperation on AI safety and Offshore Wind', 'Self-Defense Forces', 'Cooperation on AI and Café']) {
      assert.deepEqual(assignThemes(text, themes, readWords(text)), assignThemes(text, themes));
    }
  });
});
