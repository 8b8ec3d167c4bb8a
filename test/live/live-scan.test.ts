// Live mode end to end: the built CLI reads the emulator through the real AWS SDK v3 clients and
// fetch, and must answer exactly as a file scan of the same inventory exported as CLI dumps
// (docs/live-mode.md: the same engines and graph as file mode), never calling a value-reading API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { runBuiltCli } from '../e2e/cli-runner.js';
import { startEmulator, type Emulator } from '../support/live-emulator.js';
import { answerView, disallowedCalls, manifestDir, reportOf, runLiveCli } from './live-runner.js';
import { A, APPROLE_ALIAS_ROLE_ID, B, buildWorld, writeCliDumps } from './world.js';

describe('live mode against the emulator', () => {
  let emulator: Emulator;
  let live: Report;
  let liveStatus: number | null;
  let liveStderr: string;
  const manifest = join(manifestDir(), 'secret-scan.yaml');
  const out = mkdtempSync(join(tmpdir(), 'live-out-'));
  const assumeB = `arn:aws:iam::${B}:role/secret-scan`;

  before(async () => {
    emulator = await startEmulator(buildWorld());
    const run = await runLiveCli(['--aws', '--assume-role', assumeB, '--vault', '--manifest', manifest, '--format', 'json', '--snapshot-out', join(out, 'all.json')], emulator);
    liveStatus = run.status;
    liveStderr = run.stderr;
    live = reportOf(run);
  });
  after(async () => { await emulator.close(); });

  test('exits 1 on findings, reads both accounts and Vault, and reports no gap', () => {
    assert.equal(liveStatus, 1, liveStderr);
    assert.deepEqual(live.coverage.skipped, []);
    const loaded = live.coverage.loaded.join('\n');
    for (const needle of ['account 111111111111', `account ${B}`, 'vault:http://127.0.0.1']) assert.match(loaded, new RegExp(needle.replace(/[.:/]/g, '\\$&')));
  });

  test('answers exactly as a file scan of the same inventory exported as CLI dumps (sources differ)', () => {
    const dumps = mkdtempSync(join(tmpdir(), 'live-dumps-'));
    writeCliDumps(buildWorld(), dumps);
    const run = runBuiltCli([dumps, '--format', 'json', '--fail-on', 'never']);
    assert.equal(run.status, 0, run.stderr);
    const files = JSON.parse(run.stdout) as Report;
    assert.deepEqual(files.coverage.skipped, []);
    assert.deepEqual(answerView(live), answerView(files));
    // The answers are not trivial: the cross-account reader, SS005 and the open AppRole are there.
    const view = answerView(live);
    assert.equal(view.secrets['app-db']?.readers[`arn:aws:iam::${B}:role/reporting`], false);
    // The SCP over B's OU (read live: ListRoots, ListParents, ListPoliciesForTarget, DescribePolicy)
    // keeps analyst out, though its own policy and the secret's and key's policies let it in.
    // doc: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
    assert.equal(view.secrets['app-db']?.readers[`arn:aws:iam::${B}:role/analyst`], undefined);
    assert.match(live.coverage.loaded.join('\n'), /aws:organizations:us-east-1 ListRoots, ListParents, ListPoliciesForTarget, DescribePolicy \(accounts 111111111111, 222222222222, 2 SCPs\)/);
    // ci-deploy decrypts the SecureString only through the key's grant (ListGrants).
    // doc: https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
    assert.equal(view.secrets['app-db-pass']?.readers[`arn:aws:iam::${A}:role/ci-deploy`], false);
    // dr-runbook reads prod/app-db only through its us-west-2 replica (DescribeSecret's ReplicationStatus).
    // doc: https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html
    assert.equal(view.secrets['app-db']?.readers[`arn:aws:iam::${A}:role/dr-runbook`], false);
    assert.ok(view.findings.some((f) => f.startsWith('SS005 ')));
    assert.ok(view.findings.some((f) => f.startsWith('SS004 ')));
    // The JWT role's logins (a CI system's tokens) read the Vault secret through policy ci: one
    // reader named by the role, from sys/auth's jwt mount live and from the role dump's fields in files.
    // doc: https://developer.hashicorp.com/vault/api-docs/auth/jwt#read-role
    assert.equal(view.secrets['app-vault-db']?.readers['vault-login:auth/jwt/role/deploy'], false);
    // The on-call identity group's policy reaches its members: one reader, live (LIST identity/group/name) and from the group's dump.
    // doc: https://developer.hashicorp.com/vault/docs/concepts/identity
    assert.equal(view.secrets['app-vault-db']?.readers['vault-identity:group/oncall'], false);
    // An entity whose alias names an AppRole by role_id: live mode keeps no role_id to match it
    // by, so the entity's stand-in reads, and the role_id is in no report.
    assert.equal(view.secrets['app-vault-db']?.readers['vault-identity:entity/ci-bot'], false);
    assert.doesNotMatch(JSON.stringify(live), new RegExp(APPROLE_ALIAS_ROLE_ID));
    // Live sources name the API and the resource, not a file.
    const reporting = live.secrets.find((s) => s.id === 'app-db')?.readers.find((r) => r.principal.endsWith(':role/reporting'));
    assert.match(reporting?.via[0]?.source?.file ?? '', /^aws:/);
  });

  test('never calls an operation that reads a value (allow-list)', () => {
    assert.ok(emulator.log.length > 20);
    assert.deepEqual(disallowedCalls(emulator.log), []);
  });

  test('calls no more than pagination requires: each listing once per account and region', () => {
    const count = (op: string, account: string): number => emulator.log.filter((c) => `${c.service} ${c.operation}` === op && c.account === account).length;
    for (const account of ['111111111111', B]) {
      for (const op of ['iam GetAccountAuthorizationDetails', 'ssm DescribeParameters', 'secretsmanager ListSecrets', 'kms ListKeys', 's3 ListBuckets']) assert.equal(count(op, account), 1, `${op} ${account}`);
    }
    // The organization is read once, whatever the number of accounts: each node's parent and SCPs once, each SCP once.
    const org = (op: string): number => emulator.log.filter((c) => c.service === 'organizations' && c.operation === op).length;
    assert.deepEqual([org('ListRoots'), org('ListParents'), org('ListPoliciesForTarget'), org('DescribePolicy')], [1, 3, 4, 2]);
    // One-hour credentials: the role is assumed once, shared by every client of the account.
    assert.equal(emulator.log.filter((c) => c.operation === 'AssumeRole').length, 1);
  });

  test('the snapshot holds no value and scans offline to the same answers', () => {
    const text = readFileSync(join(out, 'all.json'), 'utf8');
    assert.doesNotMatch(text, /Xk9mPq2vLw/);
    assert.doesNotMatch(text, new RegExp(APPROLE_ALIAS_ROLE_ID), 'an AppRole alias\'s name is a role_id: login material');
    assert.match(text, /"secretMaterial"/);
    const snapshot = JSON.parse(text) as { format: string; version: number; sources: string[] };
    assert.equal(snapshot.format, 'secret-scan-snapshot');
    assert.deepEqual(snapshot.sources.filter((s) => s.startsWith('aws:')), ['aws:account:111111111111', `aws:account:${B}`]);
    const run = runBuiltCli(['--snapshot', join(out, 'all.json'), '--manifest', manifest, '--format', 'json', '--fail-on', 'never']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(answerView(JSON.parse(run.stdout) as Report), answerView(live));
  });

  test('snapshots of one account each (a CI matrix) merge into one analysis', async () => {
    const a = await runLiveCli(['--aws', '--manifest', manifest, '--format', 'json', '--quiet', '--fail-on', 'never', '--snapshot-out', join(out, 'a.json')], emulator, { VAULT_ADDR: '' });
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.stderr, '', '--quiet prints no progress');
    const b = await runLiveCli(['--aws', '--no-base-account', '--assume-role', assumeB, '--vault', '--manifest', manifest, '--quiet', '--fail-on', 'never', '--format', 'json', '--snapshot-out', join(out, 'b.json')], emulator);
    assert.equal(b.status, 0, b.stderr);
    const merged = runBuiltCli(['--snapshot', join(out, 'a.json'), '--snapshot', join(out, 'b.json'), '--manifest', manifest, '--format', 'json', '--fail-on', 'never']);
    assert.equal(merged.status, 0, merged.stderr);
    assert.deepEqual(answerView(JSON.parse(merged.stdout) as Report), answerView(live));
  });

  test('a snapshot and file inputs scan together', () => {
    const dumps = mkdtempSync(join(tmpdir(), 'live-mixed-'));
    const world = buildWorld();
    // Only Vault as files; AWS from the snapshot of account A and B.
    writeCliDumps({ ...world, accounts: [] }, dumps);
    const run = runBuiltCli([dumps, '--snapshot', join(out, 'a.json'), '--snapshot', join(out, 'b.json'), '--format', 'json', '--fail-on', 'never']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(answerView(JSON.parse(run.stdout) as Report), answerView(live));
  });

  test('the SDK\'s Node.js support notice never reaches the user (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, aws/aws-sdk-js-v3#7983)', () => {
    // The runner sets no NODE_NO_WARNINGS: on Node 20 the SDK would print NodeVersionSupportWarning here.
    assert.doesNotMatch(liveStderr, /Warning|AWS SDK for JavaScript|node >=/);
    assert.ok(liveStderr.split('\n').filter(Boolean).every((line) => line.startsWith('secret-scan: ')), liveStderr);
  });

  test('progress goes to stderr, one line per stage off a terminal', () => {
    assert.match(liveStderr, /secret-scan: account 111111111111: IAM\n/);
    assert.match(liveStderr, /secret-scan: live inventory read: .* \(\d+ API calls, [\d.]+ s\)\n/);
  });
});

describe('live mode: an auth method it does not read', () => {
  // A userpass mount logs people in with policies the scan does not see: the mount is named (SS011)
  // and one symbolic reader may read any Vault path, conditionally, instead of the gap passing in silence.
  // doc: https://developer.hashicorp.com/vault/api-docs/system/auth#list-auth-methods
  test('a userpass mount widens every Vault secret, conditionally, and says so', async () => {
    const world = buildWorld();
    if (!world.vault) throw new Error('the world has a Vault');
    world.vault.auth['userpass/'] = { type: 'userpass' };
    const emulator = await startEmulator(world);
    try {
      const run = await runLiveCli(['--vault', '--manifest', join(manifestDir(), 'secret-scan.yaml'), '--format', 'json', '--fail-on', 'never'], emulator);
      const report = reportOf(run);
      const reader = 'unknown:roles of Vault auth mount userpass not listed';
      assert.equal(answerView(report).secrets['app-vault-db']?.readers[reader], true);
      assert.ok(report.findings.some((f) => f.ruleId === 'SS011' && /auth mount userpass \(method userpass\) is not read/.test(f.message)));
      assert.ok(!emulator.log.some((c) => c.operation.startsWith('LIST auth/userpass') || c.operation.startsWith('GET auth/userpass')));
    } finally {
      await emulator.close();
    }
  });
});

describe('live mode: a database secrets engine\'s roles', () => {
  // Reading MOUNT/creds/NAME makes database credentials and MOUNT/static-creds/NAME returns a static
  // role's password: each role is a secret. Live mode lists the role names, never reads a credential.
  // doc: https://developer.hashicorp.com/vault/api-docs/secret/databases#list-roles
  test('each role of a database mount is a secret, read by whoever a policy lets read its path', async () => {
    const world = buildWorld();
    if (!world.vault) throw new Error('the world has a Vault');
    world.vault.mounts['shop/database/'] = { type: 'database', roles: ['reports', 'orders'], staticRoles: ['migrations'] };
    world.vault.policies['ops'] = 'path "shop/database/creds/*" {\n  capabilities = ["read"]\n}\npath "shop/database/static-creds/*" {\n  capabilities = ["read"]\n}\n';
    const aws = world.vault.auth['aws/'];
    if (!aws?.roles) throw new Error('the world has AWS auth roles');
    aws.roles['ops'] = { auth_type: 'iam', bound_iam_principal_arn: [`arn:aws:iam::${A}:role/ops`], token_policies: ['ops'], policies: ['ops'], resolve_aws_unique_ids: true };
    const emulator = await startEmulator(world);
    const out = mkdtempSync(join(tmpdir(), 'live-db-'));
    try {
      const run = await runLiveCli(['--vault', '--manifest', join(manifestDir(), 'secret-scan.yaml'), '--format', 'json', '--fail-on', 'never', '--snapshot-out', join(out, 'vault.json')], emulator);
      const view = answerView(reportOf(run));
      for (const path of ['shop/database/creds/orders', 'shop/database/creds/reports', 'shop/database/static-creds/migrations']) {
        assert.deepEqual(view.secrets[path]?.readers, { [`arn:aws:iam::${A}:role/ops`]: false }, path);
      }
      const vaultOps = emulator.log.filter((c) => c.service === 'vault').map((c) => c.operation);
      assert.ok(vaultOps.includes('LIST shop/database/roles') && vaultOps.includes('LIST shop/database/static-roles'), vaultOps.join(', '));
      assert.deepEqual(vaultOps.filter((op) => /creds/.test(op)), []);
      // Offline, the snapshot gives the same secrets.
      const offline = runBuiltCli(['--snapshot', join(out, 'vault.json'), '--manifest', join(manifestDir(), 'secret-scan.yaml'), '--format', 'json', '--fail-on', 'never']);
      assert.equal(offline.status, 0, offline.stderr);
      assert.deepEqual(answerView(JSON.parse(offline.stdout) as Report), view);
      // A role list the token may not read is said (SS011): those credentials are then secrets only
      // where a policy or the manifest names them; the other list still counts.
      emulator.faults.push({ kind: 'AccessDenied', operation: 'shop/database/roles' });
      const denied = reportOf(await runLiveCli(['--vault', '--manifest', join(manifestDir(), 'secret-scan.yaml'), '--format', 'json', '--fail-on', 'never'], emulator));
      const deniedView = answerView(denied);
      assert.equal(deniedView.secrets['shop/database/creds/orders'], undefined);
      assert.deepEqual(deniedView.secrets['shop/database/static-creds/migrations']?.readers, { [`arn:aws:iam::${A}:role/ops`]: false });
      assert.ok(denied.findings.some((f) => f.ruleId === 'SS011' && /the roles of database mount shop\/database are unknown/.test(f.message)), denied.findings.map((f) => f.message).join('\n'));
    } finally {
      await emulator.close();
    }
  });
});

describe('live mode command line', () => {
  test('flags that need --aws or --vault are usage errors (exit 2)', () => {
    for (const args of [['--region', 'us-east-1'], ['--assume-role', 'arn:aws:iam::123456789012:role/x'], ['--vault-addr', 'http://x'], ['--snapshot-out', 'x.json'], ['--aws', '--assume-role', 'not-an-arn']]) {
      const run = runBuiltCli(args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    }
  });

  test('live mode with AWS and Vault unreachable reports each gap and exits 3 (nothing was scanned)', async () => {
    const closed = { url: 'http://127.0.0.1:9', log: [], faults: [], delayMs: 0, credentialLifetimeMs: 0, issuedKeys: new Map<string, number>(), close: async () => {} };
    const run = await runLiveCli(['--aws', '--vault', '--format', 'json'], closed, { AWS_MAX_ATTEMPTS: '2' });
    assert.equal(run.status, 3, run.stderr);
    const report = reportOf(run);
    assert.deepEqual(report.coverage.loaded, []);
    const reasons = report.coverage.skipped.map((s) => `${s.file} ${s.reason}`).join('\n');
    assert.match(reasons, /aws:sts:us-east-1 api\w+: GetCallerIdentity/);
    assert.match(reasons, /vault:http:\/\/127\.0\.0\.1:9 api\w+: LIST sys\/policies\/acl/);
  });

  test('a snapshot that is not one loads nothing and says so (SS011); nothing else given: exit 3', () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-bad-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"format":"secret-scan-snapshot","version":99}');
    const run = runBuiltCli(['--snapshot', file, '--format', 'json']);
    // Exit code 3 (README "Usage"): every input failed, so nothing was scanned (3); the report is still written.
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /nothing was scanned: every input failed to load \(.*bad\.json\)/);
    const report = JSON.parse(run.stdout) as Report;
    assert.ok(report.coverage.skipped.some((s) => /snapshotInvalid/.test(s.reason)));
    assert.ok(report.findings.some((f) => f.ruleId === 'SS011'));
  });
});
