// What a killed or racing `kizuna ingest` leaves behind: only complete plans (PGlite), one plan for one
// file ingested by three processes at once (PostgreSQL). Apart from register.test.ts so they run beside it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { cliWorkspace, copies, migratedDataDir, servedUrl, spawnCli } from './cli-helpers.js';

const { work, run } = cliWorkspace('processes');

describe('a killed ingest (PGlite)', () => {
  it('a process killed in the middle of a batch ingest leaves only complete plans', async () => {
    const dir = mkdtempSync(`${work}/kill-`);
    const files = copies(12, dir);
    const killData = await migratedDataDir(`${dir}/data`);
    const { child, done, output } = spawnCli(['ingest', ...files, '--data', killData]);
    // Kill right after the second file is stored: the child is then inside the next file's work.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if ((output().match(/^created /gm) ?? []).length >= 2) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 2);
    });
    const result = await done;
    assert.equal(result.signal, 'SIGKILL');
    const store = await openStore({ url: '', dataDir: killData, env: {} });
    try {
      const plans = await store.db.selectFrom('plans').select(['id', 'document_id']).execute();
      assert.ok(plans.length >= 2 && plans.length < files.length, `${plans.length} plans stored`);
      const documents = await store.db.selectFrom('documents').select('id').execute();
      assert.equal(documents.length, plans.length, 'every stored document has its plan');
      const events = await store.db.selectFrom('events').select('entity_id').where('action', '=', 'ingest').execute();
      assert.equal(events.length, plans.length, 'every plan has its ingest event');
      const reported = [...result.out.matchAll(/^created (p-\S+) (\d+) commitments/gm)];
      for (const [, id, count] of reported) {
        const { n } = await store.db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', id!).executeTakeFirstOrThrow();
        assert.equal(Number(n), Number(count));
      }
    } finally {
      await store.close();
    }
    // The register is usable again: the rest of the batch goes in.
    const rest = await run('ingest', ...files, '--data', killData);
    assert.equal(rest.code, 0, rest.err);
  });
});

describe('two processes ingesting the same file at once (PostgreSQL)', { skip: !process.env.DATABASE_URL }, () => {
  it('stores it once', async () => {
    const schema = `kizuna_test_cli_${process.pid}_${randomBytes(3).toString('hex')}`;
    const url = process.env.DATABASE_URL!;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`create schema "${schema}"`);
    try {
      // Migrate first, so the race is about the ingest, not about creating tables.
      const store = await openStore({ url, schema, env: {} });
      await store.close();
      const [file] = copies(1, mkdtempSync(`${work}/race-`));
      const env = { DATABASE_URL: url, PGOPTIONS: `-c search_path=${schema},public` };
      const results = await Promise.all([1, 2, 3].map(() => spawnCli(['ingest', file!], env).done));
      for (const r of results) assert.equal(r.code, 0, r.err);
      const outputs = results.map((r) => r.out.trim().split(' ')[0]).sort();
      assert.deepEqual(outputs, ['created', 'existing', 'existing']);
      const { rows } = await client.query(`select count(*)::int as n from "${schema}".plans`);
      assert.equal(rows[0].n, 1);
    } finally {
      await client.query(`drop schema "${schema}" cascade`);
      await client.end();
    }
  });
});

describe('a killed server (PGlite)', () => {
  it('kill -9 while progress is being written loses no write it acknowledged; the register opens and exports after', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(`${work}/serve-kill-`);
    const data = await migratedDataDir(`${dir}/data`);
    const [file] = copies(1, dir);
    assert.equal((await run('ingest', file!, '--data', data)).code, 0);
    const listed = await run('list', 'commitments', '--json', '--limit', '1', '--data', data);
    const commitment = (JSON.parse(listed.out) as { items: { id: string }[] }).items[0]!.id;
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      const { child, done, output } = spawnCli(['serve', '--port', '0', '--data', data]);
      const url = await servedUrl(output);
      const write = (note: string) =>
        fetch(`${url}api/commitments/${encodeURIComponent(commitment)}/status`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' },
          body: JSON.stringify({ status: 'in_progress_limited', note }),
        });
      const writes = 5 + Math.floor(Math.random() * 10);
      for (let i = 0; i < writes; i++) {
        const note = `round ${round} write ${i}`;
        const res = await write(note);
        assert.equal(res.status, 201, await res.text());
        acknowledged.push(note);
      }
      // One more write in flight when the process dies: it may or may not land, but nothing before it may go.
      void write(`round ${round} in flight`).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 30));
      child.kill('SIGKILL');
      assert.equal((await done).signal, 'SIGKILL');
    }
    const store = await openStore({ url: '', dataDir: data, env: {} });
    try {
      const notes = new Set((await store.db.selectFrom('progress_updates').select('note').where('commitment_id', '=', commitment).execute()).map((r) => r.note));
      assert.deepEqual(acknowledged.filter((note) => !notes.has(note)), [], `${acknowledged.length} acknowledged writes, all kept`);
    } finally {
      await store.close();
    }
    const exported = await run('export', '--out', `${dir}/after.json`, '--data', data);
    assert.equal(exported.code, 0, exported.err);
  });
});
