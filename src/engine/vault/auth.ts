import type { VaultAppRole, VaultAuthRole, VaultAwsAuthRole } from '../../model/vault.js';
import { BUILTIN_POLICY_NAMES } from './builtin-policies.js';

/**
 * Policies a login to this role yields: `token_policies` ∪ legacy `policies` (lower-cased, as
 * Vault stores them), plus `default` unless `token_no_default_policy`. `missing` lists names
 * neither in `known` nor built into Vault: what they grant is unknown (SS011).
 * https://developer.hashicorp.com/vault/docs/concepts/tokens#token-policies
 */
export function loginPolicies(role: VaultAuthRole, known: ReadonlySet<string>): { policies: string[]; missing: string[] } {
  const names = new Set([...role.tokenPolicies, ...role.policies].map((p) => p.trim().toLowerCase()).filter((p) => p !== ''));
  if (!role.tokenNoDefaultPolicy) names.add('default');
  const policies = [...names].sort();
  const missing = policies.filter((p) => !known.has(p) && !BUILTIN_POLICY_NAMES.has(p));
  return { policies, missing };
}

/**
 * Who can log in to an AppRole: the holder of its role_id, plus a secret_id when
 * `bind_secret_id`, from within its CIDR bindings (`secret_id_bound_cidrs`, `token_bound_cidrs`,
 * legacy `bound_cidr_list`). `open` = no secret_id and no CIDR binding: the role_id alone, which
 * is not a secret, logs in (SS004).
 * https://developer.hashicorp.com/vault/api-docs/auth/approle#create-update-approle
 */
export function appRoleLogin(role: VaultAppRole): { needsSecretId: boolean; cidrs: string[]; open: boolean } {
  const cidrs = [...new Set([...role.secretIdBoundCidrs, ...role.tokenBoundCidrs, ...role.boundCidrList])].sort();
  return { needsSecretId: role.bindSecretId, cidrs, open: !role.bindSecretId && cidrs.length === 0 };
}

export interface AwsAuthLoginSubjects {
  /** IAM principal, role, or instance-profile ARN patterns (a trailing `*` is a prefix glob). */
  principalArnPatterns: string[];
  /** `arn:aws:iam::ACCOUNT:root` for ec2 roles bound only by account (docs/semantics.md#principals). */
  accountRoots: string[];
  /** Nothing binds the role: any AWS principal of any account may log in (SS009). */
  anyone: boolean;
  /** Bindings that only narrow who logs in (`bound_region=…`, `role_tag=…`); the answer is then conditional. */
  narrowing: string[];
}

/**
 * Who may log in to an AWS auth role. iam type: `bound_iam_principal_arn` patterns.
 * ec2 type (and iam with entity inference): `bound_iam_role_arn` and `bound_iam_instance_profile_arn`
 * name the role (the graph maps a profile to its role); bound only by `bound_account_id` /
 * `bound_ami_id` → each bound account's root, or anyone when no account is bound. Region, VPC,
 * subnet, instance id, AMI (next to an account) and `role_tag` only narrow.
 * https://developer.hashicorp.com/vault/api-docs/auth/aws#create-update-role
 */
export function awsAuthLoginSubjects(role: VaultAwsAuthRole): AwsAuthLoginSubjects {
  const narrowing: string[] = [];
  const note = (key: string, values: string[]): void => {
    if (values.length > 0) narrowing.push(`${key}=${values.join(',')}`);
  };
  note('bound_region', role.boundRegion);
  note('bound_vpc_id', role.boundVpcId);
  note('bound_subnet_id', role.boundSubnetId);
  note('bound_ec2_instance_id', role.boundEc2InstanceId);
  if (role.roleTag) narrowing.push(`role_tag=${role.roleTag}`);
  if (role.authType === 'iam' && role.boundIamPrincipalArn.length > 0) {
    note('bound_account_id', role.boundAccountId);
    note('bound_ami_id', role.boundAmiId);
    note('bound_iam_role_arn', role.boundIamRoleArn);
    note('bound_iam_instance_profile_arn', role.boundIamInstanceProfileArn);
    return { principalArnPatterns: [...new Set(role.boundIamPrincipalArn)].sort(), accountRoots: [], anyone: false, narrowing };
  }
  const named = [...new Set([...role.boundIamRoleArn, ...role.boundIamInstanceProfileArn])].sort();
  if (named.length > 0) {
    note('bound_account_id', role.boundAccountId);
    note('bound_ami_id', role.boundAmiId);
    return { principalArnPatterns: named, accountRoots: [], anyone: false, narrowing };
  }
  if (role.boundAccountId.length > 0) {
    note('bound_ami_id', role.boundAmiId);
    const accountRoots = [...new Set(role.boundAccountId)].sort().map((a) => `arn:aws:iam::${a}:root`);
    return { principalArnPatterns: [], accountRoots, anyone: false, narrowing };
  }
  // Bound by AMI alone (or by nothing): any instance of any account may present itself.
  note('bound_ami_id', role.boundAmiId);
  return { principalArnPatterns: [], accountRoots: [], anyone: true, narrowing };
}

/**
 * Vault's binding match for ARNs: exact, or a prefix when the pattern ends in `*` (the only
 * wildcard Vault accepts in `bound_iam_principal_arn`).
 * https://developer.hashicorp.com/vault/api-docs/auth/aws#bound_iam_principal_arn
 */
export function matchesVaultArnPattern(pattern: string, arn: string): boolean {
  return vaultArnMatcher(pattern)(arn);
}

/** `matchesVaultArnPattern` for one pattern and many ARNs: the prefix is cut once, not per ARN. */
export function vaultArnMatcher(pattern: string): (arn: string) => boolean {
  if (!pattern.endsWith('*')) return (arn) => arn === pattern;
  const prefix = pattern.slice(0, -1);
  return (arn) => arn.startsWith(prefix);
}
