// `kizuna import FILE`: restores a JSON backup made by `kizuna export` into an empty register.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { registerImport, type Backup } from '../../ops/register-export.js';
import { withRegister } from '../../ops/open-register.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage } from '../io.js';

export const importCommand: Command = {
  usage: `Usage: kizuna import FILE [--data DIR]

  FILE is a backup written by 'kizuna export --format json' (FILE.gz: compressed, and verified against
  FILE.gz.sha256 before anything is restored; a plain FILE with a FILE.sha256 is verified too). The register must be empty; the
  restore is one transaction (all or nothing).
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, dataOption);
    if (positionals.length !== 1) throw new UsageError('give one backup file');
    const file = positionals[0]!;
    let backup: Backup;
    try {
      const bytes = await readFile(resolve(io.cwd, file));
      // Verified before the register is touched: a backup whose checksum fails is refused whole.
      const expected = await readFile(resolve(io.cwd, `${file}.sha256`), 'utf8').then((line) => line.split(/\s/)[0]!.toLowerCase(), () => null);
      if (file.endsWith('.gz') && !expected) {
        io.err(`${file}: its checksum file ${file}.sha256 is missing [import/checksum]\n`);
        return 1;
      }
      if (expected && createHash('sha256').update(bytes).digest('hex') !== expected) {
        io.err(`${file}: SHA-256 does not match ${file}.sha256; the backup is damaged and was not restored [import/checksum]\n`);
        return 1;
      }
      // Gzip by its magic bytes (1f 8b), whatever the name.
      const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      backup = JSON.parse(text) as Backup;
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
