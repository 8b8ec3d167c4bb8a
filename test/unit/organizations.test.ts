// Organizations inputs → SCP placement: the CLI dumps and their file-name conventions, the
// Terraform resources, and the levels/possible SCPs the graph hands the IAM engine.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAwsCliFile } from '../../src/load/files/awscli/load-aws-cli-file.js';
import { mapTerraformResources } from '../../src/load/files/terraform-resources/map-terraform-resources.js';
import type { TerraformResourceInput, TfValue } from '../../src/load/files/terraform-resources/terraform-resource.js';
import { mergeInventories } from '../../src/normalize/merge-inventories.js';
import { placeScps } from '../../src/graph/scp-placement.js';
import type { IamPrincipal, InventoryFragment } from '../../src/model/inventory.js';
import type { IamPolicy } from '../../src/model/iam.js';

const ctx = { region: 'us-east-1', defaultAccount: '111111111111' };
const json = (value: unknown): string => JSON.stringify(value, null, 2);
const orgArn = (kind: string, id: string): string => `arn:aws:organizations::999999999999:${kind}/o-abc/${id}`;
const load = (path: string, value: unknown): ReturnType<typeof loadAwsCliFile> => loadAwsCliFile(path, json(value), ctx);

describe('AWS CLI Organizations dumps', () => {
  test('describe-policy: id, name, content as an IamPolicy; the ARN names the management account', () => {
    const content = { Version: '2012-10-17', Statement: [{ Sid: 'D', Effect: 'Deny', Action: 's3:*', Resource: '*' }] };
    const r = load('org/deny.json', { Policy: { PolicySummary: { Id: 'p-abc', Arn: orgArn('policy', 'service_control_policy/p-abc'), Name: 'deny-s3', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false }, Content: JSON.stringify(content) } });
    assert.equal(r.recognized, true);
    assert.deepEqual(r.issues, []);
    const scp = r.fragment.scps?.[0];
    assert.equal(scp?.id, 'p-abc');
    assert.equal(scp?.name, 'deny-s3');
    assert.equal(scp?.targets, undefined, 'describe-policy says nothing about targets');
    assert.deepEqual(scp?.policy?.document, content);
    assert.deepEqual(r.fragment.organizationEntities?.map((e) => [e.id, e.managementAccount]), [['999999999999', '999999999999']]);
  });

  test('describe-policy of another policy type loads nothing; a resource control policy is reported', () => {
    const tag = load('org/tag.json', { Policy: { PolicySummary: { Id: 'p-t', Type: 'TAG_POLICY' }, Content: '{}' } });
    assert.deepEqual([tag.recognized, tag.fragment, tag.issues], [true, {}, []]);
    const rcp = load('org/rcp.json', { Policy: { PolicySummary: { Id: 'p-r', Type: 'RESOURCE_CONTROL_POLICY' }, Content: '{}' } });
    assert.deepEqual(rcp.issues.map((i) => i.code), ['unsupportedPolicyType']);
  });

  test('list-targets-for-policy: the policy id comes from POLICY-ID.targets.json; unnamed, it is reported', () => {
    const targets = { Targets: [
      { TargetId: 'ou-ab-1', Arn: orgArn('ou', 'ou-ab-1'), Name: 'Prod', Type: 'ORGANIZATIONAL_UNIT' },
      { TargetId: '222222222222', Arn: orgArn('account', '222222222222'), Name: 'a', Type: 'ACCOUNT' },
    ] };
    const named = load('org/p-abc.targets.json', targets);
    assert.deepEqual(named.fragment.scps?.map((s) => [s.id, s.targets]), [['p-abc', ['ou-ab-1', '222222222222']]]);
    assert.deepEqual(named.fragment.organizationEntities?.map((e) => [e.id, e.kind]), [['ou-ab-1', 'ou'], ['222222222222', 'account']]);
    const unnamed = load('org/targets.json', targets);
    assert.equal(unnamed.recognized, true);
    assert.deepEqual(unnamed.issues.map((i) => [i.code, i.source.line]), [['unnamedDump', 2]]);
    assert.equal(unnamed.fragment.scps, undefined);
  });

  test('the tree: list-roots, PARENT.ous.json, PARENT.accounts.json, CHILD.parents.json', () => {
    const roots = load('org/list-roots.json', { Roots: [{ Id: 'r-ab', Arn: orgArn('root', 'r-ab'), Name: 'Root', PolicyTypes: [] }] });
    assert.deepEqual(roots.fragment.organizationEntities?.map((e) => [e.id, e.kind, e.parentId]), [['r-ab', 'root', undefined]]);
    const ous = load('org/r-ab.ous.json', { OrganizationalUnits: [{ Id: 'ou-ab-1', Arn: orgArn('ou', 'ou-ab-1'), Name: 'Prod' }] });
    assert.deepEqual(ous.fragment.organizationEntities?.map((e) => [e.id, e.kind, e.parentId, e.managementAccount]), [['ou-ab-1', 'ou', 'r-ab', '999999999999']]);
    const unnamedOus = load('org/ous.json', { OrganizationalUnits: [{ Id: 'ou-ab-1', Arn: orgArn('ou', 'ou-ab-1'), Name: 'Prod' }] });
    assert.deepEqual(unnamedOus.issues.map((i) => i.code), ['unnamedDump']);
    assert.equal(unnamedOus.fragment.organizationEntities?.[0]?.parentId, undefined);
    const accounts = load('org/ou-ab-1.accounts.json', { Accounts: [{ Id: '222222222222', Arn: orgArn('account', '222222222222'), Name: 'a', Status: 'ACTIVE' }] });
    assert.deepEqual(accounts.fragment.organizationEntities?.map((e) => [e.id, e.kind, e.parentId]), [['222222222222', 'account', 'ou-ab-1']]);
    const listAccounts = load('org/list-accounts.json', { Accounts: [{ Id: '222222222222', Arn: orgArn('account', '222222222222'), Name: 'a' }] });
    assert.equal(listAccounts.fragment.organizationEntities?.[0]?.parentId, undefined);
    const parents = load('org/222222222222.parents.json', { Parents: [{ Id: 'ou-ab-1', Type: 'ORGANIZATIONAL_UNIT' }] });
    assert.deepEqual(parents.fragment.organizationEntities?.map((e) => [e.id, e.kind, e.parentId]), [['222222222222', 'account', 'ou-ab-1'], ['ou-ab-1', 'ou', undefined]]);
    const org = load('org/describe-organization.json', { Organization: { Id: 'o-abc', MasterAccountId: '999999999999', FeatureSet: 'ALL' } });
    assert.deepEqual(org.fragment.organizationEntities?.map((e) => e.managementAccount), ['999999999999']);
  });

  test('an extensionless dump is read like a .json one', () => {
    const r = loadAwsCliFile('org/list-roots', json({ Roots: [{ Id: 'r-ab', Arn: orgArn('root', 'r-ab') }] }), ctx);
    assert.equal(r.recognized, true);
    assert.equal(r.fragment.organizationEntities?.[0]?.id, 'r-ab');
  });
});

