// CSV export: cells a spreadsheet would run as formulas are neutralised, and the export is offered over
// HTTP with the list filters (GET /api/commitments.csv), as `kizuna export --format csv` offers it; a renewed
// plan's rows name the commitment each continues (its lineage), for readers of the earlier plan only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField } from '../../src/ops/register-export.js';
import { fixturePlans, seededApp, type TestApp } from '../helpers/web-app.js';
import { makeExtraction } from '../store/fixture.js';
import { planStore } from '../../src/ops/plan-store.js';
import { decideLineage, renewPlan } from '../../src/ops/lineage.js';
import { publishPlan } from '../../src/ops/visibility.js';
import { LOCAL_ADMINISTRATOR } from '../../src/auth/principal.js';
import { grant, requestAs, signedIn } from '../helpers/accounts.js';

test('formula-like text cells get a leading apostrophe; numbers and plain text are unchanged', () => {
  assert.equal(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(csvField('+1+1'), "'+1+1");
  assert.equal(csvField('-2+3'), "'-2+3");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('\t=1'), "'\t=1");
  assert.equal(csvField('\r=1'), `"'\r=1"`);
  assert.equal(csvField(-3), '-3', 'a number stays a number');
  assert.equal(csvField('The two sides will cooperate.'), 'The two sides will cooperate.');
  assert.equal(csvField('a, b'), '"a, b"');
  assert.equal(csvField(null), '');
});

let t: TestApp;
before(async () => {
  t = await seededApp();
});
after(async () => {
  await t?.opened.close();
});

/** RFC 4180 rows of a small CSV (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

test('GET /api/commitments.csv: the list filters select the rows; a formula in a corrected text is neutralised', async () => {
  const all = parseCsv(await (await t.app.request('/api/commitments.csv')).text());
  const header = all[0]!;
  const col = (name: string) => header.indexOf(name);
  assert.equal(all.length - 1, (await (await t.app.request('/api/commitments?limit=1')).json()).total);

  const response = await t.app.request('/api/commitments.csv?party=PL&strength=firm');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('Content-Type') ?? '', /^text\/csv/);
  const rows = parseCsv(await response.text()).slice(1);
  const listed = (await (await t.app.request('/api/commitments?party=PL&strength=firm')).json()) as { items: { id: string }[] };
  assert.deepEqual(rows.map((r) => r[col('id')]), listed.items.map((c) => c.id), 'the same rows as the filtered list');
  assert.ok(rows.length > 0 && rows.every((r) => r[col('parties')]!.includes('PL') && r[col('strength')] === 'firm'));

  const target = listed.items[0]!.id;
  const current = await t.opened.register.getCommitment(target);
  await t.opened.register.editCommitment(target, current!.version, { text: '=HYPERLINK("http://evil.example","click")' }, 'test');
  const after = parseCsv(await (await t.app.request('/api/commitments.csv?party=PL&strength=firm')).text());
  const edited = after.find((r) => r[col('id')] === target)!;
  assert.equal(edited[col('text')], `'=HYPERLINK("http://evil.example","click")`);

  assert.equal((await t.app.request('/api/commitments.csv?strength=strong')).status, 400, 'filters are validated as for the list');
});

test('the search page without a query links to the CSV of what it lists', async () => {
  const html = await (await t.app.request('/search?party=DK')).text();
  assert.match(html, /href="\/api\/commitments\.csv\?party=DK"/);
});

test('predecessor_id: the commitment of the renewed plan a row continues, empty when unlinked or unreadable', async () => {
  const store = t.opened.store;
  const poland = fixturePlans.find((p) => p.parties.includes('PL'))!;
  const [kept, reworded] = poland.commitments;
  const renewal = makeExtraction({
    ...poland,
    title: 'Action Plan between Japan and Poland 2030-2034',
    period: ['2030', '2034'],
    signed: '2030-01-20',
    commitments: [kept!, { ...reworded!, text: 'The two sides will promote exchanges between universities, students and young researchers.' }, { text: 'The two sides will launch a dialogue on space policy.', themes: ['science'] }],
  });
  const oldId = (await t.opened.register.listPlans({ party: 'PL' }, { limit: 5, offset: 0 })).items[0]!.id;
  const newId = (await planStore(store, renewal.extraction, renewal.bytes, { actor: 'test' })).planId;
  const admin = { principal: LOCAL_ADMINISTRATOR, name: 'test' };
  await renewPlan(store, admin, newId, oldId);
  // By hand, so the pairs do not hang on the matching (the test above rewrote the first commitment's text).
  await decideLineage(store, admin, newId, { predecessorId: `${oldId}:s1/c1`, successorId: `${newId}:s1/c1`, linked: true });
  await decideLineage(store, admin, newId, { predecessorId: `${oldId}:s1/c2`, successorId: `${newId}:s1/c2`, linked: false });

  const rowsOf = async (response: Response) => {
    const [header, ...rows] = parseCsv(await response.text());
    assert.ok(header!.indexOf('predecessor_id') > header!.indexOf('parent_id'), 'next to the other link, parent_id');
    return new Map(rows.map((r) => [r[header!.indexOf('id')]!, r[header!.indexOf('predecessor_id')]!]));
  };
  const rows = await rowsOf(await t.app.request(`/api/commitments.csv?plan=${encodeURIComponent(newId)}`));
  assert.deepEqual([...rows], [
    [`${newId}:s1/c1`, `${oldId}:s1/c1`],
    [`${newId}:s1/c2`, ''],
    [`${newId}:s1/c3`, ''],
  ], 'linked → its predecessor; unlinked or new → empty');
  assert.ok([...(await rowsOf(await t.app.request(`/api/commitments.csv?plan=${encodeURIComponent(oldId)}`))).values()].every((v) => v === ''), 'the earlier plan continues none');

  // Once accounts exist, the public reads published plans only: the earlier plan, unpublished, is not named.
  const coordinator = await signedIn(store, 'jp@example.org', [grant('coordinator', 'JP-PL', 'JP')]);
  await publishPlan(store, newId, true, 'test');
  assert.equal((await rowsOf(await t.app.request(`/api/commitments.csv?plan=${encodeURIComponent(newId)}`))).get(`${newId}:s1/c1`), '');
  assert.equal((await rowsOf(await requestAs(t.app, coordinator, `/api/commitments.csv?plan=${encodeURIComponent(newId)}`))).get(`${newId}:s1/c1`), `${oldId}:s1/c1`);
});

