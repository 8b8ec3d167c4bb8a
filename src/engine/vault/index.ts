// The Vault engine: pure, synchronous, deterministic. Semantics follow
// https://developer.hashicorp.com/vault/docs/concepts/policies and hashicorp/vault vault/acl.go.
export { compileVaultPolicies, type CompiledVaultAcl } from './acl.js';
export {
  evaluateVaultRequest,
  vaultCapabilities,
  toVaultAcl,
  type VaultDecision,
  type VaultMatchedRule,
  type VaultOperation,
  type VaultPolicyInput,
  type VaultRequest,
} from './evaluate.js';
export { builtinVaultPolicy, BUILTIN_POLICY_NAMES } from './builtin-policies.js';
export { appRoleLogin, awsAuthLoginSubjects, loginPolicies, matchesVaultArnPattern, vaultArnMatcher, type AwsAuthLoginSubjects } from './auth.js';
export { isRootProtected } from './root-protected.js';
export { kvV2Paths } from './kv.js';
export { globbedStringsMatch } from './parameters.js';
export { referenceCapabilities } from './reference.js';
export { vaultRuleMeetsGlob } from './rule-glob-overlap.js';
