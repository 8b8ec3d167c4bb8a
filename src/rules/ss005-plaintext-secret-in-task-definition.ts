import { taskEnvPlaces } from '../graph/secret-targets.js';
import { defineRule } from './define-rule.js';

/** SS005: a plaintext secret in a task definition's environment (docs/semantics.md#ecs); the value is never shown. */
export const ss005 = defineRule({
  id: 'SS005',
  check({ answers, report }) {
    for (const { target } of answers) {
      // Each task definition holding the value holds it in plaintext: a task-env secret's, or a copy
      // of a stored secret's value (a copy of a value nothing says is secret is not reported).
      for (const env of taskEnvPlaces(target)) {
        if (env.plainValue) continue;
        report({
          messageId: 'default',
          data: { family: env.task.family, container: env.container, variable: env.variable, evidence: env.evidence },
          secret: target.id, locations: [env.source],
        });
      }
    }
  },
});
