import type { IamPolicy } from './iam.js';
import type { Issue } from './issue.js';
import type { OrganizationEntity, ServiceControlPolicy } from './organizations.js';
import type { SourceRef } from './source.js';
import type { VaultAuthRole, VaultMount, VaultPolicy, VaultSecret } from './vault.js';
import type { CredentialLocation } from './manifest.js';

export interface IamPrincipal {
  kind: 'role' | 'user';
  arn: string;
  name: string;
  account: string;
  /** Inline policies. */
  inlinePolicies: IamPolicy[];
  /** ARNs of attached managed policies (customer or AWS managed); resolved through `Inventory.managedPolicies`. */
  attachedPolicyArns: string[];
  permissionsBoundaryArn?: string;
  /** Roles only. */
  trustPolicy?: IamPolicy;
  /** Users only: names of groups. */
  groups: string[];
  /** Roles only: ARNs of the instance profiles that hold the role (EC2 instances run as it through them). */
  instanceProfileArns?: string[];
  /** Known only from a grant attached to it (e.g. a Terraform policy attachment); no input so far defines it. */
  placeholder?: boolean;
  tags: Record<string, string>;
  source: SourceRef;
}

export interface IamGroup {
  arn: string;
  name: string;
  account: string;
  /** Known only from a grant or membership naming it; no input so far defines it. */
  placeholder?: boolean;
  inlinePolicies: IamPolicy[];
  attachedPolicyArns: string[];
  source: SourceRef;
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  /** The default version's document. */
  policy: IamPolicy;
}

export interface S3Bucket {
  /** The bucket's name; for a pattern bucket, the glob of the names it may have. */
  name: string;
  /** Owning account when known. */
  account?: string;
  policy?: IamPolicy;
  /**
   * Set when the name holds parts the inputs cannot know (`bucket = "config-${var.env}"`): `name` is
   * then a glob, and the policy may be that of any bucket the glob matches (docs/semantics.md#symbolic-unknowns).
   */
  namePattern?: { why: string };
  source: SourceRef;
}

/**
 * An S3 object's ACL that lets a group of requesters read it (docs/semantics.md#s3-acls): READ, or
 * FULL_CONTROL, for `AllUsers` (anyone, unsigned requests included) or `AuthenticatedUsers` (any
 * AWS account's principals). Canned ACLs that grant only owners (`private`, `bucket-owner-read`…)
 * are not kept.
 */
export interface S3ObjectAcl {
  /** The bucket's name; a glob where it holds parts the inputs cannot know. */
  bucket: string;
  /** The object's key; a glob where it holds parts the inputs cannot know. */
  key: string;
  /** The groups granted READ. */
  readers: S3AclGroup[];
  /** The ACL as written, for the explanation: `canned ACL public-read`, `grant AllUsers READ`, `acl = var.acl`. */
  written: string;
  /** Set when the ACL, the bucket or the key holds parts the inputs cannot know: the grant is then undecided, and why. */
  undecided?: string;
  source: SourceRef;
}

export type S3AclGroup = 'AllUsers' | 'AuthenticatedUsers';

/**
 * A setting that takes ACLs out of a bucket's authorization: Object Ownership `BucketOwnerEnforced`
 * (ACLs disabled) or Block Public Access `IgnorePublicAcls` (public ACLs ignored), on one bucket
 * or, for `IgnorePublicAcls`, on a whole account.
 */
export interface S3AclSwitch {
  scope: { bucket: string } | { account: string };
  setting: 'BucketOwnerEnforced' | 'IgnorePublicAcls';
  source: SourceRef;
}

/**
 * An AWS RAM resource share holding SSM parameters (docs/semantics.md#ram-shares): the parameter ARNs
 * it shares (globs where the inputs cannot know them) and whom with: account ids, an organization's
 * or an OU's ARN, IAM role or user ARNs.
 */
export interface ParameterShare {
  /** The share, as the inputs name it (`aws_ram_resource_share.config`). */
  name: string;
  parameterArns: string[];
  /** Each consumer and where the configuration names it; `*` for one the inputs cannot know. */
  principals: { principal: string; undecided?: string; source: SourceRef }[];
  source: SourceRef;
}

export interface KmsKey {
  keyId: string;
  arn: string;
  account?: string;
  region?: string;
  /** `AWS` for AWS managed keys (aws/ssm, aws/secretsmanager…), `CUSTOMER` otherwise; unknown when not described. */
  manager?: 'AWS' | 'CUSTOMER';
  policy?: IamPolicy;
  /** The key's grants, where an input lists them (`aws kms list-grants`, `aws_kms_grant`, live `ListGrants`). */
  grants?: KmsGrant[];
  /**
   * Set when the key's grants could not be listed (a live `ListGrants` that failed): why. Any
   * principal may then hold a grant, so decryption is possible for everyone, conditionally.
   */
  grantsUnread?: string;
  source: SourceRef;
}

