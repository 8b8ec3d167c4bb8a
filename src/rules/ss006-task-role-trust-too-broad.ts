import { trustAdmitsBeyond } from '../graph/role-edges.js';
import { defineRule } from './define-rule.js';

/** SS006: a task role whose trust policy admits more than the ECS tasks service. */
export const ss006 = defineRule({
  id: 'SS006',
  check({ inventory, report }) {
    const taskRoles = new Set(inventory.taskDefinitions.flatMap((t) => (t.taskRoleArn ? [t.taskRoleArn] : [])));
    for (const role of inventory.principals) {
      if (!taskRoles.has(role.arn) || !role.trustPolicy) continue;
      const extra = trustAdmitsBeyond(role.trustPolicy.document, 'ecs-tasks.amazonaws.com');
      if (extra.length === 0) continue;
      report({ messageId: 'default', data: { role: role.arn, admits: extra.join(', ') }, locations: [role.trustPolicy.source], properties: { role: role.arn } });
    }
  },
});
