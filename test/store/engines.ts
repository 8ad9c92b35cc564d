// The engines every store test runs on: PGlite always, PostgreSQL when DATABASE_URL is set. PGlite stores
// open from a migrated snapshot cached per run (creating a data dir costs seconds); PostgreSQL ones live in a
// fresh schema per store, dropped when the test process ends.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.js';

export interface Engine {
  name: 'pglite' | 'postgres';
  /** A fresh, empty, migrated store; closed (and its schema dropped) after the test file. */
  open(): Promise<Store>;
}

const migrationsDir = new URL('../../src/store/migrations/', import.meta.url);
/** Names the cached migrated databases: a new migration makes new ones. */
export const schemaHash = createHash('sha256')
  .update(readdirSync(migrationsDir).sort().map((f) => readFileSync(new URL(f, migrationsDir), 'utf8')).join('\n'))
  .digest('hex')
  .slice(0, 16);
const snapshotPath = join(tmpdir(), `kizuna-test-pglite-${schemaHash}.tar`);

const opened: Store[] = [];
const schemas: string[] = [];
after(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => {})));
  if (schemas.length && process.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
});

async function pgliteSnapshot(): Promise<Blob> {
  if (existsSync(snapshotPath)) return new Blob([readFileSync(snapshotPath)]);
  const store = await openStore({ url: '', dataDir: 'memory://', env: {} });
  const blob = await store.snapshot!();
  await store.close();
  const partial = `${snapshotPath}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
  renameSync(partial, snapshotPath);
  return blob;
}

const pglite: Engine = {
  name: 'pglite',
  async open() {
    const store = await openStore({ url: '', dataDir: 'memory://', pgliteSnapshot: await pgliteSnapshot(), env: {} });
    opened.push(store);
    return store;
  },
};

const postgres: Engine = {
  name: 'postgres',
  async open() {
    const schema = `kizuna_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    const store = await openStore({ url: process.env.DATABASE_URL!, schema, env: {} });
    opened.push(store);
    return store;
  },
};

export const engines: Engine[] = process.env.DATABASE_URL ? [pglite, postgres] : [pglite];
