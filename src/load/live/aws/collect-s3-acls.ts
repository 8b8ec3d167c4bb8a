import { GetBucketOwnershipControlsCommand, GetObjectAclCommand, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import type { S3AclGroup, S3AclSwitch, S3ObjectAcl } from '../../../model/inventory.js';
import type { Issue } from '../../../model/issue.js';
import { aclGroupOf, grantsRead, grantText } from '../../s3-acl-grants.js';
import { issueFor, placeSource, type CallPlace, type LiveCaller } from '../live-call.js';
import type { AccountClients } from './aws-clients.js';

/** What reading one bucket's object ACLs found. */
export interface BucketAcls {
  acls: S3ObjectAcl[];
  switches: S3AclSwitch[];
  issues: Issue[];
}

/**
 * The ACLs of the objects the manifest names in one bucket (`GetObjectAcl`: the grants only, never
 * the object), and, when one lets a group read, the bucket settings that may switch ACLs off
 * (`GetBucketOwnershipControls`, `GetPublicAccessBlock`), docs/semantics.md#s3-acls. An object that
 * does not exist has no ACL. An ACL that cannot be read may be public: anyone reads, conditionally,
 * naming the failed call. A setting that cannot be read switches nothing off. The account's own
 * Block Public Access (S3 Control) is not read: an ACL it would ignore is still reported.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketOwnershipControls.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html
 */
export async function collectBucketAcls(clients: AccountClients, caller: LiveCaller, account: string, bucket: string, region: string, keys: readonly string[]): Promise<BucketAcls> {
  const out: BucketAcls = { acls: [], switches: [], issues: [] };
  const file = `aws:s3:${region}`;
  await Promise.all(keys.map(async (key) => {
    const place: CallPlace = { file, api: 'GetObjectAcl', resource: `${bucket}/${key}`, account };
    const answer = await caller.call(place, () => clients.s3(region).send(new GetObjectAclCommand({ Bucket: bucket, Key: key })));
    if (!answer.ok) {
      if (answer.failure.kind === 'notFound') return;
      out.issues.push(issueFor(place, answer.failure, 'the object\'s ACL is unknown: it may be public, so anyone reads it, conditionally'));
      out.acls.push({ bucket, key, readers: ['AllUsers'], written: 'an ACL that could not be read', undecided: `${place.api} on ${bucket}/${key} failed (${answer.failure.kind})`, source: placeSource(place) });
      return;
    }
    const readers = new Set<S3AclGroup>();
    for (const grant of answer.value.Grants ?? []) {
      const group = grant.Grantee?.Type === 'Group' ? aclGroupOf(grant.Grantee.URI) : undefined;
      if (group && grantsRead(grant.Permission)) readers.add(group);
    }
    if (readers.size > 0) out.acls.push({ bucket, key, readers: [...readers].sort(), written: grantText([...readers].sort()), source: placeSource(place) });
  }));
  if (out.acls.length === 0) return out;
  const ownershipPlace: CallPlace = { file, api: 'GetBucketOwnershipControls', resource: bucket, account };
  const blockPlace: CallPlace = { file, api: 'GetPublicAccessBlock', resource: bucket, account };
  const [ownership, block] = await Promise.all([
    caller.call(ownershipPlace, () => clients.s3(region).send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))),
    caller.call(blockPlace, () => clients.s3(region).send(new GetPublicAccessBlockCommand({ Bucket: bucket }))),
  ]);
  const unreadSetting = 'taken to leave the object ACLs in force';
  if (ownership.ok) {
    if ((ownership.value.OwnershipControls?.Rules ?? []).some((rule) => rule.ObjectOwnership === 'BucketOwnerEnforced')) {
      out.switches.push({ scope: { bucket }, setting: 'BucketOwnerEnforced', source: placeSource(ownershipPlace) });
    }
  } else if (ownership.failure.kind !== 'notFound') out.issues.push(issueFor(ownershipPlace, ownership.failure, `the bucket's Object Ownership is unknown: ${unreadSetting}`));
  if (block.ok) {
    if (block.value.PublicAccessBlockConfiguration?.IgnorePublicAcls === true) out.switches.push({ scope: { bucket }, setting: 'IgnorePublicAcls', source: placeSource(blockPlace) });
  } else if (block.failure.kind !== 'notFound') out.issues.push(issueFor(blockPlace, block.failure, `the bucket's Block Public Access is unknown: ${unreadSetting}`));
  return out;
}
