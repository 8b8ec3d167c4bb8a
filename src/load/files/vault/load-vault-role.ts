import type { Issue } from '../../../model/issue.js';
import { describeInput } from '../../../input-safety.js';
import { isRecord } from '../../json-guards.js';
import type { SourceRef } from '../../../model/source.js';
import { trimVaultSlashes, type ExternalAuthMethod, type VaultAppRole, type VaultAuthRole, type VaultAwsAuthRole, type VaultExternalAuthRole, type VaultIdentityAlias, type VaultIdentityPolicies } from '../../../model/vault.js';

export interface LoadedVaultRole {
  role?: VaultAuthRole;
  issues: Issue[];
}

/** `…/auth/MOUNT/role/NAME.json`: the only place a dump's role name and mount are written. */
export function roleLocationFromPath(file: string): { mount: string; name: string } | undefined {
  const m = /(?:^|\/)auth\/(.+)\/role\/([^/]+)\.json$/.exec(file.replace(/\\/g, '/'));
  if (!m || !m[1] || !m[2]) return undefined;
  return { mount: trimVaultSlashes(m[1]), name: m[2] };
}

/**
 * Reads `vault read -format=json auth/MOUNT/role/NAME` for an AppRole, an AWS auth role, or a role
 * of JWT/OIDC or Kubernetes auth (told apart by the mount's type when known — the live scan's
 * `sys/auth`, the dump's `mount_type` — else by content: `auth_type` → aws, `bind_secret_id` →
 * approle, `role_type`/`user_claim`/`bound_audiences`/`bound_claims` → JWT/OIDC,
 * `bound_service_account_names` → Kubernetes). Empty lists may be `[]` or `null`; legacy `policies`
 * and `bound_cidr_list` are kept. A role that cannot be read yields an Issue and no role.
 * https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle
 * https://developer.hashicorp.com/vault/api-docs/auth/aws#read-role
 * https://developer.hashicorp.com/vault/api-docs/auth/jwt#read-role
 * https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#read-role
 */
export function loadVaultRoleDump(
  json: unknown,
  file: string,
  lineOf?: (pointer: string) => number | undefined,
  /** Live reads know mount and name from the API path; dumps take them from the file path. */
  location: { mount: string; name: string } | undefined = roleLocationFromPath(file),
  /** The auth method of the mount, when the caller knows it (live: `sys/auth`). */
  mountType?: string,
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
  const method = externalMethod(mountType ?? (typeof envelope['mount_type'] === 'string' ? envelope['mount_type'] : undefined), data);
  if (method !== undefined) {
    const bindings: Record<string, string[]> = {};
    const keys = method === 'kubernetes' ? ['bound_service_account_names', 'bound_service_account_namespaces', 'audience'] : ['bound_audiences', 'bound_subject'];
    for (const key of keys) {
      const values = list(key);
      if (values.length > 0) bindings[key] = values;
    }
    const claims = data['bound_claims'];
    if (isRecord(claims)) {
      for (const [claim, value] of Object.entries(claims)) {
        const values = typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
        bindings[`bound_claims.${claim}`] = values;
      }
    }
    const role: VaultExternalAuthRole = { ...common, type: 'external', method, bindings };
    // What names a login's entity alias: https://developer.hashicorp.com/vault/api-docs/auth/jwt#user_claim,
    // https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#alias_name_source
    if (method === 'jwt' || method === 'oidc') {
      role.aliasSource = { claim: typeof data['user_claim'] === 'string' && data['user_claim'] !== '' ? data['user_claim'] : 'sub' };
      if (data['bound_claims_type'] === 'glob') role.claimsGlob = true;
      if (typeof data['groups_claim'] === 'string' && data['groups_claim'] !== '') role.groupsClaim = data['groups_claim'];
    } else if (method === 'kubernetes') {
      const source = data['alias_name_source'];
      if (source === undefined || source === 'serviceaccount_uid' || source === 'serviceaccount_name') role.aliasSource = { serviceAccount: source === 'serviceaccount_name' ? 'name' : 'uid' };
    }
    return { role, issues };
  }
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
  issues.push({ code: 'vaultRoleUnrecognized', message: 'not a role of an auth method secret-scan reads (AppRole: bind_secret_id; AWS: auth_type; JWT/OIDC: role_type, user_claim; Kubernetes: bound_service_account_names)', source: where(base) });
  return { issues };
}

/** The external auth method a role belongs to, from its mount's type or else its fields; undefined for AppRole, AWS and unknown roles. */
function externalMethod(mountType: string | undefined, data: Record<string, unknown>): ExternalAuthMethod | undefined {
  if (mountType === 'kubernetes') return 'kubernetes';
  const roleType = data['role_type'];
  if (mountType === 'jwt' || mountType === 'oidc') return roleType === 'jwt' || roleType === 'oidc' ? roleType : mountType;
  if (mountType !== undefined && mountType !== '') return undefined;
  if ('bound_service_account_names' in data) return 'kubernetes';
  if (roleType === 'jwt' || roleType === 'oidc') return roleType;
  if ('user_claim' in data || 'bound_audiences' in data || 'bound_claims' in data) return 'jwt';
  return undefined;
}