/**
 * A grant on a KMS key: beside the key policy, it allows its grantee the listed operations, within
 * its encryption context constraints (https://docs.aws.amazon.com/kms/latest/developerguide/grants.html).
 */
export interface KmsGrant {
  grantId?: string;
  /** What explanations call it: the grant's name, or its Terraform resource address. */
  name?: string;
  /** An IAM principal's or account's ARN, a service principal, or `unknown:EXPRESSION` where the inputs cannot say. */
  granteePrincipal: string;
  /** As KMS spells them (`Decrypt`, `GenerateDataKey`…); 'unknown' when the inputs cannot say. */
  operations: string[] | 'unknown';
  /** https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html; 'unknown' when the inputs cannot say. */
  constraints?: KmsGrantConstraints | 'unknown';
  source: SourceRef;
}

export interface KmsGrantConstraints {
  encryptionContextEquals?: Record<string, string>;
  encryptionContextSubset?: Record<string, string>;
}

/**
 * What makes a KMS key one key. A key id names one key, except a multi-Region key's (`mrk-…`),
 * which its primary and every replica share, each in its own Region with its own key policy
 * (https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html): those
 * are told apart by Region as well.
 */
export function kmsKeyIdentity(keyId: string, region: string | undefined): string {
  return isMultiRegionKeyId(keyId) && region ? `${keyId}@${region}` : keyId;
}

export function isMultiRegionKeyId(keyId: string): boolean {
  return keyId.startsWith('mrk-');
}

/** What makes an alias one alias: its name, in its Region (an alias name is unique per account and Region), when its ARN says which. */
export function kmsAliasIdentity(alias: Pick<KmsAlias, 'name' | 'arn'>): string {
  const region = kmsAliasRegion(alias);
  return region ? `${alias.name}@${region}` : alias.name;
}

/** The Region an alias's ARN names; undefined when it has no ARN (or an ARN without a Region). */
export function kmsAliasRegion(alias: Pick<KmsAlias, 'arn'>): string | undefined {
  return alias.arn?.split(':')[3] || undefined;
}

export interface KmsAlias {
  /** `alias/NAME`. */
  name: string;
  arn?: string;
  targetKeyId?: string;
  source: SourceRef;
}

/**
 * A secret whose name holds parts the inputs cannot know (docs/semantics.md#symbolic-unknowns, pattern secrets). Its `name`
 * and `arn` are then a stand-in built from the resource address (`«aws_secretsmanager_secret.db»`),
 * which grants written for this very resource (its own `.arn`) name and no other resource does.
 */
export interface NamePattern {
  /** The report id: the resource address (`aws_secretsmanager_secret.db`) or CloudFormation logical id. */
  id: string;
  /** Glob of every name it may have (`*\/db-password`). */
  name: string;
  /** Glob of every ARN it may have. */
  arn: string;
  /** The expression left unknown and where: why a grant matching only some values is conditional. */
  why: string;
}

export interface SsmParameter {
  name: string;
  arn: string;
  type: 'String' | 'StringList' | 'SecureString';
  /** As given: `alias/aws/ssm`, `alias/NAME`, key id or key ARN. */
  keyId?: string;
  /** Set when the name holds unknown parts. */
  pattern?: NamePattern;
  /**
   * The parameter's resource policy, where an input reads it (live `GetResourcePolicies` on an
   * advanced parameter): what sharing it through AWS RAM put there (docs/semantics.md#ram-shares).
   */
  policy?: IamPolicy;
  source: SourceRef;
}

export interface SecretsManagerSecret {
  name: string;
  arn: string;
  /** As given; absent = AWS managed key `aws/secretsmanager`. */
  kmsKeyId?: string;
  policy?: IamPolicy;
  /** Set when the name holds unknown parts. */
  pattern?: NamePattern;
  /**
   * Copies of the secret in other regions: the same value, name and resource policy under the
   * ARN with the replica's region, each encrypted with its own key
   * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html).
   */
  replicas?: SecretReplica[];
  /**
   * Set on a replica listed in its own region (`PrimaryRegion` names another): the primary's ARN.
   * The merge folds it into the primary's `replicas` when the inventory holds the primary.
   */
  primaryArn?: string;
  source: SourceRef;
}

