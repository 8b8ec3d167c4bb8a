import { authEntryPath, identityMembersReader, inVaultNamespace, type VaultAuthRole, type VaultIdentityAlias, type VaultIdentityPolicies, type VaultIdentityRef } from '../model/vault.js';
import { betterAccess, chainAccess, placeStep, type Access } from './access.js';
import { vaultRoleNode } from './vault-access.js';

/** Who logs in to a non-identity auth role, as the access graph found them: principal → access. */
export type RoleLogins = (role: VaultAuthRole) => ReadonlyMap<string, Access>;

/**
 * Who holds each identity group's and entity's policies (docs/semantics.md#vault-login): an entity's
 * members are the logins its aliases name; a group's are its member entities' and its member groups'
 * members, since members of a subgroup get the parent group's policies too
 * (https://developer.hashicorp.com/vault/docs/concepts/identity). Each member keeps the chain that
 * makes it one (the alias, each membership). Where the inputs do not list every member, the
 * identity's stand-in reader `vault-identity:KIND/NAME` stays for the rest.
 */
export function identityLogins(roles: readonly VaultAuthRole[], loginsOf: RoleLogins): Map<VaultIdentityPolicies, Map<string, Access>> {
  const identities = roles.filter((r): r is VaultIdentityPolicies => r.type === 'identity');
  const find = identityFinder(identities);
  const logins = roles.filter((r) => r.type !== 'identity');
  // A group that is (through others) its own member adds nothing by it: the walk stops there. Vault
  // refuses such a cycle, but two dumps read at different times can make one. A member's answer cut
  // short so is right only for the walk that cut it, so it is not kept for the others.
  const walking = new Set<VaultIdentityPolicies>();
  const kept = new Map<VaultIdentityPolicies, Map<string, Access>>();
  let cuts = 0;
  const membersOf = (identity: VaultIdentityPolicies): Map<string, Access> => {
    const done = kept.get(identity);
    if (done) return done;
    const cutsBefore = cuts;
    walking.add(identity);
    const members = new Map<string, Access>();
    const add = (principal: string, access: Access): void => {
      members.set(principal, betterAccess(members.get(principal), access) as Access);
    };
    const unlisted: string[] = identity.unlistedMembers === undefined ? [] : [identity.unlistedMembers];
    if (identity.kind === 'entity' || identity.external === true) {
      aliasMembers(identity, logins, loginsOf, add, unlisted);
    } else {
      for (const [kind, refs] of [['entity', identity.memberEntities ?? []], ['group', identity.memberGroups ?? []]] as const) {
        for (const ref of refs) {
          const member = find(kind, ref);
          if (!member) {
            unlisted.push(`member ${kind} ${'id' in ref ? `id ${ref.id}` : inVaultNamespace(ref.namespace, ref.name)} is in no input`);
            continue;
          }
          if (walking.has(member)) {
            cuts++;
            continue;
          }
          // A group's policies reach tokens of its own namespace and those below it; a member from
          // elsewhere gets them only where group_policy_application_mode is `any`, which no input says.
          // https://developer.hashicorp.com/vault/api-docs/system/config-group-policy-application
          const crossing = !inOrBelow(member.namespace, identity.namespace);
          const detail = `identity ${kind} ${inVaultNamespace(member.namespace, member.name)} is a member of identity group ${inVaultNamespace(identity.namespace, identity.name)}${crossing ? '; its policies reach tokens of another namespace only where group_policy_application_mode is any' : ''}`;
          const step = placeStep({ edge: 'vault-login', source: identity.source, ...(crossing ? { conditional: true } : {}), detail }, vaultRoleNode(member), vaultRoleNode(identity));
          for (const [principal, access] of membersOf(member)) add(principal, chainAccess(access, { conditional: crossing, steps: [step] }));
        }
      }
    }
    if (unlisted.length > 0) add(...standIn(identity, unlisted));
    walking.delete(identity);
    if (cuts === cutsBefore) kept.set(identity, members);
    return members;
  };
  return new Map(identities.map((identity) => [identity, membersOf(identity)]));
}

/**
 * The members an entity's aliases (or an external group's) name: whoever logs in to a role whose
 * logins the alias names, the chain going on through the alias. What they leave open goes to `unlisted`.
 */
