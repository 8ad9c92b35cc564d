// Who may read what a person wrote, and an audit log nobody can rewrite: each written item (progress update,
// meeting record, link decision, correction) keeps its partnership, its author's side and its visibility;
// partnerships carry the default visibility, plans whether they are published; events refuse UPDATE and
// DELETE in the database itself, and say whether they came in through `import`. Runs on PostgreSQL 15+ and PGlite.
import { sql, type Kysely, type Migration } from 'kysely';

/** Tables of person-written items and how each finds its plan's partnership (for rows written before this). */
const ITEMS: { table: string; partnership: ReturnType<typeof sql> }[] = [
  { table: 'progress_updates', partnership: sql`(select p.partnership_id from commitments c join plans p on p.id = c.plan_id where c.id = progress_updates.commitment_id)` },
  { table: 'meetings', partnership: sql`(select p.partnership_id from mechanisms m join plans p on p.id = m.plan_id where m.id = meetings.mechanism_id)` },
  { table: 'link_proposals', partnership: sql`(select p.partnership_id from plans p where p.id = link_proposals.plan_id)` },
  {
    table: 'corrections',
    partnership: sql`(select p.partnership_id from plans p where p.id = corrections.entity_id
      or p.id = (select c.plan_id from commitments c where c.id = corrections.entity_id))`,
  },
];

export const visibilityAuditMigration: Migration = {
  async up(db: Kysely<any>) {
    // 'shared': partners see each other's reports; the public sees only what someone chose to publish.
    await sql`alter table partnerships add column default_visibility text not null default 'shared'
      check (default_visibility in ('internal', 'shared', 'public'))`.execute(db);
    // New plans are drafts until someone publishes them; plans stored before this were readable by anyone
    // who reached the server, and stay published.
    await sql`alter table plans add column published boolean not null default false`.execute(db);
    await sql`update plans set published = true`.execute(db);
    for (const { table, partnership } of ITEMS) {
      await sql`alter table ${sql.table(table)} add column partnership_id text`.execute(db);
      await sql`alter table ${sql.table(table)} add column side text`.execute(db);
      await sql`alter table ${sql.table(table)} add column visibility text not null default 'shared'
        check (visibility in ('internal', 'shared', 'public'))`.execute(db);
      await sql`update ${sql.table(table)} set partnership_id = ${partnership}`.execute(db);
      await sql`create index ${sql.id(`${table}_visibility`)} on ${sql.table(table)} (partnership_id, visibility, side)`.execute(db);
    }
    await sql`alter table events add column imported boolean not null default false`.execute(db);
    await sql`create index events_entity_id on events (entity_id, id)`.execute(db);
    await sql`create index events_actor on events (actor, id)`.execute(db);
    // Append-only, enforced where no code path can skip it: row UPDATE/DELETE and TRUNCATE raise.
    await sql`create function kizuna_events_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the event log is append-only: % on events refused', tg_op using errcode = 'P0001';
      end $$`.execute(db);
    await sql`create trigger events_append_only before update or delete on events
      for each row execute function kizuna_events_append_only()`.execute(db);
    await sql`create trigger events_no_truncate before truncate on events
      for each statement execute function kizuna_events_append_only()`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`drop trigger events_no_truncate on events`.execute(db);
    await sql`drop trigger events_append_only on events`.execute(db);
    await sql`drop function kizuna_events_append_only()`.execute(db);
    await sql`drop index events_actor`.execute(db);
    await sql`drop index events_entity_id`.execute(db);
    await sql`alter table events drop column imported`.execute(db);
    for (const { table } of ITEMS) {
      for (const column of ['visibility', 'side', 'partnership_id']) await sql`alter table ${sql.table(table)} drop column ${sql.ref(column)}`.execute(db);
    }
    await sql`alter table plans drop column published`.execute(db);
    await sql`alter table partnerships drop column default_visibility`.execute(db);
  },
};
