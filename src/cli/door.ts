// The CLI while `kizuna serve` runs on the same embedded register. Serve holds the data directory's
// single-writer lock, so a command cannot open the register itself; instead serve opens a door for the CLI:
// an HTTP listener on 127.0.0.1 only (never the address the web app is served on), on a port of its own,
// taking POST /cli with the token serve published in the data directory (ops/serve-door.ts). The command
// (its arguments, working directory and environment) is run inside serve by the same main() on serve's open
// register, so its writes go through serve's one writer (and whatever serve keeps in memory sees them), and
// its output streams back line by line (NDJSON: {"out"}, {"err"}, then {"exit"}). The token acts as the local
// administrator: it is compared in constant time, a request without it learns nothing, and nothing but a
// command of the register (commands/index.ts `register`) is accepted.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { CommandEntry } from './commands/index.js';
import { errorText, type Io } from './io.js';
import type { Store } from '../ops/open-register.js';
import { findDoor, publishDoor, registerDir } from '../ops/serve-door.js';
import { onSharedRegister, sharedRegister } from '../ops/shared-register.js';

/** What the CLI sends: the command line as typed, where it was typed, and the caller's environment. */
interface DoorRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  isTty: boolean;
}

/** Largest request body: a command line, a working directory and an environment. */
const MAX_REQUEST_BYTES = 1024 * 1024;

/** `--data DIR` / `--data=DIR` as typed (the command's own parser reads it again where it runs). */
function dataArgument(argv: string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') return undefined;
    if (arg === '--data') return argv[i + 1];
    if (arg.startsWith('--data=')) return arg.slice('--data='.length);
  }
  return undefined;
}

/**
 * Runs the command through a `kizuna serve` running on its register, if there is one: resolves to the exit
 * code, or null when there is none to go through (the caller then runs the command itself).
 */
export async function throughServer(entry: CommandEntry, args: string[], io: Io): Promise<number | null> {
  if (!entry.register || sharedRegister()) return null;
  const dir = registerDir(dataArgument(args), io.env);
  const door = dir ? findDoor(dir) : null;
  if (!door) return null;
  const body: DoorRequest = {
    argv: [entry.name, ...args],
    cwd: io.cwd,
    env: Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => typeof e[1] === 'string')),
    isTty: io.isTty,
  };
  return new Promise<number | null>((resolve, reject) => {
    const req = request(`${door.url}cli`, { method: 'POST', headers: { Authorization: `Bearer ${door.token}`, 'Content-Type': 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`kizuna serve (process ${door.pid}) refused the command (HTTP ${res.statusCode})`));
        return;
      }
      let pending = '';
      let exit: number | null = null;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let newline: number;
        while ((newline = pending.indexOf('\n')) >= 0) {
          const line = JSON.parse(pending.slice(0, newline)) as { out?: string; err?: string; exit?: number };
          pending = pending.slice(newline + 1);
          if (line.out !== undefined) io.out(line.out);
          if (line.err !== undefined) io.err(line.err);
          if (line.exit !== undefined) exit = line.exit;
        }
      });
      res.on('end', () => (exit === null ? reject(new Error(`kizuna serve (process ${door.pid}) stopped before the command finished`)) : resolve(exit)));
      res.on('error', reject);
    });
    // No server behind the door (a killed serve's file, the port closed): the command runs here.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve(null) : reject(error)));
    req.end(JSON.stringify(body));
  });
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function isDoorRequest(value: unknown): value is DoorRequest {
  const v = value as Partial<DoorRequest> | null;
  return (
    typeof v === 'object' && v !== null && Array.isArray(v.argv) && v.argv.every((a) => typeof a === 'string') && typeof v.cwd === 'string' &&
    typeof v.isTty === 'boolean' && typeof v.env === 'object' && v.env !== null && Object.values(v.env).every((e) => typeof e === 'string')
  );
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface CliDoor {
  url: string;
  /** Withdraws the door file, then stops taking commands (the running ones finish). */
  close(): Promise<void>;
}

/**
 * Opens serve's door for the CLI on `store` (an embedded register in `data`/the default directory) and
 * publishes it; `run` is main(), passed in because main's module imports the commands, which import serve.
 */
export async function openCliDoor(
  store: Store,
  data: string | undefined,
  env: Record<string, string | undefined>,
  run: (argv: string[], io: Io) => Promise<number>,
): Promise<CliDoor> {
  const dir = registerDir(data, env);
  if (!dir) throw new Error('the CLI door is for an embedded register only');
  const token = randomBytes(32).toString('base64url');
  const expected = digest(`Bearer ${token}`);
  const refuse = (res: ServerResponse, status: number) => void res.writeHead(status, { 'Content-Type': 'text/plain' }).end();
  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      // Never a crash of serve: the command's own errors are already output lines; this is the door's.
      if (!res.headersSent) return refuse(res, 500);
      res.end(`${JSON.stringify({ err: `kizuna serve: ${error instanceof Error ? error.message : String(error)}\n`, exit: 1 })}\n`);
    });
  });
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST' || req.url !== '/cli') return refuse(res, 404);
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) return refuse(res, 401);
    let body: unknown;
    try {
      const text = await readBody(req);
      if (text === null) return refuse(res, 413);
      body = JSON.parse(text);
    } catch {
      return refuse(res, 400);
    }
    if (!isDoorRequest(body)) return refuse(res, 400);
    const { commands } = await import('./commands/index.js');
    if (!commands.find((c) => c.name === body.argv[0])?.register) return refuse(res, 400);
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
    const send = (line: object) => void res.write(`${JSON.stringify(line)}\n`);
    const io: Io = { out: (out) => send({ out }), err: (err) => send({ err }), isTty: body.isTty, env: body.env, cwd: body.cwd };
    let exit = 1;
    try {
      exit = await onSharedRegister(store, () => run(body.argv, io));
    } catch (error) {
      io.err(`kizuna ${body.argv[0]}: ${errorText(error, io.env)}\n`);
    }
    res.end(`${JSON.stringify({ exit })}\n`);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const withdraw = publishDoor(dir, { url, token, pid: process.pid });
  return {
    url,
    close: async () => {
      withdraw();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