function aliasMembers(identity: VaultIdentityPolicies, logins: readonly VaultAuthRole[], loginsOf: RoleLogins, add: (principal: string, access: Access) => void, unlisted: string[]): void {
  const entity = identity.kind === 'entity';
  if ((identity.aliases ?? []).length === 0 && identity.unlistedMembers === undefined) unlisted.push(`no input lists ${entity ? 'its aliases' : 'its group aliases'}`);
  for (const alias of identity.aliases ?? []) {
    const { exact, maybe } = aliasLogins(alias, identity, logins);
    // Logins that carry the alias only for some tokens keep the stand-in, whatever else it names exactly.
    if (exact.length === 0 || maybe.length > 0) {
      const why = maybe.length > 0 ? `is a login through ${maybe.map(authEntryPath).join(', ')} only for some values of what names the alias`
        : entity ? 'names no login the inputs hold' : 'names a group no mapping in the inputs admits';
      unlisted.push(`its alias ${describeAlias(alias)} ${why}`);
    }
    for (const role of exact) {
      const detail = entity
        ? `a login to ${authEntryPath(role)} is identity entity ${identity.name} (its alias ${describeAlias(alias)})`
        : `whoever ${authEntryPath(role)} admits is in external identity group ${identity.name} (its alias ${describeAlias(alias)})`;
      const step = placeStep({ edge: 'vault-login', source: alias.source, detail }, vaultRoleNode(role), vaultRoleNode(identity));
      for (const [principal, login] of loginsOf(role)) add(principal, chainAccess(login, { conditional: false, steps: [step] }));
    }
  }
}

/** The reader that stands for the members the inputs do not list, its step saying why. */
function standIn(identity: VaultIdentityPolicies, unlisted: readonly string[]): [string, Access] {
  const reader = identityMembersReader(identity);
  const detail = identity.kind === 'group'
    ? `every member of identity group ${identity.name} (its entities, and the members of its member groups) holds its policies, whatever it logged in with; not all are listed: ${unlisted.join('; ')}`
    : `every token of identity entity ${identity.name} holds its policies, whatever alias it logged in with; not all its logins are known: ${unlisted.join('; ')}`;
  return [reader, { conditional: false, steps: [placeStep({ edge: 'vault-login', source: identity.source, detail }, reader, vaultRoleNode(identity))] }];
}

/**
 * The auth roles whose logins an alias names, on its mount in its identity's namespace. `exact`:
 * every such role has logins the alias names — the role it names by reference; an AppRole whose
 * role_id is the name; a user mapping (userpass, LDAP, Okta, GitHub) of that user name, or for an
 * external group a group or team mapping of that name, which those methods compare without case; a
 * JWT/OIDC role whose `user_claim` is bound to that value, a Kubernetes role naming aliases
 * `NAMESPACE/NAME` bound to that service account. `maybe`: JWT/OIDC and Kubernetes roles of the
 * mount whose bindings leave the name open, whose logins carry it only for some tokens.
 * https://developer.hashicorp.com/vault/api-docs/secret/identity/entity-alias#create-an-entity-alias
 * https://developer.hashicorp.com/vault/api-docs/auth/jwt#user_claim
 * https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#alias_name_source
 */
function aliasLogins(alias: VaultIdentityAlias, identity: VaultIdentityPolicies, roles: readonly VaultAuthRole[]): { exact: VaultAuthRole[]; maybe: VaultAuthRole[] } {
  const exact: VaultAuthRole[] = [];
  const maybe: VaultAuthRole[] = [];
  if (alias.mount === undefined) return { exact, maybe };
  const onMount = roles.filter((r) => r.mount === alias.mount && r.namespace === identity.namespace);
  if (alias.role !== undefined) return { exact: onMount.filter((r) => r.name === alias.role && (r.type === 'approle' || r.type === 'aws')), maybe };
  const name = alias.name;
  if (name === undefined) return { exact, maybe };
  const same = (a: string): boolean => a.toLowerCase() === name.toLowerCase();
  const entries = identity.kind === 'entity' ? ['users', 'map/users'] : ['groups', 'map/teams'];
  for (const role of onMount) {
    if (role.type === 'approle' && identity.kind === 'entity' && role.roleId === name) exact.push(role);
    if (role.type !== 'external') continue;
    if (entries.some((entry) => role.entry === `${entry}/${role.name}`) && same(role.name)) exact.push(role);
    // A JWT/OIDC role's logins carry a group alias per value of its groups claim.
    if (identity.kind === 'group' && role.groupsClaim !== undefined) {
      const pinned = role.claimsGlob || role.groupsClaim.startsWith('(') ? undefined : pinnedClaim(role, role.groupsClaim);
      if (pinned === undefined) maybe.push(role);
      else if (pinned.some(same)) exact.push(role);
      continue;
    }
    if (identity.kind !== 'entity' || role.aliasSource === undefined) continue;
    const pinned = pinnedAliasNames(role);
    if (pinned === undefined) maybe.push(role);
    else if (pinned.includes(name)) exact.push(role);
  }
  return { exact, maybe };
}

