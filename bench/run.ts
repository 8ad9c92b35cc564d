// `npm run bench [name…]`: runs the named benchmarks (all by default) and prints their figures.
import { benchmarks } from './index.js';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
for (const bench of benchmarks) {
  if (wanted.length && !wanted.includes(bench.name)) continue;
  console.log(`\n## ${bench.name}: ${bench.summary}`);
  await bench.run(flags);
}
