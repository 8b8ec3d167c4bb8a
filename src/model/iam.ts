import type { JsonValue, SourceRef } from './source.js';

/**
 * An IAM policy document as loaded, with where it came from. `document` is the raw JSON object
 * (already parsed from any URL-encoded or stringified form); the IAM engine validates it.
 */
export interface IamPolicy {
  /** Human-readable identity used in explanations: `role/ledger-task inline ledger-config-read`, a policy ARN… */
  id: string;
  document: JsonValue;
  source: SourceRef;
  /** Source of each statement by index (same order as `Statement`), where the loader knows it. */
  statementSources?: (SourceRef | undefined)[];
}

/** Value of a request context key, as AWS would put it in the request context. */
export type IamContextValue = string | string[] | boolean | number;

/** A request to authorize, as AWS sees it. */
export interface IamRequest {
  /** Principal ARN (role, user, assumed-role session, `arn:aws:iam::ACCOUNT:root`) or `*` for anonymous. */
  principal: string;
  /** `service:Action`. */
  action: string;
  /** Resource ARN. */
  resource: string;
  /**
   * Set when `resource` is a pattern (`*`, `?`) standing for one resource whose name the inputs
   * cannot know: the text says why (the expression and its line). A grant covering every value
   * of the pattern applies; one matching only some of them is undecided (docs/semantics.md#symbolic-unknowns).
   */
  resourcePattern?: string;
  /** With `resourcePattern`: the stand-in name of that one resource; a grant naming exactly it covers it. */
  resourceStandIn?: string;
  /** Account that owns the resource; defaults to the account field of the resource ARN. */
  resourceAccount?: string;
  /**
   * Principal ARNs the inputs declare whose names are patterns because the name is made at deploy
   * (a role without `RoleName` is `*-TaskRole-*`). A Principal element naming one of them names that
   * one principal: the pattern is the scan's stand-in, not a wildcard, which IAM does not accept in a
   * principal ARN (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
   */
  principalStandIns?: ReadonlySet<string>;
  /** Known request context keys. Keys that are absent are *unknown*, never assumed missing, unless listed in `absentKeys`. */
  context?: Record<string, IamContextValue>;
  /**
   * More known keys, read as if written into `context` (its keys win over these): a caller asking many
   * questions puts what they share here, frozen, and the engine reads it once (a principal's tags).
   */
  sharedContext?: Readonly<Record<string, IamContextValue>>;
  /** Keys known to be absent from the request (so `Null: true` or `...IfExists` can be decided). */
  absentKeys?: string[];
}

/** The policies that take part in one decision. */
export interface IamPolicySet {
  /**
   * The principal's identity-based policies. `'unknown'` means the inventory does not hold them
   * (a principal of an account that is not listed): they may allow anything, and no deny is assumed.
   */
  identity: IamPolicy[] | 'unknown';
  /** The resource-based policy (bucket, key, secret policy), if the resource has one. */
  resource?: IamPolicy | null;
  permissionBoundary?: IamPolicy | null;
  /**
   * Service control policies in force for the principal's account, one level per node of the
   * path from the organization root to the account (root, each OU, the account): at every level
   * some attached SCP must allow, and a Deny in any of them applies. Absent or empty: no SCP caps
   * the principal (no organization, the management account, a service-linked role).
   * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
   */
  scps?: ScpLevel[];
  /**
   * SCPs that may or may not be on the principal's path (their targets, or the account's place
   * in the tree, are not known). They never remove access: an Allow in one lets any level allow
   * conditionally, a Deny in one makes the access conditional.
   */
  possibleScps?: IamPolicy[];
  /** KMS: the resource policy is a key policy; the key policy must allow, alone or by delegating to the account. */
  resourceIsKmsKey?: boolean;
  /**
   * The resource policy is a role trust policy: like a key policy it must explicitly allow the
   * principal, alone (naming it) or by delegating to the account (then IAM must allow too).
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
   */
  resourceIsTrustPolicy?: boolean;
}

/** The SCPs attached at one node (root, OU or account) of the path from the root to an account. */
export interface ScpLevel {
  /** The node: `r-…`, `ou-…`, an account id (shown in explanations). */
  target: string;
  /** The SCPs known to be attached here. */
  policies: IamPolicy[];
  /**
   * The inputs may not show every SCP attached here (e.g. AWS's default FullAWSAccess): when none
   * of `policies` allows, the level still allows, conditionally, never a certain no.
   */
  incomplete?: boolean;
}

export type IamDecisionKind = 'Allow' | 'ImplicitDeny' | 'ExplicitDeny';

/** A condition the engine could not decide from the request, shown to the user verbatim. */
export interface UndecidedCondition {
  operator: string;
  key: string;
  values: string[];
  /** Why it is undecided: `context key aws:SourceIp not known`, `unsupported operator Foo`, … */
  why: string;
}

/** Which statement took part in a decision, and how. */
export interface IamReason {
  policyId: string;
  /** Which kind of policy the statement is in. */
  policyType: 'identity' | 'resource' | 'boundary' | 'scp';
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  source?: SourceRef;
  /** Conditions of this statement that could not be decided; empty when it applied outright. */
  undecided: UndecidedCondition[];
  /** Free text for anything else the user must know (e.g. `grant to account root delegates to IAM`). */
  note?: string;
}

export interface IamDecision {
  decision: IamDecisionKind;
  /** True when the Allow holds only if the undecided conditions in `reasons` hold (or an undecided Deny does not apply). */
  conditional: boolean;
  reasons: IamReason[];
}
