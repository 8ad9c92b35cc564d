// Serves the browser assets: the client script (bundled by esbuild at build time into dist/web/assets,
// or on first request when running from source) and the stylesheet, with content hashes for caching.
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import { KizunaError } from '../errors.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const built = `${here}assets/`;

interface Asset {
  body: string;
  type: string;
  hash: string;
}

const assets = new Map<string, Asset>();

/** Bundles the client with esbuild (a dev dependency through tsx) when no prebuilt bundle exists. */
export async function bundleClient(minify = true): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [`${here}client/main.ts`],
    bundle: true,
    minify,
    format: 'esm',
    target: 'es2022',
    write: false,
    legalComments: 'none',
  });
  return result.outputFiles[0]?.text ?? '';
}

function asset(name: string, body: string, type: string): Asset {
  const entry = { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) };
  assets.set(name, entry);
  return entry;
}

/** Loads both assets; `kizuna serve` awaits this before listening so the first page is fast. */
export async function prepareAssets(): Promise<void> {
  if (assets.size === 2) return;
  const script = existsSync(`${built}app.js`) ? readFileSync(`${built}app.js`, 'utf8') : await bundleClient();
  asset('app.js', script, 'text/javascript; charset=utf-8');
  const css = existsSync(`${built}app.css`) ? readFileSync(`${built}app.css`, 'utf8') : readFileSync(`${here}client/style.css`, 'utf8');
  asset('app.css', css, 'text/css; charset=utf-8');
}

/** `/assets/app.js?v=<hash>` once prepared (so a new build is never served stale from cache). */
export function assetUrl(name: 'app.js' | 'app.css'): string {
  const hash = assets.get(name)?.hash;
  return hash ? `/assets/${name}?v=${hash}` : `/assets/${name}`;
}

export async function assetResponse(c: Context, name: string): Promise<Response> {
  await prepareAssets();
  const entry = assets.get(name);
  if (!entry) throw new KizunaError('not-found', `No asset ${name}.`);
  return c.body(entry.body, 200, {
    'Content-Type': entry.type,
    'Cache-Control': c.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
}
