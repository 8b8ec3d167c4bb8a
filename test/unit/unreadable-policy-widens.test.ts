// A policy whose text cannot be read widens; it never drops out (docs/semantics.md#unknowns).
// The policy exists (a dump lists it) or will exist in some version (Terraform, CloudFormation and
// Vault refuse to apply a broken one, leaving the earlier, unknown version in place), so what it
// grants is unknown: its holders become conditional readers, named by an SS011. Found by the
// whole-scan fuzz target (fuzz/scan-target.ts), where a broken template dropped a role's only grant.
// Vault: a policy Vault refuses is not written (https://developer.hashicorp.com/vault/docs/concepts/policies#managing-policies).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scan } from '../../src/api/scan.js';
import type { Report } from '../../src/model/report.js';

const ACCOUNT = '123456789012';
const manifest = (secrets: string): string => `version: 1\naccounts: { default: '${ACCOUNT}', region: us-east-1 }\nsecrets:\n${secrets}`;

async function scanFiles(files: Record<string, string>): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), 'unreadable-policy-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return scan({ paths: [dir], cwd: dir, today: '2026-01-01' });
}

function readersOf(report: Report, id: string): Record<string, boolean> {
  const secret = report.secrets.find((s) => s.id === id);
  assert.ok(secret, `secret ${id} in ${report.secrets.map((s) => s.id).join(', ')}`);
  return Object.fromEntries(secret.readers.map((r) => [r.principal, r.conditional]));
}

const gaps = (report: Report): string => report.findings.filter((f) => f.ruleId === 'SS011').map((f) => f.message).join('\n');
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app-task`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

test('Terraform: an inline policy that is not JSON makes its role a conditional reader', async () => {
  const report = await scanFiles({
    'main.tf': `resource "aws_iam_role" "app" {\n  name = "app-task"\n  assume_role_policy = <<EOT\n${TRUST}\nEOT\n}\n\nresource "aws_iam_role_policy" "app" {\n  name   = "read"\n  role   = aws_iam_role.app.id\n  policy = "{ \\"Version\\": \\"2012-10-17\\", \\"Statement\\": [ {"\n}\n\nresource "aws_ssm_parameter" "db" {\n  name = "/app/db"\n  type = "SecureString"\n  value = "x"\n}\n`,
    'secret-scan.yaml': manifest('  - { id: db, ssm: /app/db, owners: [role/app-task] }\n'),
  });
  assert.deepEqual(readersOf(report, 'db'), { [ROLE]: true });
  assert.match(gaps(report), /policy is not a JSON policy document .*taken to allow everything, conditionally/);
});

test('AWS CLI dump: an inline policy document that cannot be decoded makes its role a conditional reader', async () => {
  const details = {
    UserDetailList: [], GroupDetailList: [], Policies: [], IsTruncated: false,
    RoleDetailList: [{
      Path: '/', RoleName: 'app-task', RoleId: 'AROAEXAMPLE', Arn: ROLE, AssumeRolePolicyDocument: JSON.parse(TRUST) as unknown,
      RolePolicyList: [{ PolicyName: 'read', PolicyDocument: '%7B%22Version%22%3A%zz' }], AttachedManagedPolicies: [], InstanceProfileList: [], Tags: [],
    }],
  };
  const parameters = { Parameters: [{ Name: 'app.db', ARN: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app.db`, Type: 'SecureString', KeyId: 'alias/aws/ssm' }] };
  const report = await scanFiles({
    'aws/iam/get-account-authorization-details.json': JSON.stringify(details),
    'aws/ssm/describe-parameters.json': JSON.stringify(parameters),
    'secret-scan.yaml': manifest('  - { id: db, ssm: app.db, owners: [role/app-task] }\n'),
  });
  assert.deepEqual(readersOf(report, 'db'), { [ROLE]: true });
  assert.match(gaps(report), /role\/app-task.*cannot read the policy document.*taken to allow everything, conditionally/s);
});

test('CloudFormation: a PolicyDocument that is not an object makes its role a conditional reader', async () => {
  const report = await scanFiles({
    'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: app/db\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: app-task\n      AssumeRolePolicyDocument: ${TRUST}\n      Policies:\n        - PolicyName: read\n          PolicyDocument: "not json"\n`,
    'secret-scan.yaml': manifest('  - { id: db, secretsmanager: app/db, owners: [role/app-task] }\n'),
  });
  assert.deepEqual(readersOf(report, 'db'), { [ROLE]: true });
  assert.match(gaps(report), /the policy document is not an object; it is taken to allow everything, conditionally/);
});

