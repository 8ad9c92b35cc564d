// `kizuna renew NEW-PLAN [--of OLD-PLAN]`: declare that a plan renews an earlier plan of its partnership and link
// the renewal diff's carried-over commitments as one lineage; --unlink/--link edit a pair by hand; without
// changes (--show) it prints the renewal as it stands, in the locale's language (English or Japanese).
import { decideLineage, renewalView, renewPlan, type RenewalView } from '../../ops/lineage.js';
import { withRegister } from '../../ops/open-register.js';
import { LOCAL_ADMINISTRATOR } from '../../auth/principal.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage, CLI_SCOPE, localeLang } from '../io.js';
import { translator, type Translator } from '../../web/i18n/translator.js';
import { STATUS_LABELS } from '../../track/status.js';

function renewalText(tr: Translator, view: RenewalView): string {
  if (!view.renewal) return `${tr.t('cli.renew.notDeclared', { plan: view.planId })}${view.suggested ? tr.t('cli.renew.suggested', { id: view.suggested.id, plan: view.planId }) : ''}\n`;
  const linked = view.pairs.filter((p) => p.linked);
  const lines = [
    tr.t('cli.renew.head', { plan: view.planId, old: view.renewal.renews, title: view.renewal.renewsTitle ?? '', n: linked.length, threshold: view.renewal.threshold }),
    ...view.pairs.map(
      (p) =>
        `  ${p.linked ? '=' : 'x'} ${p.predecessorId} → ${p.successorId}  ${p.score.toFixed(2)}  [${STATUS_LABELS[p.predecessorStatus][tr.lang]}]${p.decidedBy ? `  ${tr.t(p.linked ? 'cli.renew.linkedBy' : 'cli.renew.unlinkedBy', { who: p.decidedBy })}` : ''}`,
    ),
  ];
  return lines.join('\n') + '\n';
}

export const renewCommand: Command = {
  usage: `Usage: kizuna renew NEW-PLAN-ID [--of OLD-PLAN-ID] [--threshold 0.5] [--json] [--data DIR]
       kizuna renew NEW-PLAN-ID --unlink OLD-COMMITMENT-ID=NEW-COMMITMENT-ID | --link OLD-COMMITMENT-ID=NEW-COMMITMENT-ID
       kizuna renew NEW-PLAN-ID --show

  Declares that NEW-PLAN renews OLD-PLAN (same partnership, starting later; default: the earlier plan of the
  same partnership and kind the register links it to) and links the commitments the renewal comparison
  carried over or reworded as the same commitment: their status history and meetings show on the new
  plan's commitments, and the old status is where the new one starts. Run again to match again; pairs
  linked or unlinked by hand stay as they are.
  --threshold N  similarity (0–1) from which two commitments are the same one carried over (default 0.5)
  --unlink, --link  edit one pair by hand (repeatable); a link displaces links either commitment had
  --show         print the renewal and its pairs without changing anything
  --author NAME  who acts (default $KIZUNA_AUTHOR or $USER)
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      of: { type: 'string' },
      threshold: { type: 'string' },
      unlink: { type: 'string', multiple: true },
      link: { type: 'string', multiple: true },
      show: { type: 'boolean' },
      json: { type: 'boolean' },
      author: { type: 'string' },
      ...dataOption,
    });
    if (positionals.length !== 1) throw new UsageError('give one plan id: the plan that renews an earlier one');
    const planId = positionals[0]!;
    const pair = (item: string, flag: string) => {
      const at = item.indexOf('=');
      if (at < 1 || at === item.length - 1) throw new UsageError(`${flag} takes OLD-COMMITMENT-ID=NEW-COMMITMENT-ID, not '${item}'`);
      return { predecessorId: item.slice(0, at), successorId: item.slice(at + 1) };
    };
    const edits = [...(values.unlink ?? []).map((p) => ({ ...pair(p, '--unlink'), linked: false })), ...(values.link ?? []).map((p) => ({ ...pair(p, '--link'), linked: true }))];
    if (edits.length && (values.of || values.threshold)) throw new UsageError('--link/--unlink edit the pairs of a declared renewal: give them without --of and --threshold');
    if (values.show && (edits.length || values.of || values.threshold)) throw new UsageError('--show changes nothing: give it alone');
    let threshold: number | undefined;
    if (values.threshold !== undefined) {
      threshold = Number(values.threshold);
      if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(values.threshold) || threshold <= 0) throw new UsageError('--threshold takes a number above 0 and at most 1');
    }
    const actor = { principal: LOCAL_ADMINISTRATOR, name: values.author ?? io.env.KIZUNA_AUTHOR ?? io.env.USER ?? 'local' };
    const tr = translator(localeLang(io.env));
    return withRegister(values.data, io.env, async (store) => {
      if (!values.show) {
        if (edits.length) for (const edit of edits) await decideLineage(store, actor, planId, edit);
        else {
          const result = await renewPlan(store, actor, planId, values.of ?? null, threshold === undefined ? {} : { threshold });
          io.err(`${tr.t('cli.renew.renewed', { plan: planId, old: result.renewal.renews, n: result.linked })}${result.kept ? tr.t('cli.renew.kept', { kept: result.kept }) : ''}\n`);
        }
      }
      const view = await renewalView(store, planId, CLI_SCOPE);
      io.out(values.json ? JSON.stringify(view, null, 2) + '\n' : renewalText(tr, view));
      return 0;
    });
  },
};
