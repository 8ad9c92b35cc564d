// A URL for every GET page of the web app, over a register with something on each: a duplicate upload, a
// removed plan, progress with a file, a meeting, a readout with proposals, an upload waiting for review.
// The pages come from the app's own list, so a page added with parameters and no sample here fails the
// tests that use this (layout and accessibility, Japanese completeness).
import { LOCAL_ADMINISTRATOR } from '../../src/auth/principal.js';
import { proposeAmendment, respondToAmendment } from '../../src/ops/plan-amend.js';
import { answerAssignment, openRound } from '../../src/ops/rounds.js';
import assert from 'node:assert/strict';
import type { TestApp } from './web-app.js';
import { fixturePlans } from './web-app.js';
import { makeExtraction } from '../store/fixture.js';
import { planStore } from '../../src/ops/plan-store.js';
import { webPages } from '../../src/web/pages/index.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { recordMeeting } from '../../src/ops/tracking-meetings.js';
import { keepDraft } from './drafts.js';
import { decideLineage, renewPlan } from '../../src/ops/lineage.js';

/** Seeds `t` (the fixture register, at the test app's clock of 2026-06-01) and returns every page's URLs, the error page last. */
export async function samplePages(t: TestApp): Promise<string[]> {
  const now = new Date('2026-06-01T00:00:00Z');
  const store = t.opened.store;
  const spec = fixturePlans[1]!;
  const poland = `p-${makeExtraction(spec).extraction.document.sha256.slice(0, 12)}`;
  const copy = makeExtraction({ ...spec, commitments: [...spec.commitments.slice(0, 2), { text: 'The two sides will cooperate on cyber security.' }] });
  await planStore(store, copy.extraction, copy.bytes, { actor: 'earlier upload' });
  const gone = makeExtraction({ ...fixturePlans[0]!, title: 'Action Plan between Japan and Denmark (uploaded twice) 2023-2026' });
  const goneId = (await planStore(store, gone.extraction, gone.bytes, { actor: 'test' })).planId;
  assert.equal((await t.app.request(`http://localhost/plans/${goneId}/remove`, { method: 'POST', headers: { Origin: 'http://localhost', 'X-Kizuna-Request': '1' } })).status, 303);
  const plan = (await t.opened.register.getPlan(poland))!;
  const commitment = plan.commitments[0]!;
  await recordUpdate(store, { commitmentId: commitment.id, status: 'in_progress_limited', note: 'Kick-off held', author: 'desk', date: '2026-03-01', evidence: [{ kind: 'file', name: 'minutes.txt', bytes: new TextEncoder().encode('minutes') }] }, now);
  const meeting = await recordMeeting(store, { mechanismId: `${poland}:${plan.mechanisms[0]!.id}`, date: '2026-05-20', place: 'Warsaw', author: 'desk' }, now);
  const linked = await t.app.request('http://localhost/tracking/link', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost', 'X-Kizuna-Request': '1' },
    body: new URLSearchParams({ name: 'readout.txt', text: 'On 3 February 2026 Japan and Poland held talks on exchanges between universities and students.' }).toString(),
  });
  assert.equal(linked.status, 303);
  // An agreed amendment and an open proposal, so the amendment and redline pages have content to show.
  const admin = { principal: LOCAL_ADMINISTRATOR, name: 'desk' };
  const agreed = await proposeAmendment(store, admin, { planId: poland, side: 'PL', title: 'Space', rationale: 'Agreed in Warsaw.', effectiveDate: '2026-04-01', instrument: 'Note verbale 7/2026', changes: { withdraw: [plan.commitments[2]!.id], reword: [{ commitmentId: plan.commitments[1]!.id, text: 'The two sides will promote exchanges between universities, students and researchers.' }], add: [{ text: 'The two sides will hold a space policy dialogue.' }], period: { end: '2030' } } }, now);
  await respondToAmendment(store, admin, agreed.id, { decision: 'consent', side: 'JP', instrument: 'Exchange of notes', file: { name: 'notes.pdf', bytes: new TextEncoder().encode('%PDF') } }, now);
  await proposeAmendment(store, admin, { planId: poland, side: 'JP', title: 'Cadence', rationale: 'Meet every year.', changes: { cadence: [{ mechanismId: plan.mechanisms[0]!.id, cadence: 'annual' }] } }, now);
  // An update round with a submitted answer and one left unanswered, so the round pages have content to show.
  const { round } = await openRound(store, admin, { planId: poland, title: 'Progress for the 2026 review', dueDate: '2026-06-30' }, now);
  await answerAssignment(store, admin, round.assignments[0]!.id, { status: 'in_progress_limited', note: 'Dialogue prepared', visibility: 'shared', submit: true }, now);
  // The plan's renewal five years on, its first commitment carried over and one pair unlinked, so the renewal
  // page, the lineage on the commitment pages and the carried-over starting point on the plan page show.
  const next = makeExtraction({ ...spec, title: 'Action Plan between Japan and Poland 2030-2034', period: ['2030', '2034'], signed: '2030-01-15' });
  const nextId = (await planStore(store, next.extraction, next.bytes, { actor: 'test' })).planId;
  await renewPlan(store, admin, nextId, poland);
  const carried = `${nextId}:${next.extraction.commitments[0]!.id}`;
  await decideLineage(store, admin, nextId, { predecessorId: plan.commitments[1]!.id, successorId: `${nextId}:${next.extraction.commitments[1]!.id}`, linked: false });
  const draft = await keepDraft(t.drafts, 'plan.txt', copy.bytes, copy.extraction, [], now.getTime());
  const c = encodeURIComponent(commitment.id);
  const samples = new Map<string, string[]>([
    ['/', ['/', `/?done=removed&plan=${goneId}&title=Removed`]],
    ['/search', ['/search', '/search?q=energy', '/search?status=not_started&party=PL']],
    ['/plans/:id', [`/plans/${poland}`, `/plans/${nextId}`]],
    ['/plans/:id/renewal', [`/plans/${nextId}/renewal`, `/plans/${nextId}/renewal?done=renewed`, `/plans/${poland}/renewal`]],
    ['/plans/:id/edit', [`/plans/${poland}/edit`]],
    ['/plans/:id/review', [`/plans/${poland}/review`]],
    ['/plans/:id/amendments', [`/plans/${poland}/amendments`]],
    ['/plans/:id/redline', [`/plans/${poland}/redline`]],
    ['/plans/:id/amendments', [`/plans/${poland}/amendments`, `/plans/${poland}/amendments?done=consent`]],
    ['/plans/:id/redline', [`/plans/${poland}/redline`, `/plans/${poland}/redline?from=0&to=1`]],
    ['/plans/:id/rounds', [`/plans/${poland}/rounds`]],
    ['/rounds/:id', [`/rounds/${encodeURIComponent(round.id)}`, `/rounds/${encodeURIComponent(round.id)}?done=opened`]],
    ['/commitments/:id', [`/commitments/${c}`, `/commitments/${encodeURIComponent(carried)}`]],
    ['/tracking/readouts/:id', [linked.headers.get('Location')!]],
    ['/tracking/meetings/:id/edit', [`/tracking/meetings/${meeting.id}/edit`]],
    ['/upload/:id', [`/upload/${draft.id}`]],
  ]);
  // redirects only (to a page checked here)
  const redirects = new Set(['/tracking/commitments/:id', '/signin/oidc', '/signin/oidc/callback']); // the OIDC steps redirect to and from the identity provider
  const paths = [...new Set(webPages.filter((p) => p.method === 'get').map((p) => p.path))].filter((p) => !redirects.has(p));
  const missing = paths.filter((p) => p.includes(':') && !samples.has(p));
  assert.deepEqual(missing, [], 'every page with parameters has a sample URL in test/helpers/page-samples.ts');
  return [...paths.flatMap((p) => samples.get(p) ?? [p]), '/plans/p-000000000000'];
}
