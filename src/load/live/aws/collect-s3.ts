import { GetBucketLocationCommand, GetBucketPolicyCommand, paginateListBuckets } from '@aws-sdk/client-s3';
import type { Bucket } from '@aws-sdk/client-s3';
import type { S3AclSwitch, S3Bucket, S3ObjectAcl } from '../../../model/inventory.js';
import { loadS3BucketPolicy } from '../../files/awscli/s3-bucket-policy.js';
import { unknownPolicyDocument } from '../../unknown-policy.js';
import { incompleteListing, issueFor, placeSource, type CallPlace, type LiveCaller, type LiveLoadResult } from '../live-call.js';
import { liveShapeInput } from '../live-shape-input.js';
import type { AccountClients } from './aws-clients.js';
import { collectBucketAcls } from './collect-s3-acls.js';

/**
 * Buckets of one account (`ListBuckets`, every page), each with its region and policy (`GetBucketPolicy`, read by the file-mode loader). `NoSuchBucketPolicy` means no
 * policy. A policy that cannot be read is unknown: it becomes a conditional Allow of everything to
 * `*` (readers widen, conditionally, naming the failed call) and an SS011. `ListBuckets` names each
 * bucket's region (`BucketRegion`) when the request has a parameter, so it is asked with
 * `MaxBuckets`; `GetBucketLocation` is called only for a bucket listed without one. The objects the
 * manifest names in a listed bucket have their ACLs read (collect-s3-acls.ts).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
 */
export async function collectS3(clients: AccountClients, caller: LiveCaller, account: string, region: string, out: LiveLoadResult, objects: readonly { bucket: string; key: string }[] = []): Promise<void> {
  caller.progress.begin(`account ${account}: S3`, 1);
  const listPlace = { file: `aws:s3:${region}`, api: 'ListBuckets', account } satisfies CallPlace;
  const buckets: Bucket[] = [];
  const pages = paginateListBuckets({ client: clients.s3(region), pageSize: 10_000 }, {});
  for (;;) {
    const next = await caller.call(listPlace, () => pages.next(), 'page');
    if (!next.ok) {
      out.issues.push(issueFor(listPlace, next.failure, 'the buckets it did not return are unknown: an S3 secret named in the manifest whose bucket is not listed is taken to have an unknown bucket policy (anyone may read, conditionally)'));
      out.fragments.push({ incompleteListings: [incompleteListing('s3', listPlace)] });
      break;
    }
    if (next.value.done) break;
    buckets.push(...(next.value.value.Buckets ?? []));
  }
  caller.progress.expect(buckets.length + buckets.filter((b) => b.BucketRegion === undefined).length);
  const fragmentBuckets: S3Bucket[] = [];
  const s3ObjectAcls: S3ObjectAcl[] = [];
  const s3AclSwitches: S3AclSwitch[] = [];
  let objectsAsked = 0;
  await Promise.all(buckets.map(async ({ Name: name, BucketRegion: listedRegion }) => {
    if (name === undefined) return;
    let bucketRegion = listedRegion;
    if (bucketRegion === undefined) {
      const locationPlace: CallPlace = { file: `aws:s3:${region}`, api: 'GetBucketLocation', resource: name, account };
      const location = await caller.call(locationPlace, () => clients.s3(region).send(new GetBucketLocationCommand({ Bucket: name })));
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html: an empty constraint is us-east-1, `EU` is eu-west-1.
      if (location.ok) bucketRegion = location.value.LocationConstraint === 'EU' ? 'eu-west-1' : location.value.LocationConstraint || 'us-east-1';
      else out.issues.push(issueFor(locationPlace, location.failure, `the policy is read through ${region} instead`));
    }
    const policyRegion = bucketRegion ?? region;
    // The objects the manifest names here: their ACLs are grants too (docs/semantics.md#s3-acls).
    const keys = objects.filter((o) => o.bucket === name).map((o) => o.key);
    if (keys.length > 0) {
      objectsAsked += keys.length;
      const found = await collectBucketAcls(clients, caller, account, name, policyRegion, keys);
      s3ObjectAcls.push(...found.acls);
      s3AclSwitches.push(...found.switches);
      out.issues.push(...found.issues);
    }
    const place: CallPlace = { file: `aws:s3:${policyRegion}`, api: 'GetBucketPolicy', resource: name, account };
    const policy = await caller.call(place, () => clients.s3(policyRegion).send(new GetBucketPolicyCommand({ Bucket: name })));
    if (policy.ok && policy.value.Policy !== undefined) {
      const loaded = loadS3BucketPolicy(liveShapeInput(place.file, { Policy: policy.value.Policy }, { region: policyRegion, defaultAccount: account }, name), name);
      for (const bucket of loaded.fragment.buckets ?? []) fragmentBuckets.push({ ...bucket, account });
      out.issues.push(...loaded.issues);
      return;
    }
    const entry: S3Bucket = { name, account, source: placeSource(place) };
    if (!policy.ok && policy.failure.kind !== 'notFound') {
      out.issues.push(issueFor(place, policy.failure, 'the bucket policy is unknown: it is taken to allow anyone, conditionally'));
      entry.policy = unknownPolicyDocument(`bucket/${name} bucket policy`, `${place.api} on ${name} failed (${policy.failure.kind})`, 'resource', placeSource(place));
    }
    fragmentBuckets.push(entry);
  }));
  fragmentBuckets.sort((a, b) => a.name.localeCompare(b.name));
  s3ObjectAcls.sort((a, b) => `${a.bucket}/${a.key}`.localeCompare(`${b.bucket}/${b.key}`));
  s3AclSwitches.sort((a, b) => JSON.stringify(a.scope).localeCompare(JSON.stringify(b.scope)) || a.setting.localeCompare(b.setting));
  out.fragments.push({ buckets: fragmentBuckets, ...(s3ObjectAcls.length > 0 ? { s3ObjectAcls } : {}), ...(s3AclSwitches.length > 0 ? { s3AclSwitches } : {}) });
  const acls = objectsAsked > 0 ? `, GetObjectAcl (${objectsAsked} object${objectsAsked === 1 ? '' : 's'} the manifest names)` : '';
  out.loaded.push(`aws:s3:${region} ListBuckets, GetBucketLocation, GetBucketPolicy${acls} (account ${account}, ${buckets.length} buckets)`);
}
