// `kizuna audit [--plan ID | --account NAME] [--csv]`: the audit trail, newest first, as lines or as CSV.
import { withRegister } from '../../ops/open-register.js';
import { auditCsv, auditTrail, type AuditSelection } from '../../ops/audit.js';
import { LOCAL_ADMINISTRATOR } from '../../auth/principal.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage } from '../io.js';

export const auditCommand: Command = {
  usage: `Usage: kizuna audit [--plan ID | --account NAME] [--csv] [--limit N] [--data DIR]

The append-only event log: every change, sign-in and permission change with who, when and what it was
before and after; events restored by 'kizuna import' are marked as imported. Newest first.
  --plan ID       events about one plan (the plan, its commitments, mechanisms, meetings and items)
  --account NAME  events by one account
  --csv           every selected event as CSV (id, at, actor, imported, entity, entity_id, action, before, after)
  --limit N       lines to print without --csv (default 50)
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...dataOption, plan: { type: 'string' }, account: { type: 'string' }, csv: { type: 'boolean' }, limit: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values.plan && values.account) throw new UsageError('give --plan or --account, not both');
    const limit = Number(values.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not '${values.limit}'`);
    const selection: AuditSelection = values.plan ? { plan: values.plan } : values.account ? { account: values.account } : {};
    // The CLI is the local administrator: it reads every trail.
    return withRegister(values.data, io.env, async (store) => {
      if (values.csv) {
        await auditCsv(store, LOCAL_ADMINISTRATOR, selection, (chunk) => io.out(chunk));
        return 0;
      }
      const { items, total } = await auditTrail(store, LOCAL_ADMINISTRATOR, selection, { limit, offset: 0 });
      for (const e of items) io.out(`${e.at} ${e.actor}${e.imported ? ' (imported)' : ''} ${e.action} ${e.entity} ${e.entityId}\n`);
      if (total > items.length) io.err(`${items.length} of ${total} events shown (--limit, or --csv for all)\n`);
      return 0;
    }, true);
  },
};
