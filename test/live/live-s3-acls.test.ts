// Live mode reads the ACL of each S3 object the manifest names (GetObjectAcl: the grants, never the
// object) and, where one is public, the bucket settings that may switch ACLs off
// (docs/semantics.md#s3-acls). The built CLI runs against the emulator through the real AWS SDK.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '../../src/model/report.js';
import { startEmulator, type EmulatedBucket, type Emulator, type EmulatedWorld } from '../support/live-emulator.js';
import { disallowedCalls, manifestDir, reportOf, runLiveCli } from './live-runner.js';
import { A, buildWorld } from './world.js';
import { join } from 'node:path';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const OBJECT = 'approles/app.json';

/** The bucket holding the declared object `app-approle` (s3://app-secrets/approles/app.json). */
function appSecrets(world: EmulatedWorld): EmulatedBucket {
  const bucket = world.accounts.find((a) => a.id === A)?.buckets?.find((b) => b.name === 'app-secrets');
  assert.ok(bucket);
  return bucket;
}

/** Readers of `app-approle`: principal → conditional. */
function approleReaders(report: Report): Map<string, boolean> {
  return new Map((report.secrets.find((s) => s.id === 'app-approle')?.readers ?? []).map((r) => [r.principal, r.conditional]));
}

describe('live mode: S3 object ACLs', () => {
  const world = buildWorld();
  let emulator: Emulator;
  let clean: Report;
  const args = ['--aws', '--manifest', join(manifestDir(), 'secret-scan.yaml'), '--format', 'json', '--quiet', '--fail-on', 'never'];

  /** Scans with the bucket changed by `change`, then restores it. */
  async function scanWith(change: Partial<EmulatedBucket>): Promise<Report> {
    const bucket = appSecrets(world);
    const saved = { ...bucket };
    Object.assign(bucket, change);
    emulator.log.length = 0;
    try {
      const run = await runLiveCli(args, emulator);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(disallowedCalls(emulator.log), [], 'only list, describe, get-policy and get-acl calls');
      return reportOf(run);
    } finally {
      for (const key of Object.keys(bucket) as (keyof EmulatedBucket)[]) delete bucket[key];
      Object.assign(bucket, saved);
    }
  }

  before(async () => {
    emulator = await startEmulator(world);
    clean = await scanWith({});
  });
  after(async () => { await emulator.close(); });

  test('a private object: its ACL is read, no one is added, and the bucket settings are not asked', () => {
    assert.equal(approleReaders(clean).has('*'), false);
    assert.match(clean.coverage.loaded.join('\n'), /GetObjectAcl \(1 object the manifest names\)/);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl (public-read: AllUsers READ)
  test('AllUsers READ on the object makes anyone a reader, unconditionally, with SS003 at the GetObjectAcl call', async () => {
    const report = await scanWith({ objects: { [OBJECT]: { groupGrants: [{ uri: ALL_USERS, permission: 'READ' }] } } });
    assert.equal(approleReaders(report).get('*'), false);
    const ss003 = report.findings.find((f) => f.ruleId === 'SS003' && f.secret === 'app-approle');
    assert.ok(ss003, 'SS003 for anyone');
    assert.deepEqual(ss003.locations?.[0]?.file, 'aws:s3:us-east-1');
    assert.ok(emulator.log.some((c) => c.operation === 'GetPublicAccessBlock'), 'a public ACL asks what may switch it off');
    for (const [principal, conditional] of approleReaders(clean)) assert.equal(approleReaders(report).has(principal), true, `${principal} (conditional ${conditional}) still reads`);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups (AuthenticatedUsers: every AWS account)
  test('AuthenticatedUsers FULL_CONTROL on the object also makes anyone a reader', async () => {
    const report = await scanWith({ objects: { [OBJECT]: { groupGrants: [{ uri: AUTHENTICATED_USERS, permission: 'FULL_CONTROL' }] } } });
    assert.equal(approleReaders(report).get('*'), false);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html (IgnorePublicAcls)
  test('Block Public Access IgnorePublicAcls on the bucket ignores the public ACL: the answer is the clean one', async () => {
    const report = await scanWith({ objects: { [OBJECT]: { groupGrants: [{ uri: ALL_USERS, permission: 'READ' }] } }, publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true } });
    assert.deepEqual(approleReaders(report), approleReaders(clean));
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html (Bucket owner enforced: GetObjectAcl shows the owner only)
  test('Object Ownership BucketOwnerEnforced: the ACL read shows the owner only, and nothing is added', async () => {
    const report = await scanWith({ objects: { [OBJECT]: { groupGrants: [{ uri: ALL_USERS, permission: 'READ' }] } }, ownership: 'BucketOwnerEnforced' });
    assert.deepEqual(approleReaders(report), approleReaders(clean));
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html (NoSuchKey)
  test('an object that does not exist has no ACL: no reader added and no SS011', async () => {
    const report = await scanWith({ objects: {} });
    assert.deepEqual(approleReaders(report), approleReaders(clean));
    assert.deepEqual(report.findings.filter((f) => f.ruleId === 'SS011').map((f) => f.message), clean.findings.filter((f) => f.ruleId === 'SS011').map((f) => f.message));
  });
});
