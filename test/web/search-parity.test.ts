// One way into the register: a Japanese query finds the same commitments, in the same order, from
// `kizuna search`, GET /api/search and the /search page (all three call ops' search with its glossary fallback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../src/server.js';
import { DraftStore } from '../../src/ops/drafts.js';
import { openAppRegister } from '../../src/ops/open-register.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import { cliWorkspace, migratedDataDir } from '../cli/cli-helpers.js';

const { work, run } = cliWorkspace('parity');
const data = `${work}/data`;

async function cli(...argv: string[]): Promise<string> {
  const { code, out, err } = await run(...argv, '--data', data);
  assert.equal(code, 0, err);
  return out;
}

test('水素 and 原子力: the same hits from the CLI, /api/search and /search', async () => {
  await migratedDataDir(data);
  await cli('demo');
  const queries = ['水素', '原子力'];
  const fromCli = new Map<string, string[]>();
  for (const q of queries) {
    const result = JSON.parse(await cli('search', q, '--json', '--limit', '25')) as { items: { commitment: { id: string } }[]; translatedQuery?: string };
    fromCli.set(q, result.items.map((h) => h.commitment.id));
  }
  // The CLI closed the embedded database; the app opens the same data directory.
  const opened = await openAppRegister({ data, env: {} });
  try {
    const app = createApp({ register: opened.register, store: opened.store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 1 << 20, now: () => new Date() });
    for (const q of queries) {
      const expected = fromCli.get(q)!;
      assert.ok(expected.length > 0, `the CLI finds something for ${q} (through the glossary: the demo plans are in English)`);
      const api = (await (await app.request(`/api/search?q=${encodeURIComponent(q)}&limit=25`)).json()) as { items: { commitment: { id: string } }[]; translatedQuery?: string };
      assert.deepEqual(api.items.map((h) => h.commitment.id), expected, `/api/search?q=${q}`);
      assert.ok(api.translatedQuery, 'the API says which English query it searched');
      const html = await (await app.request(`/search?q=${encodeURIComponent(q)}`)).text();
      const onPage = [...html.matchAll(/<li class="commitment-card"><p><a href="\/commitments\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
      assert.deepEqual(onPage, expected, `/search?q=${q}`);
    }
  } finally {
    await opened.close();
  }
});
