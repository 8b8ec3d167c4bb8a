import { findNodeAtLocation, parseTree, type ParseError } from 'jsonc-parser';
import { duplicateKeyIssues, parseJsonWithPositions } from '../json/parse-json-with-positions.js';
import type { Issue } from '../../../model/issue.js';
import type { VaultAuthRole, VaultPolicy } from '../../../model/vault.js';
import { identityLocationFromPath, loadVaultIdentityDump, loadVaultRoleDump, roleLocationFromPath } from './load-vault-role.js';
import { positionsOf } from '../text-positions.js';
import { parseVaultPolicy } from './parse-vault-policy.js';
import { parseHcl } from '../hcl/parse-hcl.js';

export interface LoadedVaultFile {
  policies: VaultPolicy[];
  roles: VaultAuthRole[];
  issues: Issue[];
  /** False when the file is not a Vault policy or role dump; the caller may offer it to other loaders. */
  recognized: boolean;
  /** Why an HCL file that is not a policy was set aside (a Vault Agent or server configuration). */
  skipReason?: string;
}

/**
 * Top-level blocks of a Vault Agent configuration (https://developer.hashicorp.com/vault/docs/agent-and-proxy/agent)
 * and of a Vault server configuration (https://developer.hashicorp.com/vault/docs/configuration): neither is a policy.
 */
