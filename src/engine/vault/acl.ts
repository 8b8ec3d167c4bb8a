import type { VaultPathRule, VaultPolicy } from '../../model/vault.js';
import { classifyRulePath, comparePriority, segmentMatches, segmentShape, type PriorityKey, type RuleKind, type SegmentShape } from './paths.js';
import { clonePermissions, mergeRule, permissionsOf, type AclPermissions } from './permissions.js';
import { PrefixTrie } from '../prefix-trie.js';

/** One merged path entry of the ACL. */
export interface AclEntry {
  kind: RuleKind;
  key: string;
  perms: AclPermissions;
  shape?: SegmentShape;
}

interface SegmentTrieNode {
  literal: Map<string, SegmentTrieNode>;
  plus?: SegmentTrieNode;
  /** Non-prefix rules whose last segment is this node. */
  ends: AclEntry[];
  /** Prefix rules whose last (partial) segment is matched at this node's depth. */
  partials: { partial: string; entry: AclEntry }[];
}

/** A rule whose path holds identity templates (`{{identity.entity.id}}`); resolved per request. */
export interface TemplatedRule {
  policy: string;
  rule: VaultPathRule;
  pattern: RegExp;
}

/**
 * A compiled set of policies, kept as vault/acl.go keeps it: exact rules and prefix (`*`) rules in
 * prefix trees, `+` rules indexed by segment. Same-path rules of different policies are merged.
 */
export interface CompiledVaultAcl {
  readonly kind: 'compiledVaultAcl';
  root: boolean;
  policyNames: string[];
  exact: Map<string, AclEntry>;
  /** Prefix rules by their key (merged there), and the same entries in a prefix tree for matching. */
  prefixEntries: Map<string, AclEntry>;
  prefixTree: PrefixTrie<AclEntry>;
  segmentRoot: SegmentTrieNode;
  segmentEntries: Map<string, AclEntry>;
  templated: TemplatedRule[];
}

const TEMPLATE = /\{\{[^}]*\}\}/;

/**
 * Compiles policies into an ACL. A policy named `root` makes the ACL root (everything allowed).
 * Templated paths are kept aside and resolved per request (see evaluate.ts).
 * https://developer.hashicorp.com/vault/docs/concepts/policies#priority-matching
 */
export function compileVaultPolicies(policies: VaultPolicy[]): CompiledVaultAcl {
  const acl: CompiledVaultAcl = {
    kind: 'compiledVaultAcl',
    root: false,
    policyNames: [...new Set(policies.map((p) => p.name))].sort(),
    exact: new Map(),
    prefixEntries: new Map(),
    prefixTree: new PrefixTrie(),
    segmentRoot: newSegmentNode(),
    segmentEntries: new Map(),
    templated: [],
  };
  for (const policy of policies) {
    if (policy.name === 'root') acl.root = true;
    for (const rule of policy.rules) {
      if (TEMPLATE.test(rule.path)) {
        acl.templated.push({ policy: policy.name, rule, pattern: templatePattern(rule.path) });
        continue;
      }
      insertRule(acl, rule, policy.name);
    }
  }
  return acl;
}

function insertRule(acl: CompiledVaultAcl, rule: VaultPathRule, policy: string): void {
  const { kind, key } = classifyRulePath(rule.path);
  if (kind === 'exact') {
    const have = acl.exact.get(key);
    if (have) mergeRule(have.perms, rule, policy);
    else acl.exact.set(key, { kind, key, perms: permissionsOf(rule, policy) });
    return;
  }
  if (kind === 'prefix') {
    const have = acl.prefixEntries.get(key);
    if (have) mergeRule(have.perms, rule, policy);
    else {
      const entry: AclEntry = { kind, key, perms: permissionsOf(rule, policy) };
      acl.prefixEntries.set(key, entry);
      acl.prefixTree.insert(key, entry);
    }
    return;
  }
  const have = acl.segmentEntries.get(key);
  if (have) {
    mergeRule(have.perms, rule, policy);
    return;
  }
  const shape = segmentShape(key);
  const entry: AclEntry = { kind, key, perms: permissionsOf(rule, policy), shape };
  acl.segmentEntries.set(key, entry);
  const walk = shape.isPrefix ? shape.parts.slice(0, -1) : shape.parts;
  let node = acl.segmentRoot;
  for (const part of walk) {
    let next = part === '+' ? node.plus : node.literal.get(part);
    if (!next) {
      next = newSegmentNode();
      if (part === '+') node.plus = next;
      else node.literal.set(part, next);
    }
    node = next;
  }
  if (shape.isPrefix) node.partials.push({ partial: shape.parts[shape.parts.length - 1] ?? '', entry });
  else node.ends.push(entry);
}

function newSegmentNode(): SegmentTrieNode {
  return { literal: new Map(), ends: [], partials: [] };
}

/** Per-request entries from resolved templated rules; they shadow base entries with the same key. */
export interface AclOverlay {
  exact: Map<string, AclEntry>;
  prefix: Map<string, AclEntry>;
  segment: Map<string, AclEntry>;
}

