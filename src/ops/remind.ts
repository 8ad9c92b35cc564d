// Reminders by e-mail, computed from the plans' cadence: a mechanism due to meet soon or overdue, and
// commitments without a progress update for N months. Each goes to the people who follow the partnership
// (mail_recipients), in their language, once per reason: the reason is claimed in the mail log before sending.
// Update rounds add their requests and, past the due date, reminders to the contributors who still owe answers.
import type { Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { claimMessage, listRecipients, mailLog, markMessage, removeRecipient, saveRecipient, staleCommitments, type MailLogEntry, type MailRecipient } from '../store/mail.js';
import { dueMeetings } from './tracking-meetings.js';
import { addMonths, todayUtc } from '../track/cadence.js';
import { composeMessage, mailDate, mailText, type MailKey } from '../mail/messages.js';
import type { Mailer } from '../mail/transport.js';
import { partyName, roundMessages, type PlannedMessage } from './round-mail.js';
import { KizunaError } from '../errors.js';
import { READ_ALL } from '../store/scope.js';

export interface RemindOptions {
  /** A commitment with no update for this many months is reported (default 6). */
  staleMonths?: number;
  /** At most this many messages per run (default 200), so one run stays bounded. */
  maxMessages?: number;
}

export interface RemindResult {
  planned: number;
  sent: number;
  /** Sent before (same reason): not sent again. */
  skipped: number;
  failed: { reason: string; error: string }[];
}

export type { PlannedMessage } from './round-mail.js';

/** Every reminder due on `now`'s day, for every recipient, in their language (nothing is sent). */
export async function plannedReminders(store: Store, publicUrl: string, now = new Date(), options: RemindOptions = {}): Promise<PlannedMessage[]> {
  const today = todayUtc(now);
  const staleMonths = options.staleMonths ?? 6;
  const rounds = await roundMessages(store, publicUrl, now);
  const recipients = await listRecipients(store.db);
  if (!recipients.length) return rounds;
  const byPartnership = new Map<string, MailRecipient[]>();
  for (const r of recipients) byPartnership.set(r.partnershipId, [...(byPartnership.get(r.partnershipId) ?? []), r]);
  const why = (to: MailRecipient) => ({ partnership: to.partnershipId.split('-').map((p) => partyName(p, to.language)).join(to.language === 'ja' ? '・' : '–'), side: partyName(to.side, to.language) });
  const link = (path: string, to: MailRecipient) => `${publicUrl}${path}${path.includes('?') ? '&' : '?'}lang=${to.language}`;
  const planned: PlannedMessage[] = [...rounds];

  // Reminders go to a partnership's own people, about its mechanisms: every meeting counts for what is due.
  for (const due of await dueMeetings(store, READ_ALL, now)) {
    if ((due.state !== 'overdue' && due.state !== 'due_soon') || !due.nextDue || !due.partnershipId) continue;
    for (const to of byPartnership.get(due.partnershipId) ?? []) {
      const overdue = due.state === 'overdue';
      const vars = { mechanism: due.name, plan: due.planTitle ?? due.planId, date: mailDate(due.nextDue, to.language), cadence: mailText(to.language, `cadence.${due.cadence}` as MailKey) };
      planned.push({
        reason: `meeting:${due.state}:${due.mechanismId}:${due.nextDue}:${to.email}`,
        to,
        content: composeMessage({ language: to.language, name: to.name, subject: overdue ? 'meetingOverdue.subject' : 'meetingDue.subject', body: overdue ? 'meetingOverdue.body' : 'meetingDue.body', vars, action: { label: 'meeting.action', url: link('/tracking', to) }, why: why(to) }),
      });
    }
  }

  const stale = await staleCommitments(store.db, today, addMonths(today, -staleMonths));
  const byPlan = new Map<string, typeof stale>();
  for (const c of stale) byPlan.set(c.planId, [...(byPlan.get(c.planId) ?? []), c]);
  for (const [planId, items] of byPlan) {
    const partnershipId = items[0]!.partnershipId;
    if (!partnershipId) continue;
    for (const to of byPartnership.get(partnershipId) ?? []) {
      const lines = items.map((c) => `${c.text} (${c.lastUpdate ? mailText(to.language, 'stale.since', { date: mailDate(c.lastUpdate, to.language) }) : mailText(to.language, 'stale.never')})`);
      planned.push({
        // One digest per plan and recipient a month at most.
        reason: `stale:${planId}:${today.slice(0, 7)}:${to.email}`,
        to,
        content: composeMessage({ language: to.language, name: to.name, subject: 'stale.subject', body: 'stale.body', vars: { plan: items[0]!.planTitle ?? planId, n: items.length, months: staleMonths }, items: lines, action: { label: 'stale.action', url: link(`/plans/${encodeURIComponent(planId)}`, to) }, why: why(to) }),
      });
    }
  }
  return planned;
}

/**
 * Sends every planned reminder not sent before (at most `maxMessages`), logging each; a failed one is
 * logged as failed and tried again on the next run. Two runs at once never send the same reason twice.
 */
export async function sendReminders(store: Store, mailer: Mailer, now = new Date(), options: RemindOptions = {}): Promise<RemindResult> {
  return deliver(store, mailer, await plannedReminders(store, mailer.publicUrl, now, options), options.maxMessages ?? 200);
}

/** Sends planned messages not sent before (at most `max`), each claimed by its reason and logged. */
export async function deliver(store: Store, mailer: Mailer, planned: PlannedMessage[], max = 200): Promise<RemindResult> {
  const result: RemindResult = { planned: planned.length, sent: 0, skipped: 0, failed: [] };
  for (const message of planned) {
    if (result.sent + result.failed.length >= max) break;
    if (!(await claimMessage(store.db, { reason: message.reason, recipient: message.to.email, language: message.to.language, subject: message.content.subject }))) {
      result.skipped++;
      continue;
    }
    try {
      const { messageId } = await mailer.send({ email: message.to.email, name: message.to.name }, message.content);
      await markMessage(store.db, message.reason, { sent: true, messageId });
      result.sent++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await markMessage(store.db, message.reason, { sent: false, error: reason });
      result.failed.push({ reason: message.reason, error: reason });
    }
  }
  return result;
}

/** The mail log, newest first. */
export const mailHistory = (store: Store, limit?: number): Promise<MailLogEntry[]> => mailLog(store.db, limit);

export const reminderRecipients = (store: Store): Promise<MailRecipient[]> => listRecipients(store.db);

/** Adds (or updates) a person who gets a partnership's reminders; an audited event. */
export async function followPartnership(store: Store, recipient: MailRecipient, actor: string): Promise<void> {
  const problems: string[] = [];
  // "desk@mofa.go.jp" matches; "desk", "a b@c" do not.
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(recipient.email)) problems.push(`email '${recipient.email}' is not an e-mail address`);
  const parties = recipient.partnershipId.split('-');
  if (parties.length < 2) problems.push(`partnership '${recipient.partnershipId}' is not a partnership id like JP-PL`);
  else if (!parties.includes(recipient.side)) problems.push(`side '${recipient.side}' is not a party to ${recipient.partnershipId}`);
  if (problems.length) throw new KizunaError('invalid-request', problems.join('; '));
  await store.db.transaction().execute(async (trx) => {
    await saveRecipient(trx, recipient);
    await appendEvent(trx, { actor, entity: 'mail_recipient', entityId: `${recipient.partnershipId}:${recipient.email}`, action: 'follow', after: recipient });
  });
}

export async function unfollowPartnership(store: Store, email: string, partnershipId: string, actor: string): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const removed = await removeRecipient(trx, email, partnershipId);
    if (removed) await appendEvent(trx, { actor, entity: 'mail_recipient', entityId: `${partnershipId}:${email}`, action: 'unfollow' });
    return removed;
  });
}

/**
 * The reminder run inside `kizuna serve`: every `everyMs` (and once shortly after start), one run at a time,
 * on an unref'd timer so it never keeps the process alive. Returns the function that stops it.
 */
export function scheduleReminders(store: Store, mailer: Mailer, everyMs: number, report: (line: string) => void, options: RemindOptions = {}): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const result = await sendReminders(store, mailer, new Date(), options);
      if (result.sent || result.failed.length) report(`reminders: ${result.sent} sent, ${result.failed.length} failed`);
    } catch (error) {
      report(`reminders: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, Math.min(everyMs, 30_000));
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
    mailer.close();
  };
}
