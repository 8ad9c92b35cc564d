// The per-plan counts migration 012's triggers keep (strength, theme, organization) stay equal to counting the
// commitments themselves through every write that changes them: storing, correcting, progress updates and their
// withdrawal, merging, removing and restoring plans, and a backup restored into an empty register.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines } from './engines.js';
import { makeExtraction } from './fixture.js';
import type { Store } from '../../src/store/index.js';
import { planStore } from '../../src/ops/plan-store.js';
import { commitmentCorrect } from '../../src/ops/commitment-correct.js';
import { planMerge, planRemove, planRestore } from '../../src/ops/plan-edit.js';
import { recordUpdate, withdrawUpdate } from '../../src/ops/tracking-status.js';
import { registerExport, registerImport } from '../../src/ops/register-export.js';
import { commitmentList, organizationList, themeMatrix } from '../../src/ops/register-query.js';
import { portfolioCounts } from '../../src/store/web-portfolio.js';
import { setPlanPublished } from '../../src/store/visibility.js';
import { getPlan } from '../../src/store/queries.js';

const ALL = { all: true } as const;
const vocabulary = {
  organizations: [],
  parties: ['JP', 'DK', 'PL'].map((code) => ({ code, names: [code], adjectives: [] })),
};
const opts = { vocabulary, actor: 'test' };

const dkPlan = {
  title: 'Japan-Denmark Strategic Work Program 2023-2028',
  parties: ['JP', 'DK'],
  period: ['2023', '2028'],
  commitments: [
    { text: 'Hold an annual energy policy dialogue on offshore wind and hydrogen.', strength: 'firm', themes: ['energy'], actors: ['JP:meti', 'DK:ens'] },
    { text: 'Strengthen cooperation on green hydrogen supply chains.', themes: ['energy', 'economic_security'], actors: ['JP:meti'] },
    { text: 'Explore joint research on quantum technology.', strength: 'exploratory', themes: ['science_research'] },
    { text: 'Promote tourism and exchanges between young people.', themes: ['tourism'] },
  ],
} satisfies Parameters<typeof makeExtraction>[0];
const dk = makeExtraction(dkPlan);
// The same plan stored again with one more commitment: a near-identical duplicate, which can be merged into dk.
const dkAgain = makeExtraction({
  ...dkPlan,
  commitments: [...dkPlan.commitments, { text: 'Hold consultations on maritime safety every year.', strength: 'firm', themes: ['maritime'], actors: ['DK:dma'] }],
});
const pl = makeExtraction({
  title: 'Japan-Poland Action Plan 2025-2029',
  parties: ['JP', 'PL'],
  period: ['2025', '2029'],
  commitments: [
    { text: 'Establish a working group on hydrogen and nuclear energy.', strength: 'firm', themes: ['energy'], actors: ['JP:meti'] },
    { text: 'Promote cybersecurity cooperation, including annual consultations.', themes: ['digital_ict'], actors: ['PL:mc'] },
  ],
});

type Row = { plan_id: string; facet: string; value: string; n: number };
const byKey = (rows: Row[]) => rows.map((r) => `${r.plan_id} ${r.facet} ${r.value} ${r.n}`).sort();

/** The counts table, and the same counts aggregated from the commitments, their themes and their actors. */
async function keptAndCounted(store: Store): Promise<{ kept: string[]; counted: string[] }> {
  const { rows: kept } = await sql<Row>`select plan_id, facet, value, n from plan_counts`.execute(store.db);
  const { rows: counted } = await sql<Row>`
    select plan_id, 'strength' as facet, strength as value, count(*)::int as n from commitments group by plan_id, strength
    union all select c.plan_id, 'theme', t.theme, count(*)::int from commitment_themes t join commitments c on c.id = t.commitment_id group by c.plan_id, t.theme
    union all select c.plan_id, 'organization', a.organization_id, count(*)::int from commitment_actors a join commitments c on c.id = a.commitment_id
      group by c.plan_id, a.organization_id`.execute(store.db);
  return { kept: byKey(kept), counted: byKey(counted) };
}

