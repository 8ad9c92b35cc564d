// Uploads are streamed to disk with their cap: a real `kizuna serve` (upload limit 100 MiB) receives a 96 MiB
// upload and a 120 MiB one past the cap while its resident memory is watched, and nothing of either is left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratedDataDir, servedUrl, spawnCli } from '../cli/cli-helpers.js';

const MiB = 1024 * 1024;
/**
 * What the server may grow by while it receives 96 MiB: half of one copy of the upload. Receiving makes
 * garbage (the socket's chunks) that V8 collects when it sees fit, about 25–40 MiB whatever the size; the old
 * code, which buffered the body and parsed it in memory, grew by 250 MiB for 49 MiB.
 */
const RSS_BOUND = 48 * MiB;

/** The server process's resident memory now and its peak since the last reset (Linux /proc), in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  // Example lines: "VmRSS:\t  159608 kB", "VmHWM:\t  236600 kB".
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Resets the peak to the current size (true), where the kernel lets us; else the peak is sampled. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * A multipart body of `size` bytes of plain text in the field `file`, generated chunk by chunk: the test
 * process never holds it either, and without a Content-Length the server can only count it as it arrives.
 */
function streamedUpload(name: string, size: number): { body: ReadableStream<Uint8Array>; type: string } {
  const boundary = `----kizuna${Date.now()}`;
  const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`);
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const line = new TextEncoder().encode('Japan and Poland will hold annual consultations on energy security.\n'.repeat(1000));
  let sent = 0;
  let stage: 'head' | 'data' | 'tail' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stage === 'head') {
        controller.enqueue(head);
        stage = 'data';
      } else if (stage === 'data') {
        const chunk = line.subarray(0, Math.min(line.length, size - sent));
        sent += chunk.length;
        controller.enqueue(chunk);
        if (sent >= size) stage = 'tail';
      } else if (stage === 'tail') {
        controller.enqueue(tail);
        stage = 'done';
      } else controller.close();
    },
  });
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** Sends one upload while sampling the server's memory; returns the answer and how far above the start it went. */
async function upload(url: string, pid: number, name: string, size: number) {
  const before = memoryOf(pid).rss;
  const exact = resetPeak(pid);
  let sampled = before;
  const sampler = setInterval(() => (sampled = Math.max(sampled, memoryOf(pid).rss)), 5);
  const { body, type } = streamedUpload(name, size);
  try {
    const response = await fetch(`${url}api/uploads`, { method: 'POST', headers: { 'Content-Type': type, 'X-Kizuna-Request': '1' }, body, duplex: 'half' } as RequestInit);
    const problem = (await response.json()) as { code: string; detail: string };
    const peak = exact ? Math.max(sampled, memoryOf(pid).peak) : sampled;
    return { status: response.status, problem, grew: peak - before, before };
  } finally {
    clearInterval(sampler);
  }
}

test('a 96 MiB upload and a 120 MiB one past the 100 MiB cap grow the server by less than half of one copy, and leave nothing on disk', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-upload-stream-'));
  const data = await migratedDataDir(join(dir, 'data'));
  const { child, done, output } = spawnCli(['serve', '--port', '0', '--data', data, '--max-upload', '100']);
  try {
    const url = await servedUrl(output);
    const pid = child.pid!;
    const uploads = join(data, 'kizuna-uploads');
    // Warm: the upload route, its modules and the sandbox's first worker load before anything is measured.
    const small = await upload(url, pid, 'warm.txt', 64 * 1024);
    assert.equal(small.status, 201, small.problem.detail);

    const large = await upload(url, pid, 'large.txt', 96 * MiB);
    t.diagnostic(`96 MiB upload: server RSS ${(large.before / MiB).toFixed(0)} MiB before, peak +${(large.grew / MiB).toFixed(1)} MiB`);
    // Received whole and handed to the sandbox, which refuses a text this long: a 422 with the file's name.
    assert.equal(large.status, 422, large.problem.detail);
    assert.match(large.problem.detail, /^large\.txt: /);
    assert.ok(large.grew < RSS_BOUND, `the server grew by ${(large.grew / MiB).toFixed(1)} MiB receiving 96 MiB`);

    const over = await upload(url, pid, 'over.txt', 120 * MiB);
    t.diagnostic(`120 MiB upload past the cap: server RSS peak +${(over.grew / MiB).toFixed(1)} MiB`);
    assert.equal(over.status, 413);
    assert.equal(over.problem.code, 'payload-too-large');
    assert.match(over.problem.detail, /over the (upload )?limit of \d+ bytes/);
    assert.ok(over.grew < RSS_BOUND, `the server grew by ${(over.grew / MiB).toFixed(1)} MiB refusing 120 MiB`);

    // Nothing partial: the refused and the unreadable upload are gone; only the warm-up's draft (2 files) remains.
    const left = readdirSync(uploads);
    assert.deepEqual(left.filter((f) => f.startsWith('upload-')), [], 'no upload file left');
    assert.equal(left.filter((f) => f.startsWith('draft-')).length, 2, 'the one kept draft: its file and its extraction');
  } finally {
    child.kill('SIGTERM');
    await done;
    rmSync(dir, { recursive: true, force: true });
  }
});
