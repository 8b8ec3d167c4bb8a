import type { SourceRef } from './source.js';

/** One `path "…" { … }` block of a Vault ACL policy. */
export interface VaultPathRule {
  path: string;
  /** Capabilities as written (`read`, `list`, `deny`, `sudo`…); legacy `policy = "write"` is expanded by the loader. */
  capabilities: string[];
  /** Parameter name → allowed values; an empty list means any value. */
  allowedParameters?: Record<string, string[]>;
  deniedParameters?: Record<string, string[]>;
  requiredParameters?: string[];
  minWrappingTtlSeconds?: number;
  maxWrappingTtlSeconds?: number;
  source: SourceRef;
}

export interface VaultPolicy {
  name: string;
  /**
   * The Vault Enterprise namespace it lives in, relative to the scan's (absent: the scan's own).
   * Its rules' paths are then written from the scan's namespace (`team1/secret/data/*`): a policy
   * grants only under its namespace, and only logins of that namespace can name it.
   */
  namespace?: string;
  rules: VaultPathRule[];
  source: SourceRef;
  /**
   * Why the policy's text could not be read in full (syntax errors, keys Vault refuses): the
   * policy of this name may grant more than `rules`, so what a login gets from it beyond them is
   * conditional (docs/semantics.md#unknowns).
   */
  unreadable?: string;
}

interface VaultAuthRoleBase {
  /** Auth mount path without slashes, e.g. `approle`, `aws`, `aws-ec2`. */
  mount: string;
  name: string;
  /** The Vault Enterprise namespace it lives in, relative to the scan's (absent: the scan's own); its policies are that namespace's. */
  namespace?: string;
  tokenPolicies: string[];
  /** Legacy `policies`; Vault merges it with `token_policies`. */
  policies: string[];
  tokenNoDefaultPolicy: boolean;
  tokenBoundCidrs: string[];
  source: SourceRef;
}

/** https://developer.hashicorp.com/vault/api-docs/auth/approle#create-update-approle */
export interface VaultAppRole extends VaultAuthRoleBase {
  type: 'approle';
  roleId?: string;
  bindSecretId: boolean;
  secretIdBoundCidrs: string[];
  /** Legacy `bound_cidr_list`. */
  boundCidrList: string[];
}

/** https://developer.hashicorp.com/vault/api-docs/auth/aws#create-update-role */
export interface VaultAwsAuthRole extends VaultAuthRoleBase {
  type: 'aws';
  authType: 'iam' | 'ec2';
  boundIamPrincipalArn: string[];
  boundAccountId: string[];
  boundAmiId: string[];
  boundIamRoleArn: string[];
  boundIamInstanceProfileArn: string[];
  boundEc2InstanceId: string[];
  boundRegion: string[];
  boundVpcId: string[];
  boundSubnetId: string[];
  roleTag?: string;
  resolveAwsUniqueIds?: boolean;
}

/**
 * A role of an auth method whose logins are not AWS principals: JWT/OIDC (a CI system's tokens, an
 * identity provider's users), Kubernetes (service accounts); or a mapping of a directory's people to
 * policies: a GitHub team or user, an LDAP or Okta group or user, or the method's own configuration
 * (policies for everyone who can log in through it). Whoever it admits logs in; the scan cannot
 * enumerate them, so they are one reader, `vault-login:auth/MOUNT/ENTRY` (`role/NAME` for roles).
 * https://developer.hashicorp.com/vault/api-docs/auth/jwt#create-update-role
 * https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#create-update-role
 * https://developer.hashicorp.com/vault/api-docs/auth/github#map-teams
 * https://developer.hashicorp.com/vault/api-docs/auth/ldap#create-update-ldap-group
 * https://developer.hashicorp.com/vault/api-docs/auth/okta#register-group
 */
