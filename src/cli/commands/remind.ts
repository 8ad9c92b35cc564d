// `kizuna remind`: send the reminders due today (meetings due or overdue by cadence, commitments without an
// update for N months) to the people following each partnership, once per reason — for cron; and manage who follows.
import { followPartnership, mailHistory, plannedReminders, reminderRecipients, sendReminders, unfollowPartnership } from '../../ops/remind.js';
import { withRegister } from '../../ops/open-register.js';
import { mailConfig, smtpMailer } from '../../mail/transport.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage } from '../io.js';

export const remindCommand: Command = {
  usage: `Usage: kizuna remind [--dry-run] [--stale-months 6] [--max 200]
       kizuna remind follow EMAIL --partnership JP-PL --side JP --name "…" [--lang en|ja]
       kizuna remind unfollow EMAIL --partnership JP-PL
       kizuna remind recipients | log [--json]

  Sends over SMTP (KIZUNA_SMTP_URL, KIZUNA_MAIL_FROM; links point to KIZUNA_PUBLIC_URL); a reason already
  sent is never sent again, a failed one is retried on the next run. Run it from cron, or let 'kizuna serve' do it.
  --dry-run          list what would be sent, send nothing
  --stale-months N   report commitments without an update for N months (default 6)
  --max N            at most N messages in this run (default 200)
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      'dry-run': { type: 'boolean' },
      'stale-months': { type: 'string' },
      max: { type: 'string' },
      partnership: { type: 'string' },
      side: { type: 'string' },
      name: { type: 'string' },
      lang: { type: 'string' },
      json: { type: 'boolean' },
      author: { type: 'string' },
      ...dataOption,
    });
    const [action, email, ...extra] = positionals;
    const count = (value: string | undefined, flag: string) => {
      if (value === undefined) return undefined;
      if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} takes a positive whole number`);
      return Number(value);
    };
    const options = { staleMonths: count(values['stale-months'], '--stale-months'), maxMessages: count(values.max, '--max') };
    const actor = values.author ?? io.env.KIZUNA_AUTHOR ?? io.env.USER ?? 'local';
    if (action !== undefined && !['follow', 'unfollow', 'recipients', 'log'].includes(action)) throw new UsageError(`unknown action '${action}'`);
    if ((action === 'follow' || action === 'unfollow') && (!email || extra.length || !values.partnership)) throw new UsageError(`${action} takes one EMAIL and --partnership`);
    if (action === 'follow' && (!values.side || !values.name)) throw new UsageError('follow needs --side and --name');
    if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'ja') throw new UsageError('--lang is en or ja');
    const config = action === undefined && !values['dry-run'] ? mailConfig(io.env) : null;
    if (action === undefined && !values['dry-run'] && !config) {
      io.err('kizuna remind: set KIZUNA_SMTP_URL (smtp://host:port) to send e-mail, or use --dry-run\n');
      return 1;
    }
    return withRegister(values.data, io.env, async (store) => {
      if (action === 'follow') {
        await followPartnership(store, { email: email!, partnershipId: values.partnership!, side: values.side!, name: values.name!, language: (values.lang ?? 'en') as 'en' | 'ja' }, actor);
        io.out(`${email} follows ${values.partnership} for ${values.side}\n`);
        return 0;
      }
      if (action === 'unfollow') {
        const removed = await unfollowPartnership(store, email!, values.partnership!, actor);
        io.out(removed ? `${email} no longer follows ${values.partnership}\n` : `${email} did not follow ${values.partnership}\n`);
        return 0;
      }
      if (action === 'recipients' || action === 'log') {
        const rows = action === 'recipients' ? await reminderRecipients(store) : await mailHistory(store);
        if (values.json) io.out(JSON.stringify(rows, null, 2) + '\n');
        else for (const r of rows) io.out('partnershipId' in r ? `${r.partnershipId}  ${r.side}  ${r.language}  ${r.name} <${r.email}>\n` : `${r.sentAt ?? '-'}  ${r.status}  ${r.recipient}  ${r.subject}  (${r.reason})${r.error ? `  ${r.error}` : ''}\n`);
        return 0;
      }
      if (values['dry-run']) {
        const planned = await plannedReminders(store, mailConfig(io.env)?.publicUrl ?? 'http://127.0.0.1:8787', new Date(), options);
        for (const p of planned) io.out(`${p.to.email} (${p.to.language}): ${p.content.subject}  [${p.reason}]\n`);
        io.out(`${planned.length} reminder(s) due; nothing sent (--dry-run)\n`);
        return 0;
      }
      const mailer = smtpMailer(config!);
      try {
        const result = await sendReminders(store, mailer, new Date(), options);
        io.out(`${result.sent} sent, ${result.skipped} sent before, ${result.failed.length} failed (of ${result.planned} due)\n`);
        for (const f of result.failed) io.err(`kizuna remind: ${f.reason}: ${f.error}\n`);
        return result.failed.length ? 1 : 0;
      } finally {
        mailer.close();
      }
    });
  },
};
