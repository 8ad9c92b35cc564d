// Compiles src/ file by file into a folder under test/.tmp, as tsc builds the package (types erased,
// `.js` specifiers kept, vocabularies copied): tests run what an installed kizuna runs, without tsx.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { repoRoot } from './paths.js';

/** Compiles the sources into a fresh folder inside the repository (so node_modules resolve); remove it after. */
export function compileSources(name: string): { dir: string; url: (path: string) => string; remove: () => void } {
  const dir = join(repoRoot, 'test', '.tmp', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const src = join(repoRoot, 'src');
  const walk = (folder: string): string[] => readdirSync(folder).flatMap((f) => (statSync(join(folder, f)).isDirectory() ? walk(join(folder, f)) : [join(folder, f)]));
  for (const file of walk(src)) {
    const target = join(dir, relative(src, file));
    mkdirSync(join(target, '..'), { recursive: true });
    if (file.endsWith('.json')) cpSync(file, target);
    else if (file.endsWith('.ts')) writeFileSync(target.replace(/\.ts$/, '.js'), transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm' }).code);
  }
  return { dir, url: (path) => pathToFileURL(join(dir, path)).href, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
