// The hostile-file corpus: every bad file gives one fatal one-line message with the expected rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestBytes, ingestFile } from '../../src/ingest/index.js';

const folder = 'test/fixtures/hostile';
const expected = JSON.parse(await readFile(join(folder, 'expected.json'), 'utf8')) as Record<
  string,
  { rule: string; reason: string; place?: { line: number; column: number } }
>;

test('every hostile fixture has an expectation and every expectation a fixture', async () => {
  const files = (await readdir(folder)).filter((name) => name !== 'expected.json').sort();
  assert.deepEqual(files, Object.keys(expected).sort());
});

for (const [name, want] of Object.entries(expected)) {
  test(`hostile: ${name} → [${want.rule}]`, async () => {
    const path = join(folder, name);
    const result = await ingestFile(path);
    assert.equal(result.document, null);
    assert.equal(result.messages.length, 1);
    const [message] = result.messages;
    assert.ok(message);
    assert.equal(message.rule, want.rule);
    assert.equal(message.fatal, true);
    assert.equal(message.file, path);
    assert.ok(message.reason.includes(want.reason), `"${message.reason}" should contain "${want.reason}"`);
    if (want.place) assert.deepEqual({ line: message.place?.line, column: message.place?.column }, want.place);
    // Reads well as `file:line:col: reason [rule]`: one line, no capital word opening it unless
    // it is an acronym (PDF, DOCX, ZIP), no closing period.
    assert.doesNotMatch(message.reason, /\n/);
    assert.match(message.reason, /^(?:[a-z]|[A-Z]{2,}\b|[A-Z]+-\d)/);
    assert.doesNotMatch(message.reason, /\.$/);
  });
}

test('a file over the size limit is refused before it is read', async () => {
  const path = 'test/fixtures/formats/jp-pl-action-plan-2025-2029.html';
  const result = await ingestFile(path, { maxBytes: 1000 });
  assert.equal(result.document, null);
  assert.equal(result.messages[0]?.rule, 'ingest/too-large');
  assert.match(result.messages[0]?.reason ?? '', /^file is \d+ bytes, over the limit of 1000 bytes$/);
  const fromMemory = await ingestBytes('upload.txt', new Uint8Array(2000), { maxBytes: 1000 });
  assert.equal(fromMemory.messages[0]?.rule, 'ingest/too-large');
});

test('a DOCX over the expansion limit is refused without inflating it', async () => {
  const bytes = await readFile('test/fixtures/formats/jp-it-action-plan-2024-2027.docx');
  const result = await ingestBytes('plan.docx', bytes, { maxExpandedBytes: 10_000 });
  assert.equal(result.messages[0]?.rule, 'ingest/docx-too-large');
  assert.match(result.messages[0]?.reason ?? '', /^DOCX expands to \d+ bytes, over the limit of 10000$/);
});

test('a missing file is a message, not an exception', async () => {
  const result = await ingestFile(join(folder, 'no-such-file.txt'));
  assert.equal(result.messages[0]?.rule, 'ingest/unreadable');
  assert.equal(result.messages[0]?.reason, 'file not found');
});

test('text with a BOM decodes: UTF-8 drops it, UTF-16 (either order) is read', async () => {
  const sentence = 'Japan and Norway will cooperate. 日本とノルウェーは協力する。';
  const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sentence)]);
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sentence, 'utf16le')]);
  const utf16be = Buffer.from(utf16le);
  utf16be.swap16();
  for (const [name, bytes] of [['a.txt', utf8], ['b.txt', utf16le], ['c.md', utf16be]] as const) {
    const result = await ingestBytes(name, bytes);
    assert.equal(result.document?.text, sentence, name);
  }
});

test('content decides the type: a PDF named .txt is read as PDF, HTML named .txt as HTML', async () => {
  const pdf = await readFile('test/fixtures/formats/jp-pl-action-plan-2025-2029.pdf');
  assert.equal((await ingestBytes('misnamed.txt', pdf)).document?.mediaType, 'application/pdf');
  const html = Buffer.from('<!DOCTYPE html><html><body><nav>Home</nav><p>Japan and Norway will cooperate.</p></body></html>');
  const result = await ingestBytes('page.txt', html);
  assert.equal(result.document?.mediaType, 'text/html');
  assert.equal(result.document?.text, 'Japan and Norway will cooperate.\n');
});

test('HTML in a declared legacy charset is decoded by that charset', async () => {
  const html = Buffer.concat([
    Buffer.from('<html><head><meta charset="windows-1252"></head><body><p>Coop'),
    Buffer.from([0xe9]),
    Buffer.from('ration culturelle</p></body></html>'),
  ]);
  const result = await ingestBytes('page.html', html);
  assert.equal(result.document?.text, 'Coopération culturelle\n');
});

test('a DOCX whose XML parts expand past their limit is refused before mammoth parses them', async () => {
  const bytes = await readFile('test/fixtures/formats/jp-it-action-plan-2024-2027.docx');
  const result = await ingestBytes('plan.docx', bytes, { maxDocxXmlBytes: 20_000 });
  assert.equal(result.messages[0]?.rule, 'ingest/docx-too-large');
  assert.match(result.messages[0]?.reason ?? '', /^DOCX text parts expand to \d+ bytes of XML, over the limit of 20000$/);
  assert.ok((await ingestBytes('plan.docx', bytes)).document, 'the real plan is well inside the default');
});

test('a text longer than the limit is refused with its length', async () => {
  const result = await ingestBytes('long.txt', Buffer.from('Japan and Norway will cooperate.\n'.repeat(100)), { maxTextLength: 1000 });
  assert.equal(result.messages[0]?.rule, 'ingest/too-long');
  assert.equal(result.messages[0]?.reason, 'text is 3300 characters long, over the limit of 1000');
});

test('list numbering: start values read as HTML reads them; roman numerals only from 1 to 3999', async () => {
  const page = (list: string) => Buffer.from(`<html><body><main>${list}</main></body></html>`);
  const text = async (list: string) => (await ingestBytes('page.html', page(list))).document?.text;
  // "3e10" is 3 (leading digits), as in browsers; past 3999 roman numbering writes the decimal number.
  assert.equal(await text('<ol type="i" start="3e10"><li>One</li><li>Two</li></ol>'), 'iii) One\niv) Two\n');
  assert.equal(await text('<ol type="I" start="30000000000"><li>One</li></ol>'), '2147483647) One\n');
  assert.equal(await text('<ol type="i" start="3999"><li>One</li><li>Two</li></ol>'), 'mmmcmxcix) One\n4000) Two\n');
  assert.equal(await text('<ol type="a" start="0"><li>One</li><li value="28">Two</li></ol>'), '0) One\nab) Two\n');
});

test('HTML nested past the depth limit is flattened to its text, in order, without overflowing', async () => {
  const depth = 20_000;
  const html = Buffer.from(`<html><body><main>${'<div><ul><li>'.repeat(depth)}Japan will cooperate.<p>Norway too.</p>${'</li></ul></div>'.repeat(depth)}</main></body></html>`);
  const result = await ingestBytes('deep.html', html);
  assert.ok(result.document, JSON.stringify(result.messages));
  assert.match(result.document.text, /Japan will cooperate\.\s+Norway too\.\n$/);
});
