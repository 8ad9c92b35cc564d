// The register commands end to end on an embedded database: demo, ingest, list, search, show, export/import,
// and what a killed or racing `kizuna ingest` leaves behind.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { openStore } from '../../src/store/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const demoFiles = readdirSync(`${repo}demo`).filter((f) => f !== 'README.md').sort().map((f) => `${repo}demo/${f}`);
const work = mkdtempSync(`${tmpdir()}/kizuna-cli-`);
after(() => rmSync(work, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, env: { HOME: work }, cwd: work };
  const code = await main(argv, io);
  return { code, out, err };
}

/** The demo seeds, each made unique by an appended line, as a batch of distinct files. */
function copies(count: number, dir: string): string[] {
  return Array.from({ length: count }, (_, i) => {
    const source = demoFiles[i % demoFiles.length]!;
    const target = `${dir}/copy-${i}-${source.split('/').pop()}`;
    writeFileSync(target, `${readFileSync(source, 'utf8')}\n\nCopy ${i} ${randomBytes(4).toString('hex')}.\n`);
    return target;
  });
}

function spawnCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', `${repo}test/cli/run-cli.ts`, ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done, output: () => out };
}

describe('kizuna register commands (PGlite)', () => {
  const data = `${work}/data`;
  let planId = '';

  before(async () => {
    const demo = await run('demo', '--data', data);
    assert.equal(demo.code, 0, demo.err);
    assert.equal(demo.out.trim().split('\n').length, demoFiles.length);
  });

  it('searches the demo: kizuna search hydrogen', async () => {
    const { code, out, err } = await run('search', 'hydrogen', '--data', data);
    assert.equal(code, 0, err);
    assert.match(out, /«hydrogen»/i);
    assert.match(err, /of \d+ matches \(fulltext\)/);
    const japanese = await run('search', '水素', '--data', data);
    assert.equal(japanese.code, 0);
    assert.match(japanese.out, /«hydrogen»/i);
    assert.match(japanese.err, /searched in English as: hydrogen/);
    const json = JSON.parse((await run('search', 'hydrogen', '--json', '--limit', '3', '--data', data)).out);
    assert.ok(json.total >= 1 && json.items.length <= 3);
  });

  it('lists plans, commitments and organizations with filters', async () => {
    const plans = JSON.parse((await run('list', 'plans', '--json', '--data', data)).out);
    assert.equal(plans.total, demoFiles.length);
    planId = plans.items[0].id;
    const pl = JSON.parse((await run('list', 'plans', '--party', 'PL', '--json', '--data', data)).out);
    assert.ok(pl.items.every((p: { parties: string[] }) => p.parties.includes('PL')));
    const firm = JSON.parse((await run('list', 'commitments', '--strength', 'firm', '--limit', '5', '--json', '--data', data)).out);
    assert.ok(firm.items.length > 0 && firm.items.every((c: { strength: string }) => c.strength === 'firm'));
    const table = await run('list', 'organizations', '--data', data);
    assert.equal(table.code, 0);
    assert.match(table.out, /^ID\s+COMMITMENTS\s+PARTNERS\s+NAME/);
    const misuse = await run('list', 'treaties', '--data', data);
    assert.equal(misuse.code, 2);
    const badStrength = await run('list', 'commitments', '--strength', 'strong', '--data', data);
    assert.equal(badStrength.code, 2);
  });

  it('shows a plan, a commitment, and says so when an id is unknown', async () => {
    const plan = await run('show', planId, '--data', data);
    assert.equal(plan.code, 0, plan.err);
    assert.match(plan.out, new RegExp(`id ${planId}`));
    const detail = JSON.parse((await run('show', planId, '--json', '--data', data)).out);
    const commitment = detail.commitments[0];
    const shown = await run('show', commitment.id, '--data', data);
    assert.equal(shown.code, 0);
    assert.ok(shown.out.startsWith(commitment.text));
    const missing = await run('show', 'p-000000000000', '--data', data);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no plan, commitment or organization/);
  });

  it('ingests a batch: existing files are reported, a bad file gets one line and the batch goes on', async () => {
    const empty = `${work}/empty.txt`;
    writeFileSync(empty, '');
    const [fresh] = copies(1, work);
    const { code, out, err } = await run('ingest', demoFiles[0]!, empty, `${work}/missing.txt`, fresh!, '--data', data);
    assert.equal(code, 1);
    assert.match(out, /^existing p-[0-9a-f]{12} /m);
    assert.match(out, /^created p-[0-9a-f]{12} \d+ commitments .*copy-0/m);
    assert.match(err, /empty\.txt: .+ \[ingest\/[a-z-]+\]/);
    assert.match(err, /missing\.txt: .+ \[ingest\/[a-z-]+\]/);
    assert.match(err, /2 of 4 files stored/);
  });

  it('exports a JSON backup that imports into an empty register and exports identically; CSV too', async () => {
    const backup = `${work}/backup.json`;
    assert.equal((await run('export', '--format', 'json', '--out', backup, '--data', data)).code, 0);
    const restored = `${work}/restored`;
    const imported = await run('import', backup, '--data', restored);
    assert.equal(imported.code, 0, imported.err);
    const again = `${work}/again.json`;
    assert.equal((await run('export', '--out', again, '--data', restored)).code, 0);
    assert.deepEqual(JSON.parse(readFileSync(again, 'utf8')), JSON.parse(readFileSync(backup, 'utf8')));
    const refused = await run('import', backup, '--data', restored);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /not empty/);
    const csv = await run('export', '--format', 'csv', '--data', data);
    assert.match(csv.out, /^id,plan_id,plan_title,/);
    const rows = JSON.parse(readFileSync(backup, 'utf8')).tables.commitments.length;
    assert.ok(csv.out.split('\r\n').length >= rows + 1);
  });

  it('a process killed in the middle of a batch ingest leaves only complete plans', async () => {
    const dir = mkdtempSync(`${work}/kill-`);
    const files = copies(12, dir);
    const killData = `${dir}/data`;
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

  it('refuses a second process on the same embedded database with a clear message', async () => {
    const store = await openStore({ url: '', dataDir: data, env: {} }).catch((e: Error) => e);
    assert.ok(!(store instanceof Error), String(store));
    try {
      const { done } = spawnCli(['list', 'plans', '--data', data]);
      const result = await done;
      assert.equal(result.code, 1);
      assert.match(result.err, /in use by process \d+/);
    } finally {
      await store.close();
    }
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
