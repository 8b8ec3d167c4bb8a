import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadTerraformPlan } from '../../src/load/files/tfplan/index.js';

// https://developer.hashicorp.com/terraform/internals/json-format
const ctx = { region: 'eu-west-1', defaultAccount: '444455556666' };
const sample = readFileSync('test/unit/inputs/tfplan/ledger-plan.json', 'utf8');

describe('loadTerraformPlan: the shared ledger sample', () => {
  const result = loadTerraformPlan('infra/plan.json', sample, ctx);
  const f = result.fragment;

  test('is recognized and raises nothing', () => {
    assert.equal(result.recognized, true);
    assert.deepEqual(result.issues, []);
  });
  test('the role, with the inline policy joined through role = aws_iam_role.ledger_task.id (unknown in the plan)', () => {
    assert.deepEqual(f.principals?.map((p) => [p.arn, p.inlinePolicies.map((i) => i.id)]), [
      ['arn:aws:iam::444455556666:role/ledger-task', ['role/ledger-task inline ledger-read']],
    ]);
    const policy = f.principals?.[0]?.inlinePolicies[0];
    assert.deepEqual(policy?.source, { file: 'infra/plan.json', line: 95, pointer: 'aws_iam_role_policy.ledger_read' });
    assert.equal(policy?.statementSources?.length, 2);
    assert.equal(f.principals?.[0]?.trustPolicy?.id, 'role/ledger-task trust policy');
  });
  test('the task definition runs as the role task_role_arn refers to', () => {
    const td = f.taskDefinitions?.[0];
    assert.equal(td?.taskRoleArn, 'arn:aws:iam::444455556666:role/ledger-task');
    assert.equal(td?.executionRoleArn, 'arn:aws:iam::444455556666:role/ecs-task-execution');
    assert.deepEqual(td?.containers[0]?.secrets.map((s) => s.name), ['LEDGER_DB_PASSWORD', 'SMTP_PASSWORD']);
  });
  test('parameter metadata without its value; Vault policy and roles', () => {
    assert.deepEqual(f.ssmParameters?.map((p) => [p.arn, p.type, p.keyId]), [['arn:aws:ssm:eu-west-1:444455556666:parameter/ledger/db-password', 'SecureString', 'alias/ledger-secrets']]);
    assert.equal(JSON.stringify(result).includes('change-me'), false);
    assert.deepEqual(f.vaultPolicies?.map((p) => [p.name, p.rules.map((r) => r.path)]), [['ledger', ['secret/data/ledger/*']]]);
    assert.deepEqual(f.vaultAuthRoles?.map((r) => `${r.type}:${r.mount}/${r.name}`), ['approle:approle/ledger', 'aws:aws/mailer']);
    const aws = f.vaultAuthRoles?.[1];
    assert.deepEqual(aws?.type === 'aws' ? aws.boundIamPrincipalArn : [], ['arn:aws:iam::444455556666:role/mailer-task']);
  });
});

/** A minimal plan around resource changes and their configuration. */
function plan(changes: object[], config: object[] = [], extra: object = {}): string {
  return JSON.stringify({ format_version: '1.2', resource_changes: changes, configuration: { root_module: { resources: config } }, ...extra }, null, 2);
}
const change = (address: string, type: string, after: object, opts: { actions?: string[]; unknown?: object; sensitive?: object; mode?: string } = {}) => ({
  address, mode: opts.mode ?? 'managed', type, name: address.split('.').pop(),
  change: { actions: opts.actions ?? ['create'], before: null, after, after_unknown: opts.unknown ?? {}, after_sensitive: opts.sensitive ?? {} },
});

