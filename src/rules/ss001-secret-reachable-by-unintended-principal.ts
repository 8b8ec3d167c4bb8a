import { defineRule } from './define-rule.js';
import { formatChainPath } from '../graph/chain-text.js';
import { openingLocations } from './rule-helpers.js';

/** SS001: a reader that is neither an owner nor trusted (SPEC §4, §7). Conditional readers count. */
export const ss001 = defineRule({
  id: 'SS001',
  check({ answers, manifest, report }) {
    const trusted = new Set(manifest.trusted);
    for (const { target, readers } of answers) {
      if (target.owners.length === 0) continue;
      const owners = new Set(target.owners);
      for (const reader of readers) {
        if (owners.has(reader.principal) || trusted.has(reader.principal)) continue;
        report({
          messageId: 'default',
          data: { principal: reader.principal, secret: target.id, resource: target.resource, chain: formatChainPath(reader.via) },
          secret: target.id, principal: reader.principal, locations: openingLocations(reader, target), chain: reader.via,
        });
      }
    }
  },
});
