// The authorization matrix, generated from the route table and the page list: every API route and every web
// page × every role × own/other partnership, side and organization, asserting deny unless the issue's rules
// grant it. Handlers are replaced by stubs (authorization runs before them), so allowed cells change nothing;
// everything else (sessions, cookies, the CSRF check, the permission check, the target lookup) is the real app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../src/server.js';
import { apiModules } from '../../src/api/routes/index.js';
import { webPages } from '../../src/web/pages/index.js';
import { ACTIONS, type Action } from '../../src/auth/policy.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import { recordMeeting } from '../../src/ops/tracking-meetings.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { makeExtraction } from '../store/fixture.js';
import { fixturePlans, seededApp, type TestApp } from '../helpers/web-app.js';
import { PUBLIC_USER, grant, requestAs, signedIn, type TestUser } from '../helpers/accounts.js';
import type { ApiModule } from '../../src/api/route.js';
import type { WebPage } from '../../src/web/page.js';
import type { Hono } from 'hono';
import { keepDraft } from '../helpers/drafts.js';
import type { Grant, Principal } from '../../src/auth/principal.js';

let t: TestApp;
let app: Hono;
const ids: Record<string, string> = {};
const users = new Map<string, TestUser>();

/**
 * What each principal may do to records of the Japan–Poland plan that both sides share (the plan, its
 * commitments and mechanisms, answering an amendment), written out from the issue's rules rather than computed
 * by the code under test. The contributor for METI is an actor of the target commitment and the author of
 * Japan's target progress update; MEXT is an actor of another commitment only.
 */
const EXPECTED: Record<string, Action[]> = {
  public: ['read'],
  admin: ['read', 'account', 'upload', 'coordinate', 'report', 'administer'],
  'coordinator JP-PL/JP (own partnership, own side)': ['read', 'account', 'upload', 'coordinate', 'report'],
  'coordinator JP-PL/PL (own partnership, other side)': ['read', 'account', 'upload', 'coordinate', 'report'],
  'coordinator DK-JP/JP (other partnership)': ['read', 'account', 'upload'],
  'contributor JP-PL/JP JP:meti (actor)': ['read', 'account', 'report'],
  'contributor JP-PL/JP JP:mext (not an actor)': ['read', 'account'],
  'contributor DK-JP/JP JP:meti (other partnership)': ['read', 'account'],
  'reader JP-PL/JP (own partnership)': ['read', 'account'],
  'reader JP-PL/PL (other side)': ['read', 'account'],
  'reader DK-JP/JP (other partnership)': ['read', 'account'],
};

/**
 * Records one side wrote (a progress update, meeting record, link proposal, the amendment a side proposed):
 * only that side's coordinators act on them (and a contributor on the update they wrote), never the partner's.
 * Upload drafts: only the coordinator who uploaded it (Japan's). Principals not listed here: as in EXPECTED.
 */
type Owner = 'JP' | 'PL' | 'uploader';
const SIDE_BOUND: Record<string, Record<Owner, Action[]>> = {
  'coordinator JP-PL/JP (own partnership, own side)': { JP: ['read', 'account', 'coordinate', 'report'], PL: ['read', 'account'], uploader: ['read', 'account', 'upload', 'coordinate'] },
  'coordinator JP-PL/PL (own partnership, other side)': { JP: ['read', 'account'], PL: ['read', 'account', 'coordinate', 'report'], uploader: ['read', 'account'] },
  'coordinator DK-JP/JP (other partnership)': { JP: ['read', 'account'], PL: ['read', 'account'], uploader: ['read', 'account'] },
  'contributor JP-PL/JP JP:meti (actor)': { JP: ['read', 'account', 'report'], PL: ['read', 'account'], uploader: ['read', 'account'] },
};
const expectedOf = (name: string, owner: Owner | null): Action[] => (owner && SIDE_BOUND[name]?.[owner]) || EXPECTED[name]!;

