// Build step: bundles the browser client (src/web/client) with esbuild and copies its stylesheet into dist/web/assets.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/web/assets', { recursive: true });
await build({
  entryPoints: ['src/web/client/main.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outfile: 'dist/web/assets/app.js',
  legalComments: 'none',
});
cpSync('src/web/client/style.css', 'dist/web/assets/app.css');
