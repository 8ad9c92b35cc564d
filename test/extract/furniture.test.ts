// Web-page and database furniture copied with a statement never becomes a title, section, organization or instrument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractBytes } from '../../src/pipeline.js';

const page = [
  'Editor: Freedonia Trade Agency',
  '',
  'Posted: 12 May 2024',
  '',
  'Freedonia-Japan Memorandum on Fisheries (PDF, 245KB)',
  '',
  'Print',
  '',
  'Joint Statement of Freedonia and Japan',
  '',
  'The two sides will hold annual consultations on fisheries.',
  '',
].join('\n');

test('bylines, date lines, file links and buttons are furniture', async () => {
  const { extraction } = await extractBytes('page.md', new TextEncoder().encode(page));
  assert.ok(extraction);
  assert.equal(extraction.metadata.title, 'Joint Statement of Freedonia and Japan');
  assert.deepEqual(extraction.sections, []);
  assert.deepEqual(extraction.organizations, []);
  assert.deepEqual(extraction.instruments, []);
  assert.deepEqual(extraction.commitments.map((c) => c.text), ['The two sides will hold annual consultations on fisheries.']);
});

test("a site's genre label standing alone ('Media release') is neither title nor section", async () => {
  const text = ['Media release', '', 'Ruritania-Freedonia Ministerial Consultations', '', 'The two ministers will meet again in Strelsau next year.', ''].join('\n');
  const { extraction } = await extractBytes('release.txt', new TextEncoder().encode(text));
  assert.ok(extraction);
  assert.equal(extraction.metadata.title, 'Ruritania-Freedonia Ministerial Consultations');
  assert.deepEqual(extraction.sections, []);
});

test('a dateline above or under the title is neither title nor section, and places the statement', async () => {
  const above = ['May 3, 2019', 'Strelsau', '', 'Joint Statement of Ruritania and Freedonia', '', '1. The two sides agree to hold annual consultations.', ''].join('\n');
  const first = (await extractBytes('above.txt', new TextEncoder().encode(above))).extraction;
  assert.ok(first);
  assert.equal(first.metadata.title, 'Joint Statement of Ruritania and Freedonia');
  assert.deepEqual([first.metadata.signed.date, first.metadata.signed.place], ['2019-05-03', 'Strelsau']);
  const under = ['Joint Declaration', '', 'Strelsau, Western Province', '4 June 2019', '', 'The leaders met.', '', 'The two sides agree to hold annual consultations.', '', 'The two sides will cooperate on trade.', '', 'They will meet again.', '', 'Text ends here.', ''].join('\n');
  const second = (await extractBytes('under.txt', new TextEncoder().encode(under))).extraction;
  assert.ok(second);
  assert.deepEqual(second.sections, []);
  assert.deepEqual([second.metadata.signed.date, second.metadata.signed.place], ['2019-06-04', 'Strelsau']);
  const inside = ['Statement issued today', '', 'Strelsau, 5 June, 2019', '', 'The two sides will cooperate on trade.', ''].join('\n');
  const third = (await extractBytes('inside.txt', new TextEncoder().encode(inside))).extraction;
  assert.ok(third);
  assert.deepEqual(third.sections, []);
});