export interface VaultExternalAuthRole extends VaultAuthRoleBase {
  type: 'external';
  method: ExternalAuthMethod;
  /** Where it lives under the mount when not `role/NAME`: `map/teams/NAME`, `groups/NAME`, `users/NAME`, `config`. */
  entry?: string;
  /** The role's bindings as written (`bound_audiences`, `bound_claims.sub`, `bound_service_account_names`…): who its logins are. */
  bindings: Record<string, string[]>;
  /**
   * What names its logins' entity alias: a JWT/OIDC role's `user_claim` (`sub` by default), a
   * Kubernetes role's `alias_name_source` (the service account's uid by default, or
   * `NAMESPACE/NAME`).
   * https://developer.hashicorp.com/vault/api-docs/auth/jwt#user_claim
   * https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#alias_name_source
   */
  aliasSource?: { claim: string } | { serviceAccount: 'uid' | 'name' };
  /**
   * A JWT/OIDC role's `groups_claim`: its logins carry a group alias per value of that claim, which
   * makes them members of the external groups those aliases name
   * (https://developer.hashicorp.com/vault/api-docs/auth/jwt#groups_claim). `(EXPRESSION)` when the
   * inputs do not say which claim.
   */
  groupsClaim?: string;
  /** A JWT/OIDC role's `bound_claims_type` is `glob`: its bound claim values are patterns, not values. */
  claimsGlob?: boolean;
}

/**
 * Auth methods whose roles or mappings are read as `VaultExternalAuthRole`; `token` stands for a
 * token Terraform creates (`vault_token`), held by whoever reads it from the state or an output.
 */
export type ExternalAuthMethod = 'jwt' | 'oidc' | 'kubernetes' | 'github' | 'ldap' | 'okta' | 'cert' | 'gcp' | 'azure' | 'userpass' | 'token';

/**
 * An identity group or entity: the policies it gives every token of its members, on top of the
 * login's, whichever auth method they logged in with
 * (https://developer.hashicorp.com/vault/docs/concepts/identity). An entity's members are the logins
 * its aliases name; a group's are its member entities and the members of its member groups. Where
 * the inputs do not list them all (`unlistedMembers`), one reader, `vault-identity:group/NAME`,
 * stands for the rest. It is kept with the auth roles because a token gets policies from it the same
 * way; `mount` is `identity/group` or `identity/entity`, and no `default` policy comes with it.
 */
export interface VaultIdentityPolicies extends VaultAuthRoleBase {
  type: 'identity';
  kind: 'group' | 'entity';
  /** Vault's id for it, when an input gives one (a dump); members are listed by id or by name. */
  id?: string;
  /** An external group: its members are the logins its aliases name, as their auth method reports them. */
  external?: boolean;
  /**
   * An entity's aliases, as far as the inputs list them; an external group's (its group in an
   * identity provider: an LDAP or Okta group, a GitHub team, a groups claim's value).
   */
  aliases?: VaultIdentityAlias[];
  /** A group's member entities and member groups, as far as the inputs list them. */
  memberEntities?: VaultIdentityRef[];
  memberGroups?: VaultIdentityRef[];
  /**
   * Why members beyond those listed may hold its policies (an external group's members are an
   * identity provider's group; members managed elsewhere; an entity whose aliases no input lists;
   * a member id the inputs cannot resolve): its stand-in reader is kept for them.
   */
  unlistedMembers?: string;
}

/**
 * A member of an identity group: by Vault's id (a dump; ids are unique across namespaces), or by
 * name in the namespace it lives in (Terraform, where the name stands for the id; a group may hold
 * members of other namespaces: https://developer.hashicorp.com/vault/api-docs/system/config-group-policy-application).
 */
export type VaultIdentityRef = { id: string } | { name: string; namespace?: string };

/**
 * One alias of an entity: logins on the auth mount `mount` whose identifier is `name` (an AppRole's
 * role_id, a userpass, LDAP, GitHub or Okta user name, a JWT claim's value) get the entity's tokens.
 * Of an external group: logins on `mount` that the method reports in the group `name`.
 * https://developer.hashicorp.com/vault/api-docs/secret/identity/entity-alias#create-an-entity-alias
 * https://developer.hashicorp.com/vault/api-docs/secret/identity/group-alias#create-a-group-alias
 */
export interface VaultIdentityAlias {
  /** The auth mount's path without slashes; undefined when the inputs do not say which mount. */
  mount?: string;
  /** The alias name as the inputs give it; undefined when it is unknown. */
  name?: string;
  /** The auth role the name identifies, when the name is that role's own attribute (`vault_approle_auth_backend_role.x.role_id`). */
  role?: string;
  /** What stands in the inputs for a mount or name they cannot resolve. */
  unknown?: string;
  source: SourceRef;
}

/** What a token takes policies from: an auth role it logs in with, or an identity group or entity it belongs to. */
export type VaultAuthRole = VaultAppRole | VaultAwsAuthRole | VaultExternalAuthRole | VaultIdentityPolicies;

