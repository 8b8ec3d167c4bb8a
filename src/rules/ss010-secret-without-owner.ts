import { defineRule } from './define-rule.js';

/** SS010: a discovered secret that no manifest entry owns (docs/semantics.md#status). */
export const ss010 = defineRule({
  id: 'SS010',
  check({ answers, report }) {
    for (const { target } of answers) {
      if (target.owners.length > 0 || target.origin === 'manifest') continue;
      report({ messageId: 'default', data: { secret: target.id, resource: target.resource }, secret: target.id, locations: [target.source] });
    }
  },
});
