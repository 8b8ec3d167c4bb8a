import type { IamPolicy } from '../model/iam.js';
import { isJsonObject, onlyStrings, rawStatements } from './policy-statements.js';
import { PrefixTrie } from './prefix-trie.js';
import { compileGlob, matchCompiledGlob, matchesWildcard, type CompiledGlob } from '../engine/iam/index.js';

/**
 * The resource patterns of a principal's identity Allow statements that could grant one of some
 * actions, ignoring conditions: a sound over-approximation. When a resource has no policy of its
 * own, a principal none of whose patterns matches it cannot be allowed (boundaries and SCPs only
 * restrict), so the engine need not be asked. 'any' when a statement could match everything
 * (NotResource, NotAction, policy variables, unreadable documents).
 */
export type ReadPatterns = CompiledGlob[] | 'any';

export function identityReadPatterns(policies: IamPolicy[], actions: readonly string[]): ReadPatterns {
  const patterns: CompiledGlob[] = [];
  for (const policy of policies) {
    const statements = rawStatements(policy.document);
    if (!statements) return 'any';
    for (const statement of statements) {
      if (!isJsonObject(statement)) return 'any';
      if (statement.Effect === 'Deny') continue;
      if (statement.Effect !== 'Allow' || statement.NotAction !== undefined || statement.NotResource !== undefined) return 'any';
      const statementActions = onlyStrings(statement.Action);
      if (statementActions === undefined) return 'any';
      if (!statementActions.some((pattern) => actions.some((action) => matchesWildcard(pattern, action, { caseInsensitive: true })))) continue;
      const resources = onlyStrings(statement.Resource);
      if (resources === undefined) return 'any';
      for (const resource of resources) {
        if (resource.includes('${')) return 'any';
        patterns.push(compileGlob(resource));
      }
    }
  }
  return patterns;
}

/** Whether any pattern could match one of the resources a read is asked on. */
export function mayMatch(patterns: ReadPatterns, resources: readonly string[]): boolean {
  if (patterns === 'any') return true;
  return patterns.some((glob) => resources.some((resource) => matchCompiledGlob(glob, resource)));
}


/**
 * Which principals could read a resource of one service without a resource policy: an index of
 * every principal's identity read patterns by their literal prefix (the text before the first
 * wildcard), so a resource finds its candidates by looking up its own prefixes instead of testing
 * every principal. Principals whose patterns could match anything are always candidates.
 */
export class ReadCandidates<T> {
  private readonly always: T[] = [];
  private readonly byPrefix = new PrefixTrie<{ glob: CompiledGlob; holder: T }>();

  constructor(holders: readonly T[], patternsOf: (holder: T) => ReadPatterns) {
    for (const holder of holders) {
      const patterns = patternsOf(holder);
      if (patterns === 'any') { this.always.push(holder); continue; }
      for (const glob of patterns) this.byPrefix.insert(literalPrefix(glob.pattern), { glob, holder });
    }
  }

  /** Every holder one of whose patterns matches one of the resources, plus those that could match anything; without duplicates. */
  candidates(resources: readonly string[]): Set<T> {
    const found = new Set<T>(this.always);
    for (const resource of resources) {
      this.byPrefix.visit(resource, ({ glob, holder }) => {
        if (!found.has(holder) && matchCompiledGlob(glob, resource)) found.add(holder);
      });
    }
    return found;
  }
}

function literalPrefix(pattern: string): string {
  const wildcard = pattern.search(/[*?\uE000\uE001]/);
  return wildcard === -1 ? pattern : pattern.slice(0, wildcard);
}
