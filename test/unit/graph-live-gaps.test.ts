// The symbolic readers of two live-mode gaps (docs/semantics.md#unknowns: what could not be read
// widens, never shrinks; one unknown principal is ONE symbolic reader, conditional, never `*`):
// - Vault auth roles that could not be read (inventory `unreadVaultRoles`);
// - ECS task definitions that could not be listed or described (an `ecs` incomplete listing).
// Each case scans a small file export (test/support/write-infra.ts) together with a snapshot that
// carries only the gap, as a live scan's `--snapshot-out` would, so the snapshot schema and the
// merge are exercised too, and compares every reader of the named secrets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/api/scan.js';
import type { IncompleteListing, UnreadVaultRoles } from '../../src/model/inventory.js';
import type { Report } from '../../src/model/report.js';
import { ACCOUNT, writeInfra, type InfraSpec } from '../support/write-infra.js';

interface GapCase {
  name: string;
  doc: string;
  infra: InfraSpec;
  gaps: { unreadVaultRoles?: UnreadVaultRoles[]; incompleteListings?: IncompleteListing[] };
  /** Secret id → every reader: conditional and the edge kinds of its chain. */
  expect: Record<string, Record<string, { conditional: boolean; via: string[] }>>;
  /** Rules that must not be raised. */
  quiet: string[];
}

