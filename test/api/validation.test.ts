// The request validators that the OpenAPI document describes: query parameters and JSON bodies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJson, checkQuery, type JsonSchema } from '../../src/api/route.js';
import { KizunaError } from '../../src/errors.js';
import { filterParams, pageParams } from '../../src/api/routes/shared.js';
import { registerSchemas } from '../../src/api/routes/schemas.js';

const params = [...filterParams, ...pageParams];

test('query parameters are converted, defaulted and bounded', () => {
  assert.deepEqual(checkQuery(params, { limit: '10', strength: 'firm', year: '2025' }), {
    party: undefined,
    theme: undefined,
    strength: 'firm',
    organization: undefined,
    plan: undefined,
    year: 2025,
    q: undefined,
    status: undefined,
    limit: 10,
    offset: 0,
  });
  const bads: Record<string, string>[] = [{ limit: '0' }, { limit: '201' }, { limit: '5x' }, { strength: 'strong' }, { colour: 'red' }, { offset: '-1' }];
  for (const bad of bads) {
    assert.throws(
      () => checkQuery(params, bad),
      (error: unknown) => error instanceof KizunaError && error.code === 'invalid-request' && (error.invalidParams?.length ?? 0) > 0,
      JSON.stringify(bad),
    );
  }
});

test('JSON bodies are checked against the schema, every problem named', () => {
  const edit: JsonSchema = { $ref: '#/components/schemas/CommitmentEdit' };
  assert.deepEqual(checkJson(edit, { strength: 'firm' }, registerSchemas), []);
  assert.deepEqual(checkJson(edit, { sectionId: null }, registerSchemas), []);
  assert.deepEqual(checkJson(edit, {}, registerSchemas), [{ name: 'body', reason: 'must have at least 1 field(s)', said: { key: 'error.reason.minProperties', params: { n: 1 } } }]);
  assert.deepEqual(
    checkJson(edit, { strength: 'strong', actors: ['JP:meti', 3], colour: 1 }, registerSchemas).map((p) => p.name),
    ['body.strength', 'body.actors[1]', 'body.colour'],
  );
  assert.equal(checkJson(edit, 'firm', registerSchemas)[0]?.reason, 'must be an object');
});

test('request bodies are capped before they are read: 413 problem+json, uploads by the upload limit', async () => {
  const { seededApp } = await import('../helpers/web-app.js');
  const t = await seededApp({ seed: 'none', maxUploadBytes: 1000 });
  try {
    const json = await t.app.request('/api/uploads/x/save', { method: 'POST', headers: { 'X-Kizuna-Request': '1', 'Content-Type': 'application/json', 'Content-Length': String(5 * 1024 * 1024) }, body: 'x'.repeat(5 * 1024 * 1024) });
    assert.equal(json.status, 413);
    assert.equal(json.headers.get('Content-Type'), 'application/problem+json; charset=utf-8');
    assert.equal(((await json.json()) as { code: string }).code, 'payload-too-large');
    // A file past the upload limit, inside the envelope: refused by its own cap, naming it.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(5_000)]), 'big.txt');
    const upload = await t.app.request('/api/uploads', { method: 'POST', body: form, headers: { 'X-Kizuna-Request': '1' } });
    assert.equal(upload.status, 413);
    assert.match(((await upload.json()) as { detail: string }).detail, /^big\.txt is over the upload limit of 1000 bytes\.$/);
    // A body past the envelope, said by its Content-Length: refused before a byte of it is read.
    const declared = await t.app.request('/api/uploads', { method: 'POST', body: 'x', headers: { 'X-Kizuna-Request': '1', 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': String(1 << 20) } });
    assert.equal(declared.status, 413);
    assert.match(((await declared.json()) as { detail: string }).detail, /over the limit of 66536 bytes for an upload/);
    assert.deepEqual(t.drafts.files(), [], 'nothing received is left on disk');
  } finally {
    await t.opened.close();
  }
});

test('a NUL character anywhere a request carries text answers 400 naming where, on every route and page', async () => {
  const { seededApp } = await import('../helpers/web-app.js');
  const { apiModules } = await import('../../src/api/routes/index.js');
  const { webPages } = await import('../../src/web/pages/index.js');
  const t = await seededApp({ seed: 'none' });
  try {
    const routes = [
      ...apiModules.flatMap((m) => m.routes.map((r) => ({ method: r.method.toUpperCase(), path: r.path.replace(/\{\w+\}/g, ':p') }))),
      ...webPages.map((p) => ({ method: p.method.toUpperCase(), path: p.path })),
    ];
    const statuses = new Map<string, number>();
    for (const { method, path } of routes) {
      const hasParam = path.includes(':');
      // In a path parameter where there is one, else in a query parameter; bodies for the unsafe methods.
      const url = hasParam ? path.replace(/:\w+/g, 'x%00y') : `${path}?q=a%00b`;
      const res = await t.app.request(url, { method, headers: { Origin: 'http://localhost', 'X-Kizuna-Request': '1' } });
      statuses.set(`${method} ${url}`, res.status);
      if (method !== 'GET') {
        const json = await t.app.request(path.replace(/:\w+/g, 'x'), {
          method,
          headers: { 'Content-Type': 'application/json', 'If-Match': '*', Origin: 'http://localhost', 'X-Kizuna-Request': '1' },
          body: JSON.stringify({ note: 'a\u0000b', items: [{ text: 'ok' }] }),
        });
        statuses.set(`${method} ${path} (JSON body)`, json.status);
        const form = await t.app.request(path.replace(/:\w+/g, 'x'), {
          method,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost', 'X-Kizuna-Request': '1' },
          body: 'note=a%00b',
        });
        statuses.set(`${method} ${path} (form body)`, form.status);
      }
    }
    const wrong = [...statuses].filter(([, status]) => status !== 400);
    assert.deepEqual(wrong, [], 'every request carrying a NUL is refused with 400');
    assert.ok(statuses.size > 60, `${statuses.size} requests`);
    const res = await t.app.request('/api/search?q=a%00b');
    assert.equal(((await res.json()) as { 'invalid-params': { name: string }[] })['invalid-params'][0]!.name, 'query.q');
  } finally {
    await t.opened.close();
  }
});
