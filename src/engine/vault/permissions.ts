import type { VaultPathRule } from '../../model/vault.js';

export interface AclContributor {
  policy: string;
  rule: VaultPathRule;
}

/** The merged permissions of every rule, across policies, written for one path string. */
export interface AclPermissions {
  capabilities: Set<string>;
  allowedParameters?: Record<string, string[]>;
  deniedParameters?: Record<string, string[]>;
  requiredParameters?: string[];
  /** 0 = not set, as in Vault. */
  minWrappingTtlSeconds: number;
  maxWrappingTtlSeconds: number;
  contributors: AclContributor[];
}

/** Permissions of a single rule before merging (a deny rule carries nothing but `deny`). */
export function permissionsOf(rule: VaultPathRule, policy: string): AclPermissions {
  const deny = rule.capabilities.includes('deny');
  const perms: AclPermissions = {
    capabilities: new Set(deny ? ['deny'] : rule.capabilities.filter((c) => c !== 'root')),
    minWrappingTtlSeconds: deny ? 0 : (rule.minWrappingTtlSeconds ?? 0),
    maxWrappingTtlSeconds: deny ? 0 : (rule.maxWrappingTtlSeconds ?? 0),
    contributors: [{ policy, rule }],
  };
  if (!deny) {
    if (rule.allowedParameters) perms.allowedParameters = cloneParams(rule.allowedParameters);
    if (rule.deniedParameters) perms.deniedParameters = cloneParams(rule.deniedParameters);
    if (rule.requiredParameters) perms.requiredParameters = [...rule.requiredParameters];
  }
  return perms;
}

export function clonePermissions(p: AclPermissions): AclPermissions {
  const out: AclPermissions = {
    capabilities: new Set(p.capabilities),
    minWrappingTtlSeconds: p.minWrappingTtlSeconds,
    maxWrappingTtlSeconds: p.maxWrappingTtlSeconds,
    contributors: [...p.contributors],
  };
  if (p.allowedParameters) out.allowedParameters = cloneParams(p.allowedParameters);
  if (p.deniedParameters) out.deniedParameters = cloneParams(p.deniedParameters);
  if (p.requiredParameters) out.requiredParameters = [...p.requiredParameters];
  return out;
}

/**
 * Merges a rule into the permissions already held for the same path string, as vault/acl.go
 * NewACL does: an existing deny absorbs everything; a new deny replaces everything; otherwise
 * capabilities are united, the lesser wrapping TTLs kept, parameter lists appended (an empty list,
 * meaning "any value", wins), required parameters united.
 * https://developer.hashicorp.com/vault/docs/concepts/policies#capabilities
 */
export function mergeRule(existing: AclPermissions, rule: VaultPathRule, policy: string): void {
  existing.contributors.push({ policy, rule });
  if (existing.capabilities.has('deny')) return;
  const incoming = permissionsOf(rule, policy);
  if (incoming.capabilities.has('deny')) {
    existing.capabilities = new Set(['deny']);
    delete existing.allowedParameters;
    delete existing.deniedParameters;
    return;
  }
  for (const c of incoming.capabilities) existing.capabilities.add(c);
  if (incoming.maxWrappingTtlSeconds > 0 && (existing.maxWrappingTtlSeconds === 0 || incoming.maxWrappingTtlSeconds < existing.maxWrappingTtlSeconds)) {
    existing.maxWrappingTtlSeconds = incoming.maxWrappingTtlSeconds;
  }
  if (incoming.minWrappingTtlSeconds > 0 && (existing.minWrappingTtlSeconds === 0 || incoming.minWrappingTtlSeconds < existing.minWrappingTtlSeconds)) {
    existing.minWrappingTtlSeconds = incoming.minWrappingTtlSeconds;
  }
  for (const field of ['allowedParameters', 'deniedParameters'] as const) {
    const add = incoming[field];
    if (!add || Object.keys(add).length === 0) continue;
    const have = existing[field];
    if (!have) {
      existing[field] = add;
      continue;
    }
    for (const [key, values] of Object.entries(add)) {
      const prev = have[key];
      have[key] = values.length === 0 || (prev !== undefined && prev.length === 0) ? [] : [...values, ...(prev ?? [])];
    }
  }
  if (incoming.requiredParameters && incoming.requiredParameters.length > 0) {
    const have = existing.requiredParameters ?? [];
    for (const r of incoming.requiredParameters) if (!have.includes(r)) have.push(r);
    existing.requiredParameters = have;
  }
}

function cloneParams(p: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(p)) out[k] = [...v];
  return out;
}
