// Build step: src/ → dist/ as the package runs it. Each module is transpiled on its own by esbuild (type
// checking is `npm run typecheck`, which `npm test` runs first), and the data files the compiled code reads
// at run time (vocabularies, message catalogs) are copied beside it. The browser client is bundled apart
// (build-web.mjs). dist/ is emptied first so a moved or deleted module can never ship stale.
// Kysely is the exception to "imported as installed": its ESM build is some 260 files, which Node would
// resolve and compile one by one at every CLI start (about a third of a `kizuna list`), so it is bundled
// once into dist/vendor/kysely.js and every module imports that.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const clientDir = join('src', 'web', 'client');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (path === clientDir) return [];
    return entry.isDirectory() ? files(path) : [path];
  });
}

const vendored = { kysely: resolve('dist', 'vendor', 'kysely.js') };

/** Leaves every import as written (one output file per source), except vendored packages, pointed at their bundle. */
const perFile = {
  name: 'per-file',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const bundle = vendored[args.path];
      if (!bundle) return { path: args.path, external: true };
      const from = dirname(resolve('dist', relative('src', args.importer)));
      const path = relative(from, bundle);
      return { path: path.startsWith('.') ? path : `./${path}`, external: true };
    });
  },
};

rmSync('dist', { recursive: true, force: true });
const sources = files('src');
await build({
  entryPoints: Object.keys(vendored),
  outdir: join('dist', 'vendor'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
await build({
  entryPoints: sources.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts')),
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  plugins: [perFile],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Node 20.19 has `import … with { type: 'json' }`; esbuild would otherwise drop the attribute for node20.
  // It has `\p{…}` in patterns too: esbuild would otherwise turn /^\p{Ll}/u into `new RegExp(…)`, built on every call.
  supported: { 'import-attributes': true, 'regexp-unicode-property-escapes': true },
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
});
for (const file of sources.filter((f) => f.endsWith('.json'))) {
  const target = join('dist', relative('src', file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
