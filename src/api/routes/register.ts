// Read and edit routes over the register: portfolio, matrix, plans, commitments, search, organizations.
import { KizunaError } from '../../errors.js';
import type { ApiModule, RouteDef } from '../route.js';
import type { CommitmentEdit } from '../../ops/register.js';
import { commitmentsCsv } from '../../ops/register-export.js';
import { withoutQuery } from '../../ops/filter.js';
import { stream } from 'hono/streaming';
import { authorOf, etagOf, expectedVersion } from '../../http/edits.js';
import { commitmentPageOf, cursorParam, filterOf, filterParams, pageOf, pageParams, pagedJson, pagedSchema, searchCursorParam, searchPageOf } from './shared.js';
import type { Context } from 'hono';
import type { AppDeps } from '../../http/deps.js';
import { planInForce } from '../../ops/plan-amend.js';
import { duplicatesOfPlan, planCorrect, planDetails, planMerge, planRemove, planRestore, planRevert, plansRemoved, type PlanEdit, type PlanField } from '../../ops/plan-edit.js';
import { scopeOf } from '../../http/principal.js';
import { READ, on, only } from '../../auth/policy.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullableString = { type: ['string', 'null'] } as const;

async function mustGetCommitment(deps: AppDeps, id: string) {
  const commitment = await deps.register.getCommitment(id);
  if (!commitment) throw new KizunaError('not-found', `No commitment with id ${id}.`);
  return commitment;
}

function withEtag(c: Context, version: number): void {
  c.header('ETag', etagOf(version));
}

