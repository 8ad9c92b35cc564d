// The `kizuna` command line: parses the sub-command and hands over to it; commands call ops, never the store.
import { commands } from './commands/index.js';
import { UsageError, errorText, type Io, processIo } from './io.js';
import { asStorageFull } from '../errors.js';
import { throughServer } from './door.js';

const HELP = `kizuna — a register of bilateral cooperation commitments

Usage: kizuna <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'kizuna <command> --help' for a command's options.`;

/** Runs one CLI invocation and resolves to its exit code (0 ok, 1 a file or operation failed, 2 misuse). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out('kizuna 0.1.0\n');
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`kizuna: unknown command '${name}' (see 'kizuna --help')\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out((await entry.load()).usage + '\n');
    return 0;
  }
  try {
    // While `kizuna serve` holds the register, the command runs there (cli/door.ts).
    const forwarded = await throughServer(entry, rest, io);
    if (forwarded !== null) return forwarded;
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`kizuna ${name}: ${error.message}\n${(await entry.load()).usage}\n`);
      return 2;
    }
    const shown = asStorageFull(error) ?? error;
    io.err(`kizuna ${name}: ${errorText(shown, io.env)}\n`);
    return 1;
  }
}
