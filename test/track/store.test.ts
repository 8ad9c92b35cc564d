// Tracking on a real register (PGlite, and PostgreSQL when DATABASE_URL is set): updates, meetings, link
// proposals accepted and rejected, review and diff; then current state rebuilt from the events alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { engines } from '../store/engines.js';
import { planIngest } from '../../src/ops/plan-ingest.js';
import { recordUpdate, statusOf } from '../../src/ops/tracking-status.js';
import { InvalidUpdateError } from '../../src/errors.js';
import { recordMeeting, dueMeetings, meetingsCalendar } from '../../src/ops/tracking-meetings.js';
import { proposeLinks, decideLink } from '../../src/ops/tracking-link.js';
import { planReview, renderPlanReview } from '../../src/ops/tracking-review.js';
import { planDiff } from '../../src/ops/tracking-diff.js';
import { trackingEvents } from '../../src/store/tracking.js';
const ALL = { all: true } as const;

const demoPoland = fileURLToPath(new URL('../../demo/jp-pl-action-plan-2025-2029.md', import.meta.url));
const readout = fileURLToPath(new URL('../fixtures/readouts/01-pl-deputy-fm-consultations.txt', import.meta.url));
const now = new Date('2026-06-30T12:00:00Z');

for (const engine of engines) {
  test(`tracking on ${engine.name}: record, link, review, rebuild from events`, async () => {
    const store = await engine.open();
    const ingested = await planIngest(store, demoPoland, { actor: 'test' });
    const planId = ingested.planId!;
    assert.ok(planId, 'the Poland plan is stored');
    const commitments = await store.db.selectFrom('commitments').select(['id', 'text']).where('plan_id', '=', planId).orderBy('ord').execute();
    const mechanisms = await store.db.selectFrom('mechanisms').select(['id', 'name']).where('plan_id', '=', planId).execute();
    const tourism = commitments.find((c) => c.text.includes('tourism'))!;
    const economic = mechanisms.find((m) => /economic cooperation/i.test(m.name))!;

    await recordUpdate(store, { commitmentId: tourism.id, status: 'in_progress_limited', date: '2025-06-01', note: 'Tourism fair', author: 'desk' }, now);
    await recordUpdate(store, { commitmentId: tourism.id, status: 'completed', date: '2025-09-01', note: 'Campaign done', evidence: [{ kind: 'url', url: 'https://example.org/a' }, { kind: 'file', name: 'a.txt', bytes: new TextEncoder().encode('proof') }], author: 'desk' }, now);
    await assert.rejects(
      recordUpdate(store, { commitmentId: tourism.id, status: 'not_started', date: '2025-10-01', note: 'x', author: 'desk' }, now),
      (e: unknown) => e instanceof InvalidUpdateError && /cannot change from completed to not_started/.test(e.message),
    );
    const history = await statusOf(store, tourism.id, ALL);
    assert.equal(history.status, 'completed');
    assert.equal(history.updates.length, 2);

    await recordMeeting(store, { mechanismId: economic.id, date: '2025-04-10', place: 'Warsaw', level: 'director-general', outcome: 'first round', author: 'desk' }, now);
    const due = await dueMeetings(store, ALL, now);
    assert.equal(due.find((d) => d.mechanismId === economic.id)?.nextDue, '2026-04-10');
    assert.equal(due.find((d) => d.mechanismId === economic.id)?.state, 'overdue');
    const ics = await meetingsCalendar(store, ALL, now);
    assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n') && ics.includes('UID:expiry-'));
    assert.ok(ics.includes(`UID:due-${economic.id}-2026-04-10@kizuna`));

    const linked = await proposeLinks(store, { path: readout }, { planId });
    assert.ok(linked.proposals.length >= 2, 'the readout is linked');
    const mechanismProposal = linked.proposals.find((p) => p.kind === 'mechanism')!;
    const commitmentProposal = linked.proposals.find((p) => p.kind === 'commitment')!;
    await decideLink(store, mechanismProposal.id, 'accept', 'coordinator', now);
    await decideLink(store, commitmentProposal.id, 'accept', 'coordinator', now);
    const rest = linked.proposals.filter((p) => p.id !== mechanismProposal.id && p.id !== commitmentProposal.id);
    for (const p of rest) await decideLink(store, p.id, 'reject', 'coordinator', now);
    await assert.rejects(decideLink(store, mechanismProposal.id, 'reject', 'coordinator', now), InvalidUpdateError);
    assert.equal((await statusOf(store, commitmentProposal.candidateId, ALL)).status, commitmentProposal.proposedStatus);
    const meetingRows = await store.db.selectFrom('meetings').selectAll().where('mechanism_id', '=', mechanismProposal.candidateId).execute();
    assert.deepEqual(meetingRows.map((m) => m.date), ['2025-05-14']);

    // rebuild current tracking state from the events alone and compare with the tables
    const statuses = new Map<string, string>();
    const meetings = new Map<string, unknown>();
    for (const event of await trackingEvents(store.db)) {
      const after = event.after as Record<string, unknown>;
      if (event.entity === 'commitment_status') statuses.set(event.entityId, after.status as string);
      if (event.entity === 'meeting') meetings.set(event.entityId, { mechanismId: after.mechanismId, date: after.date, place: after.place });
    }
    const statusRows = await store.db.selectFrom('commitment_status').select(['commitment_id', 'status']).execute();
    assert.deepEqual(new Map(statusRows.map((r) => [r.commitment_id, r.status])), statuses);
    const allMeetings = await store.db.selectFrom('meetings').select(['id', 'mechanism_id', 'date', 'place']).execute();
    assert.deepEqual(new Map(allMeetings.map((m) => [m.id, { mechanismId: m.mechanism_id, date: m.date, place: m.place }])), meetings);

    const review = await planReview(store, planId, { from: '2025-03-01', to: '2026-03-31' }, ALL);
    assert.deepEqual(review.meetingsHeld.map((m) => m.date), ['2025-04-10', '2025-05-14']);
    assert.ok(!review.mechanismsMissed.some((m) => m.id === economic.id), 'the economic consultations met within a year');
    assert.equal(review.updatesInPeriod.length, 3);
    const html = (await renderPlanReview(store, planId, { from: '2025-03-01', to: '2026-03-31' }, 'html', ALL)) as string;
    assert.ok(html.includes('Annual review') && html.includes('<svg'));
    const docx = (await renderPlanReview(store, planId, { from: '2025-03-01', to: '2026-03-31' }, 'docx', ALL)) as Uint8Array;
    assert.equal(docx[0], 0x50);
    const { diff, draft } = await planDiff(store, planId, planId, ALL);
    assert.equal(diff.added.length + diff.dropped.length, 0);
    assert.ok(draft.startsWith('# Draft'));
  });
}
