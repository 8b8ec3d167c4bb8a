// Faults never shrink an answer (docs/semantics.md#missing-policies): each injected fault (AccessDenied, timeout,
// unreachable, throttling) on a live call yields an SS011 naming the API, region and resource,
// the scan goes on, what could not be read widens, and no reader of the clean scan disappears.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { startEmulator, type Emulator, type EmulatedRegion, type EmulatedWorld, type Fault } from '../support/live-emulator.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runBuiltCli } from '../e2e/cli-runner.js';
import { answerView, manifestDir, reportOf, runLiveCli } from './live-runner.js';
import { A, B, REGION, buildWorld } from './world.js';

/** Account A's resources in `REGION` (the world's own objects, for setups to reorder). */
function regionOfA(world: EmulatedWorld): EmulatedRegion {
  const region = world.accounts.find((a) => a.id === A)?.regions?.[REGION];
  assert.ok(region);
  return region;
}

const UNLISTED_A = `unknown:principals of account ${A} not listed`;
const APP_TASK = `arn:aws:iam::${A}:role/app-task`;
const UNLISTED_TASKS_A = `unknown:task roles of unlisted ECS task definitions in ${A} ${REGION}`;

const manifest = join(manifestDir(), 'secret-scan.yaml');
const args = ['--aws', '--assume-role', `arn:aws:iam::${B}:role/secret-scan`, '--vault', '--manifest', manifest, '--format', 'json', '--quiet'];

interface FaultCase {
  name: string;
  /** The AWS or Vault page this case follows. */
  doc: string;
  fault: Fault;
  /** The SS011 must say all of these. */
  says: RegExp[];
  /** Readers that the fault must add, conditionally: secret id → principals. */
  widens?: Record<string, string[]>;
  /** Readers that the fault must add, conditionally or not (an SCP not applied): secret id → principals. */
  gains?: Record<string, string[]>;
  /** The fault hides this account's principals: each of its readers may be replaced by `standIn` (default: the account root). */
  hidesAccount?: string;
  standIn?: string;
  /** Readers of the clean scan the fault may replace, each by the symbolic reader that stands for it (original → stand-in). */
  standsIn?: Record<string, string>;
  /** Secrets known only from what the fault hid (a plaintext in an unseen task definition): they may vanish. */
  hidesSecrets?: string[];
  /** Rules that must raise nothing the clean scan did not (an unknown never makes an owner unable to read, or a role unbound). */
  quiet?: string[];
  /** At most this many items a page (emulator `pageCap`), so that the small world's listings span pages. */
  pageCap?: number;
  /** Changes the emulated world for this case; returns the undo. */
  setup?: (world: EmulatedWorld) => () => void;
  /** Also save a snapshot and check that scanning it offline widens the same way. */
  snapshot?: boolean;
  /** True when the fault is absorbed (retried) and the answer is unchanged, with no SS011. */
  absorbed?: boolean;
}

