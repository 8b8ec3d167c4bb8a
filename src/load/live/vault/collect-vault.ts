import type { UnreadVaultRoles } from '../../../model/inventory.js';
import type { SourceRef } from '../../../model/source.js';
import { unreadVaultRolesReader } from '../../../model/unknowns.js';
import { trimVaultSlashes, type VaultMount, type VaultSecret } from '../../../model/vault.js';
import { loadVaultIdentityDump, loadVaultRoleDump, type LoadedVaultRole } from '../../files/vault/load-vault-role.js';
import { parseVaultPolicy } from '../../files/vault/parse-vault-policy.js';
import { apiTimeoutFromEnvironment, issueFor, type CallFailure, type CallPlace, type LiveCaller, type LiveLoadResult } from '../live-call.js';

/** How live Vault reading is configured (docs/live-mode.md: `--vault`, `--vault-addr`, VAULT_TOKEN, VAULT_NAMESPACE). */
export interface VaultLiveOptions {
  /** Default: VAULT_ADDR. */
  address?: string;
  /** Default: VAULT_TOKEN. */
  token?: string;
  /** Default: VAULT_NAMESPACE (Enterprise). */
  namespace?: string;
  /** Per-request timeout in milliseconds (default 30,000). */
  requestTimeoutMs?: number;
}

const VAULT_ATTEMPTS = 4;

/** Auth methods whose roles decide who logs in (docs/semantics.md#vault-login), each listed at `auth/MOUNT/role`. */
const ROLE_AUTH_TYPES: ReadonlySet<string> = new Set(['approle', 'aws', 'jwt', 'oidc', 'kubernetes']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

class VaultHttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = status === 403 ? 'AccessDenied' : status === 404 ? 'NotFound' : status === 429 ? 'Throttling' : 'VaultError';
  }
}

/** Where a database engine lists each kind of role, and where their credentials are read. */
const DATABASE_ROLE_KINDS = [{ list: 'roles', read: 'creds' }, { list: 'static-roles', read: 'static-creds' }] as const;

/**
 * Reads the live Vault configuration over its HTTP API: ACL policies (`LIST sys/policies/acl`,
 * then each one), auth mounts (`sys/auth`) with their AppRole, AWS, JWT/OIDC and Kubernetes roles, and secret mounts
 * with their KV version (`sys/mounts`), and the roles of database secrets engines, which are secrets
 * (`LIST MOUNT/roles`, `MOUNT/static-roles`). Only configuration endpoints are called, never a secret
 * path and never an AppRole `role-id` or `secret-id`. Failures become issues and widen: a policy
 * that cannot be read is missing, so what it grants is taken as possible; an auth role, a mount's
 * role list or the auth mounts that cannot be read are kept as unknown (`unreadVaultRoles`), so
 * whoever logs in through them still reads, through one symbolic reader each.
 * https://developer.hashicorp.com/vault/api-docs/system/policies
 * https://developer.hashicorp.com/vault/api-docs/system/auth
 * https://developer.hashicorp.com/vault/api-docs/system/mounts
 */
