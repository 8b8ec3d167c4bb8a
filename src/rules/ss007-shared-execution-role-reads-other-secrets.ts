import { defineRule } from './define-rule.js';

/** SS007: one execution role that can fetch the secrets of several task families. */
export const ss007 = defineRule({
  id: 'SS007',
  check({ inventory, graph, answers, report }) {
    const readersByArn = new Map<string, Set<string>>();
    for (const { target, readers } of answers) {
      if (!target.aws) continue;
      readersByArn.set(target.aws.arn, new Set(readers.filter((r) => r.via.length === 1 && r.via[0]?.edge === 'iam-read').map((r) => r.principal)));
    }
    const families = new Map<string, Set<string>>();
    for (const { task, resolved } of graph.injections) {
      const role = task.executionRoleArn;
      if (!role || !readersByArn.get(resolved.arn)?.has(role)) continue;
      const set = families.get(role) ?? new Set<string>();
      set.add(task.family);
      families.set(role, set);
    }
    for (const [role, set] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
      if (set.size < 2) continue;
      const principal = inventory.principals.find((p) => p.arn === role);
      const list = [...set].sort();
      report({
        messageId: 'default', data: { role, count: list.length, families: list.join(', ') },
        locations: [principal?.source ?? inventory.taskDefinitions.find((t) => t.executionRoleArn === role)?.source ?? { file: 'secret-scan.yaml' }],
        properties: { role },
      });
    }
  },
});
