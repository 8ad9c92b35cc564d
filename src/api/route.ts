// How an API route is declared: one object gives the router its handler, the validator its rules and
// the OpenAPI document its entry, so the three cannot drift apart.
import type { Context } from 'hono';
import type { AppDeps } from '../http/deps.js';
import { invalidParam, invalidRequest, type InvalidParam, type Said } from '../errors.js';
import type { Permission } from '../auth/policy.js';

/** The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that routes declare and `check` enforces. */
export type JsonSchema =
  | { type: 'string'; enum?: readonly string[]; minLength?: number; maxLength?: number; format?: string; description?: string; nullable?: never }
  | { type: 'integer'; minimum?: number; maximum?: number; description?: string }
  | { type: 'number'; description?: string }
  | { type: 'boolean'; description?: string }
  | { type: 'array'; items: JsonSchema; minItems?: number; maxItems?: number; description?: string }
  | {
      type: 'object';
      properties: Record<string, JsonSchema>;
      required?: readonly string[];
      additionalProperties?: boolean | JsonSchema;
      minProperties?: number;
      description?: string;
    }
  | { $ref: string }
  | { oneOf: JsonSchema[] }
  | { type: readonly ['string', 'null']; description?: string }
  | { type: readonly ['integer', 'null']; description?: string };

