// A secret whose ARN names an account no input lists, in a scan that says nowhere which account it
// deploys into: its readers in the symbolic account cannot match it, and the report says so on the
// secret rather than showing an empty reader list that looks safe (docs/semantics.md#identities).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/api/scan.js';

const TERRAFORM = `
resource "aws_iam_role" "exec" {
  name               = "app-exec"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }] })
}
resource "aws_ecs_task_definition" "app" {
  family             = "app"
  execution_role_arn = aws_iam_role.exec.arn
  container_definitions = jsonencode([{
    name    = "app"
    image   = "app:1"
    secrets = [{ name = "DB_PASSWORD", valueFrom = "arn:aws:ssm:eu-west-1:111111111111:parameter/app/db" }]
  }])
}
`;

async function scanWith(files: Record<string, string>): Promise<Awaited<ReturnType<typeof scan>>> {
  const dir = mkdtempSync(join(tmpdir(), 'unlisted-account-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return scan({ paths: [dir], cwd: dir, today: '2026-01-01' });
}

test('without a known account, a secret in an unlisted 12-digit account carries a note naming it', async () => {
  const report = await scanWith({ 'main.tf': TERRAFORM });
  const secret = report.secrets.find((s) => s.resource === '/app/db');
  assert.ok(secret, report.secrets.map((s) => s.resource).join(', '));
  assert.ok((secret.notes ?? []).some((n) => /names account 111111111111, which no input lists/.test(n)), (secret.notes ?? []).join('\n'));
});

test('with the account named by the manifest, no such note', async () => {
  const report = await scanWith({ 'main.tf': TERRAFORM, 'secret-scan.yaml': 'version: 1\naccounts: { default: "111111111111", region: eu-west-1 }\n' });
  const secret = report.secrets.find((s) => s.resource === '/app/db');
  assert.ok(secret);
  assert.ok(!(secret.notes ?? []).some((n) => /which no input lists/.test(n)), (secret.notes ?? []).join('\n'));
});

test('with no principal in the symbolic account (a provider names the account), no such note', async () => {
  const bucketOnly = `
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}
resource "aws_s3_bucket" "params" { bucket = "acme-shared-params" }
`;
  const report = await scanWith({ 'main.tf': bucketOnly, 'secret-scan.yaml': 'version: 1\nsecrets:\n  - { id: params, s3: s3://acme-shared-params/prod/db.json }\n' });
  const secret = report.secrets.find((s) => s.id === 'params');
  assert.ok(secret, report.secrets.map((s) => s.id).join(', '));
  assert.ok(!(secret.notes ?? []).some((n) => /which no input lists/.test(n)), (secret.notes ?? []).join('\n'));
});

test('a grant on a secret of an unlisted 12-digit account, while the scan account is symbolic, raises one SS011 naming it', async () => {
  const grantsLiteral = `
resource "aws_secretsmanager_secret" "key" { name = "prod/api-key" }
resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.worker.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/*" }] })
}
`;
  const report = await scanWith({ 'main.tf': grantsLiteral });
  const notes = report.findings.filter((f) => f.ruleId === 'SS011' && /account 111111111111, which no input lists/.test(f.message));
  assert.equal(notes.length, 1, report.findings.map((f) => f.message).join('\n'));
  const withAccount = await scanWith({ 'main.tf': grantsLiteral, 'secret-scan.yaml': 'version: 1\naccounts: { default: "111111111111", region: us-east-1 }\n' });
  assert.ok(!withAccount.findings.some((f) => /which no input lists/.test(f.message)));
  assert.deepEqual(withAccount.secrets.find((s) => s.resource === 'prod/api-key')?.readers.map((r) => r.principal), ['arn:aws:iam::111111111111:role/worker']);
});
