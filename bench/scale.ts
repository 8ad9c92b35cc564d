// The register at a ministry's scale, in one run: 1,000,000 commitments on PostgreSQL (in a database of its own,
// created and dropped) and 200,000 on PGlite, built from the seeds' and Japanese fixtures' commitments recombined,
// then for each engine: ingest rate, search p50/p95 over a fixed query set, list and facet p95, the portfolio after
// a write (cold) and again (warm), the search page, and the list endpoint's requests/s over loopback against a bare
// Hono handler serving the same bytes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import pg from 'pg';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createApp } from '../src/server.js';
import { DraftStore } from '../src/ops/drafts.js';
import { openAppRegister, type OpenedRegister } from '../src/ops/open-register.js';
import { commitmentList, registerSearch } from '../src/ops/register-query.js';
import { keepWarm } from '../src/ops/register.js';
import { facetCounts, type Match } from '../src/store/web-facets.js';
import { loadVocabulary } from '../src/vocab/index.js';
import type { CommitmentFilter } from '../src/store/views.js';
import { seedUnits } from './store.js';
import { loadSyntheticCorpus } from './store-corpus.js';
import type { Benchmark } from './index.js';
import { median, percentile, timeAsync } from './stats.js';
const ALL = { all: true } as const;

/** What a desk officer types: common words, rare words, a phrase, an exclusion, Japanese, and searches within filters. */
const SEARCHES: { q: string; filter?: CommitmentFilter; kind: string }[] = [
  { q: 'cooperation', kind: 'common' },
  { q: 'energy', kind: 'common' },
  { q: 'research', kind: 'common' },
  { q: 'exchange', kind: 'common' },
  { q: 'hydrogen', kind: 'rare' },
  { q: 'quantum', kind: 'rare' },
  { q: 'semiconductor supply chain', kind: 'rare' },
  { q: 'cybersecurity', kind: 'rare' },
  { q: '"joint research"', kind: 'phrase' },
  { q: 'energy -nuclear', kind: 'exclusion' },
  { q: '水素', kind: 'Japanese' },
  { q: '協力', kind: 'Japanese' },
  { q: '外務省', kind: 'Japanese' },
  { q: 'cooperation', filter: { party: 'DK' }, kind: 'filter' },
  { q: 'energy', filter: { strength: 'firm' }, kind: 'filter' },
  { q: 'research', filter: { theme: 'science_technology', year: 2010 }, kind: 'filter' },
];

/** Lists a page or an export asks for: no filter, each filter, and a deep page. */
const LISTS: { filter: CommitmentFilter; offset?: number; label: string }[] = [
  { filter: {}, label: 'all' },
  { filter: {}, offset: 10_000, label: 'all, offset 10,000' },
  { filter: { party: 'DK' }, label: 'party' },
  { filter: { theme: 'energy' }, label: 'theme' },
  { filter: { strength: 'firm' }, label: 'strength' },
  { filter: { year: 2010 }, label: 'year' },
  { filter: { organization: 'METI' }, label: 'organization' },
  { filter: { status: 'in_progress_limited' }, label: 'status' },
  { filter: { party: 'PL', theme: 'energy', strength: 'intent' }, label: 'three filters' },
];

const RUNS = 7;

interface Figures {
  engine: string;
  commitments: number;
  built: string;
  ingestPerSecond: number | null;
  search: { label: string; p50: number; p95: number; total: number; exact: boolean }[];
  searchAll: number[];
  list: number[];
  lists: { label: string; p50: number; p95: number; total: number; exact: boolean }[];
  facets: number[];
  facetsEach: { label: string; p50: number; p95: number }[];
  searchPage: number[];
  portfolioFirst: number;
  portfolioCold: number[];
  portfolioWarm: number[];
  apiRps: number;
  bareRps: number;
  bytes: number;
}

const flag = (flags: string[], name: string) => flags.find((f) => f.startsWith(`--${name}=`))?.slice(name.length + 3);

async function repeat(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeAsync(fn));
  return times;
}