/** The values a role's `bound_claims` pin one claim to, when they are exact; undefined when it is left open. */
function pinnedClaim(role: VaultAuthRole & { type: 'external' }, claim: string): string[] | undefined {
  const values = role.bindings[`bound_claims.${claim}`];
  if (values === undefined || values.length === 0 || values.some((v) => v.startsWith('(') || v.includes('*'))) return undefined;
  return values;
}

/**
 * The alias names a JWT/OIDC or Kubernetes role's logins can carry, when its bindings pin them to
 * exact values; undefined when they leave it open (an unbound claim, a glob, a service account's uid).
 */
function pinnedAliasNames(role: VaultAuthRole & { type: 'external' }): string[] | undefined {
  const source = role.aliasSource;
  if (source === undefined) return undefined;
  const exactValues = (key: string): string[] | undefined => {
    const values = role.bindings[key];
    // A value the inputs could not resolve is written `(EXPRESSION)`; a glob or `*` admits many.
    if (values === undefined || values.length === 0 || values.some((v) => v.startsWith('(') || v.includes('*'))) return undefined;
    return values;
  };
  if ('claim' in source) {
    if (role.claimsGlob) return undefined;
    return exactValues(`bound_claims.${source.claim}`) ?? (source.claim === 'sub' ? exactValues('bound_subject') : undefined);
  }
  if (source.serviceAccount === 'uid') return undefined;
  const names = exactValues('bound_service_account_names');
  const namespaces = exactValues('bound_service_account_namespaces');
  return names && namespaces ? namespaces.flatMap((ns) => names.map((n) => `${ns}/${n}`)) : undefined;
}

/**
 * An alias in words, without its name: an AppRole alias's name is a role_id, half of a login, and
 * a report never quotes login material. Which login it is shows in the chain's nodes.
 */
function describeAlias(alias: VaultIdentityAlias): string {
  const named = alias.role !== undefined ? ` naming the role_id of ${alias.role}` : alias.name === undefined ? ' of unknown name' : '';
  return `on ${alias.mount ?? '(unknown mount)'}${named}${alias.unknown !== undefined ? ` (${alias.unknown} unresolved)` : ''}`;
}

/** Finds a member by Vault id (unique across namespaces), or by name in its namespace; Vault compares identity names without case. */
function identityFinder(identities: readonly VaultIdentityPolicies[]): (kind: VaultIdentityPolicies['kind'], ref: VaultIdentityRef) => VaultIdentityPolicies | undefined {
  const byName = new Map<string, VaultIdentityPolicies>();
  const byId = new Map<string, VaultIdentityPolicies>();
  const key = (kind: string, namespace: string | undefined, name: string): string => `${kind}\u0000${namespace ?? ''}\u0000${name.toLowerCase()}`;
  for (const identity of identities) {
    byName.set(key(identity.kind, identity.namespace, identity.name), identity);
    if (identity.id !== undefined) byId.set(`${identity.kind}\u0000${identity.id}`, identity);
  }
  return (kind, ref) => ('id' in ref ? byId.get(`${kind}\u0000${ref.id}`) : byName.get(key(kind, ref.namespace, ref.name)));
}

/** Whether namespace `inner` is `outer` or below it (undefined: the scan's own, which holds every other). */
function inOrBelow(inner: string | undefined, outer: string | undefined): boolean {
  if (outer === undefined) return true;
  return inner === outer || (inner !== undefined && inner.startsWith(`${outer}/`));
}
