import { GraphMemo } from './graph-memo.js';
import type { IamContextValue, IamDecision, IamPolicy, IamRequest } from '../model/iam.js';
import { compileIamPolicy, evaluateCompiledIamRequest, PrincipalStatementFilter, type CompiledIamPolicy, type CompiledIamPolicySet } from '../engine/iam/index.js';
import type { PrincipalNode } from './principal-universe.js';

/** Base request context for reads: the caller can always use TLS, so a TLS-only Deny never applies (docs/semantics.md#conditions). */
const ALWAYS_KNOWN_CONTEXT: Record<string, IamContextValue> = { 'aws:SecureTransport': true };

export interface ResourceSide {
  policy?: IamPolicy | null;
  account?: string;
  isKmsKey?: boolean;
  /** Role trust policies must explicitly allow the caller, like key policies. */
  isTrustPolicy?: boolean;
  /** The resource is a pattern secret's glob (docs/semantics.md#symbolic-unknowns): why, and its stand-in name. */
  pattern?: { why: string; standIn?: string };
}

/**
 * Asks the IAM engine whether `node` may perform `action` on `resource`, with the principal's
 * identity policies, boundary and SCPs, and the resource's own policy. Policies are compiled once
 * per scan, and each principal's compiled set and base context are built once. `context` adds keys
 * of the request (frozen when the caller asks with it more than once, so that it is read once).
 */
export function decide(node: PrincipalNode, action: string, resource: string, side: ResourceSide, context?: Readonly<Record<string, IamContextValue>>): IamDecision {
  const first = decideAs(node.actsAs ?? node.arn, node, action, resource, side, context);
  if (!node.standsFor || (first.decision === 'Allow' && !first.conditional)) return first;
  // An unlisted account's root stands for its principals: a grant naming one of them is theirs.
  let best = first;
  for (const principal of node.standsFor) {
    const decision = decideAs(principal, node, action, resource, side, context);
    if (decision.decision !== 'Allow') continue;
    if (best.decision !== 'Allow' || (best.conditional && !decision.conditional)) best = decision;
    if (!best.conditional) break;
  }
  return best;
}

function decideAs(principal: string, node: PrincipalNode, action: string, resource: string, side: ResourceSide, context?: Readonly<Record<string, IamContextValue>>): IamDecision {
  const prepared = preparedNode(node);
  // Literals of one shape each (the engine reads them tens of thousands of times).
  const request: IamRequest = {
    principal,
    action,
    resource,
    // The principal's own keys stay one frozen object, read once for all of its requests.
    context: context ?? prepared.context,
    sharedContext: context ? prepared.context : undefined,
    resourceAccount: side.account || undefined,
    resourcePattern: side.pattern?.why,
    resourceStandIn: side.pattern?.standIn,
    principalStandIns: node.principalStandIns,
  };
  const base = prepared.set;
  const set: CompiledIamPolicySet = side.policy || side.isKmsKey || side.isTrustPolicy ? {
    identity: base.identity,
    resource: side.policy ? compiledPolicy(side.policy) : undefined,
    permissionBoundary: base.permissionBoundary,
    scps: base.scps,
    possibleScps: base.possibleScps,
    resourceIsKmsKey: side.isKmsKey === true,
    resourceIsTrustPolicy: side.isTrustPolicy === true,
  } : base;
  return evaluateCompiledIamRequest(request, set);
}

/**
 * What `decide` would find of each statement for `node`, whatever it asks: judged with the
 * principal and context its requests carry. Undefined for a node asked as several principals
 * (`standsFor`), whose context differs between them.
 */
export function statementFilter(node: PrincipalNode): PrincipalStatementFilter | undefined {
  if (node.standsFor) return undefined;
  let filter = filters.get(node);
  if (!filter) filters.set(node, (filter = new PrincipalStatementFilter(node.actsAs ?? node.arn, preparedNode(node).context)));
  return filter;
}

const filters = new GraphMemo<PrincipalNode, PrincipalStatementFilter>();

