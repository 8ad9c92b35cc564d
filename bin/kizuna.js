#!/usr/bin/env node
// Entry point for `npx kizuna`: runs the compiled CLI (built by `npm install` through the prepare script).
import { setFlagsFromString } from 'node:v8';

// A command lives a second or two: PGlite's WebAssembly is compiled by the baseline compiler only. Optimizing it
// (V8's default tier-up) doubles a command's CPU and its exit waits for those background compilations;
// `serve` runs long enough to profit from them and keeps the default.
if (process.argv[2] !== 'serve') setFlagsFromString('--liftoff-only');

const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
