// `kizuna extract` on a batch with hostile files: one line per bad file, the good files still written, exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { fixtures } from '../helpers/paths.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), isTty: false, env: {}, cwd: process.cwd() }, out, err };
}

test('a bad file prints one line naming it and the batch goes on', async () => {
  const dir = mkdtempSync(`${tmpdir()}/kizuna-extract-`);
  try {
    const hostile = `${fixtures}hostile/`;
    const expected = JSON.parse(readFileSync(`${hostile}expected.json`, 'utf8')) as Record<string, { rule: string; reason: string }>;
    const bad = Object.keys(expected).map((f) => hostile + f);
    const good = `${fixtures}extract/nested-lists/input.txt`;
    const { io, err } = capture();
    const code = await main(['extract', bad[0]!, good, ...bad.slice(1), '--format', 'eval', '--out', dir], io);
    assert.equal(code, 1);
    assert.deepEqual(readdirSync(dir), ['input.txt.json'], 'the good file is written, nothing for the bad ones');
    const lines = err.join('').trimEnd().split('\n');
    assert.equal(lines.length, bad.length, 'one line per bad file');
    for (const [file, { rule, reason }] of Object.entries(expected)) {
      const line = lines.find((l) => l.startsWith(hostile + file + ':'));
      assert.ok(line, `no message for ${file}`);
      assert.ok(line.includes(reason) && line.endsWith(`[${rule}]`), line);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('misuse exits 2 with the usage', async () => {
  const { io, err } = capture();
  assert.equal(await main(['extract', '--format', 'xml', 'a.txt'], io), 2);
  assert.match(err.join(''), /unknown format 'xml'/);
  assert.equal(await main(['extract'], capture().io), 2);
});

test('md output is an outline with lines to check against the source', async () => {
  const { io, out } = capture();
  assert.equal(await main(['extract', `${fixtures}extract/nested-lists/input.txt`, '--format', 'md'], io), 0);
  const md = out.join('');
  assert.match(md, /^# /);
  assert.match(md, /- \*\*firm\*\* hold annual consultations between the foreign ministries; _\(L\d+/);
});
