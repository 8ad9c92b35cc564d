// `kizuna demo`: loads the bundled demo documents (demo/ in the package: public cooperation plans).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Store } from '../store/index.js';
import { planIngest, type IngestOutcome } from './plan-ingest.js';

/** The demo folder at the package root (beside src/ and dist/). */
export const demoDir = fileURLToPath(new URL('../../demo/', import.meta.url));

/** Where a demo load is: file `index` of `total`, being read or stored. */
export type DemoStage = (file: string, index: number, total: number, stage: 'reading' | 'storing') => void;

/** Ingests every demo document (already stored ones are skipped by their hash). */
export async function demoLoad(store: Store, onFile?: (outcome: IngestOutcome) => void, dir = demoDir, onStage?: DemoStage): Promise<IngestOutcome[]> {
  const files = readdirSync(dir)
    .filter((f) => !f.startsWith('.') && f !== 'README.md')
    .sort()
    .map((f) => join(dir, f));
  const outcomes: IngestOutcome[] = [];
  // The demo documents are public plans: published as they are stored.
  for (const [index, file] of files.entries()) {
    const outcome = await planIngest(store, file, { actor: 'demo', published: true, onStage: (stage) => onStage?.(file, index, files.length, stage) });
    onFile?.(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}
