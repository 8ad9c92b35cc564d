// `kizuna serve` listens beyond loopback only once sign-in is set up, and says how in one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopback, startServer } from '../../src/server.js';

test('a non-loopback --host is refused until an administrator or OpenID Connect exists', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-host-'));
  try {
    await assert.rejects(startServer({ port: 0, host: '192.0.2.10', data: join(dir, 'data'), env: {}, maxUploadBytes: 1024 }), (error: Error) => {
      assert.match(error.message, /^refusing to listen on 192\.0\.2\.10 before sign-in is set up: create an administrator \(kizuna user add EMAIL --role admin\) or configure OpenID Connect/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(['127.0.0.1', '127.1.2.3', '::1', 'localhost', '0.0.0.0', '192.0.2.10', '::'].map(isLoopback), [true, true, true, true, false, false, false]);
});
