// The review screen's structural fixes: splitting a unit at a cursor and merging it with the next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DraftStore, reshapeDraft } from '../../src/ops/drafts.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { makeExtraction } from '../store/fixture.js';
import { keepDraft } from '../helpers/drafts.js';

const { extraction } = makeExtraction({
  title: 'Plan',
  parties: ['JP', 'DK'],
  commitments: [
    { text: 'The two sides will hold a dialogue. They will also exchange experts.' },
    { text: 'The two sides will promote trade.' },
    { text: 'The two sides will support investment.' },
  ],
});

test('split cuts the text and the span at the cursor; the second part gets a derived id', () => {
  const at = 'The two sides will hold a dialogue.'.length;
  const out = reshapeDraft(extraction, [{ kind: 'split', commitment: 's1/c1', at }]);
  assert.deepEqual(out.commitments.map((c) => c.id), ['s1/c1', 's1/c1~2', 's1/c2', 's1/c3']);
  const [head, tail] = out.commitments;
  assert.equal(head!.text, 'The two sides will hold a dialogue.');
  assert.equal(tail!.text, 'They will also exchange experts.');
  const text = extraction.document.text;
  assert.equal(text.slice(head!.span.start, head!.span.end), 'The two sides will hold a dialogue.');
  assert.equal(text.slice(tail!.span.start, tail!.span.end).trim(), 'They will also exchange experts.');
  assert.equal(extraction.commitments.length, 3, 'the draft itself is not changed');
});

test('merge joins two units into the first and spans both', () => {
  const out = reshapeDraft(extraction, [{ kind: 'merge', commitment: 's1/c2', with: 's1/c3' }]);
  assert.deepEqual(out.commitments.map((c) => c.id), ['s1/c1', 's1/c2']);
  assert.equal(out.commitments[1]!.text, 'The two sides will promote trade. The two sides will support investment.');
  assert.deepEqual(out.commitments[1]!.span, { start: extraction.commitments[1]!.span.start, end: extraction.commitments[2]!.span.end });
});

test('drafts are kept on disk (0600 in a 0700 folder), expire, and the store keeps at most its capacity with their files', async () => {
  const drafts = new DraftStore(2, 1000);
  try {
    const a = await keepDraft(drafts, 'a.txt', new TextEncoder().encode('first'), extraction, [], 0);
    assert.equal(statSync(drafts.dir).mode & 0o777, 0o700);
    assert.equal(statSync(a.file).mode & 0o777, 0o600);
    assert.equal(readFileSync(a.file, 'utf8'), 'first', 'the uploaded bytes are the draft file');
    const b = await keepDraft(drafts, 'b.txt', new Uint8Array([1]), extraction, [], 10);
    await keepDraft(drafts, 'c.txt', new Uint8Array([2]), extraction, [], 20);
    assert.equal(await drafts.get(a.id, 30), undefined, 'oldest dropped at capacity');
    assert.equal(existsSync(a.file), false, 'with its files');
    const loaded = await drafts.get(b.id, 30);
    assert.deepEqual(loaded?.extraction, extraction, 'the extraction comes back from disk as it went in');
    assert.deepEqual(drafts.entry(b.id, 30)?.parties, ['DK', 'JP'], 'the index keeps the parties, for authorization');
    assert.equal(drafts.files().length, 4, 'two drafts, each an upload and an extraction');
    assert.equal(await drafts.get(b.id, 2000), undefined, 'expired');
    assert.deepEqual(drafts.files(), [], 'expired drafts leave no file');
  } finally {
    drafts.close();
  }
  assert.equal(existsSync(drafts.dir), false, 'closing removes the directory');
});
