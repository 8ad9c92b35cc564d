// Evidence linking on a real register (PGlite, and PostgreSQL when DATABASE_URL is set): re-linking
// replaces open proposals and keeps decided ones, planId filters stored proposals, a candidate below the
// threshold can be accepted, an undated meeting takes the readout's date (or is refused, asking for one),
// and the kept link index follows plans ingested after it was built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { engines } from '../store/engines.js';
import { planIngest } from '../../src/ops/plan-ingest.js';
import { decideLink, proposeLinks, readoutProposals, registerLinkIndex } from '../../src/ops/tracking-link.js';
import { InvalidUpdateError } from '../../src/errors.js';
const ALL = { all: true } as const;

const demo = (name: string) => fileURLToPath(new URL(`../../demo/${name}`, import.meta.url));
const readout = fileURLToPath(new URL('../fixtures/readouts/01-pl-deputy-fm-consultations.txt', import.meta.url));
const now = new Date('2026-06-30T12:00:00Z');
const bytes = (text: string) => ({ name: 'readout.txt', bytes: new TextEncoder().encode(text) });

for (const engine of engines) {
  test(`linking on ${engine.name}: re-link, plan filter, below-threshold accept, dates, kept index`, async () => {
    const store = await engine.open();
    const poland = (await planIngest(store, demo('jp-pl-action-plan-2025-2029.md'), { actor: 'test' })).planId!;

    // the kept index sees a plan ingested after it was built, without being rebuilt
    const index = await registerLinkIndex(store);
    const before = index.size;
    const denmark = (await planIngest(store, demo('jp-dk-joint-strategic-work-program-2023-2028.txt'), { actor: 'test' })).planId!;
    assert.equal(await registerLinkIndex(store), index, 'the same index, updated in place');
    assert.ok(index.size > before, 'the Danish plan was added to it');

    const first = await proposeLinks(store, { path: readout });
    const above = first.proposals.filter((p) => p.proposed);
    const below = first.proposals.filter((p) => !p.proposed);
    assert.ok(above.length >= 2, 'proposals above the threshold');
    assert.ok(below.length >= 1, 'next best candidates below the threshold are stored for the reviewer');
    assert.ok(first.proposals.every((p) => p.planId === poland), 'a Japan–Poland readout stays with the Poland plan');
    assert.ok(above.every((p) => p.reason.includes('shared:')), 'each proposal says why');

    // accept one above and one below the threshold, reject another; then link the same readout again
    const mechanism = above.find((p) => p.kind === 'mechanism')!;
    await decideLink(store, mechanism.id, 'accept', 'coordinator', now);
    const belowAccepted = await decideLink(store, below[0]!.id, 'accept', 'coordinator', now);
    assert.equal(belowAccepted.state, 'accepted');
    const rejected = above.find((p) => p.id !== mechanism.id)!;
    await decideLink(store, rejected.id, 'reject', 'coordinator', now);
    const meetings = await store.db.selectFrom('meetings').select('date').where('mechanism_id', '=', mechanism.candidateId).execute();
    assert.deepEqual(meetings.map((m) => m.date), ['2025-05-14'], 'the meeting is dated by the readout');

    const again = await proposeLinks(store, { path: readout });
    const ids = again.proposals.map((p) => p.candidateId);
    assert.equal(new Set(ids).size, ids.length, 'one row per candidate: open proposals replaced, not added to');
    assert.equal(again.proposals.find((p) => p.candidateId === mechanism.candidateId)?.state, 'accepted');
    assert.equal(again.proposals.find((p) => p.candidateId === rejected.candidateId)?.state, 'rejected');
    assert.ok(again.proposals.filter((p) => p.state === 'pending').every((p) => !first.proposals.some((f) => f.id === p.id)), 'open ones are new rows');

    // planId filters stored proposals too
    assert.deepEqual(await readoutProposals(store, again.readoutId!, ALL, denmark), []);
    assert.equal((await readoutProposals(store, again.readoutId!, ALL, poland)).length, again.proposals.length);

    // "On 14 May" with no year: the readout's own date gives it; with no date anywhere the decision asks for one
    const undated = 'Japan-Poland Political Consultations at the Deputy Foreign Minister Level\n\nOn 14 May, the 4th Japan-Poland political consultations at the deputy foreign minister level were held in Warsaw.\n';
    const dated = await proposeLinks(store, bytes(undated), { date: '2026-05-20' });
    const consultation = dated.proposals.find((p) => p.proposed && p.kind === 'mechanism')!;
    assert.equal(consultation.meetingDate, '2026-05-14');
    const noDate = await proposeLinks(store, bytes(undated.replace('On 14 May, the 4th', 'The 5th')));
    const open = noDate.proposals.find((p) => p.proposed && p.kind === 'mechanism')!;
    assert.equal(open.meetingDate, null);
    await assert.rejects(decideLink(store, open.id, 'accept', 'coordinator', now), (e: unknown) => e instanceof InvalidUpdateError && /gives no date/.test(e.message));
    await decideLink(store, open.id, 'accept', 'coordinator', now, '2026-06-01');
    const held = await store.db.selectFrom('meetings').select('date').where('mechanism_id', '=', open.candidateId).orderBy('date').execute();
    assert.ok(held.some((m) => m.date === '2026-06-01'));
  });
}
