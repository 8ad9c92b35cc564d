// `kizuna export --format json|csv`: a full backup (json) or the commitments as one CSV table.
import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { asStorageFull } from '../../errors.js';
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { commitmentsCsv, registerExport } from '../../ops/register-export.js';
import { withRegister } from '../../ops/open-register.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage } from '../io.js';
import { filterFlags, filterFlagsUsage, readFilterFlags } from './list.js';
import { CLI_SCOPE } from '../io.js';

export const exportCommand: Command = {
  usage: `Usage: kizuna export [--format json|csv] [filters] [--out FILE] [--data DIR]

  --format json   every table, original documents included (base64), corrections and events:
                  a backup that 'kizuna import' restores without loss (default)
  --format csv    one row per commitment, corrections applied (RFC 4180, UTF-8); text cells that a
                  spreadsheet would run as a formula (= + - @) get a leading apostrophe; the list
                  filters select the rows:
${filterFlagsUsage}
  --out FILE      write to FILE (replaced only when the export is complete) instead of stdout;
                  FILE.gz writes the JSON backup gzip-compressed with its SHA-256 in FILE.gz.sha256
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...dataOption, ...filterFlags, format: { type: 'string', default: 'json' }, out: { type: 'string' } }, false);
    if (positionals.length) throw new UsageError('export takes no file argument (use --out FILE)');
    if (values.format !== 'json' && values.format !== 'csv') throw new UsageError(`unknown format '${values.format}' (json or csv)`);
    const filter = readFilterFlags(values);
    if (values.format === 'json' && Object.keys(filter).length) throw new UsageError('filters apply to --format csv; the JSON backup is the whole register');
    const out = values.out === undefined ? undefined : resolve(io.cwd, values.out);
    const temporary = out ? `${out}.${process.pid}.tmp` : null;
    return withRegister(values.data, io.env, async (store) => {
      try {
        if (values.format === 'json') {
          const text = JSON.stringify(await registerExport(store)) + '\n';
          if (temporary && out?.endsWith('.gz')) {
            // A compressed backup with its SHA-256 beside it (`sha256sum -c` reads it; `kizuna import` checks it).
            const bytes = gzipSync(text);
            await writeFile(temporary, bytes);
            await writeFile(`${temporary}.sha256`, `${createHash('sha256').update(bytes).digest('hex')}  ${basename(out)}\n`);
          } else if (temporary) await writeFile(temporary, text);
          else io.out(text);
        } else if (temporary) {
          const stream = createWriteStream(temporary);
          const rows = await commitmentsCsv(store, (chunk) => void stream.write(chunk), filter, CLI_SCOPE);
          await new Promise<void>((done, reject) => stream.end((error?: Error | null) => (error ? reject(error) : done())));
          io.err(`${rows} commitments\n`);
        } else {
          await commitmentsCsv(store, io.out, filter, CLI_SCOPE);
        }
        if (temporary && out) {
          // The checksum lands first: a backup file never stands without the checksum that vouches for it.
          if (out.endsWith('.gz') && values.format === 'json') await rename(`${temporary}.sha256`, `${out}.sha256`);
          await rename(temporary, out);
        }
      } catch (error) {
        if (temporary) await Promise.all([rm(temporary, { force: true }), rm(`${temporary}.sha256`, { force: true })]);
        throw asStorageFull(error, out ?? 'the output') ?? error;
      }
      return 0;
    }, true);
  },
};