/** The counts kept equal the counts aggregated, and every read answered from them agrees with the aggregate. */
async function assertCountsRight(store: Store, when: string): Promise<void> {
  const { kept, counted } = await keptAndCounted(store);
  assert.deepEqual(kept, counted, `plan_counts after ${when}`);
  const portfolio = await portfolioCounts(store.db, ALL);
  const { rows: [totals] } = await sql<{ plans: number; commitments: number; organizations: number }>`select
    (select count(*)::int from plans) as plans, (select count(*)::int from commitments) as commitments,
    (select count(distinct organization_id)::int from commitment_actors) as organizations`.execute(store.db);
  assert.deepEqual({ plans: portfolio.plans, commitments: portfolio.commitments, organizations: portfolio.organizations }, totals, `totals after ${when}`);
  const { rows: strengths } = await sql<{ strength: string; count: number }>`select strength, count(*)::int as count from commitments group by strength order by strength`.execute(store.db);
  assert.deepEqual([...portfolio.byStrength].sort((a, b) => a.strength.localeCompare(b.strength)), strengths, `strengths after ${when}`);
  const { rows: themes } = await sql<{ theme: string; count: number }>`select theme, count(*)::int as count from commitment_themes group by theme order by count desc, theme`.execute(store.db);
  assert.deepEqual(portfolio.byTheme, themes, `themes after ${when}`);
  // The matrix and the organizations list without commitment filters read the counts; with a strength filter
  // they count commitments. Filtering by every strength in turn must add up to the same cells.
  const matrix = await themeMatrix(store, ALL);
  const perStrength = (await Promise.all((['firm', 'intent', 'exploratory'] as const).map((strength) => themeMatrix(store, ALL, { strength })))).flat();
  const summed = new Map<string, number>();
  for (const cell of perStrength) summed.set(`${cell.theme} ${cell.partner}`, (summed.get(`${cell.theme} ${cell.partner}`) ?? 0) + cell.count);
  assert.deepEqual(Object.fromEntries(matrix.map((c) => [`${c.theme} ${c.partner}`, c.count])), Object.fromEntries([...summed].sort()), `matrix after ${when}`);
  // A list by one strength or one theme takes its total from the same counts (queries.ts listTotal).
  for (const { facet, value, n } of [...strengths.map((s) => ({ facet: 'strength', value: s.strength, n: s.count })), ...themes.map((t) => ({ facet: 'theme', value: t.theme, n: t.count }))]) {
    const listed = await commitmentList(store, ALL, { [facet]: value }, { limit: 1, offset: 0 });
    assert.deepEqual([listed.total, listed.totalExact], [n, true], `list by ${facet} ${value} after ${when}`);
  }
  const organizations = (await organizationList(store, ALL, {}, { limit: 1000, offset: 0 })).items.filter((o) => o.commitments > 0);
  const { rows: named } = await sql<{ id: string; n: number }>`select organization_id as id, count(*)::int as n from commitment_actors group by organization_id order by organization_id`.execute(store.db);
  assert.deepEqual(organizations.map((o) => ({ id: o.id, n: o.commitments })).sort((a, b) => a.id.localeCompare(b.id)), named, `organizations after ${when}`);
}

