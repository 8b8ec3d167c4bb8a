import { GraphMemo } from './graph-memo.js';
import type { IamPolicy } from '../model/iam.js';
import { compiledPolicy } from './iam-decider.js';
import { PrefixTrie } from '../engine/prefix-trie.js';
import { matchCompiledGlob, mentionsPrincipal, statementsForAction, type CompiledGlob, type CompiledStatement, type PrincipalStatementFilter } from '../engine/iam/index.js';

/**
 * The resource patterns of a principal's identity Allow statements that could grant one of some
 * actions, ignoring conditions: a sound over-approximation. When a resource has no policy of its
 * own, a principal none of whose patterns matches it cannot be allowed (boundaries and SCPs only
 * restrict), so the engine need not be asked. 'any' when a statement could match everything
 * (NotResource, NotAction, policy variables, unreadable documents).
 */
export type ReadPatterns = CompiledGlob[] | 'any';

/** What is known of each statement for one principal (engine/iam/principal-conditions.ts). */
export type StatementFilter = Pick<PrincipalStatementFilter, 'rulesOut' | 'mayApplyOutright'>;

/**
 * The patterns of a principal's identity policies for an action set (`a,b`, sorted), without the
 * statements `filter` rules out for it.
 */
export function identityReadPatterns(policies: IamPolicy[], actionKey: string, filter?: StatementFilter): ReadPatterns {
  const out: CompiledGlob[] = [];
  for (const policy of policies) {
    const { globs, statements, principalDependent } = policyReadPatterns(policy, actionKey);
    for (let i = 0; i < globs.length; i++) {
      if (principalDependent && filter?.rulesOut(statements[i] as CompiledStatement)) continue;
      const glob = globs[i] as CompiledGlob | 'any';
      if (glob === 'any') return 'any';
      out.push(glob);
    }
  }
  return out;
}

/**
 * Whether some identity Allow of `policies` that could grant `action` has a Resource pattern
 * matching `resource` (or one that could match anything), conditions aside, and that `filter`
 * does not rule out; with `outright`, one that may also apply outright
 * (`StatementFilter.mayApplyOutright`). Read policy by policy, from the per-policy patterns:
 * nothing is built per principal.
 */
export function identityMayMatch(policies: IamPolicy[], action: string, resource: string, filter?: StatementFilter, outright = false): boolean {
  for (const policy of policies) {
    const { globs, statements, principalDependent } = policyReadPatterns(policy, action);
    for (let i = 0; i < globs.length; i++) {
      const glob = globs[i] as CompiledGlob | 'any';
      if (glob !== 'any' && !matchCompiledGlob(glob, resource)) continue;
      if (filter === undefined) return true;
      const statement = statements[i] as CompiledStatement;
      if ((!principalDependent || !filter.rulesOut(statement)) && (!outright || filter.mayApplyOutright(statement))) return true;
    }
  }
  return false;
}

/**
 * The resource patterns of one policy's Allow statements for an action set: `globs[i]` is a
 * pattern of `statements[i]`, or 'any' where that statement could match every resource. Two
 * parallel lists, not a list of pairs: an organisation's policies hold hundreds of thousands.
 */
interface PolicyPatterns {
  globs: (CompiledGlob | 'any')[];
  statements: CompiledStatement[];
  /** Some statement has a condition on a key about the principal: only then can a principal's filter rule one out. */
  principalDependent: boolean;
}

// One policy is attached to many principals: its patterns are read and compiled once per action set.
const policyPatterns = new GraphMemo<IamPolicy, Map<string, PolicyPatterns>>();
function policyReadPatterns(policy: IamPolicy, actionKey: string): PolicyPatterns {
  let byKey = policyPatterns.get(policy);
  if (!byKey) policyPatterns.set(policy, (byKey = new Map()));
  let patterns = byKey.get(actionKey);
  if (!patterns) {
    patterns = readPatterns(policy, actionKey.split(','));
    byKey.set(actionKey, patterns);
  }
  return patterns;
}

/**
 * Read from the policy as the engine compiled it, so the prefilter and the engine read one grammar:
 * for each action, the statements whose action element may apply (the engine's own per-action
 * lists); an Allow among them contributes its Resource globs. A statement the globs cannot stand
 * for contributes 'any': an unreadable Effect, Action or Resource, NotAction, NotResource, no
 * Resource element, `*`, or policy variables.
 */
