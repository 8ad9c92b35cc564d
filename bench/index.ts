// The benchmark suites; each prints medians or ratios, never a single timing.
import { extractBench } from './extract.js';

export interface Benchmark {
  name: string;
  summary: string;
  run(flags: string[]): Promise<void>;
}

export const benchmarks: Benchmark[] = [extractBench];