const CASES: FaultCase[] = [
  {
    name: 'GetBucketPolicy AccessDenied: the bucket policy is unknown, anyone may read, conditionally',
    doc: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html',
    fault: { kind: 'AccessDenied', operation: 'GetBucketPolicy', resource: 'app-secrets' },
    says: [/apiAccessDenied/, /GetBucketPolicy/, /app-secrets/, /aws:s3:us-east-1/],
    widens: { 'app-approle': ['*'] },
  },
  {
    name: 'GetObjectAcl AccessDenied: the object\'s ACL may be public, anyone may read, conditionally (also offline, from the snapshot)',
    doc: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html; docs/semantics.md#s3-acls',
    fault: { kind: 'AccessDenied', operation: 'GetObjectAcl', resource: 'app-secrets/approles/app.json' },
    says: [/apiAccessDenied/, /GetObjectAcl/, /app-secrets\/approles\/app\.json/, /aws:s3:us-east-1/],
    widens: { 'app-approle': ['*'] },
    snapshot: true,
  },
  {
    name: 'GetKeyPolicy AccessDenied: kms:Decrypt with the key is taken as possible, conditionally',
    doc: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html',
    fault: { kind: 'AccessDenied', operation: 'GetKeyPolicy' },
    says: [/apiAccessDenied/, /GetKeyPolicy/, /1234abcd-12ab-34cd-56ef-1234567890ab/, /aws:kms:us-east-1/],
    // ci-deploy may ssm:GetParameter anything and decrypts through a grant; the unread key policy
    // might deny it, so its read becomes conditional.
    widens: { 'app-db-pass': ['arn:aws:iam::111111111111:role/ci-deploy'] },
  },
  {
    name: 'DescribeSecret AccessDenied: the secret may be replicated anywhere, so each read of a copy in some region becomes conditional',
    doc: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html; https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html',
    fault: { kind: 'AccessDenied', operation: 'DescribeSecret' },
    says: [/apiAccessDenied/, /DescribeSecret/, /prod\/app-db/, /aws:secretsmanager:us-east-1/],
    // dr-runbook may read secrets in us-west-2 only: the replica's region unknown, its read is undecided.
    widens: { 'app-db': ['arn:aws:iam::111111111111:role/dr-runbook'] },
  },
  {
    name: 'ListGrants AccessDenied: anyone may hold a grant on the key, so decryption with it is possible for every principal, conditionally',
    doc: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html; https://docs.aws.amazon.com/kms/latest/developerguide/grants.html',
    fault: { kind: 'AccessDenied', operation: 'ListGrants' },
    says: [/apiAccessDenied/, /ListGrants/, /1234abcd-12ab-34cd-56ef-1234567890ab/, /aws:kms:us-east-1/],
    // ci-deploy decrypts only through its grant: unread, the grant is replaced by a conditional one to anyone.
    widens: { 'app-db-pass': ['arn:aws:iam::111111111111:role/ci-deploy'] },
  },
  {
    name: 'GetResourcePolicy timeout: the secret policy is unknown (an Allow to anyone, conditional); the key policy still decides decryption',
    doc: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetResourcePolicy.html',
    fault: { kind: 'Timeout', operation: 'GetResourcePolicy' },
    says: [/apiTimeout/, /GetResourcePolicy/, /prod\/app-db/, /aws:secretsmanager:us-east-1/],
    // `*` gains the read itself but not kms:Decrypt: the customer key's policy still keeps it out.
  },
  {
    name: 'GetBucketPolicy unreachable (connection reset): unknown policy, widened',
    doc: 'https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html',
    fault: { kind: 'Unreachable', operation: 'GetBucketPolicy', resource: 'app-secrets' },
    says: [/apiUnreachable|apiTimeout|apiError/, /GetBucketPolicy/, /app-secrets/],
    widens: { 'app-approle': ['*'] },
  },
  {
    name: 'Vault policy read denied: the policy is missing, so roles holding it may read anything',
    doc: 'https://developer.hashicorp.com/vault/api-docs/system/policies#read-acl-policy',
    fault: { kind: 'AccessDenied', operation: 'sys/policies/acl/:name', resource: 'sys/policies/acl/app' },
    says: [/apiAccessDenied/, /sys\/policies\/acl\/app/, /vault:http/],
  },
  {
    name: 'GetAccountAuthorizationDetails AccessDenied: the account\'s root stands for its unknown principals',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts',
    fault: { kind: 'AccessDenied', operation: 'GetAccountAuthorizationDetails', account: '111111111111' },
    says: [/apiAccessDenied/, /GetAccountAuthorizationDetails/, /account 111111111111/, /aws:iam:global/],
    hidesAccount: '111111111111',
  },
  {
    name: 'Organizations ListRoots AccessDenied for every account: the SCPs are unknown and none is applied',
    doc: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html',
    fault: { kind: 'AccessDenied', operation: 'ListRoots' },
    says: [/apiAccessDenied/, /ListRoots/, /aws:organizations:us-east-1/, /account 111111111111/, /account 222222222222/, /SCPs over account 222222222222 are unknown/],
    gains: { 'app-db': [`arn:aws:iam::${B}:role/analyst`] },
  },
  {
    name: 'DescribePolicy AccessDenied: the SCP\'s content is unknown, it denies nothing',
    doc: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html',
    fault: { kind: 'AccessDenied', operation: 'DescribePolicy', resource: 'p-onlyreporting' },
    says: [/apiAccessDenied/, /DescribePolicy/, /p-onlyreporting/, /aws:organizations:us-east-1/],
    gains: { 'app-db': [`arn:aws:iam::${B}:role/analyst`] },
  },
  {
    name: 'ListPoliciesForTarget AccessDenied on the OU: that level is incomplete and allows conditionally',
    doc: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html',
    fault: { kind: 'AccessDenied', operation: 'ListPoliciesForTarget', resource: 'ou-emul-apps' },
    says: [/apiAccessDenied/, /ListPoliciesForTarget/, /ou-emul-apps/],
    widens: { 'app-db': [`arn:aws:iam::${B}:role/analyst`] },
  },
  {
    name: 'ListParents timeout for account B: its place is unknown, SCPs above it are not applied',
    doc: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListParents.html',
    fault: { kind: 'Timeout', operation: 'ListParents', resource: B },
    says: [/apiTimeout/, /ListParents/, new RegExp(B)],
    gains: { 'app-db': [`arn:aws:iam::${B}:role/analyst`] },
  },
  // Listings that stop part-way: what they did not return is unknown and widens.
  {
    name: 'GetAccountAuthorizationDetails page 2 AccessDenied: the principals not listed are one symbolic reader of what the account may be granted, conditionally',
    doc: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html',
    pageCap: 1,
    fault: { kind: 'AccessDenied', operation: 'GetAccountAuthorizationDetails', account: A, skip: 1 },
    says: [/apiAccessDenied/, /GetAccountAuthorizationDetails/, /account 111111111111/, /after page 1 are unknown/, /aws:iam:global/],
    hidesAccount: A,
    standIn: UNLISTED_A,
    snapshot: true,
    // Same-account secrets through identity policies, and Vault through the AWS auth role bound to a role not listed.
    widens: { 'app-db-pass': [UNLISTED_A], 'app-db': [UNLISTED_A], 'app-approle': [UNLISTED_A], 'app-vault-db': [UNLISTED_A] },
  },
  {
    name: 'ListBuckets page 2 AccessDenied: a declared bucket not listed has an unknown policy, anyone may read, conditionally',
    doc: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html',
    pageCap: 1,
    setup: (world) => {
      const buckets = world.accounts.find((a) => a.id === A)?.buckets ?? [];
      buckets.reverse(); // app-secrets on page 2
      return () => { buckets.reverse(); };
    },
    fault: { kind: 'AccessDenied', operation: 'ListBuckets', account: A, skip: 1 },
    says: [/apiAccessDenied/, /ListBuckets/, /account 111111111111/, /aws:s3:us-east-1/],
    widens: { 'app-approle': ['*'] },
  },
  {
    name: 'DescribeParameters page 2 AccessDenied: a declared parameter not listed may be a SecureString under any key, decryption conditional',
    doc: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeParameters.html',
    pageCap: 1,
    setup: (world) => {
      const parameters = regionOfA(world).parameters ?? [];
      parameters.reverse(); // /prod/app/db-pass on page 2
      return () => { parameters.reverse(); };
    },
    fault: { kind: 'AccessDenied', operation: 'DescribeParameters', account: A, skip: 1 },
    says: [/apiAccessDenied/, /DescribeParameters/, /aws:ssm:us-east-1/],
    // ci-deploy may ssm:GetParameter anything; only the key policy kept it from decrypting.
    widens: { 'app-db-pass': [`arn:aws:iam::${A}:role/ci-deploy`] },
  },
  {
    name: 'ListSecrets page 3 timeout: a declared secret not listed has an unknown resource policy and key, anyone may read, conditionally',
    doc: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html',
    pageCap: 1,
    setup: (world) => {
      const secrets = regionOfA(world).secrets ?? [];
      const fillers = ['prod/aaa', 'prod/bbb'].map((name) => ({ ARN: `arn:aws:secretsmanager:${REGION}:${A}:secret:${name}-XyZ123`, Name: name, LastChangedDate: '2024-01-01T00:00:00Z' }));
      secrets.unshift(...fillers); // prod/app-db on page 3
      return () => { secrets.splice(0, fillers.length); };
    },
    fault: { kind: 'Timeout', operation: 'ListSecrets', account: A, skip: 2 },
    says: [/apiTimeout/, /ListSecrets/, /aws:secretsmanager:us-east-1/],
    widens: { 'app-db': ['*'] },
  },
  {
    name: 'ListKeys AccessDenied: keys not described have unknown policies, decryption with them conditional',
    doc: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html',
    fault: { kind: 'AccessDenied', operation: 'ListKeys', account: A },
    says: [/apiAccessDenied/, /ListKeys/, /aws:kms:us-east-1/],
    widens: { 'app-db-pass': [`arn:aws:iam::${A}:role/ci-deploy`] },
  },
  // Vault auth roles that could not be read: one symbolic reader each, of every Vault path, conditionally.
  {
    name: 'LIST auth/aws/role AccessDenied: the mount\'s roles are unknown, one symbolic reader logs in through them and may read any Vault path, conditionally',
    doc: 'https://developer.hashicorp.com/vault/api-docs/auth/aws#list-roles',
    fault: { kind: 'AccessDenied', operation: 'auth/aws/role' },
    says: [/apiAccessDenied/, /LIST auth\/aws\/role/, /vault:http/, /unknown:roles of Vault auth mount aws not listed/],
    // app-task logged in through aws/app-task, whose binding is now unknown: the graph cannot name it.
    standsIn: { [APP_TASK]: 'unknown:roles of Vault auth mount aws not listed' },
    widens: { 'app-vault-db': ['unknown:roles of Vault auth mount aws not listed'] },
    quiet: ['SS002', 'SS009'],
    snapshot: true,
  },
  {
    name: 'GET auth/aws/role/app-task timeout: the role is unknown, one symbolic reader stands for whoever it binds',
    doc: 'https://developer.hashicorp.com/vault/api-docs/auth/aws#read-role',
    fault: { kind: 'Timeout', operation: 'auth/aws/role/:name', resource: 'auth/aws/role/app-task' },
    says: [/apiTimeout/, /GET auth\/aws\/role\/app-task/, /vault:http/, /unknown:Vault role aws\/app-task not read/],
    standsIn: { [APP_TASK]: 'unknown:Vault role aws/app-task not read' },
    widens: { 'app-vault-db': ['unknown:Vault role aws/app-task not read'] },
    quiet: ['SS002', 'SS009'],
  },
  {
    name: 'GET auth/jwt/role/deploy AccessDenied: the JWT role is unknown, one symbolic reader stands for whoever its bindings admit',
    doc: 'https://developer.hashicorp.com/vault/api-docs/auth/jwt#read-role',
    fault: { kind: 'AccessDenied', operation: 'auth/jwt/role/:name', resource: 'auth/jwt/role/deploy' },
    says: [/apiAccessDenied/, /GET auth\/jwt\/role\/deploy/, /vault:http/, /unknown:Vault role jwt\/deploy not read/],
    standsIn: { 'vault-login:auth/jwt/role/deploy': 'unknown:Vault role jwt/deploy not read' },
    widens: { 'app-vault-db': ['unknown:Vault role jwt/deploy not read'] },
    quiet: ['SS002'],
  },
  {
    name: 'LIST identity/group/name AccessDenied: the identity groups are unknown, one symbolic reader stands for their members',
    doc: 'https://developer.hashicorp.com/vault/api-docs/secret/identity/group#list-groups-by-name',
    fault: { kind: 'AccessDenied', operation: 'identity/group/name' },
    says: [/apiAccessDenied/, /LIST identity\/group\/name/, /vault:http/, /unknown:Vault identity groups not listed/],
    standsIn: { 'vault-identity:group/oncall': 'unknown:Vault identity groups not listed' },
    widens: { 'app-vault-db': ['unknown:Vault identity groups not listed'] },
    quiet: ['SS002'],
  },
  {
    name: 'GET auth/approle/role/ci AccessDenied: the AppRole is unknown, one symbolic reader stands for whoever holds its credentials',
    doc: 'https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-role',
    fault: { kind: 'AccessDenied', operation: 'auth/approle/role/:name', resource: 'auth/approle/role/ci' },
    says: [/apiAccessDenied/, /GET auth\/approle\/role\/ci/, /unknown:Vault role approle\/ci not read/],
    // `*` read through ci (bind_secret_id=false): whether it still needs no secret_id is unknown, and
    // one unknown principal is never expanded to `*` (docs/semantics.md#symbolic-unknowns).
    standsIn: { '*': 'unknown:Vault role approle/ci not read' },
    widens: { 'app-vault-db': ['unknown:Vault role approle/ci not read'] },
    quiet: ['SS002', 'SS009'],
  },
  {
    name: 'GET sys/auth AccessDenied: the auth mounts are unknown, one symbolic reader stands for every login',
    doc: 'https://developer.hashicorp.com/vault/api-docs/system/auth#list-auth-methods',
    fault: { kind: 'AccessDenied', operation: 'sys/auth' },
    says: [/apiAccessDenied/, /GET sys\/auth/, /unknown:Vault auth mounts not listed/],
    standsIn: { [APP_TASK]: 'unknown:Vault auth mounts not listed', '*': 'unknown:Vault auth mounts not listed', 'vault-login:auth/jwt/role/deploy': 'unknown:Vault auth mounts not listed' },
    widens: { 'app-vault-db': ['unknown:Vault auth mounts not listed'] },
    quiet: ['SS002', 'SS009'],
  },
  // ECS task definitions not seen: any of them may inject what an ECS-trusted role of the account can fetch.
  {
    name: 'ListTaskDefinitions AccessDenied: an unseen task definition may inject what app-exec fetches into any task role; one symbolic reader, conditional',
    doc: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html',
    fault: { kind: 'AccessDenied', operation: 'ListTaskDefinitions', account: A },
    says: [/apiAccessDenied/, /ListTaskDefinitions/, /account 111111111111/, /aws:ecs:us-east-1/, /task roles of unlisted ECS task definitions/],
    standsIn: { [APP_TASK]: UNLISTED_TASKS_A },
    // The plaintext in the task definition's environment is not seen, so not reported (the SS011 says so).
    hidesSecrets: ['app/web/DB_URL'],
    widens: { 'app-db-pass': [UNLISTED_TASKS_A], 'app-db': [UNLISTED_TASKS_A] },
    quiet: ['SS002'],
  },
  {
    name: 'DescribeTaskDefinition timeout: the task definition is unknown, its task role is one symbolic reader of what ECS-trusted roles fetch',
    doc: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html',
    fault: { kind: 'Timeout', operation: 'DescribeTaskDefinition', account: A },
    says: [/apiTimeout/, /DescribeTaskDefinition/, /task-definition\/app:3/, /aws:ecs:us-east-1/],
    standsIn: { [APP_TASK]: UNLISTED_TASKS_A },
    hidesSecrets: ['app/web/DB_URL'],
    widens: { 'app-db-pass': [UNLISTED_TASKS_A], 'app-db': [UNLISTED_TASKS_A] },
    quiet: ['SS002'],
    snapshot: true,
  },
  {
    name: 'DescribeParameters throttled twice: adaptive retry absorbs it, same answer',
    doc: 'https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html',
    fault: { kind: 'Throttling', operation: 'DescribeParameters', times: 2 },
    says: [],
    absorbed: true,
  },
  {
    name: 'GetAccountAuthorizationDetails throttled once: retried, same answer',
    doc: 'https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html',
    fault: { kind: 'Throttling', operation: 'GetAccountAuthorizationDetails', times: 1 },
    says: [],
    absorbed: true,
  },
  {
    name: 'Vault policy list throttled once (429): retried, same answer',
    doc: 'https://developer.hashicorp.com/vault/docs/concepts/resource-quotas',
    fault: { kind: 'Throttling', operation: 'sys/policies/acl', times: 1 },
    says: [],
    absorbed: true,
  },
];

