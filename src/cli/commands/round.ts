// `kizuna round`: update rounds from the command line — open one on a plan (the requests go out by e-mail when
// KIZUNA_SMTP_URL is set, else with the next `kizuna remind`), list and show them, accept or return an answer —
// through the same ops as the API and the web pages. Printed in the locale's language (LC_ALL, LC_MESSAGES, LANG:
// English or Japanese); --json gives the records as they are.
import { acceptAnswer, closeRound, openRound, remindRound, reopenRound, returnAnswer, roundOf, roundsOf, type AssignmentView, type RoundView } from '../../ops/rounds.js';
import { withRegister } from '../../ops/open-register.js';
import { mailConfig, smtpMailer } from '../../mail/transport.js';
import { LOCAL_ADMINISTRATOR } from '../../auth/principal.js';
import type { Actor } from '../../ops/plan-amend.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage, CLI_SCOPE, localeLang } from '../io.js';
import { translator, type Translator } from '../../web/i18n/translator.js';
import { STATUS_LABELS, isStatus } from '../../track/status.js';

const ACTIONS = ['open', 'list', 'show', 'remind', 'close', 'reopen', 'accept', 'return'] as const;

/** An answer's implementation status by its label in the reader's language (`ongoing` → Ongoing / 継続中). */
const statusLabel = (tr: Translator, status: string) => (isStatus(status) ? STATUS_LABELS[status][tr.lang] : status);

const assignmentLine = (tr: Translator, a: AssignmentView) =>
  `  #${a.id}  ${a.organization.id.padEnd(14)} ${tr.t(`round.progress.${a.progress}`)}${a.overdue ? tr.t('cli.round.overdue') : ''}  ${a.commitmentText.length > 80 ? `${a.commitmentText.slice(0, 79)}…` : a.commitmentText}${a.answer ? `\n         ${statusLabel(tr, a.answer.status)}: ${a.answer.note} (${a.answer.author})${a.answer.reviewerComment ? tr.t('cli.round.returned', { comment: a.answer.reviewerComment }) : ''}` : ''}\n`;

function roundText(tr: Translator, r: RoundView): string {
  const lines = [`${tr.t('cli.round.head', { id: r.id, title: r.title, due: r.dueDate, state: tr.t(`cli.round.state.${r.state}`), who: r.openedBy, on: r.openedOn })}\n`];
  if (r.stateChange) lines.push(`  ${tr.t(r.stateChange.action === 'close' ? 'cli.round.closedBy' : 'cli.round.reopenedBy', { who: r.stateChange.by, on: r.stateChange.on })}\n`);
  for (const o of r.organizations) lines.push(`  ${tr.t('cli.round.organization', { id: o.id, side: o.side ?? '-', answered: o.answered, total: o.total, accepted: o.accepted, overdue: o.overdue })}\n`);
  lines.push(...r.assignments.map((a) => assignmentLine(tr, a)));
  lines.push(`  ${tr.t('cli.round.notRequested', { n: r.notRequested.length })}\n`);
  return lines.join('');
}

export const roundCommand: Command = {
  usage: `Usage: kizuna round open PLAN-ID --title "Progress for the 2026 review" --due 2026-03-31
       kizuna round list PLAN-ID [--json]
       kizuna round show ROUND-ID [--json]
       kizuna round remind ROUND-ID
       kizuna round close ROUND-ID
       kizuna round reopen ROUND-ID [--due 2026-05-31]
       kizuna round accept ASSIGNMENT-NUMBER
       kizuna round return ASSIGNMENT-NUMBER --comment "…"

  open     asks every commitment of the plan of the organizations among its actors; each contributor
           organization's accounts get one e-mail (KIZUNA_SMTP_URL; else the next 'kizuna remind' sends it)
  remind   e-mails now each contributor whose organization still owes an answer (KIZUNA_SMTP_URL; at most
           one reminder a day to each)
  close    no more answers, changes or reminders; submitted answers can still be accepted
  reopen   a closed round takes answers, changes and reminders again (--due: a new due date)
  accept   the submitted answer becomes a progress update, authored by its contributor
  return   sends the answer back to its contributor with the comment
  --author NAME    who acts (default $KIZUNA_AUTHOR or $USER)
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { title: { type: 'string' }, due: { type: 'string' }, comment: { type: 'string' }, author: { type: 'string' }, json: { type: 'boolean' }, ...dataOption });
    const [action, id, ...extra] = positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`give one of ${ACTIONS.join(', ')}`);
    if (!id || extra.length) throw new UsageError(`give exactly one ${action === 'open' || action === 'list' ? 'plan id' : ['show', 'remind', 'close', 'reopen'].includes(action) ? 'round id' : 'assignment number'}`);
    if (action === 'open' && (!values.title || !values.due)) throw new UsageError('open needs --title and --due');
    if (action === 'return' && !values.comment) throw new UsageError('return needs --comment');
    if ((action === 'accept' || action === 'return') && !/^\d{1,9}$/.test(id)) throw new UsageError(`'${id}' is not an assignment number (round show lists them as #N)`);
    const actor: Actor = { principal: LOCAL_ADMINISTRATOR, name: values.author ?? io.env.KIZUNA_AUTHOR ?? io.env.USER ?? 'local' };
    const out = (value: unknown, text: string) => io.out(values.json ? JSON.stringify(value, null, 2) + '\n' : text);
    const tr = translator(localeLang(io.env));
    return withRegister(values.data, io.env, async (store) => {
      if (action === 'open') {
        const config = mailConfig(io.env);
        const mailer = config ? smtpMailer(config) : null;
        try {
          const { round, mail } = await openRound(store, actor, { planId: id, title: values.title!, dueDate: values.due! }, new Date(), mailer);
          out({ round, mail }, `${roundText(tr, round)}${mail ? tr.t('cli.round.sent', { sent: mail.sent, failed: mail.failed.length }) : tr.t('cli.round.noSmtp')}\n`);
        } finally {
          mailer?.close();
        }
      } else if (action === 'list') {
        const rounds = await roundsOf(store, id, CLI_SCOPE);
        out(rounds, rounds.map((r) => `${tr.t('cli.round.line', { id: r.id, title: r.title, due: r.dueDate, state: tr.t(`cli.round.state.${r.state}`) })}\n`).join('') || `${tr.t('cli.round.none', { id })}\n`);
      } else if (action === 'remind') {
        const config = mailConfig(io.env);
        const mailer = config ? smtpMailer(config) : null;
        try {
          const result = await remindRound(store, actor, id, mailer);
          out(result, `${tr.t('cli.round.reminded', { sent: result.sent, skipped: result.skipped, failed: result.failed.length })}\n`);
        } finally {
          mailer?.close();
        }
      } else if (action === 'close' || action === 'reopen') {
        const round = action === 'close' ? await closeRound(store, actor, id) : await reopenRound(store, actor, id, new Date(), values.due);
        out(round, roundText(tr, round));
      } else if (action === 'show') {
        const round = await roundOf(store, id);
        out(round, roundText(tr, round));
      } else {
        const a = action === 'accept' ? await acceptAnswer(store, actor, Number(id)) : await returnAnswer(store, actor, Number(id), values.comment!);
        out(a, assignmentLine(tr, a));
      }
      return 0;
    });
  },
};
