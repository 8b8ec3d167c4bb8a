import type { KmsKey, SecretsManagerSecret, SsmParameter } from '../model/inventory.js';
import type { InventoryIndex } from './inventory-index.js';

/** An SSM parameter of the inventory by ARN or by exact name. */
export function findSsmParameter(index: InventoryIndex, nameOrArn: string): SsmParameter | undefined {
  return nameOrArn.startsWith('arn:') ? index.ssmByArn.get(nameOrArn) : index.ssmByName.get(nameOrArn);
}

export interface SecretsManagerRef {
  /** The secret's ARN without a `:json-key:stage:version` suffix, or undefined when named only. */
  arn?: string;
  name: string;
  region?: string;
  account?: string;
}

/**
 * Parses a Secrets Manager reference as ECS and policies write it: an ARN, possibly followed by
 * `:json-key:version-stage:version-id`, whose last name part ends in a random `-XXXXXX`; or a name.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
 */
export function parseSecretsManagerRef(value: string): SecretsManagerRef {
  if (!value.startsWith('arn:')) return { name: value };
  const parts = value.split(':');
  const [, partition = 'aws', , region = '', account = '', , nameWithSuffix = ''] = parts;
  const arn = `arn:${partition}:secretsmanager:${region}:${account}:secret:${nameWithSuffix}`;
  // The suffix Secrets Manager adds, or the `-??????` that stands in for it where it is not known.
  const name = /-(?:[A-Za-z0-9]{6}|\?{6})$/.test(nameWithSuffix) ? nameWithSuffix.slice(0, -7) : nameWithSuffix;
  return { arn, name, region, account };
}

/**
 * Finds a Secrets Manager secret by ARN (with or without suffix) or by name. Names are unique per
 * account and region only (stacks deployed to several regions reuse them): a secret in the region
 * the reference names, else in `region` (the manifest's), is preferred to one elsewhere.
 */
export function findSecretsManagerSecret(index: InventoryIndex, ref: SecretsManagerRef, region?: string): SecretsManagerSecret | undefined {
  if (ref.arn) {
    const exact = index.secretsByArn.get(ref.arn);
    if (exact) return exact;
  }
  const named = (index.secretsByName.get(ref.name) ?? []).filter((s) => !ref.account || s.arn.split(':')[4] === ref.account);
  const wanted = ref.region || region;
  return named.find((s) => s.arn.split(':')[3] === wanted) ?? named[0];
}

export type KeyResolution =
  | { kind: 'aws-managed'; alias: string }
  | { kind: 'customer'; key: KmsKey }
  | { kind: 'unknown'; keyRef: string };

/**
 * Resolves a KMS key reference as SSM and Secrets Manager store it (alias name, alias ARN, key id,
 * key ARN) through the inventory's aliases and keys, in `region`, the secret's: a reference without
 * a Region names the alias or key of the secret's Region, an ARN its own Region's. AWS managed keys
 * (`alias/aws/...`, or a key described with KeyManager AWS) are reported as such.
 */
export function resolveKmsKey(index: InventoryIndex, keyRef: string, region?: string): KeyResolution {
  const aliasInArn = /:(alias\/.+)$/.exec(keyRef)?.[1];
  const aliasName = keyRef.startsWith('alias/') ? keyRef : aliasInArn;
  const where = (keyRef.startsWith('arn:') ? keyRef.split(':')[3] : undefined) || region;
  let keyId: string | undefined;
  if (aliasName) {
    if (aliasName.startsWith('alias/aws/')) return { kind: 'aws-managed', alias: aliasName };
    keyId = index.aliasIn(aliasName, where)?.targetKeyId;
    if (!keyId) return { kind: 'unknown', keyRef };
  } else {
    keyId = /:key\/(.+)$/.exec(keyRef)?.[1] ?? keyRef;
  }
  const awsAlias = index.awsAliasByKeyId.get(keyId);
  if (awsAlias) return { kind: 'aws-managed', alias: awsAlias };
  const key = index.keyIn(keyId, where);
  if (key?.manager === 'AWS') return { kind: 'aws-managed', alias: `key/${key.keyId}` };
  if (!key) return { kind: 'unknown', keyRef };
  return { kind: 'customer', key };
}