function readPatterns(policy: IamPolicy, actions: readonly string[]): PolicyPatterns {
  const compiled = compiledPolicy(policy);
  let patterns: PolicyPatterns | undefined;
  let seen: Set<CompiledStatement> | undefined;
  for (const raw of actions) {
    const action = raw.toLowerCase();
    const colon = action.indexOf(':');
    for (const statement of statementsForAction(compiled, action, colon < 0 ? action : action.slice(0, colon))) {
      if (statement.effect === 'Deny') continue;
      // A statement listing two of the actions is read once.
      if (actions.length > 1) {
        seen ??= new Set();
        if (seen.has(statement)) continue;
        seen.add(statement);
      }
      patterns ??= { globs: [], statements: [], principalDependent: false };
      if (!patterns.principalDependent && mentionsPrincipal(statement)) patterns.principalDependent = true;
      const resource = statement.resource;
      if (statement.effect !== 'Allow' || !statement.action || statement.notAction || statement.notResource || !resource || resource.any || resource.templates.length > 0) {
        patterns.globs.push('any');
        patterns.statements.push(statement);
        continue;
      }
      for (const glob of resource.globs) {
        patterns.globs.push(glob);
        patterns.statements.push(statement);
      }
    }
  }
  return patterns ?? NO_PATTERNS;
}

// Shared by every policy with no matching Allow; frozen, since the lists are only read.
const NO_PATTERNS: PolicyPatterns = Object.freeze({ globs: [], statements: [], principalDependent: false });

/**
 * Which principals could read a resource of one service without a resource policy: an index of
 * every distinct identity read pattern under one run of literal text it holds (text between its
 * wildcards), which any resource it matches must contain. A resource finds its candidates by
 * walking the index from each of its positions, instead of testing every pattern; each pattern
 * found is then matched in full. Principals whose patterns could match anything are always
 * candidates. (Keyed by the literal prefix instead, a pattern such as
 * `arn:aws:ssm:*:…:parameter/team/*` was tested against every parameter: the work grew with
 * patterns × resources.)
 *
 * Which run: the one the fewest other patterns share, then the longest. For patterns of the form
 * `arn:aws:ssm:REGION:*:parameter/` + `*` + `/svc7/` + `*`, the longest run is the ARN head every
 * parameter has, so each of a thousand such patterns was matched against every parameter (work
 * growing with patterns × resources); `/svc7/` finds only its own.
 */
export class ReadCandidates<T> {
  private readonly always: T[] = [];
  // One entry per distinct pattern, however many holders share it (a managed policy attached to
  // hundreds of roles): each is matched at most once per resource.
  private readonly byLiteral = new PrefixTrie<Entry<T>>();
  private query = 0;

  constructor(holders: readonly T[], patternsOf: (holder: T) => ReadPatterns) {
    const entries = new Map<string, Entry<T>>();
    for (const holder of holders) {
      const patterns = patternsOf(holder);
      if (patterns === 'any') { this.always.push(holder); continue; }
      for (const glob of patterns) {
        let entry = entries.get(glob.pattern);
        if (!entry) {
          entry = { glob, holders: [], seen: -1 };
          entries.set(glob.pattern, entry);
        }
        if (entry.holders[entry.holders.length - 1] !== holder) entry.holders.push(holder);
      }
    }
    const runs = new Map<string, string[]>();
    const shared = new Map<string, number>();
    for (const pattern of entries.keys()) {
      const own = [...new Set(literalRuns(pattern))];
      runs.set(pattern, own);
      for (const run of own) shared.set(run, (shared.get(run) ?? 0) + 1);
    }
    for (const [pattern, entry] of entries) this.byLiteral.insert(rarestRun(runs.get(pattern) ?? [], shared), entry);
  }

  /** Every holder one of whose patterns matches one of the resources, plus those that could match anything; without duplicates. */
  candidates(resources: readonly string[]): Set<T> {
    const found = new Set<T>(this.always);
    // SSM asks GetParameter and GetParameters on the same ARN: each resource is looked up once.
    for (const resource of new Set(resources)) {
      const query = ++this.query;
      this.byLiteral.visitSubstrings(resource, (entry) => {
        if (entry.seen === query) return;
        entry.seen = query;
        if (matchCompiledGlob(entry.glob, resource)) for (const holder of entry.holders) found.add(holder);
      });
    }
    return found;
  }
}

/** Runs shorter than this find too many places in every ARN (`:`, `/`, `arn`) to be worth choosing when a longer one exists. */
const MIN_RUN = 4;

/** The run of `runs` shared by the fewest patterns, then the longest; '' (the trie's root) when the pattern has none. */
function rarestRun(runs: readonly string[], shared: Map<string, number>): string {
  let best = '';
  let bestShared = Infinity;
  for (const run of runs) {
    if (run.length < MIN_RUN && best.length >= MIN_RUN) continue;
    const count = shared.get(run) ?? 0;
    const better = best.length < MIN_RUN && run.length >= MIN_RUN ? true
      : count < bestShared || (count === bestShared && run.length > best.length);
    if (better) { best = run; bestShared = count; }
  }
  return best;
}

/** The texts of a pattern between wildcards (`*`, `?`, or the stand-ins for escaped ones), empty ones left out. */
function literalRuns(pattern: string): string[] {
  return pattern.split(/[*?\uE000\uE001]/).filter((run) => run !== '');
}

interface Entry<T> { glob: CompiledGlob; holders: T[]; seen: number }
