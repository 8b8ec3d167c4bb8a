import { defineRule } from './define-rule.js';
import { formatChainPath } from '../graph/chain-text.js';
import { isOtherAccountRoot, openingLocations, secretAccount } from './rule-helpers.js';

/** SS003: an unintended reader that is anyone (`*`) or another account's root (SPEC §7). */
export const ss003 = defineRule({
  id: 'SS003',
  check({ answers, manifest, report }) {
    const trusted = new Set(manifest.trusted);
    for (const { target, readers } of answers) {
      if (target.owners.length === 0) continue;
      const owners = new Set(target.owners);
      const account = secretAccount(target, manifest);
      for (const reader of readers) {
        if (owners.has(reader.principal) || trusted.has(reader.principal)) continue;
        const anyone = reader.principal === '*';
        if (!anyone && !isOtherAccountRoot(reader.principal, account)) continue;
        report({
          messageId: anyone ? 'anyone' : 'crossAccount',
          data: { principal: reader.principal, secret: target.id, resource: target.resource, chain: formatChainPath(reader.via) },
          secret: target.id, principal: reader.principal, locations: openingLocations(reader, target), chain: reader.via,
        });
      }
    }
  },
});
