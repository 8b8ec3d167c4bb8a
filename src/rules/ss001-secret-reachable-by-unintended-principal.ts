import { formatChainPath } from '../graph/chain-text.js';
import { defineRule } from './define-rule.js';
import { openingLocations, unintendedReaders } from './rule-helpers.js';

/** SS001: a reader that is neither an owner nor trusted (SPEC §4, §7). Conditional readers count. */
export const ss001 = defineRule({
  id: 'SS001',
  check({ answers, manifest, report }) {
    for (const { target, reader } of unintendedReaders(answers, manifest)) {
      report({
        messageId: 'default',
        data: { principal: reader.principal, secret: target.id, resource: target.resource, chain: formatChainPath(reader.via) },
        secret: target.id, principal: reader.principal, locations: openingLocations(reader, target), chain: reader.via,
      });
    }
  },
});
