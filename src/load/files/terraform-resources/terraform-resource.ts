import type { Issue } from '../../../model/issue.js';
import type { InventoryFragment } from '../../../model/inventory.js';
import type { SourceRef } from '../../../model/source.js';
import type { SymbolicUnknown } from '../../unknown-value.js';

/**
 * A value Terraform does not know before apply, or that secret-scan could not resolve. It carries
 * why, so the mapping can widen the answer (a `*`-like value in a Resource or Principal) and raise
 * SS011 naming the expression — never drop it silently.
 */
export interface TfUnknown extends SymbolicUnknown {
  unknown: true;
  /** The expression or attribute that could not be resolved, e.g. `var.bucket_arn`, `aws_iam_role.app.arn (known after apply)`. */
  expression: string;
  source?: SourceRef;
  /**
   * A wildcard pattern (IAM `*`/`?` syntax) that covers every value it could take, e.g.
   * `arn:aws:s3:::*\/*` for `"arn:aws:s3:::${var.bucket}/*"`. Used instead of `*` when the mapping widens.
   */
  pattern?: string;
  /**
   * `ADDRESS.ATTRIBUTE` the value was taken from, when the producer could not see the expression
   * itself (a plan lists an expression's references, not its text): the value is that attribute,
   * or a template around it. The mapping resolves it exactly where it joins resources (role names,
   * ARNs, key ids) and only as `*VALUE*` inside policy documents, where a suffix such as `/*`
   * matters. An unknown whose `expression` is exactly `ADDRESS.ATTRIBUTE` is resolved exactly.
   */
  inferredFrom?: string;
  /**
   * `ADDRESS.ATTRIBUTE` this unknown is the configured value of, when it was read through a
   * reference to that resource (`role = aws_iam_role.app.name`, the role's `name` being
   * `"${var.service}-app"`): where resources are joined, the reference names the resource even
   * though its value is unknown. Its own `expression` still says why it is unknown.
   */
  ownAttribute?: string;
  /**
   * For a template (a quoted string with `${}`, a heredoc, a `templatefile`): its text with the
   * unknown values in place — strings are literal text, anything else a value spliced in — so a
   * JSON document written as a template can still be parsed, its unknown parts symbolic.
   */
  parts?: TfValue[];
  /**
   * For a list of unknown length whose elements are all one stand-in instance (a resource whose
   * `count` or `for_each` is unknown, or a splat over it): that element. `one`, `join`, `element`
   * and `concat` take it as the list's element, as `x[0]` does; anything that depends on the
   * length (`length`, a condition, `for`) still sees an unknown list.
   */
  standInElement?: TfValue;
  /**
   * For a list of unknown length that `concat` builds from known lists and unknown ones
   * (`concat([vault_identity_entity.a.id], var.more_ids)`): the elements it certainly holds. Where a
   * list names members or holders, each of them is one, beside an unknown rest; everywhere else the
   * list is unknown as a whole.
   */
  knownElements?: TfValue[];
  /**
   * For a conditional whose condition is unknown (`var.create ? aws_iam_role.this[0].name :
   * var.role_name`): the values its branches may take. Where a value names who holds a grant, each
   * of them holds it; everywhere else the value is unknown as a whole.
   */
  alternatives?: TfValue[];
  /**
   * `ADDRESS.ATTRIBUTE` of a resource of another root module this value came from (a Terragrunt
   * dependency's output, `aws_kms_key.this.arn`): resolved there, never against a resource of the
   * same address in the module that uses it.
   */
  foreign?: { root: string; reference: string };
  /**
   * `ADDRESS.ATTRIBUTE` of a stored or generated secret's value this unknown is, or is computed from
   * (`jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]`): where it
   * lands in plaintext (a task environment), it is a copy of that secret (secret-value-copies.ts).
   */
  secretValueOf?: string;
}

export type TfValue = string | number | boolean | null | TfValue[] | { [key: string]: TfValue } | TfUnknown;

/**
 * The type given to a module call the scan cannot read (a registry or git source, a missing
 * directory), handed to the mapping with the arguments it is given. No provider resource type is
 * a bare word, so it names nothing else.
 */
export const UNREAD_MODULE_TYPE = 'module';

