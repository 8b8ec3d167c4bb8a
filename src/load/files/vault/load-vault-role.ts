import type { Issue } from '../../../model/issue.js';
import { describeInput } from '../../../input-safety.js';
import { isRecord } from '../../json-guards.js';
import type { SourceRef } from '../../../model/source.js';
import type { VaultAppRole, VaultAuthRole, VaultAwsAuthRole } from '../../../model/vault.js';

export interface LoadedVaultRole {
  role?: VaultAuthRole;
  issues: Issue[];
}

/** `…/auth/MOUNT/role/NAME.json`: the only place a dump's role name and mount are written. */
export function roleLocationFromPath(file: string): { mount: string; name: string } | undefined {
  const m = /(?:^|\/)auth\/(.+)\/role\/([^/]+)\.json$/.exec(file.replace(/\\/g, '/'));
  if (!m || !m[1] || !m[2]) return undefined;
  return { mount: m[1].replace(/^\/+|\/+$/g, ''), name: m[2] };
}

/**
 * Reads `vault read -format=json auth/MOUNT/role/NAME` for an AppRole or an AWS auth role
 * (told apart by content: `auth_type` → aws, `bind_secret_id` → approle). Empty lists may be
 * `[]` or `null`; legacy `policies` and `bound_cidr_list` are kept. A role that cannot be read
 * yields an Issue and no role.
 * https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle
 * https://developer.hashicorp.com/vault/api-docs/auth/aws#read-role
 */
export function loadVaultRoleDump(
  json: unknown,
  file: string,
  lineOf?: (pointer: string) => number | undefined,
  /** Live reads know mount and name from the API path; dumps take them from the file path. */
  location: { mount: string; name: string } | undefined = roleLocationFromPath(file),
): LoadedVaultRole {
  const issues: Issue[] = [];
  const where = (pointer: string): SourceRef => {
    const line = lineOf?.(pointer);
    return line === undefined ? { file, pointer } : { file, line, pointer };
  };
  if (!location) {
    issues.push({ code: 'vaultRoleUnrecognized', message: 'role dump path must look like …/auth/MOUNT/role/NAME.json', source: { file } });
    return { issues };
  }
  const envelope = isRecord(json) ? json : {};
  const hasEnvelope = isRecord(envelope['data']);
  const data = hasEnvelope ? (envelope['data'] as Record<string, unknown>) : envelope;
  const base = hasEnvelope ? '/data' : '';
  const list = (key: string): string[] => {
    const v = data[key];
    if (v === undefined || v === null || v === '') return [];
    if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
    issues.push({ code: 'vaultRoleInvalid', message: `${key}: expected a list of strings`, source: where(`${base}/${key}`) });
    return [];
  };
  const common = {
    mount: location.mount,
    name: location.name,
    // Vault stores policy names lower-cased (policyutil.SanitizePolicies).
    tokenPolicies: list('token_policies').map((p) => p.trim().toLowerCase()),
    policies: list('policies').map((p) => p.trim().toLowerCase()),
    tokenNoDefaultPolicy: data['token_no_default_policy'] === true,
    tokenBoundCidrs: list('token_bound_cidrs'),
    source: where(hasEnvelope ? '/data' : ''),
  };
  if ('auth_type' in data) {
    const authType = data['auth_type'];
    if (authType !== 'iam' && authType !== 'ec2') {
      issues.push({ code: 'vaultRoleInvalid', message: `unknown auth_type (${typeof authType === 'string' ? 'neither iam nor ec2' : describeInput(authType)})`, source: where(`${base}/auth_type`) });
    }
    const role: VaultAwsAuthRole = {
      ...common,
      type: 'aws',
      // An unknown auth type is read as iam: its only binding is the principal ARN, so nothing is hidden.
      authType: authType === 'ec2' ? 'ec2' : 'iam',
      boundIamPrincipalArn: list('bound_iam_principal_arn'),
      boundAccountId: list('bound_account_id'),
      boundAmiId: list('bound_ami_id'),
      boundIamRoleArn: list('bound_iam_role_arn'),
      boundIamInstanceProfileArn: list('bound_iam_instance_profile_arn'),
      boundEc2InstanceId: list('bound_ec2_instance_id'),
      boundRegion: list('bound_region'),
      boundVpcId: list('bound_vpc_id'),
      boundSubnetId: list('bound_subnet_id'),
    };
    if (typeof data['role_tag'] === 'string' && data['role_tag'] !== '') role.roleTag = data['role_tag'];
    if (typeof data['resolve_aws_unique_ids'] === 'boolean') role.resolveAwsUniqueIds = data['resolve_aws_unique_ids'];
    return { role, issues };
  }
  if ('bind_secret_id' in data || envelope['mount_type'] === 'approle' || 'secret_id_bound_cidrs' in data) {
    const role: VaultAppRole = {
      ...common,
      type: 'approle',
      // Vault's default is true; only an explicit false opens the role.
      bindSecretId: data['bind_secret_id'] !== false,
      secretIdBoundCidrs: list('secret_id_bound_cidrs'),
      boundCidrList: list('bound_cidr_list'),
    };
    if (typeof data['role_id'] === 'string') role.roleId = data['role_id'];
    return { role, issues };
  }
  issues.push({ code: 'vaultRoleUnrecognized', message: 'neither an AppRole (bind_secret_id) nor an AWS auth role (auth_type)', source: where(base) });
  return { issues };
}