const AGENT_BLOCKS = /^[ \t]*(auto_auth|template|template_config|vault|cache|api_proxy|env_template|exec|exit_after_auth|pid_file)\b[^\n]*[{=]/m;
const SERVER_BLOCKS = /^[ \t]*(storage|ha_storage|seal|listener|telemetry|api_addr|cluster_addr|ui)\b[^\n]*[{=]/m;
// `path "…" {` blocks, or the attribute form `path = {…}` that Vault's HCL parser also accepts;
// either may follow a block comment on its line (`/* … */ path "a" {`).
const POLICY_PATH = /(?:^|\*\/)[ \t]*path[ \t]+"|(?:^|\*\/[ \t]*)"?path"?[ \t]*=[ \t]*[{[]/m;
// Other tools' HCL, by the file names their documentation gives them.
const OTHER_TOOL_FILES: readonly [RegExp, string][] = [
  [/(^|\/)terragrunt\.hcl$/i, 'a Terragrunt configuration'],
  [/(^|\/)terragrunt\.stack\.hcl$/i, 'a Terragrunt stack (the units it generates exist only when Terragrunt runs)'],
  [/\.pkr\.hcl$/i, 'a Packer template'],
  [/\.nomad(\.hcl)?$/i, 'a Nomad job'],
  [/\.tftest\.hcl$/i, 'a Terraform test file'],
  [/(^|\/)\.terraform\.lock\.hcl$/i, 'a Terraform dependency lock file'],
];
/** Keys one of which a role dump has: AWS, AppRole, JWT/OIDC, Kubernetes (load-vault-role.ts tells them apart). */
const ROLE_KEYS = ['auth_type', 'bind_secret_id', 'role_type', 'user_claim', 'bound_audiences', 'bound_claims', 'bound_service_account_names'];
/** Keys one of which a Vault role dump or JSON policy has (see the checks in `loadVaultFile`). */
const VAULT_JSON_KEYS = new RegExp(`"(${[...ROLE_KEYS, 'path', 'policy', 'rules'].join('|')})"`);

/**
 * Whether the parsed HCL holds a top-level `path` block or attribute: the line test above misses a
 * rule that does not start its line (`/* comment *\/ path "a" {`), and setting a policy aside would
 * hide what it grants.
 */
function hasPathRule(text: string): boolean {
  return parseHcl(text).body.items.some((item) => (item.kind === 'block' ? item.type === 'path' : item.name === 'path'));
}

/**
 * Why this HCL is not a Vault policy, or undefined when it may be one. Vault rejects a policy without
 * `path` rules or with other top-level keys (https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax),
 * so an HCL file without any `path` rule can never grant anything: it is set aside with what it
 * looks like rather than read as a broken policy.
 */
function vaultConfigKind(file: string, text: string): string | undefined {
  const tool = OTHER_TOOL_FILES.find(([pattern]) => pattern.test(file))?.[1];
  if (tool) return `${tool}, not a Vault policy: it grants nothing`;
  if (POLICY_PATH.test(text) || hasPathRule(text)) return undefined;
  if (AGENT_BLOCKS.test(text)) return 'a Vault Agent configuration (auto_auth / template / vault blocks), not a policy: it grants nothing';
  if (SERVER_BLOCKS.test(text)) return 'a Vault server configuration, not a policy: it grants nothing';
  return 'HCL without any `path` rule: not a Vault policy (Vault would refuse it), so it grants nothing';
}

/**
 * The directory walker's entry point for Vault files (the naming README "Inputs" describes): `NAME.hcl` is policy NAME;
 * a JSON file is a role dump at `…/auth/MOUNT/role/NAME.json`, an identity group or entity dump at
 * `…/identity/group/name/NAME.json` (`entity`), a JSON policy (`{"path": …}`), or a
 * policy read dump (`data.policy` / `data.rules`). Anything else is `recognized: false`.
 */
export function loadVaultFile(relativePath: string, text: string): LoadedVaultFile {
  const file = relativePath.replace(/\\/g, '/');
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (/\.hcl$/i.test(base)) {
    const configKind = vaultConfigKind(file, text);
    if (configKind) return { policies: [], roles: [], issues: [], recognized: false, skipReason: configKind };
    const { policy, issues } = parseVaultPolicy(text, base.replace(/\.hcl$/i, ''), file);
    return { policies: [policy], roles: [], issues, recognized: true };
  }
  if (!/\.json$/i.test(base)) return { policies: [], roles: [], issues: [], recognized: false };
  // Every JSON file is offered here first; a text that names none of the keys below (written plainly
  // or with escapes) is no Vault file, and a 25 MB IAM dump need not be parsed to learn that.
  const identity = identityLocationFromPath(file);
  if (!identity && !text.includes('\\u') && !VAULT_JSON_KEYS.test(text)) return { policies: [], roles: [], issues: [], recognized: false };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors);
  if (!root || root.type !== 'object') return { policies: [], roles: [], issues: [], recognized: false };
  const has = (...path: string[]): boolean => findNodeAtLocation(root, path) !== undefined;
  const lines = positionsOf(text);
  const isRole = roleLocationFromPath(file) !== undefined && ROLE_KEYS.some((key) => has('data', key) || has(key));
  const isIdentity = identity !== undefined && (has('data', 'policies') || has('policies'));
  if (isRole || isIdentity) {
    const parsed = parseJsonWithPositions(text);
    const firstError = parsed.errors[0];
    if (firstError || parsed.value === undefined) {
      // Position and kind only: the text around a syntax error may be the secret_id itself.
      const issue: Issue = { code: 'jsonParseError', message: `invalid JSON: ${firstError?.message ?? 'no value'}; nothing was loaded from this file`, source: { file, line: firstError?.line ?? 1, column: firstError?.column ?? 1 } };
      return { policies: [], roles: [], issues: [issue], recognized: true };
    }
    const json: unknown = parsed.value;
    const lineOf = (pointer: string): number | undefined => {
      // jsonc-parser steps into an array by a number: a dump's lists (an entity's `aliases`) are.
      const segs = pointer.split('/').slice(1).map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
      const node = findNodeAtLocation(root, segs);
      return node ? lines(node.parent?.type === 'property' ? node.parent.offset : node.offset).line : undefined;
    };
    const loaded = identity !== undefined && isIdentity ? loadVaultIdentityDump(json, file, identity, lineOf, { keepAppRoleAliasNames: true }) : loadVaultRoleDump(json, file, lineOf);
    return { policies: [], roles: loaded.role ? [loaded.role] : [], issues: [...loaded.issues, ...duplicateKeyIssues(parsed.duplicates, file)], recognized: true };
  }
  const isPolicy =
    has('path') ||
    findNodeAtLocation(root, ['data', 'policy'])?.type === 'string' ||
    findNodeAtLocation(root, ['data', 'rules'])?.type === 'string';
  if (!isPolicy) return { policies: [], roles: [], issues: [], recognized: false };
  const nameNode = findNodeAtLocation(root, ['data', 'name']);
  const name = typeof nameNode?.value === 'string' ? nameNode.value : base.replace(/\.json$/i, '');
  const { policy, issues } = parseVaultPolicy(text, name, file);
  return { policies: [policy], roles: [], issues, recognized: true };
}