test('Vault: a policy with syntax errors keeps the rules it could read and may grant more, conditionally', async () => {
  const report = await scanFiles({
    'main.tf': [
      `resource "aws_iam_role" "app" {\n  name = "app-task"\n  assume_role_policy = <<EOT\n${TRUST}\nEOT\n}\n`,
      'resource "vault_policy" "app" {\n  name   = "app"\n  policy = <<EOT\npath "secret/data/app/db" {\n  capabilities = ["read"]\n}\npath "secret/data/app/api" {\n  capabilities = ["read"\n}\nEOT\n}\n',
      'resource "vault_aws_auth_backend_role" "app" {\n  backend = "aws"\n  role = "app"\n  auth_type = "iam"\n  bound_iam_principal_arns = [aws_iam_role.app.arn]\n  token_policies = [vault_policy.app.name]\n}\n',
    ].join('\n'),
    'secret-scan.yaml': manifest('  - { id: db, vault: secret/data/app/db, owners: [role/app-task] }\n  - { id: other, vault: secret/data/other/token, owners: [role/app-task] }\n'),
  });
  // The rule read in full still grants; what the broken part (or the earlier version) may grant is conditional.
  assert.deepEqual(readersOf(report, 'db'), { [ROLE]: false });
  assert.deepEqual(readersOf(report, 'other'), { [ROLE]: true });
  const other = report.secrets.find((s) => s.id === 'other');
  assert.match(JSON.stringify(other?.readers[0]?.via), /policy app not read in full/);
});

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-policy.html#cfn-iam-policy-policydocument
// (a Json property may be given as a JSON string): text that is JSON is read, not widened.
test('CloudFormation: a PolicyDocument written as JSON text is read as the document it holds', async () => {
  const report = await scanFiles({
    'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: app/db\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: app-task\n      AssumeRolePolicyDocument: '${TRUST}'\n      Policies:\n        - PolicyName: read\n          PolicyDocument: !Sub '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:app/*"}]}'\n  Other:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: other\n      AssumeRolePolicyDocument: '${TRUST}'\n      Policies:\n        - PolicyName: logs\n          PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]}'\n`,
    'secret-scan.yaml': manifest('  - { id: db, secretsmanager: app/db, owners: [role/app-task] }\n'),
  });
  assert.deepEqual(readersOf(report, 'db'), { [ROLE]: false });
  assert.equal(gaps(report), '');
});

// An unreadable part of a statement that cannot concern a read (src/load/access-actions.ts) widens
// nothing that matters, so it is no gap (docs/semantics.md#unknowns); in a read statement it is one.
// Condition operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
test('AWS CLI dump: an unknown condition operator is an SS011 in a read statement, and none in a queue statement', async () => {
  const statement = (action: string): unknown => ({ Effect: 'Allow', Action: action, Resource: '*', Condition: { StringEqualsSometimes: { 'aws:SourceVpc': 'vpc-1' } } });
  const details = {
    UserDetailList: [], GroupDetailList: [], Policies: [], IsTruncated: false,
    RoleDetailList: [{
      Path: '/', RoleName: 'app-task', RoleId: 'AROAEXAMPLE', Arn: ROLE, AssumeRolePolicyDocument: JSON.parse(TRUST) as unknown,
      RolePolicyList: [{ PolicyName: 'work', PolicyDocument: { Version: '2012-10-17', Statement: [statement('sqs:SendMessage'), statement('ssm:GetParameter')] } }],
      AttachedManagedPolicies: [],
    }],
  };
  const report = await scanFiles({
    'aws/iam/get-account-authorization-details.json': JSON.stringify(details, null, 2),
    'secret-scan.yaml': manifest('  - { id: db, ssm: /app/db, owners: [role/app-task] }\n'),
  });
  const unknownOperator = report.findings.filter((f) => f.ruleId === 'SS011' && /unknown condition operator/.test(f.message));
  assert.equal(unknownOperator.length, 1, gaps(report));
  assert.match(unknownOperator[0]?.message ?? '', /statement 2 of an inline policy/);
});
