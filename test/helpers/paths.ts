// Where the tests find their inputs: the repository's fixtures and the shared corpus beside the repository.
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync } from 'node:fs';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixtures = `${repoRoot}test/fixtures/`;
export const shared = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const seedsDir = `${shared}corpus/seeds/`;
export const goldDir = `${shared}gold/seeds/`;

/** The seed documents (../shared/corpus/seeds), which CI provides beside the clone. */
export function seedFiles(): string[] {
  return existsSync(seedsDir) ? readdirSync(seedsDir).sort().map((f) => seedsDir + f) : [];
}
