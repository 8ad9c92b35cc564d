// What a long command (ingest, demo) is doing, from its first second: one line on a terminal's stderr,
// redrawn in place with the stage, a bar over the files and the seconds elapsed (ticking, so a slow step
// still shows life). Not drawn when stderr is not a terminal (io.isTty): logs and pipes get only the
// per-file lines. Output printed through it clears the line first and redraws it after.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Io } from './io.js';
import { registerDir } from '../ops/serve-door.js';

export interface Progress {
  /** The current step: `opening the register`, or `reading plan.pdf` as file `done + 1` of `total`. */
  stage(text: string, done?: number, total?: number): void;
  out(text: string): void;
  err(text: string): void;
  /** Erases the line and stops the clock. */
  end(): void;
}

const BAR_WIDTH = 24;

export function progress(io: Io, label: string): Progress {
  const started = Date.now();
  let line: string | null = null;
  let shown = false;
  const clear = () => {
    if (shown) io.err('\r\x1b[2K');
    shown = false;
  };
  const draw = () => {
    if (!io.isTty || line === null) return;
    const seconds = Math.floor((Date.now() - started) / 1000);
    io.err(`\r\x1b[2K${label}: ${line} · ${seconds} s`);
    shown = true;
  };
  const timer = io.isTty ? setInterval(draw, 1000) : null;
  timer?.unref();
  const through = (write: (text: string) => void) => (text: string) => {
    clear();
    write(text);
    draw();
  };
  return {
    stage(text, done, total) {
      const bar = total && total > 1 ? `[${'#'.repeat(Math.round(((done ?? 0) / total) * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ${(done ?? 0) + 1}/${total} ` : '';
      line = `${bar}${text.length > 60 ? `…${text.slice(-59)}` : text}`;
      clear();
      draw();
    },
    out: through(io.out),
    err: through(io.err),
    end() {
      if (timer) clearInterval(timer);
      line = null;
      clear();
    },
  };
}

/**
 * The first stage of a command on the register: creating an embedded one takes a while and cannot tick
 * (PostgreSQL's set-up runs without a pause), so it is named for what it is.
 */
export function openingStage(data: string | undefined, env: Record<string, string | undefined>): string {
  const dir = registerDir(data, env);
  return dir && !existsSync(join(dir, 'PG_VERSION')) ? `creating the register in ${dir} (once; it takes a while)` : 'opening the register';
}
