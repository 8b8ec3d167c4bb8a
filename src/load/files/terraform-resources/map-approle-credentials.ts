import type { InventoryFragment } from '../../../model/inventory.js';
import type { CredentialLocation } from '../../../model/manifest.js';
import { ownEntry } from '../../../input-safety.js';
import { isKnownMap, isUnknown } from '../../unknown-value.js';
import type { MappingState } from './mapping-state.js';
import type { TerraformResourceInput, TfValue } from './terraform-resource.js';
import { SECRET_VALUE_ATTRIBUTES } from './secret-values.js';
import { trimVaultSlashes } from '../../../model/vault.js';
import { resourceVaultNamespace } from './vault-namespace.js';

// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/approle_auth_backend_role (role_id)
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/approle_auth_backend_role_secret_id (secret_id)


/** `vault_approle_auth_backend_role(_secret_id).NAME[KEY].role_id|secret_id`, anywhere in an expression's text. */
const LOGIN_MATERIAL = /\b((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*vault_approle_auth_backend_role(?:_secret_id)?\.[\w-]+(?:\[[^\]]*\])?)\.(role_id|secret_id)\b/g;

/**
 * The AppRole login material a value refers to, as `ADDRESS.role_id` / `ADDRESS.secret_id`: the
 * names in the unknowns it holds (a role's generated role_id and every secret_id are known only
 * after apply). Known parts of the value are never looked at.
 */
export function approleReferencesIn(value: TfValue | undefined): string[] {
  const found: string[] = [];
  const visit = (v: TfValue | undefined): void => {
    if (isUnknown(v)) {
      found.push(...approleReferencesInText(v.expression));
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (isKnownMap(v)) {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return [...new Set(found)];
}

/** The AppRole login material an expression's text names (`${vault_approle_auth_backend_role_secret_id.x.secret_id}`). */
export function approleReferencesInText(text: string): string[] {
  return [...new Set([...text.matchAll(LOGIN_MATERIAL)].map((match) => `${match[1]}.${match[2]}`))];
}

/**
 * Places the configuration writes an AppRole's role_id or secret_id to — an SSM parameter's value,
 * a Secrets Manager secret version, an S3 object's content — become the AppRole's credential
 * locations, as if the manifest's `credentials` named them: whoever reads one can log in
 * (docs/semantics.md#vault-login). A role_id alone is not a secret, but it is the login of a role
 * without `bind_secret_id`; a secret_id needs the role_id beside it, which is not secret either.
 */
export function mapApproleCredentials(resources: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const appRoleCredentials: CredentialLocation[] = [];
  const written = new Set<string>();
  for (const resource of resources) {
    const references = resource.loginMaterialReferences
      ?? (ownEntry(SECRET_VALUE_ATTRIBUTES, resource.type) ?? []).flatMap((attribute) => approleReferencesIn(resource.values[attribute]));
    if (references.length === 0) continue;
    const storedIn = placeOf(resource, state);
    if (!storedIn) continue;
    for (const reference of references) {
      const role = approleNamed(reference, resource, state);
      if (!role) continue;
      written.add(role.address);
      const known = appRoleCredentials.some((c) => c.mount === role.mount && c.approle === role.name && c.namespace === role.namespace && JSON.stringify(c.storedIn) === JSON.stringify(storedIn));
      if (!known) appRoleCredentials.push({ approle: role.name, mount: role.mount, ...namespaceOf(role), storedIn, source: resource.source });
    }
  }
  // Task environments hold login material too (their locations are mapped with the task, map-ecs-resources.ts).
  for (const resource of resources.filter((r) => r.type === 'aws_ecs_task_definition')) {
    for (const reference of approleReferencesIn(resource.values['container_definitions'])) {
      const role = approleNamed(reference, resource, state);
      if (role) written.add(role.address);
    }
  }
  // A secret_id minted here and written to no place the scan reads (an output, another
  // configuration's input) is held by someone the scan cannot name.
  for (const resource of resources.filter((r) => r.type === SECRET_ID_TYPE)) {
    if (written.has(resource.address)) continue;
    const role = state.joinString(resource, 'role_name');
    state.issue('approleCredentialsUnknown', `${resource.address}: the secret_id it creates${typeof role === 'string' ? ` for AppRole ${role}` : ''} is written to no place this scan reads (an output, another configuration); whoever holds it can log in`, resource.source);
  }
  return appRoleCredentials.length > 0 ? { appRoleCredentials } : {};
}

/** The `namespace` field of a credentials location for a role found by `approleNamed`. */
export function namespaceOf(role: { namespace?: string }): { namespace?: string } {
  return role.namespace !== undefined ? { namespace: role.namespace } : {};
}

/** The resource that mints an AppRole secret_id. */
export const SECRET_ID_TYPE = 'vault_approle_auth_backend_role_secret_id';


function placeOf(resource: TerraformResourceInput, state: MappingState): CredentialLocation['storedIn'] | undefined {
  const text = (attribute: string): string | undefined => {
    const value = state.joinString(resource, attribute);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  switch (resource.type) {
    case 'aws_ssm_parameter': {
      const name = text('name');
      return name === undefined ? undefined : { kind: 'ssm', name };
    }
    case 'aws_secretsmanager_secret_version': {
      // secret_id takes the secret's ARN or name; the secret's `.id` is its ARN.
      const secret = text('secret_id');
      return secret === undefined ? undefined : { kind: 'secretsmanager', secret };
    }
    case 'aws_s3_object':
    case 'aws_s3_bucket_object': {
      const bucket = text('bucket');
      const key = text('key');
      return bucket === undefined || key === undefined ? undefined : { kind: 's3', bucket, key: key.replace(/^\/+/, '') };
    }
    default:
      return undefined;
  }
}

/** The AppRole (mount and name) whose role_id or secret_id `reference` names, looked up beside `holder` (same module). */
export function approleNamed(reference: string, holder: TerraformResourceInput, state: MappingState): { mount: string; name: string; namespace?: string; address: string } | undefined {
  const address = reference.slice(0, reference.lastIndexOf('.'));
  const modulePrefix = /^((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*)/.exec(holder.address)?.[1] ?? '';
  // The reference is written inside the holder's module; an instance with a `count` or `for_each`
  // key the reference leaves out is found without it.
  const candidates = [`${modulePrefix}${address}`, address];
  const target = candidates.map((a) => state.byAddress.get(a) ?? [...state.byAddress.values()].find((r) => r.address.replace(/\[[^\]]*\]$/, '') === a)).find((r) => r !== undefined);
  if (!target) return undefined;
  const name = state.joinString(target, 'role_name');
  if (typeof name !== 'string' || name === '') return undefined;
  const backend = state.joinString(target, 'backend');
  const namespace = resourceVaultNamespace(target, state);
  return { mount: trimVaultSlashes(typeof backend === 'string' && backend !== '' ? backend : 'approle'), name, ...(namespace !== undefined ? { namespace } : {}), address: target.address };
}
