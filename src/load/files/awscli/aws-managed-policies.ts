import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from '../../../package-root.js';
import { join } from 'node:path';
import type { Inventory, ManagedPolicy } from '../../../model/inventory.js';
import type { Issue } from '../../../model/issue.js';
import type { JsonValue, SourceRef } from '../../../model/source.js';

/** Where shipped documents say they come from: not a file of the scan, so a pseudo file name. */
export const AWS_MANAGED_POLICY_SOURCE_FILE = 'secret-scan:data/aws-managed-policies.json';

const DATA_FILE = join('data', 'aws-managed-policies.json');
let catalog: Map<string, JsonValue> | undefined;

/** True for an ARN of an AWS managed policy (`arn:PARTITION:iam::aws:policy/...`). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

/**
 * The shipped document of an AWS managed policy (latest version, docs/semantics.md#managed-policies), or undefined when the
 * catalog does not hold it (then the caller reports `unknownManagedPolicy` and answers widen).
 * ARNs of other partitions (`aws-cn`, `aws-us-gov`) resolve to the same document. The catalog is
 * read once, on first use; a missing or unreadable catalog behaves as an empty one.
 */
export function resolveAwsManagedPolicy(arn: string): ManagedPolicy | undefined {
  if (!isAwsManagedPolicyArn(arn)) return undefined;
  const canonical = arn.replace(/^arn:[^:]+:/, 'arn:aws:');
  const document = loadCatalog().get(canonical);
  if (document === undefined) return undefined;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  return {
    arn,
    name,
    policy: { id: arn, document, source: { file: AWS_MANAGED_POLICY_SOURCE_FILE, pointer: `/${canonical.replace(/~/g, '~0').replace(/\//g, '~1')}` } },
  };
}

let arnsByName: Map<string, string> | undefined;
/**
 * The ARN of the AWS managed policy of this name (`AmazonECSTaskExecutionRolePolicy` →
 * `arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`), or undefined when the
 * shipped catalog holds none: a lookup by name (Terraform's `data "aws_iam_policy"`) finds it.
 */
export function awsManagedPolicyArnByName(name: string): string | undefined {
  if (!arnsByName) {
    arnsByName = new Map();
    for (const arn of loadCatalog().keys()) arnsByName.set(arn.slice(arn.lastIndexOf('/') + 1), arn);
  }
  return arnsByName.get(name);
}

/** How many AWS managed policies the shipped catalog holds (0 when it is missing). */
export function awsManagedPolicyCount(): number {
  return loadCatalog().size;
}

/** One attachment of a managed policy, kept so an unknown one is reported where it is attached. */
export interface PolicyAttachment {
  arn: string;
  source: SourceRef;
}

/**
 * For every attached AWS managed policy ARN not in `known`, the shipped document; ARNs the catalog
 * lacks yield one `unknownManagedPolicy` issue each, at their first attachment. Customer managed
 * ARNs are left alone (another file may define them). Output is sorted by ARN.
 */
export function resolveAttachedAwsManagedPolicies(attachments: PolicyAttachment[], known: Set<string>): { managedPolicies: ManagedPolicy[]; issues: Issue[] } {
  const firstSource = new Map<string, SourceRef>();
  for (const a of attachments) if (!firstSource.has(a.arn)) firstSource.set(a.arn, a.source);
  const managedPolicies: ManagedPolicy[] = [];
  const issues: Issue[] = [];
  for (const arn of [...firstSource.keys()].sort()) {
    if (known.has(arn) || !isAwsManagedPolicyArn(arn)) continue;
    const policy = resolveAwsManagedPolicy(arn);
    if (policy) managedPolicies.push(policy);
    else issues.push({ code: 'unknownManagedPolicy', message: `AWS managed policy ${arn} is not in the shipped catalog: what it grants is unknown`, source: firstSource.get(arn) ?? { file: '' } });
  }
  return { managedPolicies, issues };
}

/**
 * After fragments are merged: the AWS managed policies that principals and groups attach (or use
 * as permissions boundary) but the inventory lacks, from the shipped catalog, plus one
 * `unknownManagedPolicy` issue per ARN the catalog does not hold (at the first principal or group
 * attaching it). Adds nothing already in `inventory.managedPolicies`.
 */
export function completeAwsManagedPolicies(inventory: Pick<Inventory, 'principals' | 'groups' | 'managedPolicies'>): { managedPolicies: ManagedPolicy[]; issues: Issue[] } {
  const attachments: PolicyAttachment[] = [];
  for (const group of inventory.groups) {
    for (const arn of group.attachedPolicyArns) attachments.push({ arn, source: group.source });
  }
  for (const principal of inventory.principals) {
    for (const arn of principal.attachedPolicyArns) attachments.push({ arn, source: principal.source });
    const boundary = principal.permissionsBoundaryArn;
    if (boundary !== undefined) attachments.push({ arn: boundary, source: principal.source });
  }
  return resolveAttachedAwsManagedPolicies(attachments, new Set(inventory.managedPolicies.map((p) => p.arn)));
}

function loadCatalog(): Map<string, JsonValue> {
  if (catalog !== undefined) return catalog;
  catalog = new Map();
  const file = findDataFile();
  if (file === undefined) return catalog;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      for (const [arn, document] of Object.entries(parsed as Record<string, JsonValue>)) catalog.set(arn, document);
    }
  } catch {
    // A damaged catalog is treated as empty: every AWS managed policy then reads as unknown,
    // which widens reader sets and raises SS011 instead of silently denying.
    catalog = new Map();
  }
  return catalog;
}

function findDataFile(): string | undefined {
  const file = packagePath(DATA_FILE);
  return existsSync(file) ? file : undefined;
}
