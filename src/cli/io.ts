// What a command may touch of the outside world, so tests can run commands in-process and read their output.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LOCAL_ADMINISTRATOR, readScope, type ReadScope } from '../auth/principal.js';
import { sayError, type Lang } from '../web/i18n/translator.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  isTty: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTty: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** The language of the POSIX locale (the first of LC_ALL, LC_MESSAGES, LANG that is set): ja_JP.UTF-8 → ja. */
export const localeLang = (env: Record<string, string | undefined>): Lang => (/^ja(?:[_.@-]|$)/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'ja' : 'en');

/** A failure as the CLI prints it: an error raised with a catalog message in the locale's language, else its message. */
export const errorText = (error: unknown, env: Record<string, string | undefined>): string => (error instanceof Error ? sayError(localeLang(env), error) : String(error));

/** `--data DIR`, which every command working on the register takes. */
export const dataOption = { data: { type: 'string' } } as const;

export const dataUsage = `  --data DIR      embedded database directory (default $KIZUNA_DATA, $XDG_DATA_HOME/kizuna or
                  ~/.local/share/kizuna); without it, DATABASE_URL=postgres://… selects PostgreSQL`;

/** A command was called wrongly: main() prints the message with the command's usage and exits 2. */
/** The CLI's read scope: whoever runs it on the machine is the local administrator, who reads everything. */
export const CLI_SCOPE: ReadScope = readScope(LOCAL_ADMINISTRATOR);

export class UsageError extends Error {}

/** A command's module: its usage text and what it does (its name and summary are in commands/index.ts). */
export interface Command {
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}

/** node:util parseArgs, turning its errors into UsageError so misuse exits 2 with the usage text. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
