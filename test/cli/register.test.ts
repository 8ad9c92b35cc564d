// The register commands end to end on an embedded database: demo, ingest, list, search, show, export/import,
// and a second process refused on the same data directory (killed and racing ingests: processes.test.ts).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { openStore } from '../../src/store/index.js';
import { seedFiles } from '../helpers/paths.js';
import { cliWorkspace, copies, migratedDataDir, spawnCli } from './cli-helpers.js';

const { work, run } = cliWorkspace('register');
const demoFiles = seedFiles();

describe('kizuna register commands (PGlite)', () => {
  const data = `${work}/data`;
  let planId = '';

  before(async () => {
    await migratedDataDir(data);
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
    // Paging by cursor: each page prints the next one's --after, and the pages walk the same rows as one long page.
    const whole = JSON.parse((await run('list', 'commitments', '--strength', 'firm', '--limit', '500', '--json', '--data', data)).out) as { items: { id: string }[]; next?: string };
    assert.equal(whole.next, undefined, 'one page holds every firm commitment of the demo');
    const walked: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await run('list', 'commitments', '--strength', 'firm', '--limit', '7', ...(after ? ['--after', after] : []), '--data', data);
      assert.equal(page.code, 0, page.err);
      walked.push(...page.out.trim().split('\n').slice(1).map((line) => line.split(/\s+/)[0]!));
      after = /; next page: --after (\S+)\n$/.exec(page.err)?.[1];
      if (!after) break;
    }
    assert.deepEqual(walked, whole.items.map((c) => c.id));
    const bad = await run('list', 'commitments', '--after', 'nonsense', '--data', data);
    assert.deepEqual([bad.code, bad.err.split('\n')[0]], [2, "kizuna list: --after 'nonsense' is not a cursor that kizuna list commitments printed"]);
    assert.equal((await run('list', 'plans', '--after', 'x', '--data', data)).code, 2);
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
    const restored = await migratedDataDir(`${work}/restored`);
    const imported = await run('import', backup, '--data', restored);
    assert.equal(imported.code, 0, imported.err);
    const again = `${work}/again.json`;
    assert.equal((await run('export', '--out', again, '--data', restored)).code, 0);
    // Restored events keep their actor and time and say they were imported; everything else is identical.
    const restoredBackup = JSON.parse(readFileSync(again, 'utf8'));
    assert.ok(restoredBackup.tables.events.length > 0 && restoredBackup.tables.events.every((e: { imported: boolean }) => e.imported === true));
    restoredBackup.tables.events = restoredBackup.tables.events.map((e: Record<string, unknown>) => ({ ...e, imported: false }));
    assert.deepEqual(restoredBackup, JSON.parse(readFileSync(backup, 'utf8')));
    const refused = await run('import', backup, '--data', restored);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /not empty/);
    const csv = await run('export', '--format', 'csv', '--data', data);
    assert.match(csv.out, /^id,plan_id,plan_title,/);
    const rows = JSON.parse(readFileSync(backup, 'utf8')).tables.commitments.length;
    assert.ok(csv.out.split('\r\n').length >= rows + 1);
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