before(async () => {
  t = await seededApp();
  const store = t.opened.store;
  const plans = await store.db.selectFrom('plans').select(['id', 'partnership_id']).execute();
  const plan = plans.find((p) => p.partnership_id === 'JP-PL')!;
  ids.plan = plan.id;
  const commitments = await store.db.selectFrom('commitments').innerJoin('commitment_actors', 'commitment_actors.commitment_id', 'commitments.id').select(['commitments.id', 'commitment_actors.organization_id']).where('commitments.plan_id', '=', plan.id).execute();
  ids.commitment = commitments.find((c) => c.organization_id === 'JP:meti')!.id;
  assert.ok(commitments.some((c) => c.organization_id === 'JP:mext' && c.id !== ids.commitment), 'the fixture has a commitment of another ministry');
  ids.mechanism = (await store.db.selectFrom('mechanisms').select('id').where('plan_id', '=', plan.id).executeTakeFirstOrThrow()).id;

  const sides: [string, ReturnType<typeof grant>[]][] = [
    ['admin', [grant('admin')]],
    ['coordinator JP-PL/JP (own partnership, own side)', [grant('coordinator', 'JP-PL', 'JP')]],
    ['coordinator JP-PL/PL (own partnership, other side)', [grant('coordinator', 'JP-PL', 'PL')]],
    ['coordinator DK-JP/JP (other partnership)', [grant('coordinator', 'DK-JP', 'JP')]],
    ['contributor JP-PL/JP JP:meti (actor)', [grant('contributor', 'JP-PL', 'JP', 'JP:meti')]],
    ['contributor JP-PL/JP JP:mext (not an actor)', [grant('contributor', 'JP-PL', 'JP', 'JP:mext')]],
    ['contributor DK-JP/JP JP:meti (other partnership)', [grant('contributor', 'DK-JP', 'JP', 'JP:meti')]],
    ['reader JP-PL/JP (own partnership)', [grant('reader', 'JP-PL', 'JP')]],
    ['reader JP-PL/PL (other side)', [grant('reader', 'JP-PL', 'PL')]],
    ['reader DK-JP/JP (other partnership)', [grant('reader', 'DK-JP', 'JP')]],
  ];
  users.set('public', PUBLIC_USER);
  for (const [name, grants] of sides) users.set(name, await signedIn(store, `${name.split(' ').slice(0, 2).join('.').replace(/[^a-z0-9.]/gi, '-').toLowerCase()}-${users.size}@example.org`, grants));

  // The principals the records below are written as (the ops take the side from them).
  const as = (name: string, grants: Grant[]): Principal => ({ account: { id: name, email: users.get(name)!.email, name, language: 'en' }, grants });
  const meti = as('contributor JP-PL/JP JP:meti (actor)', [grant('contributor', 'JP-PL', 'JP', 'JP:meti')]);
  const coordinatorJP = as('coordinator JP-PL/JP (own partnership, own side)', [grant('coordinator', 'JP-PL', 'JP')]);
  const coordinatorPL = as('coordinator JP-PL/PL (own partnership, other side)', [grant('coordinator', 'JP-PL', 'PL')]);
  const now = new Date('2026-06-01T00:00:00Z');
  ids.updateJP = (await recordUpdate(store, { commitmentId: ids.commitment, status: 'in_progress_limited', date: '2026-05-01', note: 'Dialogue held', author: meti.account!.email, principal: meti }, now)).id;
  ids.updatePL = (await recordUpdate(store, { commitmentId: ids.commitment, status: 'in_progress_limited', date: '2026-05-02', note: 'Polish note', author: coordinatorPL.account!.email, principal: coordinatorPL }, now)).id;
  for (const [side, principal] of [['JP', coordinatorJP], ['PL', coordinatorPL]] as const) {
    ids[`meeting${side}`] = (await recordMeeting(store, { mechanismId: ids.mechanism, date: '2026-04-01', place: 'Tokyo', level: null, outcome: null, author: principal.account!.email, principal }, now)).id;
  }
  // One readout per side: each side proposed links from a readout of its own.
  for (const side of ['JP', 'PL']) {
    const readout = (side === 'JP' ? 'a' : 'b').repeat(64);
    await store.db.insertInto('readouts').values({ id: readout, name: 'readout.txt', text: 'The dialogue was held.', date: null }).execute();
    const proposal = await store.db
      .insertInto('link_proposals')
      .values({ readout_id: readout, candidate_id: ids.commitment, kind: 'commitment', plan_id: plan.id, score: 1, passage: 'held', passage_start: 0, passage_end: 4, event: 'dialogue', proposed_status: null, meeting_date: null, partnership_id: 'JP-PL', side, visibility: 'internal' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[`proposal${side}`] = String(proposal.id);
  }
  for (const [number, side] of [[1, 'JP'], [2, 'PL']] as const) {
    ids[`amendment${side}`] = `${plan.id}:a${number}`;
    await store.db.insertInto('amendments').values({ id: `${plan.id}:a${number}`, plan_id: plan.id, number, title: 'Reword', rationale: 'Clarity', changes: '{}', effective_date: null, proposed_by: 'test', proposed_side: side }).execute();
  }
  // A round on the plan, its assignment to METI (the acting contributor) as the target of answers and decisions.
  ids.round = `${plan.id}:r1`;
  await store.db.insertInto('update_rounds').values({ id: ids.round, plan_id: plan.id, number: 1, title: 'Progress', due_date: '2026-06-30', opened_on: '2026-06-01', opened_by: 'test', opened_side: 'JP' }).execute();
  ids.assignment = String((await store.db.insertInto('round_assignments').values({ round_id: ids.round, commitment_id: ids.commitment, organization_id: 'JP:meti' }).returning('id').executeTakeFirstOrThrow()).id);
  const { extraction, bytes } = makeExtraction(fixturePlans[1]!);
  ids.draft = (await keepDraft(t.drafts, 'plan.txt', bytes, extraction, [], Date.now(), coordinatorJP.account!.email)).id;

  // The same routes and pages with stub handlers: what runs before the handler is what is tested.
  const stubModules: ApiModule[] = apiModules.map((m) => ({ ...m, routes: m.routes.map(({ body: _body, ...r }) => ({ ...r, handle: (c) => c.text('stub') })) }));
  const stubPages: WebPage[] = webPages.map((p) => ({ ...p, handle: (ctx) => ctx.c.text('stub') }));
  app = createApp({ register: t.opened.register, store, vocabulary: loadVocabulary(), drafts: t.drafts, maxUploadBytes: 1024, now: () => now }, { apiModules: stubModules, webPages: stubPages });
});

after(() => t.opened.close());

/** Kinds of record written on one side: each route acting on one is checked on Japan's record and on Poland's. */
const SIDE_BOUND_KINDS: Record<string, string> = { update: 'update', meeting: 'meeting', proposal: 'proposal', 'proposed-amendment': 'amendment' };
const KIND_IDS: Record<string, string> = { plan: 'plan', commitment: 'commitment', mechanism: 'mechanism', amendment: 'amendmentJP', draft: 'draft', round: 'round', assignment: 'assignment' };

/** A concrete path for a route: each parameter filled with the id of the record its permission names (else any id). */
function concrete(path: string, target: { kind: string; param: string } | undefined, side: 'JP' | 'PL' | null): string {
  return path.replace(/\{(\w+)\}|:(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
    const param = (a ?? b)!;
    if (target && target.param === param) return encodeURIComponent(side ? ids[`${SIDE_BOUND_KINDS[target.kind]}${side}`]! : ids[KIND_IDS[target.kind]!]!);
    if (param === 'update') return ids.updateJP!;
    return encodeURIComponent(ids.commitment!);
  });
}

interface Cell {
  what: string;
  method: string;
  path: string;
  action: Action;
  page: boolean;
  /** Whose record the route acts on, when that matters (SIDE_BOUND). */
  owner: Owner | null;
}

function cells(): Cell[] {
  const declared = [
    ...apiModules.flatMap((m) => m.routes.map((r) => ({ what: `${r.method.toUpperCase()} ${r.path}`, method: r.method, path: r.path, permission: r.permission, page: false }))),
    ...webPages.map((p) => ({ what: `page ${p.method.toUpperCase()} ${p.path}`, method: p.method, path: p.path, permission: p.permission, page: true })),
  ];
  return declared.flatMap(({ what, method, path, permission, page }) => {
    const kind = permission.target?.kind;
    const cell = (owner: Owner | null, side: 'JP' | 'PL' | null): Cell => ({ what: owner ? `${what} (${owner === 'uploader' ? 'uploaded by coordinator JP' : `${owner}'s record`})` : what, method, path: concrete(path, permission.target, side), action: permission.action, page, owner });
    if (kind && kind in SIDE_BOUND_KINDS) return [cell('JP', 'JP'), cell('PL', 'PL')];
    if (kind === 'draft') return [cell('uploader', null)];
    return [cell(null, null)];
  });
}

test('every API route and web page declares a permission whose target names one of its path parameters', () => {
  const declared = [...apiModules.flatMap((m) => m.routes.map((r) => ({ path: r.path, permission: r.permission }))), ...webPages.map((p) => ({ path: p.path, permission: p.permission }))];
  assert.ok(declared.length > 50, 'the route table is read');
  for (const { path, permission } of declared) {
    assert.ok(permission && ACTIONS.includes(permission.action), `${path} declares a known action`);
    if (permission.target) assert.ok(path.includes(`{${permission.target.param}}`) || path.includes(`:${permission.target.param}`), `${path} has the parameter ${permission.target.param}`);
  }
  // Anything that changes the register needs more than `read`.
  for (const m of apiModules) for (const r of m.routes) if (r.method !== 'get') assert.notEqual(r.permission.action, 'read', `${r.method} ${r.path} is not open to the public`);
  for (const p of webPages) if (p.method !== 'get' && p.path !== '/signin') assert.notEqual(p.permission.action, 'read', `POST ${p.path} is not open to the public`);
});

test('the matrix: every route and page × every role and scope is denied unless granted', async () => {
  const all = cells();
  const unexpected: string[] = [];
  let checked = 0;
  for (const [name, user] of users) {
    for (const cell of all) {
      const response = await requestAs(app, user, cell.path, { method: cell.method.toUpperCase() });
      const body = await response.text();
      const allowed = response.status === 200 && body === 'stub';
      const denied = response.status === 401 || response.status === 403 || (cell.page && cell.method === 'get' && response.status === 303 && /^\/signin\?next=/.test(response.headers.get('Location') ?? ''));
      const expected = expectedOf(name, cell.owner).includes(cell.action);
      checked++;
      if (expected && !allowed) unexpected.push(`${name}: ${cell.what} refused (${response.status}) but granted`);
      if (!expected && !denied) unexpected.push(`${name}: ${cell.what} answered ${response.status} but must be denied`);
      if (!expected && denied && !user.cookie && response.status === 403) unexpected.push(`${name}: ${cell.what} is 403; the public is asked to sign in (401)`);
    }
  }
  assert.deepEqual(unexpected, []);
  const routes = all.filter((c) => !c.page).length;
  const pages = all.length - routes;
  assert.equal(checked, all.length * users.size);
  const sideBound = all.filter((c) => c.owner).length;
  console.log(`authorization matrix: (${routes} API route cells + ${pages} page cells, ${sideBound} of them on one side's record) × ${users.size} principals = ${checked} cells, 0 unexpected`);
});

test('a record that does not exist is 404 for an account and 401 for the public, never run', async () => {
  const coordinator = users.get('coordinator JP-PL/JP (own partnership, own side)')!;
  assert.equal((await requestAs(app, coordinator, '/api/plans/p-nothing', { method: 'DELETE' })).status, 404);
  assert.equal((await requestAs(app, PUBLIC_USER, '/api/plans/p-nothing', { method: 'DELETE' })).status, 401);
  // The proposal id is numeric: anything else is simply not found.
  assert.equal((await requestAs(app, coordinator, '/api/link-proposals/x1/decision', { method: 'POST' })).status, 404);
});

test('what a signed-in person reads is private to their browser; the public view may be cached', async () => {
  const coordinator = users.get('coordinator JP-PL/JP (own partnership, own side)')!;
  for (const path of ['/', `/plans/${ids.plan}`, '/api/plans']) {
    assert.equal((await requestAs(app, coordinator, path)).headers.get('Cache-Control'), 'private, no-cache', `${path} signed in`);
    assert.doesNotMatch((await requestAs(app, PUBLIC_USER, path)).headers.get('Cache-Control') ?? '', /private/, `${path} for the public`);
  }
});

test('who may read an item is changed by its own side only (the real route, not a stub)', async () => {
  const put = (who: string, id: string) =>
    requestAs(t.app, users.get(who)!, `/api/visibility/progress-updates/${id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ visibility: 'public' }) });
  assert.equal((await put('coordinator JP-PL/PL (own partnership, other side)', ids.updateJP!)).status, 403, "Poland may not publish Japan's update");
  assert.equal((await put('coordinator DK-JP/JP (other partnership)', ids.updateJP!)).status, 403);
  assert.equal((await put('contributor JP-PL/JP JP:meti (actor)', ids.updateJP!)).status, 403, 'a contributor does not decide who reads');
  assert.equal((await put('coordinator JP-PL/JP (own partnership, own side)', ids.updatePL!)).status, 403, "Japan may not publish Poland's update");
  assert.equal((await put('coordinator JP-PL/JP (own partnership, own side)', ids.updateJP!)).status, 200, 'Japan re-scopes its own');
  assert.equal((await put('coordinator JP-PL/PL (own partnership, other side)', ids.updatePL!)).status, 200, 'Poland re-scopes its own');
});
