// `kizuna demo`: loads the demo documents bundled with Kizuna (public cooperation plans) into the register.
import { basename } from 'node:path';
import { parseCommandArgs, type Command, dataOption, dataUsage } from '../io.js';
import { formatMessage } from '../messages.js';
import { openingStage, progress } from '../progress.js';

export const demoCommand: Command = {
  usage: `Usage: kizuna demo [--data DIR]

Ingests the public plans in the package's demo/ folder (already loaded ones are skipped), then
try: kizuna search hydrogen · kizuna list plans · kizuna serve
${dataUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, dataOption, false);
    const bar = progress(io, 'demo');
    bar.stage(openingStage(values.data, io.env));
    try {
      // Loaded after the first progress line: the store and the sandbox take a moment to load themselves.
      const [{ demoLoad }, { withRegister }] = await Promise.all([import('../../ops/demo-load.js'), import('../../ops/open-register.js')]);
      return await withRegister(values.data, io.env, async (store) => {
        const outcomes = await demoLoad(
          store,
          (outcome) => {
            for (const message of outcome.messages.filter((m) => m.fatal)) bar.err(formatMessage(message) + '\n');
            if (outcome.status !== 'failed') bar.out(`${outcome.status} ${outcome.planId} ${outcome.commitments} commitments ${outcome.file}\n`);
          },
          undefined,
          (file, index, total, stage) => bar.stage(`${stage} ${basename(file)}`, index, total),
        );
        bar.end();
        const stored = outcomes.filter((o) => o.status !== 'failed');
        io.err(`${stored.length} demo plans in the register (${store.location}); try: kizuna search hydrogen\n`);
        return stored.length === outcomes.length ? 0 : 1;
      });
    } finally {
      bar.end();
    }
  },
};
