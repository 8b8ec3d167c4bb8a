// Quiet where nothing is at stake (every unrecognized file listed, Vault Agent configs set aside
// with a reason) and one secret, one policy (declared + discovered once; same-name Vault
// policies merged by name).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { batchLoaders, fileLoaders } from '../../src/load/files/file-loaders.js';
import { loadFiles } from '../../src/load/files/load-files.js';
import { loadVaultFile } from '../../src/load/files/vault/load-vault-file.js';
import { mergeVaultPolicyDefinitions } from '../../src/normalize/merge-vault-policies.js';
import { mergeInventories } from '../../src/normalize/merge-inventories.js';
import { collectSecretTargets } from '../../src/graph/secret-targets.js';
import { InventoryIndex } from '../../src/graph/inventory-index.js';
import type { VaultPathRule, VaultPolicy } from '../../src/model/vault.js';
import type { Manifest } from '../../src/model/manifest.js';

describe('coverage: every file is loaded or listed', () => {
  const dir = 'fixtures/real-world/vault-agent-config-next-to-policies';
  const result = loadFiles([dir], fileLoaders, { region: 'us-east-1' }, process.cwd(), batchLoaders);
  const skipped = new Map(result.skipped.map((s) => [s.file, s.reason]));

  test('a Vault Agent configuration is skipped with its reason, not parsed as a policy', () => {
    assert.match(skipped.get(`${dir}/agent/agent.hcl`) ?? '', /Vault Agent configuration/);
    assert.deepEqual(result.issues, []);
  });

  test('files of any extension, or none, that no loader reads are listed', () => {
    assert.equal(skipped.get(`${dir}/agent/Dockerfile`), 'not a recognized input format');
    assert.equal(skipped.get(`${dir}/agent/templates/reports-db.ctmpl`), 'not a recognized input format');
    assert.equal(skipped.get(`${dir}/README.md`), 'not a recognized input format');
    const all = [...result.loaded, ...result.skipped.map((s) => s.file)].sort();
    assert.equal(new Set(all).size, all.length, 'no file is both loaded and skipped');
  });

  test('an HCL file with path blocks stays a policy even when it mentions agent words', () => {
    const text = '# used by vault agent template\npath "secret/data/x" {\n  capabilities = ["read"]\n}\n';
    assert.equal(loadVaultFile('p/x.hcl', text).recognized, true);
    const server = loadVaultFile('p/server.hcl', 'storage "raft" {\n  path = "/vault/data"\n}\nlistener "tcp" {\n  address = "0.0.0.0:8200"\n}\n');
    assert.deepEqual([server.recognized, /server configuration/.test(server.skipReason ?? '')], [false, true]);
  });

  // Vault refuses a policy without `path` rules or with other top-level keys
  // (https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax): such HCL can never grant.
  test("other tools' HCL is set aside by name, and HCL without a path rule is never read as a broken policy", () => {
    const cases: [string, string, RegExp][] = [
      ['live/prod/terragrunt.hcl', 'include "root" {\n  path = find_in_parent_folders()\n}\ninputs = { name = "app" }\n', /Terragrunt configuration/],
      ['images/base.pkr.hcl', 'source "amazon-ebs" "ubuntu" { region = "us-east-1" }\n', /Packer template/],
      ['jobs/web.nomad.hcl', 'job "web" { datacenters = ["dc1"] }\n', /Nomad job/],
      ['ssh/config.hcl', 'vault_addr = "https://vault:8200"\nssh_mount_point = "ssh"\nallowed_roles = "*"\n', /without any `path` rule/],
    ];
    for (const [file, text, reason] of cases) {
      const loaded = loadVaultFile(file, text);
      assert.equal(loaded.recognized, false, file);
      assert.match(loaded.skipReason ?? '', reason, file);
    }
    const attributeForm = loadVaultFile('p/attr.hcl', 'path = {\n  "secret/x" = { capabilities = ["read"] }\n}\n');
    assert.equal(attributeForm.recognized, true);
  });
});

