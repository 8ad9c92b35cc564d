// Extraction throughput (MB/s of normalized text through tree + extract), English and Japanese apart, and the
// whole-process time of `kizuna extract`. English: the five seed plans in demo/ repeated to >= 10 MB. Japanese:
// the excerpts of ../shared/corpus/dev-ja when the shared corpus sits beside the clone, else the repository's
// Japanese fixture (small: the figure is then rougher), repeated to >= 2 MB. "Per core" is MB per CPU second of this
// process, which a shared machine does not dilute the way it dilutes wall time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ingestFile } from '../src/ingest/index.js';
import { extractDocument } from '../src/pipeline.js';
import { loadVocabulary, type Vocabulary } from '../src/vocab/index.js';
import { isJapaneseText, loadJapaneseAnalyzer } from '../src/ja/analyzer.js';
import type { IngestedDocument } from '../src/types.js';
import type { Benchmark } from './index.js';
import { cpuTime, median, time } from './stats.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const demoDir = `${repo}demo/`;
const devJaDir = fileURLToPath(new URL('../../shared/corpus/dev-ja/', import.meta.url));
const jaFixture = `${repo}test/fixtures/extract/japanese/input.txt`;

async function ingestAll(files: string[]): Promise<IngestedDocument[]> {
  const out: IngestedDocument[] = [];
  for (const file of files) {
    const { document } = await ingestFile(file);
    if (document) out.push(document);
  }
  return out;
}

/** MB/s over `documents` repeated to at least `minMb`: `runs` timed passes, medians of wall and CPU time. */
function throughput(documents: IngestedDocument[], vocabulary: Vocabulary, minMb: number, runs: number): { mb: number; copies: number; seconds: number; cpuSeconds: number } {
  const bytes = documents.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
  const copies = Math.ceil((minMb * 1024 * 1024) / bytes);
  const corpus = Array.from({ length: copies }, () => documents).flat();
  for (const d of documents) extractDocument(d, vocabulary); // warm-up: compiled cues, JIT
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    let wall = 0;
    cpu.push(cpuTime(() => (wall = time(() => corpus.forEach((d) => extractDocument(d, vocabulary))))));
    times.push(wall);
  }
  return { mb: (copies * bytes) / (1024 * 1024), copies, seconds: median(times) / 1000, cpuSeconds: median(cpu) / 1000 };
}

/** Per core: MB per CPU second (the figure of the bar), and per wall second, lower when the machine is shared. */
const rates = (r: { mb: number; seconds: number; cpuSeconds: number }) =>
  `${(r.mb / r.cpuSeconds).toFixed(2)} MB/s per core (CPU time), ${(r.mb / r.seconds).toFixed(2)} MB/s wall`;

export const extractBench: Benchmark = {
  name: 'extract',
  summary: 'extraction throughput, English (demo plans to ≥ 10 MB) and Japanese (dev-ja to ≥ 2 MB) apart, and `kizuna extract` process time (--quick: a smoke run)',
  async run(flags) {
    // --quick: a smoke run (1 MB English, 0.2 MB Japanese, one pass each), for a loaded machine or a check.
    const quick = flags.includes('--quick');
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
    const vocabulary = loadVocabulary();
    const seeds = await ingestAll(readdirSync(demoDir).filter((f) => /\.(md|txt)$/.test(f) && f !== 'README.md').sort().map((f) => demoDir + f));
    const runs = quick ? 1 : 5;
    const english = throughput(seeds, vocabulary, quick ? 1 : 10, runs);
    console.log(`English: ${seeds.length} demo plans × ${english.copies} (${english.mb.toFixed(1)} MB of text), ${runs} runs, median ${english.seconds.toFixed(2)} s → ${rates(english)}`);

    await loadJapaneseAnalyzer();
    const jaFiles = existsSync(devJaDir) ? readdirSync(devJaDir).filter((f) => f.endsWith('.txt')).sort().map((f) => devJaDir + f) : [jaFixture];
    const japanese = (await ingestAll(jaFiles)).filter((d) => isJapaneseText(d.text));
    const ja = throughput(japanese, vocabulary, quick ? 0.2 : 2, quick ? 1 : 3);
    const source = existsSync(devJaDir) ? '../shared/corpus/dev-ja' : 'test fixture';
    console.log(`Japanese: ${japanese.length} documents of ${source} × ${ja.copies} (${ja.mb.toFixed(1)} MB of text), ${quick ? 1 : 3} runs, median ${ja.seconds.toFixed(2)} s → ${rates(ja)}`);
    if (quick) return;

    // One long document: the builders must stay linear in the text length. The longest plan repeated: the seeds
    // concatenated would not do, the first plan's signature block turns all the rest into signature lines.
    const longest = seeds.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    const long: IngestedDocument = { ...longest, name: 'long.txt', text: Array.from({ length: Math.ceil((2.5 * 1024 * 1024) / longest.text.length) }, () => longest.text).join('\n\n') };
    const longMb = Buffer.byteLength(long.text) / (1024 * 1024);
    const longRuns: number[] = [];
    const longCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      let wall = 0;
      longCpu.push(cpuTime(() => (wall = time(() => extractDocument(long, vocabulary)))));
      longRuns.push(wall);
    }
    const lm = median(longRuns);
    console.log(`one document of ${longMb.toFixed(1)} MB (${longest.name} repeated): 3 runs, median ${(lm / 1000).toFixed(2)} s → ${rates({ mb: longMb, seconds: lm / 1000, cpuSeconds: median(longCpu) / 1000 })}`);

    // The CLI runs the built package: without dist/ there is no process to time.
    if (!existsSync(`${repo}dist/cli`)) {
      console.log('kizuna extract (whole process): not timed, dist/ is missing (npm run build)');
      return;
    }

    const out = mkdtempSync(`${tmpdir()}/kizuna-bench-`);
    const files = readdirSync(demoDir).filter((f) => /\.(md|txt)$/.test(f) && f !== 'README.md').sort().map((f) => demoDir + f);
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
    console.log(`kizuna extract (5 demo plans, eval, whole process): 5 runs, median ${median(processRuns).toFixed(0)} ms`);
  },
};