export interface SecretReplica {
  /** `*` when the inputs cannot say (then `regionUnknown` says why). */
  region: string;
  regionUnknown?: string;
  /** As given; absent = the AWS managed key `aws/secretsmanager` of that region. */
  kmsKeyId?: string;
  source: SourceRef;
}

export interface TaskEnvironmentVariable {
  name: string;
  /** As written; `[redacted]` in a snapshot when it was secret material (then `secretMaterial` says why). */
  value: string;
  /** Set when the value was redacted (snapshots): the evidence that it is secret material, judged before redaction. */
  secretMaterial?: string;
  /**
   * Set when the value is a stored secret's, copied into the task definition when it is deployed
   * (Terraform's `data.aws_ssm_parameter.x.value`, CloudFormation's `{{resolve:…}}`): whoever may
   * read the task definition reads that secret (docs/semantics.md#ecs).
   */
  copyOf?: SecretValueCopy;
  source: SourceRef;
}

/** The stored secret an environment value is a copy of. */
export interface SecretValueCopy {
  service: 'ssm' | 'secretsmanager';
  /** A parameter's name or ARN; a secret's name or ARN, as the configuration names it. */
  ref: string;
  /** What copies it, as written: `data.aws_ssm_parameter.db.value`, `{{resolve:secretsmanager:db:SecretString:password}}`. */
  via: string;
}

export interface TaskSecretReference {
  /** Environment variable name inside the container. */
  name: string;
  /** As written: SSM name or ARN, Secrets Manager ARN with optional `:json-key:stage:version` suffix. */
  valueFrom: string;
  /**
   * Set when the inputs do not say which secret it is (a variable, a lookup by an unknown name):
   * `valueFrom` is then a glob of every name or ARN it may be, and this says why (docs/semantics.md#ecs).
   */
  valueFromUnknown?: string;
  /**
   * Stands for secrets the inputs do not show at all (the container list or its `secrets` list is
   * unknown): it widens the secrets answered for anyway and is no secret of its own, unlike one
   * reference whose name is unknown, which is a pattern secret.
   */
  unseen?: true;
  source: SourceRef;
}

export interface ContainerDefinition {
  name: string;
  environment: TaskEnvironmentVariable[];
  secrets: TaskSecretReference[];
  /**
   * `environmentFiles`: S3 objects whose lines ECS puts in the container's environment, fetched by
   * the execution role. Each is a reference whose `valueFrom` is the object's ARN (or its glob) and
   * whose `name` says which file it is.
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html
   */
  environmentFiles?: TaskSecretReference[];
}

export interface TaskDefinition {
  family: string;
  revision?: number;
  arn?: string;
  /** Account and region the task definition lives in (from its ARN, the role ARNs or the manifest). */
  account?: string;
  region?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  containers: ContainerDefinition[];
  source: SourceRef;
}

/**
 * A live listing that did not return everything. What it could have returned is unknown:
 * - `iam` (GetAccountAuthorizationDetails after its first page): principals of the account may
 *   exist that the inventory lacks; one symbolic reader stands for them (`unlistedPrincipals`).
 * - `s3`, `secretsmanager`, `ssm`: a declared secret not found in the inventory may be one the
 *   listing missed; it is taken to exist with `policy` (an undecidable Allow to anyone) as its
 *   resource policy and an unknown KMS key.
 * - `kms`: keys not described have no policy in the inventory, so decryption with them is
 *   already undecided; the entry only records the gap.
 * - `ecs` (ListTaskDefinitions stopped, or a DescribeTaskDefinition failed): a task definition
 *   not seen may name as its execution role any role of the account that ECS tasks may assume,
 *   and inject what that role can fetch into a task running as any task role; one symbolic
 *   reader stands for those task roles (`unlistedTaskRoles`).
 */
export interface IncompleteListing {
  kind: 'iam' | 's3' | 'ssm' | 'secretsmanager' | 'kms' | 'ecs';
  account: string;
  /** The region of a regional listing; absent for IAM and S3, which list account-wide. */
  region?: string;
  /** The unknown resource policy a missed S3 bucket or Secrets Manager secret gets. */
  policy?: IamPolicy;
  /** The failed call: its operation (`ListTaskDefinitions`, `DescribeTaskDefinition`)… */
  api?: string;
  /** …and where it went (`aws:<service>:<region>`, with the resource as pointer). */
  source: SourceRef;
}

/**
 * Vault auth roles a live scan could not read: who logs in through them and what their token
 * policies grant are unknown (docs/semantics.md#live-gaps). They are kept apart from
 * `vaultAuthRoles`, which hold only roles whose settings are known (rules such as SS009 judge
 * those settings); the graph gives each entry one symbolic reader (`unreadVaultRoles`).
 */