describe('loadTerraformPlan: plan shapes', () => {
  test('other JSON is not recognized; format_version 2 is recognized, reported and not read', () => {
    assert.equal(loadTerraformPlan('a.json', '{"Parameters": []}', ctx).recognized, false);
    const v2 = loadTerraformPlan('p.json', JSON.stringify({ format_version: '2.0', planned_values: {} }), ctx);
    assert.equal(v2.recognized, true);
    assert.deepEqual(v2.issues.map((i) => i.code), ['unsupportedFormatVersion']);
    assert.deepEqual(v2.fragment, {});
  });
  test('malformed plan JSON is one jsonParseError with its line', () => {
    const result = loadTerraformPlan('p.json', '{\n "format_version": "1.2",\n "resource_changes": [,]\n}', ctx);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['jsonParseError', 3]]);
  });
  test('an instance being deleted is not in the future state', () => {
    const text = plan([change('aws_iam_role.old', 'aws_iam_role', { name: 'old' }, { actions: ['delete'] }), change('aws_iam_role.new', 'aws_iam_role', { name: 'new' }, { actions: ['delete', 'create'] })]);
    assert.deepEqual(loadTerraformPlan('p.json', text, ctx).fragment.principals?.map((p) => p.name), ['new']);
  });
  test('child modules: references inside a module resolve to the instance in that module', () => {
    const text = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        { ...change('module.svc.aws_iam_role.task', 'aws_iam_role', { name: 'svc-task' }), module_address: 'module.svc' },
        { ...change('module.svc.aws_iam_role_policy.p', 'aws_iam_role_policy', { name: 'p', policy: '{"Statement":[]}' }, { unknown: { role: true } }), module_address: 'module.svc' },
      ],
      configuration: { root_module: { module_calls: { svc: { module: { resources: [
        { address: 'aws_iam_role_policy.p', mode: 'managed', type: 'aws_iam_role_policy', name: 'p', expressions: { role: { references: ['aws_iam_role.task.name', 'aws_iam_role.task'] } } },
      ] } } } } },
    });
    const result = loadTerraformPlan('p.json', text, ctx);
    assert.deepEqual(result.fragment.principals?.map((p) => [p.name, p.inlinePolicies.map((i) => i.id)]), [['svc-task', ['role/svc-task inline p']]]);
    assert.deepEqual(result.issues, []);
  });
  test('an unknown the configuration sets from a variable widens and names the references; computed attributes raise nothing', () => {
    const text = plan(
      [change('aws_s3_bucket_policy.p', 'aws_s3_bucket_policy', { bucket: 'b' }, { unknown: { policy: true, id: true } })],
      [{ address: 'aws_s3_bucket_policy.p', mode: 'managed', type: 'aws_s3_bucket_policy', name: 'p', expressions: { bucket: { constant_value: 'b' }, policy: { references: ['var.a', 'var.b'] } } }],
    );
    const result = loadTerraformPlan('p.json', text, ctx);
    assert.deepEqual(result.issues.map((i) => i.code), ['unresolvedExpression']);
    assert.match(result.issues[0]?.message ?? '', /var\.a, var\.b/);
    // The document is unknown as a whole: whoever it admits is one symbolic principal, not `*` (docs/semantics.md#symbolic-unknowns).
    assert.equal(result.fragment.buckets?.[0]?.policy?.document && JSON.stringify(result.fragment.buckets[0].policy.document).includes('"Principal":{"AWS":"unknown:'), true);
  });
  test('a sensitive attribute is never handed on: a sensitive policy widens, a sensitive value is dropped', () => {
    const text = plan([
      change('aws_ssm_parameter.p', 'aws_ssm_parameter', { name: 'p', type: 'SecureString', value: 'S3cr3t-value-xyz' }, { sensitive: { value: true } }),
      change('aws_iam_policy.q', 'aws_iam_policy', { name: 'q', policy: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::zz-private-marker/*"}]}' }, { sensitive: { policy: true } }),
    ]);
    const result = loadTerraformPlan('p.json', text, ctx);
    const out = JSON.stringify(result);
    assert.equal(out.includes('S3cr3t-value-xyz'), false);
    assert.equal(out.includes('zz-private-marker'), false);
    assert.deepEqual(result.issues.map((i) => i.code), ['unresolvedExpression']);
  });
  // https://registry.terraform.io/providers/hashicorp/vault/latest/docs#namespace-support: a resource is
  // created in its provider configuration's namespace, its own `namespace` relative to that one; the
  // root's default provider's namespace is the one the scan reads from (docs/semantics.md#vault-namespaces).
  test('Vault resources of an aliased provider with its own namespace are written below it; an unresolvable provider namespace is SS011', () => {
    const policy = (name: string) => ({ name, policy: 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n' });
    const resource = (address: string, key: string) => ({ address, mode: 'managed', type: 'vault_policy', name: address.split('.').pop(), provider_config_key: key, expressions: {} });
    const text = plan(
      [
        change('vault_policy.root', 'vault_policy', policy('root-read')),
        change('vault_policy.team', 'vault_policy', policy('team-read')),
        change('vault_policy.same', 'vault_policy', policy('same-read')),
        change('vault_policy.dyn', 'vault_policy', policy('dyn-read')),
      ],
      [resource('vault_policy.root', 'vault'), resource('vault_policy.team', 'vault.team_a'), resource('vault_policy.same', 'vault.admin'), resource('vault_policy.dyn', 'vault.dyn')],
      { configuration: {
        provider_config: {
          vault: { name: 'vault', full_name: 'registry.terraform.io/hashicorp/vault', expressions: { namespace: { constant_value: 'admin' } } },
          'vault.team_a': { name: 'vault', alias: 'team_a', expressions: { namespace: { constant_value: 'admin/team-a/' } } },
          'vault.admin': { name: 'vault', alias: 'admin', expressions: { namespace: { constant_value: 'admin' } } },
          'vault.dyn': { name: 'vault', alias: 'dyn', expressions: { namespace: { references: ['var.tenant'] } } },
        },
        root_module: { resources: [resource('vault_policy.root', 'vault'), resource('vault_policy.team', 'vault.team_a'), resource('vault_policy.same', 'vault.admin'), resource('vault_policy.dyn', 'vault.dyn')] },
      } },
    );
    const result = loadTerraformPlan('p.json', text, ctx);
    assert.deepEqual(result.fragment.vaultPolicies?.map((p) => [p.name, p.namespace, p.rules.map((r) => r.path)]), [
      ['root-read', undefined, ['secret/data/app/*']],
      ['team-read', 'team-a', ['team-a/secret/data/app/*']],
      ['same-read', undefined, ['secret/data/app/*']],
      ['dyn-read', undefined, ['secret/data/app/*']],
    ]);
    assert.deepEqual(result.issues.map((i) => i.code), ['unresolvedExpression']);
    assert.match(result.issues[0]?.message ?? '', /namespace of provider vault\.dyn \(var\.tenant\) cannot be resolved/);
  });
  test('a data source read during apply renders from its statement blocks, unknown parts resolved by reference', () => {
    const text = plan([
      change('aws_iam_role.app', 'aws_iam_role', { name: 'app' }),
      change('aws_kms_key.k', 'aws_kms_key', {}, { unknown: { key_id: true, arn: true, policy: true } }),
      change('data.aws_iam_policy_document.d', 'aws_iam_policy_document', { statement: [{ actions: ['kms:Decrypt'], resources: null, principals: [], condition: [] }] },
        { mode: 'data', actions: ['read'], unknown: { json: true, id: true, statement: [{ resources: true }] } }),
      change('aws_iam_role_policy.p', 'aws_iam_role_policy', { name: 'p', role: 'app' }, { unknown: { policy: true } }),
    ], [
      { address: 'aws_kms_key.k', mode: 'managed', type: 'aws_kms_key', name: 'k', expressions: {} },
      { address: 'data.aws_iam_policy_document.d', mode: 'data', type: 'aws_iam_policy_document', name: 'd', expressions: { statement: [{ actions: { constant_value: ['kms:Decrypt'] }, resources: { references: ['aws_kms_key.k.arn', 'aws_kms_key.k'] } }] } },
      { address: 'aws_iam_role_policy.p', mode: 'managed', type: 'aws_iam_role_policy', name: 'p', expressions: { policy: { references: ['data.aws_iam_policy_document.d.json', 'data.aws_iam_policy_document.d'] } } },
    ]);
    const result = loadTerraformPlan('p.json', text, ctx);
    const document = result.fragment.principals?.[0]?.inlinePolicies[0]?.document as { Statement: { Resource: unknown }[] };
    // Inferred from the plan's references only, so widened around the key ARN, and reported.
    assert.equal(document.Statement[0]?.Resource, '*arn:aws:kms:eu-west-1:444455556666:key/aws_kms_key.k*');
    assert.deepEqual(result.fragment.kmsKeys?.map((k) => [k.keyId, (k.policy?.document as { Id?: string }).Id]), [['aws_kms_key.k', 'key-default-1']]);
    assert.deepEqual(result.issues.map((i) => i.code), ['unresolvedExpression']);
  });
});
