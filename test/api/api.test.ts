// The JSON API over a register seeded with the demo: listing, filters, pagination, ETags and edits,
// the OpenAPI document, and the problem+json shape on every error path.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixturePlans, seededApp, type TestApp } from '../helpers/web-app.js';
import { apiModules } from '../../src/api/routes/index.js';

let t: TestApp;
before(async () => {
  t = await seededApp();
});
after(async () => {
  await t?.opened.close();
});

// Unsafe requests carry the header the CSRF check asks of API clients (src/http/session.ts).
const get = (path: string, init?: RequestInit) => t.app.request(path, { ...init, headers: { 'X-Kizuna-Request': '1', ...(init?.headers as Record<string, string> | undefined) } });
const json = async (path: string, init?: RequestInit) => {
  const response = await get(path, init);
  return { response, body: (await response.json()) as any };
};

/** The RFC 9457 shape every error must have. */
async function assertProblem(response: Response, status: number, code: string) {
  assert.equal(response.status, status, `status of ${code}`);
  assert.match(response.headers.get('Content-Type') ?? '', /^application\/problem\+json/);
  const problem = (await response.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(problem).filter((k) => k !== 'invalid-params').sort(), ['code', 'detail', 'instance', 'status', 'title', 'type']);
  assert.equal(problem.status, status);
  assert.equal(problem.code, code);
  assert.equal(problem.type, `https://kizuna.dev/problems/${code}`);
  assert.equal(typeof problem.detail, 'string');
  return problem;
}

test('every mounted API route is in the OpenAPI 3.1 document, and nothing else', async () => {
  const { body: doc } = await json('/api/openapi.json');
  assert.equal(doc.openapi, '3.1.0');
  const documented = new Set(Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)));
  const mounted = new Set(t.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
  assert.deepEqual([...mounted].sort(), [...documented].sort());
  assert.ok(apiModules.length >= 2);
});

test('commitments list: the `after` cursor pages through the same items as offsets, and a bad cursor is refused', async () => {
  const { body: all } = await json('/api/commitments?limit=200');
  assert.ok(all.total > 6 && all.items.length === all.total, `${all.total} commitments: more than two pages of three, all on one page of 200`);
  const seen: string[] = [];
  let { body } = await json('/api/commitments?limit=3');
  seen.push(...body.items.map((c: { id: string }) => c.id));
  for (let page = 0; body.next && page < 100; page++) {
    const next = await json(`/api/commitments?limit=3&after=${body.next}`);
    assert.equal(next.body.total, all.total);
    if (next.body.items.length) assert.equal(next.body.links.self, `/api/commitments?limit=3&after=${body.next}`);
    if (next.body.next) assert.equal(next.body.links.next, `/api/commitments?limit=3&after=${next.body.next}`);
    body = next.body;
    seen.push(...body.items.map((c: { id: string }) => c.id));
  }
  assert.deepEqual(seen, all.items.map((c: { id: string }) => c.id));
  await assertProblem(await get('/api/commitments?after=not-a-cursor'), 400, 'invalid-request');
  await assertProblem(await get(`/api/commitments?after=${Buffer.from('["p-1","x"]').toString('base64url')}`), 400, 'invalid-request');
});

test('commitments list: pagination with totals and links, filters narrow it', async () => {
  const { response, body } = await json('/api/commitments?limit=5');
  assert.equal(response.status, 200);
  assert.equal(body.items.length, 5);
  assert.ok(body.total > 5);
  assert.equal(body.links.next, '/api/commitments?limit=5&offset=5');
  assert.match(response.headers.get('Link') ?? '', /rel="next"/);
  const second = await json(body.links.next);
  assert.notEqual(second.body.items[0].id, body.items[0].id);
  const firm = await json('/api/commitments?strength=firm&limit=200');
  assert.ok(firm.body.total > 0 && firm.body.total < body.total);
  assert.ok(firm.body.items.every((c: { strength: string }) => c.strength === 'firm'));
  const party = body.items[0].parties.find((p: string) => p !== 'JP') as string;
  const byParty = await json(`/api/commitments?party=${party}&limit=200`);
  assert.ok(byParty.body.items.every((c: { parties: string[] }) => c.parties.includes(party)));
});

test('plans, a plan with its text, and spans that point into that text', async () => {
  const { body } = await json('/api/plans');
  assert.equal(body.total, fixturePlans.length);
  const plan = (await json(`/api/plans/${encodeURIComponent(body.items[0].id)}`)).body;
  assert.ok(plan.commitments.length > 0);
  const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
  const c = plan.commitments[0];
  assert.ok(fold(plan.text.slice(c.span.start, c.span.end)).includes(fold(c.text).slice(0, 20)));
});

