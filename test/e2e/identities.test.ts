import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { repoRoot, runBuiltCli, scanJson, secretsView } from './cli-runner.js';

// How identities are resolved (README "How identities are resolved", docs/semantics.md#identities).

function scanWith(args: string[]): Report {
  const run = runBuiltCli([...args, '--format', 'json', '--fail-on', 'never']);
  if (run.status !== 0) throw new Error(`secret-scan ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Report;
}

test('seed-004 without its manifest: the account the dumps name is the account, and role/prod-app1 reads prod.app1.db-pass', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-identity-'));
  try {
    cpSync(join(repoRoot, 'fixtures', 'seed-004-ssm-kms'), dir, { recursive: true });
    rmSync(join(dir, 'secret-scan.yaml'));
    const report = scanJson(dir);
    const readers = secretsView(report)['prod.app1.db-pass']?.readers;
    assert.deepEqual(readers, { 'arn:aws:iam::123456789012:role/prod-app1': { conditional: false } });
    assert.equal(report.coverage.identity?.account, '123456789012');
    assert.equal(report.coverage.identity?.accountFrom, 'inputs');
    assert.ok((report.coverage.identity?.evidence ?? []).some((f) => f.endsWith('get-account-authorization-details.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a key whose account no input names decrypts conditionally, never impossibly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-identity-'));
  try {
    cpSync(join(repoRoot, 'fixtures', 'seed-004-ssm-kms'), dir, { recursive: true });
    rmSync(join(dir, 'secret-scan.yaml'));
    // Two accounts named: nothing can be inferred, and list-aliases (which gave the keys' account) is gone.
    rmSync(join(dir, 'aws', 'kms', 'list-aliases.json'));
    const task = join(dir, 'aws', 'ecs', 'access-test.json');
    writeFileSync(task, readFileSync(task, 'utf8').replace('arn:aws:ecs:us-east-1:123456789012', 'arn:aws:ecs:us-east-1:999999999999'));
    const report = scanJson(dir);
    assert.equal(report.coverage.identity?.accountFrom, 'symbolic');
    const readers = secretsView(report)['prod.app1.db-pass']?.readers;
    assert.deepEqual(readers, { 'arn:aws:iam::123456789012:role/prod-app1': { conditional: true } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a manifest account wins over the inputs, and the report says where the identity came from', () => {
  const report = scanJson('fixtures/seed-004-ssm-kms');
  assert.deepEqual(report.coverage.identity, { account: '123456789012', accountFrom: 'manifest', region: 'us-east-1', regionFrom: 'manifest' });
});

test('scanning infra/prod reads ../../modules/app-secret: the same answer as the whole case', () => {
  const caseDir = 'fixtures/real-world/tf-module-outside-scan-root';
  const expected = JSON.parse(readFileSync(join(repoRoot, caseDir, 'expected.json'), 'utf8')) as { secrets: unknown };
  const report = scanWith([`${caseDir}/infra/prod`, '--manifest', `${caseDir}/secret-scan.yaml`]);
  assert.deepEqual(secretsView(report), expected.secrets);
  assert.ok(report.coverage.loaded.includes(`${caseDir}/modules/app-secret/main.tf`));
  const remote = report.findings.filter((f) => f.ruleId === 'SS011');
  assert.equal(remote.length, 1);
  assert.match(remote[0]?.message ?? '', /terraform-aws-modules\/vpc\/aws/);
});

test('one Terragrunt unit scanned alone reads its includes, its module and its dependency\'s outputs from outside the path, and no more', () => {
  const caseDir = 'fixtures/real-world/tf-terragrunt-live-tree';
  const report = scanWith([`${caseDir}/live/prod/billing`, '--manifest', `${caseDir}/secret-scan.yaml`]);
  const billing = report.secrets.find((s) => s.id === 'billing-db');
  assert.deepEqual(billing?.readers.map((r) => `${r.principal} ${r.conditional}`), ['arn:aws:iam::111122223333:role/billing-prod-task false']);
  // The secrets unit is outside the path: its outputs are read, its module is not scanned on its own.
  assert.deepEqual(report.secrets.map((s) => s.id).sort(), ['billing-db', 'reports-api-key']);
  assert.deepEqual(report.findings.filter((f) => f.ruleId === 'SS011'), []);
  assert.ok(report.coverage.loaded.includes(`${caseDir}/modules/service/main.tf`), report.coverage.loaded.join(', '));
});

test('a module called from below the directory the scan runs in is named as the walk names its files: main.tf, not ./main.tf', () => {
  // cloudposse's modules keep the module at the repository root and call it from examples/complete
  // with `source = "../.."`; scanned from the root as `examples/complete`.
  const dir = mkdtempSync(join(tmpdir(), 'ss-module-at-root-'));
  try {
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'examples', 'complete'), { recursive: true });
    writeFileSync(join(dir, 'main.tf'), 'variable "family" {}\nresource "aws_ecs_task_definition" "task" {\n  family                = var.family\n  container_definitions = local.unknown_json\n}\n');
    writeFileSync(join(dir, 'examples', 'complete', 'main.tf'), 'module "container" {\n  source = "../.."\n  family = "app"\n}\n');
    writeFileSync(join(dir, 'secret-scan.yaml'), 'version: 1\nsecrets: []\n');
    const run = runBuiltCli(['examples/complete', '--manifest', 'secret-scan.yaml', '--format', 'json', '--fail-on', 'never'], dir);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.ok(report.coverage.loaded.includes('main.tf'), JSON.stringify(report.coverage.loaded));
    const named = [...report.coverage.loaded, ...report.coverage.skipped.map((s) => s.file), ...report.findings.flatMap((f) => f.locations.map((l) => l.file))];
    assert.ok(report.findings.some((f) => f.locations.some((l) => l.file === 'main.tf')), 'the unresolved container definitions are an SS011 at main.tf');
    assert.deepEqual(named.filter((f) => f.startsWith('./')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
