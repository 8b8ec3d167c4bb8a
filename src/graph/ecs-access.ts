import type { ContainerDefinition, TaskDefinition, TaskSecretReference } from '../model/inventory.js';
import type { Manifest } from '../model/manifest.js';
import type { Access } from './access.js';
import { betterAccess, decidingAllow, describeDecision } from './access.js';
import { IssueSink, readAwsSecret } from './aws-read.js';
import { decide, isAllowed } from './iam-decider.js';
import type { InventoryIndex } from './inventory-index.js';
import type { PrincipalNode } from './principal-universe.js';
import type { Candidates } from './candidates.js';
import { resolveValueFrom, type AwsSecretResource, type SecretTarget } from './secret-targets.js';

/** One `secrets[].valueFrom` of a task definition, resolved to the AWS secret it names. */
export interface Injection {
  task: TaskDefinition;
  container: ContainerDefinition;
  reference: TaskSecretReference;
  resolved: AwsSecretResource;
}

/** Every injection of every task definition, indexed by the ARN of the secret it fetches. */
export function collectInjections(index: InventoryIndex, manifest: Manifest): Map<string, Injection[]> {
  const byArn = new Map<string, Injection[]>();
  for (const task of index.inventory.taskDefinitions) {
    for (const container of task.containers) {
      for (const reference of container.secrets) {
        const resolved = resolveValueFrom(index, reference.valueFrom, task.account ?? manifest.defaultAccount ?? '', task.region ?? manifest.region);
        const list = byArn.get(resolved.arn) ?? [];
        list.push({ task, container, reference, resolved });
        byArn.set(resolved.arn, list);
      }
    }
  }
  return byArn;
}

/**
 * docs/semantics.md#ecs: a task definition's execution role fetches each `secrets[].valueFrom` and ECS injects
 * the value into the container, so the task role reads it too (edge `ecs-inject`) — provided the
 * execution role can fetch it. An execution role the inventory lacks is assumed able to (conditional).
 */
export function addInjectedReaders(target: SecretTarget, direct: Map<string, Access>, injections: Injection[], nodeByArn: Map<string, PrincipalNode>, index: InventoryIndex, issues: IssueSink): void {
  for (const { task, container, reference, resolved } of injections) {
    if (!task.taskRoleArn || !task.executionRoleArn) continue;
    const execution = nodeByArn.get(task.executionRoleArn);
    if (!execution) {
      issues.add({ code: 'executionRoleUnknown', message: `execution role ${task.executionRoleArn} of task definition ${task.family} is not in the inventory; the injection of ${reference.name} is assumed to work`, source: reference.source });
    }
    const fetch = execution ? readAwsSecret(execution, target.id, resolved, index, issues) : undefined;
    if (execution && !fetch) continue;
    const conditional = fetch ? fetch.conditional : true;
    const access: Access = {
      conditional,
      steps: [{
        edge: 'ecs-inject', from: task.taskRoleArn, to: target.id, source: reference.source, conditional,
        detail: `task definition ${task.family} injects it as ${container.name}/${reference.name}, fetched by ${task.executionRoleArn}${fetch ? ` (${fetch.steps[0]?.detail ?? ''})` : ' (not in inventory)'}`,
      }],
    };
    direct.set(task.taskRoleArn, betterAccess(direct.get(task.taskRoleArn), access) as Access);
  }
}

/** A plaintext environment value is read by the task role and by whoever may describe the task definition (docs/semantics.md#ecs). */
export function addTaskEnvReaders(target: SecretTarget, direct: Map<string, Access>, candidates: Candidates, manifest: Manifest): void {
  const env = target.taskEnv;
  if (!env) return;
  const task = env.task;
  if (task.taskRoleArn) {
    direct.set(task.taskRoleArn, { conditional: false, steps: [{ edge: 'task-role', from: task.taskRoleArn, to: target.id, source: env.source, detail: `task definition ${task.family} runs as this role with ${env.variable} in its environment` }] });
  }
  const account = task.account ?? manifest.defaultAccount ?? '';
  const region = task.region ?? manifest.region;
  const arn = task.arn ?? `arn:aws:ecs:${region}:${account}:task-definition/${task.family}:${task.revision ?? 1}`;
  for (const node of candidates.of(['ecs:DescribeTaskDefinition'], [arn])) {
    const decision = decide(node, 'ecs:DescribeTaskDefinition', arn, { account });
    if (!isAllowed(decision)) continue;
    const allow = decidingAllow(decision);
    const access: Access = { conditional: decision.conditional, steps: [{ edge: 'ecs-describe', from: node.arn, to: target.id, conditional: decision.conditional, detail: describeDecision('ecs:DescribeTaskDefinition', decision), ...(allow?.source ? { source: allow.source } : {}) }] };
    direct.set(node.arn, betterAccess(direct.get(node.arn), access) as Access);
  }
}
