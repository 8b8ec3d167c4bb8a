/**
 * secret-scan's public API: scan infrastructure files and answer, for every secret, who can read
 * it and through which grants; plus the engines that decide each grant, for use on their own.
 */
export { scan, toolVersion, type ScanOptions } from './api/scan.js';
// No top-level await anywhere below this file, so `require('secret-scan')` works. `scan()` loads the
// HCL grammar itself; the functions that take Vault policy text need `await ready()` once first
// (`import 'secret-scan'` goes through entry.ts, which has already awaited it).
export { initHclParser as ready } from './load/files/hcl/parse-hcl.js';
export { UsageError } from './usage-error.js';

// Engines (pure, synchronous).
export {
  evaluateIamRequest, compileIamPolicy, compileIamPolicySet, evaluateCompiledIamRequest, matchesWildcard, parseArn,
  type IamPolicyInput, type IamPolicySetInput, type CompiledIamPolicy, type CompiledIamPolicySet,
} from './engine/iam/index.js';
export { evaluateVaultRequest, vaultCapabilities, type VaultPolicyTexts } from './api/vault-policy-text.js';
export {
  compileVaultPolicies, builtinVaultPolicy, loginPolicies, appRoleLogin,
  awsAuthLoginSubjects, matchesVaultArnPattern,
  type CompiledVaultAcl, type VaultDecision, type VaultRequest, type VaultOperation, type VaultPolicyInput,
} from './engine/vault/index.js';

// Inputs the engines and scan() take: a manifest, a Vault policy's text as the engine's model.
export { parseManifest, loadManifestFile } from './load/manifest/load-manifest.js';
export { parseVaultPolicy } from './load/files/vault/parse-vault-policy.js';

// Report formatters: a scan's report as JSON (also streamed), SARIF, text, Markdown; one secret as a tree.
export { formatJson, writeJson, writeJsonBytes } from './report/json.js';
export { formatSarif, type SarifOptions } from './report/sarif.js';
export { formatText } from './report/text.js';
export { formatMarkdown } from './report/markdown.js';
export { formatExplanation } from './report/explain.js';
export { loadRuleCatalog } from './rules/rule-catalog.js';

export type * from './model/source.js';
export type * from './model/issue.js';
export type * from './model/iam.js';
export type * from './model/vault.js';
export type * from './model/inventory.js';
export type * from './model/manifest.js';
export type * from './model/report.js';
export type * from './model/rule.js';
