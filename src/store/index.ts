// Opens the register: PostgreSQL when a postgres:// URL is given (or DATABASE_URL is set), else an embedded
// PGlite database in a per-user data directory. Both get the same schema, migrations and Kysely queries.
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultDataDir } from './data-dir.js';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema.js';
import { PGliteDialect } from './pglite-dialect.js';
import { migrationProvider, migrations } from './migrations/index.js';
import { lockDataDir } from './lock.js';
import { DURABLE_START_PARAMS, keepPrivate, privateCopy, syncWritesToDisk, writable } from './durability.js';

export type { Database } from './schema.js';

export interface StoreOptions {
  /** `postgres://…` selects PostgreSQL; defaults to `env.DATABASE_URL`. */
  url?: string;
  /** PGlite data directory (ignored for PostgreSQL); defaults to `defaultDataDir(env)`. `memory://` keeps it in memory. */
  dataDir?: string;
  /** PostgreSQL schema to work in (created if missing): isolates test runs sharing one server. */
  schema?: string;
  /**
   * The caller only reads (list, search, show, export): a PGlite data directory this process may not
   * write is then opened as a private copy, with no lock. A writable one is opened and locked as usual.
   */
  readOnly?: boolean;
  /** A PGlite data-dir tarball (`dumpDataDir`) to start from instead of an empty database. */
  pgliteSnapshot?: Blob;
  /**
   * A short-lived command (the CLI), not a server: PGlite gets a small buffer pool, which halves its start
   * and its memory (PGlite's default pool of 128 MB is laid out at every start; a command touches a few MB).
   */
  brief?: boolean;
  env?: Record<string, string | undefined>;
}

