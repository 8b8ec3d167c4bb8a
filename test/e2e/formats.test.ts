import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, scanJson, secretsView } from './cli-runner.js';

// Issue 6: each seed set-up written as Terraform, as a plan JSON and as CloudFormation gives exactly
// the readers and statuses of the AWS CLI version (fixtures/<seed>/expected.json).
const formatsDir = join(repoRoot, 'fixtures', 'formats');
const variants = existsSync(formatsDir)
  ? readdirSync(formatsDir).sort().flatMap((seed) => readdirSync(join(formatsDir, seed)).sort().map((format) => ({ seed, format })))
  : [];

for (const { seed, format } of variants) {
  test(`${seed} as ${format}: the same readers and statuses as the AWS CLI export`, () => {
    const expected = JSON.parse(readFileSync(join(repoRoot, 'fixtures', seed, 'expected.json'), 'utf8')) as { secrets: Record<string, unknown> };
    const report = scanJson(`fixtures/formats/${seed}/${format}`);
    assert.deepEqual(secretsView(report), expected.secrets);
    const unread = report.findings.filter((f) => f.ruleId === 'SS011');
    assert.deepEqual(unread.map((f) => f.message), [], 'every input of the variant is understood');
  });
}
