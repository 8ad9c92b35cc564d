// Commitment lineage across renewal (migration 013) on PGlite and on a PostgreSQL database of its own: a
// 2026–2030 plan declared as the renewal of the 2021–2025 plan of the same partnership links the renewal diff's
// carried-over pairs with their scores; the successor reads its predecessor's status history and meetings
// through the link (no rows copied); a coordinator unlinks and links pairs (audited, kept when renewing again);
// readers see the lineage only of plans they may read; a backup carries it into an empty register.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { engines, type Engine } from './engines.js';
import { makeExtraction } from './fixture.js';
import { openStore, type Store } from '../../src/store/index.js';
import { planStore } from '../../src/ops/plan-store.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { recordMeeting } from '../../src/ops/tracking-meetings.js';
import { carriedOverOf, decideLineage, lineageOf, renewalView, renewPlan } from '../../src/ops/lineage.js';
import { registerExport, registerImport } from '../../src/ops/register-export.js';
import { setPlanPublished } from '../../src/store/visibility.js';
import { LOCAL_ADMINISTRATOR, PUBLIC, readScope, type Principal } from '../../src/auth/principal.js';
import { KizunaError } from '../../src/errors.js';

const vocabulary = { organizations: [], parties: ['JP', 'PL', 'DK'].map((code) => ({ code, names: [code], adjectives: [] })) };
const opts = { vocabulary, actor: 'test' };
const admin = { principal: LOCAL_ADMINISTRATOR, name: 'desk@mofa' };
const coordinator = (partnershipId: string, side: string): Principal => ({ account: { id: side, email: `${side}@example.org`, name: side, language: 'en' }, grants: [{ role: 'coordinator', partnershipId, side, organizationId: null }] });

const older = makeExtraction({
  title: 'Action Plan Japan-Poland 2021-2025',
  parties: ['JP', 'PL'],
  period: ['2021', '2025'],
  commitments: [
    { text: 'Hold the Joint Committee on economic cooperation every year in Tokyo or Warsaw.', strength: 'firm', actors: ['JP:meti'] },
    { text: 'Promote cooperation in hydrogen and nuclear energy research between research institutes.' },
    { text: 'Support the Kuchnia Polska culinary festival in Tokyo.' },
  ],
});
const newer = makeExtraction({
  title: 'Action Plan Japan-Poland 2026-2030',
  parties: ['JP', 'PL'],
  period: ['2026', '2030'],
  commitments: [
    { text: 'Hold the Joint Committee on economic cooperation every year in Tokyo or Warsaw.', strength: 'firm', actors: ['JP:meti'] },
    { text: 'Promote cooperation in hydrogen and nuclear energy research, including small modular reactors, between research institutes.' },
    { text: 'Launch a dialogue on critical minerals supply chains.' },
  ],
});
const denmark = makeExtraction({ title: 'Japan-Denmark Work Program 2018-2022', parties: ['JP', 'DK'], period: ['2018', '2022'], commitments: [{ text: 'Promote tourism.' }] });

/** PostgreSQL in a database this test creates and drops (not a schema of the shared one). */
function ownPostgres(): Engine | null {
  const base = process.env.DATABASE_URL;
  if (!base) return null;
  const name = `kizuna_lineage_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  let store: Store | undefined;
  after(async () => {
    await store?.close();
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
  return {
    name: 'postgres',
    async open() {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database "${name}"`);
      await admin.end();
      store = await openStore({ url: url.toString(), env: {} });
      return store;
    },
  };
}

