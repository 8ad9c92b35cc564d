// How instant the CLI is, as users run it (bin/kizuna.js over the built dist/): `kizuna list plans` on a demo
// register against a bare `node -e 0`, in pairs run back to back (so both meet the same machine load), over
// many rounds; the ratio is the median of the pairs' ratios. Peak RSS (the process's own maximum resident set)
// is read from separate runs. Then the same command while `kizuna serve` runs on the register (through its CLI
// door). `--quick`: fewer rounds. Bar (issue 14): at most 10× node -e 0 and under 200 MiB.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Benchmark } from './index.js';
import { median } from './stats.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const bin = join(repo, 'bin', 'kizuna.js');

/** Milliseconds `node args…` took, start to exit, failing loudly if it failed. */
function timed(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return ms;
}

/** Peak resident set (MiB) of `node args…`, as the process itself reports it when it exits. */
function peakRss(args: string[], probe: string): number {
  const result = spawnSync(process.execPath, ['--import', probe, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  const kib = /kizuna-bench-maxrss (\d+)/.exec(result.stderr)?.[1];
  if (result.status !== 0 || !kib) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return Number(kib) / 1024;
}

function paired(rounds: number, command: string[]) {
  const bare: number[] = [];
  const cli: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so neither always meets the other's after-effects.
    let a: number;
    let b: number;
    if (round % 2) {
      a = timed(command);
      b = timed(['-e', '0']);
    } else {
      b = timed(['-e', '0']);
      a = timed(command);
    }
    cli.push(a);
    bare.push(b);
    ratios.push(a / b);
  }
  return { bare: median(bare), cli: median(cli), ratio: median(ratios) };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export const cliBench: Benchmark = {
  name: 'cli',
  summary: 'kizuna list plans on a demo register vs node -e 0 (paired medians, ratio, peak RSS), also through a running serve',
  async run(flags) {
    const rounds = flags.includes('--quick') ? 5 : 15;
    const build = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
    const work = mkdtempSync(join(tmpdir(), 'kizuna-bench-cli-'));
    try {
      const data = join(work, 'data');
      console.log(`demo register in ${data} …`);
      timed([bin, 'demo', '--data', data]);
      const probe = join(work, 'maxrss.mjs');
      writeFileSync(probe, "process.on('exit', () => process.stderr.write(`kizuna-bench-maxrss ${process.resourceUsage().maxRSS}\\n`));\n");
      const list = [bin, 'list', 'plans', '--data', data];
      timed(list); // warm the file cache
      console.log(`load average before: ${load()} (2 cores)`);
      const direct = paired(rounds, list);
      const rss = median(Array.from({ length: 3 }, () => peakRss(list, probe)));
      const bareRss = median(Array.from({ length: 3 }, () => peakRss(['-e', '0'], probe)));
      console.log(`node -e 0:              median ${fmt(direct.bare)}, peak RSS ${bareRss.toFixed(0)} MiB`);
      console.log(`kizuna list plans:      median ${fmt(direct.cli)}, ${direct.ratio.toFixed(1)}× node -e 0 (median of ${rounds} paired ratios), peak RSS ${rss.toFixed(0)} MiB`);
      console.log(`bar (≤ 10×, < 200 MiB): ${direct.ratio <= 10 && rss < 200 ? 'met' : 'NOT met'}`);

      // The same command while serve holds the register: it goes through serve's CLI door.
      const served = join(work, 'served');
      cpSync(data, served, { recursive: true });
      const server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', served], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL: '' } });
      try {
        await new Promise<void>((resolve, reject) => {
          let out = '';
          server.stdout.on('data', (d) => {
            out += d;
            if (out.includes('serving')) resolve();
          });
          server.once('exit', (code) => reject(new Error(`serve exited (${code}) before serving`)));
        });
        const door = [bin, 'list', 'plans', '--data', served];
        timed(door);
        const through = paired(rounds, door);
        const doorRss = median(Array.from({ length: 3 }, () => peakRss(door, probe)));
        console.log(`… while serve runs:     median ${fmt(through.cli)}, ${through.ratio.toFixed(1)}× node -e 0 (node -e 0 median ${fmt(through.bare)}), peak RSS ${doorRss.toFixed(0)} MiB`);
      } finally {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('close', resolve));
      }
      console.log(`load average after: ${load()}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
