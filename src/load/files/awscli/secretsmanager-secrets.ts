import type { Issue } from '../../../model/issue.js';
import type { SecretReplica, SecretsManagerSecret } from '../../../model/inventory.js';
import type { JsonObject, JsonValue } from '../../../model/source.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { arr, issueAt, sourceAt, str, type ShapeInput, type ShapeResult } from './aws-cli-context.js';
import { loadPolicyDocument } from './policy-document.js';
import { withRegion } from '../../arns.js';

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetResourcePolicy.html

function isSecretObject(value: JsonValue | undefined): value is JsonObject {
  if (!isJsonObject(value)) return false;
  const arn = value['ARN'];
  return typeof arn === 'string' && /^arn:[^:]+:secretsmanager:/.test(arn) && typeof value['Name'] === 'string';
}

/**
 * True for `list-secrets` (`SecretList`), `batch-get-secret-value` (`SecretValues`) and for a
 * single secret object with a Secrets Manager `ARN` and a `Name` (`describe-secret`,
 * `get-resource-policy`, `get-secret-value`).
 */
export function isSecretsManagerDump(json: JsonObject): boolean {
  return Array.isArray(json['SecretList']) || Array.isArray(json['SecretValues']) || isSecretObject(json);
}

/**
 * Loads secrets by ARN (the merge key): name, ARN, `KmsKeyId` as given (absent = the AWS managed
 * key `aws/secretsmanager`), and the resource policy when the dump carries `ResourcePolicy`.
 * Dumps with `SecretString`/`SecretBinary` hold values: only metadata is kept, and each raises
 * `plaintextValueInDump` without the value.
 */
export function loadSecretsManagerDump(input: ShapeInput): ShapeResult {
  const issues: Issue[] = [];
  const secretsManagerSecrets: SecretsManagerSecret[] = [];
  const listKey = Array.isArray(input.json['SecretList']) ? 'SecretList' : Array.isArray(input.json['SecretValues']) ? 'SecretValues' : undefined;
  const entries = listKey === undefined
    ? [{ raw: input.json, pointer: '' }]
    : arr(input.json, listKey).map((raw, i) => ({ raw, pointer: joinPointer('', listKey, i) }));
  for (const { raw, pointer } of entries) {
    if (!isSecretObject(raw)) continue;
    const name = str(raw, 'Name') ?? '';
    const secret: SecretsManagerSecret = { name, arn: str(raw, 'ARN') ?? '', source: sourceAt(input, pointer) };
    const kmsKeyId = str(raw, 'KmsKeyId');
    if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
    const primaryArn = primaryArnOf(secret.arn, str(raw, 'PrimaryRegion'));
    if (primaryArn !== undefined) secret.primaryArn = primaryArn;
    const replicas = replicasOf(input, raw, pointer);
    if (replicas.length > 0) secret.replicas = replicas;
    if ('ResourcePolicy' in raw) {
      const loaded = loadPolicyDocument(input, raw['ResourcePolicy'], joinPointer(pointer, 'ResourcePolicy'), `secret/${name} resource policy`, 'resource');
      issues.push(...loaded.issues);
      if (loaded.policy) secret.policy = loaded.policy;
    }
    for (const valueKey of ['SecretString', 'SecretBinary']) {
      if (valueKey in raw) {
        issues.push(issueAt(input, joinPointer(pointer, valueKey), 'plaintextValueInDump',
          `the dump holds the value of secret ${name} ([redacted], not kept); scan describe-secret or list-secrets output instead`));
      }
    }
    secretsManagerSecrets.push(secret);
  }
  return { fragment: { secretsManagerSecrets }, issues };
}

/** The primary's ARN when `PrimaryRegion` names another region than the secret's own (a replica), else undefined. */
function primaryArnOf(arn: string, primaryRegion: string | undefined): string | undefined {
  const parts = arn.split(':');
  if (primaryRegion === undefined || primaryRegion === '' || parts.length < 7 || parts[3] === primaryRegion) return undefined;
  return withRegion(arn, primaryRegion);
}

/**
 * A replica region written `*`: no region is named so, so live mode writes it for a secret whose
 * replication could not be read (its `StatusMessage` says why): a copy that may be in any region.
 */
export const UNKNOWN_REPLICA_REGION = '*';

/** `ReplicationStatus` (describe-secret): each region the secret is copied to, with its key. */
function replicasOf(input: ShapeInput, raw: JsonObject, pointer: string): SecretReplica[] {
  const replicas: SecretReplica[] = [];
  arr(raw, 'ReplicationStatus').forEach((entry, i) => {
    if (!isJsonObject(entry)) return;
    const region = str(entry, 'Region');
    if (region === undefined) return;
    const replica: SecretReplica = { region, source: sourceAt(input, joinPointer(pointer, 'ReplicationStatus', i)) };
    if (region === UNKNOWN_REPLICA_REGION) replica.regionUnknown = str(entry, 'StatusMessage') ?? 'the replica\'s region is not known';
    const kmsKeyId = str(entry, 'KmsKeyId');
    if (kmsKeyId !== undefined) replica.kmsKeyId = kmsKeyId;
    replicas.push(replica);
  });
  return replicas;
}
