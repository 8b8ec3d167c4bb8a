import type { VaultPathRule, VaultPolicy } from '../../model/vault.js';

const SOURCE = 'vault:builtin';

// Vault's built-in "default" policy (vault/policy_store.go, defaultPolicy), attached to every
// token unless token_no_default_policy is set. Kept as data: [path, capabilities].
const DEFAULT_RULES: [string, string[]][] = [
  ['auth/token/lookup-self', ['read']],
  ['auth/token/renew-self', ['update']],
  ['auth/token/revoke-self', ['update']],
  ['sys/capabilities-self', ['update']],
  ['identity/entity/id/{{identity.entity.id}}', ['read']],
  ['identity/entity/name/{{identity.entity.name}}', ['read']],
  ['sys/internal/ui/resultant-acl', ['read']],
  ['sys/renew', ['update']],
  ['sys/leases/renew', ['update']],
  ['sys/leases/lookup', ['update']],
  ['cubbyhole/*', ['create', 'read', 'update', 'delete', 'list']],
  ['sys/wrapping/wrap', ['update']],
  ['sys/wrapping/lookup', ['update']],
  ['sys/wrapping/unwrap', ['update']],
  ['sys/tools/hash', ['update']],
  ['sys/tools/hash/*', ['update']],
  ['sys/tools/random', ['update']],
  ['sys/tools/random/*', ['update']],
  ['sys/control-group/request', ['update']],
  ['identity/oidc/provider/+/authorize', ['read', 'update']],
];

// "response-wrapping": the fixed policy of wrapping tokens.
const RESPONSE_WRAPPING_RULES: [string, string[]][] = [
  ['cubbyhole/response', ['create', 'read']],
  ['sys/wrapping/unwrap', ['update']],
];

function build(name: string, rules: [string, string[]][]): VaultPolicy {
  return {
    name,
    source: { file: SOURCE, pointer: name },
    rules: rules.map(([path, capabilities], i): VaultPathRule => ({ path, capabilities, source: { file: SOURCE, pointer: `${name}#${i + 1}` } })),
  };
}

/**
 * Vault's built-in policies by name: `default`, `response-wrapping`, and `root` (no rules; the
 * engine treats a policy named root as allow-everything). Returns `undefined` for other names.
 * https://developer.hashicorp.com/vault/docs/concepts/policies#built-in-policies
 */
export function builtinVaultPolicy(name: string): VaultPolicy | undefined {
  if (name === 'default') return build('default', DEFAULT_RULES);
  if (name === 'response-wrapping') return build('response-wrapping', RESPONSE_WRAPPING_RULES);
  if (name === 'root') return { name: 'root', rules: [], source: { file: SOURCE, pointer: 'root' } };
  return undefined;
}

/** Names Vault knows without any policy document. */
export const BUILTIN_POLICY_NAMES: ReadonlySet<string> = new Set(['default', 'response-wrapping', 'root']);
