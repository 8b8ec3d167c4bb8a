import type { Inventory, KmsKey, SecretsManagerSecret, SsmParameter } from '../model/inventory.js';

/** ARN of an SSM parameter: names without a leading slash get one, never two. */
export function ssmParameterArn(name: string, account: string, region: string): string {
  return `arn:aws:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`;
}

/** The parameter name an SSM ARN names, with the leading slash it was created with unknown: both forms are tried. */
export function findSsmParameter(inventory: Inventory, nameOrArn: string): SsmParameter | undefined {
  if (nameOrArn.startsWith('arn:')) return inventory.ssmParameters.find((p) => p.arn === nameOrArn);
  return inventory.ssmParameters.find((p) => p.name === nameOrArn);
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
  const name = /-[A-Za-z0-9]{6}$/.test(nameWithSuffix) ? nameWithSuffix.slice(0, -7) : nameWithSuffix;
  return { arn, name, region, account };
}

/** Finds a Secrets Manager secret by ARN (with or without suffix) or by name. */
export function findSecretsManagerSecret(inventory: Inventory, ref: SecretsManagerRef): SecretsManagerSecret | undefined {
  if (ref.arn) {
    const exact = inventory.secretsManagerSecrets.find((s) => s.arn === ref.arn);
    if (exact) return exact;
  }
  return inventory.secretsManagerSecrets.find((s) => s.name === ref.name && (!ref.account || s.arn.split(':')[4] === ref.account));
}

export type KeyResolution =
  | { kind: 'aws-managed'; alias: string }
  | { kind: 'customer'; key: KmsKey }
  | { kind: 'unknown'; keyRef: string };

/**
 * Resolves a KMS key reference as SSM and Secrets Manager store it (alias name, alias ARN, key id,
 * key ARN) through the inventory's aliases and keys. AWS managed keys (`alias/aws/...`, or a key
 * described with KeyManager AWS) are reported as such.
 */
export function resolveKmsKey(inventory: Inventory, keyRef: string): KeyResolution {
  const aliasName = keyRef.startsWith('alias/') ? keyRef : /:alias\/(.+)$/.exec(keyRef)?.[1] !== undefined ? `alias/${/:alias\/(.+)$/.exec(keyRef)?.[1]}` : undefined;
  let keyId: string | undefined;
  if (aliasName) {
    if (aliasName.startsWith('alias/aws/')) return { kind: 'aws-managed', alias: aliasName };
    keyId = inventory.kmsAliases.find((a) => a.name === aliasName)?.targetKeyId;
    if (!keyId) return { kind: 'unknown', keyRef };
  } else {
    keyId = /:key\/(.+)$/.exec(keyRef)?.[1] ?? keyRef;
  }
  const key = inventory.kmsKeys.find((k) => k.keyId === keyId);
  const awsAlias = inventory.kmsAliases.find((a) => a.targetKeyId === keyId && a.name.startsWith('alias/aws/'));
  if (awsAlias) return { kind: 'aws-managed', alias: awsAlias.name };
  if (key?.manager === 'AWS') return { kind: 'aws-managed', alias: `key/${key.keyId}` };
  if (!key) return { kind: 'unknown', keyRef };
  return { kind: 'customer', key };
}
