/**
 * How Vault classifies a policy path (vault/policy.go parsePaths): a trailing `*` makes a prefix
 * rule unless the path also has `+` segments, in which case it is a segment-wildcard rule that keeps
 * its `*`. Everything else, including a `*` in the middle, is an exact path.
 * https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax
 */
export type RuleKind = 'exact' | 'prefix' | 'segment';

export interface ClassifiedPath {
  kind: RuleKind;
  /** exact: the path; prefix: the path without its `*`; segment: the path as written. */
  key: string;
}

/** Classifies a (leading-slash-stripped) policy path exactly as Vault does. */
export function classifyRulePath(path: string): ClassifiedPath {
  const segment = path === '+' || path.includes('/+') || path.startsWith('+/');
  if (segment) return { kind: 'segment', key: path };
  if (path.endsWith('*')) return { kind: 'prefix', key: path.slice(0, -1) };
  return { kind: 'exact', key: path };
}

/** Request paths never start with `/` inside Vault (acl.go AllowOperation strips them). */
export function normalizeRequestPath(path: string): string {
  let p = path;
  while (p.startsWith('/')) p = p.slice(1);
  return p;
}

/** Shape of a segment-wildcard rule, precomputed for matching and for Vault's priority order. */
export interface SegmentShape {
  /** `strings.Index(path, "+")` on the full rule path. */
  firstWildcard: number;
  isPrefix: boolean;
  /** The rule path without a trailing `*`. */
  wcPath: string;
  parts: string[];
  /** Number of parts that are exactly `+`. */
  wildcards: number;
}

export function segmentShape(key: string): SegmentShape {
  const isPrefix = key.endsWith('*');
  const wcPath = isPrefix ? key.slice(0, -1) : key;
  const parts = wcPath.split('/');
  return { firstWildcard: key.indexOf('+'), isPrefix, wcPath, parts, wildcards: parts.filter((p) => p === '+').length };
}

/** Vault's segment-wildcard match (acl.go CheckAllowedFromNonExactPaths), for one rule. */
export function segmentMatches(shape: SegmentShape, pathParts: string[]): boolean {
  const n = shape.parts.length;
  if (pathParts.length < n) return false;
  if (!shape.isPrefix && pathParts.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const rulePart = shape.parts[i] ?? '';
    const part = pathParts[i] ?? '';
    if (rulePart === '+' || rulePart === part) continue;
    if (shape.isPrefix && i === n - 1 && part.startsWith(rulePart)) continue;
    return false;
  }
  return true;
}

/** A candidate for Vault's non-exact priority order. */
export interface PriorityKey {
  firstWildcard: number;
  isPrefix: boolean;
  wildcards: number;
  wcPath: string;
}

/**
 * Vault's `less` for non-exact matches: negative when `a` has lower priority than `b`.
 * Order: later first `+`/`*`; not a prefix over a prefix; fewer `+`; longer; lexically greater.
 */
export function comparePriority(a: PriorityKey, b: PriorityKey): number {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard < b.firstWildcard ? -1 : 1;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix ? -1 : 1;
  if (a.wildcards !== b.wildcards) return a.wildcards > b.wildcards ? -1 : 1;
  if (a.wcPath.length !== b.wcPath.length) return a.wcPath.length < b.wcPath.length ? -1 : 1;
  if (a.wcPath !== b.wcPath) return a.wcPath < b.wcPath ? -1 : 1;
  return 0;
}

/**
 * Paths of Vault's own mounts (system backend, auth methods, identity, the token's cubbyhole): no
 * secret a configuration writes to a secrets engine lives there.
 * https://developer.hashicorp.com/vault/docs/secrets#secrets-engines-lifecycle (sys/, auth/, identity/, cubbyhole/ are reserved)
 */
export function isVaultSystemPath(path: string): boolean {
  const slash = path.indexOf('/');
  return VAULT_SYSTEM_MOUNTS.has(slash < 0 ? path : path.slice(0, slash));
}

// The mounts themselves (`identity`, a policy granting `list` on it) as well as what is under them.
const VAULT_SYSTEM_MOUNTS = new Set(['sys', 'auth', 'identity', 'cubbyhole']);
