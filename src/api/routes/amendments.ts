// Amendment routes: propose an amendment to a plan, each side's consent, decline or comment, withdrawal,
// and the redline between two versions of the plan (the plan as in force on a day is GET /api/plans/{id}?as_of=).
import type { ApiModule, JsonSchema, RouteDef } from '../route.js';
import { actorOf } from '../../http/edits.js';
import { amendmentOf, amendmentsOf, planRedline, proposeAmendment, respondToAmendment, withdrawAmendment, type ProposeInput, type RespondInput } from '../../ops/plan-amend.js';
import { scopeOf } from '../../http/principal.js';
import { READ, on } from '../../auth/policy.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const text = (maxLength: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength });
const side: JsonSchema = { type: 'string', maxLength: 8, description: "the party you act for (administrators); a coordinator's grant decides it otherwise" };

const schemas: Record<string, JsonSchema> = {
  AmendmentChanges: {
    type: 'object',
    description: 'What the amendment changes: commitments added, reworded or withdrawn (register ids), the period, a mechanism’s cadence, a provision’s text (plan keys)',
    additionalProperties: false,
    properties: {
      add: {
        type: 'array',
        maxItems: 200,
        items: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: text(4000), sectionId: { type: ['string', 'null'] }, strength: { type: 'string', enum: ['firm', 'intent', 'exploratory'] } } },
      },
      reword: { type: 'array', maxItems: 200, items: { type: 'object', required: ['commitmentId', 'text'], additionalProperties: false, properties: { commitmentId: text(300), text: text(4000) } } },
      withdraw: { type: 'array', maxItems: 200, items: text(300) },
      period: { type: 'object', additionalProperties: false, properties: { start: { type: ['string', 'null'] }, end: { type: ['string', 'null'] } } },
      cadence: {
        type: 'array',
        maxItems: 100,
        items: { type: 'object', required: ['mechanismId', 'cadence'], additionalProperties: false, properties: { mechanismId: text(300), cadence: { type: 'string', enum: ['annual', 'biennial', 'regular', 'once', 'unspecified'] } } },
      },
      provisions: { type: 'array', maxItems: 100, items: { type: 'object', required: ['provisionId', 'text'], additionalProperties: false, properties: { provisionId: text(300), text: text(4000) } } },
    },
  },
  Amendment: {
    type: 'object',
    description: 'An amendment with every response (consents, declines, comments: append-only)',
    required: ['id', 'planId', 'number', 'state', 'changes', 'responses'],
    properties: {
      id: { type: 'string' },
      planId: { type: 'string' },
      number: { type: 'integer' },
      title: { type: 'string' },
      rationale: { type: 'string' },
      changes: ref('AmendmentChanges'),
      effectiveDate: { type: ['string', 'null'] },
      state: { type: 'string', enum: ['proposed', 'agreed', 'declined', 'withdrawn'] },
      proposedBy: { type: 'string' },
      proposedSide: { type: 'string' },
      addedCommitmentIds: { type: 'array', items: { type: 'string' } },
      responses: { type: 'array', items: { type: 'object', properties: { side: { type: 'string' }, decision: { type: 'string' }, actor: { type: 'string' }, at: { type: 'string' }, instrument: { type: ['string', 'null'] }, comment: { type: ['string', 'null'] } } } },
    },
  },
};