/** Requests/s of `url` under `connections` concurrent keep-alive connections for `seconds` (autocannon, on loopback). */
async function rps(url: string, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors under load`);
  return result.requests.average;
}

async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function measure(engine: 'postgres' | 'pglite', opened: OpenedRegister, figures: Figures): Promise<void> {
  const { store, register } = opened;
  const log = (line: string) => process.stderr.write(`${engine}: ${line}\n`);

  log('search');
  for (const s of SEARCHES) await registerSearch(store, ALL, s.q, s.filter, { limit: 20, offset: 0 });
  for (const s of SEARCHES) {
    let total = 0;
    let exact = true;
    const times = await repeat(RUNS, async () => {
      const result = await registerSearch(store, ALL, s.q, s.filter, { limit: 20, offset: 0 });
      total = result.total;
      exact = result.totalExact !== false;
    });
    figures.searchAll.push(...times);
    figures.search.push({ label: `${s.kind}: ${s.q}${s.filter ? ` ${JSON.stringify(s.filter)}` : ''}`, p50: median(times), p95: percentile(times, 95), total, exact });
  }

  log('lists and facets');
  for (const l of LISTS) {
    await commitmentList(store, ALL, l.filter, { limit: 50, offset: l.offset ?? 0 });
    let total = 0;
    let exact = true;
    const times = await repeat(RUNS, async () => {
      const result = await commitmentList(store, ALL, l.filter, { limit: 50, offset: l.offset ?? 0 });
      total = result.total;
      exact = result.totalExact !== false;
    });
    figures.list.push(...times);
    figures.lists.push({ label: `${l.label}${Object.keys(l.filter).length ? ` ${JSON.stringify(l.filter)}` : ''}`, p50: median(times), p95: percentile(times, 95), total, exact });
  }
  const matches: [CommitmentFilter, Match][] = [
    [{}, { mode: 'none' }],
    [{ party: 'DK' }, { mode: 'none' }],
    [{}, { mode: 'fulltext', query: 'cooperation' }],
    [{}, { mode: 'fulltext', query: 'hydrogen' }],
    [{ strength: 'firm' }, { mode: 'fulltext', query: 'energy' }],
    [{}, { mode: 'substring', terms: ['水素'] }],
  ];
  for (const [filter, match] of matches) {
    await facetCounts(store.db, filter, match, ALL);
    const times = await repeat(RUNS, () => facetCounts(store.db, filter, match, ALL));
    figures.facets.push(...times);
    const searched = match.mode === 'fulltext' ? match.query : match.mode === 'substring' ? match.terms.join(' ') : 'no query';
    figures.facetsEach.push({ label: `${searched}${Object.keys(filter).length ? ` ${JSON.stringify(filter)}` : ''}`, p50: median(times), p95: percentile(times, 95) });
  }

  const app = createApp({ register, store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 1 << 20, now: () => new Date() });
  const get = async (path: string) => {
    const response = await app.request(path);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return response.text();
  };

  log('portfolio');
  // As `kizuna serve` starts: caches warmed at start and after every change.
  const stopWarming = keepWarm(register, () => new Date());
  figures.portfolioFirst = await timeAsync(() => get('/'));
  figures.portfolioWarm = await repeat(RUNS, () => get('/'));
  // Cold: right after a write (a progress update recorded through the API), which every cache must notice.
  const { items } = await commitmentList(store, ALL, {}, { limit: RUNS, offset: Math.min(5_000, figures.commitments - RUNS) });
  for (const commitment of items) {
    const write = await app.request(`/api/commitments/${encodeURIComponent(commitment.id)}/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1' },
      body: JSON.stringify({ status: 'in_progress_limited', note: 'bench: a write before the cold portfolio' }),
    });
    if (write.status !== 201) throw new Error(`recording progress answered ${write.status}: ${await write.text()}`);
    figures.portfolioCold.push(await timeAsync(() => get('/')));
  }

  log('search page');
  for (const s of SEARCHES) {
    const params = new URLSearchParams({ q: s.q, ...Object.fromEntries(Object.entries(s.filter ?? {}).map(([k, v]) => [k, String(v)])) });
    figures.searchPage.push(await timeAsync(() => get(`/search?${params}`)));
  }

  log('list endpoint under load');
  const path = '/api/commitments?limit=50';
  const sample = await get(path);
  figures.bytes = Buffer.byteLength(sample);
  const bare = new Hono().get('/api/commitments', (c) => c.body(sample, 200, { 'Content-Type': 'application/json' }));
  const ours = await listen(app.fetch);
  const theirs = await listen(bare.fetch);
  try {
    await rps(ours.url + path, 10, 1);
    await rps(theirs.url + path, 10, 1);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 3; i++) {
      a.push(await rps(ours.url + path, 10, 3));
      b.push(await rps(theirs.url + path, 10, 3));
    }
    figures.apiRps = median(a);
    figures.bareRps = median(b);
  } finally {
    stopWarming();
    await ours.close();
    await theirs.close();
  }
}

