// Runs the kizuna CLI from source in a child process (for tests that kill or race real processes).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