/**
 * The provider families whose managed resources can grant, hold or inject a secret: every type the
 * mapping reads, or reports as not read yet, is in one of them (a test holds the mapping to it);
 * RDS instances and clusters create the Secrets Manager secrets of their master passwords.
 * A resource of any other type (a subnet, a DNS record, a file system) cannot change who reads a
 * secret, so how many instances it has does not matter either.
 */
const FAMILIES_THAT_MAY_MATTER = /^(aws_(iam|s3|s3control|kms|secretsmanager|ssm|ram|organizations|lambda|ecs|batch|apprunner)_|aws_(db_instance|rds_cluster)$|vault_)/;

/** False for a managed resource type that cannot change who reads a secret, whatever its arguments. */
export function managedTypeMayMatter(type: string): boolean {
  return type === UNREAD_MODULE_TYPE || FAMILIES_THAT_MAY_MATTER.test(type);
}

/**
 * Data sources outside those families whose values name or place what does matter: the account,
 * region and partition, the provider's default tags (role names are built from them), rendered
 * templates, another state's outputs, a program's or a URL's answer.
 */
const DATA_SOURCES_THAT_MAY_MATTER: ReadonlySet<string> = new Set([
  'aws_caller_identity', 'aws_region', 'aws_partition', 'aws_default_tags', 'aws_arn', 'template_file',
  'terraform_remote_state', 'external', 'http', 'local_file',
]);

/** False for a data source type that cannot change who reads a secret (a VPC, subnets, an AMI). */
export function dataSourceMayMatter(type: string): boolean {
  return managedTypeMayMatter(type) || DATA_SOURCES_THAT_MAY_MATTER.has(type);
}

/**
 * One managed resource or data source instance with its attribute values, as the Terraform HCL
 * loader evaluates them or as a plan's `after` / `values` carries them — the same attribute
 * schema in both (the provider's), which is why one mapping serves both inputs.
 */
export interface TerraformResourceInput {
  mode: 'managed' | 'data';
  /** Provider resource type, e.g. `aws_iam_role`, `vault_policy`. */
  type: string;
  /** Full address, e.g. `module.svc["billing"].aws_iam_role.task`. */
  address: string;
  /**
   * The root module the instance belongs to, set when the scan evaluated several root modules that
   * both have an instance at this address (`envs/prod` and `envs/staging` calling one module):
   * where the address stands in for a name Terraform generates, the root keeps the two apart.
   */
  scope?: string;
  values: Record<string, TfValue>;
  /** Where the resource block is (file and line), or the plan's file and the address as pointer. */
  source: SourceRef;
  /** Where individual attributes or nested statements are, when known (`policy`, `statement[0]`…). */
  attributeSources?: Record<string, SourceRef>;
  /**
   * For string attributes whose text is laid out line by line in the source file (a heredoc), the
   * file line just before the text's first line: a line n inside the text is file line `base + n`.
   * Absent for text that cannot map back (a JSON string in a plan): positions inside it then point
   * at the attribute's own line.
   */
  textLineBase?: Record<string, number>;
  /**
   * Where the instance is created when its provider configuration says otherwise than the scan
   * (`provider = aws.west` with its own `region`, an `assume_role` into another account).
   */
  place?: {
    region?: string; account?: string; provider?: string;
    /** The Vault namespace of its provider configuration, relative to the scan's; or the expression of one the inputs cannot resolve. */
    vaultNamespace?: string; vaultNamespaceUnknown?: string;
  };
  /**
   * AppRole login material (`vault_approle_auth_backend_role_secret_id.x.secret_id`, `….role_id`)
   * the resource's secret value is made of, by reference: the value itself is never kept.
   */
  loginMaterialReferences?: string[];
}

export interface TerraformMappingContext {
  defaultAccount?: string;
  region: string;
  /**
   * Resolves a reference into another root module of the scan (`TfUnknown.foreign`) as that root's
   * own mapping resolves it; undefined when that root is not mapped in this scan.
   */
  resolveForeign?: (root: string, reference: string) => TfValue | undefined;
}

export interface TerraformMappingResult {
  fragment: InventoryFragment;
  issues: Issue[];
}