function tf(type: string, name: string, values: Record<string, TfValue>, line: number): TerraformResourceInput {
  return { mode: 'managed', type, address: `${type}.${name}`, values, source: { file: 'org.tf', line } };
}
const unknown = (expression: string): TfValue => ({ unknown: true, expression });

describe('Terraform organizations resources', () => {
  const resources = [
    tf('aws_organizations_organization', 'this', { feature_set: 'ALL', roots: unknown('aws_organizations_organization.this.roots') }, 1),
    tf('aws_organizations_organizational_unit', 'prod', { name: 'Prod', parent_id: unknown('aws_organizations_organization.this.roots[0].id'), id: unknown('aws_organizations_organizational_unit.prod.id (known after apply)') }, 5),
    tf('aws_organizations_account', 'a', { name: 'a', email: 'a@example.com', parent_id: unknown('aws_organizations_organizational_unit.prod.id') }, 9),
    tf('aws_organizations_policy', 'deny', { name: 'deny', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }) }, 13),
    tf('aws_organizations_policy', 'floating', { name: 'floating', content: '{"Version":"2012-10-17","Statement":[]}' }, 17),
    tf('aws_organizations_policy', 'tags', { name: 'tags', type: 'TAG_POLICY', content: '{}' }, 20),
    tf('aws_organizations_policy_attachment', 'prod', { policy_id: unknown('aws_organizations_policy.deny.id'), target_id: unknown('aws_organizations_organizational_unit.prod.id') }, 23),
    tf('aws_organizations_policy_attachment', 'acct', { policy_id: unknown('aws_organizations_policy.deny.id'), target_id: '333333333333' }, 27),
    tf('aws_iam_access_key', 'ci', { user: 'ci' }, 31),
    tf('aws_secretsmanager_secret_version', 'v', { secret_id: 'x', secret_string: unknown('var.password') }, 33),
    tf('vault_auth_backend', 'aws', { type: 'aws' }, 35),
    tf('aws_iam_role', 'web', { name: 'web', assume_role_policy: '{"Version":"2012-10-17","Statement":[]}' }, 37),
    tf('aws_iam_instance_profile', 'web', { name: 'web-profile', role: unknown('aws_iam_role.web.name') }, 40),
    tf('vault_approle_auth_backend_role_secret_id', 'sid', { role_name: 'app' }, 44),
  ];
  const result = mapTerraformResources(resources, ctx);
  const f = result.fragment;

  test('the tree joins by address where ids are known only after apply; the root lives in the provider account', () => {
    assert.deepEqual(f.organizationEntities?.map((e) => [e.id, e.kind, e.parentId, e.managementAccount]), [
      ['aws_organizations_organization.this.roots[0]', 'root', undefined, '111111111111'],
      ['aws_organizations_organizational_unit.prod', 'ou', 'aws_organizations_organization.this.roots[0]', undefined],
      ['aws_organizations_account.a', 'account', 'aws_organizations_organizational_unit.prod', undefined],
    ]);
  });

  test('SCPs with their attachments; one without attachment keeps unknown targets; a tag policy is irrelevant', () => {
    const byId = new Map(f.scps?.map((s) => [s.id, s]));
    assert.deepEqual(byId.get('aws_organizations_policy.deny')?.targets, ['aws_organizations_organizational_unit.prod', '333333333333']);
    assert.equal(byId.get('aws_organizations_policy.floating')?.targets, undefined);
    assert.equal(byId.has('aws_organizations_policy.tags'), false);
  });

  test('resources that grant no read are counted, not raised; an unknown credential holder is raised', () => {
    assert.deepEqual(f.irrelevantResources?.map((r) => r.type).sort(), ['aws_iam_access_key', 'aws_organizations_policy (TAG_POLICY)', 'aws_secretsmanager_secret_version', 'vault_auth_backend']);
    // The secret_id is written nowhere the scan reads: whoever holds it is not known.
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['approleCredentialsUnknown', 44]]);
  });

  test('an instance profile tells its role the profile ARN', () => {
    const held = f.principals?.filter((p) => p.arn === 'arn:aws:iam::111111111111:role/web').flatMap((p) => p.instanceProfileArns ?? []);
    assert.deepEqual(held, ['arn:aws:iam::111111111111:instance-profile/web-profile']);
  });
});

