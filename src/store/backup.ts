// Full backup of every table of the register schema (including tables later migrations add) as JSON:
// bytes as base64, timestamps as ISO strings, jsonb as JSON. Import restores it into an empty store, its events
// marked as imported.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface Backup {
  format: 'kizuna-backup';
  formatVersion: 1;
  migrations: string[];
  tables: Record<string, Record<string, unknown>[]>;
}

interface Column {
  table: string;
  column: string;
  type: string;
  generated: boolean;
  serial: boolean;
}

const TRANSIENT_TABLES = new Set(['sessions', 'login_attempts', 'oidc_flows']);
// Kept by triggers from the rows a restore inserts (migrations/012): restoring them too would collide with those.
const DERIVED_TABLES = new Set(['plan_counts']);

async function describe(db: Kysely<any>): Promise<{ tables: string[]; columns: Column[]; primaryKeys: Map<string, string[]> }> {
  const { rows: columns } = await sql<{ table: string; column: string; type: string; generated: string; serial: boolean }>`
    select table_name as table, column_name as column, data_type as type, is_generated as generated,
      coalesce(column_default like 'nextval(%', false) as serial
    from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name, ordinal_position`.execute(db);
  const { rows: tableRows } = await sql<{ table: string }>`select table_name as table from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db);
  const { rows: edges } = await sql<{ child: string; parent: string }>`
    select cl.relname as child, pl.relname as parent from pg_constraint k
    join pg_class cl on cl.oid = k.conrelid join pg_class pl on pl.oid = k.confrelid
    where k.contype = 'f' and k.connamespace = current_schema()::regnamespace and k.conrelid <> k.confrelid`.execute(db);
  const { rows: keys } = await sql<{ table: string; column: string }>`
    select cl.relname as table, a.attname as column from pg_index i
    join pg_class cl on cl.oid = i.indrelid join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indisprimary and cl.relnamespace = current_schema()::regnamespace order by cl.relname, a.attnum`.execute(db);
  const primaryKeys = new Map<string, string[]>();
  for (const k of keys) primaryKeys.set(k.table, [...(primaryKeys.get(k.table) ?? []), k.column]);
  // Parents before children, so foreign keys hold while rows go in. Sessions, sign-in attempts and OpenID
  // Connect sign-ins in progress are not the register: a restore starts with everyone signed out.
  const names = tableRows.map((t) => t.table).filter((t) => !TRANSIENT_TABLES.has(t) && !DERIVED_TABLES.has(t)).sort();
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const e of edges) if (e.child === table) visit(e.parent, path);
    ordered.push(table);
  };
  for (const name of names) visit(name, new Set());
  return {
    tables: ordered,
    columns: columns.map((c) => ({ ...c, generated: c.generated === 'ALWAYS' })),
    primaryKeys,
  };
}

function toJson(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'bytea') return Buffer.from(value as Uint8Array).toString('base64');
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Every row of every table, ordered by primary key, so two exports of equal stores are byte-identical. */
export async function exportBackup(db: Kysely<Database>): Promise<Backup> {
  const { tables, columns, primaryKeys } = await describe(db);
  const { rows: migrations } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const backup: Backup = { format: 'kizuna-backup', formatVersion: 1, migrations: migrations.map((m) => m.name), tables: {} };
  for (const table of tables) {
    const cols = columns.filter((c) => c.table === table && !c.generated);
    const order = primaryKeys.get(table) ?? cols.map((c) => c.column);
    const { rows } = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(c.column)))} from ${sql.table(table)}
      order by ${sql.join(order.map((c) => sql.ref(c)))}`.execute(db);
    backup.tables[table] = rows.map((row) => Object.fromEntries(cols.map((c) => [c.column, toJson(row[c.column], c.type)])));
  }
  return backup;
}

/** Restores `backup` into an empty store (same migrations), in the caller's transaction. Throws naming the problem. */
export async function importBackup(trx: Kysely<Database>, backup: Backup): Promise<Record<string, number>> {
  if (backup?.format !== 'kizuna-backup' || backup.formatVersion !== 1) throw new Error('not a kizuna backup (format kizuna-backup, version 1)');
  const { tables, columns } = await describe(trx);
  const { rows: migrations } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx);
  const missing = backup.migrations.filter((m) => !migrations.some((x) => x.name === m));
  if (missing.length) throw new Error(`the backup needs migrations this version lacks: ${missing.join(', ')}`);
  for (const table of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
    if ((rows[0]?.n ?? 0) > 0) throw new Error(`the store is not empty (table ${table} has rows): import needs an empty store`);
  }
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const rows = backup.tables[table] ?? [];
    counts[table] = rows.length;
    const cols = columns.filter((c) => c.table === table && !c.generated);
    for (let i = 0; i < rows.length; i += 200) {
      const values = rows.slice(i, i + 200).map((row) =>
        sql`(${sql.join(
          cols.map((c) => {
            // Events restored keep their actor and time and say they came in through import (migrations/008).
            if (table === 'events' && c.column === 'imported') return sql`true`;
            const value = row[c.column] ?? null;
            if (value === null) return sql`null`;
            if (c.type === 'bytea') return sql`${Buffer.from(value as string, 'base64')}`;
            if (c.type === 'jsonb' || c.type === 'json') return sql`${JSON.stringify(value)}::jsonb`;
            return sql`${value}`;
          }),
        )})`,
      );
      await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c.column)))}) values ${sql.join(values)}`.execute(trx);
    }
    for (const c of cols.filter((col) => col.serial)) {
      await sql`select setval(pg_get_serial_sequence(${table}, ${c.column}), coalesce(max(${sql.ref(c.column)}), 0) + 1, false)
        from ${sql.table(table)}`.execute(trx);
    }
  }
  return counts;
}
