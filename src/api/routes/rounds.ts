// Update round routes: a coordinator opens a round on a plan and follows it (answered / overdue / not
// requested), edits its assignments, accepts or returns answers, reminds those who owe answers, closes it; a contributor lists what its organizations are
// asked ("my commitments") and answers per assignment.
import type { ApiModule, JsonSchema, RouteDef } from '../route.js';
import { actorOf } from '../../http/edits.js';
import { principalOf, scopeOf } from '../../http/principal.js';
import { acceptAnswer, answerAssignment, changeAssignment, closeRound, myAssignments, openRound, remindRound, reopenRound, returnAnswer, roundOf, roundsOf } from '../../ops/rounds.js';
import { readVisibility } from '../../ops/visibility.js';
import { STATUSES } from '../../track/status.js';
import { on, only } from '../../auth/policy.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const text = (maxLength: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength });
const idOf = (value: string | undefined) => Number(/^\d{1,9}$/.test(value ?? '') ? value : NaN);

const schemas: Record<string, JsonSchema> = {
  UpdateRound: {
    type: 'object',
    description: 'An update round of a plan: who was asked about which commitment, each answer, the commitments not requested, counts per organization',
    required: ['id', 'planId', 'title', 'dueDate', 'state'],
    properties: {
      id: { type: 'string' },
      planId: { type: 'string' },
      title: { type: 'string' },
      dueDate: { type: 'string' },
      openedOn: { type: 'string' },
      openedBy: { type: 'string' },
      state: { type: 'string', enum: ['open', 'closed'] },
      stateChange: {
        type: 'object',
        description: 'Who last closed or reopened the round and when (from the audit trail); null when nobody has',
        properties: { action: { type: 'string', enum: ['close', 'reopen'] }, by: { type: 'string' }, on: { type: 'string', description: 'YYYY-MM-DD' } },
      },
      assignments: { type: 'array', items: ref('RoundAssignment') },
      notRequested: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' } } } },
      organizations: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, side: { type: ['string', 'null'] }, total: { type: 'integer' }, answered: { type: 'integer' }, accepted: { type: 'integer' }, overdue: { type: 'integer' } } } },
    },
  },
  RoundAssignment: {
    type: 'object',
    description: 'One commitment asked of one organization, with its answer (null until saved)',
    required: ['id', 'commitmentId', 'progress'],
    properties: {
      id: { type: 'integer' },
      roundId: { type: 'string' },
      commitmentId: { type: 'string' },
      commitmentText: { type: 'string' },
      organization: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, party: { type: ['string', 'null'] } } },
      progress: { type: 'string', enum: ['not_answered', 'draft', 'submitted', 'accepted', 'returned'] },
      overdue: { type: 'boolean' },
      answer: { type: 'object', properties: {} },
    },
  },
};

