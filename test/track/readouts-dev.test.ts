// The evidence-linking bar of issue 9, measured on the shared dev readouts (../shared/corpus/readouts-dev)
// against the seed plans with the desk officer's links (../shared/gold/readouts-dev). Without ../shared
// this test fails: the bar is only held where it can be measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLinker, evaluate, formatReport, loadDevSet } from '../../bench/link-quality.js';
import { shared } from '../helpers/paths.js';

test('evidence linking on the dev readouts meets the bar', async () => {
  const dev = await loadDevSet(shared);
  assert.equal(dev.readouts.length, 22);
  const report = evaluate(dev, defaultLinker(dev));
  console.log(formatReport(report));
  const bars: [string, number, number][] = [
    ['F1', report.overall.f1, 0.7],
    ['recall@5', report.recallAt5, 0.85],
    ['Japanese recall', report.ja.recall, 0.6],
    ['status accuracy', report.statusAccuracy, 0.85],
  ];
  const below = bars.filter(([, value, bar]) => !(value >= bar)).map(([name, value, bar]) => `${name} ${value.toFixed(3)} < ${bar}`);
  if (report.negativeProposals > 1) below.push(`${report.negativeProposals} proposals on negative readouts > 1`);
  assert.deepEqual(below, [], `below the bar: ${below.join(', ')}`);
});
