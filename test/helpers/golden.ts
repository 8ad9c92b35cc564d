// Golden files: compare with the stored expectation, or rewrite it when UPDATE=1 (review the diff like code).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import assert from 'node:assert/strict';

export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  // A missing golden fails (a test that writes its own expectation could never fail); UPDATE=1 creates it.
  if (!existsSync(path)) assert.fail(`golden file missing: ${path} (UPDATE=1 creates it; review it like code)`);
  assert.equal(actual, readFileSync(path, 'utf8'), `differs from golden file ${path} (UPDATE=1 npm test rewrites it)`);
}
