import { defineRule } from './define-rule.js';
import { ownerReads } from '../graph/judge-answers.js';

/** SS002: an owner who cannot read its secret (docs/semantics.md#status). */
export const ss002 = defineRule({
  id: 'SS002',
  check({ answers, report }) {
    for (const { target, readers } of answers) {
      for (const owner of target.owners) {
        if (ownerReads(owner, readers)) continue;
        report({ messageId: 'default', data: { principal: owner, secret: target.id, resource: target.resource }, secret: target.id, principal: owner, locations: [target.source] });
      }
    }
  },
});