const own = ownPostgres();
for (const engine of [engines.find((e) => e.name === 'pglite')!, ...(own ? [own] : [])]) {
  describe(`commitment lineage on ${engine.name}`, () => {
    let store: Store;
    let oldId: string;
    let newId: string;
    const c = (planId: string, n: number) => `${planId}:s1/c${n}`;
    before(async () => {
      store = await engine.open();
      oldId = (await planStore(store, older.extraction, older.bytes, { ...opts, published: true })).planId;
      newId = (await planStore(store, newer.extraction, newer.bytes, opts)).planId;
      const now = new Date('2025-12-01T00:00:00Z');
      await recordUpdate(store, { commitmentId: c(oldId, 1), status: 'ongoing', date: '2024-05-01', note: 'Held in Warsaw', author: 'desk', visibility: 'public' }, now);
      await recordUpdate(store, { commitmentId: c(oldId, 2), status: 'in_progress_limited', date: '2025-03-01', note: 'Internal notes', author: 'desk', visibility: 'internal', principal: coordinator('JP-PL', 'JP') }, now);
      await recordMeeting(store, { mechanismId: `${oldId}:m1`, date: '2024-05-01', place: 'Warsaw', author: 'desk', visibility: 'public' }, now);
    });

    it('renews the plan the succession chain names: carried-over and reworded pairs linked with their scores, one event', async () => {
      const result = await renewPlan(store, admin, newId);
      assert.equal(result.renewal.renews, oldId);
      assert.equal(result.linked, 2);
      const view = await renewalView(store, newId, { all: true });
      assert.deepEqual(view.pairs.map((p) => [p.predecessorId, p.successorId, p.origin, p.linked]), [
        [c(oldId, 1), c(newId, 1), 'diff', true],
        [c(oldId, 2), c(newId, 2), 'diff', true],
      ]);
      assert.equal(view.pairs[0]!.score, 1);
      assert.ok(view.pairs[1]!.score >= 0.5 && view.pairs[1]!.score < 1, `reworded: ${view.pairs[1]!.score}`);
      assert.equal(view.pairs[0]!.predecessorStatus, 'ongoing');
      const events = await store.db.selectFrom('events').select(['action', 'after']).where('entity_id', '=', newId).where('action', '=', 'renew').execute();
      assert.equal(events.length, 1);
      assert.deepEqual((events[0]!.after as { renews: string; linked: number }).renews, oldId);
    });

    it('the successor reads its predecessor’s status history and meetings through the link; nothing is copied', async () => {
      const lineage = await lineageOf(store, c(newId, 1), { all: true });
      assert.equal(lineage.predecessors.length, 1);
      const [pred] = lineage.predecessors;
      assert.equal(pred!.id, c(oldId, 1));
      assert.deepEqual(pred!.updates.map((u) => [u.status, u.note]), [['ongoing', 'Held in Warsaw']]);
      assert.deepEqual(pred!.meetings.map((m) => [m.date, m.place, m.mechanismName]), [['2024-05-01', 'Warsaw', 'Joint Committee']]);
      assert.deepEqual((await lineageOf(store, c(oldId, 1), { all: true })).successors.map((s) => s.id), [c(newId, 1)]);
      const carried = await carriedOverOf(store, [c(newId, 1), c(newId, 2), c(newId, 3)], { all: true });
      assert.deepEqual(Object.keys(carried).sort(), [c(newId, 1), c(newId, 2)]);
      assert.equal(carried[c(newId, 1)]!.status, 'ongoing');
      assert.equal(carried[c(newId, 1)]!.planId, oldId);
      const copied = await store.db.selectFrom('progress_updates').select('id').where('commitment_id', 'like', `${newId}:%`).execute();
      assert.equal(copied.length, 0, 'no progress rows copied to the successor');
    });

    it('readers see the lineage only of plans they may read, and statuses as they may read them', async () => {
      // The 2026 plan is a draft: the public may not read it, so the published predecessor has no successor for them.
      assert.deepEqual((await lineageOf(store, c(oldId, 1), readScope(PUBLIC))).successors, []);
      await assert.rejects(lineageOf(store, c(newId, 1), readScope(PUBLIC)), (e: KizunaError) => e.code === 'not-found');
      await setPlanPublished(store.db, newId, true);
      const seen = await carriedOverOf(store, [c(newId, 1), c(newId, 2)], readScope(PUBLIC));
      assert.equal(seen[c(newId, 1)]!.status, 'ongoing');
      assert.equal(seen[c(newId, 2)]!.status, 'not_started', 'an internal update is not the public’s starting point');
      assert.deepEqual((await lineageOf(store, c(newId, 2), readScope(PUBLIC))).predecessors[0]!.updates, []);
      await setPlanPublished(store.db, oldId, false);
      assert.deepEqual((await lineageOf(store, c(newId, 1), readScope(PUBLIC))).predecessors, [], 'an unpublished predecessor is not shown');
      assert.equal((await renewalView(store, newId, readScope(PUBLIC))).renewal, null);
      assert.equal((await lineageOf(store, c(newId, 1), readScope(coordinator('JP-PL', 'PL')))).predecessors.length, 1, "the partnership's people read its drafts");
      await setPlanPublished(store.db, oldId, true);
    });

    it('a coordinator unlinks and links pairs (audited); renewing again keeps what people decided', async () => {
      const pl = { principal: coordinator('JP-PL', 'PL'), name: 'pl@example.org' };
      await decideLineage(store, pl, newId, { predecessorId: c(oldId, 2), successorId: c(newId, 2), linked: false });
      assert.deepEqual((await lineageOf(store, c(newId, 2), { all: true })).predecessors, []);
      // Linking the festival to the minerals dialogue by hand: a pair the diff did not match, with its own score.
      const linked = await decideLineage(store, pl, newId, { predecessorId: c(oldId, 3), successorId: c(newId, 3), linked: true });
      assert.equal(linked.origin, 'person');
      assert.ok(linked.score < 0.5);
      // Moving the Joint Committee's successor displaces the link it had.
      await decideLineage(store, pl, newId, { predecessorId: c(oldId, 1), successorId: c(newId, 2), linked: true });
      assert.deepEqual((await lineageOf(store, c(oldId, 1), { all: true })).successors.map((s) => s.id), [c(newId, 2)]);
      assert.deepEqual((await lineageOf(store, c(newId, 1), { all: true })).predecessors, []);
      const again = await renewPlan(store, admin, newId, oldId);
      assert.equal(again.kept, 4, 'the four decisions stay');
      const view = await renewalView(store, newId, { all: true });
      assert.deepEqual(view.pairs.filter((p) => p.linked).map((p) => [p.predecessorId, p.successorId]).sort(), [
        [c(oldId, 1), c(newId, 2)],
        [c(oldId, 3), c(newId, 3)],
      ]);
      const actions = await store.db.selectFrom('events').select(['action', 'actor']).where('entity_id', 'like', `${newId}:%`).where('action', 'like', 'lineage-%').orderBy('id').execute();
      assert.deepEqual(actions.map((a) => a.action), ['lineage-unlink', 'lineage-link', 'lineage-unlink', 'lineage-link']);
      assert.ok(actions.every((a) => a.actor === 'pl@example.org'));
      await assert.rejects(decideLineage(store, pl, newId, { predecessorId: c(newId, 1), successorId: c(newId, 2), linked: true }), (e: KizunaError) => e.code === 'invalid-request');
      await assert.rejects(decideLineage(store, { principal: coordinator('DK-JP', 'JP'), name: 'dk' }, newId, { predecessorId: c(oldId, 3), successorId: c(newId, 3), linked: false }), (e: KizunaError) => e.code === 'forbidden');
    });

    it('refuses a renewal of another partnership, of a later plan, or of itself', async () => {
      const dk = (await planStore(store, denmark.extraction, denmark.bytes, opts)).planId;
      for (const [plan, of] of [[newId, dk], [oldId, newId], [newId, newId]] as const) {
        await assert.rejects(renewPlan(store, admin, plan, of), (e: KizunaError) => e.code === 'invalid-request', `${plan} renews ${of}`);
      }
      await assert.rejects(renewPlan(store, admin, oldId), (e: KizunaError) => e.code === 'invalid-request', 'nothing earlier to renew');
    });

    it('takes undated plans on the coordinator’s word, refuses a cycle, and matches again against the plan declared', async () => {
      const undated = (title: string, text: string) => makeExtraction({ title, parties: ['JP', 'PL'], kind: 'joint_statement', commitments: [{ text }] });
      const first = undated('Joint Statement on Japan-Poland cooperation', 'The two sides will hold consultations on energy security every year.');
      const second = undated('Joint Statement on the Strategic Partnership', 'The two sides will hold consultations on energy security and critical minerals every year.');
      const a = (await planStore(store, first.extraction, first.bytes, opts)).planId;
      const b = (await planStore(store, second.extraction, second.bytes, opts)).planId;
      await assert.rejects(renewPlan(store, admin, b), (e: KizunaError) => e.code === 'invalid-request', 'no dates: nothing to detect');
      assert.equal((await renewPlan(store, admin, b, a)).linked, 1);
      await assert.rejects(renewPlan(store, admin, a, b), (e: KizunaError) => e.code === 'invalid-request' && /itself declared/.test(e.message));
      const again = await renewPlan(store, admin, b, null, { threshold: 0.9 });
      assert.equal(again.renewal.renews, a, 'matching again keeps the declared plan');
      assert.equal(again.linked, 0, 'the pair below the new threshold is no longer linked');
    });

    it('a backup carries the renewal and its pairs into an empty register', async () => {
      const backup = await registerExport(store);
      assert.equal(backup.tables.plan_renewals?.length, 2);
      assert.equal(backup.tables.commitment_lineage?.length, 4);
      const fresh = await engines.find((e) => e.name === 'pglite')!.open();
      await registerImport(fresh, backup);
      const view = await renewalView(fresh, newId, { all: true });
      assert.equal(view.renewal?.renews, oldId);
      assert.deepEqual(view.pairs, (await renewalView(store, newId, { all: true })).pairs);
    });
  });
}