/** `…/identity/group/name/NAME.json` or `…/identity/entity/name/NAME.json`: the name and kind of an identity dump. */
export function identityLocationFromPath(file: string): { kind: VaultIdentityPolicies['kind']; name: string } | undefined {
  const m = /(?:^|\/)identity\/(group|entity)\/name\/([^/]+)\.json$/.exec(file.replace(/\\/g, '/'));
  if (!m || !m[2]) return undefined;
  return { kind: m[1] === 'entity' ? 'entity' : 'group', name: m[2] };
}

/**
 * Reads `vault read -format=json identity/group/name/NAME` (or `identity/entity/name/NAME`): the
 * policies the group or entity gives its members' tokens. The name is the dump's `name`, else the
 * file's; its members (a group's) or aliases (an entity's) say who holds them.
 * https://developer.hashicorp.com/vault/api-docs/secret/identity/group#read-group-by-name
 * https://developer.hashicorp.com/vault/api-docs/secret/identity/entity#read-entity-by-name
 */
export function loadVaultIdentityDump(
  json: unknown,
  file: string,
  location: { kind: VaultIdentityPolicies['kind']; name: string },
  lineOf?: (pointer: string) => number | undefined,
  options: { keepAppRoleAliasNames?: boolean } = {},
): LoadedVaultRole {
  const envelope = isRecord(json) ? json : {};
  const hasEnvelope = isRecord(envelope['data']);
  const data = hasEnvelope ? (envelope['data'] as Record<string, unknown>) : envelope;
  const pointer = hasEnvelope ? '/data' : '';
  const line = lineOf?.(pointer);
  const source: SourceRef = line === undefined ? { file, pointer } : { file, line, pointer };
  const policies = data['policies'];
  if (policies !== undefined && policies !== null && !Array.isArray(policies)) {
    return { issues: [{ code: 'vaultRoleInvalid', message: 'policies: expected a list of strings', source }] };
  }
  const names = (policies ?? []).filter((p): p is string => typeof p === 'string').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  const name = typeof data['name'] === 'string' && data['name'] !== '' ? data['name'] : location.name;
  const role: VaultIdentityPolicies = { type: 'identity', kind: location.kind, mount: `identity/${location.kind}`, name, tokenPolicies: names, policies: [], tokenNoDefaultPolicy: true, tokenBoundCidrs: [], source };
  if (typeof data['id'] === 'string' && data['id'] !== '') role.id = data['id'];
  if (location.kind === 'group') readGroupMembers(data, role, { file, pointer, lineOf });
  else if (Array.isArray(data['aliases'])) role.aliases = data['aliases'].filter(isRecord).map((alias, i) => entityAlias(alias, { file, pointer: `${pointer}/aliases/${i}`, lineOf }, options.keepAppRoleAliasNames ?? false));
  return { role, issues: [] };
}

/** Where in a dump a value is: its file, JSON pointer, and the file's line finder. */
interface DumpPlace {
  file: string;
  pointer: string;
  lineOf: ((pointer: string) => number | undefined) | undefined;
}

/**
 * A group's members as Vault lists them, by id (`member_entity_ids`, `member_group_ids`); an
 * external group's, by its `alias` (a group of an identity provider). A dump without the lists
 * names none: its stand-in reader stays (docs/semantics.md#vault-login).
 */
function readGroupMembers(data: Record<string, unknown>, group: VaultIdentityPolicies, at: DumpPlace): void {
  if (data['type'] === 'external') {
    // Its members are whoever its alias's auth method reports in that group.
    group.external = true;
    const alias = data['alias'];
    group.aliases = isRecord(alias) && Object.keys(alias).length > 0 ? [entityAlias(alias, { ...at, pointer: `${at.pointer}/alias` }, false)] : [];
    return;
  }
  const ids = (key: string): string[] | undefined => {
    const value = data[key];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : undefined;
  };
  const entities = ids('member_entity_ids');
  const groups = ids('member_group_ids');
  if (entities === undefined && groups === undefined) {
    group.unlistedMembers = 'the dump lists no members (member_entity_ids, member_group_ids)';
    return;
  }
  group.memberEntities = (entities ?? []).map((id) => ({ id }));
  group.memberGroups = (groups ?? []).map((id) => ({ id }));
}

/**
 * One of an entity's `aliases`: its mount (`mount_path` `auth/approle/`) and name. An AppRole
 * alias's name is the role's role_id, half of its login: kept only from a file the user dumped it
 * to (where the AppRole's dump may hold the same role_id to match), never from a live read, whose
 * snapshot must hold no login material.
 */
function entityAlias(alias: Record<string, unknown>, at: DumpPlace, keepAppRoleName: boolean): VaultIdentityAlias {
  const line = at.lineOf?.(at.pointer);
  const result: VaultIdentityAlias = { source: line === undefined ? { file: at.file, pointer: at.pointer } : { file: at.file, line, pointer: at.pointer } };
  const mountPath = alias['mount_path'];
  if (typeof mountPath === 'string' && mountPath !== '') result.mount = trimVaultSlashes(trimVaultSlashes(mountPath).replace(/^auth\//, ''));
  const loginMaterial = alias['mount_type'] === 'approle' && !keepAppRoleName;
  if (typeof alias['name'] === 'string' && alias['name'] !== '' && !loginMaterial) result.name = alias['name'];
  return result;
}
