// The large register for the API bench: the store bench's synthetic corpus (seed commitments recombined,
// default 2,000 plans × 100 = 200,000 commitments; --plans=N for quick runs) in a temporary PGlite directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openAppRegister as openRegister, type OpenedRegister } from '../src/ops/open-register.js';
import { seedUnits } from './store.js';
import { loadSyntheticCorpus as loadStoreCorpus } from './store-corpus.js';

/**
 * `--plans=N` (default 2000; 0 skips the large register). `--keep=DIR` keeps the loaded register in DIR and,
 * when DIR already holds one, reuses it (loading 200k commitments takes minutes).
 */
export async function loadSyntheticCorpus(flags: string[]): Promise<{ opened: OpenedRegister; label: string } | null> {
  const flag = (name: string) => flags.find((f) => f.startsWith(`--${name}=`))?.slice(name.length + 3);
  const plans = Number(flag('plans') ?? 2000);
  if (!(plans > 0)) return null;
  const keep = flag('keep');
  const dir = keep ?? mkdtempSync(`${tmpdir()}/kizuna-bench-api-`);
  const opened = await openRegister({ data: `${dir}/db`, env: {} });
  const { total } = await opened.register.listPlans({}, { limit: 1, offset: 0 });
  if (keep && total > 0) {
    const { total: commitments } = await opened.register.listCommitments({}, { limit: 1, offset: 0 });
    console.log(`synthetic corpus: reusing ${keep} (${total} plans, ${commitments} commitments on PGlite)`);
    return { opened, label: `${commitments} commitments (PGlite)` };
  }
  const started = performance.now();
  const commitments = await loadStoreCorpus(opened.store, await seedUnits(), plans, 100, (done: number) => process.stderr.write(`\rloading ${done}/${plans} plans`));
  process.stderr.write('\r\x1b[2K');
  console.log(`synthetic corpus: ${plans} plans, ${commitments} commitments on PGlite (loaded in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  return {
    opened: {
      ...opened,
      async close() {
        await opened.close();
        if (!keep) rmSync(dir, { recursive: true, force: true });
      },
    },
    label: `${commitments} commitments (PGlite)`,
  };
}