export function isAllowed(decision: IamDecision): boolean {
  return decision.decision === 'Allow';
}

const prepared = new GraphMemo<PrincipalNode, { set: CompiledIamPolicySet; context: Record<string, IamContextValue> }>();
function preparedNode(node: PrincipalNode): { set: CompiledIamPolicySet; context: Record<string, IamContextValue> } {
  let entry = prepared.get(node);
  if (!entry) {
    const set: CompiledIamPolicySet = {
      identity: node.identity === 'unknown' ? 'unknown' : node.identity.map(compiledPolicy),
      resource: undefined,
      permissionBoundary: node.boundary ? compiledPolicy(node.boundary) : undefined,
      scps: node.scps.length > 0 ? node.scps.map((level) => ({ target: level.target, policies: level.policies.map(compiledPolicy), ...(level.incomplete ? { incomplete: true } : {}) })) : undefined,
      possibleScps: node.possibleScps.length > 0 ? node.possibleScps.map(compiledPolicy) : undefined,
      resourceIsKmsKey: false,
      resourceIsTrustPolicy: false,
    };
    // Frozen: the engine then reads it once for all of this principal's requests.
    entry = { set, context: Object.freeze({ ...ALWAYS_KNOWN_CONTEXT, ...node.context }) };
    prepared.set(node, entry);
  }
  return entry;
}

const compiledPolicies = new GraphMemo<IamPolicy, CompiledIamPolicy>();
/** The policy compiled once per graph; the engine's decisions and the read prefilter share it. */
export function compiledPolicy(policy: IamPolicy): CompiledIamPolicy {
  let result = compiledPolicies.get(policy);
  if (!result) {
    result = compileIamPolicy(policy);
    compiledPolicies.set(policy, result);
  }
  return result;
}

const grantees = new GraphMemo<IamPolicy, { nodes: readonly PrincipalNode[]; named: Set<PrincipalNode> | 'all' }>();
/**
 * The principals a resource policy could allow by naming them (or `*`), so that they may read
 * without an identity grant; 'all' when a statement that might allow has no readable Principal.
 * A grant to an account only delegates to the account's own IAM policies, which must then allow
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html),
 * so principals it covers are not named here: the identity prefilter finds them.
 */
export function resourcePolicyGrantees(policy: IamPolicy, nodes: readonly PrincipalNode[]): Set<PrincipalNode> | 'all' {
  const cached = grantees.get(policy);
  if (cached && cached.nodes === nodes) return cached.named;
  const allowing = compiledPolicy(policy).statements.filter((st) => st.effect !== 'Deny');
  let named: Set<PrincipalNode> | 'all' = new Set();
  const byArn = nodesByArn(nodes);
  const standIns = nodes[0]?.principalStandIns;
  for (const st of allowing) {
    const element = st.principal;
    // What the engine's principal matching (engine/iam/principal.ts) can let through other than an
    // account grant: `*`, NotPrincipal, an unreadable element, a wildcard or a session ARN (undecided),
    // or the principal's own ARN written out (a declared stand-in too). Only the last is narrow enough to name nodes by.
    if (!element || element.negated || element.any || element.malformed !== undefined || element.aws.some((v) => (/[*?]/.test(v) && !standIns?.has(v)) || v.includes(':assumed-role/'))) {
      named = 'all';
      break;
    }
    for (const value of element.aws) {
      const node = byArn.get(value);
      if (node) named.add(node);
    }
  }
  grantees.set(policy, { nodes, named });
  return named;
}

// Built once per universe, not once per resource policy: a scan has hundreds of each.
const byArnOf = new GraphMemo<readonly PrincipalNode[], Map<string, PrincipalNode>>();
function nodesByArn(nodes: readonly PrincipalNode[]): Map<string, PrincipalNode> {
  let byArn = byArnOf.get(nodes);
  if (!byArn) byArnOf.set(nodes, (byArn = new Map(nodes.map((node) => [node.arn, node]))));
  return byArn;
}
