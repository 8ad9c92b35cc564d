// Extraction throughput (MB/s of normalized text through tree + extract), English and Japanese apart, and the
// whole-process time of `kizuna extract`. English: the five seed plans in demo/ repeated to >= 10 MB. Japanese:
// the excerpts of ../shared/corpus/dev-ja when the shared corpus sits beside the clone, else the repository's
// Japanese fixture (small: the figure is then rougher), repeated to >= 2 MB. "Per core" is MB per CPU second of this
// process, which a shared machine does not dilute the way it dilutes wall time.
// `--against=DIR`: the same corpora through this checkout and the one at DIR (an earlier commit's worktree with its
// node_modules) in one process, passes alternated, as paired ratios of CPU time: on a loaded machine the figures of
// two separate runs differ by more than most changes do. It also says whether both give byte-identical extractions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** The Japanese corpus: ../shared/corpus/dev-ja beside the clone, else the repository's Japanese fixture. */
function japaneseFiles(): string[] {
  return existsSync(devJaDir) ? readdirSync(devJaDir).filter((f) => f.endsWith('.txt')).sort().map((f) => devJaDir + f) : [jaFixture];
}

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

type Extractor = (document: IngestedDocument) => unknown;

/** This checkout's extraction and the one of the checkout at `dir`, each with its own bundled vocabulary. */
async function extractors(dir: string): Promise<{ here: Extractor; there: Extractor }> {
  const load = (path: string) => import(pathToFileURL(resolve(dir, path)).href);
  const [pipeline, vocab, analyzer] = await Promise.all([load('src/pipeline.ts'), load('src/vocab/index.ts'), load('src/ja/analyzer.ts')]);
  await analyzer.loadJapaneseAnalyzer();
  const theirs = vocab.loadVocabulary();
  const ours = loadVocabulary();
  return { here: (d) => extractDocument(d, ours), there: (d) => pipeline.extractDocument(d, theirs) };
}

/**
 * `runs` pairs of passes over `documents` (copies of them), this checkout and the other alternately first; the
 * median of the pairs' CPU-time ratios (> 1: this checkout is faster), and how many documents' extractions differ.
 */
function pairedRatio(documents: IngestedDocument[], copies: number, runs: number, pair: { here: Extractor; there: Extractor }): { ratio: number; ratios: number[]; differing: number } {
  const differing = documents.filter((d) => JSON.stringify(pair.here(d)) !== JSON.stringify(pair.there(d))).length;
  const pass = (extract: Extractor) => cpuTime(() => {
    for (let i = 0; i < copies; i++) for (const d of documents) extract(d);
  });
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [first, second] = i % 2 ? [pair.here, pair.there] : [pair.there, pair.here];
    const a = pass(first);
    const b = pass(second);
    ratios.push(i % 2 ? b / a : a / b);
  }
  return { ratio: median(ratios), ratios, differing };
}

/** `npm run bench extract -- --against=DIR`: English, one long document and Japanese, as paired ratios. */
async function compare(dir: string, quick: boolean, seeds: IngestedDocument[], japanese: IngestedDocument[], long: IngestedDocument): Promise<void> {
  const pair = await extractors(dir);
  const runs = quick ? 5 : 15;
  const report = (label: string, documents: IngestedDocument[], mb: number) => {
    const bytes = documents.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
    const copies = Math.max(1, Math.round((mb * 1024 * 1024) / bytes));
    const r = pairedRatio(documents, copies, runs, pair);
    const same = r.differing ? `${r.differing} of ${documents.length} extractions DIFFER` : `all ${documents.length} extractions identical`;
    console.log(`${label}: ${r.ratio.toFixed(2)}× the speed of ${dir} (median of ${runs} paired CPU-time ratios, ${((copies * bytes) / (1024 * 1024)).toFixed(1)} MB a pass; range ${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)}); ${same}`);
  };
  report('English', seeds, quick ? 0.3 : 1);
  report('one long document', [long], quick ? 0.5 : 2.5);
  if (japanese.length) report('Japanese', japanese, quick ? 0.1 : 0.3);
}

