// The layering rules, checked on the sources: web/ and api/ know nothing of each other (src/server.ts
// composes them), and only ops/ (and below) reach the store; api/, web/ and cli/ may import its types only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../helpers/paths.js';

const src = join(repoRoot, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

// Static imports and re-exports (`import … from '../x.js'`, `export … from`, `import type …`) and dynamic
// imports (`await import('../x.js')`); the specifier is group 2 or 3.
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Every relative import of every source file under src/, resolved to a path relative to src/. */
function edges(): Edge[] {
  return sourceFiles(src).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].flatMap((m) => {
      const specifier = m[2] ?? m[3]!;
      if (!specifier.startsWith('.')) return [];
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '');
      return [{ from: relative(src, file), to: relative(src, target), typeOnly: Boolean(m[1]) }];
    }),
  );
}

const under = (path: string, dir: string) => path.startsWith(`${dir}/`);

test('the scanner sees the imports it must judge (a rule checked over nothing proves nothing)', () => {
  const all = edges();
  assert.ok(all.some((e) => e.from === 'server.ts' && under(e.to, 'api')), 'server.ts imports api/');
  assert.ok(all.some((e) => e.from === 'server.ts' && under(e.to, 'web')), 'server.ts imports web/');
  assert.ok(all.some((e) => under(e.from, 'cli') && under(e.to, 'ops')), 'cli/ imports ops/');
  assert.ok(all.some((e) => e.typeOnly), 'type-only imports are recognised');
  assert.ok(all.some((e) => e.from === 'cli/commands/serve.ts' && e.to === 'server'), 'dynamic imports are seen');
});

test('no file in web/ imports from api/, and none in api/ from web/', () => {
  const bad = edges().filter((e) => (under(e.from, 'web') && under(e.to, 'api')) || (under(e.from, 'api') && under(e.to, 'web')));
  assert.deepEqual(bad.map((e) => `${e.from} → ${e.to}`), []);
});

test('no file in api/, web/ or cli/ imports from store/ (types aside)', () => {
  const bad = edges().filter((e) => ['api', 'web', 'cli'].some((d) => under(e.from, d)) && under(e.to, 'store') && !e.typeOnly);
  assert.deepEqual(bad.map((e) => `${e.from} → ${e.to}`), []);
});
