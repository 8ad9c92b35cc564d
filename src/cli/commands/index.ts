// Every CLI command, in the order `kizuna --help` lists them. README documents each (a test checks).
import type { Command } from '../io.js';
import { extractCommand } from './extract.js';
import { serveCommand } from './serve.js';
import { ingestCommand } from './ingest.js';
import { listCommand } from './list.js';
import { searchCommand } from './search.js';
import { showCommand } from './show.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { demoCommand } from './demo.js';
import { statusCommand } from './status.js';
import { meetingsCommand } from './meetings.js';
import { linkCommand } from './link.js';
import { reviewCommand } from './review.js';
import { diffCommand } from './diff.js';

export const commands: Command[] = [
  extractCommand,
  ingestCommand,
  listCommand,
  searchCommand,
  showCommand,
  exportCommand,
  importCommand,
  demoCommand,
  statusCommand,
  meetingsCommand,
  linkCommand,
  reviewCommand,
  diffCommand,
  serveCommand,
];
