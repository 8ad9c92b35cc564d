// `npm test`: type-checks and runs every test file, in parallel where they are independent. The type check
// runs beside the tests (it needs no test, no test needs it); test files run as separate processes, several
// at a time (each PGlite register, PostgreSQL schema, temp folder and port is its own), the slowest first so
// they do not finish last. The browser tests run in a process of their own from the start, one file at a
// time, and the pool gives up a slot for them, so Chromium is never one of many heavy processes started
// together. Exit status: non-zero if the type check or any test failed.
//
//   npm test                          everything
//   npm test -- test/api/csv.test.ts  only these files (still type-checked)
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Measured the longest (seconds on 2 cores): started first so the run is not left waiting on them.
const SLOW_FIRST = ['test/package/packed-install.test.ts', 'test/cli/register.test.ts', 'test/cli/processes.test.ts', 'test/track/api.test.ts', 'test/api/api.test.ts', 'test/store/register.test.ts', 'test/track/store.test.ts'];
const ALONE = ['test/e2e/browser.test.ts', 'test/e2e/workspace.test.ts', 'test/e2e/layout.test.ts'];

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const given = process.argv.slice(2);
const all = given.length ? given : testFiles('test').sort();
const rank = (file) => (SLOW_FIRST.includes(file) ? SLOW_FIRST.indexOf(file) : SLOW_FIRST.length);
const together = all.filter((f) => !ALONE.includes(f)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const alone = all.filter((f) => ALONE.includes(f));
// More files than cores: most of a test's time is spent waiting on PGlite, child processes and the network stack.
const concurrency = Math.max(2, availableParallelism() * 2 - (alone.length ? 1 : 0));

// Workers started from the sources run under tsx, which also transforms PDF.js in every worker (about 450 MiB
// for one PDF job); the default 512 MiB job limit is meant for the installed, compiled
// code, which the fuzz and sandbox tests check with explicit limits. Other tests get room for tsx's own cost.
process.env.KIZUNA_JOB_MEMORY ??= '1024';

const nodeTest = (files, n) => run(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${n}`, '--test-reporter=spec', ...files]);
const [typecheck, pooled, browser] = await Promise.all([
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']),
  together.length ? nodeTest(together, concurrency) : 0,
  alone.length ? nodeTest(alone, 1) : 0,
]);
if (typecheck !== 0) console.error('npm test: the type check failed');
process.exitCode = typecheck || pooled || browser ? 1 : 0;
