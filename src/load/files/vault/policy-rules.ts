import type { Issue } from '../../../model/issue.js';
import { describeInput, describeName, ownEntry } from '../../../input-safety.js';
import type { SourceRef } from '../../../model/source.js';
import type { VaultPathRule } from '../../../model/vault.js';
import { parseVaultDuration } from './durations.js';
import type { HclStaticValue } from './hcl-value.js';

/** Capabilities a policy may grant; `root` is never grantable by a policy. */
export const VAULT_CAPABILITIES = new Set(['deny', 'create', 'read', 'update', 'delete', 'list', 'sudo', 'patch', 'subscribe', 'recover']);

// Legacy `policy = "..."` keyword, expanded as vault/policy.go does.
const LEGACY_POLICY: Record<string, string[]> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

const PATH_KEYS = new Set([
  'comment',
  'policy',
  'capabilities',
  'allowed_parameters',
  'denied_parameters',
  'required_parameters',
  'min_wrapping_ttl',
  'max_wrapping_ttl',
  'mfa_methods',
  'control_group',
  'subscribe_event_types',
]);

/**
 * Normalizes one decoded `path` stanza (from HCL or JSON) into a rule, as vault/policy.go's
 * parsePaths does: leading `/` stripped, legacy keyword expanded, `deny` alone when present,
 * parameter names lower-cased, wrapping TTLs in seconds. Anything Vault would reject becomes an
 * Issue while the rule is still kept, so a bad stanza can only widen, never hide, access.
 */
export function normalizePathRule(rawPath: string, body: HclStaticValue, source: SourceRef, issues: Issue[]): VaultPathRule {
  const issue = (message: string): void => {
    issues.push({ code: 'vaultPolicyInvalid', message: `path "${rawPath}": ${message}`, source });
  };
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (path.includes('+*')) issue(`invalid use of wildcards ('+*' is forbidden); Vault rejects this policy`);
  const rule: VaultPathRule = { path, capabilities: [], source };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    issue('expected an object with capabilities');
    return rule;
  }
  for (const key of Object.keys(body)) if (!PATH_KEYS.has(key)) issue(`invalid key ${describeName(key, PATH_KEYS)}`);

  const caps: string[] = [];
  const rawCaps = body['capabilities'];
  if (rawCaps !== undefined) {
    if (Array.isArray(rawCaps)) {
      for (const c of rawCaps) {
        if (typeof c === 'string' && VAULT_CAPABILITIES.has(c)) caps.push(c);
        else issue(`invalid capability (${typeof c === 'string' ? `not one of ${[...VAULT_CAPABILITIES].join(', ')}` : describeInput(c)})`);
      }
    } else issue('capabilities must be a list');
  }
  const legacy = body['policy'];
  if (legacy !== undefined) {
    const expanded = typeof legacy === 'string' ? ownEntry(LEGACY_POLICY, legacy) : undefined;
    if (!expanded) issue(`invalid policy (${typeof legacy === 'string' ? `not one of ${Object.keys(LEGACY_POLICY).join(', ')}` : describeInput(legacy)})`);
    else if (legacy === 'deny') caps.splice(0, caps.length, 'deny');
    else caps.push(...expanded);
  }
  rule.capabilities = caps.includes('deny') ? ['deny'] : [...new Set(caps)];

  const allowed = parameterMap(body['allowed_parameters'], 'allowed_parameters', issue);
  if (allowed) rule.allowedParameters = allowed;
  const denied = parameterMap(body['denied_parameters'], 'denied_parameters', issue);
  if (denied) rule.deniedParameters = denied;
  const required = body['required_parameters'];
  if (required !== undefined) {
    if (Array.isArray(required) && required.every((r) => typeof r === 'string')) rule.requiredParameters = required as string[];
    else issue('required_parameters must be a list of strings');
  }
  for (const [key, field] of [
    ['min_wrapping_ttl', 'minWrappingTtlSeconds'],
    ['max_wrapping_ttl', 'maxWrappingTtlSeconds'],
  ] as const) {
    if (body[key] === undefined) continue;
    const seconds = parseVaultDuration(body[key]);
    if (seconds === undefined) issue(`${key}: not a duration (${describeInput(body[key])})`);
    else rule[field] = seconds;
  }
  if (
    rule.minWrappingTtlSeconds !== undefined &&
    rule.maxWrappingTtlSeconds !== undefined &&
    rule.maxWrappingTtlSeconds > 0 &&
    rule.minWrappingTtlSeconds > rule.maxWrappingTtlSeconds
  ) {
    issue('max_wrapping_ttl cannot be less than min_wrapping_ttl');
  }
  return rule;
}

function parameterMap(
  value: HclStaticValue | undefined,
  key: string,
  issue: (message: string) => void,
): Record<string, string[]> | undefined {
  if (value === undefined) return undefined;
  // HCL1 decodes repeated nested blocks as a list of objects; merge them.
  const objects = Array.isArray(value) ? value : [value];
  const out: Record<string, string[]> = {};
  for (const obj of objects) {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      issue(`${key} must be a map of parameter name to list of values`);
      continue;
    }
    for (const [name, values] of Object.entries(obj)) {
      const list = Array.isArray(values) ? values : [values];
      // Vault matches parameter names case-insensitively by lower-casing both sides.
      out[name.toLowerCase()] = list.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    }
  }
  return out;
}
