// The register at scale: a synthetic corpus recombining real commitments of the seeds (default 2,000 plans ×
// 100 = 200,000 commitments; --large 1,000,000; --plans N for quick runs) loaded through the ingest op, then
// search latency over a fixed query set and the theme × partner aggregate, on PGlite and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { extractFile } from '../src/pipeline.js';
import { openStore } from '../src/store/index.js';
import { planIngest } from '../src/ops/plan-ingest.js';
import { registerSearch, themeMatrix } from '../src/ops/register-query.js';
import type { Organization } from '../src/types.js';
import { loadSyntheticCorpus, type SeedUnit } from './store-corpus.js';
import type { Benchmark } from './index.js';
import { median, percentile, timeAsync } from './stats.js';
const ALL = { all: true } as const;

const seedsDir = fileURLToPath(new URL('../demo/', import.meta.url));
/** Japanese plans of the extraction fixtures: their commitments join the seeds' so the corpus has Japanese text. */
const japaneseFiles = ['japanese', 'japanese-fullwidth'].map((name) => fileURLToPath(new URL(`../test/fixtures/extract/${name}/input.txt`, import.meta.url)));

/** Searches a desk officer types: topics, a phrase, an exclusion, a body, and Japanese (substring fallback). */
export const QUERIES = [
  'hydrogen', 'offshore wind', '"joint research"', 'semiconductor supply chain', 'cybersecurity', 'student exchange',
  'space', 'disaster', 'quantum', 'health', 'energy -nuclear', 'annual dialogue', 'ministry of economy', '水素',
];

/** The commitments (with their organizations) of the demo seeds and Japanese fixtures: the units synthetic plans are built from. */
export async function seedUnits(): Promise<SeedUnit[]> {
  const units: SeedUnit[] = [];
  const files = [...readdirSync(seedsDir).filter((f) => f !== 'README.md').sort().map((f) => seedsDir + f), ...japaneseFiles];
  for (const file of files) {
    const { extraction } = await extractFile(file);
    if (!extraction) throw new Error(`seed ${file} did not extract`);
    const orgs = new Map(extraction.organizations.map((o) => [o.id, o]));
    for (const commitment of extraction.commitments) {
      units.push({ commitment, organizations: commitment.actors.map((a) => orgs.get(a)).filter((o): o is Organization => Boolean(o)) });
    }
  }
  if (!units.length) throw new Error('the seeds gave no commitments');
  return units;
}

interface EngineFigures {
  engine: string;
  commitments: number;
  ingestPerSecond: number;
  seedIngestMs: number;
  search: { query: string; p50: number; p95: number; total: number }[];
  searchP50: number;
  searchP95: number;
  matrixP50: number;
  matrixP95: number;
}

async function measure(engine: 'pglite' | 'postgres', plans: number, perPlan: number): Promise<EngineFigures> {
  const dataDir = mkdtempSync(`${tmpdir()}/kizuna-bench-store-`);
  const schema = `kizuna_bench_${randomBytes(4).toString('hex')}`;
  const open = () =>
    engine === 'pglite'
      ? openStore({ url: '', dataDir: `${dataDir}/db`, env: {} })
      : openStore({ url: process.env.DATABASE_URL!, schema, env: {} });
  const store = await open();
  try {
    // The real op on real files (extraction included), before the bulk load.
    const seeds = readdirSync(seedsDir).filter((f) => f !== 'README.md').sort();
    const seedIngestMs = await timeAsync(async () => {
      for (const file of seeds) await planIngest(store, seedsDir + file, { actor: 'bench' });
    });
    const started = performance.now();
    const commitments = await loadSyntheticCorpus(store, await seedUnits(), plans, perPlan, (done) => process.stderr.write(`\r${engine}: ${done}/${plans} plans`));
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write('\r\x1b[2K');
    const search: EngineFigures['search'] = [];
    const all: number[] = [];
    for (const query of QUERIES) await registerSearch(store, ALL, query, {}, { limit: 20, offset: 0 }); // warm caches
    for (const query of QUERIES) {
      const runs: number[] = [];
      let total = 0;
      for (let i = 0; i < 7; i++) {
        runs.push(await timeAsync(async () => (total = (await registerSearch(store, ALL, query, {}, { limit: 20, offset: 0 })).total)));
      }
      all.push(...runs);
      search.push({ query, p50: median(runs), p95: percentile(runs, 95), total });
    }
    const matrixRuns: number[] = [];
    for (let i = 0; i < 7; i++) matrixRuns.push(await timeAsync(() => themeMatrix(store, ALL)));
    return {
      engine,
      commitments,
      ingestPerSecond: commitments / seconds,
      seedIngestMs,
      search,
      searchP50: median(all),
      searchP95: percentile(all, 95),
      matrixP50: median(matrixRuns),
      matrixP95: percentile(matrixRuns, 95),
    };
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  }
}

function flag(flags: string[], name: string): string | undefined {
  const hit = flags.find((f) => f.startsWith(`--${name}=`));
  return hit?.slice(name.length + 3);
}

export const storeBench: Benchmark = {
  name: 'store',
  summary: 'register at scale (synthetic corpus of recombined seed commitments): ingest rate, search p50/p95, theme × partner aggregate, PGlite and PostgreSQL',
  async run(flags) {
    const perPlan = 100;
    const plans = Number(flag(flags, 'plans') ?? (flags.includes('--large') ? 10_000 : 2_000));
    const engines: ('pglite' | 'postgres')[] = (flag(flags, 'engines') ?? 'pglite,postgres')
      .split(',')
      .filter((e): e is 'pglite' | 'postgres' => e === 'pglite' || e === 'postgres')
      .filter((e) => e === 'pglite' || Boolean(process.env.DATABASE_URL));
    console.log(`corpus: ${plans} plans × ${perPlan} commitments drawn from the seeds' commitments (flags: --plans=N, --large, --engines=pglite,postgres)`);
    if (!process.env.DATABASE_URL) console.log('DATABASE_URL not set: PostgreSQL skipped');
    const figures: EngineFigures[] = [];
    for (const engine of engines) figures.push(await measure(engine, plans, perPlan));
    const row = (label: string, values: string[]) => console.log(`${label.padEnd(40)}${values.map((v) => v.padStart(20)).join('')}`);
    row('', figures.map((f) => f.engine));
    row('commitments stored', figures.map((f) => String(f.commitments)));
    row('ingest rate (planStore), commitments/s', figures.map((f) => f.ingestPerSecond.toFixed(0)));
    row('planIngest of the 5 seed files, ms', figures.map((f) => f.seedIngestMs.toFixed(0)));
    row('search p50, ms (14 queries × 7 runs)', figures.map((f) => f.searchP50.toFixed(1)));
    row('search p95, ms', figures.map((f) => f.searchP95.toFixed(1)));
    row('theme × partner aggregate p50, ms', figures.map((f) => f.matrixP50.toFixed(0)));
    row('theme × partner aggregate p95, ms', figures.map((f) => f.matrixP95.toFixed(0)));
    console.log('\nper query (p50 ms / p95 ms / matches):');
    for (const [i, { query }] of (figures[0]?.search ?? []).entries()) {
      row(`  ${query}`, figures.map((f) => `${f.search[i]!.p50.toFixed(1)}/${f.search[i]!.p95.toFixed(1)}/${f.search[i]!.total}`));
    }
  },
};
