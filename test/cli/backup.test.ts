// Backups a person can trust: a register with tracking history (progress with evidence files, meeting records),
// an agreed amendment and accounts with grants is exported as a compressed, checksummed backup with
// `kizuna export`, restored with `kizuna import` into a fresh register, and everything is back; a damaged
// backup is refused before the register is touched. On PGlite always, on PostgreSQL when DATABASE_URL is set
// (two databases of the test's own, created and dropped).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { openStore, type Store } from '../../src/store/index.js';
import { READ_ALL } from '../../src/store/scope.js';
import { LOCAL_ADMINISTRATOR } from '../../src/auth/principal.js';
import { planStore } from '../../src/ops/plan-store.js';
import { storeRegister } from '../../src/ops/register.js';
import { recordUpdate, statusOf, evidenceDownload } from '../../src/ops/tracking-status.js';
import { recordMeeting, recordedMeetings } from '../../src/ops/tracking-meetings.js';
import { planInForce, proposeAmendment, respondToAmendment, amendmentsOf } from '../../src/ops/plan-amend.js';
import { addAccount, listAccounts, principalOfSession, setDisabled, signInWithPassword } from '../../src/ops/accounts.js';
import { registerExport } from '../../src/ops/register-export.js';
import { makeExtraction } from '../store/fixture.js';
import { fixturePlans } from '../helpers/web-app.js';
import { migratedDataDir } from './cli-helpers.js';

const work = mkdtempSync(join(tmpdir(), 'kizuna-backup-'));
after(() => rmSync(work, { recursive: true, force: true }));

const now = new Date('2026-06-01T00:00:00Z');
const PASSWORD = 'correct horse battery staple';
const evidenceBytes = new Uint8Array(randomBytes(50_000));
const minutesBytes = new TextEncoder().encode('Minutes of the Japan–Poland energy policy dialogue, Warsaw.\n');
const instrumentBytes = new TextEncoder().encode('%PDF-1.7 exchange of notes of 12 May 2026');

/** `kizuna ARGS…` in this process, with the given environment (DATABASE_URL for PostgreSQL). */
async function kizuna(env: Record<string, string>, ...argv: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, env: { HOME: work, ...env }, cwd: work };
  const code = await main(argv, io);
  return { code, out, err };
}

/** The register to back up: a published plan, progress with an evidence file, a meeting with minutes, an agreed amendment and progress on what it added, accounts. */
async function seed(store: Store): Promise<{ planId: string; added: string; reworded: string; mechanismId: string }> {
  const spec = fixturePlans[1]!;
  const { extraction, bytes } = makeExtraction(spec);
  const { planId } = await planStore(store, extraction, bytes, { actor: 'desk@mofa.go.jp', published: true });
  const plan = (await storeRegister(store).getPlan(planId))!;
  const [first, second] = plan.commitments;
  await recordUpdate(store, { commitmentId: first!.id, status: 'in_progress_limited', note: 'Kick-off held in Tokyo', author: 'desk', date: '2026-02-01', evidence: [{ kind: 'file', name: 'kick-off.pdf', bytes: evidenceBytes, mediaType: 'application/pdf' }, { kind: 'url', url: 'https://www.mofa.go.jp/press/1' }] }, now);
  await recordUpdate(store, { commitmentId: first!.id, status: 'in_progress_substantial', note: 'MoC signed', author: 'desk', date: '2026-03-10' }, now);
  const mechanismId = `${planId}:${plan.mechanisms[0]!.id}`;
  await recordMeeting(store, { mechanismId, date: '2026-05-20', place: 'Warsaw', level: 'Vice-minister', outcome: 'Roadmap agreed', minutes: { kind: 'file', name: 'minutes.txt', bytes: minutesBytes, mediaType: 'text/plain' }, author: 'desk' }, now);
  const admin = { principal: LOCAL_ADMINISTRATOR, name: 'desk' };
  const amendment = await proposeAmendment(
    store,
    admin,
    {
      planId,
      side: 'PL',
      title: 'Space and researchers',
      rationale: 'Agreed at the Warsaw dialogue.',
      effectiveDate: '2026-04-01',
      instrument: 'Note verbale 7/2026',
      changes: { reword: [{ commitmentId: second!.id, text: 'The two sides will promote exchanges between universities, students and researchers.' }], add: [{ text: 'The two sides will hold a space policy dialogue.' }], period: { end: '2030' } },
    },
    now,
  );
  await respondToAmendment(store, admin, amendment.id, { decision: 'consent', side: 'JP', instrument: 'Exchange of notes of 12 May 2026', file: { name: 'notes.pdf', bytes: instrumentBytes } }, now);
  const added = (await planInForce(store, planId, '2026-05-01', READ_ALL, now)).commitments.find((c) => /space policy dialogue/.test(c.text))!.id;
  await recordUpdate(store, { commitmentId: added, status: 'in_progress_limited', note: 'First space dialogue scheduled', author: 'desk', date: '2026-05-02' }, now);
  await addAccount(store, { email: 'desk@mofa.go.jp', name: 'Europe Division', language: 'ja', password: PASSWORD, grants: [{ role: 'coordinator', partnershipId: 'JP-PL', side: 'JP', organizationId: null }] }, 'admin');
  await addAccount(store, { email: 'meti@meti.go.jp', password: PASSWORD, grants: [{ role: 'contributor', partnershipId: 'JP-PL', side: 'JP', organizationId: 'JP:meti' }] }, 'admin');
  await addAccount(store, { email: 'gone@mofa.go.jp', password: PASSWORD }, 'admin');
  await setDisabled(store, 'gone@mofa.go.jp', true, 'admin');
  return { planId, added, reworded: second!.id, mechanismId };
}