export async function collectVault(options: VaultLiveOptions, caller: LiveCaller): Promise<LiveLoadResult> {
  const out: LiveLoadResult = { fragments: [], loaded: [], issues: [] };
  const address = (options.address ?? process.env['VAULT_ADDR'] ?? '').replace(/\/+$/, '');
  const token = options.token ?? process.env['VAULT_TOKEN'] ?? '';
  const namespace = options.namespace ?? process.env['VAULT_NAMESPACE'];
  const file = `vault:${address || 'unset'}`;
  if (address === '' || token === '') {
    const missing = address === '' ? 'VAULT_ADDR or --vault-addr' : 'VAULT_TOKEN';
    out.issues.push({ code: 'vaultNotConfigured', message: `--vault needs ${missing}: Vault was not read, so who logs in and what its policies grant are unknown: ${unreadVaultRolesReader({})} stands for every login, reading any Vault path conditionally`, source: { file } });
    // Nothing of Vault is known: a Vault secret the manifest declares must not look unreadable.
    out.fragments.push({ unreadVaultRoles: [{ call: `--vault without ${missing}: vaultNotConfigured`, source: { file } }] });
    return out;
  }
  const timeout = options.requestTimeoutMs ?? apiTimeoutFromEnvironment() ?? 30_000;
  const request = async (method: 'GET' | 'LIST', path: string): Promise<{ [key: string]: Json }> => {
    for (let attempt = 1; ; attempt++) {
      // `GET ?list=true` is Vault's documented equivalent of the LIST verb, which some HTTP stacks refuse.
      // https://developer.hashicorp.com/vault/api-docs#api-operations
      const response = await fetch(`${address}/v1/${path}${method === 'LIST' ? '?list=true' : ''}`, {
        method: 'GET',
        headers: { 'X-Vault-Token': token, ...(namespace ? { 'X-Vault-Namespace': namespace } : {}) },
        signal: AbortSignal.timeout(timeout),
      });
      const text = await response.text();
      // Rate limiting (429) and standby or sealed nodes (5xx) are retried with backoff, like the SDK does for AWS.
      if ((response.status === 429 || response.status >= 500) && attempt < VAULT_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt * (0.5 + Math.random() / 2)));
        continue;
      }
      if (!response.ok) throw new VaultHttpError(response.status, `HTTP ${response.status}${text.includes('permission denied') ? ' permission denied' : ''}`);
      const body = JSON.parse(text) as { data?: { [key: string]: Json } };
      return body.data ?? {};
    }
  };
  // The last failure of each path, for what stands in for the unread data (`unreadVaultRoles`).
  const failures = new Map<string, { call: string; source: SourceRef }>();
  const read = async (method: 'GET' | 'LIST', path: string, consequence: string): Promise<{ [key: string]: Json } | undefined> => {
    const place: CallPlace = { file, api: `${method} ${path}`, resource: path };
    // Listings and the mount tables lead to further calls: they go first (LiveCaller).
    const leads = method === 'LIST' || path === 'sys/auth' || path === 'sys/mounts';
    const result = await caller.call(place, () => request(method, path), leads ? 'page' : 'resource');
    if (result.ok) return result.value;
    // Vault answers 404 to a LIST with nothing under it: an empty list, not a gap.
    if (method === 'LIST' && result.failure.kind === 'notFound') return {};
    const issue = issueFor(place, result.failure as CallFailure, consequence);
    out.issues.push(issue);
    failures.set(path, { call: `${place.api}: ${issue.code}`, source: issue.source });
    return undefined;
  };
  // Roles that could not be read stay in the inventory as unknown, so that whoever logs in through
  // them still reads, conditionally, through one symbolic reader (docs/semantics.md#live-gaps).
  const unreadVaultRoles: UnreadVaultRoles[] = [];
  const unread = (path: string, role: Omit<UnreadVaultRoles, 'call' | 'source'>): void => {
    const failure = failures.get(path);
    if (failure) unreadVaultRoles.push({ ...role, ...failure });
  };
  const keys = (data: { [key: string]: Json } | undefined): string[] => (Array.isArray(data?.['keys']) ? (data['keys'] as Json[]).filter((k): k is string => typeof k === 'string') : []);

  caller.progress.begin(`Vault ${address}: policies, auth and mounts`, 3);
  const [policyList, auth, mounts] = await Promise.all([
    read('LIST', 'sys/policies/acl', 'no ACL policy is known: every role\'s policies are taken to grant anything'),
    read('GET', 'sys/auth', `auth mounts are unknown: ${unreadVaultRolesReader({})} stands for whoever logs in through them, reading any Vault path conditionally`),
    read('GET', 'sys/mounts', 'KV versions of secret mounts are unknown (set them in the manifest)'),
  ]);

  const policyNames = keys(policyList).filter((name) => name !== 'root');
  caller.progress.expect(policyNames.length);
  const policies = await Promise.all(policyNames.map(async (name) => {
    const data = await read('GET', `sys/policies/acl/${encodeURIComponent(name)}`, `policy "${name}" is unknown: roles holding it are taken to read anything`);
    const text = data?.['policy'];
    if (typeof text !== 'string') return undefined;
    const parsed = parseVaultPolicy(text, name, `${file}/sys/policies/acl/${name}`);
    out.issues.push(...parsed.issues);
    return parsed.policy;
  }));
  const vaultPolicies = policies.filter((p) => p !== undefined);
  out.fragments.push({ vaultPolicies });
  if (policyList) out.loaded.push(`${file} sys/policies/acl (${vaultPolicies.length} policies)`);

  const vaultMounts: VaultMount[] = [];
  for (const [path, raw] of Object.entries(mounts ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const type = typeof raw['type'] === 'string' ? raw['type'] : '';
    const options = raw['options'];
    const version = options !== null && typeof options === 'object' && !Array.isArray(options) ? options['version'] : undefined;
    const mount: VaultMount = { path: trimVaultSlashes(path), type, source: { file: `${file}/sys/mounts`, pointer: path } };
    if (type === 'kv' || type === 'generic') mount.kvVersion = version === '2' ? 2 : 1;
    vaultMounts.push(mount);
  }
  out.fragments.push({ vaultMounts });
  if (mounts) out.loaded.push(`${file} sys/mounts (${vaultMounts.length} mounts)`);

  // A database secrets engine's roles are secrets: reading `MOUNT/creds/NAME` makes credentials,
  // `MOUNT/static-creds/NAME` returns a static role's password. Only their names are listed
  // (https://developer.hashicorp.com/vault/api-docs/secret/databases#list-roles, #list-static-roles).
  const databaseMounts = vaultMounts.filter((mount) => mount.type === 'database');
  caller.progress.expect(databaseMounts.length * 2);
  const listedSecrets = await Promise.all(databaseMounts.flatMap((mount) => DATABASE_ROLE_KINDS.map(async ({ list, read: readPath }) => {
    const listed = await read('LIST', `${mount.path}/${list}`, `the ${list} of database mount ${mount.path} are unknown: their credentials are in the report only where a policy or the manifest names them`);
    return keys(listed).sort().map((name): VaultSecret => ({ path: `${mount.path}/${readPath}/${name}`, source: { file: `${file}/${mount.path}/${list}`, pointer: name } }));
  })));
  const vaultSecrets = listedSecrets.flat();
  if (vaultSecrets.length > 0) out.fragments.push({ vaultSecrets });
  if (databaseMounts.length > 0) out.loaded.push(`${file} database roles (${vaultSecrets.length} in ${databaseMounts.length} mounts)`);

  if (auth === undefined) unread('sys/auth', {});
  const authMounts = Object.entries(auth ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([path, raw]) => ({
    path,
    mount: trimVaultSlashes(path),
    authType: raw !== null && typeof raw === 'object' && !Array.isArray(raw) && typeof raw['type'] === 'string' ? raw['type'] : 'unknown',
  }));
  const roleMounts = authMounts.filter(({ authType }) => ROLE_AUTH_TYPES.has(authType));
  // Other auth methods (userpass, LDAP, GCP…) log people and machines in too, with policies the scan
  // does not see: each such mount is unread, so whoever logs in through it may read any Vault path,
  // conditionally (docs/semantics.md#live-gaps). The token method is Vault's own and always there;
  // what a token can be created with is decided by policies on auth/token/create, not by roles.
  for (const { path, mount, authType } of authMounts) {
    if (ROLE_AUTH_TYPES.has(authType) || authType === 'token') continue;
    const source: SourceRef = { file: `${file}/sys/auth`, pointer: path };
    out.issues.push({ code: 'unsupportedResource', message: `auth mount ${mount} (method ${authType}) is not read: ${unreadVaultRolesReader({ mount })} stands for whoever logs in through it, reading any Vault path conditionally`, source });
    unreadVaultRoles.push({ mount, authType, call: `auth method ${authType} not read: unsupportedResource`, source });
  }
  /**
   * Lists `listPath`, then reads each `listPath/NAME` and loads it; a failed listing or read is kept
   * as unread under `mount` (and the name), so that it widens. Returns how many loaded, or undefined
   * when the listing failed.
   */
  const readListed = async (
    listPath: string, mount: string, authType: string,
    lost: { list: string; item: (name: string) => string },
    load: (data: { [key: string]: Json }, path: string, name: string) => LoadedVaultRole,
  ): Promise<number | undefined> => {
    const list = await read('LIST', listPath, lost.list);
    if (list === undefined) unread(listPath, { mount, authType });
    const names = keys(list);
    caller.progress.expect(names.length);
    const loaded = await Promise.all(names.map(async (name) => {
      const path = `${listPath}/${encodeURIComponent(name)}`;
      const data = await read('GET', path, lost.item(name));
      if (data === undefined) {
        unread(path, { mount, authType, name });
        return undefined;
      }
      const { role, issues } = load(data, path, name);
      out.issues.push(...issues);
      return role;
    }));
    const vaultAuthRoles = loaded.filter((r) => r !== undefined);
    out.fragments.push({ vaultAuthRoles });
    return list === undefined ? undefined : vaultAuthRoles.length;
  };

  caller.progress.expect(roleMounts.length);
  const roleCounts = await Promise.all(roleMounts.map(({ mount, authType }) => readListed(`auth/${mount}/role`, mount, authType, {
    list: `roles of auth mount ${mount} are unknown: ${unreadVaultRolesReader({ mount })} stands for whoever logs in through them, reading any Vault path conditionally`,
    item: (name) => `role ${mount}/${name} is unknown: ${unreadVaultRolesReader({ mount, name })} stands for whoever logs in with it, reading any Vault path conditionally`,
  }, (data, path, name) => loadVaultRoleDump({ data }, `${file}/${path}`, undefined, { mount, name }, authType))));
  const roleCount = roleCounts.reduce<number>((sum, n) => sum + (n ?? 0), 0);
  // Identity groups and entities give their members' tokens policies, whatever they logged in with.
  // https://developer.hashicorp.com/vault/api-docs/secret/identity/group#list-groups-by-name
  const identityCounts = await Promise.all((['group', 'entity'] as const).map((kind) => readListed(`identity/${kind}/name`, `identity/${kind}`, 'identity', {
    list: `identity ${kind === 'group' ? 'groups' : 'entities'} are unknown: ${unreadVaultRolesReader({ mount: `identity/${kind}` })} stands for their members, reading any Vault path conditionally`,
    item: (name) => `identity ${kind} ${name} is unknown: ${unreadVaultRolesReader({ mount: `identity/${kind}`, name })} stands for its members, reading any Vault path conditionally`,
  }, (data, path, name) => loadVaultIdentityDump({ data }, `${file}/${path}`, { kind, name }))));
  if (unreadVaultRoles.length > 0) out.fragments.push({ unreadVaultRoles });
  if (identityCounts.some((n) => n !== undefined)) out.loaded.push(`${file} identity (${identityCounts.reduce<number>((sum, n) => sum + (n ?? 0), 0)} groups and entities)`);
  if (auth) out.loaded.push(`${file} sys/auth (${roleMounts.length} role mounts, ${roleCount} roles)`);
  out.loaded.sort();
  return out;
}
