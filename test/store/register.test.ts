// The store suite: every test runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines } from './engines.js';
import { makeExtraction } from './fixture.js';
import type { Store } from '../../src/store/index.js';
import type { Vocabulary } from '../../src/vocab/index.js';
import { planStore } from '../../src/ops/plan-store.js';
import { commitmentCorrect } from '../../src/ops/commitment-correct.js';
import { ConflictError } from '../../src/errors.js';
import { commitmentList, organizationList, planList, registerSearch, registerShow, themeMatrix } from '../../src/ops/register-query.js';
import { registerExport, registerImport, commitmentsCsv } from '../../src/ops/register-export.js';
import { writePlanRows } from '../../src/store/write-plan.js';
import { listCommitments, searchCommitments } from '../../src/store/queries.js';
import { appendEvent } from '../../src/store/events.js';
const ALL = { all: true } as const;

const vocabulary: Pick<Vocabulary, 'parties' | 'organizations'> = {
  organizations: [],
  parties: [
    { code: 'JP', names: ['Japan'], adjectives: [] },
    { code: 'DK', names: ['Denmark'], adjectives: [] },
    { code: 'PL', names: ['Poland'], adjectives: [] },
  ],
};
const opts = { vocabulary, actor: 'test' };

const dk2023 = makeExtraction({
  title: 'Japan-Denmark Strategic Work Program 2023-2028',
  parties: ['JP', 'DK'],
  period: ['2023', '2028'],
  signed: '2023-10-04',
  commitments: [
    { text: 'Hold an annual Japan-Denmark energy policy dialogue on offshore wind and hydrogen.', strength: 'firm', themes: ['energy'], actors: ['JP:meti', 'DK:ens'] },
    { text: 'Strengthen cooperation on green hydrogen production and supply chains.', themes: ['energy', 'economic_security'], actors: ['JP:meti'] },
    { text: 'Explore the possibility of joint research on quantum technology.', strength: 'exploratory', themes: ['science_research'] },
    { text: '水素エネルギーの分野で協力を強化する。', themes: ['energy'] },
  ],
});
const dk2018 = makeExtraction({
  title: 'Japan-Denmark Work Program 2018-2022',
  parties: ['DK', 'JP'],
  period: ['2018', '2022'],
  commitments: [{ text: 'Promote tourism and people-to-people exchange between Japan and Denmark.', themes: ['tourism'] }],
});
const pl2025 = makeExtraction({
  title: 'Japan-Poland Action Plan 2025-2029',
  parties: ['JP', 'PL'],
  period: ['2025', '2029'],
  commitments: [
    { text: 'Establish a working group on hydrogen and nuclear energy.', strength: 'firm', themes: ['energy'], actors: ['JP:meti'] },
    { text: 'Promote cybersecurity cooperation, including annual consultations.', themes: ['digital_ict'], actors: ['PL:mc'] },
  ],
});

