import { formatChainPath } from '../graph/chain-text.js';
import { defineRule } from './define-rule.js';
import { isOtherAccountRoot, openingLocations, secretAccount, unintendedReaders } from './rule-helpers.js';

/**
 * SS003: an unintended reader that is anyone (`*`) or another account's root (docs/semantics.md#status); the
 * secret's own account root is not "another account".
 */
export const ss003 = defineRule({
  id: 'SS003',
  check({ answers, manifest, report }) {
    for (const { target, reader } of unintendedReaders(answers)) {
      const anyone = reader.principal === '*';
      if (!anyone && !isOtherAccountRoot(reader.principal, secretAccount(target, manifest))) continue;
      report({
        messageId: anyone ? 'anyone' : 'crossAccount',
        data: { principal: reader.principal, secret: target.id, resource: target.resource, chain: formatChainPath(reader.via) },
        secret: target.id, principal: reader.principal, locations: openingLocations(reader, target), chain: reader.via,
      });
    }
  },
});
