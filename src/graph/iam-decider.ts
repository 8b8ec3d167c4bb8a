import type { IamContextValue, IamDecision, IamPolicy, IamRequest } from '../model/iam.js';
import { compileIamPolicy, evaluateCompiledIamRequest, type CompiledIamPolicy, type CompiledIamPolicySet } from '../engine/iam/index.js';
import type { PrincipalNode } from './principal-universe.js';

/** Base request context for reads: the caller can always use TLS, so a TLS-only Deny never applies (SPEC §3.1). */
const ALWAYS_KNOWN_CONTEXT: Record<string, IamContextValue> = { 'aws:SecureTransport': true };

export interface ResourceSide {
  policy?: IamPolicy | null;
  account?: string;
  isKmsKey?: boolean;
  /** Role trust policies must explicitly allow the caller, like key policies. */
  isTrustPolicy?: boolean;
}

/**
 * Asks the IAM engine whether `node` may perform `action` on `resource`, with the principal's
 * identity policies, boundary and SCPs, and the resource's own policy. Policies are compiled once
 * per scan, and each principal's compiled set and base context are built once.
 */
export function decide(node: PrincipalNode, action: string, resource: string, side: ResourceSide, context?: Record<string, IamContextValue>): IamDecision {
  const prepared = preparedNode(node);
  const request: IamRequest = {
    principal: node.arn,
    action,
    resource,
    context: context ? { ...prepared.context, ...context } : prepared.context,
  };
  if (side.account) request.resourceAccount = side.account;
  const set: CompiledIamPolicySet = side.policy || side.isKmsKey || side.isTrustPolicy ? { ...prepared.set } : prepared.set;
  if (side.policy) set.resource = compiled(side.policy);
  if (side.isKmsKey) set.resourceIsKmsKey = true;
  if (side.isTrustPolicy) set.resourceIsTrustPolicy = true;
  return evaluateCompiledIamRequest(request, set);
}

export function isAllowed(decision: IamDecision): boolean {
  return decision.decision === 'Allow';
}

const prepared = new WeakMap<PrincipalNode, { set: CompiledIamPolicySet; context: Record<string, IamContextValue> }>();
function preparedNode(node: PrincipalNode): { set: CompiledIamPolicySet; context: Record<string, IamContextValue> } {
  let entry = prepared.get(node);
  if (!entry) {
    const set: CompiledIamPolicySet = { identity: node.identity === 'unknown' ? 'unknown' : node.identity.map(compiled) };
    if (node.boundary) set.permissionBoundary = compiled(node.boundary);
    if (node.scps.length > 0) {
      set.scps = node.scps.map((level) => ({ target: level.target, policies: level.policies.map(compiled), ...(level.incomplete ? { incomplete: true } : {}) }));
    }
    if (node.possibleScps.length > 0) set.possibleScps = node.possibleScps.map(compiled);
    entry = { set, context: { ...ALWAYS_KNOWN_CONTEXT, ...node.context } };
    prepared.set(node, entry);
  }
  return entry;
}

const compiledPolicies = new WeakMap<IamPolicy, CompiledIamPolicy>();
function compiled(policy: IamPolicy): CompiledIamPolicy {
  let result = compiledPolicies.get(policy);
  if (!result) {
    result = compileIamPolicy(policy);
    compiledPolicies.set(policy, result);
  }
  return result;
}
