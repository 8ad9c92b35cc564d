// Installable as a user installs it: `npm pack`, then the tarball installed with --omit=dev into an empty
// folder, and every kind of command run from that install (help, demo, search, a DOCX review, serve).
// A runtime import that is only a devDependency, or a file `files` leaves out, fails here.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/paths.js';

const exec = promisify(execFile);
const work = mkdtempSync(`${tmpdir()}/kizuna-pack-`);
after(() => rmSync(work, { recursive: true, force: true }));

// npm must come from the Node that runs the tests; everything offline-friendly: the cache has the packages.
const npm = (args: string[], cwd: string, timeout: number) =>
  exec('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd, timeout, maxBuffer: 64 << 20, env: { ...process.env, npm_config_update_notifier: 'false' } });

test('the packed package installs without dev dependencies and every kind of command runs', { timeout: 600_000 }, async () => {
  // Pack (runs `prepack`, i.e. the build) into the temp folder.
  const packed = await npm(['pack', '--pack-destination', work], repoRoot, 300_000);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, `npm pack wrote no tarball: ${packed.stderr}`);

  const app = `${work}/app`;
  const data = `${work}/data`;
  mkdirSync(app);
  // As README's install instructions say: npm 11 builds a dependency's native code only when the installing
  // project allows its install script, and the register's single-writer lock needs fs-ext's (flock).
  writeFileSync(`${app}/package.json`, JSON.stringify({ name: 'kizuna-install-probe', version: '1.0.0', private: true, allowScripts: { 'fs-ext': true } }));
  const installed = await npm(['install', '--omit=dev', `${work}/${tarball}`], app, 300_000);
  // Warning-free on this Node: no engine mismatch (EBADENGINE), no deprecated package, no install script left unapproved.
  assert.doesNotMatch(installed.stderr, /npm warn/i, 'npm install of the tarball warns');
  assert.deepEqual(readdirSync(`${app}/node_modules/kizuna`).filter((f) => !/^(README|LICENSE)/i.test(f)).sort(), ['bin', 'demo', 'dist', 'package.json'], 'only what runs is shipped');
  assert.throws(() => readdirSync(`${app}/node_modules/typescript`), 'dev dependencies are not installed');

  const bin = `${app}/node_modules/.bin/kizuna`;
  const env = { ...process.env, DATABASE_URL: '', HOME: work };
  const kizuna = (...args: string[]) => exec(bin, args, { cwd: app, env, timeout: 180_000, maxBuffer: 64 << 20 });

  const help = await kizuna('--help');
  assert.match(help.stdout, /Usage: kizuna/);
  await kizuna('demo', '--data', data);
  const search = await kizuna('search', 'hydrogen', '--json', '--data', data);
  const hits = JSON.parse(search.stdout) as { total: number };
  assert.ok(hits.total > 0, 'search finds the demo plans');
  const plans = JSON.parse((await kizuna('list', 'plans', '--json', '--data', data)).stdout) as { items: { id: string }[] };
  const review = `${work}/review.docx`;
  await kizuna('review', plans.items[0]!.id, '--format', 'docx', '--out', review, '--data', data);
  assert.equal(readFileSync(review).subarray(0, 2).toString('latin1'), 'PK', 'a DOCX (zip) was written');

  // serve on a free loopback port, fetch a page and the API, stop it.
  const server = spawn(bin, ['serve', '--port', '0', '--host', '127.0.0.1', '--data', data], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => server.on('close', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}${err}`)), 60_000);
      server.stdout.on('data', (d) => {
        out += d;
        const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      server.stderr.on('data', (d) => (err += d));
      server.on('close', () => reject(new Error(`serve exited: ${out}${err}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/);
    const api = await fetch(`${url}api/search?q=hydrogen`);
    assert.equal(api.status, 200);
    assert.ok(((await api.json()) as { total: number }).total > 0);
    const script = await fetch(`${url}assets/app.js`);
    assert.equal(script.status, 200, 'the prebuilt client script is shipped');
  } finally {
    server.kill('SIGTERM');
  }
  assert.equal(await exited, 0, 'serve stops cleanly on SIGTERM');
});
