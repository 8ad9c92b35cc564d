// CSV export: cells a spreadsheet would run as formulas are neutralised, and the export is offered over
// HTTP with the list filters (GET /api/commitments.csv), as `kizuna export --format csv` offers it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField } from '../../src/ops/register-export.js';
import { seededApp, type TestApp } from '../helpers/web-app.js';

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