const routes: RouteDef[] = [
  {
    method: 'get',
    path: '/api/portfolio',
    permission: READ,
    operationId: 'getPortfolio',
    summary: 'Partnerships with their plans, counts by strength and theme, plans expiring within a year',
    responses: { 200: { description: 'The portfolio', schema: { type: 'object', properties: {} } } },
    handle: async (c, deps) => c.json(await deps.register.portfolio(deps.now())),
  },
  {
    method: 'get',
    path: '/api/matrix',
    permission: READ,
    operationId: 'getMatrix',
    summary: 'Commitments counted by theme × partner party (the heatmap)',
    query: filterParams,
    responses: { 200: { description: 'Non-empty cells', schema: { type: 'object', properties: { cells: { type: 'array', items: { type: 'object', properties: { theme: { type: 'string' }, partner: { type: 'string' }, count: { type: 'integer' } } } } } } } },
    handle: async (c, deps, input) => c.json({ cells: await deps.register.matrix(filterOf(input.query)) }),
  },
  {
    method: 'get',
    path: '/api/plans',
    permission: READ,
    operationId: 'listPlans',
    summary: 'Plans, filtered like `kizuna list plans`',
    query: [...filterParams, ...pageParams],
    responses: { 200: { description: 'A page of plans', schema: pagedSchema(ref('PlanSummary')) } },
    handle: async (c, deps, input) => {
      const page = pageOf(input.query);
      return pagedJson(c, page, await deps.register.listPlans(filterOf(input.query), page));
    },
  },
  {
    method: 'get',
    path: '/api/plans/{id}',
    permission: READ,
    operationId: 'getPlan',
    summary: 'One plan with its text, sections and commitments, as in force on `as_of` (default today): amendments in effect by then applied, with `planVersion`, `applied` and the list of `versions`',
    query: [{ name: 'as_of', description: 'The day (YYYY-MM-DD) whose version of the plan to show', schema: { type: 'string', maxLength: 10 } }],
    responses: { 200: { description: 'The plan', schema: ref('Plan') } },
    handle: async (c, deps, input) => {
      const plan = await planInForce(deps.store, c.req.param('id') ?? '', input.query.as_of as string | undefined, scopeOf(c), deps.now());
      withEtag(c, plan.version);
      return c.json(plan);
    },
  },
  {
    method: 'patch',
    path: '/api/plans/{id}',
    permission: on('coordinate', 'plan'),
    operationId: 'correctPlan',
    summary: "Correct a plan's title, kind, parties, period or signing (stored as corrections, apart from the extractor's reading); requires If-Match",
    ifMatch: true,
    body: { contentType: 'application/json', schema: ref('PlanEdit') },
    responses: { 200: { description: 'The corrected plan (new ETag)', schema: ref('Plan') } },
    handle: async (c, deps, input) => {
      const id = c.req.param('id') ?? '';
      const current = await planDetails(deps.store, id);
      const plan = await planCorrect(deps.store, id, expectedVersion(c, current.version), input.body as PlanEdit, authorOf(c), deps.now());
      withEtag(c, plan.version);
      return c.json(plan);
    },
  },
  {
    method: 'post',
    path: '/api/plans/{id}/revert',
    permission: on('coordinate', 'plan'),
    operationId: 'revertPlanCorrections',
    summary: "Undo corrections of a plan's metadata: the named fields go back to the extractor's reading; requires If-Match",
    ifMatch: true,
    body: { contentType: 'application/json', schema: ref('PlanRevert') },
    responses: { 200: { description: 'The plan (new ETag)', schema: ref('Plan') } },
    handle: async (c, deps, input) => {
      const id = c.req.param('id') ?? '';
      const current = await planDetails(deps.store, id);
      const plan = await planRevert(deps.store, id, expectedVersion(c, current.version), (input.body as { fields: PlanField[] }).fields, authorOf(c), deps.now());
      withEtag(c, plan.version);
      return c.json(plan);
    },
  },
  {
    method: 'delete',
    path: '/api/plans/{id}',
    permission: on('coordinate', 'plan'),
    operationId: 'removePlan',
    summary: 'Remove a plan (a duplicate): its extracted records go, its original file stays so it can be restored; 409 when progress or meetings were recorded against it; requires If-Match',
    ifMatch: true,
    responses: { 200: { description: 'Removed', schema: { type: 'object', properties: { id: { type: 'string' }, title: nullableString, restore: { type: 'string' } } } } },
    handle: async (c, deps) => {
      const id = c.req.param('id') ?? '';
      const current = await planDetails(deps.store, id);
      expectedVersion(c, current.version);
      const removed = await planRemove(deps.store, id, authorOf(c));
      return c.json({ ...removed, restore: `/api/plans/${encodeURIComponent(id)}/restore` });
    },
  },
  {
    method: 'post',
    path: '/api/plans/{id}/restore',
    permission: only('upload'),
    operationId: 'restorePlan',
    summary: 'Bring a removed plan back from its kept original file (corrections re-applied; a merged plan gets back the progress updates and meetings the merge carried over)',
    responses: { 201: { description: 'Restored, with how many records came back from the plan it was merged into', schema: { type: 'object', properties: { planId: { type: 'string' }, updates: { type: 'integer' }, meetings: { type: 'integer' } } } } },
    handle: async (c, deps) => {
      const restored = await planRestore(deps.store, c.req.param('id') ?? '', authorOf(c));
      c.header('Location', `/api/plans/${encodeURIComponent(restored.planId)}`);
      return c.json(restored, 201);
    },
  },
  {
    method: 'post',
    path: '/api/plans/{id}/merge',
    permission: on('coordinate', 'plan'),
    operationId: 'mergePlan',
    summary: 'Merge a duplicate plan into the plan it duplicates: its progress updates and meetings move to the same-worded commitments and same-named mechanisms there, then it is removed (restorable); 409 when `into` is not a duplicate or a record has no counterpart',
    body: { contentType: 'application/json', schema: { type: 'object', properties: { into: { type: 'string', maxLength: 100 } }, required: ['into'], additionalProperties: false } },
    responses: { 200: { description: 'Merged', schema: { type: 'object', properties: { into: { type: 'string' }, updates: { type: 'integer' }, meetings: { type: 'integer' } } } } },
    handle: async (c, deps, input) => c.json(await planMerge(deps.store, c.req.param('id') ?? '', (input.body as { into: string }).into, authorOf(c))),
  },
  {
    method: 'get',
    path: '/api/removed-plans',
    permission: only('upload'),
    operationId: 'listRemovedPlans',
    summary: 'Plans removed or merged whose files are kept (restorable), most recent first, with who removed them and how',
    responses: { 200: { description: 'Removed plans', schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: {} } } } } } },
    handle: async (c, deps) => c.json({ items: await plansRemoved(deps.store) }),
  },
  {
    method: 'get',
    path: '/api/plans/{id}/duplicates',
    permission: READ,
    operationId: 'planDuplicates',
    summary: 'Other plans this one duplicates: the same partnership and title with most commitments worded the same',
    responses: { 200: { description: 'Possible duplicates', schema: { type: 'object', properties: { items: { type: 'array', items: ref('Duplicate') } } } } },
    handle: async (c, deps) => {
      const plan = await deps.register.getPlan(c.req.param('id') ?? '');
      if (!plan) throw new KizunaError('not-found', `No plan with id ${c.req.param('id')}.`);
      return c.json({ items: await duplicatesOfPlan(deps.store, plan, scopeOf(c)) });
    },
  },
  {
    method: 'get',
    path: '/api/commitments',
    permission: READ,
    operationId: 'listCommitments',
    summary: 'Commitments, filtered like `kizuna list commitments`; page with `after` (the `next` cursor) or `offset`',
    query: [...filterParams, ...pageParams, cursorParam],
    responses: { 200: { description: 'A page of commitments, with the `next` cursor when more may follow; `total` is an estimate and `totalExact` false when counting would cost more than the page (several filters on commitments of a large register)', schema: pagedSchema(ref('Commitment')) } },
    handle: async (c, deps, input) => {
      const page = commitmentPageOf(input.query);
      return pagedJson(c, page, await deps.register.listCommitments(filterOf(input.query), page));
    },
  },
  {
    method: 'get',
    path: '/api/commitments.csv',
    permission: READ,
    operationId: 'exportCommitmentsCsv',
    summary: 'Commitments as CSV (like `kizuna export --format csv`), filtered like the list; formula-like cells are neutralised',
    query: filterParams.filter((p) => p.name !== 'q'),
    responses: { 200: { description: 'One row per commitment (RFC 4180, UTF-8)', contentType: 'text/csv', schema: { type: 'string' } } },
    handle: (c, deps, input) => {
      const filter = withoutQuery(filterOf(input.query));
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="commitments.csv"');
      return stream(c, async (out) => {
        await commitmentsCsv(deps.store, (chunk) => out.write(chunk), filter, scopeOf(c));
      });
    },
  },
  {
    method: 'get',
    path: '/api/commitments/{id}',
    permission: READ,
    operationId: 'getCommitment',
    summary: 'One commitment; its ETag is its version',
    responses: { 200: { description: 'The commitment (ETag header: its version)', schema: ref('Commitment') } },
    handle: async (c, deps) => {
      const commitment = await mustGetCommitment(deps, c.req.param('id') ?? '');
      withEtag(c, commitment.version);
      if (c.req.header('If-None-Match') === etagOf(commitment.version)) return c.body(null, 304);
      return c.json(commitment);
    },
  },
  {
    method: 'patch',
    path: '/api/commitments/{id}',
    permission: on('coordinate', 'commitment'),
    operationId: 'editCommitment',
    summary: 'Correct strength, section, actors or text (stored as a correction); requires If-Match',
    ifMatch: true,
    body: { contentType: 'application/json', schema: ref('CommitmentEdit') },
    responses: { 200: { description: 'The corrected commitment (new ETag)', schema: ref('Commitment') } },
    handle: async (c, deps, input) => {
      const id = c.req.param('id') ?? '';
      const current = await mustGetCommitment(deps, id);
      const version = expectedVersion(c, current.version);
      const updated = await deps.register.editCommitment(id, version, input.body as CommitmentEdit, authorOf(c));
      withEtag(c, updated.version);
      return c.json(updated);
    },
  },
  {
    method: 'get',
    path: '/api/commitments/{id}/similar',
    permission: READ,
    operationId: 'similarCommitments',
    summary: 'Similarly worded commitments in other partnerships (precedent)',
    query: [{ name: 'limit', description: 'How many (1–50)', schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 } }],
    responses: { 200: { description: 'Most similar first', schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { score: { type: 'number' }, commitment: ref('Commitment') } } } } } } },
    handle: async (c, deps, input) => {
      const id = c.req.param('id') ?? '';
      await mustGetCommitment(deps, id);
      return c.json({ items: await deps.register.similar(id, Number(input.query.limit)) });
    },
  },
  {
    method: 'get',
    path: '/api/search',
    permission: READ,
    operationId: 'search',
    summary: 'Full-text search over commitments with facets (party, theme, strength, organization, plan, year)',
    query: [...filterParams, ...pageParams, searchCursorParam],
    responses: {
      200: {
        description: 'Ranked hits with snippets and facet counts. A broad query ranks only its first matches (`ranked`, which the page links and `next` run over); `total` is then an estimate and `totalExact` false',
        schema: pagedSchema({ type: 'object', properties: { rank: { type: 'number' }, commitment: ref('Commitment') } }),
      },
    },
    handle: async (c, deps, input) => {
      const filter = filterOf(input.query);
      const page = searchPageOf(input.query, Boolean(filter.q?.trim()));
      const result = await deps.register.search(filter, page);
      const translated = result.translatedQuery ? { translatedQuery: result.translatedQuery } : {};
      // Pages (links, `next`) run over the ranked hits; `total` is every match, estimated when `totalExact` is false.
      // Without a query the hits are the list, whose total (and so `ranked`) may be an estimate that `next` pages past.
      const next = result.nextHit ?? result.next;
      const listed = filter.q?.trim() ? {} : { totalExact: result.totalExact };
      return pagedJson(c, page, { items: result.items, total: result.ranked, ...listed, ...(next ? { next } : {}) }, {
        total: result.total,
        totalExact: result.totalExact,
        ranked: result.ranked,
        facets: result.facets,
        facetsSampled: result.facetsSampled,
        q: filter.q ?? '',
        ...translated,
      });
    },
  },
  {
    method: 'get',
    path: '/api/organizations',
    permission: READ,
    operationId: 'listOrganizations',
    summary: 'Ministries and agencies with the partners they engage with and on how many commitments',
    query: [...filterParams, ...pageParams],
    responses: { 200: { description: 'A page of organizations', schema: pagedSchema(ref('Organization')) } },
    handle: async (c, deps, input) => {
      const page = pageOf(input.query);
      return pagedJson(c, page, await deps.register.listOrganizations(filterOf(input.query), page));
    },
  },
  {
    method: 'post',
    path: '/api/demo',
    permission: only('administer'),
    operationId: 'loadDemo',
    summary: 'Load the demo seeds (the real plans shipped with Kizuna); idempotent',
    responses: { 200: { description: 'What was loaded', schema: { type: 'object', properties: { plans: { type: 'integer' }, commitments: { type: 'integer' } } } } },
    handle: async (c, deps) => c.json(await deps.register.loadDemo()),
  },
];

export const registerModule: ApiModule = {
  tag: { name: 'register', description: 'Plans, commitments, organizations, search and the portfolio' },
  routes,
};
