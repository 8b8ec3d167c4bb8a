import { trimVaultSlashes } from '../../../model/vault.js';
import type { MappingState } from './mapping-state.js';
import type { TerraformResourceInput } from './terraform-resource.js';

/**
 * The Vault Enterprise namespace a Vault resource is created in, relative to the scan's: its own
 * `namespace` below its provider configuration's (provider-places.ts `vaultNamespacesRelative`);
 * undefined for the scan's own. Parts the inputs cannot resolve are left out (the caller reports them).
 * https://registry.terraform.io/providers/hashicorp/vault/latest/docs#namespace-support
 */
export function resourceVaultNamespace(resource: TerraformResourceInput, state: MappingState): string | undefined {
  const own = state.joinString(resource, 'namespace');
  const parts = [resource.place?.vaultNamespace, typeof own === 'string' ? trimVaultSlashes(own) : undefined]
    .filter((part): part is string => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join('/') : undefined;
}
