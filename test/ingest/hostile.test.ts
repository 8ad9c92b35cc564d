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
