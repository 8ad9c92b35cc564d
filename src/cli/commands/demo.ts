// `kizuna demo`: loads the demo documents bundled with Kizuna (public cooperation plans) into the register.
import { demoLoad } from '../../ops/demo-load.js';
import { withRegister } from '../../ops/open-register.js';
import { parseCommandArgs, type Command, dataOption, dataUsage } from '../io.js';
import { formatMessage } from '../messages.js';

export const demoCommand: Command = {
  usage: `Usage: kizuna demo [--data DIR]

Ingests the public plans in the package's demo/ folder (already loaded ones are skipped), then
try: kizuna search hydrogen · kizuna list plans · kizuna serve
${dataUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, dataOption, false);
    return withRegister(values.data, io.env, async (store) => {
      const outcomes = await demoLoad(store, (outcome) => {
        for (const message of outcome.messages.filter((m) => m.fatal)) io.err(formatMessage(message) + '\n');
        if (outcome.status !== 'failed') io.out(`${outcome.status} ${outcome.planId} ${outcome.commitments} commitments ${outcome.file}\n`);
      });
      const stored = outcomes.filter((o) => o.status !== 'failed');
      io.err(`${stored.length} demo plans in the register (${store.location}); try: kizuna search hydrogen\n`);
      return stored.length === outcomes.length ? 0 : 1;
    });
  },
};
