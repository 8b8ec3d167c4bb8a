import type { VaultAwsAuthRole } from '../model/vault.js';
import { awsAuthLoginSubjects } from '../engine/vault/index.js';
import { defineRule } from './define-rule.js';

/** SS009: a Vault AWS-auth role bound to a whole account, or to nothing (docs/semantics.md#vault-login). */
export const ss009 = defineRule({
  id: 'SS009',
  check({ inventory, report }) {
    for (const role of inventory.vaultAuthRoles) {
      if (role.type !== 'aws' || !awsAuthRoleUnbound(role)) continue;
      const subjects = awsAuthLoginSubjects(role);
      // An AMI alone binds instances of any account that runs it (a public or shared image): no one in particular.
      const wide = subjects.principalArnPatterns.filter(coversAccount);
      const binding = subjects.anyone
        ? (role.boundAmiId.length > 0 ? `only to AMI ${role.boundAmiId.join(', ')}, in any account` : 'to nothing')
        : subjects.accountRoots.length > 0
          ? `only to account ${role.boundAccountId.join(', ')}${role.boundAmiId.length > 0 ? ` (AMI ${role.boundAmiId.join(', ')})` : ''}`
          : `to the principal pattern ${wide.join(', ')}`;
      const reader = subjects.anyone ? '*' : subjects.accountRoots.length > 0 ? subjects.accountRoots.join(', ') : `any principal matching ${wide.join(', ')}`;
      report({ messageId: 'default', data: { role: role.name, mount: role.mount, binding, reader }, locations: [role.source], properties: { role: `${role.mount}/${role.name}` } });
    }
  },
});

/**
 * Whether an AWS auth role is unbound: it admits anyone, a whole account (ec2 bound only by
 * account/AMI), or a principal pattern covering a whole account (`*`, `arn:aws:iam::ACCOUNT:*`).
 * Who may log in is the engine's answer (`awsAuthLoginSubjects`); calling that too wide is this rule's.
 * https://developer.hashicorp.com/vault/api-docs/auth/aws#create-update-role
 */
export function awsAuthRoleUnbound(role: VaultAwsAuthRole): boolean {
  const s = awsAuthLoginSubjects(role);
  if (s.anyone || s.accountRoots.length > 0) return true;
  return s.principalArnPatterns.some(coversAccount);
}

/** A principal pattern that covers a whole account or more: `*`, `arn:aws:iam::ACCOUNT:*`, `arn:aws:iam::*…`. */
function coversAccount(pattern: string): boolean {
  return pattern === '*' || /^arn:aws[a-z-]*:iam::[^:]*:\*$/.test(pattern) || /^arn:aws[a-z-]*:iam::\*/.test(pattern);
}
