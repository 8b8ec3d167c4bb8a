import type { Inventory, InventoryFragment } from '../model/inventory.js';

export type { InventoryFragment };

/** An empty inventory, to merge into. */
export function emptyInventory(): Inventory {
  return {
    principals: [], groups: [], managedPolicies: [], buckets: [], kmsKeys: [], kmsAliases: [],
    ssmParameters: [], secretsManagerSecrets: [], taskDefinitions: [], scps: [], organizationEntities: [], irrelevantResources: [],
    vaultPolicies: [], vaultAuthRoles: [], vaultMounts: [], loaded: [], issues: [],
  };
}
