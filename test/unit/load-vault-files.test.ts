import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadVaultFile } from '../../src/load/files/vault/load-vault-file.js';
import { loadVaultRoleDump } from '../../src/load/files/vault/load-vault-role.js';
import { parseVaultDuration } from '../../src/load/files/vault/durations.js';

// Copies of the Vault samples the inputs table documents, kept inside the repository.
const FORMATS = fileURLToPath(new URL('./inputs/vault', import.meta.url));
const read = (p: string): string => readFileSync(`${FORMATS}/${p}`, 'utf8');

describe('Vault file loaders on the shared samples', () => {
  test('ledger.hcl and ledger.json load the same rules', () => {
    const hcl = loadVaultFile('vault/policies/ledger.hcl', read('policies/ledger.hcl'));
    const json = loadVaultFile('vault/policies/ledger.json', read('policies/ledger.json'));
    assert.deepEqual([hcl.issues, json.issues], [[], []]);
    const strip = (r: { path: string; capabilities: string[]; allowedParameters?: unknown }) => ({ path: r.path, capabilities: r.capabilities, allowedParameters: r.allowedParameters });
    assert.equal(hcl.policies[0]?.name, 'ledger');
    assert.deepEqual(hcl.policies[0]?.rules.map(strip), json.policies[0]?.rules.map(strip));
    assert.deepEqual(hcl.policies[0]?.rules.map((r) => r.source.line), [4, 8, 13, 18, 23, 35]);
  });

  test('AppRole and AWS auth dumps are told apart by content', () => {
    const approle = loadVaultFile('vault/auth/approle/role/ledger.json', read('auth/approle/role/ledger.json'));
    const mailer = loadVaultFile('vault/auth/aws/role/mailer.json', read('auth/aws/role/mailer.json'));
    const ec2 = loadVaultFile('vault/auth/aws/role/legacy-ec2.json', read('auth/aws/role/legacy-ec2.json'));
    assert.deepEqual(approle.roles.map((r) => [r.type, r.mount, r.name]), [['approle', 'approle', 'ledger']]);
    const m = mailer.roles[0];
    assert.ok(m?.type === 'aws');
    assert.deepEqual([m.authType, m.boundIamPrincipalArn, m.boundEc2InstanceId], ['iam', ['arn:aws:iam::444455556666:role/mailer-task'], []]);
    const e = ec2.roles[0];
    assert.ok(e?.type === 'aws');
    assert.deepEqual([e.authType, e.boundAccountId, e.roleTag, e.policies], ['ec2', ['444455556666'], 'VaultRole', ['ledger-batch']]);
    assert.equal(typeof e.source.line, 'number');
  });

  // Field names of the read-role responses: https://developer.hashicorp.com/vault/api-docs/auth/jwt#read-role
  // and https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#read-role.
  test('JWT/OIDC and Kubernetes role dumps are told apart by content, their bindings kept', () => {
    const jwt = loadVaultFile('vault/auth/github/role/deploy.json', JSON.stringify({ data: {
      role_type: 'jwt', bound_audiences: ['https://github.com/acme'], user_claim: 'actor', bound_subject: '',
      bound_claims: { repository: 'acme/app', ref: ['refs/heads/main', 'refs/heads/release'] }, bound_claims_type: 'string',
      token_policies: ['Deploy'], token_bound_cidrs: [], token_ttl: 600,
    } }, null, 2));
    const k8s = loadVaultFile('vault/auth/kubernetes/role/payments.json', JSON.stringify({ data: {
      bound_service_account_names: ['payments'], bound_service_account_namespaces: ['payments', 'payments-canary'], audience: '',
      alias_name_source: 'serviceaccount_uid', token_policies: ['payments-read'], token_bound_cidrs: ['10.0.0.0/8'],
    } }, null, 2));
    assert.deepEqual([jwt.issues, k8s.issues], [[], []]);
    const j = jwt.roles[0];
    assert.ok(j?.type === 'external');
    assert.deepEqual([j.method, j.mount, j.name, j.tokenPolicies, j.bindings], ['jwt', 'github', 'deploy', ['deploy'], {
      bound_audiences: ['https://github.com/acme'], 'bound_claims.repository': ['acme/app'], 'bound_claims.ref': ['refs/heads/main', 'refs/heads/release'],
    }]);
    const k = k8s.roles[0];
    assert.ok(k?.type === 'external');
    assert.deepEqual([k.method, k.tokenBoundCidrs, k.bindings], ['kubernetes', ['10.0.0.0/8'], {
      bound_service_account_names: ['payments'], bound_service_account_namespaces: ['payments', 'payments-canary'],
    }]);
  });

  test('the mount\'s type decides over the fields: an oidc mount\'s role is OIDC, a role of a method not read is an issue', () => {
    const oidc = loadVaultRoleDump({ mount_type: 'oidc', data: { token_policies: ['ops'], bound_claims: { groups: 'ops' } } }, 'dump/auth/oidc/role/ops.json');
    assert.deepEqual([oidc.role?.type, oidc.role?.type === 'external' ? oidc.role.method : undefined], ['external', 'oidc']);
    const gcp = loadVaultRoleDump({ mount_type: 'gcp', data: { type: 'iam', bound_service_accounts: ['x@p.iam.gserviceaccount.com'], token_policies: ['ops'] } }, 'dump/auth/gcp/role/ops.json');
    assert.equal(gcp.role, undefined);
    assert.deepEqual(gcp.issues.map((i) => i.code), ['vaultRoleUnrecognized']);
  });

  // https://developer.hashicorp.com/vault/api-docs/secret/identity/group#read-group-by-name
  test('an identity group dump gives its policies to one reader of its members; a broken one is named', () => {
    const group = loadVaultFile('vault/identity/group/name/oncall.json', JSON.stringify({ data: { id: 'a1b2', name: 'OnCall', type: 'external', policies: ['App-Read', 'default'], member_entity_ids: null } }, null, 2));
    assert.deepEqual(group.issues, []);
    const g = group.roles[0];
    assert.ok(g?.type === 'identity');
    assert.deepEqual([g.kind, g.mount, g.name, g.tokenPolicies, g.tokenNoDefaultPolicy, g.source.line], ['group', 'identity/group', 'OnCall', ['app-read', 'default'], true, 2]);
    const broken = loadVaultFile('vault/identity/entity/name/bot.json', '{"data": {"policies": ["x"],}}');
    assert.deepEqual([broken.recognized, broken.issues.map((i) => i.code)], [true, ['jsonParseError']]);
  });

  test('files that are not Vault inputs are not recognized', () => {
    assert.equal(loadVaultFile('aws/iam/x.json', '{"RoleDetailList": []}').recognized, false);
    assert.equal(loadVaultFile('notes.txt', 'hello').recognized, false);
  });

  test('a role dump outside auth/MOUNT/role/ is an issue, not a guess', () => {
    const r = loadVaultRoleDump({ data: { bind_secret_id: true } }, 'elsewhere/x.json');
    assert.equal(r.role, undefined);
    assert.deepEqual(r.issues.map((i) => i.code), ['vaultRoleUnrecognized']);
  });

  test('nested mounts keep their full path', () => {
    const r = loadVaultRoleDump({ data: { auth_type: 'iam', bound_iam_principal_arn: [] } }, 'dump/auth/aws/prod/role/web.json');
    assert.deepEqual([r.role?.mount, r.role?.name], ['aws/prod', 'web']);
  });

  test('durations follow parseutil.ParseDurationSecond', () => {
    assert.deepEqual(['1h', '90s', '1h30m', '2d', '300', 45, 'abc', '1x'].map(parseVaultDuration), [3600, 90, 5400, 172800, 300, 45, undefined, undefined]);
  });
});

// Vault reads a policy with HCL1, where `${` in a path is text: https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax
describe('Vault policy files holding Terraform template syntax', () => {
  test('paths holding "${" are read as text, and said once per policy, at the first', () => {
    const text = 'path "${namespace}/sys/mounts" {\n  capabilities = ["read"]\n}\n\npath "secret/data/shared/*" {\n  capabilities = ["read"]\n}\n\npath "${namespace}/identity/*" {\n  capabilities = ["read"]\n}\n\npath "%{ if admin }sys/*%{ endif }" {\n  capabilities = ["sudo"]\n}\n';
    const loaded = loadVaultFile('templates/ns-admin.hcl', text);
    assert.deepEqual(loaded.policies[0]?.rules.map((r) => r.path), ['${namespace}/sys/mounts', 'secret/data/shared/*', '${namespace}/identity/*', '%{ if admin }sys/*%{ endif }']);
    const templated = loaded.issues.filter((i) => i.message.includes('reads as a template'));
    assert.deepEqual(templated.map((i) => [i.source.line, i.message.endsWith('(and 2 more paths in this policy)')]), [[1, true]]);
  });
});
