// The benchmark suites; each prints medians or ratios, never a single timing.
import { extractBench } from './extract.js';
import { ingestBench } from './ingest.js';
import { apiBench } from './api.js';
import { storeBench } from './store.js';
import { trackBench } from './track.js';
import { linkQualityBench } from './link-quality.js';
import { hostileBench } from './hostile.js';
import { scaleBench } from './scale.js';
import { cliBench } from './cli.js';

export interface Benchmark {
  name: string;
  summary: string;
  run(flags: string[]): Promise<void>;
}

export const benchmarks: Benchmark[] = [extractBench, ingestBench, apiBench, storeBench, trackBench, linkQualityBench, hostileBench, scaleBench, cliBench];
