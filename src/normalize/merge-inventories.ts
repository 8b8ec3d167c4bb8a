import type { IamPolicy } from '../model/iam.js';
import { kmsAliasIdentity, kmsKeyIdentity, type Inventory, type IamPrincipal, type KmsGrant, type SecretReplica } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import { vaultPolicyKey, type VaultPolicy } from '../model/vault.js';
import { emptyInventory, type InventoryFragment } from './inventory-fragment.js';
import { mergeVaultPolicyDefinitions } from './merge-vault-policies.js';

/**
 * Joins the fragments that files and API calls produced into one inventory. The same object seen
 * twice (a KMS key from describe-key and its policy from get-key-policy, a secret from
 * list-secrets and its resource policy) becomes one entry with the union of what is known.
 * Output lists are sorted, so every later stage is deterministic.
 */
export function mergeInventories(fragments: InventoryFragment[], loaded: string[], issues: Issue[]): Inventory {
  const inventory = emptyInventory();
  const mergeIssues: Issue[] = [];
  const principals = new Map<string, IamPrincipal>();
  const groups = new Map<string, Inventory['groups'][number]>();
  const managed = new Map<string, Inventory['managedPolicies'][number]>();
  const buckets = new Map<string, Inventory['buckets'][number]>();
  const keys = new Map<string, Inventory['kmsKeys'][number]>();
  const aliases = new Map<string, Inventory['kmsAliases'][number]>();
  const parameters = new Map<string, Inventory['ssmParameters'][number]>();
  const secrets = new Map<string, Inventory['secretsManagerSecrets'][number]>();
  const tasks = new Map<string, Inventory['taskDefinitions'][number]>();
  const vaultPolicies = new Map<string, VaultPolicy>();
  const vaultRoles = new Map<string, Inventory['vaultAuthRoles'][number]>();
  const scps = new Map<string, Inventory['scps'][number]>();
  const entities = new Map<string, Inventory['organizationEntities'][number]>();

  for (const fragment of fragments) {
    for (const principal of fragment.principals ?? []) {
      const existing = principals.get(principal.arn);
      if (!existing) { principals.set(principal.arn, { ...principal }); continue; }
      if (!principal.placeholder) delete existing.placeholder;
      existing.inlinePolicies = unionPolicies(existing.inlinePolicies, principal.inlinePolicies);
      existing.attachedPolicyArns = unionStrings(existing.attachedPolicyArns, principal.attachedPolicyArns);
      existing.groups = unionStrings(existing.groups, principal.groups);
      if (principal.instanceProfileArns) existing.instanceProfileArns = unionStrings(existing.instanceProfileArns ?? [], principal.instanceProfileArns);
      existing.trustPolicy ??= principal.trustPolicy;
      existing.permissionsBoundaryArn ??= principal.permissionsBoundaryArn;
      existing.tags = { ...principal.tags, ...existing.tags };
    }
    for (const group of fragment.groups ?? []) {
      const existing = groups.get(group.arn);
      if (!existing) { groups.set(group.arn, { ...group }); continue; }
      if (!group.placeholder) delete existing.placeholder;
      existing.inlinePolicies = unionPolicies(existing.inlinePolicies, group.inlinePolicies);
      existing.attachedPolicyArns = unionStrings(existing.attachedPolicyArns, group.attachedPolicyArns);
    }
    for (const policy of fragment.managedPolicies ?? []) if (!managed.has(policy.arn)) managed.set(policy.arn, policy);
    for (const bucket of fragment.buckets ?? []) {
      const existing = buckets.get(bucket.name);
      if (!existing) { buckets.set(bucket.name, { ...bucket }); continue; }
      existing.policy ??= bucket.policy;
      existing.account ??= bucket.account;
    }
    for (const key of fragment.kmsKeys ?? []) {
      const identity = kmsKeyIdentity(key.keyId, key.region);
      const existing = keys.get(identity);
      if (!existing) { keys.set(identity, { ...key }); continue; }
      existing.policy ??= key.policy;
      if (key.grants) existing.grants = mergeGrants(existing.grants, key.grants);
      existing.grantsUnread ??= key.grantsUnread;
      existing.manager ??= key.manager;
      existing.account ??= key.account;
      existing.region ??= key.region;
      // A key-policy dump alone cannot name the key's account; prefer an ARN that does.
      if ((!existing.arn || existing.arn.includes('::key/')) && key.arn && !key.arn.includes('::key/')) existing.arn = key.arn;
    }
    for (const alias of fragment.kmsAliases ?? []) {
      const identity = kmsAliasIdentity(alias);
      const existing = aliases.get(identity);
      if (!existing) { aliases.set(identity, { ...alias }); continue; }
      existing.targetKeyId ??= alias.targetKeyId;
      existing.arn ??= alias.arn;
    }
    for (const parameter of fragment.ssmParameters ?? []) {
      const existing = parameters.get(parameter.arn);
      if (!existing) { parameters.set(parameter.arn, { ...parameter }); continue; }
      existing.keyId ??= parameter.keyId;
    }
    for (const secret of fragment.secretsManagerSecrets ?? []) {
      const existing = secrets.get(secret.arn);
      if (!existing) { secrets.set(secret.arn, { ...secret }); continue; }
      existing.policy ??= secret.policy;
      existing.kmsKeyId ??= secret.kmsKeyId;
      if (secret.replicas) existing.replicas = mergeReplicas(existing.replicas, secret.replicas);
      existing.primaryArn ??= secret.primaryArn;
    }
    for (const task of fragment.taskDefinitions ?? []) {
      // Without an ARN, one family in one file may still run as different roles (a conditional role, one
      // instance per role): those are different task definitions to the analysis.
      const key = task.arn ?? `${task.family}:${task.revision ?? task.source.file}:${task.taskRoleArn ?? ''}:${task.executionRoleArn ?? ''}`;
      if (!tasks.has(key)) tasks.set(key, task);
    }
    for (const policy of fragment.vaultPolicies ?? []) {
      // Two namespaces may each define a policy of one name: two policies.
      const key = vaultPolicyKey(policy);
      const existing = vaultPolicies.get(key);
      if (!existing) { vaultPolicies.set(key, policy); continue; }
      const merged = mergeVaultPolicyDefinitions(existing, policy);
      vaultPolicies.set(key, merged.policy);
      if (merged.issue) mergeIssues.push(merged.issue);
    }
    for (const role of fragment.vaultAuthRoles ?? []) {
      const key = `${role.namespace ?? ''}\u0000${role.mount}/${role.name}`;
      if (!vaultRoles.has(key)) vaultRoles.set(key, role);
    }
    for (const scp of fragment.scps ?? []) {
      const existing = scps.get(scp.id);
      if (!existing) { scps.set(scp.id, { ...scp }); continue; }
      // describe-policy gives the content, list-targets-for-policy the targets: one policy.
      existing.policy ??= scp.policy;
      existing.name ??= scp.name;
      existing.arn ??= scp.arn;
      if (scp.targets) existing.targets = unionStrings(existing.targets ?? [], scp.targets);
    }
    for (const entity of fragment.organizationEntities ?? []) {
      const existing = entities.get(entity.id);
      if (!existing) { entities.set(entity.id, { ...entity }); continue; }
      existing.parentId ??= entity.parentId;
      existing.name ??= entity.name;
      existing.managementAccount ??= entity.managementAccount;
    }
    inventory.irrelevantResources.push(...(fragment.irrelevantResources ?? []));
    for (const listing of fragment.incompleteListings ?? []) {
      const same = (l: typeof listing): boolean => l.kind === listing.kind && l.account === listing.account && l.region === listing.region;
      if (!(inventory.incompleteListings ?? []).some(same)) (inventory.incompleteListings ??= []).push(listing);
    }
    for (const unread of fragment.unreadVaultRoles ?? []) {
      const same = (u: typeof unread): boolean => u.mount === unread.mount && u.name === unread.name;
      if (!(inventory.unreadVaultRoles ?? []).some(same)) (inventory.unreadVaultRoles ??= []).push(unread);
    }
    if (fragment.unreadAccounts?.length) inventory.unreadAccounts = [...new Set([...(inventory.unreadAccounts ?? []), ...fragment.unreadAccounts])].sort();
    inventory.vaultMounts.push(...(fragment.vaultMounts ?? []));
    if (fragment.appRoleCredentials?.length) (inventory.appRoleCredentials ??= []).push(...fragment.appRoleCredentials);
    if (fragment.vaultSecrets?.length) (inventory.vaultSecrets ??= []).push(...fragment.vaultSecrets);
    if (fragment.handedSecrets?.length) (inventory.handedSecrets ??= []).push(...fragment.handedSecrets);
    if (fragment.s3ObjectAcls?.length) (inventory.s3ObjectAcls ??= []).push(...fragment.s3ObjectAcls);
    if (fragment.s3AclSwitches?.length) (inventory.s3AclSwitches ??= []).push(...fragment.s3AclSwitches);
    if (fragment.parameterShares?.length) (inventory.parameterShares ??= []).push(...fragment.parameterShares);
  }

  inventory.principals = sortBy([...principals.values()], (p) => p.arn);
  inventory.groups = sortBy([...groups.values()], (g) => g.arn);
  inventory.managedPolicies = sortBy([...managed.values()], (p) => p.arn);
  inventory.buckets = sortBy([...buckets.values()], (b) => b.name);
  // By id (or name), then Region: a multi-Region key and its replicas, or one alias name in several Regions, in a fixed order.
  inventory.kmsKeys = sortBy([...keys.values()], (k) => `${k.keyId}\u0000${k.region ?? ''}`);
  inventory.kmsAliases = sortBy([...aliases.values()], (a) => `${a.name}\u0000${kmsAliasIdentity(a)}`);
  inventory.ssmParameters = sortBy([...parameters.values()], (p) => p.arn);
  foldListedReplicas(secrets);
  inventory.secretsManagerSecrets = sortBy([...secrets.values()], (s) => s.arn);
  inventory.taskDefinitions = sortBy([...tasks.values()], (t) => t.arn ?? `${t.family}:${t.revision ?? ''}`);
  inventory.vaultPolicies = sortBy([...vaultPolicies.values()], (p) => `${p.name}\u0000${p.namespace ?? ''}`);
  inventory.vaultAuthRoles = sortBy([...vaultRoles.values()], (r) => `${r.mount}/${r.name}\u0000${r.namespace ?? ''}`);
  if (inventory.unreadVaultRoles) inventory.unreadVaultRoles = sortBy(inventory.unreadVaultRoles, (u) => `${u.mount ?? ''}/${u.name ?? ''}`);
  inventory.scps = sortBy([...scps.values()], (p) => p.id);
  for (const scp of inventory.scps) if (scp.targets) scp.targets = [...scp.targets].sort();
  inventory.organizationEntities = sortBy([...entities.values()], (e) => e.id);
  inventory.irrelevantResources = sortBy(inventory.irrelevantResources, (r) => `${r.type}\u0000${r.source.file}\u0000${String(r.source.line ?? 0).padStart(8, '0')}`);
  inventory.loaded = [...new Set(loaded)].sort();
  inventory.issues = sortIssues([...issues, ...mergeIssues]);
  return inventory;
}

