// `kizuna import FILE`: restores a JSON backup made by `kizuna export` into an empty register.
import { readFile } from 'node:fs/promises';
import { registerImport, type Backup } from '../../ops/register-export.js';
import { withRegister } from '../../ops/open-register.js';
import { UsageError, parseCommandArgs, type Command } from '../io.js';
import { dataOption, dataUsage } from './ingest.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'restore a JSON backup into an empty register',
  usage: `Usage: kizuna import FILE [--data DIR]

  FILE is a backup written by 'kizuna export --format json'. The register must be empty; the
  restore is one transaction (all or nothing).
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, dataOption);
    if (positionals.length !== 1) throw new UsageError('give one backup file');
    const file = positionals[0]!;
    let backup: Backup;
    try {
      backup = JSON.parse(await readFile(file, 'utf8')) as Backup;
    } catch (error) {
      io.err(`${file}: not a readable JSON backup (${(error as Error).message}) [import/unreadable]\n`);
      return 1;
    }
    return withRegister(values.data, io.env, async (store) => {
      try {
        const counts = await registerImport(store, backup);
        io.err(`restored ${counts.plans ?? 0} plans, ${counts.commitments ?? 0} commitments, ${counts.events ?? 0} events\n`);
        return 0;
      } catch (error) {
        io.err(`${file}: ${(error as Error).message} [import/refused]\n`);
        return 1;
      }
    });
  },
};
