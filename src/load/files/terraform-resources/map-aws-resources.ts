import type { IamPolicy } from '../../../model/iam.js';
import type {
  InventoryFragment, KmsAlias, KmsGrant, KmsGrantConstraints, KmsKey, NamePattern, S3Bucket, SecretReplica, SecretsManagerSecret, SsmParameter,
} from '../../../model/inventory.js';
import { symbolicPrincipal, UNREAD_GRANTEE } from '../../../model/unknowns.js';
import { isUnknown, unknownReason } from '../../unknown-value.js';
import type { MappingState } from './mapping-state.js';
import { policyFromValue } from './policy-from-value.js';
import { nameOrGenerated, standInAddress, standInName } from './resource-identity.js';
import { kmsAliasArn, kmsKeyArn, secretsManagerStandInArn, ssmParameterArn } from '../../arns.js';
import type { TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';

// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy (and s3_bucket,
// kms_key, kms_key_policy, kms_grant, kms_alias, ssm_parameter, secretsmanager_secret, secretsmanager_secret_policy)

/**
 * Resources that create a KMS key, each with a key policy of its own: a key, one with imported key
 * material, and a replica of a multi-Region key in another Region. A replica shares its primary's
 * key ID but not its policy ("If you do not specify a key policy, AWS applies a default key
 * policy", https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_replica_key),
 * so it is a key of its own here, under its own stand-in id.
 */
export const KMS_KEY_TYPES: readonly string[] = ['aws_kms_key', 'aws_kms_external_key', 'aws_kms_replica_key', 'aws_kms_replica_external_key'];

export const AWS_STORE_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'aws_s3_bucket', 'aws_s3_bucket_policy', ...KMS_KEY_TYPES, 'aws_kms_key_policy', 'aws_kms_grant', 'aws_kms_alias',
  'aws_ssm_parameter', 'aws_secretsmanager_secret', 'aws_secretsmanager_secret_policy',
  // With manage_master_user_password, RDS keeps the password in a secret of its own.
  'aws_db_instance', 'aws_rds_cluster',
]);

/**
 * The policy AWS gives a key created without one: the account root, i.e. delegation to IAM.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
function defaultKeyPolicy(account: string, source: IamPolicy['source'], keyId: string): IamPolicy {
  return {
    id: `key/${keyId} key policy (AWS default)`,
    document: {
      Version: '2012-10-17', Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
    },
    source, statementSources: [source],
  };
}

/**
 * Maps where secrets live and the policies on them. Buckets are keyed by name, keys by id (the
 * address until apply), parameters and secrets by ARN — the keys the merge joins on. A parameter's
 * `value`/`insecure_value` is never read. A policy resource whose bucket, key or secret is not in
 * the set still yields an entry under the name or ARN it gives, for the merge to join with another
 * input; one whose target cannot be resolved raises `unresolvedExpression` (its grants are not in
 * the analysis).
 */
