// Tracking routes: status and its history, meetings and the due list, the iCalendar feed, readout
// linking and decisions, the annual review and portfolio report, and the renewal diff.
import type { Context } from 'hono';
import { KizunaError } from '../../errors.js';
import type { ApiModule, QueryParam, RouteDef } from '../route.js';
import { authorOf } from '../../http/edits.js';
import { evidenceDownload, recordUpdate, statusOf, withdrawUpdate, type EvidenceInput } from '../../ops/tracking-status.js';
import { correctMeetingRecord, deleteMeetingRecord, dueMeetings, meetingsCalendar, recordMeeting, type MeetingCorrection } from '../../ops/tracking-meetings.js';
import { decideLink, proposeLinks } from '../../ops/tracking-link.js';
import { lastYear, renderPlanReview, renderPortfolio } from '../../ops/tracking-review.js';
import { planDiff } from '../../ops/tracking-diff.js';
import { askedLang } from '../../http/lang.js';
import { STATUSES, isIsoDay, type ImplementationStatus } from '../../track/status.js';
import { principalOf, scopeOf } from '../../http/principal.js';
import { VISIBILITIES, type Visibility } from '../../auth/principal.js';
import { READ, on, only } from '../../auth/policy.js';

const periodParams: QueryParam[] = [
  { name: 'from', description: 'First day of the period (YYYY-MM-DD; default a year before to)', schema: { type: 'string', maxLength: 10 } },
  { name: 'to', description: 'Last day of the period (YYYY-MM-DD; default today)', schema: { type: 'string', maxLength: 10 } },
];

function periodOf(query: Record<string, string | number | undefined>, now: Date) {
  const period = lastYear(now);
  for (const key of ['from', 'to'] as const) {
    const value = query[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !isIsoDay(value)) throw new KizunaError('invalid-request', `query.${key} must be a date YYYY-MM-DD`, [{ name: `query.${key}`, reason: 'must be a date YYYY-MM-DD' }]);
    period[key] = value;
  }
  if (period.from > period.to) throw new KizunaError('invalid-request', 'query.from is after query.to');
  return period;
}

const CONTENT_TYPES = { html: 'text/html; charset=utf-8', md: 'text/markdown; charset=utf-8', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };

function rendered(c: Context, body: string | Uint8Array, format: keyof typeof CONTENT_TYPES, name: string): Response {
  c.header('Content-Type', CONTENT_TYPES[format]);
  if (format === 'docx') c.header('Content-Disposition', `attachment; filename="${name}.docx"`);
  return c.body(typeof body === 'string' ? body : new Uint8Array(body));
}

const langParam: QueryParam = { name: 'lang', description: "en or ja (default: the request's Accept-Language, else en)", schema: { type: 'string', enum: ['en', 'ja'] } };

/** The reader's language: ?lang=, else a browser asking for Japanese first, else English. */

const object = { type: 'object', properties: {} } as const;