/** What a person would check after a restore, read through the same ops the app uses. */
async function observed(store: Store, ids: Awaited<ReturnType<typeof seed>>) {
  const plan = (await storeRegister(store).getPlan(ids.planId))!;
  const first = plan.commitments[0]!.id;
  return {
    plans: (await storeRegister(store).listPlans({}, { limit: 100, offset: 0 })).total,
    commitments: plan.commitments.map((c) => [c.id, c.text]),
    status: await statusOf(store, first, READ_ALL),
    addedStatus: (await statusOf(store, ids.added, READ_ALL)).status,
    meetings: await recordedMeetings(store, [ids.mechanismId], READ_ALL),
    amendments: await amendmentsOf(store, ids.planId, READ_ALL, now),
    asOfApril: await planInForce(store, ids.planId, '2026-05-01', READ_ALL, now),
    asOfMarch: await planInForce(store, ids.planId, '2026-03-01', READ_ALL, now),
    accounts: (await listAccounts(store)).map(({ email, name, language, disabled, grants }) => ({ email, name, language, disabled, grants })),
  };
}

/** The restored register, every table compared with the original (restored events are marked imported). */
async function assertSameRegister(original: Store, restored: Store): Promise<void> {
  const [a, b] = [await registerExport(original), await registerExport(restored)];
  assert.ok(b.tables.events!.length > 0 && b.tables.events!.every((e) => e.imported === true), 'restored events say they were imported');
  b.tables.events = b.tables.events!.map((e) => ({ ...e, imported: false }));
  for (const table of Object.keys(a.tables)) assert.equal(b.tables[table]?.length, a.tables[table]!.length, `rows of ${table}`);
  assert.deepEqual(b, a);
}

