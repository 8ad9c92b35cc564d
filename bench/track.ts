// Evidence-linking time per readout against a 200k-commitment register (in-memory index built from
// recombined seed commitments), measured as the whole call `kizuna serve` makes (read the readout, link it
// against the kept index, store readout and proposals in the register); and the index kept up to date
// when one plan is replaced; and annual-review generation time for the largest seed plan.
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LinkIndex, type LinkCandidate } from '../src/track/link.js';
import { buildReview, reviewToHtml, reviewToMarkdown } from '../src/track/review.js';
import { reviewToDocx } from '../src/track/review-docx.js';
import { STATUSES } from '../src/track/status.js';
import { linkVocabulary, proposeLinks } from '../src/ops/tracking-link.js';
import { openStore } from '../src/store/index.js';
import { fixturePlans } from '../test/track/fixture-plans.js';
import type { Benchmark } from './index.js';
import { median, percentile, time, timeAsync } from './stats.js';

const readoutsDir = new URL('../test/fixtures/readouts/', import.meta.url);
const PARTNERS = ['PL', 'DK', 'IT', 'DE', 'NO', 'FR', 'GB', 'US', 'AU', 'IN', 'KR', 'CA', 'ES', 'NL', 'SE', 'FI', 'CZ', 'HU', 'RO', 'GR'];

/** `count` commitments, each the first half of one seed commitment joined to the second half of another, in plans of 100. */
function syntheticRegister(count: number): LinkCandidate[] {
  const fixture = JSON.parse(readFileSync(new URL('candidates.json', readoutsDir), 'utf8')) as { candidates: LinkCandidate[] };
  const pool = fixture.candidates.map((c) => c.text.split(/\s+/));
  const out: LinkCandidate[] = [];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < count; i++) {
    const a = pool[Math.floor(random() * pool.length)]!;
    const b = pool[Math.floor(random() * pool.length)]!;
    const text = [...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.floor(b.length / 2))].join(' ');
    const plan = Math.floor(i / 100);
    out.push({ id: `syn-${plan}/c${i % 100}`, kind: i % 10 === 9 ? 'mechanism' : 'commitment', planId: `syn-${plan}`, parties: ['JP', PARTNERS[plan % PARTNERS.length]!], text });
  }
  return out;
}

export const trackBench: Benchmark = {
  name: 'track',
  summary: 'evidence linking per readout at 200k commitments (median, p95); annual review of the largest seed plan',
  async run(flags) {
    const size = flags.includes('--1m') ? 1_000_000 : 200_000;
    const vocabulary = linkVocabulary();
    const buildStart = performance.now();
    const index = new LinkIndex(syntheticRegister(size), vocabulary);
    console.log(`index of ${size.toLocaleString('en')} candidates built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`);
    const readouts = readdirSync(readoutsDir).filter((f) => f.endsWith('.txt')).map((f) => ({ name: f, bytes: readFileSync(new URL(f, readoutsDir)) }));
    const store = await openStore({ url: '', dataDir: 'memory://', env: {} });
    try {
      for (const readout of readouts) await proposeLinks(store, readout, { index });
      const times: number[] = [];
      for (let pass = 0; pass < 5; pass++) {
        for (const readout of readouts) times.push(await timeAsync(() => proposeLinks(store, readout, { index })));
      }
      console.log(`link a readout (read, link, store proposals): ${readouts.length} readouts × 5 passes: median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms per call`);
    } finally {
      await store.close();
    }
    const plan = syntheticRegister(size).filter((c) => c.planId === 'syn-7');
    const replace = time(() => index.replacePlan('syn-7', plan));
    console.log(`one plan (${plan.length} candidates) replaced in the kept index: ${replace.toFixed(1)} ms`);

    const plans = fixturePlans();
    const largest = plans.reduce((a, b) => (b.commitments.length > a.commitments.length ? b : a));
    largest.commitments.forEach((c, i) => {
      const status = STATUSES[i % STATUSES.length]!;
      if (status !== 'not_started') c.updates.push({ id: `u${i}`, commitmentId: c.id, status, date: '2025-06-01', note: 'progress', evidence: [], author: 'bench', recordedAt: '' });
    });
    const period = { from: '2025-01-01', to: '2025-12-31' };
    for (const [label, render] of [
      ['html', async () => reviewToHtml(buildReview(largest, period))],
      ['md', async () => reviewToMarkdown(buildReview(largest, period))],
      ['docx', async () => reviewToDocx(buildReview(largest, period))],
    ] as const) {
      await render();
      const runs: number[] = [];
      for (let i = 0; i < 20; i++) runs.push(await timeAsync(render));
      console.log(`review of ${largest.id} (${largest.commitments.length} commitments) as ${label}: median ${median(runs).toFixed(1)} ms (20 runs)`);
    }
  },
};
