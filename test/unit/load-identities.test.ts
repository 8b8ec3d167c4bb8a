import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inferIdentityFromDumps, partitionOf, resolveScanIdentity, SYMBOLIC_ACCOUNT } from '../../src/load/identity/account-identity.js';
import { terraformJsonAsHcl } from '../../src/load/files/terraform/tf-json.js';
import { renderVaultPolicyDocument } from '../../src/load/files/terraform-resources/render-vault-policy-document.js';
import { renderPolicyDocument } from '../../src/load/files/terraform-resources/render-policy-document.js';
import { evaluateTerraformFiles } from '../../src/load/files/terraform/terraform-loader.js';
import { loadTerraformPlan } from '../../src/load/files/tfplan/index.js';
import { loadCloudFormationTemplate } from '../../src/load/files/cloudformation/load-cloudformation.js';
import { settled } from '../support/settle-fragment.js';
import { parseVaultPolicy } from '../../src/load/files/vault/parse-vault-policy.js';

describe('identity from the inputs (README "How identities are resolved")', () => {
  const dump = (arn: string): string => JSON.stringify({ RoleDetailList: [{ Arn: arn, AssumeRolePolicyDocument: { Statement: [{ Principal: { AWS: 'arn:aws:iam::777777777777:root' } }] } }] });
  test('one account named by every resource ARN is the account; policy principals do not count', () => {
    const found = inferIdentityFromDumps([{ path: 'aws/iam/x.json', text: dump('arn:aws:iam::111122223333:role/a') }]);
    assert.equal(found.account, '111122223333');
    assert.deepEqual(found.evidence, ['aws/iam/x.json']);
  });
  test('two accounts: none inferred, the symbolic account stands in', () => {
    const files = [{ path: 'a.json', text: dump('arn:aws:iam::111122223333:role/a') }, { path: 'b.json', text: dump('arn:aws:iam::444455556666:role/b') }];
    assert.equal(inferIdentityFromDumps(files).account, undefined);
    assert.deepEqual(resolveScanIdentity({ region: 'us-east-1' }, files), { account: SYMBOLIC_ACCOUNT, accountFrom: 'symbolic', region: 'us-east-1', regionFrom: 'default' });
  });
  test('the manifest wins; templates and plans are not dumps', () => {
    const files = [{ path: 'a.json', text: dump('arn:aws:iam::111122223333:role/a') }];
    assert.equal(resolveScanIdentity({ defaultAccount: '999999999999', region: 'eu-west-1', regionDeclared: true }, files).account, '999999999999');
    assert.equal(inferIdentityFromDumps([{ path: 't.json', text: `{"AWSTemplateFormatVersion": "2010-09-09", "X": ${dump('arn:aws:iam::111122223333:role/a')}}` }]).account, undefined);
  });
  test('a JSON file the scan does not read (a SAM sample event, a state machine) names no account', () => {
    const event = JSON.stringify({ Records: [{ EventSource: 'aws:sns', EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:topic:6f2a', Sns: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:topic' } }] });
    const machine = JSON.stringify({ StartAt: 'Resize', States: { Resize: { Type: 'Task', FunctionArn: 'arn:aws:lambda:eu-west-1:571724487590:function:resize', End: true } } });
    const found = inferIdentityFromDumps([{ path: 'events/sns-event.json', text: event }, { path: 'stepfunction.json', text: machine }]);
    assert.equal(found.account, undefined);
    assert.deepEqual(found.evidence, []);
  });
  test('the partition follows the region', () => {
    assert.deepEqual(partitionOf('cn-north-1'), { partition: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' });
    assert.equal(partitionOf('us-gov-west-1').partition, 'aws-us-gov');
    assert.equal(partitionOf('eu-west-1').partition, 'aws');
  });
});

describe('Terraform: providers, data sources, JSON syntax', () => {
  const context = { region: 'us-east-1' };
  test('provider alias and assume_role place a resource; providers = {} passes the alias into a module', () => {
    const files = [
      { path: 'main.tf', text: 'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n  assume_role {\n    role_arn = "arn:aws:iam::111122223333:role/tf"\n  }\n}\nresource "aws_ssm_parameter" "a" {\n  provider = aws.west\n  name = "/a"\n}\nmodule "m" {\n  source = "./m"\n  providers = { aws = aws.west }\n}\nresource "aws_ssm_parameter" "b" {\n  name = "/b"\n}\n' },
      { path: 'm/main.tf', text: 'resource "aws_ssm_parameter" "c" {\n  name = "/c"\n}\n' },
    ];
    const { resources } = evaluateTerraformFiles(files, context);
    const place = Object.fromEntries(resources.map((r) => [r.address, r.place]));
    assert.deepEqual(place['aws_ssm_parameter.a'], { region: 'us-west-2', account: '111122223333', provider: 'aws.west' });
    assert.deepEqual(place['module.m.aws_ssm_parameter.c'], { region: 'us-west-2', account: '111122223333', provider: 'aws' });
    assert.equal(place['aws_ssm_parameter.b'], undefined);
  });
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs#region: the region resources are
  // created in. One the inputs cannot resolve is said (SS011), with the region the scan reads them in.
  test('provider region from a variable without a value: one SS011 at the provider block, the scan\'s region assumed', () => {
    const files = [{ path: 'main.tf', text: 'variable "region" {\n  type = string\n}\nprovider "aws" {\n  region = var.region\n}\nresource "aws_ssm_parameter" "a" {\n  name = "/a"\n}\n' }];
    const { resources, issues } = evaluateTerraformFiles(files, context);
    const found = issues.filter((i) => /region = var\.region/.test(i.message));
    assert.deepEqual(found.map((i) => [i.code, i.source.file, i.source.line]), [['unresolvedExpression', 'main.tf', 4]]);
    assert.match(found[0]?.message ?? '', /read as in us-east-1, the scan's region/);
    assert.equal(resources.find((r) => r.address === 'aws_ssm_parameter.a')?.place?.region, undefined);
  });
  test('data.aws_caller_identity gives the symbolic account when nothing names one', () => {
    const files = [{ path: 'main.tf', text: 'data "aws_caller_identity" "c" {}\nresource "aws_ssm_parameter" "p" {\n  name = "/x/${data.aws_caller_identity.c.account_id}"\n}\n' }];
    const { resources } = evaluateTerraformFiles(files, context);
    assert.equal(resources.find((r) => r.type === 'aws_ssm_parameter')?.values['name'], `/x/${SYMBOLIC_ACCOUNT}`);
  });
  test('.tf.json: arguments on their JSON lines, templates kept, "//" comments dropped', () => {
    const json = '{\n  "//": "x",\n  "resource": {\n    "aws_iam_role": {\n      "r": {\n        "name": "app-${var.env}",\n        "assume_role_policy": "${jsonencode({\\"a\\" = 1})}"\n      }\n    }\n  }\n}\n';
    const { hcl, errors } = terraformJsonAsHcl(json);
    assert.deepEqual(errors, []);
    const lines = hcl.split('\n');
    assert.equal(lines[4], 'resource "aws_iam_role" "r" {');
    assert.equal(lines[5], 'name = "app-${var.env}"');
    assert.equal(lines[6], 'assume_role_policy = "${jsonencode({"a" = 1})}"');
    assert.ok(terraformJsonAsHcl('{"resource": [').errors.length > 0);
  });
  test('aws_iam_policy_document: override_policy_documents replace by Sid, after the document\'s own statements', () => {
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
    const source = JSON.stringify({ Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'B', Effect: 'Allow', Action: 'x:Y', Resource: '*' }] });
    const override = JSON.stringify({ Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
    const doc = renderPolicyDocument({ source_policy_documents: [source], statement: [{ sid: 'B', actions: ['z:W'], resources: ['*'] }], override_policy_documents: [override] });
    assert.deepEqual((doc['Statement'] as { Sid: string; Resource?: string; Action?: string }[]).map((s) => [s.Sid, s.Action, s.Resource]), [['A', 's3:GetObject', 'arn:aws:s3:::b/*'], ['B', 'z:W', '*']]);
  });
  test('vault_policy_document renders rules the Vault parser reads back', () => {
    // https://registry.terraform.io/providers/hashicorp/vault/latest/docs/data-sources/policy_document
    const hcl = renderVaultPolicyDocument({ rule: [
      { path: 'secret/data/a/*', capabilities: ['read'], description: 'a', allowed_parameter: [{ key: 'v', value: ['1'] }], max_wrapping_ttl: '1h' },
      { path: 'secret/data/a/b', capabilities: ['deny'] },
    ] }, 'x');
    assert.equal(typeof hcl, 'string');
    assert.match(hcl as string, /path "secret\/data\/a\/\*" \{\n {2}capabilities = \["read"\]\n {2}allowed_parameters = \{\n {4}"v" = \["1"\]\n {2}\}\n {2}max_wrapping_ttl = "1h"\n\}/);
    const parsed = parseVaultPolicy(hcl as string, 'a', 'a.hcl');
    assert.deepEqual(parsed.issues, []);
    assert.equal(parsed.policy.rules.length, 2);
    assert.deepEqual(renderVaultPolicyDocument({ rule: [{ path: { unknown: true, expression: 'var.p' }, capabilities: ['read'] }] }, 'd.hcl'), { unknown: true, expression: 'd.hcl (rule 0 path not known)' });
  });
});

describe('plans and templates', () => {
  test('plan format_version 0.1 and 0.2 are read; 2.0 is refused', () => {
    for (const version of ['0.1', '0.2', '1.2']) {
      const plan = JSON.stringify({ format_version: version, planned_values: { root_module: { resources: [{ address: 'aws_ssm_parameter.p', mode: 'managed', type: 'aws_ssm_parameter', name: 'p', values: { name: '/p', type: 'String' } }] } } });
      const loaded = loadTerraformPlan('p.json', plan, { region: 'us-east-1', defaultAccount: '123456789012' });
      assert.deepEqual(loaded.issues, [], version);
      assert.equal(loaded.fragment.ssmParameters?.[0]?.arn, 'arn:aws:ssm:us-east-1:123456789012:parameter/p', version);
    }
    const refused = loadTerraformPlan('p.json', JSON.stringify({ format_version: '2.0', planned_values: {} }), { region: 'us-east-1' });
    assert.deepEqual(refused.issues.map((i) => i.code), ['unsupportedFormatVersion']);
  });
  test('SAM: the generated role carries the expanded template; Role replaces it; a nested stack raises one issue', () => {
    const template = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Policies:',
      '        - SSMParameterReadPolicy:',
      '            ParameterName: app/db',
      '        - AmazonS3ReadOnlyAccess',
      '  Other:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Role: arn:aws:iam::123456789012:role/existing',
      '  Nested:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      '      TemplateURL: https://example.com/t.yaml',
    ].join('\n');
    const loaded = settled(loadCloudFormationTemplate('t.yaml', template, { region: 'eu-west-1', defaultAccount: '123456789012' }));
    const roles = loaded.fragment.principals ?? [];
    assert.deepEqual(roles.map((r) => r.name), ['*-FnRole-*']);
    const role = roles[0];
    assert.deepEqual(role?.attachedPolicyArns, ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
    const document = role?.inlinePolicies[0]?.document as { Statement: { Resource: unknown }[] } | undefined;
    assert.deepEqual(document?.Statement.map((s) => s.Resource), ['*', 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db']);
    assert.equal(role?.inlinePolicies[0]?.source?.line, 7);
    const nested = loaded.issues.filter((i) => i.code === 'nestedStackNotLoaded');
    assert.equal(nested.length, 1);
    assert.match(nested[0]?.message ?? '', /https:\/\/example\.com\/t\.yaml/);
  });
});
