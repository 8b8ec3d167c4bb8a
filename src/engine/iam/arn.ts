import { SYMBOLIC_ACCOUNT } from '../../model/unknowns.js';

/**
 * ARN helpers. Format: `arn:partition:service:region:account-id:resource`, where the resource part
 * may itself hold `:` and `/` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 */

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth `:` (may contain further `:`). */
  resource: string;
}

/** Splits an ARN into its six parts; undefined when the string is not an ARN (fewer than six parts). */
export function parseArn(arn: string): ParsedArn | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const cut: number[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const at = arn.indexOf(':', from);
    if (at < 0) return undefined;
    cut.push(at);
    from = at + 1;
  }
  const [c0, c1, c2, c3, c4] = cut as [number, number, number, number, number];
  return {
    partition: arn.slice(c0 + 1, c1),
    service: arn.slice(c1 + 1, c2),
    region: arn.slice(c2 + 1, c3),
    account: arn.slice(c3 + 1, c4),
    resource: arn.slice(c4 + 1),
  };
}

/** The account id in an ARN's account field, or undefined when it has none (S3 buckets) or is not an ARN. */
export function accountOfArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  return parsed && parsed.account !== '' ? parsed.account : undefined;
}

/**
 * True for a bare 12-digit AWS account id, or the symbolic account a scan stands in when nothing
 * names its account (`${AWS::AccountId}`, `data.aws_caller_identity.current.account_id`): in a
 * Principal element it names that account as `arn:aws:iam::ID:root` would
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts).
 */
export function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value) || value === SYMBOLIC_ACCOUNT;
}

/** `arn:PARTITION:iam::ACCOUNT:root` for an account. */
export function accountRootArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:root`;
}
