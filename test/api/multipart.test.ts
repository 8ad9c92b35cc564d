// The streaming multipart reader: the same form a browser's parser gives, whatever the chunking; files on disk
// (0600) and never in memory; caps and malformed bodies refused with nothing left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskPathOf, discard, receiveMultipart, type MultipartLimits } from '../../src/http/multipart.js';
import { KizunaError } from '../../src/errors.js';

/** A body as `Request` serializes a FormData, with its Content-Type. */
async function encoded(form: FormData): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string }> {
  const request = new Request('http://x/', { method: 'POST', body: form });
  return { bytes: new Uint8Array(await request.arrayBuffer()), type: request.headers.get('Content-Type')! };
}

/** The bytes as a stream of chunks of `size` bytes (1: a delimiter is always cut across chunks). */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

function withDir(run: (limits: MultipartLimits) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuna-multipart-'));
    try {
      await run({ dir, maxBodyBytes: 1 << 20, maxFileBytes: 64 * 1024, maxFieldBytes: 1024 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'fields and files come out as the platform parser gives them, for any chunking; files are on disk, 0600',
  withDir(async (limits) => {
    const form = new FormData();
    form.append('_csrf', 'token');
    form.append('note', 'Progress: MoC signed — 覚書に署名\r\nsecond line');
    const pdf = new Uint8Array(20_000).map((_, i) => (i * 7) % 256);
    form.append('file', new File([pdf], '計画 "final".pdf', { type: 'application/pdf' }));
    const { bytes, type } = await encoded(form);
    const expected = await new Request('http://x/', { method: 'POST', body: bytes, headers: { 'Content-Type': type } }).formData();
    for (const size of [1, 7, 64, 4096, bytes.length]) {
      const { form: got, paths } = await receiveMultipart(chunked(bytes, size), type, limits);
      assert.deepEqual([...got.keys()], [...expected.keys()], `chunks of ${size}`);
      assert.equal(got.get('note'), expected.get('note'));
      const file = got.get('file') as File;
      assert.equal(file.name, (expected.get('file') as File).name);
      assert.equal(file.type, 'application/pdf');
      assert.deepEqual(new Uint8Array(await file.arrayBuffer()), pdf);
      const path = diskPathOf(file)!;
      assert.equal(statSync(path).mode & 0o777, 0o600);
      await discard(paths);
    }
    // A file input left empty, as browsers send it: an empty filename and no bytes give an empty File.
    const browser = new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n');
    const { form: empty, paths } = await receiveMultipart(chunked(browser, 5), 'multipart/form-data; boundary=b', limits);
    const file = empty.get('file') as File;
    assert.equal(file.name, '');
    assert.equal(file.size, 0);
    await discard(paths);
    assert.deepEqual(readdirSync(limits.dir), []);
  }),
);

test(
  'past a cap (a file, the text fields, the whole body) 413, and the partial file is removed',
  withDir(async (limits) => {
    const cases: [string, FormData, RegExp][] = [];
    const big = new FormData();
    big.append('file', new File([new Uint8Array(100_000)], 'big.pdf'));
    cases.push(['file', big, /^big\.pdf is over the upload limit of 65536 bytes\.$/]);
    const wordy = new FormData();
    wordy.append('note', 'x'.repeat(2000));
    cases.push(['fields', wordy, /^The form's text fields are over the limit of 1024 bytes\.$/]);
    const many = new FormData();
    for (let i = 0; i < 20; i++) many.append('file', new File([new Uint8Array(60_000)], `part-${i}.pdf`));
    cases.push(['body', many, /^The request body is over the limit of 1048576 bytes for an upload\.$/]);
    for (const [what, form, message] of cases) {
      const { bytes, type } = await encoded(form);
      await assert.rejects(receiveMultipart(chunked(bytes, 4096), type, limits), (error: KizunaError) => {
        assert.equal(error.code, 'payload-too-large', what);
        assert.match(error.message, message);
        return true;
      });
      assert.deepEqual(readdirSync(limits.dir), [], `nothing left after the ${what} cap`);
    }
  }),
);

test(
  'a malformed body is a 400 and leaves nothing: no boundary, cut short, a part without a name',
  withDir(async (limits) => {
    const form = new FormData();
    form.append('file', new File([new Uint8Array(10_000)], 'a.pdf'));
    const { bytes, type } = await encoded(form);
    const bad: [string, Uint8Array, string][] = [
      ['no boundary', bytes, 'multipart/form-data'],
      ['cut short', bytes.subarray(0, 5000), type],
      ['no name', new TextEncoder().encode('--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n'), 'multipart/form-data; boundary=b'],
    ];
    for (const [what, body, contentType] of bad) {
      await assert.rejects(receiveMultipart(chunked(body, 1000), contentType, limits), (error: KizunaError) => {
        assert.equal(error.code, 'invalid-request', what);
        assert.match(error.message, /^The multipart body could not be read: /);
        return true;
      });
      assert.deepEqual(readdirSync(limits.dir), [], `nothing left when ${what}`);
    }
  }),
);