function principal(arn: string): IamPrincipal {
  const account = arn.split(':')[4] ?? '';
  return { kind: 'role', arn, name: arn.slice(arn.lastIndexOf('/') + 1), account, inlinePolicies: [], attachedPolicyArns: [], groups: [], tags: {}, source: { file: 'iam.json', line: 1 } };
}
const doc = (effect: string, action: string): IamPolicy =>
  ({ id: `${effect} ${action}`, document: { Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] }, source: { file: 'scp.json' } });

function placement(fragment: InventoryFragment) {
  return placeScps(mergeInventories([fragment], [], []));
}

describe('SCP placement (graph)', () => {
  const tree: InventoryFragment['organizationEntities'] = [
    { id: 'r-1', kind: 'root', managementAccount: '999999999999', source: { file: 'o' } },
    { id: 'ou-1', kind: 'ou', parentId: 'r-1', source: { file: 'o' } },
    { id: '222222222222', kind: 'account', parentId: 'ou-1', source: { file: 'o' } },
    { id: '999999999999', kind: 'account', parentId: 'ou-1', source: { file: 'o' } },
  ];

  test('levels root → OU → account, FullAWSAccess assumed at each when its targets are not given', () => {
    const p = placement({ organizationEntities: tree, scps: [{ id: 'p-d', policy: doc('Deny', 's3:*'), targets: ['ou-1'], source: { file: 's' } }] });
    const caps = p.capsFor(principal('arn:aws:iam::222222222222:role/app'));
    assert.deepEqual(caps.scps.map((l) => [l.target, l.policies.map((x) => x.id), l.incomplete ?? false]), [
      ['r-1', ['SCP p-FullAWSAccess (AWS managed)'], false],
      ['ou-1', ['SCP p-FullAWSAccess (AWS managed)', 'Deny s3:*'], false],
      ['222222222222', ['SCP p-FullAWSAccess (AWS managed)'], false],
    ]);
    assert.deepEqual(caps.possibleScps, []);
    assert.deepEqual(p.issues, []);
  });

  test('no SCP for the management account, nor for a service-linked role', () => {
    const p = placement({ organizationEntities: tree, scps: [{ id: 'p-d', policy: doc('Deny', '*'), targets: ['r-1'], source: { file: 's' } }] });
    assert.deepEqual(p.capsFor(principal('arn:aws:iam::999999999999:role/admin')), { scps: [], possibleScps: [] });
    assert.deepEqual(p.capsFor(principal('arn:aws:iam::222222222222:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS')), { scps: [], possibleScps: [] });
    assert.equal(p.capsFor(principal('arn:aws:iam::222222222222:role/app')).scps.length, 3);
  });

  test('an SCP without known targets is possible everywhere, with SS011', () => {
    const p = placement({ organizationEntities: tree, scps: [{ id: 'p-x', policy: doc('Deny', '*'), source: { file: 's', line: 3 } }] });
    const caps = p.capsFor(principal('arn:aws:iam::222222222222:role/app'));
    assert.deepEqual(caps.possibleScps.map((x) => x.id), ['Deny *']);
    assert.deepEqual(p.issues.map((i) => [i.code, i.source.line]), [['unknownScpTargets', 3]]);
  });

  test('an account outside the known tree: its own level is known; SCPs on roots and OUs are possible, with SS011', () => {
    const p = placement({ organizationEntities: tree, scps: [
      { id: 'p-ou', policy: doc('Deny', 's3:*'), targets: ['ou-1'], source: { file: 's' } },
      { id: 'p-acct', policy: doc('Deny', 'ssm:*'), targets: ['444444444444'], source: { file: 's' } },
      { id: 'p-other', policy: doc('Deny', 'kms:*'), targets: ['222222222222'], source: { file: 's' } },
    ] });
    const caps = p.capsFor(principal('arn:aws:iam::444444444444:role/app'));
    assert.deepEqual(caps.scps.map((l) => [l.target, l.policies.map((x) => x.id)]), [['444444444444', ['SCP p-FullAWSAccess (AWS managed)', 'Deny ssm:*']]]);
    assert.deepEqual(caps.possibleScps.map((x) => x.id), ['Deny s3:*'], 'an SCP attached to another account is never on this path');
    assert.deepEqual(p.issues.map((i) => i.code), ['unknownAccountPlacement']);
  });

  test('FullAWSAccess placed by its targets: a level with no SCP the inputs show is incomplete', () => {
    const p = placement({ organizationEntities: tree, scps: [
      { id: 'p-FullAWSAccess', targets: ['r-1', '222222222222'], source: { file: 's' } },
    ] });
    const caps = p.capsFor(principal('arn:aws:iam::222222222222:role/app'));
    assert.deepEqual(caps.scps.map((l) => [l.target, l.policies.length, l.incomplete ?? false]), [['r-1', 1, false], ['ou-1', 0, true], ['222222222222', 1, false]]);
  });

  test('describe-policy and list-targets-for-policy of one policy merge into one SCP', () => {
    const inventory = mergeInventories([
      { scps: [{ id: 'p-a', name: 'a', policy: doc('Deny', '*'), source: { file: 'describe.json' } }] },
      { scps: [{ id: 'p-a', targets: ['ou-1'], source: { file: 'p-a.targets.json' } }] },
    ], [], []);
    assert.equal(inventory.scps.length, 1);
    assert.deepEqual([inventory.scps[0]?.name, inventory.scps[0]?.targets, inventory.scps[0]?.policy?.id], ['a', ['ou-1'], 'Deny *']);
  });
});