export interface Store {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  /** The data directory, or the URL without its password. */
  location: string;
  /** PGlite only: the data directory as a tarball, to open copies of it fast (`pgliteSnapshot`). */
  snapshot?: () => Promise<Blob>;
  /**
   * Calls `onChange` after every committed change to this register, by any process (migration 009's
   * notification); `onLost` when the notifications stopped (the listening connection broke), after which
   * nothing is known about changes until `watch` is called again.
   */
  watch(onChange: () => void, onLost: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The notification channel of migration 009; its payload is the schema that changed. */
const CHANGE_CHANNEL = 'kizuna_change';

export { defaultDataDir } from './data-dir.js';

export { StoreBusyError } from '../errors.js';

/**
 * Opens (creating and migrating if needed) the register.
 *
 *     const store = await openStore({ dataDir: '/tmp/k' });
 *     await store.db.selectFrom('plans').selectAll().execute();
 *     await store.close();
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const env = options.env ?? process.env;
  const url = options.url ?? env.DATABASE_URL;
  const postgres = Boolean(url && /^postgres(ql)?:\/\//.test(url));
  const store = postgres ? await openPostgres(url!, options.schema, env) : await openPGlite(options, env);
  try {
    // PGlite: pg_trgm is created before the first migration (its index needs it), so only where migrations
    // run; PostgreSQL has it from openPostgres (in public, whatever the schema).
    await migrate(store.db, async () => {
      if (!postgres) await sql`create extension if not exists pg_trgm`.execute(store.db);
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** Every migration this version knows: a register that has applied them all needs no migrating. */
const KNOWN_MIGRATIONS = Object.keys(migrations);

async function migrate(db: Kysely<Database>, prepare: () => Promise<void>): Promise<void> {
  // Naming the schema matters: Kysely looks for its migration table across all schemas otherwise, and
  // another schema's table (a test run's, say) would make it skip creating ours.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  // The version stamp: one cheap query instead of the Migrator's replay (its lock table, its listing). Every
  // known name is checked, not the newest: migrations numbered in parallel (007 sign-in, 008 visibility) can
  // land after higher numbers, and a register that applied 010 must still apply them.
  const applied = await appliedMigrations(db, rows[0]!.schema);
  if (KNOWN_MIGRATIONS.every((name) => applied.has(name))) return;
  await prepare();
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: rows[0]!.schema, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The migrations applied in `schema` (none where none ever ran: a new register). */
async function appliedMigrations(db: Kysely<Database>, schema: string): Promise<Set<string>> {
  const { rows } = await sql<{ table: string | null }>`select to_regclass(${`"${schema.replaceAll('"', '""')}".kysely_migration`})::text as table`.execute(db);
  if (!rows[0]?.table) return new Set();
  const applied = await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(db);
  return new Set(applied.rows.map((r) => r.name));
}

/**
 * Settings every connection of both engines runs with. A search takes its candidates as the first matches of a
 * sequential scan (searchCommitments); on a table larger than a quarter of shared_buffers PostgreSQL starts each
 * such scan where the last one stopped (synchronize_seqscans), so the same broad query ranked a different 1,001
 * candidates on every call (a next page's cursor ran over another set than its first page) and always read pages
 * no scan had just read: "energy" at a million commitments read 1,900 of its 2,100 pages from outside
 * shared_buffers, 50-90 ms, and from the table's start 1,360 of them are in shared_buffers, 24 ms.
 */
const SCAN_PARAMS = ['synchronize_seqscans=off'];

/**
 * `KIZUNA_PG_POOL`: connections this process keeps (10). `KIZUNA_LISTEN_URL`: where the change listener connects
 * (DATABASE_URL): LISTEN needs a session of its own, which a transaction-pooling PgBouncer does not give.
 */
async function openPostgres(url: string, schema: string | undefined, env: Record<string, string | undefined>): Promise<Store> {
  const poolSize = Number(env.KIZUNA_PG_POOL ?? 10);
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error(`KIZUNA_PG_POOL must be a whole number of connections, not '${env.KIZUNA_PG_POOL}'`);
  const listenUrl = env.KIZUNA_LISTEN_URL || url;
  const pg = await import('pg');
  const Pool = pg.default.Pool;
  const setup = new pg.default.Client({ connectionString: url });
  await setup.connect();
  try {
    await ensureTrigram(setup);
    if (schema) await setup.query(`create schema if not exists "${schema.replaceAll('"', '""')}"`);
  } finally {
    await setup.end();
  }
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    // JIT compilation off: the register's queries are short index walks whose cost estimates at a million rows
    // still cross jit_above_cost, and compiling them took seconds longer than running them (the portfolio's plan
    // list: 0.7 s run, 2.8 s with JIT, on 2 busy cores). pg_trgm lives in public, so a test schema still finds its operators.
    // PGOPTIONS (libpq's own variable, which node-postgres reads only when no options are given) still applies.
    // Synchronized seq scans off (see SCAN_PARAMS).
    options: [...(process.env.PGOPTIONS ? [process.env.PGOPTIONS] : []), '-c jit=off', ...SCAN_PARAMS.map((p) => `-c ${p}`), ...(schema ? [`-c search_path="${schema.replaceAll('"', '""')}",public`] : [])].join(' '),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const watched = rows[0]!.schema;
  return {
    db,
    engine: 'postgres',
    location: url.replace(/:[^:@/]*@/, ':***@'),
    // A connection of its own, outside the pool: LISTEN holds it for as long as the watch lasts.
    async watch(onChange, onLost) {
      const client = new pg.default.Client({ connectionString: listenUrl });
      let closing = false;
      client.on('notification', (n) => {
        if (n.channel === CHANGE_CHANNEL && n.payload === watched) onChange();
      });
      client.on('error', () => {
        if (!closing) onLost();
      });
      client.on('end', () => {
        if (!closing) onLost();
      });
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
      return async () => {
        closing = true;
        await client.end();
      };
    },
    close: () => db.destroy(),
  };
}

/** Creates pg_trgm once per database; two processes racing to create it both succeed. */
async function ensureTrigram(client: { query(text: string): Promise<unknown> }): Promise<void> {
  try {
    await client.query('create extension if not exists pg_trgm');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42710') throw error;
  }
}

async function openPGlite(options: StoreOptions, env: Record<string, string | undefined>): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const given = options.dataDir ?? defaultDataDir(env);
  const inMemory = given.startsWith('memory://');
  // A read-only command on a data directory it may not write (a read-only mount, a copy handed over):
  // a private copy is opened instead, without any lock, and removed on close.
  const copy = !inMemory && options.readOnly && !writable(resolve(given)) ? privateCopy(resolve(given)) : null;
  // The real path: PGlite cannot open a data directory through a symlink.
  const dataDir = copy?.dir ?? (inMemory ? given : realPath(resolve(given)));
  const releaseLock = inMemory || copy ? () => {} : lockDataDir(dataDir);
  if (!inMemory) keepPrivate(dataDir);
  try {
    const pglite = await PGlite.create(dataDir, {
      extensions: { pg_trgm },
      startParams: [...DURABLE_START_PARAMS(PGlite), ...SCAN_PARAMS.flatMap((p) => ['-c', p]), ...(options.brief ? ['-c', 'shared_buffers=16MB'] : [])],
      ...(options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {}),
    });
    if (!inMemory) {
      syncWritesToDisk(pglite);
      // PGlite lays out a new data directory with its own modes (0666 files): made private once laid out.
      keepPrivate(dataDir);
    }
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
      location: given,
      snapshot: () => pglite.dumpDataDir('none'),
      // One connection, one process (the data directory is locked): its own notifications are all there are.
      async watch(onChange) {
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
        const watched = rows[0]!.schema;
        return pglite.listen(CHANGE_CHANNEL, (payload) => {
          if (payload === watched) onChange();
        });
      },
      async close() {
        try {
          await db.destroy();
        } finally {
          releaseLock();
          copy?.remove();
        }
      },
    };
  } catch (error) {
    releaseLock();
    copy?.remove();
    throw error;
  }
}

const realPath = (path: string) => (existsSync(path) ? realpathSync(path) : path);

/** True when `error` is a unique-constraint violation (SQLSTATE 23505) on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

/** True when the server broke a deadlock by aborting this transaction (SQLSTATE 40P01): retry it. */
export function isDeadlock(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '40P01';
}