const routes: RouteDef[] = [
  {
    method: 'get',
    path: '/api/commitments/{id}/status',
    permission: READ,
    operationId: 'getCommitmentStatus',
    summary: "A commitment's implementation status and every progress update",
    responses: { 200: { description: 'Status and history', schema: object } },
    handle: async (c, deps) => c.json(await statusOf(deps.store, c.req.param('id') ?? '', scopeOf(c))),
  },
  {
    method: 'post',
    path: '/api/commitments/{id}/status',
    permission: on('report', 'commitment'),
    operationId: 'recordProgressUpdate',
    summary: 'Record a dated progress update (status, note, evidence links) on a commitment',
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: STATUSES },
          note: { type: 'string', minLength: 1, maxLength: 4000 },
          date: { type: 'string', format: 'date' },
          evidence: { type: 'array', items: { type: 'string', maxLength: 2000 }, maxItems: 20, description: 'http(s) links' },
          visibility: { type: 'string', enum: VISIBILITIES, description: "who may read it: internal (the author's side), shared (both sides), public; default: the partnership's default" },
        },
        required: ['status', 'note'],
        additionalProperties: false,
      },
    },
    responses: { 201: { description: 'The update as recorded', schema: object } },
    handle: async (c, deps, input) => {
      const body = input.body as { status: ImplementationStatus; note: string; date?: string; evidence?: string[]; visibility?: Visibility };
      const evidence: EvidenceInput[] = (body.evidence ?? []).map((url) => ({ kind: 'url', url }));
      const update = await recordUpdate(
        deps.store,
        { commitmentId: c.req.param('id') ?? '', status: body.status, note: body.note, evidence, author: authorOf(c), principal: principalOf(c), ...(body.visibility ? { visibility: body.visibility } : {}), ...(body.date ? { date: body.date } : {}) },
        deps.now(),
      );
      return c.json(update, 201);
    },
  },
  {
    method: 'delete',
    path: '/api/commitments/{id}/status/{update}',
    permission: on('report', 'update', 'update'),
    operationId: 'withdrawProgressUpdate',
    summary: "Withdraw one of a commitment's progress updates (recorded by mistake), the latest or an older one: the status becomes that of the latest update left",
    responses: { 200: { description: 'The status now', schema: object } },
    handle: async (c, deps) => c.json(await withdrawUpdate(deps.store, c.req.param('id') ?? '', c.req.param('update') ?? '', authorOf(c))),
  },
  {
    method: 'get',
    path: '/api/evidence/{sha256}',
    permission: READ,
    operationId: 'downloadEvidence',
    summary: 'An evidence file recorded with a progress update, by its SHA-256 (as an attachment)',
    responses: { 200: { description: 'The file as uploaded', contentType: 'application/octet-stream' } },
    handle: async (c, deps) => {
      const file = await evidenceDownload(deps.store, c.req.param('sha256') ?? '', scopeOf(c));
      // Always an attachment: an uploaded HTML or SVG file must never render in the app's origin.
      c.header('Content-Type', 'application/octet-stream');
      c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
      return c.body(new Uint8Array(file.bytes));
    },
  },
  {
    method: 'get',
    path: '/api/meetings',
    permission: READ,
    operationId: 'listDueMeetings',
    summary: 'Every mechanism with its next due meeting; `due=true` keeps overdue and due-soon ones',
    query: [{ name: 'due', description: 'Only overdue and due-soon mechanisms', schema: { type: 'string', enum: ['true', 'false'] } }],
    responses: { 200: { description: 'Mechanisms, soonest first', schema: object } },
    handle: async (c, deps, input) => {
      let items = await dueMeetings(deps.store, scopeOf(c), deps.now());
      if (input.query.due === 'true') items = items.filter((i) => i.state === 'overdue' || i.state === 'due_soon');
      return c.json({ items });
    },
  },
  {
    method: 'post',
    path: '/api/mechanisms/{id}/meetings',
    permission: on('coordinate', 'mechanism'),
    operationId: 'recordMeeting',
    summary: 'Record a meeting of a mechanism (date, place, level, outcome)',
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        properties: {
          date: { type: 'string', format: 'date' },
          place: { type: 'string', maxLength: 200 },
          level: { type: 'string', maxLength: 200 },
          outcome: { type: 'string', maxLength: 4000 },
          participants: { type: 'string', maxLength: 2000 },
          minutes: { type: 'string', maxLength: 2000, description: 'http(s) link to the minutes' },
          visibility: { type: 'string', enum: VISIBILITIES, description: "who may read it: internal (the author's side), shared (both sides), public; default: the partnership's default" },
        },
        required: ['date'],
        additionalProperties: false,
      },
    },
    responses: { 201: { description: 'The meeting as recorded', schema: object } },
    handle: async (c, deps, input) => {
      const { minutes, ...body } = input.body as { date: string; place?: string; level?: string; outcome?: string; participants?: string; minutes?: string; visibility?: Visibility };
      const meeting = await recordMeeting(deps.store, { mechanismId: c.req.param('id') ?? '', ...body, minutes: minutes ? { kind: 'url', url: minutes } : null, author: authorOf(c), principal: principalOf(c) }, deps.now());
      return c.json(meeting, 201);
    },
  },
  {
    method: 'patch',
    path: '/api/meetings/{id}',
    permission: on('coordinate', 'meeting'),
    operationId: 'correctMeeting',
    summary: 'Correct a meeting record in place (date, place, level, outcome, participants, minutes link; null clears one); the event log keeps it as it was',
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        properties: {
          date: { type: 'string', format: 'date' },
          place: { type: ['string', 'null'] },
          level: { type: ['string', 'null'] },
          outcome: { type: ['string', 'null'] },
          participants: { type: ['string', 'null'] },
          minutes: { type: ['string', 'null'], description: 'http(s) link to the minutes; null removes them' },
        },
        minProperties: 1,
        additionalProperties: false,
      },
    },
    responses: { 200: { description: 'The meeting as corrected', schema: object } },
    handle: async (c, deps, input) => {
      const { minutes, ...body } = input.body as MeetingCorrection & { minutes?: string | null };
      const correction: MeetingCorrection = { ...body, ...(minutes !== undefined ? { minutes: minutes === null ? null : { kind: 'url', url: minutes } } : {}) };
      return c.json(await correctMeetingRecord(deps.store, c.req.param('id') ?? '', correction, authorOf(c), deps.now()));
    },
  },
  {
    method: 'delete',
    path: '/api/meetings/{id}',
    permission: on('coordinate', 'meeting'),
    operationId: 'deleteMeeting',
    summary: 'Delete a meeting record (recorded twice or by mistake); the event log keeps it',
    responses: { 200: { description: 'The record as it was', schema: object } },
    handle: async (c, deps) => c.json(await deleteMeetingRecord(deps.store, c.req.param('id') ?? '', authorOf(c))),
  },
  {
    method: 'get',
    path: '/api/calendar.ics',
    permission: READ,
    operationId: 'getCalendar',
    summary: 'iCalendar (RFC 5545) feed of due meetings, plan expiries and dated instruments',
    responses: { 200: { description: 'VCALENDAR', contentType: 'text/calendar' } },
    handle: async (c, deps) => {
      c.header('Content-Type', 'text/calendar; charset=utf-8');
      return c.body(await meetingsCalendar(deps.store, scopeOf(c), deps.now()));
    },
  },
  {
    method: 'post',
    path: '/api/readouts',
    permission: only('upload'),
    operationId: 'linkReadout',
    summary: 'Link a readout (its text) to the commitments and mechanisms it is evidence for; returns the event read and numbered proposals (proposed: true above the threshold, then the next best candidates); linking again replaces open proposals',
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200, description: 'file name, e.g. readout.txt or readout.html' },
          text: { type: 'string', minLength: 1, maxLength: 1000000 },
          planId: { type: 'string', maxLength: 200 },
          date: { type: 'string', format: 'date', description: "the readout's own date, for a text that dates its event only by day and month, or not at all" },
        },
        required: ['name', 'text'],
        additionalProperties: false,
      },
    },
    responses: { 200: { description: 'Proposals, best first', schema: object } },
    handle: async (c, deps, input) => {
      const body = input.body as { name: string; text: string; planId?: string; date?: string };
      const name = /\.(txt|md|html?)$/i.test(body.name) ? body.name : `${body.name}.txt`;
      const result = await proposeLinks(deps.store, { name, bytes: new TextEncoder().encode(body.text) }, { ...(body.planId ? { planId: body.planId } : {}), ...(body.date ? { date: body.date } : {}) });
      if (!result.readoutId) throw new KizunaError('unprocessable-document', result.messages.map((m) => m.reason).join('; '));
      return c.json({ readoutId: result.readoutId, event: result.event, proposals: result.proposals });
    },
  },
  {
    method: 'post',
    path: '/api/link-proposals/{id}/decision',
    permission: on('coordinate', 'proposal'),
    operationId: 'decideLinkProposal',
    summary: 'Accept (recording the proposed update or meeting) or reject a link proposal',
    body: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        properties: {
          decision: { type: 'string', enum: ['accept', 'reject'] },
          date: { type: 'string', format: 'date', description: 'the event date, where the readout gives none' },
          visibility: { type: 'string', enum: VISIBILITIES, description: "who may read it: internal (the author's side), shared (both sides), public; default: the partnership's default" },
        },
        required: ['decision'],
        additionalProperties: false,
      },
    },
    responses: { 200: { description: 'The decided proposal', schema: object } },
    handle: async (c, deps, input) => {
      const id = c.req.param('id') ?? '';
      if (!/^\d{1,9}$/.test(id)) throw new KizunaError('not-found', `No link proposal ${id}.`);
      const { decision, date, visibility } = input.body as { decision: 'accept' | 'reject'; date?: string; visibility?: Visibility };
      return c.json(await decideLink(deps.store, Number(id), decision, authorOf(c), deps.now(), date, { principal: principalOf(c), ...(visibility ? { visibility } : {}) }));
    },
  },
  {
    method: 'get',
    path: '/api/plans/{id}/review',
    permission: READ,
    operationId: 'getPlanReview',
    summary: 'The annual review of a plan for a period, as print-ready HTML, Markdown or DOCX, in English or Japanese',
    query: [
      ...periodParams,
      { name: 'format', description: 'html (default), md or docx', schema: { type: 'string', enum: ['html', 'md', 'docx'] } },
      langParam,
    ],
    responses: { 200: { description: 'The review', contentType: 'text/html' } },
    handle: async (c, deps, input) => {
      const format = (input.query.format as 'html' | 'md' | 'docx' | undefined) ?? 'html';
      const id = c.req.param('id') ?? '';
      const body = await renderPlanReview(deps.store, id, periodOf(input.query, deps.now()), format, scopeOf(c), askedLang(c, input.query.lang));
      c.header('Vary', 'Accept-Language', { append: true });
      return rendered(c, body, format, `review-${id}`);
    },
  },
  {
    method: 'get',
    path: '/api/portfolio/review',
    permission: READ,
    operationId: 'getPortfolioReview',
    summary: 'The portfolio report across every plan for a period, as HTML or Markdown, in English or Japanese',
    query: [...periodParams, { name: 'format', description: 'html (default) or md', schema: { type: 'string', enum: ['html', 'md'] } }, langParam],
    responses: { 200: { description: 'The report', contentType: 'text/html' } },
    handle: async (c, deps, input) => {
      const format = (input.query.format as 'html' | 'md' | undefined) ?? 'html';
      c.header('Vary', 'Accept-Language', { append: true });
      return rendered(c, await renderPortfolio(deps.store, periodOf(input.query, deps.now()), format, scopeOf(c), askedLang(c, input.query.lang)), format, 'portfolio');
    },
  },
  {
    method: 'get',
    path: '/api/diff',
    permission: READ,
    operationId: 'diffPlans',
    summary: 'Renewal comparison of two plans: carried over, changed, new, dropped; plus a Markdown draft successor',
    query: [
      { name: 'old', description: 'Id of the earlier plan', schema: { type: 'string', maxLength: 200 } },
      { name: 'new', description: 'Id of the later plan', schema: { type: 'string', maxLength: 200 } },
    ],
    responses: { 200: { description: 'The diff and the draft', schema: object } },
    handle: async (c, deps, input) => {
      const [oldId, newId] = [input.query.old, input.query.new];
      if (typeof oldId !== 'string' || typeof newId !== 'string') throw new KizunaError('invalid-request', 'query.old and query.new are required');
      return c.json(await planDiff(deps.store, oldId, newId, scopeOf(c)));
    },
  },
];

export const trackingModule: ApiModule = {
  tag: { name: 'tracking', description: 'Implementation status, meetings, evidence linking, annual review and renewal' },
  routes,
};
