import type { Inventory, InventoryFragment } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import { completeAwsManagedPolicies } from '../load/files/awscli/aws-managed-policies.js';
import { mergeInventories, sortIssues } from './merge-inventories.js';
import { settleStackLocalFragments } from './stack-local-names.js';

/**
 * One inventory from every fragment: names a template makes for its own stack settled, merged, AWS managed policies attached anywhere resolved to
 * their shipped documents (unknown ones become issues, and the graph widens for them).
 */
export function normalizeInventory(fragments: InventoryFragment[], loaded: string[], issues: Issue[]): Inventory {
  const settled = settleStackLocalFragments(fragments, issues);
  const inventory = mergeInventories(settled.fragments, loaded, settled.issues);
  const completed = completeAwsManagedPolicies(inventory);
  const known = new Set(inventory.managedPolicies.map((p) => p.arn));
  inventory.managedPolicies.push(...completed.managedPolicies.filter((p) => !known.has(p.arn)));
  inventory.managedPolicies.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  // The loaders raised these per file already; keep one of each.
  const seen = new Set(inventory.issues.map((i) => `${i.code}|${i.source.file}|${i.source.line ?? ''}|${i.message}`));
  for (const issue of completed.issues) {
    const key = `${issue.code}|${issue.source.file}|${issue.source.line ?? ''}|${issue.message}`;
    if (!seen.has(key)) { seen.add(key); inventory.issues.push(issue); }
  }
  inventory.issues.push(...unresolvedCustomerPolicies(inventory), ...undefinedPlaceholders(inventory));
  inventory.issues = sortIssues(inventory.issues);
  return inventory;
}

/** Customer managed policies attached (or used as boundary) but defined in no input: the graph assumes they may allow anything. */
function unresolvedCustomerPolicies(inventory: Inventory): Issue[] {
  const known = new Set(inventory.managedPolicies.map((p) => p.arn));
  const issues: Issue[] = [];
  const holders: { arn: string; attachedPolicyArns: string[]; permissionsBoundaryArn?: string; source: Issue['source'] }[] = [...inventory.principals, ...inventory.groups];
  for (const holder of holders) {
    const boundary = holder.permissionsBoundaryArn;
    for (const arn of [...holder.attachedPolicyArns, ...(boundary ? [boundary] : [])]) {
      if (known.has(arn) || arn.startsWith('arn:aws:iam::aws:policy/')) continue;
      issues.push({ code: 'unknownManagedPolicy', message: `managed policy ${arn} attached to ${holder.arn} is not in the inventory; it is assumed to allow anything`, source: holder.source });
    }
  }
  return issues;
}

/** Roles, users and groups that grants name but no input defines: their other policies and trust are unknown. */
function undefinedPlaceholders(inventory: Inventory): Issue[] {
  return [...inventory.principals, ...inventory.groups].filter((holder) => holder.placeholder).map((holder) => ({
    code: 'undefinedPrincipal',
    message: `${holder.arn} receives grants here but no input defines it; its other policies (and trust policy) are unknown`,
    source: holder.source,
  }));
}