/** Runs the whole round trip: `source`/`target` are the CLI environment and the way to open each register. */
async function roundTrip(name: string, source: { env: Record<string, string>; args: string[]; open: () => Promise<Store> }, target: { env: Record<string, string>; args: string[]; open: () => Promise<Store>; untouched: () => Promise<boolean> }) {
  let ids: Awaited<ReturnType<typeof seed>>;
  let before: Awaited<ReturnType<typeof observed>>;
  const store = await source.open();
  try {
    ids = await seed(store);
    before = await observed(store, ids);
  } finally {
    await store.close();
  }
  // Sanity: the register really holds what the test is about.
  assert.equal(before.status.updates.length, 2);
  assert.equal(before.meetings.length, 1);
  assert.equal(before.amendments[0]!.state, 'agreed');
  assert.equal(before.accounts.length, 3);

  const backup = join(work, `${name}.json.gz`);
  const exported = await kizuna(source.env, 'export', '--out', backup, ...source.args);
  assert.equal(exported.code, 0, exported.err);
  assert.deepEqual([...readFileSync(backup).subarray(0, 2)], [0x1f, 0x8b], 'gzip-compressed');
  const sum = readFileSync(`${backup}.sha256`, 'utf8');
  assert.equal(sum, `${createHash('sha256').update(readFileSync(backup)).digest('hex')}  ${name}.json.gz\n`, 'the checksum file, as sha256sum writes it');

  // A damaged backup (one byte changed) and one whose checksum file was remade over a cut-off archive are both
  // refused before the register is opened: the target stays as it was.
  const damaged = join(work, `${name}-damaged.json.gz`);
  const bytes = readFileSync(backup);
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
  writeFileSync(damaged, bytes);
  writeFileSync(`${damaged}.sha256`, sum);
  const refused = await kizuna(target.env, 'import', damaged, ...target.args);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /SHA-256 does not match .*\.sha256; the backup is damaged and was not restored \[import\/checksum\]/);
  const truncated = join(work, `${name}-truncated.json.gz`);
  const cut = readFileSync(backup).subarray(0, 4000);
  writeFileSync(truncated, cut);
  writeFileSync(`${truncated}.sha256`, `${createHash('sha256').update(cut).digest('hex')}  ${name}-truncated.json.gz\n`);
  const unreadable = await kizuna(target.env, 'import', truncated, ...target.args);
  assert.equal(unreadable.code, 1);
  assert.match(unreadable.err, /not a readable JSON backup .*\[import\/unreadable\]/);
  assert.ok(await target.untouched(), 'the refused imports left the target register untouched');

  const imported = await kizuna(target.env, 'import', backup, ...target.args);
  assert.equal(imported.code, 0, imported.err);
  assert.match(imported.err, /^restored 1 plans, 4 commitments, \d+ events\n$/);

  const [original, restored] = [await source.open(), await target.open()];
  try {
    await assertSameRegister(original, restored);
    const after = await observed(restored, ids!);
    assert.deepEqual(after, before);
    // Field by field, what a person would look at first.
    assert.equal(after.status.status, 'in_progress_substantial');
    const kickOff = after.status.updates.find((u) => u.note === 'Kick-off held in Tokyo')!;
    assert.deepEqual(kickOff.evidence.map((e) => e.kind), ['file', 'url']);
    const file = await evidenceDownload(restored, kickOff.evidence.find((e) => e.kind === 'file')!.sha256!, READ_ALL);
    assert.deepEqual(new Uint8Array(file.bytes), evidenceBytes, 'the evidence file, byte for byte');
    assert.equal(file.name, 'kick-off.pdf');
    const minutes = after.meetings[0]!.minutes;
    assert.equal(minutes?.kind, 'file');
    assert.deepEqual(new Uint8Array((await evidenceDownload(restored, (minutes as { sha256: string }).sha256, READ_ALL)).bytes), minutesBytes);
    assert.equal(after.addedStatus, 'in_progress_limited', 'progress on a commitment the amendment added');
    assert.equal(after.asOfApril.commitments.find((c) => c.id === ids!.reworded)!.text, 'The two sides will promote exchanges between universities, students and researchers.');
    assert.equal(after.asOfMarch.commitments.find((c) => c.id === ids!.reworded)!.text, 'The two sides will promote exchanges between universities and students.');
    // Accounts sign in with their old passwords and keep their grants; a disabled one stays disabled. (On the
    // real clock: sessions are timed by the database's.)
    const session = await signInWithPassword(restored, { email: 'desk@mofa.go.jp', password: PASSWORD, ip: '127.0.0.1' });
    const principal = (await principalOfSession(restored, session.token))!;
    assert.equal(principal.account?.email, 'desk@mofa.go.jp');
    assert.deepEqual(principal.grants, [{ role: 'coordinator', partnershipId: 'JP-PL', side: 'JP', organizationId: null }]);
    await assert.rejects(signInWithPassword(restored, { email: 'desk@mofa.go.jp', password: 'not the password at all', ip: '127.0.0.1' }), { code: 'unauthorized' });
    await assert.rejects(signInWithPassword(restored, { email: 'gone@mofa.go.jp', password: PASSWORD, ip: '127.0.0.1' }), { code: 'unauthorized' });
  } finally {
    await original.close();
    await restored.close();
  }
  // A backup goes only into an empty register.
  const again = await kizuna(target.env, 'import', backup, ...target.args);
  assert.equal(again.code, 1);
  assert.match(again.err, /import needs an empty store \[import\/refused\]/);
}

describe('backup and restore (PGlite)', () => {
  it('restores progress with evidence, meetings, an amendment and accounts from a compressed, checksummed backup', { timeout: 300_000 }, async () => {
    const data = await migratedDataDir(join(work, 'source'));
    const target = join(work, 'target');
    await roundTrip(
      'pglite',
      { env: {}, args: ['--data', data], open: () => openStore({ url: '', dataDir: data, env: {} }) },
      {
        env: {},
        args: ['--data', target],
        open: () => openStore({ url: '', dataDir: target, env: {} }),
        // Refused before the register is opened: the data directory was never even created.
        untouched: async () => !existsSync(target),
      },
    );
  });
});

describe('backup and restore (PostgreSQL)', { skip: !process.env.DATABASE_URL }, () => {
  it('restores the same register between two databases of its own', { timeout: 300_000 }, async () => {
    const base = process.env.DATABASE_URL!;
    const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
    const names = [`kizuna_backup_src_${suffix}`, `kizuna_backup_dst_${suffix}`] as const;
    const urlOf = (db: string) => {
      const url = new URL(base);
      url.pathname = `/${db}`;
      return url.toString();
    };
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      for (const db of names) await admin.query(`create database "${db}"`);
      const [source, target] = names.map(urlOf) as [string, string];
      const tablesIn = async (url: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          return Number((await client.query(`select count(*) as n from information_schema.tables where table_schema = 'public'`)).rows[0].n);
        } finally {
          await client.end();
        }
      };
      await roundTrip(
        'postgres',
        { env: { DATABASE_URL: source }, args: [], open: () => openStore({ url: source, env: {} }) },
        { env: { DATABASE_URL: target }, args: [], open: () => openStore({ url: target, env: {} }), untouched: async () => (await tablesIn(target)) === 0 },
      );
    } finally {
      for (const db of names) await admin.query(`drop database if exists "${db}" with (force)`);
      await admin.end();
    }
  });
});
