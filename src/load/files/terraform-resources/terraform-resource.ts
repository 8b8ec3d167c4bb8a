import type { Issue } from '../../../model/issue.js';
import type { InventoryFragment } from '../../../model/inventory.js';
import type { SourceRef } from '../../../model/source.js';

/**
 * A value Terraform does not know before apply, or that secret-scan could not resolve. It carries
 * why, so the mapping can widen the answer (a `*`-like value in a Resource or Principal) and raise
 * SS011 naming the expression — never drop it silently.
 */
export interface TfUnknown {
  unknown: true;
  /** The expression or attribute that could not be resolved, e.g. `var.bucket_arn`, `aws_iam_role.app.arn (known after apply)`. */
  expression: string;
  source?: SourceRef;
}

export type TfValue = string | number | boolean | null | TfValue[] | { [key: string]: TfValue } | TfUnknown;

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
  values: Record<string, TfValue>;
  /** Where the resource block is (file and line), or the plan's file and the address as pointer. */
  source: SourceRef;
  /** Where individual attributes or nested statements are, when known (`policy`, `statement[0]`…). */
  attributeSources?: Record<string, SourceRef>;
}

export interface TerraformMappingContext {
  defaultAccount?: string;
  region: string;
}

export interface TerraformMappingResult {
  fragment: InventoryFragment;
  issues: Issue[];
}
