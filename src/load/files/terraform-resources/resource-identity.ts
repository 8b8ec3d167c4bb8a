import { partitionOf } from '../../identity/account-identity.js';
import { isUnknown } from '../../unknown-value.js';
import type { MappingState } from './mapping-state.js';
import { renderPolicyDocument } from './render-policy-document.js';
import { renderVaultPolicyDocument } from './render-vault-policy-document.js';
import type { TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';
import { iamArn, isArnText, kmsAliasArn, kmsKeyArn, secretsManagerStandInArn, ssmParameterArn } from '../../arns.js';
import { awsManagedPolicyArnByName } from '../awscli/aws-managed-policies.js';

// How the AWS and Vault providers compute the attributes other resources refer to (`arn`, `id`,
// `name`, `key_id`…), so a reference such as `aws_iam_role.app.arn` resolves to the same ARN the
// mapping gives the role. Documented per resource under "Attribute Reference" at
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs and .../hashicorp/vault/latest/docs.

/**
 * The value the provider computes for `attribute` of `resource`, or undefined when it cannot be
 * derived from what is known (a random suffix, a name that is itself unknown). KMS keys have no id
 * before apply: their address stands in for it, consistently, so aliases, parameters and policies
 * that refer to the key join to it.
 */
export function computedAttribute(resource: TerraformResourceInput, attribute: string, state: MappingState): TfValue | undefined {
  const v = resource.values;
  const str = (key: string): string | undefined => {
    const value = state.resolve(v[key], 'join');
    return typeof value === 'string' ? value : undefined;
  };
  const account = (): string => state.account(resource);
  const region = state.regionOf(resource);
  const iamPath = (): string => normalizeIamPath(str('path'));
  switch (resource.type) {
    case 'aws_iam_role':
    case 'aws_iam_user':
    case 'aws_iam_group':
    case 'aws_iam_policy': {
      // A role looked up by name is the configuration's own role of that name, if it makes one:
      // names are unique in an account, and its ARN carries the path the lookup does not give.
      const made = resource.mode === 'data' && resource.type === 'aws_iam_role' ? madeHere(resource, 'aws_iam_role', state) : undefined;
      if (made) return computedAttribute(made, attribute, state);
      const policy = resource.mode === 'data' && resource.type === 'aws_iam_policy' ? policyFoundByName(resource, state) : undefined;
      if (policy !== undefined) return attribute === 'arn' || attribute === 'id' ? policy : attribute === 'name' ? iamName(resource, state) : undefined;
      const name = iamName(resource, state);
      const kind = resource.type.slice('aws_iam_'.length);
      const arn = iamArn(account(), kind, name, iamPath());
      if (attribute === 'arn') return arn;
      if (attribute === 'id') return resource.type === 'aws_iam_policy' ? arn : name;
      if (attribute === 'name') return name;
      return undefined;
    }
    case 'aws_kms_key':
    case 'aws_kms_external_key':
    case 'aws_kms_replica_key':
    case 'aws_kms_replica_external_key': {
      const keyId = str('key_id') ?? standInAddress(resource);
      if (attribute === 'key_id' || attribute === 'id') return keyId;
      if (attribute === 'arn') return kmsKeyArn(keyId, region, account());
      return undefined;
    }
    case 'aws_cloudfront_origin_access_identity':
      // CloudFront's own identity for reading an origin bucket, in CloudFront's account, not the
      // scan's: it reads what a bucket policy grants it, nothing by the account's IAM.
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_origin_access_identity#iam_arn
      return attribute === 'iam_arn' ? `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ${standInAddress(resource)}` : undefined;
    case 'aws_kms_alias': {
      const name = str('name');
      if (name === undefined) return undefined;
      if (attribute === 'id' || attribute === 'name') return name;
      if (attribute === 'arn') return kmsAliasArn(name, region, account());
      return undefined;
    }
    case 'aws_ssm_parameter': {
      if (resource.mode === 'data' && str('name') === undefined) return lookedUpByUnknownName(resource, attribute, state, (name) => ssmParameterArn(name, region, account()));
      const name = str('name') ?? (isUnknown(v['name']) ? standInName(resource) : undefined);
      if (name === undefined) return undefined;
      if (attribute === 'id' || attribute === 'name') return name;
      // A data source looks a parameter up by name or by ARN, both in `name`.
      if (attribute === 'arn') return resource.mode === 'data' && isArnText(name) ? name : ssmParameterArn(name, region, account());
      return undefined;
    }
    case 'aws_secretsmanager_secret': {
      if (resource.mode === 'data' && str('name') === undefined) return lookedUpByUnknownName(resource, attribute, state, (name) => secretsManagerStandInArn(name, region, account()));
      const given = nameOrGenerated(resource, state, 'name', 'name_prefix');
      const name = typeof given === 'string' ? given : isUnknown(given) ? standInName(resource) : undefined;
      if (name === undefined) return undefined;
      // A data source looks a secret up by name or by ARN, both in `name`.
      const arn = str('arn') ?? (resource.mode === 'data' && isArnText(name) ? name : secretsManagerStandInArn(name, region, account()));
      if (attribute === 'arn' || attribute === 'id') return arn;
      if (attribute === 'name') return name;
      return undefined;
    }
    case 'aws_secretsmanager_secret_version': {
      // `arn` (and the newer `secret_arn`) is the ARN of the secret the version belongs to, named by
      // `secret_id`, which takes the secret's ARN or its name (resource and data source alike).
      if (attribute !== 'arn' && attribute !== 'secret_arn') return undefined;
      const secret = state.resolve(v['secret_id'], 'join');
      if (isUnknown(secret)) return secret.pattern?.startsWith('arn:') ? secret : undefined;
      if (typeof secret !== 'string') return undefined;
      return secret.startsWith('arn:') ? secret : secretsManagerStandInArn(secret, region, account());
    }
    case 'aws_s3_bucket': {
      const value = nameOrGenerated(resource, state, 'bucket', 'bucket_prefix');
      const bucket = typeof value === 'string' ? value : undefined;
      if (bucket === undefined) {
        // A name with unknown parts, or one Terraform generates: `id` is that same unknown, so a
        // bucket policy naming `aws_s3_bucket.x.id` joins the pattern bucket its name makes; `arn`
        // is the ARN of some bucket so named (`arn:aws:s3:::vault-creds-*` from a `bucket_prefix`).
        if (!isUnknown(value)) return undefined;
        if (attribute === 'id' || attribute === 'bucket') return value;
        return attribute === 'arn' ? { ...value, pattern: `arn:aws:s3:::${value.pattern ?? '*'}` } : undefined;
      }
      if (attribute === 'id' || attribute === 'bucket') return bucket;
      if (attribute === 'arn') return `arn:aws:s3:::${bucket}`;
      return undefined;
    }
    case 'aws_db_instance':
    case 'aws_rds_cluster': {
      // `master_user_secret`: one block, the secret RDS creates for a managed master password (map-aws-resources.ts).
      if (attribute !== 'master_user_secret') return undefined;
      const managed = state.resolve(v['manage_master_user_password'], 'join');
      if (managed !== true && managed !== 'true' && !isUnknown(managed)) return undefined;
      return [{ secret_arn: secretsManagerStandInArn(standInName(resource), region, account()), secret_status: 'active' }];
    }
    case 'vault_policy':
      return attribute === 'id' || attribute === 'name' ? str('name') : undefined;
    case 'vault_approle_auth_backend_role':
      return attribute === 'role_name' ? str('role_name') : undefined;
    case 'vault_mount':
      return attribute === 'path' || attribute === 'id' ? str('path') : undefined;
    case 'vault_auth_backend':
      // Mounted at its type unless `path` says otherwise. Vault gives the mount a random accessor;
      // the path stands in for it, so that an entity alias's `mount_accessor` names the mount.
      return attribute === 'path' || attribute === 'id' || attribute === 'accessor' ? str('path') ?? str('type') : undefined;
    case 'vault_github_auth_backend':
    case 'vault_ldap_auth_backend':
    case 'vault_okta_auth_backend':
    case 'vault_jwt_auth_backend':
    case 'vault_gcp_auth_backend':
    case 'vault_azure_auth_backend': {
      // Mounted at the method's name unless `path` says otherwise; the path stands in for the accessor as above.
      const method = resource.type.slice('vault_'.length, -'_auth_backend'.length);
      return attribute === 'path' || attribute === 'id' || attribute === 'accessor' ? str('path') ?? method : undefined;
    }
    case 'aws_iam_policy_document':
      // The data source's `json` is the document it renders; it is handed on as a document (unknowns kept).
      return attribute === 'json' || attribute === 'minified_json' ? renderPolicyDocument(v) : undefined;
    case 'vault_policy_document':
      return attribute === 'hcl' ? renderVaultPolicyDocument(v, `${resource.address}.hcl`) : undefined;
    case 'aws_caller_identity':
      // The account is known (or the symbolic one); the caller's `arn`/`user_id` are not: a deployer.
      return attribute === 'account_id' || attribute === 'id' ? account() : undefined;
    case 'aws_region':
      return attribute === 'name' || attribute === 'id' || attribute === 'region' ? region : undefined;
    case 'vault_identity_group':
    case 'vault_identity_entity': {
      // Vault gives a random id; the name stands in for it, so that `group_id = vault_identity_group.x.id` joins.
      // A data source looks one up by `group_name` (`entity_name`), or by an id, which then stands for itself.
      const kind = resource.type === 'vault_identity_group' ? 'group' : 'entity';
      if (resource.mode === 'data') {
        return [`${kind}_id`, 'id', `${kind}_name`, 'name'].includes(attribute) ? str(`${kind}_name`) ?? str(`${kind}_id`) ?? standInAddress(resource) : undefined;
      }
      return attribute === 'id' || attribute === 'name' ? str('name') ?? standInAddress(resource) : undefined;
    }
    case 'aws_partition':
      if (attribute === 'partition' || attribute === 'id') return partitionOf(region).partition;
      return attribute === 'dns_suffix' ? partitionOf(region).dnsSuffix : undefined;
    default:
      return undefined;
  }
}

/**
 * What `data "aws_iam_policy" { name = … }` finds: the configuration's own `aws_iam_policy` of that
 * name in the same account, else the AWS managed policy of that name (the provider searches both
 * scopes and fails on two matches, so a name AWS uses finds AWS's), else undefined (a customer
 * managed policy made elsewhere, at the path `/`).
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy
 */
function policyFoundByName(lookup: TerraformResourceInput, state: MappingState): string | undefined {
  const made = madeHere(lookup, 'aws_iam_policy', state);
  const arn = made ? computedAttribute(made, 'arn', state) : undefined;
  if (typeof arn === 'string') return arn;
  const name = state.resolve(lookup.values['name'], 'join');
  return typeof name === 'string' && name !== '' ? awsManagedPolicyArnByName(name) : undefined;
}

/**
 * The resource of `type` (`aws_iam_role`, `aws_iam_policy`) this configuration makes, in the same
 * account, with the name the data source `lookup` asks for: IAM names are unique in an account.
 */
function madeHere(lookup: TerraformResourceInput, type: string, state: MappingState): TerraformResourceInput | undefined {
  const name = state.resolve(lookup.values['name'], 'join');
  if (typeof name !== 'string' || name === '') return undefined;
  const account = state.account(lookup);
  for (const resource of state.byAddress.values()) {
    if (resource.mode !== 'data' && resource.type === type && iamName(resource, state) === name && state.account(resource) === account) return resource;
  }
  return undefined;
}

/**
 * `arn`/`id`/`name` of a data source that looks up an existing secret or parameter by a name the
 * inputs do not know (`name = var.secret_name`). Unlike a resource the configuration creates, it
 * joins no resource of the inventory: it may be any existing one whose name fits. So the value
 * stays unknown, with the pattern of every ARN (or name) it may be, and a grant or injection
 * naming it widens to that pattern, conditionally, with an SS011 (docs/semantics.md#symbolic-unknowns).
 * A stand-in name here would match nothing, and the secret it reads would have no reader.
 */
function lookedUpByUnknownName(resource: TerraformResourceInput, attribute: string, state: MappingState, arnOf: (name: string) => string): TfUnknown | undefined {
  if (attribute !== 'arn' && attribute !== 'id' && attribute !== 'name') return undefined;
  // Looked up by ARN instead (`arn = var.secret_arn`): the ARN and id are that argument, known or not.
  const given = state.resolve(resource.values['arn'], 'join');
  if (typeof given === 'string' || isUnknown(given)) return attribute === 'name' || typeof given === 'string' ? undefined : given;
  const name = state.resolve(resource.values['name'], 'join');
  // An ARN in `name` (`name = x.master_user_secret[0].secret_arn`): the lookup is by that ARN.
  if (isUnknown(name) && name.pattern !== undefined && isArnText(name.pattern) && attribute !== 'name') return name;
  const namePattern = isUnknown(name) ? name.pattern ?? '*' : '*';
  const why = isUnknown(name) ? `name ${name.expression}` : 'name not given';
  const expression = `${resource.address}.${attribute} (looks up an existing one by ${why})`;
  const source = (isUnknown(name) ? name.source : undefined) ?? state.sourceOf(resource, 'name');
  const isArn = attribute === 'arn' || (attribute === 'id' && resource.type === 'aws_secretsmanager_secret');
  return { unknown: true, expression, pattern: isArn ? arnOf(namePattern) : namePattern, ...(source ? { source } : {}) };
}

/**
 * The stand-in for a name that holds unknown parts (a pattern secret, docs/semantics.md#symbolic-unknowns): the resource
 * address in guillemets, a text no real name contains, so a grant naming this resource's
 * `.arn`/`.name` matches it and nothing else.
 */
export function standInName(resource: TerraformResourceInput): string {
  return `\u00AB${standInAddress(resource)}\u00BB`;
}

/**
 * The address where it stands in for a value Terraform generates (a name from `name_prefix`, a KMS
 * key id): with the root module after `@` when another root has the same address, its `/` as `.`
 * because the text becomes part of an IAM name, where `/` would start a path.
 */
export function standInAddress(resource: TerraformResourceInput): string {
  return resource.scope === undefined ? resource.address : `${resource.address}@${resource.scope.replaceAll('/', '.')}`;
}

/**
 * The name of a resource whose provider generates one when the configuration gives none: the
 * name when given (or unknown), else an unknown whose pattern is every name the provider may
 * generate: `PREFIX*` from `name_prefix`/`bucket_prefix`, `terraform-*` without a prefix (the
 * provider's unique-name helper). Documented under `name`/`name_prefix` of `aws_secretsmanager_secret`
 * and `bucket`/`bucket_prefix` of `aws_s3_bucket` at https://registry.terraform.io/providers/hashicorp/aws/latest/docs.
 */
export function nameOrGenerated(resource: TerraformResourceInput, state: MappingState, nameAttribute: string, prefixAttribute: string): string | TfUnknown | undefined {
  const name = state.joinString(resource, nameAttribute);
  if (name !== undefined && name !== '') return name;
  const prefix = state.joinString(resource, prefixAttribute);
  const expression = `${resource.address}.${nameAttribute}`;
  if (typeof prefix === 'string' && prefix !== '') {
    return { unknown: true, expression: `${expression} (generated by Terraform from ${prefixAttribute} "${prefix}")`, pattern: `${prefix}*`, source: state.sourceOf(resource, prefixAttribute) };
  }
  if (isUnknown(prefix)) return { unknown: true, expression: `${expression} (generated by Terraform from ${prefixAttribute} = ${prefix.expression})`, pattern: `${prefix.pattern ?? '*'}*`.replace(/\*+$/, '*'), source: prefix.source ?? state.sourceOf(resource, prefixAttribute) };
  return { unknown: true, expression: `${expression} (generated by Terraform)`, pattern: 'terraform-*', source: resource.source };
}

/**
 * The name of an IAM role, user, group or policy; when Terraform generates it (`name_prefix`, or
 * an unknown name) the resource address stands in, the same everywhere, so references still join.
 */
export function iamName(resource: TerraformResourceInput, state: MappingState): string {
  const name = state.resolve(resource.values['name'], 'join');
  return typeof name === 'string' && name !== '' ? name : standInAddress(resource);
}

/** An IAM path as AWS stores it: starts and ends with `/`; absent means `/`. */
export function normalizeIamPath(path: string | undefined): string {
  if (path === undefined || path === '') return '/';
  return `${path.startsWith('/') ? '' : '/'}${path}${path.endsWith('/') ? '' : '/'}`;
}
