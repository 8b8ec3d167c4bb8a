// Every failure `npm run fuzz` found, kept (fuzz/regressions/*.json) and run again: no exception
// escapes, the planted canary never reaches a message, and (whole-scan inputs) the scan's
// properties hold (fuzz/scan-target.ts). Time is `npm run fuzz`'s to measure, not a test's.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANARY } from '../../fuzz/mutate.js';
import { runTarget, type TargetName } from '../../fuzz/targets.js';
import { cleanUp, runScanTarget } from '../../fuzz/scan-target.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(root, 'fuzz', 'regressions');
after(cleanUp);

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  test(`fuzz regression ${file}`, async () => {
    const saved = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { target: TargetName; path: string; input: string; fixture?: string };
    if (saved.target === 'scan') {
      const fixture = join(root, saved.fixture ?? '');
      const run = await runScanTarget({ fixture, file: saved.path, original: readFileSync(join(fixture, saved.path), 'utf8'), text: saved.input });
      assert.deepEqual(run.violations, []);
      assert.deepEqual(run.messages.filter((m) => m.includes(CANARY)).map((m) => m.slice(Math.max(0, m.indexOf(CANARY) - 200), m.indexOf(CANARY) + 40)), []);
      return;
    }
    const run = runTarget(saved.target, saved.path, saved.input);
    assert.deepEqual(run.messages.filter((m) => m.includes(CANARY)), []);
  });
}
