import type { KmsAlias, KmsKey } from '../../../model/inventory.js';
import type { JsonObject } from '../../../model/source.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { arr, parseArn, sourceAt, str, type ShapeInput, type ShapeResult } from './aws-cli-context.js';
import { kmsKeyArn } from '../../arns.js';

/** True for `aws kms list-aliases` output. */
export function isKmsListAliases(json: JsonObject): boolean {
  return Array.isArray(json['Aliases']);
}

/** True for `aws kms describe-key` output. */
export function isKmsDescribeKey(json: JsonObject): boolean {
  const metadata = json['KeyMetadata'];
  return isJsonObject(metadata) && typeof metadata['KeyId'] === 'string';
}

/**
 * Loads aliases (https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html).
 * Predefined AWS aliases that no key backs yet have no `TargetKeyId` and are kept without one.
 * An `alias/aws/...` alias is reserved for AWS managed keys, so its target is also emitted as a
 * `KmsKey` with manager `AWS` (account and region from the alias ARN).
 */
export function loadKmsListAliases(input: ShapeInput): ShapeResult {
  const kmsAliases: KmsAlias[] = [];
  const kmsKeys: KmsKey[] = [];
  arr(input.json, 'Aliases').forEach((raw, i) => {
    if (!isJsonObject(raw)) return;
    const name = str(raw, 'AliasName');
    if (name === undefined) return;
    const source = sourceAt(input, joinPointer('', 'Aliases', i));
    const alias: KmsAlias = { name, source };
    const arn = str(raw, 'AliasArn');
    const targetKeyId = str(raw, 'TargetKeyId');
    if (arn !== undefined) alias.arn = arn;
    if (targetKeyId !== undefined) alias.targetKeyId = targetKeyId;
    kmsAliases.push(alias);
    const parts = arn === undefined ? undefined : parseArn(arn);
    if (name.startsWith('alias/aws/') && targetKeyId !== undefined && parts !== undefined) {
      kmsKeys.push({
        keyId: targetKeyId,
        arn: kmsKeyArn(targetKeyId, parts.region, parts.account, parts.partition),
        account: parts.account, region: parts.region, manager: 'AWS', source,
      });
    }
  });
  return { fragment: { kmsAliases, kmsKeys }, issues: [] };
}

/**
 * Loads one key's metadata (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html):
 * id, ARN, account, region and `KeyManager` (AWS or CUSTOMER).
 */
export function loadKmsDescribeKey(input: ShapeInput): ShapeResult {
  const metadata = input.json['KeyMetadata'] as JsonObject;
  const keyId = str(metadata, 'KeyId') ?? '';
  const parts = parseArn(str(metadata, 'Arn') ?? '');
  const account = str(metadata, 'AWSAccountId') ?? parts?.account ?? input.context.defaultAccount ?? '';
  const region = parts?.region || input.context.region;
  const key: KmsKey = {
    keyId,
    arn: str(metadata, 'Arn') ?? kmsKeyArn(keyId, region, account),
    region,
    source: sourceAt(input, '/KeyMetadata'),
  };
  if (account !== '') key.account = account;
  const manager = str(metadata, 'KeyManager');
  if (manager === 'AWS' || manager === 'CUSTOMER') key.manager = manager;
  return { fragment: { kmsKeys: [key] }, issues: [] };
}
