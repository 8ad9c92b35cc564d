// Lineage routes: declare that a plan renews an earlier plan of its partnership (its renewal diff's carried-over
// pairs become commitment lineage), unlink or link a pair by hand, and read a renewal or a commitment's lineage.
import type { ApiModule, JsonSchema, RouteDef } from '../route.js';
import { actorOf } from '../../http/edits.js';
import { decideLineage, lineageOf, renewalView, renewPlan } from '../../ops/lineage.js';
import { scopeOf } from '../../http/principal.js';
import { READ, on } from '../../auth/policy.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const id: JsonSchema = { type: 'string', minLength: 1, maxLength: 300 };
const status: JsonSchema = { type: 'string', description: 'Implementation status as the reader sees it (the latest update they may read)' };

const step: JsonSchema = {
  type: 'object',
  description: 'A commitment on the other end of a link, with the tracking the reader may see',
  properties: {
    id: { type: 'string' },
    text: { type: 'string' },
    planId: { type: 'string' },
    planTitle: { type: ['string', 'null'] },
    periodStart: { type: ['string', 'null'] },
    periodEnd: { type: ['string', 'null'] },
    score: { type: 'number', description: 'Similarity of the two texts (Jaccard of their terms, 0–1)' },
    origin: { type: 'string', enum: ['diff', 'person'] },
    status,
    updates: { type: 'array', items: { type: 'object', properties: {} } },
    meetings: { type: 'array', items: { type: 'object', properties: {} } },
  },
};

const schemas: Record<string, JsonSchema> = {
  LineagePair: {
    type: 'object',
    required: ['predecessorId', 'successorId', 'score', 'origin', 'linked'],
    properties: {
      predecessorId: { type: 'string' },
      successorId: { type: 'string' },
      score: { type: 'number' },
      origin: { type: 'string', enum: ['diff', 'person'] },
      linked: { type: 'boolean' },
      decidedBy: { type: ['string', 'null'] },
      predecessorText: { type: 'string' },
      successorText: { type: 'string' },
      predecessorStatus: status,
    },
  },
  Renewal: {
    type: 'object',
    description: 'What a plan renews and the pairs of its renewal (linked and unlinked); null renewal when none is declared or the reader may not read the earlier plan',
    required: ['planId', 'renewal', 'pairs'],
    properties: {
      planId: { type: 'string' },
      renewal: { type: 'object', properties: { renews: { type: 'string' }, renewsTitle: { type: ['string', 'null'] }, threshold: { type: 'number' }, declaredBy: { type: 'string' }, declaredAt: { type: 'string' } } },
      renewedBy: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: ['string', 'null'] } } } },
      suggested: { type: 'object', description: 'The earlier plan the register links this one to (same partnership and kind), or null', properties: { id: { type: 'string' }, title: { type: ['string', 'null'] } } },
      pairs: { type: 'array', items: ref('LineagePair') },
    },
  },
  CommitmentLineage: {
    type: 'object',
    required: ['commitmentId', 'predecessors', 'successors'],
    properties: { commitmentId: { type: 'string' }, predecessors: { type: 'array', items: step }, successors: { type: 'array', items: step } },
  },
};

const routes: RouteDef[] = [
  {
    method: 'get',
    path: '/api/plans/{id}/renewal',
    permission: READ,
    operationId: 'getRenewal',
    summary: 'The plan this one renews and the lineage pairs of the renewal, each with the earlier commitment’s last status (the starting point of the one carried over)',
    responses: { 200: { description: 'The renewal', schema: ref('Renewal') } },
    handle: async (c, deps) => c.json(await renewalView(deps.store, c.req.param('id') ?? '', scopeOf(c))),
  },
  {
    method: 'post',
    path: '/api/plans/{id}/renewal',
    permission: on('coordinate', 'plan'),
    operationId: 'renewPlan',
    summary: 'Declare that this plan renews an earlier plan of its partnership (default: the one the register links it to) and link the carried-over commitments; run again to re-match the pairs nobody decided on',
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: { renews: id, threshold: { type: 'number', description: 'Similarity from which two commitments are the same one carried over (default 0.5)' } },
      },
    },
    responses: { 201: { description: 'The renewal with its pairs', schema: ref('Renewal') } },
    handle: async (c, deps, input) => {
      const body = (input.body ?? {}) as { renews?: string; threshold?: number };
      const planId = c.req.param('id') ?? '';
      await renewPlan(deps.store, actorOf(c), planId, body.renews, body.threshold === undefined ? {} : { threshold: body.threshold });
      return c.json(await renewalView(deps.store, planId, scopeOf(c)), 201);
    },
  },
  {
    method: 'post',
    path: '/api/plans/{id}/lineage',
    permission: on('coordinate', 'plan'),
    operationId: 'decideLineage',
    summary: 'Link or unlink one pair of the renewal by hand (a commitment of the earlier plan, one of this plan); a link displaces links either had',
    body: {
      contentType: 'application/json',
      schema: { type: 'object', required: ['predecessorId', 'successorId', 'linked'], additionalProperties: false, properties: { predecessorId: id, successorId: id, linked: { type: 'boolean' } } },
    },
    responses: { 200: { description: 'The pair as now stored', schema: ref('LineagePair') } },
    handle: async (c, deps, input) => c.json(await decideLineage(deps.store, actorOf(c), c.req.param('id') ?? '', input.body as { predecessorId: string; successorId: string; linked: boolean })),
  },
  {
    method: 'get',
    path: '/api/commitments/{id}/lineage',
    permission: READ,
    operationId: 'getCommitmentLineage',
    summary: 'The commitment’s predecessors in earlier plans and successors in later ones (nearest first), each with its status history and meetings as the reader may see them',
    responses: { 200: { description: 'The lineage', schema: ref('CommitmentLineage') } },
    handle: async (c, deps) => c.json(await lineageOf(deps.store, c.req.param('id') ?? '', scopeOf(c))),
  },
];

export const lineageModule: ApiModule = {
  tag: { name: 'lineage', description: 'Commitment lineage across renewal into the next plan' },
  routes,
  schemas,
};
