import type { TfValue } from './terraform-resource.js';

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
