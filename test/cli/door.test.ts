// The CLI while `kizuna serve` runs on the same embedded register: commands go through serve's CLI door
// (src/cli/door.ts) instead of failing on the lock, their writes land in serve's register, and the door is
// loopback-only, token-guarded and withdrawn when serve stops.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { DOOR_FILE, type Door } from '../../src/ops/serve-door.js';
import { openStore } from '../../src/store/index.js';
import { cliWorkspace, copies, migratedDataDir, servedUrl, spawnCli } from './cli-helpers.js';

const { work } = cliWorkspace('door');

/** The CLI in this process, from `cwd`, as a user would type it. */
async function cli(cwd: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, env: { HOME: work, USER: 'desk-officer' }, cwd };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('kizuna serve and the CLI on one embedded register', () => {
  it('list, search, ingest and status --set go through the running server; writes land; the door is guarded', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(`${work}/serve-`);
    const data = await migratedDataDir(`${dir}/data`);
    const [file] = copies(1, dir);
    const server = spawnCli(['serve', '--port', '0', '--data', data]);
    try {
      const web = await servedUrl(server.output, 300_000);
      const doorPath = `${data}/${DOOR_FILE}`;
      assert.equal(statSync(doorPath).mode & 0o777, 0o600, 'the door file is its owner’s alone');
      const door = JSON.parse(readFileSync(doorPath, 'utf8')) as Door;
      assert.match(door.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.notEqual(door.url, web, 'the door is not the web port');

      // A write: a file named relative to the caller's directory, stored by the server.
      const ingested = await cli(dir, 'ingest', basename(file!), '--data', data);
      assert.equal(ingested.code, 0, ingested.err);
      const planId = /^created (p-\S+) (\d+) commitments/m.exec(ingested.out)?.[1];
      assert.ok(planId, ingested.out);

      const plans = await cli(work, 'list', 'plans', '--json', '--data', data);
      assert.equal(plans.code, 0, plans.err);
      assert.deepEqual((JSON.parse(plans.out) as { items: { id: string }[] }).items.map((p) => p.id), [planId]);
      // The web app serves the same register.
      const api = (await (await fetch(`${web}api/plans`)).json()) as { items: { id: string }[] };
      assert.deepEqual(api.items.map((p) => p.id), [planId]);

      const commitments = JSON.parse((await cli(work, 'list', 'commitments', '--json', '--limit', '1', '--data', data)).out) as { items: { id: string; text: string }[] };
      const commitment = commitments.items[0]!;
      const word = commitment.text.split(/\W+/).find((w) => w.length > 6)!;
      const found = await cli(work, 'search', word, '--json', '--data', data);
      assert.equal(found.code, 0, found.err);
      assert.ok((JSON.parse(found.out) as { items: { id: string }[] }).items.length > 0, `search ${word}`);

      const set = await cli(work, 'status', commitment.id, '--set', 'in_progress_limited', '--note', 'through the door', '--data', data);
      assert.equal(set.code, 0, set.err);
      const shown = await cli(work, 'status', commitment.id, '--data', data);
      assert.match(shown.out, /through the door {2}\(desk-officer\)/);

      // Misuse is reported as locally (exit 2 with the usage), and a bad file as one line.
      const misuse = await cli(work, 'list', 'plan', '--data', data);
      assert.equal(misuse.code, 2);
      assert.match(misuse.err, /^kizuna list: say what to list/);
      const missing = await cli(work, 'ingest', 'no-such-file.md', '--data', data);
      assert.equal(missing.code, 1);

      // Without the token, or with another, nothing runs; the web port has no such route.
      const body = JSON.stringify({ argv: ['list', 'plans'], cwd: work, env: {}, isTty: false });
      assert.equal((await fetch(`${door.url}cli`, { method: 'POST', body })).status, 401);
      assert.equal((await fetch(`${door.url}cli`, { method: 'POST', body, headers: { Authorization: `Bearer ${door.token}x` } })).status, 401);
      const notRegister = JSON.stringify({ argv: ['serve'], cwd: work, env: {}, isTty: false });
      assert.equal((await fetch(`${door.url}cli`, { method: 'POST', body: notRegister, headers: { Authorization: `Bearer ${door.token}` } })).status, 400);
      assert.equal((await fetch(`${web}cli`, { headers: { Authorization: `Bearer ${door.token}` } })).status, 404);
    } finally {
      server.child.kill('SIGTERM');
      await server.done;
    }
    assert.equal(existsSync(`${data}/${DOOR_FILE}`), false, 'serve withdraws its door when it stops');
    // What went through the door is in the register, read without the server.
    const store = await openStore({ url: '', dataDir: data, env: {} });
    try {
      const notes = await store.db.selectFrom('progress_updates').select(['note', 'author']).execute();
      assert.deepEqual(notes.map((n) => [n.note, n.author]), [['through the door', 'desk-officer']]);
    } finally {
      await store.close();
    }
    // With serve gone, the CLI opens the register itself.
    const after = await cli(work, 'list', 'plans', '--data', data);
    assert.equal(after.code, 0, after.err);
  });
});
