/**
 * The IAM evaluation engine: "may this principal do this action on this resource?", answered as
 * AWS's documented policy evaluation logic does, with the statements that decided and the
 * conditions that could not be decided. Pure and synchronous.
 */
import type { IamDecision, IamPolicy, IamPolicySet, IamRequest, ScpLevel } from '../../model/iam.js';
import type { JsonValue } from '../../model/source.js';
import { compileIamPolicy } from './compile.js';
import { evaluateCompiledIamRequest, type CompiledIamPolicySet, type CompiledScpLevel } from './evaluate.js';

export { statementsForAction } from './statement-index.js';
export { compileIamPolicy, statementProblems, type CompiledIamPolicy, type CompiledStatement, type StatementProblems } from './compile.js';
export { conditionProblems } from './conditions/evaluate-condition.js';
export { evaluateCompiledIamRequest, type CompiledIamPolicySet, type CompiledScpLevel } from './evaluate.js';
export { matchesWildcard, compileGlob, matchCompiledGlob, sharedGlob, type WildcardOptions, type CompiledGlob } from './wildcard.js';
export { parseArn, accountOfArn, isAccountId, accountRootArn, type ParsedArn } from './arn.js';
export { describePrincipal, type PrincipalInfo, type PrincipalKind } from './principal.js';
export { mentionsPrincipal, PrincipalStatementFilter } from './principal-conditions.js';

/** A policy, or a bare policy document (wrapped with a generated id such as `identity[0]`). */
export type IamPolicyInput = IamPolicy | JsonValue;

/** Like IamPolicySet, but each policy may be a plain document. */
export interface IamPolicySetInput {
  identity: IamPolicyInput[] | 'unknown';
  resource?: IamPolicyInput | null;
  permissionBoundary?: IamPolicyInput | null;
  /**
   * The SCP levels from the organization root to the account (see `IamPolicySet.scps`). A bare
   * policy in place of a level is a level holding only that policy.
   */
  scps?: (ScpLevelInput | IamPolicyInput)[];
  possibleScps?: IamPolicyInput[];
  resourceIsKmsKey?: boolean;
  resourceIsTrustPolicy?: boolean;
}

/** Like ScpLevel, but each policy may be a plain document. */
export interface ScpLevelInput {
  target?: string;
  policies: IamPolicyInput[];
  incomplete?: boolean;
}

function isScpLevel(value: ScpLevelInput | IamPolicyInput | ScpLevel): value is ScpLevelInput {
  // A policy document never has a `policies` list; an IamPolicy has `document` instead.
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Array.isArray((value as Record<string, unknown>)['policies']);
}

function compileScpLevel(level: ScpLevelInput | IamPolicyInput | ScpLevel, i: number): CompiledScpLevel {
  if (!isScpLevel(level)) {
    const policy = compileIamPolicy(wrap(level as IamPolicyInput, `scp[${i}]`));
    return { target: policy.id, policies: [policy] };
  }
  const out: CompiledScpLevel = {
    target: level.target ?? `level[${i}]`,
    policies: level.policies.map((p, j) => compileIamPolicy(wrap(p, `scp[${i}][${j}]`))),
  };
  if (level.incomplete) out.incomplete = true;
  return out;
}

function isIamPolicy(value: IamPolicyInput): value is IamPolicy {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    && typeof (value as Record<string, unknown>)['id'] === 'string' && 'document' in value && 'source' in value;
}

function wrap(value: IamPolicyInput, id: string): IamPolicy {
  return isIamPolicy(value) ? value : { id, document: value as JsonValue, source: { file: '<inline>', pointer: id } };
}

/** Compiles every policy of a set once; the result can serve any number of requests. */
export function compileIamPolicySet(policies: IamPolicySetInput | IamPolicySet): CompiledIamPolicySet {
  const out: CompiledIamPolicySet = {
    identity: policies.identity === 'unknown' ? 'unknown' : policies.identity.map((p, i) => compileIamPolicy(wrap(p, `identity[${i}]`))),
  };
  if (policies.resource) out.resource = compileIamPolicy(wrap(policies.resource, 'resource'));
  if (policies.permissionBoundary) out.permissionBoundary = compileIamPolicy(wrap(policies.permissionBoundary, 'boundary'));
  if (policies.scps) out.scps = policies.scps.map(compileScpLevel);
  if (policies.possibleScps) out.possibleScps = policies.possibleScps.map((p, i) => compileIamPolicy(wrap(p, `possibleScp[${i}]`)));
  if (policies.resourceIsKmsKey) out.resourceIsKmsKey = true;
  if (policies.resourceIsTrustPolicy) out.resourceIsTrustPolicy = true;
  return out;
}

/** Compiles the policies and evaluates one request: same answer as `evaluateCompiledIamRequest`. */
export function evaluateIamRequest({ request, policies }: { request: IamRequest; policies: IamPolicySetInput | IamPolicySet }): IamDecision {
  return evaluateCompiledIamRequest(request, compileIamPolicySet(policies));
}
