import type { IamPrincipal } from './inventory.js';
import type { SourceRef } from './source.js';
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
 * The account that infrastructure code deploys into when nothing says which (no provider setting,
 * no `accounts.default`, no single account in the inputs). It is one value, so it matches itself —
 * a role and a parameter created by the same configuration are in the same account, and a grant
 * built from `data.aws_caller_identity.current.account_id` or `${AWS::AccountId}` names it — and no
 * other account: it never equals a 12-digit id, and only a `*` account field in a pattern covers it.
 * Not a valid account id on purpose, so it can never collide with a real one in a report.
 */
export const SYMBOLIC_ACCOUNT = 'current-account';

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
 * The one principal the inputs cannot name that holds the grants attached to `expression` (a role,
 * user or group name nobody resolves): `unknown:EXPRESSION`, with no policies yet. A group's
 * members being unknown too, a group is held by a user.
 */
export function symbolicHolder(kind: 'role' | 'user' | 'group', expression: string, account: string, source: SourceRef): IamPrincipal {
  const arn = symbolicPrincipal(expression);
  return {
    kind: kind === 'role' ? 'role' : 'user', arn, name: arn.slice(SYMBOLIC_PRINCIPAL_PREFIX.length), account,
    inlinePolicies: [], attachedPolicyArns: [], groups: [], tags: {}, source,
  };
}

/**
 * The reader that stands for the principals of an account whose IAM listing stopped part-way (live
 * mode): their policies are unknown, so they may read what the account's root could be granted.
 */
export function unlistedPrincipals(account: string): string {
  return `${SYMBOLIC_PRINCIPAL_PREFIX}principals of account ${account} not listed`;
}

/**
 * The reader that stands for the principals of an organization a policy admits by
 * `aws:PrincipalOrgID` when no input lists the organization's accounts.
 */
export function organizationPrincipals(organization: string): string {
  return `${SYMBOLIC_PRINCIPAL_PREFIX}principals of organization ${organization}`;
}

/**
 * The reader that stands for the task roles of ECS task definitions a live scan could not list or
 * describe in one account and region: any of them may have secrets injected (docs/semantics.md#live-gaps).
 */
export function unlistedTaskRoles(account: string, region: string | undefined): string {
  return `${SYMBOLIC_PRINCIPAL_PREFIX}task roles of unlisted ECS task definitions in ${account}${region ? ` ${region}` : ''}`;
}

/**
 * The reader that stands for whoever logs in through Vault auth roles a live scan could not read:
 * one role (`unknown:Vault role approle/app not read`), the roles of one mount
 * (`unknown:roles of Vault auth mount aws not listed`), or every auth role
 * (`unknown:Vault auth mounts not listed`).
 */
export function unreadVaultRolesReader(unread: { mount?: string; name?: string }): string {
  if (unread.mount === undefined) return `${SYMBOLIC_PRINCIPAL_PREFIX}Vault auth mounts not listed`;
  // Identity groups and entities (mount `identity/group`, `identity/entity`) give their members' tokens policies too.
  const identity = /^identity\/(group|entity)$/.exec(unread.mount)?.[1];
  if (identity !== undefined) {
    return unread.name === undefined ? `${SYMBOLIC_PRINCIPAL_PREFIX}Vault identity ${identity === 'group' ? 'groups' : 'entities'} not listed` : `${SYMBOLIC_PRINCIPAL_PREFIX}Vault identity ${identity} ${unread.name} not read`;
  }
  if (unread.name === undefined) return `${SYMBOLIC_PRINCIPAL_PREFIX}roles of Vault auth mount ${unread.mount} not listed`;
  return `${SYMBOLIC_PRINCIPAL_PREFIX}Vault role ${unread.mount}/${unread.name} not read`;
}

/**
 * Whether a symbolic reader made for a live-mode gap may be `principal`: whoever logs in through a
 * Vault auth role that could not be read may be any principal; the task role of an ECS task
 * definition that could not be seen may be any role of its account. An owner it may be is not
 * reported as unable to read (docs/semantics.md#status): the scan cannot tell.
 */
export function mayStandFor(reader: string, principal: string): boolean {
  if (!reader.startsWith(SYMBOLIC_PRINCIPAL_PREFIX)) return false;
  const name = reader.slice(SYMBOLIC_PRINCIPAL_PREFIX.length);
  if (/^Vault auth mounts not listed$|^roles of Vault auth mount .+ not listed$|^Vault role .+ not read$|^Vault identity (groups|entities|group .+|entity .+) not (listed|read)$/.test(name)) return true;
  const account = /^task roles of unlisted ECS task definitions in (\d{12})(?: |$)/.exec(name)?.[1];
  return account !== undefined && new RegExp(`^arn:aws[a-z-]*:iam::${account}:role/`).test(principal);
}

export function isSymbolicPrincipal(principal: string): boolean {
  return principal.startsWith(SYMBOLIC_PRINCIPAL_PREFIX);
}

/** The grantee of a KMS grant whose GranteePrincipal cannot be read: anyone, conditionally (graph/kms-grants.ts). */
export const UNREAD_GRANTEE = '*';

const STACK_LOCAL_OPEN = '\uE000';
const STACK_LOCAL_CLOSE = '\uE001';
const STACK_LOCAL = /\uE000([^\uE001]*)\uE001/g;

/**
 * A name a CloudFormation stack makes for itself (a role without `RoleName` is `STACK-Role-SUFFIX`,
 * a key's id is assigned at create): another template's resource with the same logical id is another
 * resource. The name is marked so that normalize can tell it apart from the same text written by hand,
 * and scope it to its template when two templates make it (`*-Role-*@stack-a`).
 */
export function stackLocalName(name: string): string {
  return `${STACK_LOCAL_OPEN}${name}${STACK_LOCAL_CLOSE}`;
}

/** True when text holds a marked stack-local name. */
export function hasStackLocalName(text: string): boolean {
  return text.includes(STACK_LOCAL_OPEN);
}

/** Text with each marked stack-local name replaced by what `settle` makes of it. */
export function settleStackLocalNames(text: string, settle: (name: string) => string): string {
  return text.replace(STACK_LOCAL, (_, name: string) => settle(name));
}

/**
 * A stack-local name scoped to its template: the scope follows the name's last `*` (or sits inside its
 * closing bracket), so a grant whose pattern covered the name still covers it.
 */
export function scopedStackLocalName(name: string, scope: string): string {
  const star = name.lastIndexOf('*');
  if (star >= 0) return `${name.slice(0, star + 1)}@${scope}${name.slice(star + 1)}`;
  const closing = /[>\u00BB]$/.test(name) ? name.length - 1 : name.length;
  return `${name.slice(0, closing)}@${scope}${name.slice(closing)}`;
}
