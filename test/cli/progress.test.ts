// `ingest` and `demo` say what they are doing from their first moment on a terminal (the register being
// opened, then each file read and stored), and nothing of it when stderr is not a terminal.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { cliWorkspace, copies, migratedDataDir } from './cli-helpers.js';

const { work } = cliWorkspace('progress');

async function ingest(isTty: boolean, files: string[], data: string) {
  const writes: { text: string }[] = [];
  let out = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void writes.push({ text: t }), isTty, env: { HOME: work }, cwd: work };
  const code = await main(['ingest', ...files, '--data', data], io);
  return { code, out, writes, err: writes.map((w) => w.text).join('') };
}

it('on a terminal, ingest shows the register opening at once, then each file read and stored; off one, only its lines', { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(`${work}/files-`);
  const files = copies(2, dir);
  const data = await migratedDataDir(`${dir}/data`);
  const tty = await ingest(true, files, data);
  assert.equal(tty.code, 0, tty.err);
  // Its first words, before the register is opened (and before the modules that open it are loaded).
  const first = tty.writes[0]!;
  assert.match(first.text, /^\r\x1b\[2Kingest: opening the register · 0 s$/);
  for (const file of files) {
    assert.ok(tty.err.includes(`reading ${file}`.slice(-40)), `reading ${file}`);
    assert.ok(tty.err.includes(`storing ${file}`.slice(-40)), `storing ${file}`);
  }
  assert.match(tty.err, /\[\.{24}\] 1\/2 /);
  assert.match(tty.err, /\[#{12}\.{12}\] 2\/2 /);
  // The line is erased before each file's own line and at the end; stdout carries no progress.
  assert.ok(tty.err.endsWith('\r\x1b[2K2 of 2 files stored\n'), JSON.stringify(tty.err.slice(-80)));
  assert.equal((tty.out.match(/^existing|^created/gm) ?? []).length, 2);
  assert.doesNotMatch(tty.out, /\x1b/);

  const plain = await ingest(false, files, data);
  assert.equal(plain.code, 0, plain.err);
  assert.equal(plain.err, '2 of 2 files stored\n');
});
