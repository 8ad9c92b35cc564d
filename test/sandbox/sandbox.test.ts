// The extraction sandbox: same results as in-process, a time and a memory limit that end the job with
// one line and replace the worker, and a worker entry that runs from sources (tsx) and compiled JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFile } from '../../src/pipeline.js';
import { SandboxPool, extractInSandbox, ingestInSandbox, limitsFromEnv } from '../../src/sandbox/index.js';
import { formatMessage } from '../../src/cli/messages.js';
import { repoRoot } from '../helpers/paths.js';
import { compileSources } from '../helpers/compiled.js';

const plan = join(repoRoot, 'demo', 'jp-pl-action-plan-2025-2029.md');
/** Dense text: 1.6 MB of one-line commitments takes seconds to extract and a few hundred MiB. */
const dense = new TextEncoder().encode('Japan and Poland will hold annual consultations on energy security.\n'.repeat(24_000));

test('a job in the sandbox gives what extraction in-process gives', async () => {
  const pool = new SandboxPool({ workers: 1 });
  try {
    const inProcess = await extractFile(plan);
    const sandboxed = await extractInSandbox({ path: plan }, {}, pool);
    assert.ok(sandboxed.extraction && inProcess.extraction);
    assert.deepEqual(sandboxed.extraction, inProcess.extraction);
    const readout = await ingestInSandbox({ name: 'readout.txt', bytes: new TextEncoder().encode('Japan and Poland held consultations.') }, {}, pool);
    assert.equal(readout.document?.text, 'Japan and Poland held consultations.');
  } finally {
    await pool.close();
  }
});

test('past the time limit the job ends with one line, the worker is replaced and the next job runs', async () => {
  const pool = new SandboxPool({ workers: 1, timeoutMs: 500 });
  try {
    const slow = await extractInSandbox({ name: 'dense.txt', bytes: dense }, {}, pool);
    assert.equal(slow.extraction, null);
    assert.equal(formatMessage(slow.messages[0]!), 'dense.txt: took longer than 0.5 s [ingest/timeout]');
    const next = await pool.run('ingest', { path: plan });
    assert.equal(next.status, 'done');
  } finally {
    await pool.close();
  }
});

test('past the memory limit the job ends with one line; a batch of jobs goes on', async () => {
  const pool = new SandboxPool({ workers: 1, memoryMb: 160, timeoutMs: 120_000 });
  try {
    // A million elements: the parsed page alone needs several hundred MiB.
    const tags = new TextEncoder().encode(`<html><body>${'<span><b>x</b></span>'.repeat(1_000_000)}</body></html>`);
    const [big, small] = await Promise.all([extractInSandbox({ name: 'tags.html', bytes: tags }, {}, pool), extractInSandbox({ path: plan }, {}, pool)]);
    assert.equal(formatMessage(big.messages[0]!), 'tags.html: needed more than 160 MiB of memory [ingest/memory]');
    assert.ok(small.extraction && small.extraction.commitments.length > 10);
  } finally {
    await pool.close();
  }
});

test('a job that cannot be sent to a worker is rejected with a TypeError naming it; the pool and the process go on', async () => {
  const pool = new SandboxPool({ workers: 1 });
  try {
    const text = { name: 'note.txt', bytes: new TextEncoder().encode('Japan and Poland held consultations.') };
    // Before the fix the clone error was thrown inside the worker's IPC handler and ended the whole process.
    await assert.rejects(pool.run('ingest', text, { onProgress: () => {} } as never), {
      name: 'TypeError',
      message: /^options cannot be sent to an extraction worker \(.*could not be cloned.*\); pass plain data only$/,
    });
    await assert.rejects(pool.run('ingest', { name: 'x.txt', bytes: 'text' } as never), { name: 'TypeError', message: /^source must be/ });
    // A source of the right shape carrying something else that cannot cross: refused when the worker is sent the job.
    await assert.rejects(pool.run('ingest', { ...text, open: () => {} } as never), { name: 'TypeError', message: /cannot send this job to a worker: .*could not be cloned/ });
    const next = await pool.run<{ document: { text: string } }>('ingest', text);
    assert.equal(next.status, 'done');
    assert.equal(next.status === 'done' && next.result.document.text, 'Japan and Poland held consultations.');
  } finally {
    await pool.close();
  }
});

test('an upload kept in a temporary file is named as it was sent, in its document and in every message', async () => {
  const pool = new SandboxPool({ workers: 1, timeoutMs: 500 });
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-named-'));
  try {
    const kept = join(dir, 'upload-1');
    writeFileSync(kept, 'Japan and Poland held consultations.');
    const read = await ingestInSandbox({ path: kept }, { name: 'readout.txt' }, pool);
    assert.equal(read.document?.name, 'readout.txt');
    writeFileSync(kept, dense);
    const slow = await extractInSandbox({ path: kept }, { name: 'dense.txt' }, pool);
    assert.equal(formatMessage(slow.messages[0]!), 'dense.txt: took longer than 0.5 s [ingest/timeout]');
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('limits come from the environment, at most one worker per core', () => {
  const limits = limitsFromEnv({ KIZUNA_JOB_TIMEOUT: '5', KIZUNA_JOB_MEMORY: '256', KIZUNA_WORKERS: '999' });
  assert.equal(limits.timeoutMs, 5000);
  assert.equal(limits.memoryMb, 256);
  assert.ok(limits.workers >= 1 && limits.workers <= 64);
  assert.deepEqual(limitsFromEnv({ KIZUNA_JOB_TIMEOUT: 'soon' }).timeoutMs, 30_000);
});

test('the worker entry runs from compiled JavaScript (the installed package), without tsx', () => {
  const compiled = compileSources('dist');
  try {
    const script = `
      import { SandboxPool, extractInSandbox } from ${JSON.stringify(compiled.url('sandbox/index.js'))};
      const pool = new SandboxPool({ workers: 1 });
      const { extraction, messages } = await extractInSandbox({ path: ${JSON.stringify(plan)} }, {}, pool);
      await pool.close();
      console.log(JSON.stringify({ commitments: extraction?.commitments.length ?? null, messages }));`;
    const result = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: compiled.dir, encoding: 'utf8' }));
    assert.deepEqual(result.messages, []);
    assert.ok(result.commitments > 10);
  } finally {
    compiled.remove();
  }
});
