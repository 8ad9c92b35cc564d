// E-mail (issue 13): every message sent or attempted, keyed by the reason it was sent for (unique, so no
// reason ever yields two messages), and who gets a partnership's reminders (a side's desk, a shared mailbox).
import { sql, type Kysely, type Migration } from 'kysely';

export const mailMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table mail_messages (
      id serial primary key, reason text not null unique, recipient text not null, language text not null,
      subject text not null, status text not null check (status in ('sending', 'sent', 'failed')),
      message_id text, error text, attempts integer not null default 1,
      created_at timestamptz not null default date_trunc('milliseconds', now()), sent_at timestamptz)`.execute(db);
    await sql`create table mail_recipients (
      email text not null, partnership_id text not null, side text not null, name text not null,
      language text not null check (language in ('en', 'ja')),
      created_at timestamptz not null default date_trunc('milliseconds', now()),
      primary key (email, partnership_id))`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`drop table if exists mail_recipients`.execute(db);
    await sql`drop table if exists mail_messages`.execute(db);
  },
};
