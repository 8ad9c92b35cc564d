// `kizuna ingest FILE…`: extracts each file and stores it in the register, one transaction per file.
import { resolve } from 'node:path';
import { planIngest } from '../../ops/plan-ingest.js';
import { withRegister } from '../../ops/open-register.js';
import { UsageError, dataOption, dataUsage, parseCommandArgs, type Command, type Io } from '../io.js';
import { formatMessage } from '../messages.js';

/** A one-line progress bar on a terminal's stderr, redrawn in place; cleared before any other line. */
function progress(io: Io, total: number) {
  let shown = false;
  const clear = () => {
    if (shown) io.err('\r\x1b[2K');
    shown = false;
  };
  return {
    clear,
    draw(done: number, file: string) {
      if (!io.isTty || total < 2) return;
      const width = 24;
      const filled = Math.round((done / total) * width);
      io.err(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${file.slice(-50)}`);
      shown = true;
    },
  };
}

export const ingestCommand: Command = {
  usage: `Usage: kizuna ingest FILE… [--data DIR] [--actor NAME]

Each file is stored in one transaction with everything found in it, or not at all. A file already
stored (same bytes) is reported as existing; a newer plan of the same partnership is linked as the
successor of the older one. Prints 'created|existing <plan id> <n> commitments <file>' per file.

${dataUsage}
  --actor NAME    who ingests, for the event log (default $USER)

A file that cannot be read prints one line 'file: reason [rule]' and the others are still processed;
the exit code is 1 when any file failed.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...dataOption, actor: { type: 'string' } });
    if (!positionals.length) throw new UsageError('no input file');
    const actor = values.actor ?? io.env.USER ?? 'kizuna';
    return withRegister(values.data, io.env, async (store) => {
      const bar = progress(io, positionals.length);
      let failed = 0;
      for (const [index, path] of positionals.entries()) {
        bar.draw(index, path);
        const outcome = await planIngest(store, resolve(io.cwd, path), { actor });
        bar.clear();
        for (const message of outcome.messages) io.err(formatMessage(message) + '\n');
        if (outcome.status === 'failed') {
          failed++;
          continue;
        }
        io.out(`${outcome.status} ${outcome.planId} ${outcome.commitments} commitments ${path}\n`);
      }
      bar.clear();
      if (positionals.length > 1) io.err(`${positionals.length - failed} of ${positionals.length} files stored\n`);
      return failed ? 1 : 0;
    });
  },
};
