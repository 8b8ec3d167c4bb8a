import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/api/scan.js';

// https://developer.hashicorp.com/terraform/language/functions/file: a policy kept in a JSON file
// next to the module and read with file() is the role's policy; the walker reads it for the loader.
test('a policy read with file() from a file the Terraform loader does not own grants what it says', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-tf-file-'));
  mkdirSync(join(dir, 'infra', 'policies'), { recursive: true });
  writeFileSync(join(dir, 'infra', 'main.tf'), `
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "read" {
  name   = "read"
  role   = aws_iam_role.app.id
  policy = file("\${path.module}/policies/read.json")
}
resource "aws_ssm_parameter" "db" {
  name  = "/app/db"
  type  = "String"
  value = "not-read"
}
`);
  writeFileSync(join(dir, 'infra', 'policies', 'read.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/*' }] }));
  writeFileSync(join(dir, 'secret-scan.yaml'), 'version: 1\naccounts: { default: "123456789012" }\n');
  const report = await scan({ paths: [dir], cwd: dir });
  const secret = report.secrets.find((s) => s.id === '/app/db');
  assert.deepEqual(secret?.readers.map((r) => r.principal), ['arn:aws:iam::123456789012:role/app']);
  assert.deepEqual(report.findings.filter((f) => f.ruleId === 'SS011'), []);
});