export function mapAwsStoreResources(resources: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const buckets = new Map<string, S3Bucket>();
  const keys = new Map<string, KmsKey>();
  const aliases: KmsAlias[] = [];
  const ssmParameters: SsmParameter[] = [];
  const secrets = new Map<string, SecretsManagerSecret>();
  const of = (type: string): TerraformResourceInput[] => resources.filter((r) => r.type === type);
  const named = (resource: TerraformResourceInput, attribute: string, what: string): string | undefined => {
    const value = state.joinString(resource, attribute);
    if (isUnknown(value)) state.unresolved(resource, attribute, value, `the ${what} cannot be identified and is not in the analysis`);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };

  const bucketNamed = (name: string, resource: TerraformResourceInput): S3Bucket => {
    let bucket = buckets.get(name);
    if (!bucket) {
      bucket = { name, source: resource.source };
      bucket.account = state.account(resource);
      buckets.set(name, bucket);
    }
    return bucket;
  };
  // A bucket whose name holds an unknown is kept under the glob of its possible names; its policy
  // may be the policy of any bucket the glob matches, so it widens those, conditionally (docs/semantics.md#symbolic-unknowns).
  const bucketName = (resource: TerraformResourceInput, what: string): string | undefined => {
    const value = resource.type === 'aws_s3_bucket' ? nameOrGenerated(resource, state, 'bucket', 'bucket_prefix') : state.joinString(resource, 'bucket');
    if (!isUnknown(value)) return typeof value === 'string' && value !== '' ? value : undefined;
    const glob = (value.pattern ?? '*').replace(/^arn:aws[a-z-]*:s3:::/, '');
    state.unresolved(resource, 'bucket', value, `the ${what} is kept as the bucket pattern ${glob}; its policy may apply to any bucket so named, conditionally`);
    const bucket = bucketNamed(glob, resource);
    bucket.namePattern = { why: unknownReason(value, state.sourceOf(resource, 'bucket')) };
    return glob;
  };
  for (const resource of of('aws_s3_bucket')) {
    const name = bucketName(resource, 'bucket');
    if (name === undefined) continue;
    const bucket = bucketNamed(name, resource);
    const policy = policyFromValue(state, resource, 'policy', resource.values['policy'], `bucket/${name} bucket policy`, 'resource');
    if (policy) bucket.policy = policy;
  }
  for (const resource of of('aws_s3_bucket_policy')) {
    const raw = bucketName(resource, 'bucket of this bucket policy');
    if (raw === undefined) continue;
    const name = raw.replace(/^arn:aws[a-z-]*:s3:::/, '');
    const policy = policyFromValue(state, resource, 'policy', resource.values['policy'], `bucket/${name} bucket policy`, 'resource');
    // The standalone policy resource wins over the legacy inline argument, as it does at apply.
    if (policy) bucketNamed(name, resource).policy = policy;
  }

  for (const resource of KMS_KEY_TYPES.flatMap(of)) {
    const keyId = String(state.attributeOf(resource, 'key_id'));
    const account = state.account(resource);
    const key: KmsKey = {
      keyId, arn: String(state.attributeOf(resource, 'arn')), region: state.regionOf(resource), manager: 'CUSTOMER', source: resource.source,
    };
    if (account !== '') key.account = account;
    const policy = policyFromValue(state, resource, 'policy', resource.values['policy'], `key/${keyId} key policy`, 'resource');
    key.policy = policy ?? defaultKeyPolicy(account, resource.source, keyId);
    keys.set(keyId, key);
  }
  for (const resource of of('aws_kms_key_policy')) {
    const raw = named(resource, 'key_id', 'key of this key policy');
    if (raw === undefined) continue;
    const keyId = raw.replace(/^arn:aws[a-z-]*:kms:[^:]*:[^:]*:key\//, '');
    const policy = policyFromValue(state, resource, 'policy', resource.values['policy'], `key/${keyId} key policy`, 'resource');
    if (!policy) continue;
    const existing = keys.get(keyId);
    if (existing) { existing.policy = policy; continue; }
    const account = state.account(resource);
    keys.set(keyId, { keyId, arn: kmsKeyArn(keyId, state.regionOf(resource), account), region: state.regionOf(resource), policy, source: resource.source, ...(account ? { account } : {}) });
  }
  for (const resource of of('aws_kms_grant')) {
    const raw = named(resource, 'key_id', 'key of this grant');
    if (raw === undefined) continue;
    const keyId = raw.replace(/^arn:aws[a-z-]*:kms:[^:]*:[^:]*:key\//, '');
    let key = keys.get(keyId);
    if (!key) {
      const account = state.account(resource);
      key = { keyId, arn: kmsKeyArn(keyId, state.regionOf(resource), account), region: state.regionOf(resource), source: resource.source, ...(account ? { account } : {}) };
      keys.set(keyId, key);
    }
    (key.grants ??= []).push(kmsGrantOf(resource, state));
  }
  for (const resource of of('aws_kms_alias')) {
    const name = named(resource, 'name', 'alias');
    if (name === undefined) continue;
    const alias: KmsAlias = { name, arn: kmsAliasArn(name, state.regionOf(resource), state.account(resource)), source: resource.source };
    const target = state.joinString(resource, 'target_key_id');
    if (typeof target === 'string') alias.targetKeyId = target.replace(/^arn:aws[a-z-]*:kms:[^:]*:[^:]*:key\//, '');
    else if (isUnknown(target)) state.unresolved(resource, 'target_key_id', target, 'the alias points at no known key, so keys named through it are taken as undecidable');
    aliases.push(alias);
  }

  // A secret whose name holds an unknown is kept as a pattern secret (docs/semantics.md#symbolic-unknowns): its name and ARN
  // are the stand-in every reference to it resolves to, its pattern what it may be called.
  const patternOf = (resource: TerraformResourceInput, what: string, arnOf: (name: string) => string): { name: string; pattern: NamePattern } | undefined => {
    // A parameter's name is required; a secret's may be generated (`name_prefix`, or none).
    const value = resource.type === 'aws_secretsmanager_secret' ? nameOrGenerated(resource, state, 'name', 'name_prefix') : state.joinString(resource, 'name');
    if (!isUnknown(value)) return undefined;
    const glob = value.pattern ?? '*';
    state.unresolved(resource, 'name', value, `the ${what} is kept as the pattern secret ${standInAddress(resource)} (${glob})`);
    return { name: standInName(resource), pattern: { id: standInAddress(resource), name: glob, arn: arnOf(glob), why: unknownReason(value, state.sourceOf(resource, 'name')) } };
  };

  for (const resource of of('aws_ssm_parameter')) {
    const patterned = patternOf(resource, 'parameter', (glob) => ssmParameterArn(glob, state.regionOf(resource), state.account(resource)));
    const name = patterned?.name ?? named(resource, 'name', 'parameter');
    if (name === undefined) continue;
    const arnValue = state.joinString(resource, 'arn');
    const type = state.joinString(resource, 'type');
    const keyId = state.joinString(resource, 'key_id');
    const parameter: SsmParameter = {
      name,
      arn: typeof arnValue === 'string' ? arnValue : ssmParameterArn(name, state.regionOf(resource), state.account(resource)),
      // An unknown type may be a SecureString: that is the reading that needs a key, so it is the one kept.
      type: type === 'String' || type === 'StringList' ? type : 'SecureString',
      source: resource.source,
    };
    if (patterned) parameter.pattern = patterned.pattern;
    if (isUnknown(type)) state.unresolved(resource, 'type', type, 'the parameter is taken to be a SecureString');
    const keyRef = keyReference(state, resource, 'key_id', keyId, 'the key is unknown, so decryption is taken as undecided');
    if (keyRef !== undefined) parameter.keyId = keyRef;
    ssmParameters.push(parameter);
  }

  for (const resource of of('aws_secretsmanager_secret')) {
    const patterned = patternOf(resource, 'secret', (glob) => secretsManagerStandInArn(glob, state.regionOf(resource), state.account(resource)));
    const name = patterned?.name ?? named(resource, 'name', 'secret');
    if (name === undefined) continue;
    const arn = String(state.attributeOf(resource, 'arn'));
    const secret: SecretsManagerSecret = { name, arn, source: resource.source };
    if (patterned) secret.pattern = patterned.pattern;
    const kmsKeyId = keyReference(state, resource, 'kms_key_id', state.joinString(resource, 'kms_key_id'), 'the key is unknown, so decryption is taken as undecided');
    if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
    const policy = policyFromValue(state, resource, 'policy', resource.values['policy'], `secret/${name} resource policy`, 'resource');
    if (policy) secret.policy = policy;
    const replicas = secretReplicas(resource, state);
    if (replicas.length > 0) secret.replicas = replicas;
    secrets.set(arn, secret);
  }
  for (const resource of of('aws_secretsmanager_secret_policy')) {
    const arn = named(resource, 'secret_arn', 'secret of this secret policy');
    if (arn === undefined) continue;
    const existing = secrets.get(arn);
    const name = existing?.name ?? arn.replace(/^.*:secret:/, '').replace(/-[A-Za-z0-9?]{6}$/, '');
    const policy = policyFromValue(state, resource, 'policy', resource.values['policy'], `secret/${name} resource policy`, 'resource');
    if (!policy) continue;
    if (existing) existing.policy = policy;
    else secrets.set(arn, { name, arn, policy, source: resource.source });
  }

  // The secret RDS creates for a managed master password (`rds!db-…`, `rds!cluster-…`), under
  // `master_user_secret_kms_key_id` or the AWS managed key
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html): a pattern
  // secret under the instance's address, which `master_user_secret[0].secret_arn` names. A setting
  // the configuration does not decide may create it: it is taken as created.
  const irrelevantResources: { type: string; source: SecretsManagerSecret['source'] }[] = [];
  for (const resource of [...of('aws_db_instance'), ...of('aws_rds_cluster')]) {
    const managed = state.resolve(resource.values['manage_master_user_password'], 'join');
    if (managed !== true && managed !== 'true' && !isUnknown(managed)) {
      irrelevantResources.push({ type: resource.type, source: resource.source });
      continue;
    }
    if (isUnknown(managed)) state.unresolved(resource, 'manage_master_user_password', managed, 'RDS is taken to keep the master password in a secret it creates');
    const glob = resource.type === 'aws_db_instance' ? 'rds!db-*' : 'rds!cluster-*';
    const region = state.regionOf(resource);
    const account = state.account(resource);
    const name = standInName(resource);
    const arn = secretsManagerStandInArn(name, region, account);
    const secret: SecretsManagerSecret = {
      name, arn, source: resource.source,
      pattern: { id: standInAddress(resource), name: glob, arn: secretsManagerStandInArn(glob, region, account), why: `RDS names the secret it creates for ${resource.address} (${glob})` },
    };
    const kmsKeyId = keyReference(state, resource, 'master_user_secret_kms_key_id', state.joinString(resource, 'master_user_secret_kms_key_id'), 'the key is unknown, so decryption is taken as undecided');
    if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
    secrets.set(arn, secret);
  }

  return {
    buckets: [...buckets.values()], kmsKeys: [...keys.values()], kmsAliases: aliases, ssmParameters,
    secretsManagerSecrets: [...secrets.values()],
    ...(irrelevantResources.length > 0 ? { irrelevantResources } : {}),
  };
}

/**
 * An `aws_kms_grant` as the grant it creates. An unresolved grantee is the symbolic principal of
 * its expression; unresolved operations or constraints make the grant conditional rather than
 * narrower (docs/semantics.md#symbolic-unknowns).
 */
function kmsGrantOf(resource: TerraformResourceInput, state: MappingState): KmsGrant {
  const grantee = state.joinString(resource, 'grantee_principal');
  if (isUnknown(grantee)) state.unresolved(resource, 'grantee_principal', grantee, 'the grant is held by the principal the expression stands for, conditionally');
  const operations = state.joinList(resource, 'operations');
  const unknownOperation = operations.find(isUnknown);
  if (unknownOperation) state.unresolved(resource, 'operations', unknownOperation, 'the grant is taken to allow every operation, conditionally');
  const grant: KmsGrant = {
    granteePrincipal: isUnknown(grantee) ? symbolicPrincipal(grantee.expression) : grantee ?? UNREAD_GRANTEE,
    operations: unknownOperation ? 'unknown' : operations.filter((o): o is string => typeof o === 'string'),
    name: resource.address,
    source: resource.source,
  };
  const constraints = grantConstraints(resource, state);
  if (constraints !== undefined) grant.constraints = constraints;
  return grant;
}

// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_grant#constraints
function grantConstraints(resource: TerraformResourceInput, state: MappingState): KmsGrantConstraints | 'unknown' | undefined {
  const block = state.resolve(resource.values['constraints'], 'join');
  if (block === undefined || block === null) return undefined;
  const blocks = Array.isArray(block) ? block : [block];
  const out: KmsGrantConstraints = {};
  for (const item of blocks) {
    const resolved = state.resolve(item, 'join');
    if (isUnknown(resolved) || typeof resolved !== 'object' || resolved === null || Array.isArray(resolved)) return 'unknown';
    for (const [attribute, field] of [['encryption_context_equals', 'encryptionContextEquals'], ['encryption_context_subset', 'encryptionContextSubset']] as const) {
      const pairs = state.resolve((resolved as Record<string, TfValue>)[attribute], 'join');
      if (pairs === undefined || pairs === null) continue;
      if (isUnknown(pairs) || typeof pairs !== 'object' || Array.isArray(pairs)) return 'unknown';
      const context: Record<string, string> = {};
      for (const [key, value] of Object.entries(pairs as Record<string, TfValue>)) {
        const text = state.resolve(value, 'join');
        if (typeof text !== 'string') return 'unknown';
        context[key] = text;
      }
      out[field] = context;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The `replica` blocks of an `aws_secretsmanager_secret`: each region the secret is copied to,
 * with its key (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/secretsmanager_secret#replica).
 * A block the mapping cannot read is a copy in an unknown region; an unknown key leaves decryption undecided.
 */
function secretReplicas(resource: TerraformResourceInput, state: MappingState): SecretReplica[] {
  const value = state.resolve(resource.values['replica'], 'join');
  if (value === undefined || value === null) return [];
  const source = state.sourceOf(resource, 'replica');
  if (isUnknown(value)) {
    state.unresolved(resource, 'replica', value, 'the secret may be copied to any region: each copy is asked about, conditionally');
    return [{ region: '*', regionUnknown: unknownReason(value, source), source }];
  }
  const replicas: SecretReplica[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    const block = state.resolve(item, 'join');
    if (block === null || typeof block !== 'object' || Array.isArray(block) || isUnknown(block)) continue;
    const fields = block as Record<string, TfValue>;
    const region = state.resolve(fields['region'], 'join');
    const replica: SecretReplica = typeof region === 'string' && region !== '' ? { region, source } : { region: '*', regionUnknown: isUnknown(region) ? unknownReason(region, source) : 'no region given', source };
    if (isUnknown(region)) state.unresolved(resource, 'replica.region', region, 'the copy may be in any region: it is asked about conditionally');
    const kmsKeyId = keyReference(state, resource, 'replica.kms_key_id', state.resolve(fields['kms_key_id'], 'join'), 'the replica\'s key is unknown, so its decryption is taken as undecided');
    if (kmsKeyId !== undefined) replica.kmsKeyId = kmsKeyId;
    replicas.push(replica);
  }
  return replicas;
}

/**
 * A KMS key reference as a secret or parameter stores it: the text when known; an unresolved one
 * is reported and kept as `unresolved/EXPRESSION`, a key no inventory resolves (decryption undecided).
 */
function keyReference(state: MappingState, resource: TerraformResourceInput, attribute: string, value: TfValue | undefined, consequence: string): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (!isUnknown(value)) return undefined;
  const alias = lookedUpAlias(state, value);
  if (alias !== undefined) return alias;
  state.unresolved(resource, attribute, value, consequence);
  return `unresolved/${value.expression}`;
}

/**
 * `key_id = data.aws_kms_alias.x.target_key_arn` (or `target_key_id`): the key a looked-up alias
 * names. SSM's and Secrets Manager's key arguments take an alias as well as a key
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html, `KeyId`;
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html, `KmsKeyId`),
 * so the alias's name stands for the key: the graph resolves it through the inventory's aliases, and
 * `alias/aws/…` is the AWS managed key. Undefined when the reference is not to such a lookup.
 */
function lookedUpAlias(state: MappingState, value: TfUnknown): string | undefined {
  const named = state.referencedAttribute(value);
  if (!named || named.resource.mode !== 'data' || named.resource.type !== 'aws_kms_alias') return undefined;
  if (named.attribute !== 'target_key_arn' && named.attribute !== 'target_key_id') return undefined;
  const name = state.joinString(named.resource, 'name');
  return typeof name === 'string' && name.startsWith('alias/') ? name : undefined;
}
