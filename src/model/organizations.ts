import type { IamPolicy } from './iam.js';
import type { SourceRef } from './source.js';

/**
 * AWS Organizations, as far as service control policies need it: the tree (root → OUs →
 * account) and which SCP is attached where. File loaders (CLI dumps, Terraform) and live mode
 * (the Organizations API: DescribePolicy, ListTargetsForPolicy, ListRoots,
 * ListOrganizationalUnitsForParent, ListAccountsForParent, ListParents) all produce these shapes;
 * `mergeInventories` joins them by id, and `graph/scp-placement.ts` turns them into the levels
 * the IAM engine evaluates.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */

/** A service control policy: its content and/or where it is attached, whichever the inputs hold. */
export interface ServiceControlPolicy {
  /**
   * `p-…` id (`p-FullAWSAccess` for the AWS managed default); for a Terraform policy whose id is
   * known only after apply, the resource address (`aws_organizations_policy.deny_secrets`).
   */
  id: string;
  name?: string;
  arn?: string;
  /** The policy document; absent when only its attachments are known (then it may allow anything, and denies nothing). */
  policy?: IamPolicy;
  /**
   * Ids of the roots, OUs and accounts it is attached to (`r-…`, `ou-…`, 12-digit id, or a
   * Terraform address standing in for an id known only after apply). Absent = not known: the
   * policy may be attached anywhere.
   */
  targets?: string[];
  source: SourceRef;
}

/** A root, an organizational unit or an account of an organization. */
export interface OrganizationEntity {
  /** `r-…`, `ou-…`, a 12-digit account id, or a Terraform address standing in for an unknown id. */
  id: string;
  kind: 'root' | 'ou' | 'account';
  name?: string;
  /** Id of the parent root or OU; absent for a root, or when not known. */
  parentId?: string;
  /** The organization's management account, when an ARN or describe-organization names it. */
  managementAccount?: string;
  source: SourceRef;
}
