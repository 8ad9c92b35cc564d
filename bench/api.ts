// API and web speed: list-endpoint throughput against a bare Hono handler serving the same JSON (ratio),
// server time of the main pages at 200k commitments (p50/p95), and the web bundle's gzipped size.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { createApp } from '../src/server.js';
import { DraftStore } from '../src/ops/drafts.js';
import { openAppRegister as openRegister, type OpenedRegister } from '../src/ops/open-register.js';
import { bundleClient } from '../src/web/assets.js';
import { loadVocabulary } from '../src/vocab/index.js';
import type { Benchmark } from './index.js';
import { median, percentile, timeAsync } from './stats.js';
import { loadSyntheticCorpus } from './api-corpus.js';

const LIST = '/api/commitments?limit=50';

/** Requests per second over sequential in-process requests (app.request: no socket noise): `count` of them, or fewer once `budgetMs` is spent. */
async function throughput(fetch: (path: string) => Response | Promise<Response>, path: string, count: number, budgetMs = 4000): Promise<number> {
  const start = performance.now();
  let done = 0;
  while (done < count && (done < 5 || performance.now() - start < budgetMs)) {
    await (await fetch(path)).arrayBuffer();
    done++;
  }
  return done / ((performance.now() - start) / 1000);
}

function appOver(opened: OpenedRegister) {
  return createApp({ register: opened.register, store: opened.store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 1 << 20, now: () => new Date() });
}

/**
 * Three rates for GET /api/commitments?limit=50: the whole app; a bare Hono handler serving the same bytes
 * pre-serialized (the ceiling); and the register call alone plus JSON.stringify (what any server must do).
 * app/bare is the figure; app/register isolates what the HTTP layer (routing, validation,
 * pagination links, headers) costs on top of the query.
 */
async function listVersusBare(opened: OpenedRegister, label: string): Promise<void> {
  const app = appOver(opened);
  const sample = await (await app.request(LIST)).text();
  const bare = new Hono().get('/api/commitments', (c) => c.body(sample, 200, { 'Content-Type': 'application/json' }));
  const direct = async () => new Response(JSON.stringify(await opened.register.listCommitments({}, { limit: 50, offset: 0 })));
  const count = 300;
  await throughput((p) => app.request(p), LIST, 50, 1000);
  await throughput((p) => bare.request(p), LIST, 50, 1000);
  await throughput(direct, LIST, 50, 1000);
  const ours: number[] = [];
  const base: number[] = [];
  const query: number[] = [];
  for (let run = 0; run < 5; run++) {
    ours.push(await throughput((p) => app.request(p), LIST, count));
    base.push(await throughput((p) => bare.request(p), LIST, count));
    query.push(await throughput(direct, LIST, count));
  }
  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
  console.log(`${label}: GET ${LIST} (${(sample.length / 1024).toFixed(0)} KB), median of 5 runs of up to ${count} sequential in-process requests (≤ 4 s each)`);
  console.log(`  app ${median(ours).toFixed(0)} req/s · bare Hono (same bytes, no query) ${median(base).toFixed(0)} req/s → ${pct(median(ours), median(base))}`);
  console.log(`  register call + JSON.stringify alone ${median(query).toFixed(0)} /s → HTTP layer keeps ${pct(median(ours), median(query))} of it`);
}

async function pageTimes(opened: OpenedRegister, label: string): Promise<void> {
  const app = appOver(opened);
  const plans = (await (await app.request('/api/plans?limit=200')).json()) as { items: { id: string; commitmentCount: number }[] };
  const commitments = (await (await app.request('/api/commitments?limit=200&offset=1000')).json()) as { items: { id: string; text: string }[] };
  const words = commitments.items.map((c) => c.text.split(/\s+/).find((w) => w.length > 6) ?? 'cooperation');
  const pages: [string, (i: number) => string][] = [
    ['portfolio /', () => '/'],
    ['matrix /matrix', () => '/matrix'],
    ['plan /plans/:id', (i) => `/plans/${encodeURIComponent(plans.items[i % plans.items.length]!.id)}`],
    ['commitment /commitments/:id', (i) => `/commitments/${encodeURIComponent(commitments.items[i % commitments.items.length]!.id)}`],
    ['search /search?q=', (i) => `/search?q=${encodeURIComponent(words[i % words.length]!)}`],
    ['organizations /organizations', () => '/organizations'],
  ];
  for (const [name, path] of pages) {
    await app.request(path(0));
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      times.push(
        await timeAsync(async () => {
          const response = await app.request(path(i));
          if (response.status !== 200) throw new Error(`${path(i)} answered ${response.status}`);
          await response.text();
        }),
      );
    }
    console.log(`${label} ${name}: p50 ${median(times).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms (20 requests)`);
  }
}

export const apiBench: Benchmark = {
  name: 'api',
  summary: 'list throughput vs bare Hono; main pages p50/p95 at 200k commitments; web bundle size',
  async run(flags) {
    const script = await bundleClient();
    const css = readFileSync(new URL('../src/web/client/style.css', import.meta.url), 'utf8');
    const kb = (text: string) => `${(text.length / 1024).toFixed(1)} KB, ${(gzipSync(text).length / 1024).toFixed(1)} KB gzipped`;
    console.log(`web bundle: app.js ${kb(script)} (minified); app.css ${kb(css)}`);

    const demo = await openRegister({ memory: true, env: {} });
    await demo.register.loadDemo();
    await listVersusBare(demo, 'demo register (PGlite)');
    await demo.close();

    const large = await loadSyntheticCorpus(flags);
    if (large) {
      await listVersusBare(large.opened, large.label);
      await pageTimes(large.opened, large.label);
      await large.opened.close();
    }
  },
};
