// `kizuna ingest FILE…`: extracts each file and stores it in the register, one transaction per file.
import { resolve } from 'node:path';
import { UsageError, dataOption, dataUsage, parseCommandArgs, type Command } from '../io.js';
import { formatMessage } from '../messages.js';
import { openingStage, progress } from '../progress.js';

export const ingestCommand: Command = {
  usage: `Usage: kizuna ingest FILE… [--data DIR] [--actor NAME] [--publish] [--renew]

Each file is stored in one transaction with everything found in it, or not at all. A file already
stored (same bytes) is reported as existing; a newer plan of the same partnership is linked as the
successor of the older one. Prints 'created|existing <plan id> <n> commitments <file>' per file.

${dataUsage}
  --actor NAME    who ingests, for the event log (default $USER)
  --publish       publish the plans (the public may read them); without it they are drafts, readable
                  by their partnership's coordinators, contributors and readers and by administrators
  --renew         declare each new plan that has an earlier plan of its partnership and kind the renewal
                  of it (as 'kizuna renew NEW'): its carried-over commitments continue their lineage

A file that cannot be read prints one line 'file: reason [rule]' and the others are still processed;
the exit code is 1 when any file failed.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...dataOption, actor: { type: 'string' }, publish: { type: 'boolean' }, renew: { type: 'boolean' } });
    if (!positionals.length) throw new UsageError('no input file');
    const actor = values.actor ?? io.env.USER ?? 'kizuna';
    const bar = progress(io, 'ingest');
    bar.stage(openingStage(values.data, io.env));
    try {
      // Loaded after the first progress line: the store and the sandbox take a moment to load themselves.
      const [{ planIngest }, { withRegister }] = await Promise.all([import('../../ops/plan-ingest.js'), import('../../ops/open-register.js')]);
      return await withRegister(values.data, io.env, async (store) => {
        let failed = 0;
        const created: string[] = [];
        for (const [index, path] of positionals.entries()) {
          const onStage = (stage: string) => bar.stage(`${stage} ${path}`, index, positionals.length);
          const outcome = await planIngest(store, resolve(io.cwd, path), { actor, onStage, published: Boolean(values.publish) });
          for (const message of outcome.messages) bar.err(formatMessage(message) + '\n');
          if (outcome.status === 'failed') {
            failed++;
            continue;
          }
          bar.out(`${outcome.status} ${outcome.planId} ${outcome.commitments} commitments ${path}\n`);
          if (outcome.status === 'created' && outcome.planId) created.push(outcome.planId);
        }
        if (values.renew && created.length) {
          // After every file: a renewal stored before the plan it renews is linked once both are in.
          const [{ renewDetected }, { LOCAL_ADMINISTRATOR }] = await Promise.all([import('../../ops/lineage.js'), import('../../auth/principal.js')]);
          for (const r of await renewDetected(store, { principal: LOCAL_ADMINISTRATOR, name: actor }, created)) {
            bar.out(`renewed ${r.renewal.planId} from ${r.renewal.renews}: ${r.linked} commitments carried over\n`);
          }
        }
        bar.end();
        if (positionals.length > 1) io.err(`${positionals.length - failed} of ${positionals.length} files stored\n`);
        return failed ? 1 : 0;
      });
    } finally {
      bar.end();
    }
  },
};
