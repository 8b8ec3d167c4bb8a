import type { SecretValueCopy } from '../../../model/inventory.js';
import type { TfValue } from './terraform-resource.js';

// Where Terraform resources hold secrets' values, in the three senses the scan needs: what it never
// reads, what a copy is made from, and what is a secret written into the configuration.

/**
 * Attributes that hold a secret's value, which the scan never reads: only the references to an
 * AppRole's login material written into them are looked at (`approleReferencesIn`).
 */
export const SECRET_VALUE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_ssm_parameter: ['value', 'insecure_value', 'value_wo'],
  aws_secretsmanager_secret_version: ['secret_string', 'secret_binary', 'secret_string_wo'],
  aws_s3_object: ['content', 'content_base64'],
  aws_s3_bucket_object: ['content', 'content_base64'],
  vault_generic_secret: ['data_json'],
  vault_kv_secret_v2: ['data_json'],
  vault_kv_secret: ['data_json'],
  // A database's master password: never read either (docs/semantics.md#written-secrets).
  aws_db_instance: ['password'],
  aws_rds_cluster: ['master_password'],
};

/**
 * Attributes whose value is a stored or generated secret's, per resource (or data source) type: what
 * the evaluator marks where it is computed from one (`TfUnknown.secretValueOf`), so that a copy of
 * it is known as one (secret-value-copies.ts); the store and the argument naming the secret.
 */
export const COPIED_VALUE_ATTRIBUTES: Readonly<Record<string, { attributes: readonly string[]; service?: SecretValueCopy['service']; namedBy?: string }>> = {
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/ssm_parameter
  aws_ssm_parameter: { attributes: ['value', 'insecure_value'], service: 'ssm', namedBy: 'name' },
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/secretsmanager_secret_version
  aws_secretsmanager_secret_version: { attributes: ['secret_string', 'secret_binary'], service: 'secretsmanager', namedBy: 'secret_id' },
  // https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/password
  random_password: { attributes: ['result', 'bcrypt_hash'] },
};

/** The resource type of an instance address (`module.app.data.aws_ssm_parameter.db["x"]` → `aws_ssm_parameter`). */
const INSTANCE_TYPE = /^(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*(?:data\.)?([A-Za-z0-9_]+)\./;

/**
 * True when `attribute` of the instance at `address` holds a stored or generated secret's value:
 * the Terraform evaluator marks what it computes from one (`TfUnknown.secretValueOf`).
 */
export function isSecretValueAttribute(address: string, attribute: string): boolean {
  const type = instanceType(address);
  return type !== undefined && Object.hasOwn(COPIED_VALUE_ATTRIBUTES, type) && (COPIED_VALUE_ATTRIBUTES[type]?.attributes.includes(attribute) ?? false);
}

/** The resource type of an instance address, or undefined. */
export function instanceType(address: string): string | undefined {
  return INSTANCE_TYPE.exec(`${address}.`)?.[1];
}

/**
 * Arguments that set a secret's value, per resource type: where the configuration writes one as
 * text (a literal, a variable's default, a tfvars value), whoever reads these files reads the
 * secret, and the state holds it too. The scan never keeps the value; it says where it is.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ssm_parameter
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/secretsmanager_secret_version
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#password
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#master_password
 * https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/generic_secret
 * https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/kv_secret_v2
 */
const SECRET_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  // A String parameter's value is no secret; `insecure_value` says so by its name.
  aws_ssm_parameter: ['value'],
  aws_secretsmanager_secret_version: ['secret_string', 'secret_binary'],
  aws_db_instance: ['password'],
  aws_rds_cluster: ['master_password'],
  vault_generic_secret: ['data_json'],
  vault_kv_secret: ['data_json'],
  vault_kv_secret_v2: ['data_json'],
};

/**
 * The arguments of a managed resource that hold a secret's value written as text, given its
 * evaluated arguments and the ones `lifecycle { ignore_changes }` names: a value Terraform writes
 * once and then ignores is a placeholder for one set elsewhere (the usual way to keep a secret out
 * of the configuration), not the secret.
 */
export function writtenSecretArguments(type: string, values: Readonly<Record<string, TfValue>>, ignoredChanges: ReadonlySet<string> | 'all'): string[] {
  if (ignoredChanges === 'all' || !Object.hasOwn(SECRET_ARGUMENTS, type)) return [];
  if (type === 'aws_ssm_parameter' && values['type'] !== 'SecureString') return [];
  return (SECRET_ARGUMENTS[type] ?? []).filter((name) => !ignoredChanges.has(name) && isWrittenText(values[name]));
}

/** Text the inputs hold in full: no unknown part (a reference to a generated password is none). */
export function isWrittenText(value: TfValue | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
