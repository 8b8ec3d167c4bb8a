import type { VaultIdentityAlias, VaultIdentityPolicies, VaultIdentityRef } from '../../../model/vault.js';
import { trimVaultSlashes } from '../../../model/vault.js';
import { isUnknown } from '../../unknown-value.js';
import { boolOf, type MappingState } from './mapping-state.js';
import type { TerraformResourceInput, TfUnknown } from './terraform-resource.js';

// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/identity_group
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/identity_group_policies
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/identity_group_member_entity_ids
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/identity_group_member_group_ids
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/identity_group_alias
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/identity_entity
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/identity_entity_policies
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/identity_entity_alias

/** What the identity mapping takes from the Vault mapping around it. */
export interface IdentityMappingTools {
  of: (type: string) => TerraformResourceInput[];
  namespaceOf: (resource: TerraformResourceInput) => string | undefined;
  policyNames: (resource: TerraformResourceInput, attribute: string) => string[];
}

/**
 * Identity groups and entities: the policies they hold, and who their members are. A group's or
 * entity's Vault id is random; its name stands in for it (resource-identity.ts), so `group_id`,
 * `canonical_id` and `member_entity_ids` join by name. A group lists its members when its own
 * `member_entity_ids`/`member_group_ids` or a `vault_identity_group_member_*_ids` resource does;
 * an external group's members are an identity provider's group, which no input lists. An entity's
 * logins are its aliases' (`vault_identity_entity_alias`): the mount its `mount_accessor` names
 * (an auth backend's `accessor` stands for its path) and the login its `name` identifies.
 */
