import type { InventoryFragment } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import { hasStackLocalName, scopedStackLocalName, settleStackLocalNames } from '../model/unknowns.js';

/**
 * Settles the names templates make for their own stack (`stackLocalName`): a name one file makes
 * stays as it is; a name two files make (two templates each with a role `FnRole` and no `RoleName`)
 * is two resources, each scoped to its file (`*-FnRole-*@stack-a`), so merging cannot join them and
 * one stack's Deny or key policy never lands on the other's resource.
 */
export function settleStackLocalFragments(fragments: InventoryFragment[], issues: Issue[]): { fragments: InventoryFragment[]; issues: Issue[] } {
  const filesByName = new Map<string, Set<string>>();
  for (const fragment of fragments) {
    const local = fragment.stackLocalNames;
    if (!local) continue;
    for (const name of local.names) {
      const files = filesByName.get(name) ?? new Set<string>();
      files.add(local.file);
      filesByName.set(name, files);
    }
  }
  if (filesByName.size === 0) return { fragments, issues };
  const shared = new Set([...filesByName].filter(([, files]) => files.size > 1).map(([name]) => name));
  const scopes = fileScopes([...new Set([...shared].flatMap((name) => [...(filesByName.get(name) ?? [])]))]);
  const settlerOf = (file: string) => (name: string): string => {
    const scope = scopes.get(file);
    return shared.has(name) && scope !== undefined ? scopedStackLocalName(name, scope) : name;
  };
  const settled = fragments.map((fragment) => {
    if (!fragment.stackLocalNames) return fragment;
    const { stackLocalNames, ...rest } = fragment;
    // The rewrite keeps every object's shape: only strings change.
    return rewriteStrings(rest, settlerOf(stackLocalNames.file)) as InventoryFragment;
  });
  const settledIssues = issues.map((issue) => hasStackLocalName(issue.message) ? { ...issue, message: settleStackLocalNames(issue.message, settlerOf(issue.source.file)) } : issue);
  return { fragments: settled, issues: settledIssues };
}

/**
 * A short scope per file, unique among `files`: the file name without its extension, preceded by as
 * many folders as it takes (`stack-a`, `api.template`, `worker.template`). Never `/` or `:`, which
 * would split an ARN.
 */
function fileScopes(files: string[]): Map<string, string> {
  const parts = new Map(files.map((file) => [file, file.split('/').map((part, index, all) => (index === all.length - 1 ? part.replace(/\.[^.]*$/, '') || part : part).replace(/:/g, '_'))]));
  const scopes = new Map<string, string>();
  for (const file of files) {
    const own = parts.get(file) ?? [file];
    let scope = own.join('.');
    for (let depth = 1; depth <= own.length; depth += 1) {
      const candidate = own.slice(-depth).join('.');
      const clash = files.some((other) => other !== file && (parts.get(other) ?? []).slice(-depth).join('.') === candidate);
      if (!clash) { scope = candidate; break; }
    }
    scopes.set(file, scope);
  }
  return scopes;
}

function rewriteStrings(value: unknown, settle: (name: string) => string): unknown {
  if (typeof value === 'string') return hasStackLocalName(value) ? settleStackLocalNames(value, settle) : value;
  if (Array.isArray(value)) return value.map((item) => rewriteStrings(item, settle));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a `__proto__` key in a policy stays a key.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [rewriteStrings(key, settle), rewriteStrings(item, settle)]));
  }
  return value;
}