const routes: RouteDef[] = [
  {
    method: 'get',
    path: '/api/plans/{id}/amendments',
    permission: READ,
    operationId: 'listAmendments',
    summary: "A plan's amendments (proposed, agreed, declined, withdrawn), in order of proposal",
    responses: { 200: { description: 'Amendments', schema: { type: 'object', properties: { items: { type: 'array', items: ref('Amendment') } } } } },
    handle: async (c, deps) => c.json({ items: await amendmentsOf(deps.store, c.req.param('id') ?? '', scopeOf(c), deps.now()) }),
  },
  {
    method: 'post',
    path: '/api/plans/{id}/amendments',
    permission: on('coordinate', 'plan'),
    operationId: 'proposeAmendment',
    summary: "Propose an amendment to the plan in force (a coordinator of one side); the proposing side's consent is recorded with it",
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        required: ['title', 'rationale', 'changes'],
        additionalProperties: false,
        properties: { title: text(300), rationale: text(4000), changes: ref('AmendmentChanges'), effectiveDate: { type: 'string', format: 'date' }, side, instrument: { type: 'string', maxLength: 500, description: 'the written instrument of this side’s consent' } },
      },
    },
    responses: { 201: { description: 'The amendment as proposed', schema: ref('Amendment') } },
    handle: async (c, deps, input) => {
      const body = input.body as Omit<ProposeInput, 'planId'>;
      const amendment = await proposeAmendment(deps.store, actorOf(c), { ...body, planId: c.req.param('id') ?? '' }, deps.now());
      c.header('Location', `/api/amendments/${encodeURIComponent(amendment.id)}`);
      return c.json(amendment, 201);
    },
  },
  {
    method: 'get',
    path: '/api/amendments/{id}',
    permission: READ,
    operationId: 'getAmendment',
    summary: 'One amendment with its responses',
    responses: { 200: { description: 'The amendment', schema: ref('Amendment') } },
    handle: async (c, deps) => c.json(await amendmentOf(deps.store, c.req.param('id') ?? '', scopeOf(c))),
  },
  {
    method: 'post',
    path: '/api/amendments/{id}/responses',
    permission: on('coordinate', 'amendment'),
    operationId: 'respondToAmendment',
    summary: "One side's consent (with the written instrument), decline or comment; consents and declines are final; the last party's consent makes the amendment take effect",
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        required: ['decision'],
        additionalProperties: false,
        properties: { decision: { type: 'string', enum: ['consent', 'decline', 'comment'] }, side, instrument: { type: 'string', maxLength: 500 }, comment: { type: 'string', maxLength: 4000 } },
      },
    },
    responses: { 201: { description: 'The amendment after the response', schema: ref('Amendment') } },
    handle: async (c, deps, input) => c.json(await respondToAmendment(deps.store, actorOf(c), c.req.param('id') ?? '', input.body as RespondInput, deps.now()), 201),
  },
  {
    method: 'post',
    path: '/api/amendments/{id}/withdraw',
    permission: on('coordinate', 'proposed-amendment'),
    operationId: 'withdrawAmendment',
    summary: 'The proposing side withdraws its proposal (only before every party has consented)',
    responses: { 200: { description: 'The amendment, withdrawn', schema: ref('Amendment') } },
    handle: async (c, deps) => c.json(await withdrawAmendment(deps.store, actorOf(c), c.req.param('id') ?? '', deps.now())),
  },
  {
    method: 'get',
    path: '/api/plans/{id}/redline',
    permission: READ,
    operationId: 'getPlanRedline',
    summary: 'What changed between two versions of a plan (0 = as signed; default the last amendment): commitments added, withdrawn, reworded (word by word), period, cadences, provisions',
    query: [
      { name: 'from', description: 'Earlier version (0 = as signed)', schema: { type: 'integer', minimum: 0, maximum: 10000 } },
      { name: 'to', description: 'Later version', schema: { type: 'integer', minimum: 0, maximum: 10000 } },
    ],
    responses: { 200: { description: 'The redline', schema: { type: 'object', properties: {} } } },
    handle: async (c, deps, input) => c.json(await planRedline(deps.store, c.req.param('id') ?? '', input.query.from as number | undefined, input.query.to as number | undefined, scopeOf(c), deps.now())),
  },
];

export const amendmentsModule: ApiModule = {
  tag: { name: 'amendments', description: 'Amendments by mutual written consent and plan versions' },
  routes,
  schemas,
};
