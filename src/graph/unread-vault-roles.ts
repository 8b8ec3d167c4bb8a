import type { Inventory, UnreadVaultRoles } from '../model/inventory.js';
import type { Manifest } from '../model/manifest.js';
import type { ChainStep } from '../model/report.js';
import { unreadVaultRolesReader } from '../model/unknowns.js';
import type { Access } from './access.js';
import { betterAccess, placeStep } from './access.js';
import { declaredCredentialLocations } from './credential-locations.js';
import type { InventoryIndex } from './inventory-index.js';
import type { SecretTarget } from './secret-targets.js';
import type { ReadersOf } from './vault-access.js';

/** Who may log in through Vault auth roles a live scan could not read, and what that login may grant. */
export interface UnreadRoleLogins {
  /** The chain's Vault node: `vault:auth/MOUNT/role/NAME`, `vault:auth/MOUNT/role/*` or `vault:auth/*`. */
  node: string;
  /** Principal → how it logs in (always conditional). */
  logins: Map<string, Access>;
  /** The `vault-policy` step to every Vault path, without its ends: its token policies are unknown. */
  grant: Omit<ChainStep, 'from' | 'to'>;
}

/**
 * Logins through the Vault auth roles the inventory records as unread (`Inventory.unreadVaultRoles`):
 * docs/semantics.md#live-gaps — what could not be read widens, never shrinks. Each unread role, role
 * list or mount table gets ONE symbolic reader (`unknown:Vault role approle/app not read`), named by
 * what is unknown and never expanded to `*` or to the principals of an account: the bindings of an
 * AWS auth role (`bound_iam_principal_arn`…) are in the settings that could not be read, so the graph
 * cannot name whom it admits. Its token policies are unknown too, so it may read any Vault path
 * (https://developer.hashicorp.com/vault/docs/concepts/policies: a token may hold any policy).
 * Where the graph does know who could log in — an AppRole whose credentials' location the manifest
 * declares (https://developer.hashicorp.com/vault/docs/auth/approle) — those readers keep their
 * chain, conditional, instead of vanishing. All of it is conditional.
 */
export function unreadVaultRoleLogins(inventory: Inventory, manifest: Manifest, index: InventoryIndex, targets: SecretTarget[], readersOf: ReadersOf): UnreadRoleLogins[] {
  const result: UnreadRoleLogins[] = [];
  const known = new Set(inventory.vaultAuthRoles.map((role) => `${role.mount}/${role.name}`));
  const done = new Set<string>();
  for (const unread of inventory.unreadVaultRoles ?? []) {
    const grant: Omit<ChainStep, 'from' | 'to'> = {
      edge: 'vault-policy', conditional: true, source: unread.source,
      detail: `its token policies are unknown (not read: ${unread.call}): any capability on any path is possible`,
    };
    const node = unread.mount === undefined ? 'vault:auth/*'
      : unread.authType === 'identity' ? `vault:${unread.mount}/name/${unread.name ?? '*'}` : `vault:auth/${unread.mount}/role/${unread.name ?? '*'}`;
    const reader = unreadVaultRolesReader(unread);
    const detail = `not read (${unread.call}): ${whoLogsIn(unread)}`;
    result.push({ node, grant, logins: new Map([[reader, { conditional: true, steps: [placeStep({ edge: 'vault-login', source: unread.source, conditional: true, detail }, reader, node)] }]]) });
    // Only an AppRole's logins go through credentials the manifest can locate.
    if (unread.authType !== undefined && unread.authType !== 'approle') continue;
    for (const credentials of manifest.credentials) {
      const id = `${credentials.mount}/${credentials.approle}`;
      // A live scan reads one namespace: its unread roles are the scan's own.
      const covered = credentials.namespace === undefined && (unread.mount === undefined || unread.mount === credentials.mount) && (unread.name === undefined || unread.name === credentials.approle);
      if (!covered || known.has(id) || done.has(id)) continue;
      done.add(id);
      const roleNode = `vault:auth/${credentials.mount}/role/${credentials.approle}`;
      const logins = new Map<string, Access>();
      for (const location of declaredCredentialLocations({ mount: credentials.mount, name: credentials.approle }, index, manifest, targets)) {
        for (const [principal, access] of readersOf(location)) {
          const step: ChainStep = placeStep({
            edge: 'vault-login', source: credentials.source, conditional: true,
            detail: `holds the login material of AppRole ${credentials.approle} (manifest credentials); the role was not read (${unread.call}), so login is taken as possible`,
          }, location.id, roleNode);
          logins.set(principal, betterAccess(logins.get(principal), { conditional: true, steps: [...access.steps, step] }) as Access);
        }
      }
      if (logins.size > 0) result.push({ node: roleNode, grant, logins });
    }
  }
  return result;
}

function whoLogsIn(unread: UnreadVaultRoles): string {
  if (unread.authType === 'aws') return 'the IAM principals its bindings admit are unknown and cannot be named (not expanded to an account)';
  if (unread.authType === 'approle') return 'whoever holds its credentials may log in';
  if (unread.authType === 'identity') return 'its members (whatever they logged in with) hold its policies';
  if (unread.authType === 'kubernetes' || unread.authType === 'jwt' || unread.authType === 'oidc') return `whoever its ${unread.authType === 'kubernetes' ? 'Kubernetes' : 'JWT/OIDC'} bindings admit may log in`;
  if (unread.authType !== undefined) return `whoever the ${unread.authType} method admits may log in`;
  return 'whoever its AppRole credentials, AWS, JWT/OIDC or Kubernetes bindings admit may log in';
}