export function mapVaultIdentities(state: MappingState, { of, namespaceOf, policyNames }: IdentityMappingTools): VaultIdentityPolicies[] {
  const identities = new Map<string, VaultIdentityPolicies>();
  const identity = (kind: VaultIdentityPolicies['kind'], name: string, resource: TerraformResourceInput): VaultIdentityPolicies => {
    const namespace = namespaceOf(resource);
    const key = `${namespace ?? ''}\u0000${kind}/${name}`;
    let found = identities.get(key);
    if (!found) {
      found = { type: 'identity', kind, mount: `identity/${kind}`, name, tokenPolicies: [], policies: [], tokenNoDefaultPolicy: true, tokenBoundCidrs: [], source: resource.source };
      if (namespace !== undefined) found.namespace = namespace;
      identities.set(key, found);
    }
    return found;
  };
  const addPolicies = (holder: VaultIdentityPolicies, names: string[]): void => {
    for (const name of names) if (!holder.tokenPolicies.includes(name)) holder.tokenPolicies.push(name);
  };
  // The group or entity an attribute names by id; one the inputs cannot name is kept under its expression.
  const named = (resource: TerraformResourceInput, attribute: string): string | undefined => {
    const id = state.joinString(resource, attribute);
    const name = isUnknown(id) ? `(${id.expression})` : id;
    return name === undefined || name === '' ? undefined : name;
  };
  const unlisted = (holder: VaultIdentityPolicies, why: string): void => {
    holder.unlistedMembers = holder.unlistedMembers === undefined ? why : `${holder.unlistedMembers}; ${why}`;
  };

  // Groups and entities this configuration creates, and those whose policies a *_policies resource sets.
  const declared = new Set<VaultIdentityPolicies>();
  const policiesSet = new Set<VaultIdentityPolicies>();
  const groups = new Map<VaultIdentityPolicies, { resource: TerraformResourceInput; external: boolean }>();
  // An alias: the mount by its accessor (an auth backend's `accessor` stands for its path), the
  // login or group by its name, or an AppRole's or AWS-auth role's `role_id` by reference.
  const readAlias = (resource: TerraformResourceInput, holder: VaultIdentityPolicies): VaultIdentityAlias => {
    const alias: VaultIdentityAlias = { source: resource.source };
    const unknown: string[] = [];
    const accessor = state.joinString(resource, 'mount_accessor');
    if (typeof accessor === 'string' && accessor !== '') alias.mount = trimVaultSlashes(accessor);
    else if (isUnknown(accessor)) unknown.push(accessor.expression);
    const name = state.joinString(resource, 'name');
    if (typeof name === 'string' && name !== '') alias.name = name;
    else if (isUnknown(name)) {
      const role = holder.kind === 'entity' ? roleIdOwner(name, state) : undefined;
      if (role !== undefined) alias.role = role;
      else unknown.push(name.expression);
    }
    if (unknown.length > 0) {
      alias.unknown = unknown.join(', ');
      for (const [attribute, value] of [['mount_accessor', accessor], ['name', name]] as const) {
        if (isUnknown(value) && !(attribute === 'name' && alias.role !== undefined)) state.unresolved(resource, attribute, value, `the logins it names are stood for by vault-identity:${holder.kind}/${holder.name}`);
      }
    }
    return alias;
  };
  for (const [type, kind] of [['vault_identity_group', 'group'], ['vault_identity_entity', 'entity']] as const) {
    for (const resource of of(type)) {
      const name = named(resource, 'name') ?? resource.address;
      const holder = identity(kind, name, resource);
      holder.source = resource.source;
      declared.add(holder);
      if (!boolOf(resource.values['external_policies'], false)) addPolicies(holder, policyNames(resource, 'policies'));
      if (kind === 'group') groups.set(holder, { resource, external: state.joinString(resource, 'type') === 'external' });
    }
  }
  for (const [type, kind, attribute] of [['vault_identity_group_policies', 'group', 'group_id'], ['vault_identity_entity_policies', 'entity', 'entity_id']] as const) {
    for (const resource of of(type)) {
      const name = named(resource, attribute);
      if (name === undefined) continue;
      const holder = identity(kind, name, resource);
      addPolicies(holder, policyNames(resource, 'policies'));
      policiesSet.add(holder);
    }
  }

  // Members: a group's own lists (unless `external_member_*_ids` leaves them to others), then the
  // member resources, of which an exclusive one (the default) lists them all.
  const listed = new Map<VaultIdentityPolicies, { entity: boolean; group: boolean }>();
  const addMembers = (holder: VaultIdentityPolicies, kind: 'entity' | 'group', resource: TerraformResourceInput, attribute: string): void => {
    const refs = kind === 'entity' ? (holder.memberEntities ??= []) : (holder.memberGroups ??= []);
    for (const { value, namespace } of memberItems(resource, attribute, holder)) {
      if (isUnknown(value)) {
        memberUnknown(holder, resource, attribute, value);
        continue;
      }
      const ref: VaultIdentityRef = namespace === undefined ? { name: value } : { name: value, namespace };
      if (!refs.some((r) => 'name' in r && r.name === ref.name && r.namespace === ref.namespace)) refs.push(ref);
    }
    const flags = listed.get(holder) ?? { entity: false, group: false };
    flags[kind] = true;
    listed.set(holder, flags);
  };
  // Each listed member with the namespace it lives in: a reference to a group or entity of the
  // configuration is in that one's namespace (a group may hold members of other namespaces), any
  // other in the group's own.
  const memberItems = (resource: TerraformResourceInput, attribute: string, holder: VaultIdentityPolicies): { value: string | TfUnknown; namespace: string | undefined }[] => {
    const list = state.resolve(resource.values[attribute], 'join');
    const items = Array.isArray(list) ? list : isUnknown(list) ? [...(list.knownElements ?? []), list] : list === undefined || list === null ? [] : [list];
    return items.flatMap((item) => {
      const value = state.resolve(item, 'join');
      if (typeof value !== 'string' && !isUnknown(value)) return [];
      const referenced = isUnknown(item) ? identityResource(item, state) : undefined;
      return [{ value, namespace: referenced ? namespaceOf(referenced) : holder.namespace }];
    });
  };
  const memberUnknown = (holder: VaultIdentityPolicies, resource: TerraformResourceInput, attribute: string, item: TfUnknown): void => {
    state.unresolved(resource, attribute, item, `the members it names are stood for by vault-identity:group/${holder.name}`);
    unlisted(holder, `${attribute} holds ${item.expression}`);
  };
  const managedElsewhere: { holder: VaultIdentityPolicies; kind: 'entity' | 'group' }[] = [];
  for (const [holder, { resource, external }] of groups) {
    if (external) {
      // Its members are whoever its alias's auth method reports in that group: the graph follows it.
      holder.external = true;
      holder.aliases = of('vault_identity_group_alias').filter((a) => named(a, 'canonical_id') === holder.name).map((a) => readAlias(a, holder));
      continue;
    }
    for (const kind of ['entity', 'group'] as const) {
      const attribute = `member_${kind}_ids`;
      if (boolOf(resource.values[`external_member_${kind}_ids`], false)) managedElsewhere.push({ holder, kind });
      else if (resource.values[attribute] !== undefined && resource.values[attribute] !== null) addMembers(holder, kind, resource, attribute);
    }
  }
  for (const kind of ['entity', 'group'] as const) {
    const attribute = `member_${kind}_ids`;
    for (const resource of of(`vault_identity_group_member_${kind}_ids`)) {
      const name = named(resource, 'group_id');
      if (name === undefined) continue;
      const holder = identity('group', name, resource);
      addMembers(holder, kind, resource, attribute);
      if (!boolOf(resource.values['exclusive'], true)) unlisted(holder, `${resource.address} adds ${kind === 'entity' ? 'entities' : 'groups'} without listing them all (exclusive = false)`);
    }
  }
  for (const { holder, kind } of managedElsewhere) {
    if (!listed.get(holder)?.[kind]) unlisted(holder, `external_member_${kind}_ids = true, and no input lists those members`);
  }
  for (const holder of identities.values()) {
    if (holder.kind === 'group' && !holder.external && !listed.has(holder) && holder.unlistedMembers === undefined) unlisted(holder, 'no input lists its members');
  }

  // Entity aliases: the mount by its accessor, the login by its name.
  for (const resource of of('vault_identity_entity_alias')) {
    const entity = named(resource, 'canonical_id');
    if (entity === undefined) continue;
    const holder = identity('entity', entity, resource);
    (holder.aliases ??= []).push(readAlias(resource, holder));
  }
  // A group made elsewhere (looked up by `data "vault_identity_group"`, or named by id) that this
  // configuration adds members to: what policies it holds is not in the inputs. Its members may
  // hold any (docs/semantics.md#vault-login).
  for (const holder of identities.values()) {
    if (holder.kind !== 'group' || declared.has(holder) || policiesSet.has(holder)) continue;
    holder.tokenPolicies.push(`unresolved(identity group ${holder.name})`);
    state.issue('unresolvedExpression', `identity group ${holder.name} is not defined in the configuration: the policies its members get are not known, and they may read any Vault path`, holder.source);
  }
  return [...identities.values()];
}

