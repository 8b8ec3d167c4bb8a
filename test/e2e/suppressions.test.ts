import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import type { Log } from 'sarif';
import type { Report } from '../../src/model/report.js';
import { repoRoot, runBuiltCli } from './cli-runner.js';
import { writeFiles } from '../support/git-repo.js';
import { seriousResults, validateWithMultitool } from '../support/sarif-multitool.js';

const reportSchema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'report.schema.json'), 'utf8')) as object;
const validateReport = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);
const base = (parse(readFileSync(join(repoRoot, 'test', 'cases', 'diff', 'changes.yaml'), 'utf8')) as { base: Record<string, string> }).base;
const widened = (base['policies.tf'] ?? '').replace('parameter/dev/*', 'parameter/*');
const inlineIgnored = widened.replace('resource "aws_iam_role_policy" "dev" {', '# secret-scan:ignore SS008 the dev sandbox lists parameters by design, SEC-7\nresource "aws_iam_role_policy" "dev" {');
const exceptions = (expires: string): string => `${base['secret-scan.yaml'] ?? ''}exceptions:\n  - rule: SS001\n    secret: app1-*\n    principal: role/dev-*\n    reason: "dev tools read app1's db in staging drills; ticket SEC-142"\n    expires: ${expires}\n`;

function infra(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-suppress-'));
  writeFiles(dir, { ...base, ...files });
  return dir;
}

describe('suppressions: manifest exceptions and inline comments', () => {
  test('covered findings stay in JSON with their reason, appear in SARIF as suppressions, are counted in text, and do not fail the run', () => {
    const dir = infra({ 'policies.tf': inlineIgnored, 'secret-scan.yaml': exceptions('2999-12-31') });
    const out = mkdtempSync(join(tmpdir(), 'secret-scan-suppress-out-'));
    const run = runBuiltCli(['.', '--json', join(out, 'r.json'), '--sarif', join(out, 'r.sarif'), '--fail-on', 'warning'], dir);
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /2 findings suppressed by exceptions/);
    assert.doesNotMatch(run.stdout, /SS001 /);

    const json = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')) as Report;
    assert.ok(validateReport(json), JSON.stringify(validateReport.errors));
    const ss001 = json.findings.find((f) => f.ruleId === 'SS001');
    assert.deepEqual(ss001?.suppressions, [{ kind: 'external', justification: "dev tools read app1's db in staging drills; ticket SEC-142", source: { file: 'secret-scan.yaml', line: 13 }, expires: '2999-12-31' }]);
    const ss008 = json.findings.find((f) => f.ruleId === 'SS008');
    assert.deepEqual(ss008?.suppressions, [{ kind: 'inSource', justification: 'the dev sandbox lists parameters by design, SEC-7', source: { file: 'policies.tf', line: 10 } }]);

    const sarifText = readFileSync(join(out, 'r.sarif'), 'utf8');
    const results = (JSON.parse(sarifText) as Log).runs[0]?.results ?? [];
    const suppressed = results.filter((r) => (r.suppressions ?? []).length > 0);
    assert.deepEqual(suppressed.map((r) => [r.ruleId, r.suppressions?.[0]?.kind, r.suppressions?.[0]?.status]).sort(), [['SS001', 'external', 'accepted'], ['SS008', 'inSource', 'accepted']]);
    assert.match(suppressed.find((r) => r.ruleId === 'SS001')?.suppressions?.[0]?.justification ?? '', /SEC-142 \(until 2999-12-31\)/);
    assert.deepEqual(seriousResults(validateWithMultitool(sarifText)), []);
  });

  test('an expired exception stops suppressing and the text says which one', () => {
    const dir = infra({ 'policies.tf': widened, 'secret-scan.yaml': exceptions('2020-01-31') });
    const run = runBuiltCli(['.'], dir);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /SS001 {2}policies\.tf:\d+:\d+ {2}arn:aws:iam::123456789012:role\/dev-tools can read secret app1-db/);
    assert.match(run.stdout, /expired exception secret-scan\.yaml:13 \(expires 2020-01-31\) no longer suppresses SS001 on app1-db for arn:aws:iam::123456789012:role\/dev-tools/);
    const json = JSON.parse(runBuiltCli(['.', '--format', 'json', '--fail-on', 'never'], dir).stdout) as Report;
    assert.equal(json.findings.find((f) => f.ruleId === 'SS001')?.expiredExceptions?.[0]?.expires, '2020-01-31');
  });

  test('an exception without a reason, or with a date that is not one, is a usage error naming its line', () => {
    const noReason = infra({ 'secret-scan.yaml': `${base['secret-scan.yaml'] ?? ''}exceptions:\n  - rule: SS001\n    secret: app1-db\n` });
    const run = runBuiltCli(['.'], noReason);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /secret-scan\.yaml:13: \/exceptions\/0 must have required property 'reason'/);
    const badDate = infra({ 'secret-scan.yaml': exceptions('2027-02-30') });
    assert.match(runBuiltCli(['.'], badDate).stderr, /secret-scan\.yaml:13: expires "2027-02-30" is not a date/);
  });
});