function readers(report: Report): Map<string, Map<string, boolean>> {
  return new Map(report.secrets.map((s) => [s.id, new Map(s.readers.map((r) => [r.principal, r.conditional]))]));
}

describe('live faults widen, never shrink', () => {
  let emulator: Emulator;
  let clean: Report;
  const world = buildWorld();
  before(async () => {
    emulator = await startEmulator(world);
    clean = reportOf(await runLiveCli(args, emulator));
    assert.deepEqual(clean.coverage.skipped, []);
  });
  after(async () => { await emulator.close(); });

  for (const c of CASES) {
    test(`${c.name} (doc: ${c.doc})`, async () => {
      emulator.faults.splice(0, emulator.faults.length, { ...c.fault });
      const undo = c.setup?.(world);
      if (c.pageCap !== undefined) emulator.pageCap = c.pageCap;
      // A short timeout only where the fault is one; elsewhere a loaded test machine must not time out.
      const snapshot = c.snapshot ? join(mkdtempSync(join(tmpdir(), 'live-fault-')), 'snapshot.json') : undefined;
      const run = await runLiveCli([...args, ...(snapshot ? ['--snapshot-out', snapshot] : [])], emulator, c.fault.kind === 'Timeout' ? { SECRET_SCAN_API_TIMEOUT_MS: '1500' } : {}).finally(() => {
        undo?.();
        delete emulator.pageCap;
      });
      const report = reportOf(run);
      assert.equal(run.status, 1, run.stderr);
      const before = readers(clean);
      const now = readers(report);
      for (const [secret, principals] of before) {
        if (c.hidesSecrets?.includes(secret) && !now.has(secret)) continue;
        for (const original of principals.keys()) {
          const hidden = c.hidesAccount !== undefined && original.startsWith(`arn:aws:iam::${c.hidesAccount}:`);
          let principal = original;
          if (!now.get(secret)?.has(original)) principal = hidden ? c.standIn ?? `arn:aws:iam::${c.hidesAccount}:root` : c.standsIn?.[original] ?? original;
          assert.ok(now.get(secret)?.has(principal), `${principal} no longer reads ${secret}; gaps: ${report.coverage.skipped.map((s) => s.reason).join('; ')}`);
        }
      }
      for (const rule of c.quiet ?? []) {
        const known = new Set(clean.findings.filter((f) => f.ruleId === rule).map((f) => f.fingerprint));
        assert.deepEqual(report.findings.filter((f) => f.ruleId === rule && !known.has(f.fingerprint)).map((f) => f.message), [], `${rule} raised by the fault`);
      }
      for (const [secret, principals] of Object.entries(c.gains ?? {})) {
        for (const principal of principals) assert.ok(now.get(secret)?.has(principal), `${principal} should read ${secret}`);
      }
      for (const [secret, principals] of Object.entries(c.widens ?? {})) {
        for (const principal of principals) assert.equal(now.get(secret)?.get(principal), true, `${principal} should read ${secret}, conditionally`);
      }
      const gaps = report.findings.filter((f) => f.ruleId === 'SS011');
      if (c.absorbed) {
        assert.deepEqual(gaps.map((f) => f.message), []);
        assert.deepEqual([...now].map(([s, p]) => [s, [...p]]), [...before].map(([s, p]) => [s, [...p]]));
        return;
      }
      if (snapshot) {
        // The gap travels in the snapshot (inventory.incompleteListings): offline, the same widened answer.
        const offline = runBuiltCli(['--snapshot', snapshot, '--manifest', manifest, '--format', 'json', '--fail-on', 'never']);
        assert.equal(offline.status, 0, offline.stderr);
        assert.deepEqual(answerView(JSON.parse(offline.stdout) as Report), answerView(report));
      }
      const said = [...gaps.map((f) => `${f.message} ${JSON.stringify(f.locations)}`), ...report.coverage.skipped.map((g) => `${g.file} ${g.reason}`)].join('\n');
      for (const pattern of c.says) assert.match(said, pattern);
      assert.ok(report.coverage.skipped.length > 0, 'coverage lists the gap');
    });
  }
});
