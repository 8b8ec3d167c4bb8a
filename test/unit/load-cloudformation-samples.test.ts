// The ledger template (test/unit/inputs/cloudformation/ledger.yaml, a copy kept in the repository
// with its AWS CLI siblings) and a CDK-synthesized template of the same service load to the
// inventory the AWS CLI samples describe, with a line for every policy and statement.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cloudFormationLoader } from '../../src/load/files/cloudformation/index.js';
import type { IamPrincipal } from '../../src/model/inventory.js';
import { settled } from '../support/settle-fragment.js';

const context = { defaultAccount: '444455556666', region: 'eu-west-1' };
function load(file: string) {
  const path = `test/unit/inputs/cloudformation/${file}`;
  assert.ok(cloudFormationLoader.wantsPath(path));
  return settled(cloudFormationLoader.load(path, readFileSync(path, 'utf8'), context));
}
function role(principals: IamPrincipal[] | undefined, arn: string): IamPrincipal {
  const found = principals?.find((p) => p.arn === arn);
  assert.ok(found, `role ${arn} in ${JSON.stringify(principals?.map((p) => p.arn))}`);
  return found;
}

describe('ledger.yaml (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html)', () => {
  const result = load('ledger.yaml');
  const { fragment } = result;

  test('is recognized', () => assert.equal(result.recognized, true));

  test('ledger-task: its trust policy and inline policy, with lines', () => {
    const task = role(fragment.principals, 'arn:aws:iam::444455556666:role/ledger-task');
    assert.deepEqual(task.trustPolicy?.document, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    assert.equal(task.inlinePolicies.length, 1);
    const [inline] = task.inlinePolicies;
    assert.equal(inline?.id, 'role/ledger-task inline ledger-config-read');
    assert.deepEqual(inline?.document, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ledger-config-444455556666/ledger/*' }] });
    assert.deepEqual(inline?.statementSources?.map((s) => s?.line), [47]);
    assert.equal(inline?.source.line, 44);
  });

  test('ExecutionRole has a generated name: a stand-in ARN, the managed policy, and ExecutionSecretsPolicy', () => {
    const exec = role(fragment.principals, 'arn:aws:iam::444455556666:role/*-ExecutionRole-*');
    assert.deepEqual(exec.attachedPolicyArns, ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy']);
    const [policy] = exec.inlinePolicies;
    assert.equal(policy?.id, 'role/*-ExecutionRole-* inline fetch-ledger-secrets');
    assert.deepEqual((policy?.document as { Statement: { Resource: string }[] }).Statement.map((s) => s.Resource), [
      'arn:aws:ssm:eu-west-1:444455556666:parameter/ledger/*',
      'arn:aws:secretsmanager:eu-west-1:444455556666:secret:mailer/smtp-Lm4Rt9',
      // The key id is assigned at create: the grant names this key's stand-in, which no other key matches (docs/semantics.md#symbolic-unknowns).
      'arn:aws:kms:eu-west-1:444455556666:key/<LedgerKey>',
    ]);
    assert.deepEqual(policy?.statementSources?.map((s) => s?.line), [71, 74, 77]);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['generatedName', 13], ['generatedName', 51]]);
  });

  test('the key and its key policy: the execution role is named by its stand-in ARN', () => {
    assert.equal(fragment.kmsKeys?.length, 1);
    const key = fragment.kmsKeys?.[0];
    assert.equal(key?.keyId, '<LedgerKey>');
    const statements = (key?.policy?.document as { Statement: unknown[] }).Statement;
    assert.deepEqual(statements[0], { Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:*', Resource: '*' });
    assert.deepEqual(statements[1], {
      Sid: 'ExecutionRoleDecrypts', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/*-ExecutionRole-*' }, Action: 'kms:Decrypt', Resource: '*',
    });
    assert.deepEqual(key?.policy?.statementSources?.map((s) => s?.line), [21, 26]);
  });

  test('the parameter, without its value', () => {
    assert.deepEqual(fragment.ssmParameters?.map((p) => [p.name, p.arn, p.type]), [['/ledger/log-level', 'arn:aws:ssm:eu-west-1:444455556666:parameter/ledger/log-level', 'String']]);
    assert.ok(!JSON.stringify(fragment).includes('"info"'));
  });

  test('the task definition with its roles and two secrets', () => {
    const [task] = fragment.taskDefinitions ?? [];
    assert.equal(task?.family, 'ledger');
    assert.equal(task?.taskRoleArn, 'arn:aws:iam::444455556666:role/ledger-task');
    assert.equal(task?.executionRoleArn, 'arn:aws:iam::444455556666:role/*-ExecutionRole-*');
    assert.deepEqual(task?.containers[0]?.secrets.map((s) => [s.name, s.valueFrom, s.source.line]), [
      ['LEDGER_DB_PASSWORD', 'arn:aws:ssm:eu-west-1:444455556666:parameter/ledger/db-password', 106],
      ['SMTP_PASSWORD', 'arn:aws:secretsmanager:eu-west-1:444455556666:secret:mailer/smtp-Lm4Rt9:password::', 108],
    ]);
  });
});

describe('CDK-synthesized template (https://docs.aws.amazon.com/cdk/v2/guide/apps.html)', () => {
  const result = load('LedgerStack.template.json');
  const { fragment } = result;

  test('is recognized without AWSTemplateFormatVersion', () => assert.equal(result.recognized, true));

  test('the default policy attaches to the task role through Ref; Fn::Join and Fn::GetAtt arrays resolve', () => {
    const task = role(fragment.principals, 'arn:aws:iam::444455556666:role/ledger-task');
    const [policy] = task.inlinePolicies;
    assert.equal(policy?.id, 'role/ledger-task inline LedgerTaskRoleDefaultPolicy5C3E8D21');
    const statements = (policy?.document as { Statement: { Resource: unknown }[] }).Statement;
    assert.deepEqual(statements[0]?.Resource, ['arn:aws:s3:::ledger-config-444455556666', 'arn:aws:s3:::ledger-config-444455556666/ledger/*']);
    assert.equal(statements[1]?.Resource, 'arn:aws:ssm:eu-west-1:444455556666:parameter/ledger/db-password');
    assert.ok((policy?.statementSources?.[1]?.line ?? 0) > (policy?.statementSources?.[0]?.line ?? 0));
  });

  test('bucket policy, task definition with hashed logical ids', () => {
    assert.deepEqual(fragment.buckets?.map((b) => [b.name, (b.policy?.document as { Statement: unknown[] }).Statement.length]), [['ledger-config-444455556666', 1]]);
    const [task] = fragment.taskDefinitions ?? [];
    assert.equal(task?.executionRoleArn, 'arn:aws:iam::444455556666:role/*-LedgerTaskDef3A7C9E55ExecutionRoleF1B2C3D4-*');
    assert.equal(task?.containers[0]?.secrets[0]?.valueFrom, 'arn:aws:ssm:eu-west-1:444455556666:parameter/ledger/db-password');
  });

  test('only the generated execution role name is reported (CDK metadata and bootstrap rules change nothing)', () => {
    assert.deepEqual(result.issues.map((i) => i.code), ['generatedName']);
  });
});