for (const engine of engines) {
  describe(`portfolio counts on ${engine.name}`, () => {
    let store: Store;
    let dkId: string;
    let plId: string;
    before(async () => {
      store = await engine.open();
    });

    it('are right after storing plans', async () => {
      dkId = (await planStore(store, dk.extraction, dk.bytes, opts)).planId;
      plId = (await planStore(store, pl.extraction, pl.bytes, opts)).planId;
      await assertCountsRight(store, 'storing');
      const { kept } = await keptAndCounted(store);
      assert.ok(kept.includes(`${dkId} strength firm 1`) && kept.includes(`${dkId} theme energy 2`) && kept.includes(`${dkId} organization JP:meti 2`), kept.join('\n'));
    });

    it('are right after corrections of strength, themes and actors', async () => {
      const [first, second] = (await commitmentList(store, ALL, { plan: dkId })).items;
      await commitmentCorrect(store, first!.id, first!.version, { strength: 'intent', actors: ['DK:ens'] }, 'desk');
      await commitmentCorrect(store, second!.id, second!.version, { strength: 'firm', themes: [{ theme: 'maritime', cue: 'ships' }], actors: [] }, 'desk');
      await assertCountsRight(store, 'corrections');
      const { kept } = await keptAndCounted(store);
      assert.ok(!kept.some((k) => k.startsWith(`${dkId} organization JP:meti`)), 'a body no commitment names any more has no row');
    });

    it('are right after progress updates and a withdrawal', async () => {
      // On the plan merged below, so the merge carries them over; the plan removed later has none.
      const [commitment] = (await commitmentList(store, ALL, { plan: dkId })).items;
      await recordUpdate(store, { commitmentId: commitment!.id, status: 'in_progress_limited', note: 'Kick-off', author: 'desk', date: '2026-01-10' });
      const later = await recordUpdate(store, { commitmentId: commitment!.id, status: 'in_progress_substantial', note: 'Under way', author: 'desk', date: '2026-02-10' });
      await withdrawUpdate(store, commitment!.id, later.id, 'desk');
      await assertCountsRight(store, 'status changes');
    });

    it('are right after a duplicate is stored and merged', async () => {
      const again = (await planStore(store, dkAgain.extraction, dkAgain.bytes, opts)).planId;
      await assertCountsRight(store, 'storing a duplicate');
      await planMerge(store, again, dkId, 'desk');
      await assertCountsRight(store, 'merging');
      const { kept } = await keptAndCounted(store);
      assert.ok(!kept.some((k) => k.startsWith(`${again} `)), 'a merged plan keeps no counts');
    });

    it('are right after a plan is removed and restored', async () => {
      await planRemove(store, plId, 'desk');
      await assertCountsRight(store, 'removing');
      assert.equal((await portfolioCounts(store.db, ALL)).plans, 1);
      await planRestore(store, plId, 'desk');
      await assertCountsRight(store, 'restoring');
    });

    it('count only the plans a reader may read', async () => {
      const drafts = await engine.open();
      const draft = (await planStore(drafts, pl.extraction, pl.bytes, opts)).planId;
      const published = (await planStore(drafts, dk.extraction, dk.bytes, opts)).planId;
      await setPlanPublished(drafts.db, published, true);
      await setPlanPublished(drafts.db, draft, false);
      const publicCounts = await portfolioCounts(drafts.db, { all: false, sides: [] });
      assert.deepEqual({ plans: publicCounts.plans, commitments: publicCounts.commitments }, { plans: 1, commitments: dk.extraction.commitments.length });
      const partnershipId = (await getPlan(drafts.db, draft, ALL))!.partnershipId!;
      const partner = await portfolioCounts(drafts.db, { all: false, sides: [{ partnershipId, side: 'PL' }] });
      assert.deepEqual({ plans: partner.plans, commitments: partner.commitments }, { plans: 2, commitments: dk.extraction.commitments.length + pl.extraction.commitments.length });
    });

    it('are rebuilt, not copied, when a backup is restored into an empty register', async () => {
      const backup = await registerExport(store);
      assert.equal(backup.tables.plan_counts, undefined, 'derived counts are not in the backup');
      const copy = await engine.open();
      await registerImport(copy, backup);
      await assertCountsRight(copy, 'import');
      assert.deepEqual((await keptAndCounted(copy)).kept, (await keptAndCounted(store)).kept);
    });
  });
}