for (const engine of engines) {
  describe(`store on ${engine.name}`, () => {
    let store: Store;
    let dkId: string;
    before(async () => {
      store = await engine.open();
      dkId = (await planStore(store, dk2023.extraction, dk2023.bytes, opts)).planId;
      await planStore(store, pl2025.extraction, pl2025.bytes, opts);
    });

    it('stores a plan with its document bytes, commitments, themes and actors', async () => {
      const shown = await registerShow(store, ALL, dkId);
      assert.equal(shown?.entity, 'plan');
      const plan = shown.entity === 'plan' ? shown.plan : assert.fail();
      assert.equal(plan.title, 'Japan-Denmark Strategic Work Program 2023-2028');
      assert.deepEqual(plan.parties, ['DK', 'JP']);
      assert.equal(plan.commitments.length, 4);
      assert.equal(plan.text, dk2023.extraction.document.text);
      for (const c of plan.commitments) assert.equal(plan.text.slice(c.span.start, c.span.end), c.text);
      const first = plan.commitments[0]!;
      assert.deepEqual(first.actors.map((a) => a.id), ['DK:ens', 'JP:meti']);
      assert.deepEqual(first.themes, [{ theme: 'energy', cue: 'energy' }]);
      assert.equal(first.strength, 'firm');
      assert.equal(first.version, 1);
      assert.equal(plan.mechanisms[0]?.cadence, 'annual');
      const doc = await store.db.selectFrom('documents').select(['bytes', 'name']).where('id', '=', dk2023.extraction.document.sha256).executeTakeFirstOrThrow();
      assert.deepEqual(new Uint8Array(doc.bytes), dk2023.bytes);
    });

    it('is idempotent by content hash, also under concurrent ingests of the same file', async () => {
      const again = await planStore(store, dk2023.extraction, dk2023.bytes, opts);
      assert.deepEqual(again, { status: 'existing', planId: dkId });
      const fresh = makeExtraction({ title: 'Concurrent plan', parties: ['JP', 'PL'], signed: '2020', commitments: [{ text: 'Hold talks.' }] });
      const results = await Promise.all([1, 2, 3].map(() => planStore(store, fresh.extraction, fresh.bytes, opts)));
      assert.equal(results.filter((r) => r.status === 'created').length, 1);
      assert.equal(new Set(results.map((r) => r.planId)).size, 1);
      const events = await store.db.selectFrom('events').select('id').where('entity_id', '=', results[0]!.planId).where('action', '=', 'ingest').execute();
      assert.equal(events.length, 1);
    });

    it('links a newer plan of the same partnership as successor, whatever the ingest order', async () => {
      const older = await planStore(store, dk2018.extraction, dk2018.bytes, opts);
      const { items } = await planList(store, ALL, { party: 'DK' }, { limit: 10, offset: 0 }, new Date('2025-01-01'));
      const byId = new Map(items.map((p) => [p.id, p]));
      assert.equal(byId.get(dkId)?.supersedes, older.planId);
      assert.equal(byId.get(older.planId)?.status, 'superseded');
      assert.equal(byId.get(older.planId)?.supersededBy, dkId);
      assert.equal(byId.get(dkId)?.status, 'in_force');
      const later = await planList(store, ALL, { plan: dkId }, { limit: 1, offset: 0 }, new Date('2029-06-01'));
      assert.equal(later.items[0]?.status, 'expired');
    });

    it('lists commitments with filters', async () => {
      const energy = await commitmentList(store, ALL, { theme: 'energy' }, { limit: 50, offset: 0 });
      assert.equal(energy.total, 4);
      const dkFirm = await commitmentList(store, ALL, { party: 'dk', strength: 'firm' }, { limit: 50, offset: 0 });
      assert.deepEqual(dkFirm.items.map((c) => c.key), ['s1/c1']);
      const meti = await commitmentList(store, ALL, { organization: 'METI' }, { limit: 50, offset: 0 });
      assert.equal(meti.total, 3);
      const paged = await commitmentList(store, ALL, { theme: 'energy' }, { limit: 2, offset: 2 });
      assert.equal(paged.items.length, 2);
      assert.equal(paged.total, 4);
      const byYear = await commitmentList(store, ALL, { year: 2026, party: 'PL' }, { limit: 50, offset: 0 });
      assert.equal(byYear.total, 2);
      const orgs = await organizationList(store, ALL, {}, { limit: 50, offset: 0 });
      const meti2 = orgs.items.find((o) => o.id === 'JP:meti');
      assert.deepEqual(meti2?.partners, [{ party: 'DK', commitments: 2 }, { party: 'PL', commitments: 1 }]);
      const cells = await themeMatrix(store, ALL);
      assert.deepEqual(cells.find((c) => c.theme === 'energy' && c.partner === 'DK'), { theme: 'energy', partner: 'DK', count: 3 });
    });

    it('counts a list exactly where cheap, else gives the planner\'s estimate, marked, never contradicting the page', async () => {
      const filter = { theme: 'energy', strength: 'intent' } as const;
      const all = await listCommitments(store.db, filter, { limit: 50, offset: 0 }, ALL);
      assert.equal(all.totalExact, true, 'two filters on a small register are cheap to count');
      assert.ok(all.items.length >= 2, `the fixture has several intent commitments on energy (${all.items.length})`);
      assert.equal(all.total, all.items.length);
      // A count cost limit of 0 makes every count too dear: a full page gets the estimate, marked, and at least
      // the rows up to its end plus the one `next` promises.
      const first = await listCommitments(store.db, filter, { limit: 1, offset: 0 }, ALL, 0);
      assert.equal(first.totalExact, false);
      assert.ok(first.total >= 2, `an estimate never below what the page shows (${first.total})`);
      const seen = [...first.items];
      for (let page = first; page.next; ) {
        page = await listCommitments(store.db, filter, { limit: 1, offset: 0, after: page.next }, ALL, 0);
        seen.push(...page.items);
      }
      assert.deepEqual(seen.map((c) => c.id), all.items.map((c) => c.id), 'the keyset pages walk every match once');
      const rest = await listCommitments(store.db, filter, { limit: 50, offset: 1 }, ALL, 0);
      assert.deepEqual([rest.total, rest.totalExact], [all.items.length, true], 'a page that ends the list makes the total exact');
      const beyond = await listCommitments(store.db, filter, { limit: 1, offset: all.items.length + 5 }, ALL, 0);
      assert.deepEqual([beyond.items.length, beyond.total, beyond.totalExact], [0, all.items.length, true], 'an offset past the end is counted, not estimated over no items');
      // No commitment filter, or one strength or one theme, is counted from the kept counts: exact whatever the limit.
      for (const kept of [{}, { party: 'DK' }, { strength: 'firm' }, { strength: 'intent', year: 2026 }, { theme: 'energy', party: 'dk' }] as const) {
        const page = await listCommitments(store.db, kept, { limit: 1, offset: 0 }, ALL, 0);
        const everything = await listCommitments(store.db, kept, { limit: 1000, offset: 0 }, ALL);
        assert.deepEqual([page.total, page.totalExact], [everything.items.length, true], JSON.stringify(kept));
      }
      const dear = await listCommitments(store.db, { party: 'DK', organization: 'METI' }, { limit: 1, offset: 0 }, ALL, 0);
      assert.equal(dear.totalExact, false, 'an organization is counted from the commitments, so it can be too dear');
    });

    it('searches with ranking and snippets, in English and Japanese', async () => {
      const hydrogen = await registerSearch(store, ALL, 'hydrogen', {}, { limit: 10, offset: 0 });
      assert.equal(hydrogen.mode, 'fulltext');
      assert.equal(hydrogen.total, 3);
      const first = hydrogen.items[0]!;
      assert.ok(first.snippet.some((p) => p.match && /hydrogen/i.test(p.text)));
      assert.equal(first.snippet.map((p) => p.text).join('').includes('\u0002'), false);
      const filtered = await registerSearch(store, ALL, 'hydrogen', { party: 'PL' }, { limit: 10, offset: 0 });
      assert.deepEqual(filtered.items.map((h) => h.commitment.planId), [pl2025.extraction.document.sha256 ? `p-${pl2025.extraction.document.sha256.slice(0, 12)}` : '']);
      const phrase = await registerSearch(store, ALL, '"offshore wind"', {}, { limit: 10, offset: 0 });
      assert.equal(phrase.total, 1);
      const japanese = await registerSearch(store, ALL, '水素', {}, { limit: 10, offset: 0 });
      assert.equal(japanese.mode, 'substring');
      assert.equal(japanese.total, 1);
      assert.ok(japanese.items[0]!.snippet.some((p) => p.match && p.text === '水素'));
      // No commitment contains 原子力 as written; the glossary turns it into an English search for "nuclear".
      const crossLingual = await registerSearch(store, ALL, '原子力', {}, { limit: 10, offset: 0 });
      assert.equal(crossLingual.translatedQuery, 'nuclear');
      assert.equal(crossLingual.total, 1);
      const partial = await registerSearch(store, ALL, 'cybersec', {}, { limit: 10, offset: 0 });
      assert.equal(partial.total, 1);
      assert.equal((await registerSearch(store, ALL, 'zeppelin', {}, { limit: 10, offset: 0 })).total, 0);
    });

    it('ranks a bounded candidate set: beyond it the total is an estimate and pages stop at the ranked hits', async () => {
      // 'hydrogen' matches 3 commitments; with room for 2 candidates only the first 2 are ranked.
      const bounded = await searchCommitments(store.db, 'hydrogen', {}, { limit: 10, offset: 0 }, ALL, 2);
      assert.equal(bounded.totalExact, false);
      assert.equal(bounded.ranked, 2);
      assert.equal(bounded.items.length, 2);
      assert.ok(bounded.total >= 3, `an estimate never below what was found (${bounded.total})`);
      const beyond = await searchCommitments(store.db, 'hydrogen', {}, { limit: 10, offset: 2 }, ALL, 2);
      assert.equal(beyond.items.length, 0);
      // Ranked pages follow one another without overlap, best first.
      const pages = [0, 1].map((offset) => searchCommitments(store.db, 'hydrogen', {}, { limit: 1, offset }, ALL, 2));
      const ids = (await Promise.all(pages)).map((r) => r.items[0]!.commitment.id);
      assert.deepEqual([...new Set(ids)].sort(), bounded.items.map((h) => h.commitment.id).sort());
      // Room for every match: exact.
      const exact = await searchCommitments(store.db, 'hydrogen', {}, { limit: 10, offset: 0 }, ALL, 3);
      assert.deepEqual([exact.total, exact.totalExact, exact.ranked], [3, true, 3]);
      const japanese = await searchCommitments(store.db, '水素', {}, { limit: 10, offset: 0 }, ALL, 0);
      assert.deepEqual([japanese.mode, japanese.totalExact, japanese.items.length], ['substring', false, 0]);
    });

    it('searches within one strength from that strength\'s text index, with the hits of the unfiltered search', async () => {
      for (const strength of ['firm', 'intent', 'exploratory'] as const) {
        const all = await registerSearch(store, ALL, 'energy', {}, { limit: 50, offset: 0 });
        const within = await registerSearch(store, ALL, 'energy', { strength }, { limit: 50, offset: 0 });
        const expected = all.items.filter((h) => h.commitment.strength === strength).map((h) => [h.commitment.id, h.rank]);
        assert.deepEqual(within.items.map((h) => [h.commitment.id, h.rank]), expected);
        assert.equal(within.total, expected.length);
        // Migration 016's partial text index of that strength (the fixture is too small for a plan to show it).
        const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes
          where schemaname = current_schema() and indexname = ${`commitments_tsv_${strength}`}`.execute(store.db);
        assert.match(rows[0]?.indexdef ?? '', new RegExp(`USING gin \\(tsv\\).*WHERE \\(strength = '${strength}'::text\\)`));
      }
    });

    it('notifies every committed change to whoever watches the register', async () => {
      let seen = 0;
      const stop = await store.watch(() => seen++, () => {});
      try {
        await store.db.transaction().execute(async (trx) => {
          await appendEvent(trx, { actor: 'test', entity: 'plan', entityId: 'x', action: 'probe' });
          await appendEvent(trx, { actor: 'test', entity: 'plan', entityId: 'y', action: 'probe' });
        });
        for (let i = 0; i < 50 && !seen; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.ok(seen >= 1, 'a committed event is notified');
        const before = seen;
        await store.db.transaction().execute(async (trx) => {
          await appendEvent(trx, { actor: 'test', entity: 'plan', entityId: 'z', action: 'probe' });
          throw new Error('rolled back');
        }).catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(seen, before, 'a rolled-back change is not');
      } finally {
        await stop();
      }
    });

    it('keeps corrections apart, refuses stale versions, and logs events', async () => {
      const id = `${dkId}:s1/c3`;
      const corrected = await commitmentCorrect(store, id, 1, { strength: 'firm', actors: ['JP:meti'] }, 'desk@mofa');
      assert.equal(corrected.version, 2);
      assert.equal(corrected.strength, 'firm');
      assert.equal(corrected.corrected, true);
      await assert.rejects(commitmentCorrect(store, id, 1, { strength: 'intent' }, 'other'), ConflictError);
      const row = await store.db.selectFrom('commitments').select(['strength', 'extracted', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.strength, 'firm');
      assert.equal(row.version, 2);
      assert.equal((row.extracted as { strength: string }).strength, 'exploratory');
      // Two editors holding the same version: exactly one wins, the other is told, nothing is lost silently.
      const race = await Promise.allSettled([
        commitmentCorrect(store, id, 2, { strength: 'intent' }, 'a'),
        commitmentCorrect(store, id, 2, { strength: 'exploratory' }, 'b'),
      ]);
      assert.equal(race.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(race.some((r) => r.status === 'rejected' && r.reason instanceof ConflictError));
      const events = await store.db.selectFrom('events').selectAll().where('entity_id', '=', id).orderBy('id').execute();
      assert.equal(events.length, 2);
      assert.equal((events[0]!.before as { strength: string }).strength, 'exploratory');
      assert.equal((events[0]!.after as { strength: string }).strength, 'firm');
    });

    it('50 concurrent writers with optimistic locking lose no update', async () => {
      const id = `${dkId}:s1/c4`;
      const versionOf = async () => (await store.db.selectFrom('commitments').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      const start = await versionOf();
      const before = (await store.db.selectFrom('events').select('id').where('entity_id', '=', id).execute()).length;
      let conflicts = 0;
      // Each writer reads the version, writes against it, and on a conflict reads again: every write lands once.
      const writer = async (n: number) => {
        for (let attempt = 0; attempt < 500; attempt++) {
          try {
            await commitmentCorrect(store, id, await versionOf(), { strength: n % 2 ? 'intent' : 'firm' }, `writer-${n}`);
            return;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            conflicts++;
            // Back off a little, as a client would, so the retries do not all collide again.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * (attempt + 1)));
          }
        }
        throw new Error(`writer ${n} never got through`);
      };
      await Promise.all(Array.from({ length: 50 }, (_, n) => writer(n)));
      assert.equal(await versionOf(), start + 50, 'one version per write');
      const authors = (await store.db.selectFrom('events').select('actor').where('entity_id', '=', id).orderBy('id').execute()).slice(before).map((e) => e.actor);
      assert.equal(new Set(authors).size, 50, 'one event per writer');
      assert.equal(authors.length, 50);
      if (engine.name === 'postgres') assert.ok(conflicts > 0, 'the writers really raced');
    });

    it('re-extraction keeps a human correction', async () => {
      const id = `${dkId}:s1/c2`;
      await commitmentCorrect(store, id, 1, { text: 'Strengthen cooperation on green hydrogen.' }, 'desk@mofa');
      await store.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('plans').where('id', '=', dkId).execute();
        await writePlanRows(trx, dkId, dk2023.extraction, { partyNames: {}, aliases: {}, homeParty: 'JP' });
      });
      const shown = await registerShow(store, ALL, id);
      assert.equal(shown?.entity === 'commitment' && shown.commitment.text, 'Strengthen cooperation on green hydrogen.');
    });

    it('exports a backup that imports into an empty store and exports identically', async () => {
      const backup = await registerExport(store);
      assert.ok(backup.tables.documents!.length >= 3);
      const copy = await engine.open();
      const counts = await registerImport(copy, JSON.parse(JSON.stringify(backup)));
      assert.equal(counts.commitments, backup.tables.commitments!.length);
      // The restored log keeps every actor and time and says it was imported (the rest is byte-identical).
      const again = await registerExport(copy);
      assert.ok(again.tables.events!.length > 0 && again.tables.events!.every((e) => e.imported === true), 'imported events are marked');
      assert.ok(backup.tables.events!.every((e) => e.imported === false));
      assert.deepEqual({ ...again, tables: { ...again.tables, events: again.tables.events!.map((e) => ({ ...e, imported: false })) } }, backup);
      await assert.rejects(registerImport(copy, backup), /not empty/);
      // Sequences continue after the imported rows.
      await commitmentCorrect(copy, `${dkId}:s1/c1`, 1, { strength: 'intent' }, 'after-import');
      let csv = '';
      const rows = await commitmentsCsv(copy, (chunk) => (csv += chunk), {}, ALL);
      assert.equal(rows, backup.tables.commitments!.length);
      assert.match(csv, /^id,plan_id,/);
      assert.match(csv, /"Hold an annual Japan-Denmark energy policy dialogue on offshore wind and hydrogen\."|Hold an annual/);
    });
  });
}