test('search ranks with snippets and facets', async () => {
  const { body: list } = await json('/api/commitments?limit=1');
  const word = (list.items[0].text as string).split(/\W+/).find((w) => w.length > 6) ?? 'cooperation';
  const { response, body } = await json(`/api/search?q=${encodeURIComponent(word)}`);
  assert.equal(response.status, 200);
  assert.ok(body.total >= 1);
  assert.ok(body.items[0].snippet.some((p: { match: boolean }) => p.match));
  assert.ok(Array.isArray(body.facets.party) && body.facets.party.length >= 1);
});

test('portfolio, matrix and organizations aggregate the register', async () => {
  const portfolio = (await json('/api/portfolio')).body;
  assert.ok(portfolio.totals.commitments > 0);
  const byStrength = portfolio.byStrength.firm + portfolio.byStrength.intent + portfolio.byStrength.exploratory;
  assert.equal(byStrength, portfolio.totals.commitments);
  const matrix = (await json('/api/matrix')).body;
  assert.ok(matrix.cells.length > 0 && matrix.cells.every((c: { count: number }) => c.count > 0));
  const organizations = (await json('/api/organizations?limit=10')).body;
  assert.ok(organizations.items.length > 0);
});

test('similar commitments come from other partnerships, most similar first', async () => {
  const { body } = await json('/api/commitments?party=DK&limit=50');
  const hydrogen = body.items.find((c: { text: string }) => c.text.includes('offshore wind and green hydrogen'));
  const { body: similar } = await json(`/api/commitments/${encodeURIComponent(hydrogen.id)}/similar`);
  assert.ok(similar.items.length >= 1);
  assert.match(similar.items[0].commitment.text, /annual energy policy dialogue on nuclear power/);
  assert.ok(similar.items.every((s: { commitment: { parties: string[] } }) => !s.commitment.parties.includes('DK')));
  assert.ok(similar.items[0].score > 0 && similar.items[0].score <= 1);
});

test('edit a commitment: ETag, If-Match required (428), stale (412), success bumps the version', async () => {
  const { body: list } = await json('/api/commitments?limit=1&strength=intent');
  const id = encodeURIComponent(list.items[0].id);
  const first = await get(`/api/commitments/${id}`);
  const etag = first.headers.get('ETag');
  assert.match(etag ?? '', /^"v\d+"$/);
  const patch = (headers: Record<string, string>, body: unknown = { strength: 'firm' }) =>
    get(`/api/commitments/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  await assertProblem(await patch({}), 428, 'precondition-required');
  await assertProblem(await patch({ 'If-Match': '"v999"' }), 412, 'precondition-failed');
  const ok = await patch({ 'If-Match': etag! });
  assert.equal(ok.status, 200);
  const updated = (await ok.json()) as { strength: string; version: number; corrected: boolean };
  assert.equal(updated.strength, 'firm');
  assert.equal(updated.corrected, true);
  assert.notEqual(ok.headers.get('ETag'), etag);
  await assertProblem(await patch({ 'If-Match': etag! }, { strength: 'intent' }), 412, 'precondition-failed');
});

test('problem+json on every error path', async () => {
  const invalid = await assertProblem(await get('/api/commitments?limit=0'), 400, 'invalid-request');
  assert.deepEqual(invalid['invalid-params'], [{ name: 'query.limit', reason: 'must be ≥ 1' }]);
  assert.equal(invalid.detail, 'query.limit must be ≥ 1');
  // The same refusals in Japanese when asked (the fields keep their English reasons), a body's problems in order.
  const ja = await assertProblem(await get('/api/commitments?limit=0&strength=huge', { headers: { 'Accept-Language': 'ja' } }), 400, 'invalid-request');
  assert.equal(ja.detail, 'query.strength: firm, intent, exploratory のいずれかにしてください。query.limit: 1 以上にしてください');
  const { body: first } = await json('/api/commitments?limit=1');
  const body = await assertProblem(
    await get(`/api/commitments/${encodeURIComponent(first.items[0].id)}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'If-Match': '*', 'Accept-Language': 'ja' }, body: '{"strength":3,"colour":"red"}' }),
    400,
    'invalid-request',
  );
  assert.match(String(body.detail), /^body\.strength: (?:文字列で指定してください|firm, intent, exploratory のいずれかにしてください)。body\.colour: 未知の項目です$/);
  await assertProblem(await get('/api/commitments/no-such-id'), 404, 'not-found');
  await assertProblem(await get('/api/nothing-here'), 404, 'not-found');
  const { body: list } = await json('/api/commitments?limit=1');
  const id = encodeURIComponent(list.items[0].id);
  await assertProblem(
    await get(`/api/commitments/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'text/plain', 'If-Match': '*' }, body: 'strength=firm' }),
    415,
    'unsupported-media-type',
  );
  await assertProblem(
    await get(`/api/commitments/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'If-Match': '*' }, body: '{"strength":' }),
    400,
    'invalid-request',
  );
  const big = new FormData();
  big.append('file', new File([new Uint8Array(2 * 1024 * 1024)], 'big.txt', { type: 'text/plain' }));
  await assertProblem(await get('/api/uploads', { method: 'POST', body: big }), 413, 'payload-too-large');
  const exe = new FormData();
  exe.append('file', new File(['MZ'], 'tool.exe'));
  await assertProblem(await get('/api/uploads', { method: 'POST', body: exe }), 415, 'unsupported-media-type');
  await assertProblem(await get('/api/uploads', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }), 415, 'unsupported-media-type');
});

