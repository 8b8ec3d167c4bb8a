// `source_policy_documents` built with a conditional whose branches are known lists
// (`concat([a.json], var.x ? [b.json] : [])`): every document it may hold counts, a document of only
// some choices conditionally; before, the whole list was unknown and the role allowed everything
// (https://developer.hashicorp.com/terraform/language/expressions/conditionals;
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document#source_policy_documents).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/api/scan.js';

const TERRAFORM = `
variable "with_exports" { type = bool }
resource "aws_ssm_parameter" "token" {
  name  = "/reports/token"
  type  = "SecureString"
  value = "x"
}
data "aws_iam_policy_document" "query" {
  statement {
    actions   = ["athena:StartQueryExecution"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "exports" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::report-exports/*"]
  }
}
data "aws_iam_policy_document" "reporter" {
  source_policy_documents = concat(
    [data.aws_iam_policy_document.query.json],
    var.with_exports ? [data.aws_iam_policy_document.exports.json] : [],
  )
}
resource "aws_iam_role" "reporter" {
  name               = "reporter"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "reporter" {
  role   = aws_iam_role.reporter.id
  policy = data.aws_iam_policy_document.reporter.json
}
`;

test('a conditional list of policy documents grants what each choice grants, the optional ones conditionally, and nothing else', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'conditional-documents-'));
  writeFileSync(join(dir, 'main.tf'), TERRAFORM);
  writeFileSync(join(dir, 'secret-scan.yaml'), 'version: 1\naccounts: { default: "123456789012" }\nsecrets:\n  - { id: export, s3: s3://report-exports/daily.csv }\n');
  const report = await scan({ paths: [dir], cwd: dir, today: '2026-01-01' });
  const readers = (resource: string): Record<string, boolean> =>
    Object.fromEntries((report.secrets.find((s) => s.resource === resource)?.readers ?? []).map((r) => [r.principal, r.conditional]));
  // The parameter: no document grants ssm:*, so the role is no reader (it was a conditional one).
  assert.deepEqual(readers('/reports/token'), {});
  // The export bucket: only when the variable includes the document, so conditionally.
  assert.deepEqual(readers('s3://report-exports/daily.csv'), { 'arn:aws:iam::123456789012:role/reporter': true });
});