export interface UnreadVaultRoles {
  /** The auth mount (`approle`, `aws`); absent when the auth mounts themselves (`sys/auth`) could not be read. */
  mount?: string;
  /** The mount's auth method (`approle`, `aws`, `jwt`, `userpass`…), or `identity` for identity groups and entities (mount `identity/group`, `identity/entity`), when known. */
  authType?: string;
  /** The role; absent when the mount's role list (`LIST auth/MOUNT/role`) could not be read. */
  name?: string;
  /** The failed call and how it failed, e.g. `LIST auth/aws/role: apiAccessDenied`. */
  call: string;
  source: SourceRef;
}

/**
 * Everything the tool knows, normalized from every source. Loaders produce fragments of this
 * shape; `mergeInventories` joins them.
 */
export interface Inventory {
  principals: IamPrincipal[];
  groups: IamGroup[];
  managedPolicies: ManagedPolicy[];
  buckets: S3Bucket[];
  kmsKeys: KmsKey[];
  kmsAliases: KmsAlias[];
  ssmParameters: SsmParameter[];
  secretsManagerSecrets: SecretsManagerSecret[];
  taskDefinitions: TaskDefinition[];
  /** AWS Organizations service control policies: content and/or targets, joined by id (`model/organizations.ts`). */
  scps: ServiceControlPolicy[];
  /** The organization tree: roots, OUs and accounts with their parents. */
  organizationEntities: OrganizationEntity[];
  /**
   * Accounts whose IAM could not be read (live mode: a denied `AssumeRole` or
   * `GetAccountAuthorizationDetails`): their principals are unknown, so the account's root stands
   * for them as a possible reader, as for any account the inventory does not list.
   */
  unreadAccounts?: string[];
  /**
   * Live listings that stopped part-way (a page denied, timed out or unreachable): what they did
   * not return is unknown (docs/semantics.md#unknowns), so the graph widens (`IncompleteListing`).
   */
  incompleteListings?: IncompleteListing[];
  vaultPolicies: VaultPolicy[];
  vaultAuthRoles: VaultAuthRole[];
  /** Live mode: Vault auth roles (or whole role lists) that could not be read (`UnreadVaultRoles`). */
  unreadVaultRoles?: UnreadVaultRoles[];
  vaultMounts: VaultMount[];
  /** Vault secrets the configuration writes (discovered secrets, docs/semantics.md#secrets). */
  vaultSecrets?: VaultSecret[];
  /**
   * Places the configuration writes an AppRole's role_id or secret_id to (Terraform: a parameter's
   * value, a secret version, an object's content made of them): credential locations found, as the
   * manifest's `credentials` declare them (docs/semantics.md#vault-login).
   */
  appRoleCredentials?: CredentialLocation[];
  /**
   * Secrets handed by ARN to something the scan cannot read (Terraform: a registry or git module
   * given `secrets[].valueFrom`, `task_exec_secret_arns`…): there to be read by what it creates, so
   * discovered secrets (docs/semantics.md#secrets) even when no input describes them. `unknown`:
   * the ARN is a glob, from the expression named (a lookup by a name the inputs do not know).
   */
  handedSecrets?: { arn: string; to: string; source: SourceRef; unknown?: string }[];
  /** AWS RAM shares of SSM parameters with other accounts (docs/semantics.md#ram-shares). */
  parameterShares?: ParameterShare[];
  /** Object ACLs that let a group of requesters read an object (docs/semantics.md#s3-acls). */
  s3ObjectAcls?: S3ObjectAcl[];
  /** Bucket and account settings that switch ACLs off (`S3AclSwitch`). */
  s3AclSwitches?: S3AclSwitch[];
  /**
   * Resources seen that neither grant a read nor hold a secret (`aws_iam_access_key`,
   * `AWS::IAM::InstanceProfile`…): counted by type in the report's coverage, never SS011.
   */
  irrelevantResources: { type: string; source: SourceRef }[];
  /** Files or API calls that were read and understood. */
  loaded: string[];
  issues: Issue[];
}

/** What one file or one API call contributes to the inventory; merging joins fragments. */
export type InventoryFragment = Partial<Omit<Inventory, 'loaded' | 'issues'>> & {
  /**
   * Names that stand for a resource of this file's stack only (a role without `RoleName`, a key's
   * id, a pattern secret's stand-in), written in the fragment as `stackLocalName(name)` marks them;
   * normalize keeps each as it is, or scopes it to the file when another file uses it too.
   */
  stackLocalNames?: { file: string; names: string[] };
};
