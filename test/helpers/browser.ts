// What the Chromium tests share: an app served on loopback and Debian's Chromium driven by playwright-core
// (never a browser download). Without /usr/bin/chromium the test fails, it does not skip.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import type { Hono } from 'hono';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface ServedInChromium {
  /** `http://127.0.0.1:<port>` of the served app. */
  base: string;
  browser: Browser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/** Serves `app` on a free loopback port and launches Chromium. */
export async function serveInChromium(app: Hono): Promise<ServedInChromium> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is required for the browser tests (apt install chromium)`);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
