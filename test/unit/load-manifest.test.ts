import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest } from '../../src/load/manifest/load-manifest.js';
import { UsageError } from '../../src/usage-error.js';

const valid = `version: 1
accounts:
  default: "123456789012"
  region: eu-west-1
trusted:
  - arn:aws:iam::123456789012:role/admin
secrets:
  - id: myapp-vault
    vault: secret/myapp
    owners: [arn:aws:iam::123456789012:role/myapp]
  - id: app1-db-pass
    ssm: prod.app1.db-pass
    owners: [role/prod-app1]
  - id: creds
    s3: s3://my-secrets-bucket/approles/myapp.json
    kv_version: 2
    owners: [user/alice]
credentials:
  - approle: myapp
    stored_in: s3://my-secrets-bucket/approles/myapp.json
  - approle: ledger
    mount: auth-approle/
    stored_in: ecs-env:ledger/api/VAULT_ROLE_ID
  - approle: other
    stored_in: ssm:/other/secret-id
  - approle: reports
    stored_in: secretsmanager:reports/vault-approle
`;

// The manifest schema (schemas/manifest.schema.json, README "The manifest") is the contract for every field below.
test('a valid manifest: role/NAME and user/NAME expand in the default account, lines are kept', () => {
  const manifest = parseManifest(valid, 'secret-scan.yaml');
  assert.equal(manifest.defaultAccount, '123456789012');
  assert.equal(manifest.region, 'eu-west-1');
  assert.deepEqual(manifest.trusted, ['arn:aws:iam::123456789012:role/admin']);
  assert.deepEqual(manifest.secrets.map((s) => [s.id, s.kind, s.resource, s.owners, s.source.line]), [
    ['myapp-vault', 'vault', 'secret/myapp', ['arn:aws:iam::123456789012:role/myapp'], 8],
    ['app1-db-pass', 'ssm', 'prod.app1.db-pass', ['arn:aws:iam::123456789012:role/prod-app1'], 11],
    ['creds', 's3', 's3://my-secrets-bucket/approles/myapp.json', ['arn:aws:iam::123456789012:user/alice'], 14],
  ]);
  assert.equal(manifest.secrets[2]?.kvVersion, 2);
  assert.deepEqual(manifest.credentials.map((c) => [c.approle, c.mount, c.storedIn, c.source.line]), [
    ['myapp', 'approle', { kind: 's3', bucket: 'my-secrets-bucket', key: 'approles/myapp.json' }, 19],
    ['ledger', 'auth-approle', { kind: 'ecs-env', family: 'ledger', container: 'api', variable: 'VAULT_ROLE_ID' }, 21],
    ['other', 'approle', { kind: 'ssm', name: '/other/secret-id' }, 24],
    ['reports', 'approle', { kind: 'secretsmanager', secret: 'reports/vault-approle' }, 26],
  ]);
});

test('the region defaults to us-east-1', () => {
  assert.equal(parseManifest('version: 1\n', 'm.yaml').region, 'us-east-1');
});

const invalid: [string, string, RegExp][] = [
  ['unknown key names its line', 'version: 1\nsecrets:\n  - id: a\n    vault: secret/a\n    ownerz: []\n', /^m\.yaml:3: .*unexpected "ownerz"/],
  ['a secret with two kinds', 'version: 1\nsecrets:\n  - id: a\n    vault: secret/a\n    ssm: x\n', /^m\.yaml:3: /],
  ['a bad account id names its line', 'version: 1\naccounts:\n  default: "12345"\n', /^m\.yaml:3: \/accounts\/default must match pattern/],
  ['wrong version', 'version: 2\n', /^m\.yaml:1: \/version must be equal to constant/],
  ['broken YAML names its line', 'version: 1\nsecrets: [\n  - id: a\n', /^m\.yaml:\d+: invalid YAML/],
  ['role/NAME without a default account', 'version: 1\nsecrets:\n  - id: a\n    vault: secret/a\n    owners: [role/x]\n', /^m\.yaml:5: "role\/x" needs accounts\.default/],
  ['duplicate ids', 'version: 1\nsecrets:\n  - id: a\n    vault: secret/a\n  - id: a\n    vault: secret/b\n', /^m\.yaml:5: duplicate secret id "a"/],
  ['bad stored_in', 'version: 1\ncredentials:\n  - approle: a\n    stored_in: ftp://x\n', /^m\.yaml:4: \/credentials\/0\/stored_in must match pattern/],
];
for (const [name, text, message] of invalid) {
  test(`an invalid manifest is a usage error: ${name}`, () => {
    assert.throws(() => parseManifest(text, 'm.yaml'), (error: unknown) => error instanceof UsageError && message.test(error.message));
  });
}
