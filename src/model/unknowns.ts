/**
 * How unknowns (docs/semantics.md#symbolic-unknowns) show in the inventory and the report, shared by the loaders that make
 * them and the graph and rules that read them.
 */

/**
 * The condition key no request carries: a statement holding it is undecided, never applied
 * outright (src/engine/iam); its values name the expressions (and lines) left unknown.
 */
export const UNRESOLVED_KEY = 'secret-scan:UnresolvedExpression';

/**
 * A principal the inputs cannot name (docs/semantics.md#symbolic-unknowns): a trust or resource policy naming
 * `data.aws_caller_identity.current.arn`, a variable, or a CloudFormation parameter without a
 * default. It is one principal, reported as `unknown:EXPRESSION` (e.g.
 * `unknown:data.aws_caller_identity.current.arn`, `unknown:!Ref DeployerArn`): it matches
 * itself only, never `*` and never the principals of an account, and its reads are conditional.
 */
export const SYMBOLIC_PRINCIPAL_PREFIX = 'unknown:';

/** The reported name of the principal an expression stands for (a trailing note such as `(known after apply)` dropped). */
export function symbolicPrincipal(expression: string): string {
  return `${SYMBOLIC_PRINCIPAL_PREFIX}${expression.replace(/ \([^()]*\)$/, '')}`;
}

/**
 * The reader that stands for the principals of an account whose IAM listing stopped part-way (live
 * mode): their policies are unknown, so they may read what the account's root could be granted.
 */
export function unlistedPrincipals(account: string): string {
  return `${SYMBOLIC_PRINCIPAL_PREFIX}principals of account ${account} not listed`;
}

export function isSymbolicPrincipal(principal: string): boolean {
  return principal.startsWith(SYMBOLIC_PRINCIPAL_PREFIX);
}
