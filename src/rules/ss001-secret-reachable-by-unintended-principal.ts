import { formatChainPath } from '../graph/chain-text.js';
import { isSymbolicPrincipal } from '../model/unknowns.js';
import { defineRule } from './define-rule.js';
import { openingLocations, unintendedReaders } from './rule-helpers.js';

/**
 * SS001: a reader that is neither an owner nor trusted (docs/semantics.md#status). Conditional readers count;
 * a symbolic reader (`unknown:EXPRESSION`, docs/semantics.md#symbolic-unknowns) is said to be one.
 */
export const ss001 = defineRule({
  id: 'SS001',
  check({ answers, report }) {
    for (const { target, reader } of unintendedReaders(answers)) {
      report({
        messageId: isSymbolicPrincipal(reader.principal) ? 'symbolic' : 'default',
        data: { principal: reader.principal, secret: target.id, resource: target.resource, chain: formatChainPath(reader.via) },
        secret: target.id, principal: reader.principal, locations: openingLocations(reader, target), chain: reader.via,
      });
    }
  },
});
