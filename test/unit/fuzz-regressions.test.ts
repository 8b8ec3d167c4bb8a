// Every failure `npm run fuzz` found, kept (fuzz/regressions/*.json) and run again: no exception
// escapes, the planted canary never reaches a message. (Time is `npm run fuzz`'s to measure, not a test's.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANARY } from '../../fuzz/mutate.js';
import { runTarget, type TargetName } from '../../fuzz/targets.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fuzz', 'regressions');

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  test(`fuzz regression ${file}`, () => {
    const saved = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { target: TargetName; path: string; input: string };
    const run = runTarget(saved.target, saved.path, saved.input);
    assert.deepEqual(run.messages.filter((m) => m.includes(CANARY)), []);
  });
}
