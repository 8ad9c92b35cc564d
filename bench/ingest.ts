// Normalization throughput (MB/s) on the seeds repeated to ≥ 10 MB, as plain and as paged text,
// and the time to ingest each format fixture (PDF, DOCX, HTML).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ingestBytes } from '../src/ingest/index.js';
import { normalize } from '../src/ingest/normalize.js';
import type { Benchmark } from './index.js';
import { median, time, timeAsync } from './stats.js';

const seedsDir = fileURLToPath(new URL('../../shared/corpus/seeds/', import.meta.url));
const formatsDir = fileURLToPath(new URL('../test/fixtures/formats/', import.meta.url));

export const ingestBench: Benchmark = {
  name: 'ingest',
  summary: 'normalization throughput on the seeds repeated to ≥ 10 MB; ingest time per format fixture',
  async run() {
    const seeds = readdirSync(seedsDir).sort().map((file) => readFileSync(seedsDir + file, 'utf8')).join('\n\n');
    const copies = Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(seeds));
    const plain = Array.from({ length: copies }, () => seeds).join('\n\n');
    const megabytes = Buffer.byteLength(plain) / (1024 * 1024);
    // Paged: a form feed every 60 lines, with a running header and a page number on each page.
    const lines = plain.split('\n');
    const pages: string[] = [];
    for (let i = 0; i < lines.length; i += 60) pages.push(`Joint Work Programme\n${lines.slice(i, i + 60).join('\n')}\n- ${pages.length + 1} -`);
    const paged = pages.join('\f');
    for (const [label, input] of [['plain', plain], ['paged', paged]] as const) {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) runs.push(time(() => normalize(input)));
      const m = median(runs);
      console.log(`normalize ${label}: ${megabytes.toFixed(1)} MB, 5 runs, median ${m.toFixed(0)} ms → ${(megabytes / (m / 1000)).toFixed(0)} MB/s`);
    }
    for (const file of readdirSync(formatsDir).sort()) {
      const bytes = new Uint8Array(readFileSync(formatsDir + file));
      await ingestBytes(file, bytes); // the first call loads the reader library
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) runs.push(await timeAsync(() => ingestBytes(file, bytes)));
      console.log(`ingest ${file} (${(bytes.length / 1024).toFixed(0)} KB): 5 runs, median ${median(runs).toFixed(0)} ms`);
    }
  },
};
