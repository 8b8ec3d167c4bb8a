import type { IamPolicy } from './iam.js';
import type { Issue } from './issue.js';
import type { OrganizationEntity, ServiceControlPolicy } from './organizations.js';
import type { SourceRef } from './source.js';
import type { VaultAuthRole, VaultMount, VaultPolicy } from './vault.js';

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
  name: string;
  /** Owning account when known. */
  account?: string;
  policy?: IamPolicy;
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
  source: SourceRef;
}

export interface KmsAlias {
  /** `alias/NAME`. */
  name: string;
  arn?: string;
  targetKeyId?: string;
  source: SourceRef;
}

export interface SsmParameter {
  name: string;
  arn: string;
  type: 'String' | 'StringList' | 'SecureString';
  /** As given: `alias/aws/ssm`, `alias/NAME`, key id or key ARN. */
  keyId?: string;
  source: SourceRef;
}

export interface SecretsManagerSecret {
  name: string;
  arn: string;
  /** As given; absent = AWS managed key `aws/secretsmanager`. */
  kmsKeyId?: string;
  policy?: IamPolicy;
  source: SourceRef;
}

export interface TaskEnvironmentVariable {
  name: string;
  value: string;
  source: SourceRef;
}

export interface TaskSecretReference {
  /** Environment variable name inside the container. */
  name: string;
  /** As written: SSM name or ARN, Secrets Manager ARN with optional `:json-key:stage:version` suffix. */
  valueFrom: string;
  source: SourceRef;
}

export interface ContainerDefinition {
  name: string;
  environment: TaskEnvironmentVariable[];
  secrets: TaskSecretReference[];
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
  vaultPolicies: VaultPolicy[];
  vaultAuthRoles: VaultAuthRole[];
  vaultMounts: VaultMount[];
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
export type InventoryFragment = Partial<Omit<Inventory, 'loaded' | 'issues'>>;
