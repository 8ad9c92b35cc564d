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

test("a site's section names above the title give way to the first block that names a kind of document", async () => {
  const text = [
    'Newsroom',
    '',
    'Ruritania Portal TOP',
    'Speeches and Statements by the President',
    '',
    'JOINT COMMUNIQUE',
    'BETWEEN RURITANIA AND FREEDONIA',
    '',
    '1. The two sides decided to hold annual consultations on fisheries.',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('communique.txt', new TextEncoder().encode(text));
  assert.ok(extraction);
  assert.equal(extraction.metadata.title, 'JOINT COMMUNIQUE BETWEEN RURITANIA AND FREEDONIA');
  assert.equal(extraction.metadata.kind, 'joint_statement');
  // A title without a kind word stays when no block after it names one.
  const plain = ['Partners for the Oceans', '', 'The two sides will hold annual consultations on fisheries.', ''].join('\n');
  const second = await extractBytes('plain.txt', new TextEncoder().encode(plain));
  assert.equal(second.extraction!.metadata.title, 'Partners for the Oceans');
});

test("a database's header fields give the title and the date: '[Title] …', '[Date] …'", async () => {
  const text = [
    'Database of Ruritanian Foreign Relations',
    '',
    '[Title] Joint Statement between Ruritania and Freedonia',
    '',
    '[Place]',
    '[Date] March 3, 2011',
    '[Source] Ministry of Foreign Affairs of Ruritania',
    '[Full text]',
    '',
    'The President of Freedonia paid an official visit to Ruritania.',
    '',
    '1. Both sides expressed their willingness to enhance dialogue between their fisheries agencies.',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('database.txt', new TextEncoder().encode(text));
  assert.ok(extraction);
  assert.equal(extraction.metadata.title, 'Joint Statement between Ruritania and Freedonia');
  assert.equal(extraction.metadata.signed.date, '2011-03-03');
  assert.deepEqual(extraction.sections, []);
});
