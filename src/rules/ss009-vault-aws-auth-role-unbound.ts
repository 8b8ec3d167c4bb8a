import { awsAuthLoginSubjects, awsAuthRoleUnbound } from '../engine/vault/index.js';
import { defineRule } from './define-rule.js';

/** SS009: a Vault AWS-auth role bound to a whole account, or to nothing (docs/semantics.md#vault-login). */
export const ss009 = defineRule({
  id: 'SS009',
  check({ inventory, report }) {
    for (const role of inventory.vaultAuthRoles) {
      if (role.type !== 'aws' || !awsAuthRoleUnbound(role)) continue;
      const subjects = awsAuthLoginSubjects(role);
      const binding = subjects.anyone ? 'to nothing' : `only to account ${role.boundAccountId.join(', ')}${role.boundAmiId.length > 0 ? ` (AMI ${role.boundAmiId.join(', ')})` : ''}`;
      const reader = subjects.anyone ? '*' : subjects.accountRoots.join(', ');
      report({ messageId: 'default', data: { role: role.name, mount: role.mount, binding, reader }, locations: [role.source], properties: { role: `${role.mount}/${role.name}` } });
    }
  },
});
