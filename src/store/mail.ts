// Queries of the mail log and reminder recipients (migrations/010_mail.ts): a message is claimed by its
// reason before it is sent, so two processes (the server's scheduler and a cron `kizuna remind`) never both send it.
import { sql, type ColumnType, type Generated, type Kysely } from 'kysely';
import type { Database } from './schema.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface MailMessagesTable {
  id: Generated<number>;
  reason: string;
  recipient: string;
  language: string;
  subject: string;
  status: 'sending' | 'sent' | 'failed';
  message_id: string | null;
  error: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface MailRecipientsTable {
  email: string;
  partnership_id: string;
  side: string;
  name: string;
  language: 'en' | 'ja';
  created_at: Timestamp;
}

declare module './schema.js' {
  interface Database {
    mail_messages: MailMessagesTable;
    mail_recipients: MailRecipientsTable;
  }
}

type Db = Kysely<Database>;

export interface MailRecipient {
  email: string;
  partnershipId: string;
  side: string;
  name: string;
  language: 'en' | 'ja';
}

export interface MailLogEntry {
  reason: string;
  recipient: string;
  language: string;
  subject: string;
  status: 'sending' | 'sent' | 'failed';
  messageId: string | null;
  error: string | null;
  attempts: number;
  sentAt: string | null;
}

/**
 * Claims the right to send the message for `reason`: true for a reason never seen, or one whose last attempt
 * failed (a retry); false when it was sent (or is being sent) already.
 */
export async function claimMessage(db: Db, m: { reason: string; recipient: string; language: string; subject: string }): Promise<boolean> {
  const inserted = await db.insertInto('mail_messages').values({ ...m, status: 'sending' }).onConflict((oc) => oc.column('reason').doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  const retried = await db
    .updateTable('mail_messages')
    .set({ status: 'sending', attempts: sql`attempts + 1`, error: null })
    .where('reason', '=', m.reason)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(retried.numUpdatedRows) === 1;
}

export async function markMessage(db: Db, reason: string, outcome: { sent: true; messageId: string } | { sent: false; error: string }): Promise<void> {
  await db
    .updateTable('mail_messages')
    .set(outcome.sent ? { status: 'sent', message_id: outcome.messageId, sent_at: new Date() } : { status: 'failed', error: outcome.error.slice(0, 1000) })
    .where('reason', '=', reason)
    .execute();
}

export async function mailLog(db: Db, limit = 200): Promise<MailLogEntry[]> {
  const rows = await db.selectFrom('mail_messages').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ reason: r.reason, recipient: r.recipient, language: r.language, subject: r.subject, status: r.status, messageId: r.message_id, error: r.error, attempts: r.attempts, sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null }));
}

export async function saveRecipient(db: Db, r: MailRecipient): Promise<void> {
  await db
    .insertInto('mail_recipients')
    .values({ email: r.email, partnership_id: r.partnershipId, side: r.side, name: r.name, language: r.language })
    .onConflict((oc) => oc.columns(['email', 'partnership_id']).doUpdateSet({ side: r.side, name: r.name, language: r.language }))
    .execute();
}

export async function removeRecipient(db: Db, email: string, partnershipId: string): Promise<boolean> {
  const result = await db.deleteFrom('mail_recipients').where('email', '=', email).where('partnership_id', '=', partnershipId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listRecipients(db: Db): Promise<MailRecipient[]> {
  const rows = await db.selectFrom('mail_recipients').selectAll().orderBy('partnership_id').orderBy('email').execute();
  return rows.map((r) => ({ email: r.email, partnershipId: r.partnership_id, side: r.side, name: r.name, language: r.language }));
}

/** Commitments of plans in force on `today` whose latest update (or the plan's start, when none) is before `before`. */
export async function staleCommitments(db: Db, today: string, before: string): Promise<{ id: string; planId: string; planTitle: string | null; partnershipId: string | null; text: string; lastUpdate: string | null }[]> {
  const { rows } = await sql<{ id: string; plan_id: string; title: string | null; partnership_id: string | null; text: string; as_of: string | null }>`
    select c.id, c.plan_id, p.title, p.partnership_id, c.text, s.as_of
    from commitments c join plans p on p.id = c.plan_id left join commitment_status s on s.commitment_id = c.id
    where coalesce(s.status, 'not_started') not in ('completed', 'withdrawn')
      and coalesce(p.period_start, '0000') <= ${today} and coalesce(p.period_end_day, '9999') >= ${today}
      and coalesce(s.as_of, p.period_start, '0000') < ${before}
    order by p.id, c.ord`.execute(db);
  return rows.map((r) => ({ id: r.id, planId: r.plan_id, planTitle: r.title, partnershipId: r.partnership_id, text: r.text, lastUpdate: r.as_of }));
}
