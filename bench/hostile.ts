// Does one hostile document stall the server? `GET /` latency (p50/p95) with nothing running, then while a
// slow document is being extracted through `POST /api/uploads` on the same server (over a real socket).
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/server.js';
import { DraftStore } from '../src/ops/drafts.js';
import { openAppRegister } from '../src/ops/open-register.js';
import { loadVocabulary } from '../src/vocab/index.js';
import type { Benchmark } from './index.js';
import { median, percentile, timeAsync } from './stats.js';

/** Dense one-line commitments: about 1.6 MB that takes the extractor seconds (the sandbox's limit is 30 s). */
export const slowDocument = (): Uint8Array<ArrayBuffer> => new TextEncoder().encode('Japan and Poland will hold annual consultations on energy security.\n'.repeat(24_000));

export interface Responsiveness {
  /** `GET /` latencies (ms) with no extraction running. */
  idle: number[];
  /** `GET /` latencies (ms) of the requests sent and answered while the upload was being extracted. */
  during: number[];
  /** The upload's own status and duration (ms). */
  uploadStatus: number;
  uploadMs: number;
}

/** Serves the demo register on loopback, measures `GET /` idle, then during one slow upload (bounded loops). */
export async function responsivenessDuringExtraction(options: { idleRequests?: number; maxDuring?: number } = {}): Promise<Responsiveness> {
  const opened = await openAppRegister({ memory: true, env: {} });
  await opened.register.loadDemo();
  const app = createApp({ register: opened.register, store: opened.store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 8 << 20, now: () => new Date() });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = () => timeAsync(async () => void (await (await fetch(`${base}/`)).arrayBuffer()));
  try {
    for (let i = 0; i < 3; i++) await get(); // warm: first render, caches, sandbox worker start
    const idle: number[] = [];
    for (let i = 0; i < (options.idleRequests ?? 30); i++) idle.push(await get());

    const form = new FormData();
    form.append('file', new Blob([slowDocument()], { type: 'text/plain' }), 'dense.txt');
    const started = performance.now();
    let finished = false;
    let uploadMs = 0;
    const upload = fetch(`${base}/api/uploads`, { method: 'POST', body: form, headers: { 'X-Kizuna-Request': '1' } }).then(async (res) => {
      await res.arrayBuffer();
      uploadMs = performance.now() - started;
      finished = true;
      return res.status;
    });
    const during: number[] = [];
    while (!finished && during.length < (options.maxDuring ?? 400)) {
      const ms = await get();
      if (!finished) during.push(ms);
    }
    return { idle, during, uploadStatus: await upload, uploadMs };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await opened.close();
  }
}

export const hostileBench: Benchmark = {
  name: 'hostile',
  summary: '`GET /` latency idle and while a slow document is extracted (the sandbox keeps the server answering)',
  async run() {
    const r = await responsivenessDuringExtraction();
    const fmt = (v: number) => `${v.toFixed(1)} ms`;
    console.log(`idle GET /: p50 ${fmt(median(r.idle))}, p95 ${fmt(percentile(r.idle, 95))} (${r.idle.length} requests)`);
    console.log(`during extraction: p50 ${fmt(median(r.during))}, p95 ${fmt(percentile(r.during, 95))} (${r.during.length} requests answered while the ${(r.uploadMs / 1000).toFixed(1)} s upload ran, status ${r.uploadStatus})`);
  },
};
