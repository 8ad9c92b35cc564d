// Build step after tsc: copies the data files (vocabularies, web assets) that the compiled code reads at run time.
import { cpSync, readdirSync, mkdirSync } from 'node:fs';

mkdirSync('dist/vocab', { recursive: true });
for (const file of readdirSync('src/vocab')) {
  if (file.endsWith('.json')) cpSync(`src/vocab/${file}`, `dist/vocab/${file}`);
}
