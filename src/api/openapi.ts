// Builds the OpenAPI 3.1 document from the same route definitions the router mounts.
import type { ApiModule, JsonSchema, RouteDef } from './route.js';
import { registerSchemas } from './routes/schemas.js';

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function operation(route: RouteDef, tag: string) {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const parameters: object[] = [
    ...pathParams,
    ...(route.query ?? []).map((p) => ({ name: p.name, in: 'query', required: false, description: p.description, schema: p.schema })),
  ];
  if (route.ifMatch) parameters.push({ name: 'If-Match', in: 'header', required: true, description: 'ETag from the last GET', schema: { type: 'string' } });
  const responses: Record<string, object> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } } : {}),
    };
  }
  responses['400'] = problemResponse('Invalid request');
  if (pathParams.length) responses['404'] = problemResponse('Not found');
  if (route.ifMatch) {
    responses['409'] = problemResponse('Version conflict');
    responses['412'] = problemResponse('If-Match is stale');
    responses['428'] = problemResponse('If-Match missing');
  }
  if (route.body) responses['415'] = problemResponse('Unsupported media type');
  if (route.body?.contentType === 'multipart/form-data') responses['413'] = problemResponse('Upload too large');
  responses['500'] = problemResponse('Internal error');
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [tag],
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: !route.body.optional, content: { [route.body.contentType]: { schema: route.body.schema } } } } : {}),
    responses,
  };
}

export function openApiDocument(modules: ApiModule[], version: string) {
  const paths: Record<string, Record<string, object>> = {
    '/api/openapi.json': { get: { operationId: 'getOpenApi', summary: 'This document', tags: ['meta'], responses: { 200: { description: 'OpenAPI 3.1' } } } },
  };
  const schemas: Record<string, JsonSchema> = { ...registerSchemas };
  for (const module of modules) {
    Object.assign(schemas, module.schemas);
    for (const route of module.routes) (paths[route.path] ??= {})[route.method] = operation(route, module.tag.name);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kizuna API', version, description: 'The register of bilateral cooperation commitments. Errors are RFC 9457 problem+json with a stable `code`.' },
    tags: [{ name: 'meta', description: 'About the API' }, ...modules.map((m) => m.tag)],
    paths,
    components: { schemas },
  };
}

/** Every component schema known to validators: the register's plus those modules add. */
export function componentSchemas(modules: ApiModule[]): Record<string, JsonSchema> {
  return Object.assign({}, registerSchemas, ...modules.map((m) => m.schemas ?? {}));
}