/** Builds overlay entries: each concrete rule merged into a copy of the base entry at its key. */
export function buildOverlay(acl: CompiledVaultAcl, rules: { policy: string; rule: VaultPathRule }[]): AclOverlay {
  const overlay: AclOverlay = { exact: new Map(), prefix: new Map(), segment: new Map() };
  for (const { policy, rule } of rules) {
    const { kind, key } = classifyRulePath(rule.path);
    const map = overlay[kind];
    let entry = map.get(key);
    if (!entry) {
      const base = kind === 'exact' ? acl.exact.get(key) : kind === 'prefix' ? acl.prefixEntries.get(key) : acl.segmentEntries.get(key);
      entry = base
        ? { ...base, perms: clonePermissions(base.perms) }
        : { kind, key, perms: { capabilities: new Set(), minWrappingTtlSeconds: 0, maxWrappingTtlSeconds: 0, contributors: [] } };
      if (kind === 'segment' && !entry.shape) entry.shape = segmentShape(key);
      if (!base) {
        entry.perms = permissionsOf(rule, policy);
        map.set(key, entry);
        continue;
      }
      map.set(key, entry);
    }
    mergeRule(entry.perms, rule, policy);
  }
  return overlay;
}

/** The entry that decides a request path, and how it was found. */
export interface AclMatch {
  entry: AclEntry;
  how: 'exact' | 'prefix' | 'segment';
}

/**
 * Finds the deciding entry for a path, following acl.go AllowOperation: the exact rule first (for
 * `list`, also the path without its trailing `/`), else the best non-exact match by Vault's
 * priority order among the longest prefix rule and every matching `+` rule.
 */
export function findAclMatch(acl: CompiledVaultAcl, path: string, isList: boolean, overlay?: AclOverlay): AclMatch | undefined {
  const exact = (p: string): AclEntry | undefined => overlay?.exact.get(p) ?? acl.exact.get(p);
  let hit = exact(path);
  if (!hit && isList) hit = exact(trimSlash(path));
  if (hit) return { entry: hit, how: 'exact' };
  if (isList && path.endsWith('/')) {
    const m = nonExactMatch(acl, trimSlash(path), overlay);
    if (m) return m;
  }
  return nonExactMatch(acl, path, overlay);
}

function trimSlash(p: string): string {
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

/** The best non-exact match for a path (acl.go CheckAllowedFromNonExactPaths). */
export function nonExactMatch(acl: CompiledVaultAcl, path: string, overlay?: AclOverlay): AclMatch | undefined {
  let best: { key: PriorityKey; match: AclMatch } | undefined;
  const consider = (key: PriorityKey, match: AclMatch): void => {
    if (!best || comparePriority(best.key, key) < 0) best = { key, match };
  };
  const prefix = longestPrefix(acl, path, overlay);
  if (prefix) consider({ firstWildcard: prefix.key.length, isPrefix: true, wildcards: 0, wcPath: prefix.key }, { entry: prefix, how: 'prefix' });
  if (acl.segmentEntries.size > 0 || (overlay && overlay.segment.size > 0)) {
    const parts = path.split('/');
    const found: AclEntry[] = [];
    collectSegmentMatches(acl.segmentRoot, parts, 0, found);
    for (const entry of found) {
      if (overlay?.segment.has(entry.key)) continue;
      const s = entry.shape as SegmentShape;
      consider(s, { entry, how: 'segment' });
    }
    for (const entry of overlay?.segment.values() ?? []) {
      const s = entry.shape as SegmentShape;
      if (segmentMatches(s, parts)) consider(s, { entry, how: 'segment' });
    }
  }
  return best?.match;
}

function longestPrefix(acl: CompiledVaultAcl, path: string, overlay?: AclOverlay): AclEntry | undefined {
  let found: AclEntry | undefined;
  // Shortest keys first, one entry per key: the last one found is the longest.
  if (acl.prefixEntries.size > 0) acl.prefixTree.visit(path, (entry) => { found = entry; });
  for (const entry of overlay?.prefix.values() ?? []) {
    if (path.startsWith(entry.key) && (!found || entry.key.length >= found.key.length)) found = entry;
  }
  return found;
}

// Each trie node sits at one depth, so a request visits every node at most once: the cost is
// bounded by the rules' own length, not by the request path's length.
function collectSegmentMatches(node: SegmentTrieNode, parts: string[], depth: number, out: AclEntry[]): void {
  if (depth === parts.length) out.push(...node.ends);
  if (depth < parts.length) {
    const part = parts[depth] as string;
    for (const { partial, entry } of node.partials) if (partial === '+' || part.startsWith(partial)) out.push(entry);
    const lit = node.literal.get(part);
    if (lit) collectSegmentMatches(lit, parts, depth + 1, out);
    if (node.plus) collectSegmentMatches(node.plus, parts, depth + 1, out);
  }
}

/** A regex that finds the values identity templates would need for a rule to match a path. */
function templatePattern(rulePath: string): RegExp {
  const p = rulePath.startsWith('/') ? rulePath.slice(1) : rulePath;
  const prefix = p.endsWith('*');
  const body = prefix ? p.slice(0, -1) : p;
  let re = '';
  for (const piece of body.split(/(\{\{[^}]*\}\})/)) {
    // A value may hold `/` (an entity alias named `acme/payments` after a JWT's repository claim): it
    // may reach deeper than one segment, so it may match any text; the answer stays conditional.
    if (piece.startsWith('{{')) re += '([^]*?)';
    else re += piece.split('/').map((seg) => (seg === '+' ? '[^/]*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  }
  return new RegExp(`^${re}${prefix ? '[^]*' : ''}$`);
}
