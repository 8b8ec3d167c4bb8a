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

// A Vault Agent template rendered by templatefile() (hashicorp/vault-guides, vault-agent-ecs):
// `{{ with secret … }}` between JSON keys and `${…}` variables make it no JSON of its own. It is
// the template's text, listed as such, not a malformed input (SS011); the same text that is not
// read by the configuration stays a malformed input.
test('a JSON template that templatefile() renders is listed as a template, not a malformed input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-tf-template-'));
  mkdirSync(join(dir, 'app', 'templates'), { recursive: true });
  const template = '{\n  {{- with secret "${creds_path}" }}\n  "db": "user={{ .Data.username }} password={{ .Data.password }}",\n  {{- end }}\n  "bind_address": ":${port}"\n}\n';
  writeFileSync(join(dir, 'app', 'templates', 'conf.json'), template);
  writeFileSync(join(dir, 'app', 'templates', 'unused.json'), template);
  writeFileSync(join(dir, 'app', 'main.tf'), `
locals {
  agent_template = base64encode(templatefile("\${path.module}/templates/conf.json", { creds_path = "database/creds/app", port = 9090 }))
}
resource "aws_ssm_parameter" "agent_template" {
  name  = "/app/agent-template"
  type  = "String"
  value = local.agent_template
}
`);
  const report = await scan({ paths: [dir], cwd: dir });
  const skipped = Object.fromEntries(report.coverage.skipped.filter((s) => s.file.endsWith('.json')).map((s) => [s.file, s.reason]));
  assert.match(skipped['app/templates/conf.json'] ?? '', /^a template Terraform reads/);
  assert.match(skipped['app/templates/unused.json'] ?? '', /JSON/);
  const ss011Files = report.findings.filter((f) => f.ruleId === 'SS011').map((f) => f.locations[0]?.file);
  assert.deepEqual(ss011Files, ['app/templates/unused.json']);
});