/** A PostgreSQL database of the bench's own on the server of DATABASE_URL (or the kept one named by --keep-pg). */
async function postgresDatabase(keep: string | undefined): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = keep ?? `kizuna_scale_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--keep-pg: '${name}' is not a plain database name`);
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rows.length) await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      if (keep) return;
      const client = new pg.Client({ connectionString: base.toString() });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

async function run(engine: 'postgres' | 'pglite', plans: number, flags: string[]): Promise<Figures> {
  const keepDir = flag(flags, 'keep-pglite');
  const dir = engine === 'pglite' ? (keepDir ?? mkdtempSync(`${tmpdir()}/kizuna-bench-scale-`)) : null;
  const database = engine === 'postgres' ? await postgresDatabase(flag(flags, 'keep-pg')) : null;
  const opened =
    engine === 'postgres'
      ? await openAppRegister({ env: { DATABASE_URL: database!.url } })
      : await openAppRegister({ data: `${dir}/db`, env: {} });
  const figures: Figures = {
    engine: engine === 'postgres' ? 'PostgreSQL' : 'PGlite', commitments: 0, built: '', ingestPerSecond: null,
    search: [], searchAll: [], list: [], lists: [], facets: [], facetsEach: [], searchPage: [], portfolioFirst: NaN, portfolioCold: [], portfolioWarm: [], apiRps: NaN, bareRps: NaN, bytes: 0,
  };
  try {
    const existing = (await commitmentList(opened.store, ALL, {}, { limit: 1, offset: 0 })).total;
    if (existing > 0) {
      figures.commitments = existing;
      figures.built = `reused (${engine === 'postgres' ? '--keep-pg' : '--keep-pglite'})`;
    } else {
      const units = await seedUnits();
      const started = performance.now();
      const workers = engine === 'postgres' ? 8 : 1;
      let last = started;
      figures.commitments = await loadSyntheticCorpus(opened.store, units, plans, 100, (done) => {
        if (performance.now() - last < 10_000 && done < plans) return;
        last = performance.now();
        const rate = (done * 100) / ((last - started) / 1000);
        process.stderr.write(`${engine}: ${done}/${plans} plans stored, ${rate.toFixed(0)} commitments/s\n`);
      }, workers);
      const seconds = (performance.now() - started) / 1000;
      figures.ingestPerSecond = figures.commitments / seconds;
      figures.built = `built in ${seconds.toFixed(0)} s (${workers} writer${workers > 1 ? 's' : ''}, planStore per plan, then VACUUM ANALYZE)`;
    }
    process.stderr.write(`${engine}: ${figures.commitments} commitments, ${figures.built}\n`);
    await measure(engine, opened, figures);
  } finally {
    await opened.close();
    await database?.drop();
    if (dir && !keepDir) rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

function report(all: Figures[]): void {
  const row = (label: string, values: string[]) => console.log(`${label.padEnd(58)}${values.map((v) => v.padStart(22)).join('')}`);
  const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
  row('', all.map((f) => f.engine));
  row('commitments', all.map((f) => f.commitments.toLocaleString('en')));
  row('ingest rate, commitments/s', all.map((f) => (f.ingestPerSecond ? f.ingestPerSecond.toFixed(0) : f.built)));
  row(`search p50 / p95, ms (${SEARCHES.length} queries × ${RUNS})`, all.map((f) => `${ms(median(f.searchAll))} / ${ms(percentile(f.searchAll, 95))}`));
  row(`list p50 / p95, ms (${LISTS.length} filters × ${RUNS})`, all.map((f) => `${ms(median(f.list))} / ${ms(percentile(f.list, 95))}`));
  row(`facets p50 / p95, ms (6 searches × ${RUNS})`, all.map((f) => `${ms(median(f.facets))} / ${ms(percentile(f.facets, 95))}`));
  row(`search page p50 / p95, ms (${SEARCHES.length} first visits)`, all.map((f) => `${ms(median(f.searchPage))} / ${ms(percentile(f.searchPage, 95))}`));
  row('portfolio page, first request of a new app, ms', all.map((f) => ms(f.portfolioFirst)));
  row(`portfolio page after a write (cold) p50 / max, ms (${RUNS})`, all.map((f) => `${ms(median(f.portfolioCold))} / ${ms(Math.max(...f.portfolioCold))}`));
  row(`portfolio page again (warm) p50 / max, ms (${RUNS})`, all.map((f) => `${ms(median(f.portfolioWarm))} / ${ms(Math.max(...f.portfolioWarm))}`));
  row('GET /api/commitments?limit=50, req/s (10 conn.)', all.map((f) => `${f.apiRps.toFixed(0)} (${(f.bytes / 1024).toFixed(0)} KB)`));
  row('bare Hono, same bytes, req/s', all.map((f) => f.bareRps.toFixed(0)));
  row('API / bare Hono', all.map((f) => `${((f.apiRps / f.bareRps) * 100).toFixed(0)} %`));
  console.log('\nper search (p50 / p95 ms, matches; ~ marks an estimated count):');
  for (const [i, { label }] of (all[0]?.search ?? []).entries()) {
    row(`  ${label}`.slice(0, 57), all.map((f) => {
      const s = f.search[i]!;
      return `${ms(s.p50)} / ${ms(s.p95)}, ${s.exact ? '' : '~'}${s.total}`;
    }));
  }
  console.log('\nper list (p50 / p95 ms, total; ~ marks an estimated total):');
  for (const [i, { label }] of (all[0]?.lists ?? []).entries()) {
    row(`  ${label}`.slice(0, 57), all.map((f) => {
      const l = f.lists[i]!;
      return `${ms(l.p50)} / ${ms(l.p95)}, ${l.exact ? '' : '~'}${l.total}`;
    }));
  }
  console.log('\nper facet search (p50 / p95 ms):');
  for (const [i, { label }] of (all[0]?.facetsEach ?? []).entries()) {
    row(`  ${label}`.slice(0, 57), all.map((f) => `${ms(f.facetsEach[i]!.p50)} / ${ms(f.facetsEach[i]!.p95)}`));
  }
}

export const scaleBench: Benchmark = {
  name: 'scale',
  summary: 'a ministry-size register: 1,000,000 commitments on PostgreSQL and 200,000 on PGlite (ingest, search, lists, facets, portfolio, API vs bare Hono)',
  async run(flags) {
    const pgPlans = Number(flag(flags, 'pg-plans') ?? 10_000);
    const pglitePlans = Number(flag(flags, 'pglite-plans') ?? 2_000);
    const engines = (flag(flags, 'engines') ?? 'postgres,pglite').split(',');
    console.log(`corpus: plans of 100 commitments drawn from the seeds' and Japanese fixtures' commitments; PostgreSQL ${pgPlans} plans, PGlite ${pglitePlans}`);
    console.log('flags: --pg-plans=N --pglite-plans=N --engines=postgres,pglite --keep-pg=DBNAME --keep-pglite=DIR (keep and reuse a built register)');
    const all: Figures[] = [];
    if (engines.includes('postgres')) {
      if (!process.env.DATABASE_URL) throw new Error('the scale bench needs DATABASE_URL (a PostgreSQL server it may create a database on)');
      all.push(await run('postgres', pgPlans, flags));
    }
    if (engines.includes('pglite')) all.push(await run('pglite', pglitePlans, flags));
    report(all);
  },
};
