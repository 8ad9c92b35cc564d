// README documents every CLI command (conventions: a command nobody can find does not exist).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { commands } from '../../src/cli/commands/index.js';
import { repoRoot } from '../helpers/paths.js';

test('every command appears in README as `kizuna <command>`', () => {
  const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
  const missing = commands.map((c) => c.name).filter((name) => !readme.includes(`kizuna ${name}`));
  assert.deepEqual(missing, [], `README does not document: ${missing.join(', ')}`);
});

test('README gives the test command that .ci/run calls', () => {
  const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
  const ci = readFileSync(`${repoRoot}.ci/run`, 'utf8');
  assert.match(readme, /^npm test\b/m);
  assert.match(ci, /^npm test$/m);
});
