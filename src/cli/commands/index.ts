// Every CLI command, in the order `kizuna --help` lists them. README documents each (a test checks).
import type { Command } from '../io.js';
import { extractCommand } from './extract.js';

export const commands: Command[] = [extractCommand];
