// What the CLI test files share: a temp workspace, migrated PGlite data directories copied from one template,
// the CLI run in-process or as a child process, and distinct copies of the demo seeds for batches.
import { after } from 'node:test';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
import { schemaHash } from '../store/engines.js';
import type { Io } from '../../src/cli/io.js';
import { repoRoot, seedFiles } from '../helpers/paths.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** A temp folder removed after the file, and `run(...argv)` of the CLI in this process with HOME there. */
export function cliWorkspace(name: string): { work: string; run: (...argv: string[]) => Promise<CliResult> } {
  const work = mkdtempSync(`${tmpdir()}/kizuna-cli-${name}-`);
  after(() => rmSync(work, { recursive: true, force: true }));
  const run = async (...argv: string[]): Promise<CliResult> => {
    let out = '';
    let err = '';
    const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, env: { HOME: work }, cwd: work };
    const code = await main(argv, io);
    return { code, out, err };
  };
  return { work, run };
}

/** The demo seeds, each made unique by an appended line, as a batch of distinct files. */
export function copies(count: number, dir: string): string[] {
  const demoFiles = seedFiles();
  return Array.from({ length: count }, (_, i) => {
    const source = demoFiles[i % demoFiles.length]!;
    const target = `${dir}/copy-${i}-${source.split('/').pop()}`;
    writeFileSync(target, `${readFileSync(source, 'utf8')}\n\nCopy ${i} ${randomBytes(4).toString('hex')}.\n`);
    return target;
  });
}

/** The CLI from source in a child process (for tests that kill or race real processes). */
export function spawnCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', `${repoRoot}test/cli/run-cli.ts`, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done, output: () => out };
}

/** The web address `kizuna serve` prints once it listens ("… at http://127.0.0.1:40123/ (Ctrl-C stops)"), within `limitMs`. */
export function servedUrl(output: () => string, limitMs = 120_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const found = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output())?.[1];
      if (found || Date.now() - started > limitMs) {
        clearInterval(timer);
        if (found) resolve(found);
        else reject(new Error(`serve did not start: ${output()}`));
      }
    }, 20);
  });
}

/**
 * Makes `target` a new, empty, migrated PGlite data directory for `--data`: a copy of one template migrated
 * once per schema for every test file and run (creating and migrating a register costs seconds; copying it,
 * milliseconds). Returns `target`.
 */
export async function migratedDataDir(target: string): Promise<string> {
  const template = `${tmpdir()}/kizuna-test-datadir-${schemaHash}`;
  if (!existsSync(template)) {
    const partial = `${template}.${process.pid}`;
    const store = await openStore({ url: '', dataDir: partial, env: {} });
    await store.close();
    // Another test process may have made it meanwhile: theirs is as good.
    try {
      renameSync(partial, template);
    } catch {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  cpSync(template, target, { recursive: true });
  return target;
}
