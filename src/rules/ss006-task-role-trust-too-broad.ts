import type { JsonValue } from '../model/source.js';
import { isJsonObject, statementObjects, stringsIn } from '../graph/policy-statements.js';
import { defineRule } from './define-rule.js';

const ECS_TASKS = 'ecs-tasks.amazonaws.com';

/**
 * SS006: a task role whose trust policy admits more than the ECS tasks service — anyone it
 * admits besides can become the role and read what the task reads.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
export const ss006 = defineRule({
  id: 'SS006',
  check({ inventory, report }) {
    const taskRoles = new Set(inventory.taskDefinitions.flatMap((t) => (t.taskRoleArn ? [t.taskRoleArn] : [])));
    for (const role of inventory.principals) {
      if (!taskRoles.has(role.arn) || !role.trustPolicy) continue;
      const extra = trustAdmitsBeyond(role.trustPolicy.document, ECS_TASKS);
      if (extra.length === 0) continue;
      report({ messageId: 'default', data: { role: role.arn, admits: extra.join(', ') }, locations: [role.trustPolicy.source], properties: { role: role.arn } });
    }
  },
});

/**
 * Principals other than `service` that the Allow statements of a trust policy admit, sorted: `*`,
 * `NotPrincipal` (everyone but those it names), AWS principals as written, other types as
 * `Type:value`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
export function trustAdmitsBeyond(document: JsonValue, service: string): string[] {
  const extra: string[] = [];
  for (const statement of statementObjects(document).filter((s) => s.Effect === 'Allow')) {
    const principal = statement.Principal;
    if (principal === '*') { extra.push('*'); continue; }
    if (statement.NotPrincipal !== undefined) { extra.push('NotPrincipal (everyone else)'); continue; }
    if (!isJsonObject(principal)) continue;
    for (const [type, value] of Object.entries(principal)) {
      for (const item of stringsIn(value)) {
        if (type === 'Service' && item === service) continue;
        extra.push(type === 'AWS' ? item : `${type}:${item}`);
      }
    }
  }
  return [...new Set(extra)].sort();
}
