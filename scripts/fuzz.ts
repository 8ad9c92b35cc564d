// Longer fuzz runs than CI's: the corpus of test/helpers/fuzz-corpus.ts with more mutations, each document
// extracted in the sandbox (compiled as installed; `--sources` runs it under tsx, whose own cost counts
// against the limits); prints inputs, clean errors, escaped errors, hangs and peak memory.
//   node --import tsx scripts/fuzz.ts [--seed 15] [--mutations 400] [--timeout 30] [--memory 512] [--workers 1] [--only REGEX] [--sources] [--verbose]
import { parseArgs } from 'node:util';
import { fuzzCorpus, runFuzz } from '../test/helpers/fuzz-corpus.js';
import { compileSources } from '../test/helpers/compiled.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '15' },
    mutations: { type: 'string', default: '400' },
    timeout: { type: 'string', default: '30' },
    memory: { type: 'string', default: '512' },
    workers: { type: 'string', default: '1' },
    only: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    sources: { type: 'boolean', default: false },
  },
});
const inputs = fuzzCorpus({ seed: Number(values.seed), mutations: Number(values.mutations) }).filter((input) => !values.only || new RegExp(values.only).test(input.name));
const compiled = values.sources ? null : compileSources('fuzz');
type Sandbox = typeof import('../src/sandbox/index.js');
const { SandboxPool } = (await import(compiled ? compiled.url('sandbox/index.js') : '../src/sandbox/index.js')) as Sandbox;
const pool = new SandboxPool({ timeoutMs: Number(values.timeout) * 1000, memoryMb: Number(values.memory), workers: Number(values.workers) });
const mib = (bytes: number | null) => (bytes === null ? '?' : `${Math.round(bytes / 2 ** 20)} MiB`);
const started = performance.now();
let done = 0;
const counts = await runFuzz(inputs, pool, (input, outcome) => {
  done++;
  if (values.verbose || outcome.status !== 'done' || outcome.ms > 5000) {
    const detail = outcome.status === 'done' ? (outcome.result.extraction ? 'extracted' : `refused: ${outcome.result.messages.find((m) => m.fatal)?.rule}`) : outcome.status;
    console.error(`${done}/${inputs.length} ${input.name} (${input.bytes.length} B): ${detail}, ${Math.round(outcome.ms)} ms, peak ${mib(outcome.peakBytes)}`);
  }
});
await pool.close();
compiled?.remove();
const list = (items: string[]) => (items.length ? ` (${items.join('; ')})` : '');
console.log(`seed ${values.seed}, job limits ${values.timeout} s / ${values.memory} MiB, ${Math.round((performance.now() - started) / 1000)} s in all`);
console.log(`inputs          ${counts.inputs}`);
console.log(`extracted       ${counts.extracted}`);
console.log(`clean errors    ${counts.cleanErrors}`);
console.log(`escaped errors  ${counts.escaped.length}${list(counts.escaped)}`);
console.log(`hangs (limit)   ${counts.hangs.length}${list(counts.hangs)}`);
console.log(`over memory     ${counts.overMemory.length}${list(counts.overMemory)}`);
console.log(`crashed         ${counts.crashed.length}${list(counts.crashed)}`);
console.log(`slow (>= 10 s)  ${counts.slow.length}${list(counts.slow)}`);
console.log(`peak memory     ${mib(counts.peakBytes)} (${counts.peakInput}; a worker's resident memory, about 100 MiB at rest)`);
console.log(`slowest         ${Math.round(counts.slowestMs)} ms (${counts.slowestInput})`);
process.exitCode = counts.escaped.length + counts.hangs.length + counts.overMemory.length + counts.crashed.length ? 1 : 0;
