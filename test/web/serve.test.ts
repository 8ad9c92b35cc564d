// `kizuna serve` refuses bad options as usage errors (main() prints the usage, exit 2) before opening anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveCommand } from '../../src/cli/commands/serve.js';
import { UsageError, type Io } from '../../src/cli/io.js';

const io: Io = { out: () => {}, err: () => {}, isTty: false, env: {}, cwd: process.cwd() };

test('serve: a bad port or upload limit is a usage error', async () => {
  for (const args of [['--port', 'eighty'], ['--port', '70000'], ['--max-upload', '0'], ['--colour']]) {
    await assert.rejects(serveCommand.run(args, io), UsageError, args.join(' '));
  }
  assert.match(serveCommand.usage, /--port/);
});
