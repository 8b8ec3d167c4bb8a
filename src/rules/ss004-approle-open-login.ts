import { appRoleLogin } from '../engine/vault/index.js';
import { defineRule } from './define-rule.js';

/** SS004: an AppRole that logs in with the role_id alone and no CIDR binding (docs/semantics.md#vault-login). */
export const ss004 = defineRule({
  id: 'SS004',
  check({ inventory, report }) {
    for (const role of inventory.vaultAuthRoles) {
      if (role.type !== 'approle' || !appRoleLogin(role).open) continue;
      report({ messageId: 'default', data: { role: role.name, mount: role.mount }, locations: [role.source], properties: { role: `${role.mount}/${role.name}` } });
    }
  },
});