test('a failure inside a route is a 500 problem without internals', async () => {
  const broken = { ...t.opened.register, portfolio: () => Promise.reject(new Error('secret connection string')) };
  const { createApp } = await import('../../src/server.js');
  const { DraftStore } = await import('../../src/ops/drafts.js');
  const { loadVocabulary } = await import('../../src/vocab/index.js');
  const app = createApp({ register: broken, store: t.opened.store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 1000, now: () => new Date() });
  const original = console.error;
  console.error = () => {};
  try {
    const response = await app.request('/api/portfolio');
    const problem = await assertProblem(response, 500, 'internal');
    assert.doesNotMatch(String(problem.detail), /secret/);
  } finally {
    console.error = original;
  }
});

test('an edit refused by the store for a stale version (a race) is a 409 version-conflict', async () => {
  const { ConflictError } = await import('../../src/errors.js');
  const { createApp } = await import('../../src/server.js');
  const { DraftStore } = await import('../../src/ops/drafts.js');
  const { loadVocabulary } = await import('../../src/vocab/index.js');
  const racing = { ...t.opened.register, editCommitment: () => Promise.reject(new ConflictError('commitment', 'x', 6, 7)) };
  const app = createApp({ register: racing, store: t.opened.store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 1000, now: () => new Date() });
  const { body: list } = await json('/api/commitments?limit=1');
  const response = await app.request(`/api/commitments/${encodeURIComponent(list.items[0].id)}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', 'If-Match': '*', 'X-Kizuna-Request': '1' },
    body: '{"strength":"firm"}',
  });
  await assertProblem(response, 409, 'version-conflict');
});

test('upload → review → save stores the reviewer corrections; saving the same document again is a 409', async () => {
  const text = [
    'Action Plan between Japan and Utopia 2026-2028',
    '',
    '1. Energy',
    '',
    '- The two sides will hold an annual energy dialogue.',
    '- The two sides will explore cooperation on offshore wind.',
  ].join('\n');
  const form = new FormData();
  form.append('file', new File([text], 'utopia-plan.txt', { type: 'text/plain' }));
  const created = await get('/api/uploads', { method: 'POST', body: form });
  assert.equal(created.status, 201);
  const draft = (await created.json()) as { id: string; commitments: { id: string; strength: string }[] };
  assert.ok(draft.commitments.length >= 1);
  const target = draft.commitments[0]!;
  const newStrength = target.strength === 'firm' ? 'intent' : 'firm';
  const save = (corrections: unknown) =>
    get(`/api/uploads/${draft.id}/save`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ corrections }) });
  await assertProblem(await save([{ kind: 'edit', commitment: 'nope', edit: { strength: 'firm' } }]), 422, 'invalid-correction');
  // The second correction names an organization the register does not know: the whole save is refused,
  // naming it, and nothing is stored (the plan count does not move); the draft can be saved again.
  const plansBefore = (await json('/api/plans?limit=1')).body.total;
  const refused = await save([
    { kind: 'edit', commitment: target.id, edit: { strength: newStrength } },
    { kind: 'edit', commitment: target.id, edit: { actors: ['XX:no-such-body'] } },
  ]);
  const problem = await assertProblem(refused, 422, 'invalid-correction');
  assert.deepEqual((problem['invalid-params'] as { name: string }[]).map((p) => p.name), ['corrections[1].edit.actors']);
  assert.equal((await json('/api/plans?limit=1')).body.total, plansBefore, 'nothing stored');
  const saved = await save([{ kind: 'edit', commitment: target.id, edit: { strength: newStrength } }]);
  assert.equal(saved.status, 201);
  const { planId } = (await saved.json()) as { planId: string };
  const plan = (await json(`/api/plans/${encodeURIComponent(planId)}`)).body;
  const stored = plan.commitments.find((c: { key: string }) => c.key === target.id);
  assert.equal(stored.strength, newStrength);
  assert.equal(stored.corrected, true);
  const again = new FormData();
  again.append('file', new File([text], 'utopia-plan.txt', { type: 'text/plain' }));
  const second = (await (await get('/api/uploads', { method: 'POST', body: again })).json()) as { id: string };
  const conflict = await get(`/api/uploads/${second.id}/save`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"corrections":[]}' });
  await assertProblem(conflict, 409, 'conflict');
});