const rule = (path: string, capabilities: string[], line: number): VaultPathRule => ({ path, capabilities, source: { file: 'p.hcl', line } });
const policy = (file: string, rules: VaultPathRule[]): VaultPolicy => ({ name: 'app', rules, source: { file } });

describe('one Vault policy per name', () => {
  test('identical rules from two inputs: one policy, nothing doubled, nothing raised', () => {
    const merged = mergeVaultPolicyDefinitions(policy('a.hcl', [rule('secret/data/a', ['read'], 1)]), policy('main.tf', [rule('secret/data/a', ['read'], 9)]));
    assert.equal(merged.issue, undefined);
    assert.equal(merged.policy.rules.length, 1);
  });

  test('different rules: the union of what both grant, a deny only where both deny, and an issue', () => {
    const a = policy('a.hcl', [rule('secret/data/a', ['read'], 1), rule('secret/data/b', ['deny'], 4), rule('secret/data/c', ['deny'], 7)]);
    const b = policy('main.tf', [rule('secret/data/a', ['read', 'list'], 9), rule('secret/data/c', ['deny'], 12)]);
    const merged = mergeVaultPolicyDefinitions(a, b);
    assert.deepEqual(merged.policy.rules.map((r) => [r.path, r.capabilities]), [
      ['secret/data/a', ['read']], ['secret/data/c', ['deny']], ['secret/data/a', ['read', 'list']],
    ]);
    assert.equal(merged.issue?.code, 'conflictingVaultPolicy');
    assert.equal(merged.issue?.source.file, 'main.tf');
  });

  test('the merge of inventories keeps one policy per name', () => {
    const inventory = mergeInventories([{ vaultPolicies: [policy('a.hcl', [rule('x/y', ['read'], 1)])] }, { vaultPolicies: [policy('b.tf', [rule('x/y', ['read'], 2)])] }], [], []);
    assert.equal(inventory.vaultPolicies.length, 1);
    assert.deepEqual(inventory.issues, []);
  });
});

describe('one secret', () => {
  test('a declared Secrets Manager name and a task definition naming it by full ARN are one secret, under the declared id, with the concrete ARN', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:orders/db-Ab12Cd';
    const inventory = mergeInventories([{ taskDefinitions: [{
      family: 'orders', account: '111122223333', region: 'us-east-1', source: { file: 'td.json' },
      containers: [{ name: 'app', environment: [], secrets: [{ name: 'DB', valueFrom: `${arn}:password::`, source: { file: 'td.json', line: 9 } }] }],
    }] }], [], []);
    const manifest: Manifest = {
      version: 1, defaultAccount: '111122223333', region: 'us-east-1', trusted: [], credentials: [],
      secrets: [{ id: 'orders-db', kind: 'secretsmanager', resource: 'orders/db', owners: [], source: { file: 'secret-scan.yaml', line: 3 } }],
    };
    const targets = collectSecretTargets(new InventoryIndex(inventory), manifest);
    assert.deepEqual(targets.map((t) => [t.id, t.origin, t.aws?.arn]), [['orders-db', 'manifest', arn]]);
  });

  test('a declared Secrets Manager name is the secret of that name in the manifest\'s region, not a namesake in another region', () => {
    // Secret names are unique per account and region only (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
    const east = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:orders/db-Ab12Cd';
    const west = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/db-Zz98Yx';
    const inventory = mergeInventories([{ secretsManagerSecrets: [
      { name: 'orders/db', arn: west, source: { file: 'eu.json' } },
      { name: 'orders/db', arn: east, source: { file: 'us.json' } },
    ] }], [], []);
    const manifest: Manifest = {
      version: 1, defaultAccount: '111122223333', region: 'us-east-1', trusted: [], credentials: [],
      secrets: [{ id: 'orders-db', kind: 'secretsmanager', resource: 'orders/db', owners: [], source: { file: 'secret-scan.yaml', line: 3 } }],
    };
    const targets = collectSecretTargets(new InventoryIndex(inventory), manifest);
    assert.equal(targets.find((t) => t.id === 'orders-db')?.aws?.arn, east);
  });
});
