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
