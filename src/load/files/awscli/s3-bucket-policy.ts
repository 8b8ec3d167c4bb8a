import type { S3Bucket } from '../../../model/inventory.js';
import type { JsonObject } from '../../../model/source.js';
import { baseName, sourceAt, type ShapeInput, type ShapeResult } from './aws-cli-context.js';
import { loadPolicyDocument } from './policy-document.js';

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html

const SUFFIX = '.bucket-policy.json';

/** The bucket a `BUCKET.bucket-policy.json` file belongs to (README "Inputs"), or undefined for other names. */
export function bucketNameFromPath(relativePath: string): string | undefined {
  const name = baseName(relativePath);
  return name.endsWith(SUFFIX) && name.length > SUFFIX.length ? name.slice(0, -SUFFIX.length) : undefined;
}

/** True for a bare policy document (`Statement` at the top). */
export function isBarePolicyDocument(json: JsonObject): boolean {
  return 'Statement' in json;
}

/**
 * Loads a bucket policy saved from `aws s3api get-bucket-policy` (`{"Policy": "<json text>"}`) or
 * as a bare document, under `BUCKET.bucket-policy.json`. The bucket name comes from the file name
 * only; its owning account is left unknown (a bucket name does not say it).
 */
export function loadS3BucketPolicy(input: ShapeInput, bucket: string): ShapeResult {
  const wrapped = 'Policy' in input.json;
  const pointer = wrapped ? '/Policy' : '';
  const loaded = loadPolicyDocument(input, wrapped ? input.json['Policy'] : input.json, pointer, `bucket/${bucket} bucket policy`, 'resource');
  const entry: S3Bucket = { name: bucket, source: sourceAt(input, '') };
  if (loaded.policy) entry.policy = loaded.policy;
  return { fragment: { buckets: [entry] }, issues: loaded.issues };
}
