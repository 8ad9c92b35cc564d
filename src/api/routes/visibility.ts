// Visibility and audit routes: who may read an item (changed, audited), a partnership's default visibility,
// publishing a plan, and the audit trail per plan or per account as JSON pages or CSV.
import { stream } from 'hono/streaming';
import { KizunaError } from '../../errors.js';
import type { ApiModule, QueryParam, RouteDef, RouteInput } from '../route.js';
import { authorOf } from '../../http/edits.js';
import { principalOf } from '../../http/principal.js';
import { changeDefaultVisibility, changeVisibility, partnerships, publishPlan, type VisibleItemKind } from '../../ops/visibility.js';
import { auditCsv, auditTrail, type AuditSelection } from '../../ops/audit.js';
import { VISIBILITIES, type Visibility } from '../../auth/principal.js';
import { pageOf, pageParams, pagedJson, pagedSchema } from './shared.js';
import { READ, on, only } from '../../auth/policy.js';

const visibilityBody = {
  contentType: 'application/json',
  schema: { type: 'object', properties: { visibility: { type: 'string', enum: VISIBILITIES } }, required: ['visibility'], additionalProperties: false },
} as const;

const changed = { type: 'object', properties: { before: { type: 'string' }, after: { type: 'string' } } } as const;

/** The path's kind of item (`progress-updates`) → the op's (`progress_update`). */
const KINDS: Record<string, VisibleItemKind> = { 'progress-updates': 'progress_update', meetings: 'meeting', 'link-proposals': 'link_proposal', corrections: 'correction' };

const auditParams: QueryParam[] = [
  { name: 'plan', description: 'Events about this plan (the plan, its commitments, mechanisms, meetings and items)', schema: { type: 'string', maxLength: 128 } },
  { name: 'account', description: 'Events by this account', schema: { type: 'string', maxLength: 320 } },
];

function selectionOf(query: RouteInput['query']): AuditSelection {
  const { plan, account } = query as { plan?: string; account?: string };
  if (plan && account) throw new KizunaError('invalid-request', 'Give plan or account, not both.', [{ name: 'query.plan', reason: 'cannot be combined with account' }]);
  return plan ? { plan } : account ? { account } : {};
}

const auditEvent = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
    entity: { type: 'string' },
    entityId: { type: 'string' },
    action: { type: 'string' },
    imported: { type: 'boolean', description: 'restored by kizuna import: actor and time are the original ones' },
  },
} as const;

const routes: RouteDef[] = [
  {
    method: 'put',
    path: '/api/visibility/{kind}/{id}',
    permission: only('account'),
    operationId: 'setItemVisibility',
    summary: 'Change who may read an item (kind: progress-updates, meetings, link-proposals, corrections): internal to its side, shared with the partner, or public; audited',
    body: visibilityBody,
    responses: { 200: { description: 'The visibility before and after', schema: changed } },
    handle: async (c, deps, input) => {
      const kind = KINDS[c.req.param('kind') ?? ''];
      if (!kind) throw new KizunaError('not-found', `No kind of item '${c.req.param('kind')}': use ${Object.keys(KINDS).join(', ')}.`);
      const { visibility } = input.body as { visibility: Visibility };
      return c.json(await changeVisibility(deps.store, kind, c.req.param('id') ?? '', visibility, authorOf(c), principalOf(c)));
    },
  },
  {
    method: 'get',
    path: '/api/partnerships',
    permission: READ,
    operationId: 'listPartnerships',
    summary: 'Partnerships with the visibility their items get unless the author chooses',
    responses: {
      200: {
        description: 'Every partnership',
        schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, defaultVisibility: { type: 'string', enum: VISIBILITIES } } } } } },
      },
    },
    handle: async (c, deps) => c.json({ items: await partnerships(deps.store) }),
  },
  {
    method: 'put',
    path: '/api/partnerships/{id}/visibility',
    permission: only('administer'),
    operationId: 'setDefaultVisibility',
    summary: "Set a partnership's default visibility (its coordinators and administrators); audited",
    body: visibilityBody,
    responses: { 200: { description: 'The default before and after', schema: changed } },
    handle: async (c, deps, input) => {
      const { visibility } = input.body as { visibility: Visibility };
      return c.json(await changeDefaultVisibility(deps.store, c.req.param('id') ?? '', visibility, authorOf(c), principalOf(c)));
    },
  },
  {
    method: 'put',
    path: '/api/plans/{id}/published',
    permission: on('coordinate', 'plan'),
    operationId: 'setPlanPublished',
    summary: 'Publish a plan (everyone may read it and its commitments) or take it back to a draft under negotiation; audited',
    body: { contentType: 'application/json', schema: { type: 'object', properties: { published: { type: 'boolean' } }, required: ['published'], additionalProperties: false } },
    responses: { 200: { description: 'Published before and after', schema: { type: 'object', properties: { before: { type: 'boolean' }, after: { type: 'boolean' } } } } },
    handle: async (c, deps, input) => {
      const { published } = input.body as { published: boolean };
      return c.json(await publishPlan(deps.store, c.req.param('id') ?? '', published, authorOf(c), principalOf(c)));
    },
  },
  {
    method: 'get',
    path: '/api/audit',
    permission: only('administer'),
    operationId: 'listAuditEvents',
    summary: 'The audit trail, newest first: every event, or those about one plan, or by one account (administrators; anyone their own)',
    query: [...auditParams, ...pageParams],
    responses: { 200: { description: 'A page of events', schema: pagedSchema(auditEvent) } },
    handle: async (c, deps, input) => {
      const page = pageOf(input.query);
      return pagedJson(c, page, await auditTrail(deps.store, principalOf(c), selectionOf(input.query), page));
    },
  },
  {
    method: 'get',
    path: '/api/audit.csv',
    permission: only('administer'),
    operationId: 'exportAuditCsv',
    summary: 'The audit trail as CSV (same selection as /api/audit), before and after as JSON cells',
    query: auditParams,
    responses: { 200: { description: 'One row per event (RFC 4180, UTF-8)', contentType: 'text/csv', schema: { type: 'string' } } },
    handle: async (c, deps, input) => {
      const selection = selectionOf(input.query);
      const principal = principalOf(c);
      // Refused before the stream starts, so a refusal is a 403 problem, not a broken download.
      await auditTrail(deps.store, principal, selection, { limit: 1, offset: 0 });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="audit.csv"');
      return stream(c, async (out) => {
        await auditCsv(deps.store, principal, selection, (chunk) => out.write(chunk));
      });
    },
  },
];

export const visibilityModule: ApiModule = {
  tag: { name: 'visibility', description: 'Who may read what: item visibility, partnership defaults, published plans; the audit trail' },
  routes,
};
