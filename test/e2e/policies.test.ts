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
const policy = `policies:
  - id: ORG-prod-1
    level: warning
    message: dev roles must not read production parameters
    help: "Ask #platform for a staging copy instead."
    secrets: { ssm: "/prod/*" }
    deny_readers: ["role/dev-*"]
`;

describe('team policies end to end', () => {
  test('reported like built-in rules: JSON (schema-valid, with the policies checked), SARIF rules from the manifest with chains, Multitool-clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-policies-'));
    writeFiles(dir, { ...base, 'policies.tf': widened, 'secret-scan.yaml': `${base['secret-scan.yaml'] ?? ''}${policy}` });
    const json = JSON.parse(runBuiltCli(['.', '--format', 'json', '--fail-on', 'never'], dir).stdout) as Report;
    assert.ok(validateReport(json), JSON.stringify(validateReport.errors));
    assert.deepEqual(json.findings.filter((f) => f.ruleId === 'ORG-prod-1').map((f) => [f.secret, f.principal, f.level]).sort(), [
      ['/prod/legacy/token', 'arn:aws:iam::123456789012:role/dev-tools', 'warning'],
      ['app1-db', 'arn:aws:iam::123456789012:role/dev-tools', 'warning'],
    ]);
    assert.equal(json.policies?.[0]?.id, 'ORG-prod-1');
    const sarifText = runBuiltCli(['.', '--format', 'sarif', '--fail-on', 'never'], dir).stdout;
    const run = (JSON.parse(sarifText) as Log).runs[0];
    const rule = run?.tool.driver.rules?.find((r) => r.id === 'ORG-prod-1');
    assert.equal(rule?.help?.markdown, 'Ask #platform for a staging copy instead.');
    assert.equal(rule?.defaultConfiguration?.level, 'warning');
    const result = run?.results?.find((r) => r.ruleId === 'ORG-prod-1');
    assert.equal(run?.tool.driver.rules?.[result?.ruleIndex ?? -1]?.id, 'ORG-prod-1');
    assert.ok((result?.codeFlows?.length ?? 0) > 0);
    assert.deepEqual(seriousResults(validateWithMultitool(sarifText)), []);
    assert.equal(runBuiltCli(['.', '--fail-on', 'warning'], dir).status, 1);
  });

  test('an invalid policy is a usage error with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-policies-'));
    writeFiles(dir, { ...base, 'secret-scan.yaml': `${base['secret-scan.yaml'] ?? ''}policies:\n  - id: ORG9\n    level: error\n    message: nothing to check\n    secrets: { ssm: "/prod/*" }\n` });
    const run = runBuiltCli(['.'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /secret-scan\.yaml:13: \/policies\/0 must have required property 'deny_readers'/);
    writeFiles(dir, { 'secret-scan.yaml': `${base['secret-scan.yaml'] ?? ''}policies:\n  - id: SS001\n    level: error\n    message: clash\n    deny_readers: ["*"]\n` });
    assert.match(runBuiltCli(['.'], dir).stderr, /secret-scan\.yaml:13: \/policies\/0\/id must match pattern "\^ORG/);
  });
});
