// Extraction throughput (MB/s of normalized text through tree + extract) and the whole-process time of `kizuna extract`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ingestFile } from '../src/ingest/index.js';
import { extractDocument } from '../src/pipeline.js';
import { loadVocabulary } from '../src/vocab/index.js';
import type { IngestedDocument } from '../src/types.js';
import type { Benchmark } from './index.js';
import { median, time } from './stats.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const seedsDir = fileURLToPath(new URL('../../shared/corpus/seeds/', import.meta.url));

export const extractBench: Benchmark = {
  name: 'extract',
  summary: 'extraction throughput on the seeds repeated to ≥ 10 MB, and `kizuna extract` process time',
  async run() {
    const seeds: IngestedDocument[] = [];
    for (const file of readdirSync(seedsDir).sort()) {
      const { document } = await ingestFile(seedsDir + file);
      if (document) seeds.push(document);
    }
    const vocabulary = loadVocabulary();
    const seedBytes = seeds.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
    const copies = Math.ceil((10 * 1024 * 1024) / seedBytes);
    const corpus = Array.from({ length: copies }, () => seeds).flat();
    const megabytes = (copies * seedBytes) / (1024 * 1024);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(time(() => corpus.forEach((d) => extractDocument(d, vocabulary))));
    const m = median(runs);
    console.log(`documents: ${corpus.length} (${megabytes.toFixed(1)} MB of text), 5 runs, median ${(m / 1000).toFixed(2)} s → ${(megabytes / (m / 1000)).toFixed(1)} MB/s (one core)`);

    // One long document of the seeds concatenated: the builders must stay linear in the text length.
    const long: IngestedDocument = { ...seeds[0]!, name: 'long.txt', text: Array.from({ length: Math.ceil(copies / 4) }, () => seeds.map((d) => d.text).join('\n\n')).join('\n\n') };
    const longMb = Buffer.byteLength(long.text) / (1024 * 1024);
    const longRuns: number[] = [];
    for (let i = 0; i < 3; i++) longRuns.push(time(() => extractDocument(long, vocabulary)));
    const lm = median(longRuns);
    console.log(`one document of ${longMb.toFixed(1)} MB: 3 runs, median ${(lm / 1000).toFixed(2)} s → ${(longMb / (lm / 1000)).toFixed(1)} MB/s`);

    const out = mkdtempSync(`${tmpdir()}/kizuna-bench-`);
    const files = readdirSync(seedsDir).sort().map((f) => seedsDir + f);
    const processRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      processRuns.push(
        time(() => {
          const r = spawnSync(process.execPath, [`${repo}bin/kizuna.js`, 'extract', ...files, '--format', 'eval', '--out', out]);
          if (r.status !== 0) throw new Error(`kizuna extract failed: ${r.stderr}`);
        }),
      );
    }
    rmSync(out, { recursive: true, force: true });
    console.log(`kizuna extract (5 seeds, eval, whole process): 5 runs, median ${median(processRuns).toFixed(0)} ms`);
  },
};
