// `kizuna serve`: the JSON API and the web interface over the register, on one port.
import { parseCommandArgs, UsageError, type Command } from '../io.js';
import type { Store } from '../../ops/open-register.js';

const usage = `Usage: kizuna serve [--port 8787] [--host 127.0.0.1] [--data DIR]

Serves the web interface and the JSON API (OpenAPI at /api/openapi.json).
  --port N     port to listen on (default 8787; 0 picks a free one)
  --host H     address to bind (default 127.0.0.1: only this machine; another address
               only once sign-in is set up: an administrator account or KIZUNA_OIDC_*)
  --data DIR   PGlite data directory (default: the per-user data directory;
               DATABASE_URL selects a PostgreSQL server instead)
  --max-upload MB  largest upload accepted (default 50)`;

/** The CLI door (cli/door.ts) on serve's register, running commands by the same main() as the command line. */
async function openDoor(store: Store, data: string | undefined, env: Record<string, string | undefined>) {
  const [{ openCliDoor }, { main }] = await Promise.all([import('../door.js'), import('../main.js')]);
  return openCliDoor(store, data, env, main);
}

export const serveCommand: Command = {
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string' },
        'max-upload': { type: 'string', default: '50' },
      },
      false,
    );
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${values.port}'`);
    const maxUploadMb = Number(values['max-upload']);
    if (!(maxUploadMb > 0)) throw new UsageError(`--max-upload must be a positive number of megabytes, got '${values['max-upload']}'`);

    // The server (Hono, the pages, the API) is loaded only by this command.
    const { startServer } = await import('../../server.js');
    const running = await startServer({ port, host: values.host, data: values.data, env: io.env, maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024) });
    // An embedded register is locked to this process: CLI commands on it come in through the CLI door.
    const door = running.store.engine === 'pglite' ? await openDoor(running.store, values.data, io.env) : null;
    io.out(`kizuna: serving ${running.description} at ${running.url} (Ctrl-C stops)\n`);
    if (!running.administrator) {
      io.out('kizuna: no administrator yet: anyone on this machine acts as one; create the first with `kizuna user add EMAIL --role admin`\n');
    }
    await new Promise<void>((resolve) => {
      const stop = () => void (door?.close() ?? Promise.resolve()).then(() => running.stop()).then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
