import type { VaultPolicy } from '../model/vault.js';
import {
  evaluateVaultRequest as evaluateCompiled, vaultCapabilities as capabilitiesCompiled,
  type VaultDecision, type VaultPolicyInput, type VaultRequest,
} from '../engine/vault/index.js';
import { parseVaultPolicy } from '../load/files/vault/parse-vault-policy.js';

/** Policy text (HCL or Vault's JSON syntax) by policy name; `root` stands for Vault's root policy. */
export type VaultPolicyTexts = Record<string, string>;

/**
 * The library's Vault entry points accept policies as text too: parsing is the loader's job, so
 * it happens here, and the engine itself stays over model objects (pure, no parser to load).
 */
function toPolicies(input: VaultPolicyTexts | VaultPolicyInput): VaultPolicyInput {
  if (Array.isArray(input) || (input as { kind?: unknown }).kind === 'compiledVaultAcl') return input as VaultPolicyInput;
  const texts = input as VaultPolicyTexts;
  return Object.keys(texts).sort().map((name): VaultPolicy =>
    name === 'root' ? { name, rules: [], source: { file: '<policy:root>' } } : parseVaultPolicy(texts[name] ?? '', name, `<policy:${name}>`).policy);
}

/** What Vault's ACL decides for one request (see the engine's `evaluateVaultRequest`), with policies given as text or objects. */
export function evaluateVaultRequest({ policies, request }: { policies: VaultPolicyTexts | VaultPolicyInput; request: VaultRequest }): VaultDecision {
  return evaluateCompiled({ policies: toPolicies(policies), request });
}

/** What `sys/capabilities` would answer for a path, with policies given as text or objects. */
export function vaultCapabilities(policies: VaultPolicyTexts | VaultPolicyInput, path: string): string[] {
  return capabilitiesCompiled(toPolicies(policies), path);
}
