import type { IamContextValue, IamDecision, IamPolicy, IamRequest } from '../model/iam.js';
import { compileIamPolicy, evaluateCompiledIamRequest, type CompiledIamPolicy, type CompiledIamPolicySet } from '../engine/iam/index.js';
import type { PrincipalNode } from './principal-universe.js';

/** Base request context for reads: the caller can always use TLS, so a TLS-only Deny never applies (SPEC §3.1). */
const ALWAYS_KNOWN_CONTEXT: Record<string, IamContextValue> = { 'aws:SecureTransport': true };

export interface ResourceSide {
  policy?: IamPolicy | null;
  account?: string;
  isKmsKey?: boolean;
}

/**
 * Asks the IAM engine whether `node` may perform `action` on `resource`, with the principal's
 * identity policies, boundary and SCPs, and the resource's own policy.
 */
export function decide(node: PrincipalNode, action: string, resource: string, side: ResourceSide, context: Record<string, IamContextValue> = {}): IamDecision {
  const request: IamRequest = {
    principal: node.arn,
    action,
    resource,
    context: { ...ALWAYS_KNOWN_CONTEXT, ...node.context, ...context },
  };
  if (side.account) request.resourceAccount = side.account;
  const set: CompiledIamPolicySet = { identity: node.identity === 'unknown' ? 'unknown' : node.identity.map(compiled) };
  if (side.policy) set.resource = compiled(side.policy);
  if (node.boundary) set.permissionBoundary = compiled(node.boundary);
  if (node.scps.length > 0) set.scps = node.scps.map(compiled);
  if (side.isKmsKey) set.resourceIsKmsKey = true;
  return evaluateCompiledIamRequest(request, set);
}

// Policies are compiled once per scan, however many requests they answer.
const compiledPolicies = new WeakMap<IamPolicy, CompiledIamPolicy>();
function compiled(policy: IamPolicy): CompiledIamPolicy {
  let result = compiledPolicies.get(policy);
  if (!result) {
    result = compileIamPolicy(policy);
    compiledPolicies.set(policy, result);
  }
  return result;
}

export function isAllowed(decision: IamDecision): boolean {
  return decision.decision === 'Allow';
}
