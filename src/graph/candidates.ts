import { GraphMemo } from './graph-memo.js';
import type { IamPolicy } from '../model/iam.js';
import { resourcePolicyGrantees, statementFilter } from './iam-decider.js';
import type { PrincipalNode } from './principal-universe.js';
import type { ReadPrefilter } from './aws-read.js';
import { identityMayMatch, identityReadPatterns, ReadCandidates, type ReadPatterns } from './read-prefilter.js';

/**
 * Which principals the engine needs to be asked about: those with an identity Allow whose action
 * and resource patterns could match (boundaries and SCPs only restrict), plus those a resource,
 * key or trust policy could allow by naming them. Everyone else is denied without asking
 * (docs/semantics.md, "Who is asked"). Exhaustive mode asks everyone; tests compare the two.
 */
export class Candidates implements ReadPrefilter {
  private readonly byActions = new Map<string, ReadCandidates<PrincipalNode>>();

  private readonly order: Map<PrincipalNode, number>;

  constructor(private readonly nodes: PrincipalNode[], private readonly exhaustive = false) {
    this.order = new Map(nodes.map((node, i) => [node, i]));
  }

  /** In universe order, as the exhaustive graph asks: among equally short chains the first found is kept. */
  of(actions: readonly string[], resources: readonly string[], resourcePolicy?: IamPolicy | null): PrincipalNode[] {
    if (this.exhaustive) return this.nodes;
    const named = resourcePolicy ? resourcePolicyGrantees(resourcePolicy, this.nodes) : undefined;
    if (named === 'all') return this.nodes;
    const key = actionKey(actions);
    let index = this.byActions.get(key);
    if (!index) {
      index = new ReadCandidates(this.nodes, (node) => identityPatterns(node, key));
      this.byActions.set(key, index);
    }
    const chosen = index.candidates(resources);
    if (named) for (const node of named) chosen.add(node);
    return inUniverseOrder(chosen, this.order);
  }

  private readonly withGrants = new Map<string, PrincipalNode[]>();

  /** Principals with some identity Allow that could grant one of `actions` on anything at all; everyone in exhaustive mode. */
  withAnyGrantOf(actions: readonly string[]): PrincipalNode[] {
    if (this.exhaustive) return this.nodes;
    const key = actionKey(actions);
    let found = this.withGrants.get(key);
    if (!found) {
      found = this.nodes.filter((node) => {
        const patterns = identityPatterns(node, key);
        return patterns === 'any' || patterns.length > 0;
      });
      this.withGrants.set(key, found);
    }
    return found;
  }

  /**
   * Whether some identity Allow of `node` could grant `action` on `resource`, conditions aside (a
   * sound over-approximation, as for `of`); always true in exhaustive mode. Without a resource
   * policy a request for which this is false is denied, and need not be asked. With `outright`,
   * whether one could grant it outright: when none can, such a request is allowed at most
   * conditionally.
   */
  identityMayAllow(node: PrincipalNode, action: string, resource: string, outright = false): boolean {
    if (this.exhaustive) return true;
    if (node.kind === 'anyone') return false;
    if (node.identity === 'unknown') return true;
    return identityMayMatch(node.identity, action, resource, statementFilter(node), outright);
  }

  /**
   * Whether `node` could be allowed `action` on `resource` whose own policy is `policy`: the policy
   * names it or could name anyone (`resourcePolicyGrantees`), or an identity Allow could match,
   * which a grant to its account needs. Always true in exhaustive mode.
   */
  mayAllowWith(node: PrincipalNode, action: string, resource: string, policy: IamPolicy): boolean {
    if (this.exhaustive) return true;
    const named = resourcePolicyGrantees(policy, this.nodes);
    return named === 'all' || named.has(node) || this.identityMayAllow(node, action, resource);
  }
}

function actionKey(actions: readonly string[]): string {
  return [...new Set(actions)].sort().join(',');
}

const patternsOf = new GraphMemo<PrincipalNode, Map<string, ReadPatterns>>();
/**
 * The node's identity Allow resource patterns for some actions, computed once per node and action
 * set, without the statements the node can never match. `*` (anonymous) has no identity side:
 * the engine asks only resource policies about it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
export function identityPatterns(node: PrincipalNode, actions: readonly string[] | string): ReadPatterns {
  if (node.kind === 'anyone') return [];
  if (node.identity === 'unknown') return 'any';
  const key = typeof actions === 'string' ? actions : actionKey(actions);
  let byKey = patternsOf.get(node);
  if (!byKey) patternsOf.set(node, (byKey = new Map()));
  let patterns = byKey.get(key);
  if (!patterns) byKey.set(key, (patterns = identityReadPatterns(node.identity, key, statementFilter(node))));
  return patterns;
}

/** The chosen items sorted by their position in the input (without scanning the whole input). */
export function inUniverseOrder<T>(chosen: Iterable<T>, order: Map<T, number>): T[] {
  return [...chosen].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}