const vaultSource = { file: 'vault:http://127.0.0.1:8200', pointer: 'auth/aws/role' };
const ecsSource = { file: 'aws:ecs:us-east-1', pointer: 'ListTaskDefinitions' };
const role = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const allow = (action: string | string[], resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const appPolicy = 'path "secret/data/app/db" {\n  capabilities = ["read"]\n}\n';
const opsPolicy = 'path "secret/data/ops/*" {\n  capabilities = ["read"]\n}\npath "secret/data/ops/key" {\n  capabilities = ["read"]\n}\n';
const TASKS = `unknown:task roles of unlisted ECS task definitions in ${ACCOUNT} us-east-1`;

const CASES: GapCase[] = [
  {
    name: 'a Vault AWS auth mount whose role list was denied: one symbolic reader of every Vault path, beside the known AppRole login',
    doc: 'https://developer.hashicorp.com/vault/api-docs/auth/aws#list-roles',
    infra: {
      roles: [{ name: 'app', policy: allow('s3:GetObject', 'arn:aws:s3:::bkt/approles/app.json') }],
      vaultRoles: { 'approle/app': { bind_secret_id: true, token_policies: ['app'] } },
      vaultPolicies: { app: appPolicy, ops: opsPolicy },
      manifest: `version: 1\naccounts: { default: '${ACCOUNT}' }\nsecrets:\n  - { id: app-db, vault: secret/data/app/db, owners: [role/app] }\ncredentials:\n  - { approle: app, stored_in: s3://bkt/approles/app.json }\n`,
    },
    gaps: { unreadVaultRoles: [{ mount: 'aws', authType: 'aws', call: 'LIST auth/aws/role: apiAccessDenied', source: vaultSource }] },
    expect: {
      'app-db': {
        [role('app')]: { conditional: false, via: ['iam-read', 'vault-login', 'vault-policy'] },
        'unknown:roles of Vault auth mount aws not listed': { conditional: true, via: ['vault-login', 'vault-policy'] },
      },
      // No known role's policy reaches ops: only the unknown roles may.
      'secret/data/ops/key': { 'unknown:roles of Vault auth mount aws not listed': { conditional: true, via: ['vault-login', 'vault-policy'] } },
    },
    quiet: ['SS002', 'SS009', 'SS004'],
  },
  {
    name: 'an AppRole that could not be read, its credentials declared: their reader keeps logging in (conditionally), and one symbolic reader stands for any other holder',
    doc: 'https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-role',
    infra: {
      roles: [{ name: 'app', policy: allow('s3:GetObject', 'arn:aws:s3:::bkt/approles/app.json') }, { name: 'other' }],
      vaultPolicies: { app: appPolicy },
      manifest: `version: 1\naccounts: { default: '${ACCOUNT}' }\nsecrets:\n  - { id: app-db, vault: secret/data/app/db, owners: [role/app] }\ncredentials:\n  - { approle: app, stored_in: s3://bkt/approles/app.json }\n`,
    },
    gaps: { unreadVaultRoles: [{ mount: 'approle', authType: 'approle', name: 'app', call: 'GET auth/approle/role/app: apiTimeout', source: { ...vaultSource, pointer: 'auth/approle/role/app' } }] },
    expect: {
      'app-db': {
        [role('app')]: { conditional: true, via: ['iam-read', 'vault-login', 'vault-policy'] },
        'unknown:Vault role approle/app not read': { conditional: true, via: ['vault-login', 'vault-policy'] },
      },
    },
    quiet: ['SS002', 'SS004'],
  },
  {
    name: 'the auth mounts could not be read: one symbolic reader of every Vault path, and the owner is not reported unable to read',
    doc: 'https://developer.hashicorp.com/vault/api-docs/system/auth#list-auth-methods',
    infra: {
      roles: [{ name: 'app' }],
      vaultPolicies: { ops: opsPolicy },
      manifest: `version: 1\naccounts: { default: '${ACCOUNT}' }\nsecrets:\n  - { id: app-db, vault: secret/data/app/db, owners: [role/app] }\n`,
    },
    gaps: { unreadVaultRoles: [{ call: 'GET sys/auth: apiAccessDenied', source: { ...vaultSource, pointer: 'sys/auth' } }] },
    expect: {
      'app-db': { 'unknown:Vault auth mounts not listed': { conditional: true, via: ['vault-login', 'vault-policy'] } },
      'secret/data/ops/key': { 'unknown:Vault auth mounts not listed': { conditional: true, via: ['vault-login', 'vault-policy'] } },
    },
    quiet: ['SS002', 'SS009'],
  },
  {
    name: 'an ECS listing that stopped: what an ECS-trusted role can fetch gets one symbolic reader; what only a role ECS cannot assume reads does not',
    doc: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html',
    infra: {
      roles: [
        { name: 'exec', policy: allow('ssm:GetParameters', `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/prod/*`) },
        { name: 'batch', trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, policy: allow('ssm:GetParameter', `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/*`) },
        { name: 'app-task' },
      ],
      parameters: [{ name: '/prod/db', type: 'String' }, { name: '/batch/token', type: 'String' }],
      manifest: `version: 1\naccounts: { default: '${ACCOUNT}' }\nsecrets:\n  - { id: db, ssm: /prod/db, owners: [role/app-task] }\n`,
    },
    gaps: { incompleteListings: [{ kind: 'ecs', account: ACCOUNT, region: 'us-east-1', api: 'ListTaskDefinitions', source: ecsSource }] },
    expect: {
      db: {
        [role('exec')]: { conditional: false, via: ['iam-read'] },
        [role('batch')]: { conditional: false, via: ['iam-read'] },
        [TASKS]: { conditional: true, via: ['ecs-inject'] },
      },
      '/batch/token': { [role('batch')]: { conditional: false, via: ['iam-read'] } },
    },
    quiet: ['SS002'],
  },
  {
    name: 'an ECS gap where the IAM listing stopped too: the principals not listed may hold the execution role, so what they may fetch is injected as well',
    doc: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
    infra: {
      roles: [{ name: 'batch', trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }],
      parameters: [{ name: '/prod/db', type: 'String' }],
    },
    gaps: {
      incompleteListings: [
        { kind: 'ecs', account: ACCOUNT, region: 'us-east-1', api: 'ListTaskDefinitions', source: ecsSource },
        { kind: 'iam', account: ACCOUNT, api: 'GetAccountAuthorizationDetails', source: { file: 'aws:iam:global', pointer: 'GetAccountAuthorizationDetails' } },
      ],
    },
    expect: {
      '/prod/db': {
        [`unknown:principals of account ${ACCOUNT} not listed`]: { conditional: true, via: ['iam-read'] },
        [TASKS]: { conditional: true, via: ['ecs-inject'] },
      },
    },
    quiet: [],
  },
  {
    name: 'an ECS gap in an account whose roles are not in the inventory adds nothing: no role there is known to fetch anything',
    doc: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
    infra: {
      roles: [{ name: 'exec', policy: allow('ssm:GetParameters', `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/prod/*`) }],
      parameters: [{ name: '/prod/db', type: 'String' }],
    },
    gaps: { incompleteListings: [{ kind: 'ecs', account: '999988887777', region: 'us-east-1', api: 'DescribeTaskDefinition', source: { ...ecsSource, pointer: 'arn:aws:ecs:us-east-1:999988887777:task-definition/x:1' } }] },
    expect: { '/prod/db': { [role('exec')]: { conditional: false, via: ['iam-read'] } } },
    quiet: [],
  },
];

function snapshotWith(gaps: GapCase['gaps']): object {
  return {
    format: 'secret-scan-snapshot', version: 1, tool: { name: 'secret-scan', version: 'test' }, createdAt: '2026-01-01T00:00:00.000Z',
    sources: ['test'], inventory: gaps, loaded: [], issues: [],
  };
}

async function scanCase(c: GapCase): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-gaps-'));
  const snapshots = mkdtempSync(join(tmpdir(), 'secret-scan-gaps-snapshot-'));
  try {
    writeInfra(dir, c.infra);
    const snapshot = join(snapshots, 'gaps.snapshot.json');
    writeFileSync(snapshot, JSON.stringify(snapshotWith(c.gaps)));
    return await scan({ paths: [dir], snapshots: [snapshot], cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(snapshots, { recursive: true, force: true });
  }
}

describe('live gaps become symbolic readers', () => {
  for (const c of CASES) {
    test(`${c.name} (doc: ${c.doc})`, async () => {
      const report = await scanCase(c);
      assert.deepEqual(report.findings.filter((f) => f.ruleId === 'SS011' && /snapshot/.test(f.message)).map((f) => f.message), [], 'the snapshot loads');
      for (const [id, expected] of Object.entries(c.expect)) {
        const secret = report.secrets.find((s) => s.id === id);
        assert.ok(secret, `${id} is reported`);
        assert.deepEqual(Object.fromEntries(secret.readers.map((r) => [r.principal, { conditional: r.conditional, via: r.via.map((s) => s.edge) }])), expected, id);
      }
      for (const rule of c.quiet) assert.deepEqual(report.findings.filter((f) => f.ruleId === rule).map((f) => f.message), [], `${rule} is not raised`);
    });
  }

  test('--vault without VAULT_ADDR or VAULT_TOKEN: nothing of Vault is known, so one symbolic reader reads the declared Vault secret (doc: https://developer.hashicorp.com/vault/docs/commands#configure-environment-variables)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-gaps-'));
    try {
      writeInfra(dir, { roles: [{ name: 'app' }], manifest: `version: 1\naccounts: { default: '${ACCOUNT}' }\nsecrets:\n  - { id: app-db, vault: secret/data/app/db, owners: [role/app] }\n` });
      const report = await scan({ paths: [dir], cwd: dir, live: { vault: { address: 'http://127.0.0.1:1', token: '' } } });
      const readers = report.secrets.find((s) => s.id === 'app-db')?.readers.map((r) => ({ principal: r.principal, conditional: r.conditional, via: r.via.map((v) => v.edge) }));
      assert.deepEqual(readers, [{ principal: 'unknown:Vault auth mounts not listed', conditional: true, via: ['vault-login', 'vault-policy'] }]);
      assert.match(report.findings.find((f) => f.ruleId === 'SS011')?.message ?? '', /--vault needs VAULT_TOKEN/);
      assert.deepEqual(report.findings.filter((f) => f.ruleId === 'SS002').map((f) => f.message), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the symbolic reader\'s chain names the failed call', async () => {
    const [vault, ecs] = [CASES[0], CASES[3]] as [GapCase, GapCase];
    const vaultReader = (await scanCase(vault)).secrets.find((s) => s.id === 'app-db')?.readers.find((r) => r.principal.startsWith('unknown:'));
    assert.match(vaultReader?.via[0]?.detail ?? '', /not read \(LIST auth\/aws\/role: apiAccessDenied\): the IAM principals its bindings admit are unknown/);
    assert.match(vaultReader?.via[1]?.detail ?? '', /token policies are unknown .*any capability on any path/);
    const ecsReader = (await scanCase(ecs)).secrets.find((s) => s.id === 'db')?.readers.find((r) => r.principal === TASKS);
    assert.match(ecsReader?.via[0]?.detail ?? '', new RegExp(`ListTaskDefinitions failed in account ${ACCOUNT} us-east-1: a task definition not seen may name ${role('exec')} as its execution role`));
  });
});
