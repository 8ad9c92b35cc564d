// `kizuna demo`: loads the bundled demo documents (demo/ in the package: public cooperation plans).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Store } from '../store/index.js';
import { planIngest, type IngestOutcome } from './plan-ingest.js';

/** The demo folder at the package root (beside src/ and dist/). */
export const demoDir = fileURLToPath(new URL('../../demo/', import.meta.url));

/** Ingests every demo document (already stored ones are skipped by their hash). */
export async function demoLoad(store: Store, onFile?: (outcome: IngestOutcome) => void, dir = demoDir): Promise<IngestOutcome[]> {
  const files = readdirSync(dir)
    .filter((f) => !f.startsWith('.') && f !== 'README.md')
    .sort()
    .map((f) => join(dir, f));
  const outcomes: IngestOutcome[] = [];
  for (const file of files) {
    const outcome = await planIngest(store, file, { actor: 'demo' });
    onFile?.(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}
