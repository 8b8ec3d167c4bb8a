// The ledger Terraform sample (test/unit/inputs/terraform/ledger, a copy kept in the repository)
// loads to the objects the plan sample describes, each pointing at its .tf line; a broken file
// still loads what it can; an unresolved Resource widens with an SS011 naming the expression.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { terraformLoader } from '../../src/load/files/terraform/index.js';
import type { TextFile } from '../../src/load/files/file-loader.js';
import { mergeInventories } from '../../src/normalize/merge-inventories.js';

const CONTEXT = { defaultAccount: '444455556666', region: 'eu-west-1' };

function filesOf(dir: string): TextFile[] {
  const base = join('test/unit/inputs/terraform', dir);
  return readdirSync(base).sort().map((name) => ({ path: `${base}/${name}`, text: readFileSync(join(base, name), 'utf8') }));
}

describe('Terraform loader: the shared ledger sample', () => {
  const files = filesOf('ledger');
  const result = terraformLoader.loadAll(files, CONTEXT);
  const fragment = result.fragments[0] ?? {};
  const main = 'test/unit/inputs/terraform/ledger/main.tf';

  test('every file is loaded; the one issue says the parameter\'s value is written in the inputs (tfvars), never what it is', () => {
    assert.deepEqual(result.loaded.sort(), files.map((f) => f.path).sort());
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.file, i.source.line]), [['plaintextSecretInConfiguration', main, 61]]);
    assert.match(result.issues[0]?.message ?? '', /^aws_ssm_parameter\.ledger_db_password: value \(from var\.ledger_db_password\) is a secret's value written in the configuration/);
    assert.ok(!JSON.stringify(result).includes('FAKE-never-echo'));
  });

  test('role ledger-task, its trust policy and the policy-document statements at their lines', () => {
    const role = fragment.principals?.find((p) => p.name === 'ledger-task');
    assert.ok(role);
    assert.equal(role.arn, 'arn:aws:iam::444455556666:role/ledger-task');
    assert.deepEqual(role.source, { file: main, line: 24, column: 1, pointer: 'aws_iam_role.ledger_task' });
    assert.deepEqual(role.trustPolicy?.statementSources?.map((s) => s?.line), [28]);
    const inline = role.inlinePolicies.find((p) => p.id.endsWith('ledger-read'));
    assert.ok(inline);
    assert.equal(inline.source.line, 54);
    assert.deepEqual(inline.statementSources?.map((s) => s?.line), [34, 39]);
    const statements = (inline.document as { Statement: { Sid: string; Resource: string; Condition?: unknown }[] }).Statement;
    assert.deepEqual(statements.map((s) => s.Resource), [
      'arn:aws:ssm:eu-west-1:444455556666:parameter/ledger/*',
      'arn:aws:kms:eu-west-1:444455556666:key/5d0c7e42-9a1b-4f3e-8c27-b61f0a9d3e58',
    ]);
    assert.deepEqual(statements[1]?.Condition, { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } });
  });

  test('the parameter, without its value', () => {
    assert.deepEqual(fragment.ssmParameters?.map((p) => [p.name, p.type, p.keyId, p.source.line]), [['/ledger/db-password', 'SecureString', 'alias/ledger-secrets', 57]]);
    assert.ok(!JSON.stringify(result).includes('FAKE-never-echo'), 'the tfvars value of a sensitive variable is never handed on');
  });

  test('the task definition with its role and secrets', () => {
    const task = fragment.taskDefinitions?.[0];
    assert.equal(task?.family, 'ledger');
    assert.equal(task?.taskRoleArn, 'arn:aws:iam::444455556666:role/ledger-task');
    assert.equal(task?.executionRoleArn, 'arn:aws:iam::444455556666:role/ecs-task-execution');
    assert.deepEqual(task?.containers[0]?.secrets.map((s) => s.valueFrom), [
      'arn:aws:ssm:eu-west-1:444455556666:parameter/ledger/db-password',
      'arn:aws:secretsmanager:eu-west-1:444455556666:secret:mailer/smtp-Lm4Rt9:password::',
    ]);
  });

  test('the Vault policy (rules at their heredoc lines), AppRole and AWS-auth role', () => {
    const policy = fragment.vaultPolicies?.find((p) => p.name === 'ledger');
    assert.deepEqual(policy?.rules.map((r) => [r.path, r.capabilities, r.source.line]), [['secret/data/ledger/*', ['read', 'list'], 87]]);
    const approle = fragment.vaultAuthRoles?.find((r) => r.type === 'approle');
    assert.deepEqual([approle?.name, approle?.mount, approle?.tokenPolicies], ['ledger', 'approle', ['ledger']]);
    const aws = fragment.vaultAuthRoles?.find((r) => r.type === 'aws');
    assert.deepEqual(aws && 'boundIamPrincipalArn' in aws ? aws.boundIamPrincipalArn : undefined, ['arn:aws:iam::444455556666:role/mailer-task']);
  });

  test('merges into an inventory like any other fragment', () => {
    const inventory = mergeInventories(result.fragments, result.loaded, result.issues);
    assert.equal(inventory.principals.length, 1);
  });
});

describe('Terraform loader: bad input', () => {
  const result = terraformLoader.loadAll(filesOf('broken'), CONTEXT);
  const fragment = result.fragments[0] ?? {};

  test('a syntax error is an hclParseError at its line, and the rest still loads', () => {
    const parse = result.issues.filter((i) => i.code === 'hclParseError');
    assert.ok(parse.length > 0);
    assert.ok(parse.every((i) => i.source.file.endsWith('broken/main.tf') && (i.source.line ?? 0) >= 7 && (i.source.line ?? 0) <= 8), JSON.stringify(parse));
    assert.ok(fragment.principals?.some((p) => p.name === 'still-loaded'));
  });

  test('an unset variable in a Resource widens to its pattern and raises unresolvedExpression naming it', () => {
    const role = fragment.principals?.find((p) => p.name === 'still-loaded');
    const policy = role?.inlinePolicies[0];
    const statement = (policy?.document as { Statement: { Resource: string }[] }).Statement[0];
    assert.equal(statement?.Resource, 'arn:aws:s3:::*/*');
    const unresolved = result.issues.find((i) => i.code === 'unresolvedExpression');
    assert.ok(unresolved?.message.includes('${var.bucket}'), unresolved?.message);
    assert.equal(unresolved?.source.line, 15);
  });
});
