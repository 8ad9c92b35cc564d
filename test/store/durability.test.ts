// The embedded register's promises: fsync on and reaching the disk, files 0600 and folders 0700, exports 0600,
// one writer per data directory (a kernel lock that a symlink or another PID namespace meets), and reading a
// data directory this process may not write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore } from '../../src/store/index.js';
import { LOCK_FILE } from '../../src/store/lock.js';
import { repoRoot } from '../helpers/paths.js';
import { migratedDataDir } from '../cli/cli-helpers.js';

const runCli = join(repoRoot, 'test', 'cli', 'run-cli.ts');

/** Runs the CLI from sources in another process (optionally under `wrapper`, e.g. unshare), with the output. */
function cli(args: string[], wrapper: string[] = []) {
  const command = [...wrapper, process.execPath, '--import', 'tsx', runCli, ...args];
  const result = spawnSync(command[0]!, command.slice(1), { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file and folder beneath `root` with group or other permission bits. */
function loose(root: string): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    const info = statSync(path);
    if (info.mode & 0o077) found.push(`${(info.mode & 0o777).toString(8)} ${path}`);
    if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(root);
  return found;
}

test('the embedded register runs with fsync on, WAL flushed by fsync, and keeps its files private', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kizuna-durable-'));
  try {
    const dataDir = join(root, 'data');
    const store = await openStore({ url: '', dataDir });
    try {
      assert.deepEqual((await sql<{ fsync: string }>`show fsync`.execute(store.db)).rows, [{ fsync: 'on' }]);
      assert.deepEqual((await sql<{ wal_sync_method: string }>`show wal_sync_method`.execute(store.db)).rows, [{ wal_sync_method: 'fsync' }]);
      assert.deepEqual(loose(dataDir), []);
    } finally {
      await store.close();
    }
    const exported = join(root, 'backup.json');
    const run = cli(['export', '--data', dataDir, '--out', exported]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(statSync(exported).mode & 0o777, 0o600);
    assert.deepEqual(loose(dataDir), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a second writer, through a symlink or from another PID namespace, is refused with one line naming the holder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kizuna-lock-'));
  try {
    const dataDir = join(root, 'data');
    const link = join(root, 'link');
    assert.equal(cli(['demo', '--data', dataDir]).status, 0);
    symlinkSync(dataDir, link);
    const store = await openStore({ url: '', dataDir });
    let holder: { pid: number; host: string };
    try {
      holder = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'));
      assert.equal(holder.pid, process.pid);
      const second = cli(['ingest', '--data', link, join(repoRoot, 'demo', 'jp-pl-action-plan-2025-2029.md')]);
      assert.equal(second.status, 1);
      assert.match(second.stderr, new RegExp(`^kizuna ingest: data directory .*/data is in use by process ${process.pid} on host ${holder.host} since \\S+ \\(is 'kizuna serve' running\\?\\)\\n$`));
      // A second container on the same volume: another PID namespace, where this process's pid means nothing.
      const unshare = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']);
      if (unshare.status === 0) {
        const isolated = cli(['ingest', '--data', dataDir, join(repoRoot, 'demo', 'jp-pl-action-plan-2025-2029.md')], ['unshare', '--pid', '--fork', '--mount-proc']);
        assert.equal(isolated.status, 1);
        assert.match(isolated.stderr, new RegExp(`is in use by process ${process.pid} on host `));
      } else {
        console.log('# unshare --pid is not permitted here (needs root): the PID-namespace case was not run');
      }
    } finally {
      await store.close();
    }
    // The holder gone, the register opens and exports cleanly, through the symlink too.
    const exported = cli(['export', '--data', link]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.equal(JSON.parse(exported.stdout).tables.plans.length, 5);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('read-only commands read a data directory mounted read-only, from a private copy and without a lock', () => {
  const probe = spawnSync('unshare', ['--mount', 'true']);
  if (probe.status !== 0) {
    console.log('# unshare --mount is not permitted here (needs root): a read-only mount cannot be made for this test');
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'kizuna-ro-'));
  try {
    const dataDir = join(root, 'data');
    assert.equal(cli(['demo', '--data', dataDir]).status, 0);
    // In a private mount namespace, the data directory becomes a read-only bind mount of itself.
    const readOnly = ['unshare', '--mount', 'sh', '-c', `mount --bind "${dataDir}" "${dataDir}" && mount -o remount,ro,bind "${dataDir}" && exec "$@"`, 'sh'];
    const listed = cli(['list', 'plans', '--data', dataDir, '--json'], readOnly);
    assert.equal(listed.status, 0, listed.stderr);
    assert.equal(JSON.parse(listed.stdout).items.length, 5);
    const writing = cli(['ingest', '--data', dataDir, join(repoRoot, 'demo', 'jp-pl-action-plan-2025-2029.md')], readOnly);
    assert.equal(writing.status, 1);
    assert.match(writing.stderr, /read-only/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a compressed, checksummed backup of a register with tracking history restores exactly; a damaged one is refused', () => {
  const root = mkdtempSync(join(tmpdir(), 'kizuna-backup-'));
  try {
    const dataDir = join(root, 'data');
    assert.equal(cli(['demo', '--data', dataDir]).status, 0);
    const listed = JSON.parse(cli(['list', 'commitments', '--data', dataDir, '--json', '--limit', '1']).stdout);
    const id = listed.items[0].id as string;
    const updated = cli(['status', id, '--set', 'in_progress_limited', '--note', 'Working group met', '--author', 'desk officer', '--data', dataDir]);
    assert.equal(updated.status, 0, updated.stderr);
    const backup = join(root, 'register.json.gz');
    assert.equal(cli(['export', '--data', dataDir, '--out', backup]).status, 0);
    assert.equal(statSync(backup).mode & 0o777, 0o600);
    assert.match(readFileSync(`${backup}.sha256`, 'utf8'), /^[0-9a-f]{64} {2}register\.json\.gz\n$/);
    // One byte changed: refused before the register is touched, which stays empty.
    const damaged = join(root, 'damaged.json.gz');
    const bytes = readFileSync(backup);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    writeFileSync(damaged, bytes);
    writeFileSync(`${damaged}.sha256`, readFileSync(`${backup}.sha256`, 'utf8').replace('register.json.gz', 'damaged.json.gz'));
    const refused = cli(['import', damaged, '--data', join(root, 'refused')]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^.*damaged\.json\.gz: SHA-256 does not match .* \[import\/checksum\]\n$/);
    assert.equal(existsSync(join(root, 'refused')), false, 'nothing was created');
    const restored = join(root, 'restored');
    const imported = cli(['import', backup, '--data', restored]);
    assert.equal(imported.status, 0, imported.stderr);
    const before = JSON.parse(cli(['export', '--data', dataDir]).stdout);
    const after = JSON.parse(cli(['export', '--data', restored]).stdout);
    // Restored events keep their actor and time and say they were imported; everything else is identical.
    assert.ok(after.tables.events.length > 0 && after.tables.events.every((e: { imported: boolean }) => e.imported === true), 'restored events are marked imported');
    const unmarked = after.tables.events.map((e: Record<string, unknown>) => ({ ...e, imported: false }));
    assert.deepEqual({ ...after.tables, events: unmarked }, before.tables);
    assert.ok(JSON.stringify(after.tables).includes('Working group met'), 'the tracking history is in the restore');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a full disk: each file that does not fit fails with one line and the batch goes on; nothing partial is left', async () => {
  const probe = spawnSync('unshare', ['--mount', 'true']);
  assert.equal(probe.status, 0, 'unshare --mount is needed to give this test a small disk of its own (run as root)');
  const root = mkdtempSync(join(tmpdir(), 'kizuna-full-'));
  try {
    const template = await migratedDataDir(join(root, 'template'));
    const bytes = (dir: string): number => readdirSync(dir).reduce((sum, name) => {
      const info = statSync(join(dir, name));
      return sum + (info.isDirectory() ? bytes(join(dir, name)) : Math.ceil(info.size / 4096) * 4096);
    }, 0);
    // A disk with about 1 MiB to spare beyond the empty register: a plan repeated 90 times (1.9 MB of text, stored as bytes and as text) does not fit.
    const size = Math.ceil((bytes(template) + 1024 * 1024) / 1024);
    const plan = readFileSync(join(repoRoot, 'demo', 'jp-pl-action-plan-2025-2029.md'), 'utf8');
    const big = join(root, 'big.md');
    writeFileSync(big, plan.repeat(90));
    const small = join(root, 'small.md');
    writeFileSync(small, 'Japan and Poland will hold annual consultations on energy.\n');
    const disk = join(root, 'disk');
    const kizuna = `"${process.execPath}" --import tsx "${runCli}"`;
    // In a private mount namespace (gone when the script ends): a small tmpfs holding a copy of the register.
    const script = [
      `mount -t tmpfs -o size=${size}k tmpfs "${disk}"`,
      `cp -a "${template}" "${disk}/data"`,
      `${kizuna} ingest "${big}" "${small}" --data "${disk}/data"; echo "ingest exit $?"`,
      `${kizuna} list plans --json --data "${disk}/data"; echo "list exit $?"`,
      `${kizuna} export --out "${disk}/backup.json.gz" --data "${disk}/data"; echo "export exit $?"`,
      `ls -A "${disk}"`,
    ].join('\n');
    spawnSync('mkdir', [disk]);
    const result = spawnSync('unshare', ['--mount', 'sh', '-c', script], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    const { stdout, stderr } = result;
    assert.match(stdout, /ingest exit 1\n/, stderr);
    assert.match(stderr, new RegExp(`^${big}: no space left on the disk that holds the register; nothing was stored \\[store/disk-full\\]$`, 'm'));
    // The batch went on past the file that did not fit: the small file was tried too (stored, or refused as full).
    assert.match(stdout + stderr, new RegExp(`(created \\S+ 1 commitments ${small}|${small}: no space left)`));
    assert.match(stderr, /of 2 files stored/);
    assert.match(stdout, /list exit 0\n/, stderr);
    const listed = JSON.parse(stdout.slice(stdout.indexOf('ingest exit 1\n') + 'ingest exit 1\n'.length, stdout.indexOf('list exit'))) as { items: { title: string | null }[] };
    assert.equal(listed.items.length, /created/.test(stdout) ? 1 : 0, 'the file that did not fit left no plan behind');
    assert.match(stdout, /export exit 1\n/);
    assert.match(stderr, /^kizuna export: no space left on the disk that holds .*backup\.json\.gz; nothing was stored$/m);
    assert.deepEqual(stdout.slice(stdout.indexOf('export exit')).split('\n').slice(1).filter(Boolean), ['data'], 'no partial backup or checksum left on the disk');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