/** The `ADDRESS.ATTRIBUTE` an unknown was read from, when it was read through a reference. */
function referenceOf(value: TfUnknown): string {
  return value.ownAttribute ?? value.inferredFrom ?? value.expression.replace(/ \(known after apply\)$/, '');
}

/** The group or entity resource (or data source) an unknown's reference names by its id or name. */
function identityResource(value: TfUnknown, state: MappingState): TerraformResourceInput | undefined {
  const match = /^(.*\bvault_identity_(?:group|entity)\.[^.[\]]+(?:\[[^\]]*\])?)\.(?:id|name|group_id|entity_id|group_name|entity_name)$/.exec(referenceOf(value));
  return match ? state.byAddress.get(match[1] ?? '') : undefined;
}

/** `vault_approle_auth_backend_role.X.role_id` (or an AWS-auth role's): that role's name, as the Vault mapping names it. */
function roleIdOwner(value: TfUnknown, state: MappingState): string | undefined {
  const match = /^(.*\bvault_(approle|aws)_auth_backend_role\.[^.[\]]+(?:\[[^\]]*\])?)\.role_id$/.exec(referenceOf(value));
  const resource = match ? state.byAddress.get(match[1] ?? '') : undefined;
  if (!resource) return undefined;
  const name = state.joinString(resource, match?.[2] === 'approle' ? 'role_name' : 'role');
  // A role whose name is unknown is kept under its address (map-vault-resources.ts `roleName`).
  return typeof name === 'string' && name !== '' ? name : resource.address;
}
