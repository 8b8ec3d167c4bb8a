import { defineRule } from './define-rule.js';

/** SS005: a plaintext secret in a task definition's environment (docs/semantics.md#ecs); the value is never shown. */
export const ss005 = defineRule({
  id: 'SS005',
  check({ answers, report }) {
    for (const { target } of answers) {
      const env = target.taskEnv;
      if (!env || target.kind !== 'task-env') continue;
      report({
        messageId: 'default',
        data: { family: env.task.family, container: env.container, variable: env.variable, evidence: env.evidence },
        secret: target.id, locations: [env.source],
      });
    }
  },
});