const routes: RouteDef[] = [
  {
    method: 'get',
    path: '/api/plans/{id}/rounds',
    permission: on('coordinate', 'plan'),
    operationId: 'listRounds',
    summary: "A plan's update rounds, newest first (its coordinators)",
    responses: { 200: { description: 'Rounds', schema: { type: 'object', properties: { items: { type: 'array', items: ref('UpdateRound') } } } } },
    handle: async (c, deps) => c.json({ items: await roundsOf(deps.store, c.req.param('id') ?? '', scopeOf(c), deps.now()) }),
  },
  {
    method: 'post',
    path: '/api/plans/{id}/rounds',
    permission: on('coordinate', 'plan'),
    operationId: 'openRound',
    summary: "Open an update round: every commitment asked of the organizations among its actors (or the assignments given); each contributor organization's accounts get one e-mail",
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        required: ['title', 'dueDate'],
        additionalProperties: false,
        properties: {
          title: text(300),
          dueDate: { type: 'string', format: 'date' },
          assignments: { type: 'array', maxItems: 5000, items: { type: 'object', required: ['commitmentId', 'organizationId'], additionalProperties: false, properties: { commitmentId: text(300), organizationId: text(200) } } },
        },
      },
    },
    responses: { 201: { description: 'The round, with what was sent', schema: { type: 'object', properties: { round: ref('UpdateRound'), mail: { type: 'object', properties: {} } } } } },
    handle: async (c, deps, input) => {
      const body = input.body as { title: string; dueDate: string; assignments?: { commitmentId: string; organizationId: string }[] };
      const opened = await openRound(deps.store, actorOf(c), { planId: c.req.param('id') ?? '', ...body }, deps.now(), deps.mailer);
      c.header('Location', `/api/rounds/${encodeURIComponent(opened.round.id)}`);
      return c.json(opened, 201);
    },
  },
  {
    method: 'get',
    path: '/api/rounds/{id}',
    permission: on('coordinate', 'round'),
    operationId: 'getRound',
    summary: "A round's progress: answered, overdue and not requested, per organization and side",
    responses: { 200: { description: 'The round', schema: ref('UpdateRound') } },
    handle: async (c, deps) => c.json(await roundOf(deps.store, c.req.param('id') ?? '', deps.now(), principalOf(c))),
  },
  {
    method: 'post',
    path: '/api/rounds/{id}/assignments',
    permission: on('coordinate', 'round'),
    operationId: 'changeRoundAssignment',
    summary: 'Ask one more organization about a commitment, or (remove) stop asking one that has not answered',
    body: { contentType: 'application/json', schema: { type: 'object', required: ['commitmentId', 'organizationId'], additionalProperties: false, properties: { commitmentId: text(300), organizationId: text(200), remove: { type: 'boolean' } } } },
    responses: { 200: { description: 'The round after the change', schema: ref('UpdateRound') } },
    handle: async (c, deps, input) => {
      await changeAssignment(deps.store, actorOf(c), c.req.param('id') ?? '', input.body as { commitmentId: string; organizationId: string; remove?: boolean });
      return c.json(await roundOf(deps.store, c.req.param('id') ?? '', deps.now(), principalOf(c)));
    },
  },
  {
    method: 'post',
    path: '/api/rounds/{id}/remind',
    permission: on('coordinate', 'round'),
    operationId: 'remindRound',
    summary: 'Remind now: e-mail each contributor whose organization still owes an answer (at most once a day each); 409 when the round is closed or no mail server is configured',
    responses: { 200: { description: 'What was sent, and what had already gone today (skipped)', schema: { type: 'object', properties: { planned: { type: 'integer' }, sent: { type: 'integer' }, skipped: { type: 'integer' }, failed: { type: 'array', items: { type: 'object', properties: {} } } } } } },
    handle: async (c, deps) => c.json(await remindRound(deps.store, actorOf(c), c.req.param('id') ?? '', deps.mailer, deps.now())),
  },
  {
    method: 'post',
    path: '/api/rounds/{id}/close',
    permission: on('coordinate', 'round'),
    operationId: 'closeRound',
    summary: 'Close a round: no more answers, changes or reminders; submitted answers can still be accepted (409 when already closed)',
    responses: { 200: { description: 'The round, closed', schema: ref('UpdateRound') } },
    handle: async (c, deps) => c.json(await closeRound(deps.store, actorOf(c), c.req.param('id') ?? '', deps.now())),
  },
  {
    method: 'post',
    path: '/api/rounds/{id}/reopen',
    permission: on('coordinate', 'round'),
    operationId: 'reopenRound',
    summary: 'Reopen a closed round (a coordinator of either side): answers, changes and reminders resume, by a new due date if one is given (409 when it is open)',
    body: { contentType: 'application/json', optional: true, schema: { type: 'object', additionalProperties: false, properties: { dueDate: { type: 'string', format: 'date', description: 'YYYY-MM-DD, not before today; else the old due date stands' } } } },
    responses: { 200: { description: 'The round, open again', schema: ref('UpdateRound') } },
    handle: async (c, deps, input) => c.json(await reopenRound(deps.store, actorOf(c), c.req.param('id') ?? '', deps.now(), (input.body as { dueDate?: string } | undefined)?.dueDate)),
  },
  {
    method: 'get',
    path: '/api/my/assignments',
    permission: only('account'),
    operationId: 'myAssignments',
    summary: "What the signed-in contributor's organizations are asked in open rounds, with their answers",
    responses: { 200: { description: 'Rounds and assignments', schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { round: ref('UpdateRound'), assignments: { type: 'array', items: ref('RoundAssignment') } } } } } } } },
    handle: async (c, deps) => c.json({ items: await myAssignments(deps.store, principalOf(c), deps.now()) }),
  },
  {
    method: 'post',
    path: '/api/assignments/{id}/answer',
    permission: on('report', 'assignment'),
    operationId: 'answerAssignment',
    summary: 'Save an answer as a draft, or submit it (status, note, evidence link, visibility); evidence files through the web form',
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        required: ['status', 'note'],
        additionalProperties: false,
        properties: { status: { type: 'string', enum: STATUSES }, note: { type: 'string', maxLength: 4000 }, evidenceUrl: { type: 'string', maxLength: 2000 }, visibility: { type: 'string', enum: ['internal', 'shared', 'public'] }, submit: { type: 'boolean' } },
      },
    },
    responses: { 200: { description: 'The assignment with its answer', schema: ref('RoundAssignment') } },
    handle: async (c, deps, input) => {
      const body = input.body as { status: string; note: string; evidenceUrl?: string; visibility?: string; submit?: boolean };
      return c.json(await answerAssignment(deps.store, actorOf(c), idOf(c.req.param('id')), { status: body.status, note: body.note, evidenceUrl: body.evidenceUrl ?? null, visibility: readVisibility(body.visibility), submit: body.submit === true }, deps.now()));
    },
  },
  {
    method: 'post',
    path: '/api/assignments/{id}/accept',
    permission: on('coordinate', 'assignment'),
    operationId: 'acceptAnswer',
    summary: 'Accept a submitted answer: it becomes a progress update authored by the contributor',
    responses: { 200: { description: 'The assignment, accepted', schema: ref('RoundAssignment') } },
    handle: async (c, deps) => c.json(await acceptAnswer(deps.store, actorOf(c), idOf(c.req.param('id')), deps.now())),
  },
  {
    method: 'post',
    path: '/api/assignments/{id}/return',
    permission: on('coordinate', 'assignment'),
    operationId: 'returnAnswer',
    summary: 'Return a submitted answer to its contributor with a comment',
    body: { contentType: 'application/json', schema: { type: 'object', required: ['comment'], additionalProperties: false, properties: { comment: text(4000) } } },
    responses: { 200: { description: 'The assignment, returned', schema: ref('RoundAssignment') } },
    handle: async (c, deps, input) => c.json(await returnAnswer(deps.store, actorOf(c), idOf(c.req.param('id')), (input.body as { comment: string }).comment, deps.now())),
  },
];

export const roundsModule: ApiModule = {
  tag: { name: 'rounds', description: 'Update rounds: progress requested from contributor organizations, answered, accepted or returned' },
  routes,
  schemas,
};