/** The longest plan repeated to about `mb` MB as one document (see the long-document figure below). */
function longDocument(seeds: IngestedDocument[], mb: number): IngestedDocument {
  const longest = seeds.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  return { ...longest, name: 'long.txt', text: Array.from({ length: Math.ceil((mb * 1024 * 1024) / longest.text.length) }, () => longest.text).join('\n\n') };
}

/** Per core: MB per CPU second (the figure of the bar), and per wall second, lower when the machine is shared. */
const rates = (r: { mb: number; seconds: number; cpuSeconds: number }) =>
  `${(r.mb / r.cpuSeconds).toFixed(2)} MB/s per core (CPU time), ${(r.mb / r.seconds).toFixed(2)} MB/s wall`;

export const extractBench: Benchmark = {
  name: 'extract',
  summary: 'extraction throughput, English (demo plans to ≥ 10 MB) and Japanese (dev-ja to ≥ 2 MB) apart, and `kizuna extract` process time (--quick: a smoke run; --against=DIR: paired ratios against another checkout)',
  async run(flags) {
    // --quick: a smoke run (1 MB English, 0.2 MB Japanese, one pass each), for a loaded machine or a check.
    const quick = flags.includes('--quick');
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
    const vocabulary = loadVocabulary();
    const seeds = await ingestAll(readdirSync(demoDir).filter((f) => /\.(md|txt)$/.test(f) && f !== 'README.md').sort().map((f) => demoDir + f));
    const against = flags.find((f) => f.startsWith('--against='))?.slice('--against='.length);
    if (against) {
      await loadJapaneseAnalyzer();
      const japanese = (await ingestAll(japaneseFiles())).filter((d) => isJapaneseText(d.text));
      await compare(against, quick, seeds, japanese, longDocument(seeds, quick ? 0.5 : 2.5));
      return;
    }
    const runs = quick ? 1 : 5;
    const english = throughput(seeds, vocabulary, quick ? 1 : 10, runs);
    console.log(`English: ${seeds.length} demo plans × ${english.copies} (${english.mb.toFixed(1)} MB of text), ${runs} runs, median ${english.seconds.toFixed(2)} s → ${rates(english)}`);

    await loadJapaneseAnalyzer();
    const japanese = (await ingestAll(japaneseFiles())).filter((d) => isJapaneseText(d.text));
    const ja = throughput(japanese, vocabulary, quick ? 0.2 : 2, quick ? 1 : 3);
    const source = existsSync(devJaDir) ? '../shared/corpus/dev-ja' : 'test fixture';
    console.log(`Japanese: ${japanese.length} documents of ${source} × ${ja.copies} (${ja.mb.toFixed(1)} MB of text), ${quick ? 1 : 3} runs, median ${ja.seconds.toFixed(2)} s → ${rates(ja)}`);
    if (quick) return;

    // One long document: the builders must stay linear in the text length. The longest plan repeated: the seeds
    // concatenated would not do, the first plan's signature block turns all the rest into signature lines.
    const long = longDocument(seeds, 2.5);
    const longMb = Buffer.byteLength(long.text) / (1024 * 1024);
    const longRuns: number[] = [];
    const longCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      let wall = 0;
      longCpu.push(cpuTime(() => (wall = time(() => extractDocument(long, vocabulary)))));
      longRuns.push(wall);
    }
    const lm = median(longRuns);
    console.log(`one document of ${longMb.toFixed(1)} MB (${seeds.reduce((a, b) => (b.text.length > a.text.length ? b : a)).name} repeated): 3 runs, median ${(lm / 1000).toFixed(2)} s → ${rates({ mb: longMb, seconds: lm / 1000, cpuSeconds: median(longCpu) / 1000 })}`);

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
