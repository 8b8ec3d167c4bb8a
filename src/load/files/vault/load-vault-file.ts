import { findNodeAtLocation, parseTree, type ParseError } from 'jsonc-parser';
import { duplicateKeyIssues, parseJsonWithPositions } from '../json/parse-json-with-positions.js';
import type { Issue } from '../../../model/issue.js';
import type { VaultAuthRole, VaultPolicy } from '../../../model/vault.js';
import { loadVaultRoleDump, roleLocationFromPath } from './load-vault-role.js';
import { positionsOf } from '../text-positions.js';
import { parseVaultPolicy } from './parse-vault-policy.js';

export interface LoadedVaultFile {
  policies: VaultPolicy[];
  roles: VaultAuthRole[];
  issues: Issue[];
  /** False when the file is not a Vault policy or role dump; the caller may offer it to other loaders. */
  recognized: boolean;
}

/**
 * The directory walker's entry point for Vault files (SPEC 5 naming): `NAME.hcl` is policy NAME;
 * a JSON file is a role dump at `…/auth/MOUNT/role/NAME.json`, a JSON policy (`{"path": …}`), or a
 * policy read dump (`data.policy` / `data.rules`). Anything else is `recognized: false`.
 */
export function loadVaultFile(relativePath: string, text: string): LoadedVaultFile {
  const file = relativePath.replace(/\\/g, '/');
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (/\.hcl$/i.test(base)) {
    const { policy, issues } = parseVaultPolicy(text, base.replace(/\.hcl$/i, ''), file);
    return { policies: [policy], roles: [], issues, recognized: true };
  }
  if (!/\.json$/i.test(base)) return { policies: [], roles: [], issues: [], recognized: false };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors);
  if (!root || root.type !== 'object') return { policies: [], roles: [], issues: [], recognized: false };
  const has = (...path: string[]): boolean => findNodeAtLocation(root, path) !== undefined;
  const lines = positionsOf(text);
  if (roleLocationFromPath(file) && (has('data', 'auth_type') || has('data', 'bind_secret_id') || has('auth_type') || has('bind_secret_id'))) {
    const parsed = parseJsonWithPositions(text);
    const firstError = parsed.errors[0];
    if (firstError || parsed.value === undefined) {
      // Position and kind only: the text around a syntax error may be the secret_id itself.
      const issue: Issue = { code: 'jsonParseError', message: `invalid JSON: ${firstError?.message ?? 'no value'}; nothing was loaded from this file`, source: { file, line: firstError?.line ?? 1, column: firstError?.column ?? 1 } };
      return { policies: [], roles: [], issues: [issue], recognized: true };
    }
    const json: unknown = parsed.value;
    const lineOf = (pointer: string): number | undefined => {
      const segs = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const node = findNodeAtLocation(root, segs);
      return node ? lines(node.parent?.type === 'property' ? node.parent.offset : node.offset).line : undefined;
    };
    const { role, issues } = loadVaultRoleDump(json, file, lineOf);
    return { policies: [], roles: role ? [role] : [], issues: [...issues, ...duplicateKeyIssues(parsed.duplicates, file)], recognized: true };
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
