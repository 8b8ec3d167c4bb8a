import type { Issue } from '../model/issue.js';
import type { VaultPathRule, VaultPolicy } from '../model/vault.js';

/**
 * One Vault policy defined by two inputs (a `NAME.hcl` file and a Terraform `vault_policy` whose
 * `policy = file("NAME.hcl")`, or a `vault read sys/policies/acl/NAME` dump): Vault holds one
 * policy per name, so they become one. Identical rules are kept once. When the definitions
 * differ, the inputs disagree about what is deployed; the merge takes the wider reading — every
 * rule of both, and a `deny` only where both definitions deny that path (a deny one of them lacks
 * could be absent in Vault) — and raises `conflictingVaultPolicy` (SS011) saying so.
 */
export function mergeVaultPolicyDefinitions(existing: VaultPolicy, next: VaultPolicy): { policy: VaultPolicy; issue?: Issue } {
  const known = new Set(existing.rules.map(ruleSignature));
  const added = next.rules.filter((rule) => !known.has(ruleSignature(rule)));
  const sameRules = added.length === 0 && existing.rules.length === new Set(next.rules.map(ruleSignature)).size;
  // Either definition read only in part leaves the merged one read only in part.
  const unreadable = existing.unreadable ?? next.unreadable;
  if (sameRules) return { policy: unreadable === undefined ? existing : { ...existing, unreadable } };
  const deniedIn = (policy: VaultPolicy): Set<string> => new Set(policy.rules.filter((r) => r.capabilities.includes('deny')).map((r) => r.path));
  const deniedByBoth = new Set([...deniedIn(existing)].filter((path) => deniedIn(next).has(path)));
  const rules: VaultPathRule[] = [];
  for (const rule of [...existing.rules, ...added]) {
    if (!rule.capabilities.includes('deny') || deniedByBoth.has(rule.path)) { rules.push(rule); continue; }
    const capabilities = rule.capabilities.filter((c) => c !== 'deny');
    if (capabilities.length > 0) rules.push({ ...rule, capabilities });
  }
  return {
    policy: { ...existing, rules, ...(unreadable === undefined ? {} : { unreadable }) },
    issue: {
      code: 'conflictingVaultPolicy',
      message: `Vault policy "${next.name}" is defined again with different rules (also at ${existing.source.file}${existing.source.line ? `:${existing.source.line}` : ''}); the union of what both grant is used (a deny only where both deny)`,
      source: next.source,
    },
  };
}

function ruleSignature(rule: VaultPathRule): string {
  return JSON.stringify([rule.path, [...rule.capabilities].sort(), rule.allowedParameters ?? null, rule.deniedParameters ?? null, rule.requiredParameters ?? null, rule.minWrappingTtlSeconds ?? null, rule.maxWrappingTtlSeconds ?? null]);
}