export interface QueryParam {
  name: string;
  description: string;
  schema: { type: 'string'; enum?: readonly string[]; maxLength?: number } | { type: 'integer'; minimum?: number; maximum?: number; default?: number };
}

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteDef {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/commitments/{id}`; the router turns `{id}` into `:id`. */
  path: string;
  operationId: string;
  summary: string;
  /** Who may call it (src/auth/policy.ts); checked before the body is read. Every route declares one: deny by default. */
  permission: Permission;
  query?: readonly QueryParam[];
  /** `optional`: a request may send no body at all (then `input.body` is undefined). */
  body?: { contentType: 'application/json' | 'multipart/form-data'; schema: JsonSchema; optional?: boolean };
  /** Edits of versioned records: If-Match is required (428 without, 412 when stale). */
  ifMatch?: boolean;
  /** Success responses (errors are problem+json and documented once for every route). */
  responses: Record<number, { description: string; schema?: JsonSchema; contentType?: string }>;
  handle(c: Context, deps: AppDeps, input: RouteInput): Promise<Response> | Response;
}

export interface RouteInput {
  /** Query parameters, checked and converted per `query` (integers as numbers, absent ones undefined). */
  query: Record<string, string | number | undefined>;
  /** The JSON body, checked against `body.schema` (undefined for other content types). */
  body: unknown;
}

/** A group of routes (one tag in the OpenAPI document) with the component schemas it references. */
export interface ApiModule {
  tag: { name: string; description: string };
  routes: RouteDef[];
  schemas?: Record<string, JsonSchema>;
}

/** Checks and converts query parameters; unknown parameters are refused so typos do not pass silently. */
export function checkQuery(params: readonly QueryParam[] | undefined, raw: Record<string, string>): RouteInput['query'] {
  const out: RouteInput['query'] = {};
  const invalid: InvalidParam[] = [];
  const known = new Set((params ?? []).map((p) => p.name));
  for (const name of Object.keys(raw)) {
    if (!known.has(name) && name !== 'lang') invalid.push(invalidParam(`query.${name}`, { key: 'error.reason.unknownParameter' }));
  }
  for (const param of params ?? []) {
    const value = raw[param.name];
    if (value === undefined || value === '') {
      out[param.name] = param.schema.type === 'integer' ? param.schema.default : undefined;
      continue;
    }
    const at = `query.${param.name}`;
    if (param.schema.type === 'integer') {
      // "50" matches; "5x", "1.5" and "" do not.
      if (!/^-?\d{1,9}$/.test(value)) {
        invalid.push(invalidParam(at, { key: 'error.reason.integer' }));
        continue;
      }
      const n = Number(value);
      if (param.schema.minimum !== undefined && n < param.schema.minimum) invalid.push(invalidParam(at, { key: 'error.reason.atLeast', params: { n: param.schema.minimum } }));
      else if (param.schema.maximum !== undefined && n > param.schema.maximum) invalid.push(invalidParam(at, { key: 'error.reason.atMost', params: { n: param.schema.maximum } }));
      else out[param.name] = n;
    } else {
      if (param.schema.enum && !param.schema.enum.includes(value)) invalid.push(invalidParam(at, { key: 'error.reason.oneOf', params: { values: param.schema.enum.join(', ') } }));
      else if (param.schema.maxLength !== undefined && value.length > param.schema.maxLength) invalid.push(invalidParam(at, { key: 'error.reason.tooLong', params: { n: param.schema.maxLength } }));
      else out[param.name] = value;
    }
  }
  if (invalid.length) throw invalidRequest(invalid);
  return out;
}

/** Validates a JSON value against a route's schema; `$ref`s resolve in `components`. Collects every problem. */
export function checkJson(schema: JsonSchema, value: unknown, components: Record<string, JsonSchema>, at = 'body'): InvalidParam[] {
  if ('$ref' in schema) {
    const target = components[schema.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`unknown schema reference ${schema.$ref}`);
    return checkJson(target, value, components, at);
  }
  if ('oneOf' in schema) {
    const results = schema.oneOf.map((s) => checkJson(s, value, components, at));
    if (results.some((r) => r.length === 0)) return [];
    return results.sort((a, b) => a.length - b.length)[0] ?? [invalidParam(at, { key: 'error.reason.noShape' })];
  }
  const fail = (reason: Said): InvalidParam[] => [invalidParam(at, reason)];
  if (Array.isArray(schema.type)) {
    if (value === null) return [];
    return checkJson({ type: schema.type[0] } as JsonSchema, value, components, at);
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return fail({ key: 'error.reason.string' });
      if (schema.enum && !schema.enum.includes(value)) return fail({ key: 'error.reason.oneOf', params: { values: schema.enum.join(', ') } });
      if (schema.minLength !== undefined && value.length < schema.minLength) return fail({ key: 'error.reason.minLength', params: { n: schema.minLength } });
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return fail({ key: 'error.reason.tooLong', params: { n: schema.maxLength } });
      return [];
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail({ key: 'error.reason.integer' });
      if (schema.minimum !== undefined && value < schema.minimum) return fail({ key: 'error.reason.atLeast', params: { n: schema.minimum } });
      if (schema.maximum !== undefined && value > schema.maximum) return fail({ key: 'error.reason.atMost', params: { n: schema.maximum } });
      return [];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : fail({ key: 'error.reason.number' });
    case 'boolean':
      return typeof value === 'boolean' ? [] : fail({ key: 'error.reason.boolean' });
    case 'array': {
      if (!Array.isArray(value)) return fail({ key: 'error.reason.array' });
      if (schema.minItems !== undefined && value.length < schema.minItems) return fail({ key: 'error.reason.minItems', params: { n: schema.minItems } });
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return fail({ key: 'error.reason.maxItems', params: { n: schema.maxItems } });
      return value.flatMap((item, i) => checkJson(schema.items, item, components, `${at}[${i}]`));
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail({ key: 'error.reason.object' });
      const record = value as Record<string, unknown>;
      const problems: InvalidParam[] = [];
      for (const name of schema.required ?? []) {
        if (record[name] === undefined) problems.push(invalidParam(`${at}.${name}`, { key: 'error.reason.required' }));
      }
      if (schema.minProperties !== undefined && Object.keys(record).length < schema.minProperties) {
        problems.push(invalidParam(at, { key: 'error.reason.minProperties', params: { n: schema.minProperties } }));
      }
      for (const [name, item] of Object.entries(record)) {
        const property = schema.properties[name];
        if (property) problems.push(...checkJson(property, item, components, `${at}.${name}`));
        else if (schema.additionalProperties === false) problems.push(invalidParam(`${at}.${name}`, { key: 'error.reason.unknownField' }));
        else if (typeof schema.additionalProperties === 'object') problems.push(...checkJson(schema.additionalProperties, item, components, `${at}.${name}`));
      }
      return problems;
    }
  }
  return fail({ key: 'error.reason.unsupportedSchema' });
}
