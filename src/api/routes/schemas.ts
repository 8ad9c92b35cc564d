// Component schemas of the OpenAPI document for the register's records (shapes of register.ts).
import type { JsonSchema } from '../route.js';
import { STRENGTHS as strengths } from '../../ops/filter.js';
import { DOCUMENT_KINDS } from '../../types.js';
import { PLAN_FIELDS, PLAN_STATUSES } from '../../ops/plan-edit.js';

const span: JsonSchema = { type: 'object', required: ['start', 'end'], properties: { start: { type: 'integer' }, end: { type: 'integer' } } };
const nullableString: JsonSchema = { type: ['string', 'null'] };

export const registerSchemas: Record<string, JsonSchema> = {
  Span: span,
  Actor: {
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { type: 'string' }, name: { type: 'string' }, acronym: nullableString, party: nullableString },
  },
  Commitment: {
    type: 'object',
    required: ['id', 'planId', 'key', 'text', 'span', 'strength', 'actors', 'themes', 'version', 'corrected'],
    properties: {
      id: { type: 'string' },
      planId: { type: 'string' },
      planTitle: nullableString,
      parties: { type: 'array', items: { type: 'string' } },
      key: { type: 'string', description: 'Extractor id within the document, e.g. s2.1/c3' },
      text: { type: 'string' },
      span: { $ref: '#/components/schemas/Span' },
      sectionId: nullableString,
      section: nullableString,
      strength: { type: 'string', enum: strengths },
      strengthCue: nullableString,
      actors: { type: 'array', items: { $ref: '#/components/schemas/Actor' } },
      parentId: nullableString,
      themes: { type: 'array', items: { type: 'object', properties: { theme: { type: 'string' }, cue: { type: 'string' } } } },
      version: { type: 'integer' },
      corrected: { type: 'boolean' },
    },
  },
  PlanSummary: {
    type: 'object',
    required: ['id', 'kind', 'parties', 'period', 'signed', 'status', 'commitmentCount'],
    properties: {
      id: { type: 'string' },
      title: nullableString,
      kind: { type: 'string' },
      parties: { type: 'array', items: { type: 'string' } },
      period: { type: 'object', properties: { start: nullableString, end: nullableString } },
      signed: { type: 'object', properties: { date: nullableString, place: nullableString } },
      status: { type: 'string', enum: PLAN_STATUSES, description: 'From the dates: signed (not yet in force), in_force, expired, superseded (from the successor\'s start)' },
      supersedes: nullableString,
      documentName: { type: 'string' },
      commitmentCount: { type: 'integer' },
    },
  },
  Plan: {
    type: 'object',
    description: 'A plan with its normalized text (every span refers to it), sections and commitments.',
    required: ['id', 'text', 'sections', 'commitments'],
    properties: {
      id: { type: 'string' },
      text: { type: 'string' },
      sections: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: nullableString, number: nullableString, level: { type: 'integer' }, parentId: nullableString, span: { $ref: '#/components/schemas/Span' } } } },
      commitments: { type: 'array', items: { $ref: '#/components/schemas/Commitment' } },
    },
  },
  Organization: {
    type: 'object',
    required: ['id', 'name', 'partners', 'commitments'],
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      acronym: nullableString,
      party: nullableString,
      partners: { type: 'array', items: { type: 'object', properties: { party: { type: 'string' }, commitments: { type: 'integer' } } } },
      commitments: { type: 'integer' },
    },
  },
  CommitmentEdit: {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      strength: { type: 'string', enum: strengths },
      sectionId: { type: ['string', 'null'] },
      actors: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 100 },
      text: { type: 'string', minLength: 1, maxLength: 20_000 },
    },
  },
  PlanEdit: {
    type: 'object',
    description: 'Corrections of a plan\'s metadata (stored apart from the extractor\'s reading); dates as precise as known: 2024, 2024-06, 2024-06-14.',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      title: { type: ['string', 'null'] },
      kind: { type: 'string', enum: DOCUMENT_KINDS },
      parties: { type: 'array', items: { type: 'string', minLength: 2, maxLength: 2 }, minItems: 2, maxItems: 10 },
      periodStart: { type: ['string', 'null'] },
      periodEnd: { type: ['string', 'null'] },
      signedDate: { type: ['string', 'null'] },
      signedPlace: { type: ['string', 'null'] },
    },
  },
  PlanRevert: {
    type: 'object',
    required: ['fields'],
    additionalProperties: false,
    properties: { fields: { type: 'array', items: { type: 'string', enum: PLAN_FIELDS }, minItems: 1, maxItems: PLAN_FIELDS.length } },
  },
  Duplicate: {
    type: 'object',
    required: ['planId', 'reason', 'overlap'],
    properties: { planId: { type: 'string' }, title: nullableString, documentName: { type: 'string' }, reason: { type: 'string', enum: ['same-document', 'near-identical'] }, overlap: { type: 'number' } },
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details; `code` is stable.',
    required: ['type', 'title', 'status', 'code', 'detail'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      code: { type: 'string' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      'invalid-params': { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, reason: { type: 'string' } } } },
    },
  },
};
