// `kizuna extract FILE… [--format json|eval|md] [--out DIR]`: the register of each file, without storing it.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { asStorageFull } from '../../errors.js';
import { join } from 'node:path';
import { extractInSandbox } from '../../sandbox/index.js';
import { toEval } from '../../extract/eval.js';
import { renderOutline } from '../../extract/outline.js';
import type { Extraction } from '../../types.js';
import { UsageError, parseCommandArgs, type Command } from '../io.js';
import { formatMessage } from '../messages.js';

const FORMATS = ['json', 'eval', 'md'] as const;
type Format = (typeof FORMATS)[number];

const render: Record<Format, (e: Extraction) => string> = {
  json: (e) => JSON.stringify(e, null, 2) + '\n',
  eval: (e) => JSON.stringify(toEval(e), null, 2) + '\n',
  md: renderOutline,
};

export const extractCommand: Command = {
  usage: `Usage: kizuna extract FILE… [--format json|eval|md] [--out DIR]

  --format json   the full result with spans (default)
  --format eval   the gold shape of the extraction spec, one <file name>.json per input
  --format md     a readable outline to check against the source
  --out DIR       write one file per input into DIR (created if missing) instead of stdout

A file that cannot be read prints one line 'file: reason [rule]' and the others are still processed;
the exit code is 1 when any file failed.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
    });
    const format = values.format as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}' (json, eval or md)`);
    if (!positionals.length) throw new UsageError('no input file');
    if (values.out) await mkdir(values.out, { recursive: true });
    let failed = 0;
    for (const path of positionals) {
      const { extraction, messages } = await extractInSandbox({ path });
      for (const message of messages) io.err(formatMessage(message) + '\n');
      if (!extraction) {
        failed++;
        continue;
      }
      const output = render[format](extraction);
      if (values.out) {
        const target = join(values.out, `${extraction.document.name}.${format === 'md' ? 'md' : 'json'}`);
        // Write beside the target and rename, so an interrupted run never leaves half a file.
        const temporary = `${target}.${process.pid}.tmp`;
        try {
          await writeFile(temporary, output);
          await rename(temporary, target);
        } catch (error) {
          // A full disk or a read-only folder fails this file, not the batch, and leaves no partial file.
          await rm(temporary, { force: true });
          const full = asStorageFull(error, target);
          io.err(formatMessage({ file: path, rule: 'extract/write', reason: full ? full.message : `cannot write ${target} (${(error as Error).message})`, place: null, fatal: true }) + '\n');
          failed++;
        }
      } else {
        io.out(output);
      }
    }
    return failed ? 1 : 0;
  },
};