/** Issues sorted by place, then code, so reports are stable. */
export function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) =>
    a.source.file.localeCompare(b.source.file) || (a.source.line ?? 0) - (b.source.line ?? 0) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}

function unionPolicies(a: IamPolicy[], b: IamPolicy[]): IamPolicy[] {
  const ids = new Set(a.map((p) => p.id));
  return [...a, ...b.filter((p) => !ids.has(p.id))];
}

function unionStrings(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Grants of one key from several inputs: each once (by grant id, where the inputs give one). */
function mergeGrants(known: KmsGrant[] | undefined, more: KmsGrant[]): KmsGrant[] {
  const all = [...(known ?? [])];
  const ids = new Set(all.map((g) => g.grantId).filter((id) => id !== undefined));
  for (const grant of more) if (grant.grantId === undefined || !ids.has(grant.grantId)) all.push(grant);
  return all;
}

/** Replicas of one secret from several inputs: one per known region. */
function mergeReplicas(known: SecretReplica[] | undefined, more: SecretReplica[]): SecretReplica[] {
  const all = [...(known ?? [])];
  for (const replica of more) {
    const at = all.findIndex((r) => r.region === replica.region && r.region !== '*');
    if (at < 0) all.push(replica);
    else if (all[at]?.kmsKeyId === undefined && replica.kmsKeyId !== undefined) all[at] = { ...all[at] as SecretReplica, kmsKeyId: replica.kmsKeyId };
  }
  return all;
}

/**
 * A replica listed in its own region (live mode scanning that region, a `list-secrets` dump from
 * there) is a copy of its primary, not a secret of its own: when the inventory holds the primary,
 * the replica joins the primary's replicas (its region and key) and leaves the list. Without the
 * primary it stays a secret: nothing is made up about the primary's key.
 */
function foldListedReplicas(secrets: Map<string, Inventory['secretsManagerSecrets'][number]>): void {
  for (const [arn, secret] of secrets) {
    if (secret.primaryArn === undefined) continue;
    const primary = secrets.get(secret.primaryArn);
    if (!primary) continue;
    const region = arn.split(':')[3] ?? '';
    primary.replicas = mergeReplicas(primary.replicas, [{ region, ...(secret.kmsKeyId !== undefined ? { kmsKeyId: secret.kmsKeyId } : {}), source: secret.source }]);
    primary.policy ??= secret.policy;
    secrets.delete(arn);
  }
}