/**
 * A secret the configuration writes to Vault (Terraform `vault_kv_secret_v2`, `vault_kv_secret`,
 * `vault_generic_secret`): a discovered secret, whose value is never read.
 */
export interface VaultSecret {
  /**
   * The path a read of it goes to (KV v2: `MOUNT/data/NAME`); `kvVersion` says when that is known.
   * In another namespace than the scan's, written from the scan's (`team1/secret/data/app`).
   */
  path: string;
  /** The Vault Enterprise namespace it is written in, relative to the scan's (absent: the scan's own). */
  namespace?: string;
  kvVersion?: 1 | 2;
  /**
   * The mount it is written under, when the input names it (`vault_kv_secret_v2.mount`; like `path`,
   * with its namespace): a mount may be several segments (`prod/kv`), so it is not the path's first.
   */
  mount?: string;
  source: SourceRef;
  /**
   * Set when the path holds parts the inputs cannot know: `path` is then a glob, each unknown part a
   * `*` (any text, `/` included), and the secret is reported under `id` (its resource address),
   * read by whoever may read some path the glob matches (docs/semantics.md#symbolic-unknowns).
   */
  pattern?: { id: string; why: string };
}

/** A secrets-engine mount, where known (Terraform `vault_mount`, live `sys/mounts`, or the manifest). */
export interface VaultMount {
  /** Written from the scan's namespace, like a secret's path. */
  path: string;
  type: string;
  /** KV version, for `kv` mounts. */
  kvVersion?: 1 | 2;
  source: SourceRef;
}

/**
 * The reader that stands for whoever logs in through a role of an external auth method:
 * `vault-login:auth/MOUNT/role/NAME` (or the mapping's own place, `…/map/teams/NAME`). Manifests
 * name it as owner, trusted or exception principal.
 */
export function externalLoginReader(role: { mount: string; name: string; entry?: string; namespace?: string }): string {
  return `vault-login:${authEntryPath(role)}`;
}

/**
 * Where an auth role (or an external method's mapping) lives: `auth/MOUNT/role/NAME`, or
 * `auth/MOUNT/ENTRY`; in another namespace than the scan's, below it (`team1/auth/…`).
 */
export function authEntryPath(role: { mount: string; name: string; entry?: string; namespace?: string }): string {
  return inVaultNamespace(role.namespace, `auth/${role.mount}/${role.entry ?? `role/${role.name}`}`);
}

/** The reader that stands for the members of an identity group or entity: `vault-identity:group/NAME` (`…:team1/group/NAME` in a namespace). */
export function identityMembersReader(identity: { kind: 'group' | 'entity'; name: string; namespace?: string }): string {
  return `vault-identity:${inVaultNamespace(identity.namespace, `${identity.kind}/${identity.name}`)}`;
}

/** A mount, namespace or path without its leading and trailing slashes, as Vault names them (`/apps/` is `apps`). */
export function trimVaultSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/**
 * A path of a Vault Enterprise namespace written from the scan's namespace: paths, policies and
 * auth methods are relative to the namespace they are defined in, and the fully qualified path
 * of one in a child namespace is the child's path before it
 * (https://developer.hashicorp.com/vault/tutorials/enterprise/namespace-structure).
 */
export function inVaultNamespace(namespace: string | undefined, path: string): string {
  return namespace ? `${namespace}/${path.replace(/^\/+/, '')}` : path;
}

/** What tells one policy from another: its name, within its namespace (policies of two namespaces may share a name). */
export function vaultPolicyKey(policy: { name: string; namespace?: string }): string {
  return policy.namespace ? `${policy.namespace}/${policy.name}` : policy.name;
}

/** A path written from the scan's namespace, as the namespace `namespace` writes it (undefined when outside it). */
export function withinVaultNamespace(namespace: string | undefined, path: string): string | undefined {
  if (!namespace) return path;
  return path.startsWith(`${namespace}/`) ? path.slice(namespace.length + 1) : undefined;
}

/** A policy as defined in `namespace`: its rules' paths written from the scan's namespace. */
export function vaultPolicyInNamespace(policy: VaultPolicy, namespace: string | undefined): VaultPolicy {
  if (!namespace) return policy;
  return { ...policy, namespace, rules: policy.rules.map((rule) => ({ ...rule, path: inVaultNamespace(namespace, rule.path) })) };
}
