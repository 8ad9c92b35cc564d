// Where the tests find their inputs: the repository's fixtures, the seed plans (shipped in demo/), and the
// gold annotations and scorer of the shared material beside the repository (../shared).
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync } from 'node:fs';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixtures = `${repoRoot}test/fixtures/`;
export const shared = fileURLToPath(new URL('../../../shared/', import.meta.url));
/** The five seed plans: demo/ ships them byte for byte as ../shared/corpus/seeds has them. */
export const seedsDir = `${repoRoot}demo/`;
export const goldDir = `${shared}gold/seeds/`;
export const scorer = `${shared}tools/score-extraction.mjs`;

/** The seed documents (demo/, README.md aside): always there, so tests over them are always generated. */
export function seedFiles(): string[] {
  return readdirSync(seedsDir).filter((f) => f !== 'README.md').sort().map((f) => seedsDir + f);
}

/**
 * Paths of the shared material a quality test needs; throws (the test FAILS, never skips) when one is
 * missing, e.g. `requireShared(goldDir, scorer)` in a clone without ../shared beside it.
 */
export function requireShared(...paths: string[]): void {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: this quality test needs ../shared (gold and scorer) beside the clone`);
}
