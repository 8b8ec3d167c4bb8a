import type { ContainerDefinition, IncompleteListing, Inventory, TaskDefinition, TaskSecretReference } from '../model/inventory.js';
import type { ChainStep } from '../model/report.js';
import { isSymbolicPrincipal, unlistedPrincipals, unlistedTaskRoles } from '../model/unknowns.js';
import type { Manifest } from '../model/manifest.js';
import type { Access } from './access.js';
import { betterAccess, decidingAllow, describeDecision, placeStep } from './access.js';
import { IssueSink, readAwsSecret } from './aws-read.js';
import { decide, isAllowed } from './iam-decider.js';
import type { InventoryIndex } from './inventory-index.js';
import type { PrincipalNode } from './principal-universe.js';
import type { Candidates } from './candidates.js';
import { ECS_TASKS, admitsService, type TaskRunner } from './role-edges.js';
import { relateGlobs } from '../engine/iam/glob-relations.js';
import { resolveValueFrom, s3ObjectOf, taskEnvPlaces, withoutJsonKeySelector, type AwsSecretResource, type SecretTarget, type TaskEnvPlace } from './secret-targets.js';

/** One `secrets[].valueFrom` of a task definition, resolved to the AWS secret it names. */
export interface Injection {
  task: TaskDefinition;
  container: ContainerDefinition;
  reference: TaskSecretReference;
  resolved: AwsSecretResource;
}

/**
 * Every injection of every task definition, indexed by the ARN of the secret it fetches. A
 * reference the inputs do not resolve (`valueFromUnknown`) is an injection of each target its
 * glob may name: which one the execution role can fetch decides the rest, conditionally.
 */
export function collectInjections(index: InventoryIndex, manifest: Manifest, targets: readonly SecretTarget[]): Map<string, Injection[]> {
  const byArn = new Map<string, Injection[]>();
  const file = (secretArn: string, injection: Injection): void => {
    const list = byArn.get(secretArn) ?? [];
    list.push(injection);
    byArn.set(secretArn, list);
  };
  for (const task of index.inventory.taskDefinitions) {
    for (const container of task.containers) {
      for (const reference of container.secrets) {
        if (reference.valueFromUnknown !== undefined) {
          for (const target of targets) if (target.aws && mayName(reference.valueFrom, target.aws)) file(target.aws.arn, { task, container, reference, resolved: target.aws });
          continue;
        }
        const resolved = resolveValueFrom(index, reference.valueFrom, task.account ?? manifest.defaultAccount ?? '', task.region ?? manifest.region);
        // What a replica injects is the secret it copies: filed under that secret, fetched from the replica.
        file(resolved.service === 'secretsmanager' && resolved.replicaOf ? resolved.replicaOf.arn : resolved.arn, { task, container, reference, resolved });
      }
      // An environment file's lines become the container's environment as a secret's value does.
      for (const reference of container.environmentFiles ?? []) {
        if (reference.valueFromUnknown !== undefined || s3ObjectOf(reference.valueFrom) === undefined) {
          for (const target of targets) if (target.aws?.service === 's3' && relateGlobs(reference.valueFrom, target.aws.arn) !== 'disjoint') file(target.aws.arn, { task, container, reference, resolved: target.aws });
          continue;
        }
        const resolved = resolveValueFrom(index, reference.valueFrom, task.account ?? manifest.defaultAccount ?? '', task.region ?? manifest.region);
        file(resolved.arn, { task, container, reference, resolved });
      }
    }
  }
  return byArn;
}

/**
 * Whether a `valueFrom` glob may name this secret: ECS injects Parameter Store parameters (by ARN
 * or name) and Secrets Manager secrets (by ARN; a `:json-key:stage:version` suffix may follow)
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html
 */
function mayName(written: string, aws: AwsSecretResource): boolean {
  if (aws.service === 's3') return false;
  const glob = withoutJsonKeySelector(written);
  if (glob.startsWith('arn:')) return relateGlobs(glob, aws.arn) !== 'disjoint' || (aws.service === 'secretsmanager' && relateGlobs(glob, `${aws.arn}:*`) !== 'disjoint');
  if (aws.service === 'secretsmanager') return relateGlobs(glob, aws.arn) !== 'disjoint';
  return relateGlobs(glob, aws.name) !== 'disjoint' || relateGlobs(glob, aws.name.replace(/^\//, '')) !== 'disjoint';
}

/**
 * What the ECS agent calls with the execution role to fetch a `valueFrom`: `ssm:GetParameters` (not
 * `GetParameter`) and `secretsmanager:GetSecretValue`, with `kms:Decrypt` for a customer managed key
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html,
 * "Required IAM permissions for Amazon ECS secrets"); and `s3:GetObject` for an environment file
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html; its
 * `s3:GetBucketLocation` is not asked: doubt widens).
 */
const ECS_AGENT_FETCH: ReadonlySet<string> = new Set(['ssm:GetParameters', 'secretsmanager:GetSecretValue', 's3:GetObject']);

/**
 * docs/semantics.md#ecs: a task definition's execution role fetches each `secrets[].valueFrom` and ECS injects
 * the value into the container, so the task role reads it too (edge `ecs-inject`) — provided the
 * execution role can fetch it. An execution role the inventory lacks is assumed able to (conditional).
 */
export function addInjectedReaders(target: SecretTarget, direct: Map<string, Access>, injections: Injection[], nodeByArn: Map<string, PrincipalNode>, index: InventoryIndex, issues: IssueSink, runnersOf?: (task: TaskDefinition) => TaskRunner[]): void {
  for (const { task, container, reference, resolved } of injections) {
    if (!task.executionRoleArn) continue;
    const execution = nodeByArn.get(task.executionRoleArn);
    if (!execution) {
      issues.add({ code: 'executionRoleUnknown', message: `execution role ${task.executionRoleArn} of task definition ${task.family} is not in the inventory; it is taken to fetch ${reference.name}, conditionally${task.taskRoleArn ? ', and the injection to work' : ''}`, source: reference.source });
      // The configuration names this role as the one ECS fetches the value with: its policies being
      // unknown, it reads the secret if they allow, which the working task says they may.
      const fetched: Access = {
        conditional: true,
        steps: [placeStep({
          edge: 'iam-read', source: reference.source, conditional: true,
          detail: `task definition ${task.family} fetches it with this role for ${container.name}/${reference.name}; the role's own policies are not in the inputs`,
        }, task.executionRoleArn, target.id)],
      };
      direct.set(task.executionRoleArn, betterAccess(direct.get(task.executionRoleArn), fetched) as Access);
    }
    const fetch = execution ? readAwsSecret(execution, target.id, resolved, index, issues, undefined, ECS_AGENT_FETCH) : undefined;
    if (execution && !fetch) continue;
    if (!task.taskRoleArn) {
      // No task role to become: whoever may run the task definition as it is reads what it injects (docs/semantics.md#pass-role).
      const fetchConditional = fetch ? fetch.conditional : true;
      const inject = (node: string): ChainStep => placeStep({ edge: 'ecs-inject', source: reference.source, conditional: fetchConditional, detail: `task definition ${task.family} injects it as ${container.name}/${reference.name}, fetched by ${task.executionRoleArn}` }, node, target.id);
      addRunnerReaders(direct, task, runnersOf, inject, fetchConditional || reference.valueFromUnknown !== undefined);
      continue;
    }
    // A task role the inputs cannot name (`unknown:EXPRESSION`), or a valueFrom they cannot resolve,
    // makes the injection only possible (docs/semantics.md#symbolic-unknowns).
    const conditional = (fetch ? fetch.conditional : true) || isSymbolicPrincipal(task.taskRoleArn) || reference.valueFromUnknown !== undefined;
    const which = reference.valueFromUnknown !== undefined ? `, if ${reference.valueFromUnknown} names it (valueFrom may be any of ${reference.valueFrom})` : '';
    const access: Access = {
      conditional,
      steps: [placeStep({
        edge: 'ecs-inject', source: reference.source, conditional,
        detail: `task definition ${task.family} injects it as ${container.name}/${reference.name}${which}, fetched by ${task.executionRoleArn}${fetch ? ` (${fetch.steps[0]?.detail ?? ''})` : ' (not in inventory)'}`,
      }, task.taskRoleArn, target.id)],
    };
    direct.set(task.taskRoleArn, betterAccess(direct.get(task.taskRoleArn), access) as Access);
  }
}

/**
 * Readers through a task definition with no task role: each runner (`taskRunners`) reaches the task,
 * `ecs-task:FAMILY`, and from there the secret by `last`; `alsoConditional` when that last step is.
 */
function addRunnerReaders(direct: Map<string, Access>, task: TaskDefinition, runnersOf: ((task: TaskDefinition) => TaskRunner[]) | undefined, last: (node: string) => ChainStep, alsoConditional: boolean): void {
  const node = `ecs-task:${task.family}`;
  for (const runner of runnersOf?.(task) ?? []) {
    const run = placeStep({ edge: 'pass-role', conditional: runner.conditional, source: runner.source, detail: runner.detail }, runner.caller, node);
    const access: Access = { conditional: runner.conditional || alsoConditional, steps: [run, last(node)] };
    direct.set(runner.caller, betterAccess(direct.get(runner.caller), access) as Access);
  }
}

/** How a task definition's variable came to hold a stored secret's value, for the chain's words. */
function copiedBy(env: TaskEnvPlace): string {
  return env.copiedFrom === undefined ? '' : `, a copy of its value (${env.copiedFrom})`;
}

/** A plaintext environment value is read by the task role and by whoever may describe the task definition (docs/semantics.md#ecs). */
export function addTaskEnvReaders(target: SecretTarget, direct: Map<string, Access>, candidates: Candidates, manifest: Manifest, runnersOf?: (task: TaskDefinition) => TaskRunner[]): void {
  for (const env of taskEnvPlaces(target)) {
    const task = env.task;
    if (!task.taskRoleArn) {
      // No task role to become: whoever may run it as it is sees its environment.
      const holds = (node: string): ChainStep => placeStep({ edge: 'task-role', source: env.source, detail: `task definition ${task.family} has ${env.variable} in its environment${copiedBy(env)}` }, node, target.id);
      addRunnerReaders(direct, task, runnersOf, holds, false);
    } else {
      // A task role the inputs cannot name (`unknown:EXPRESSION`) reads only conditionally (docs/semantics.md#symbolic-unknowns).
      const conditional = isSymbolicPrincipal(task.taskRoleArn);
      const detail = `task definition ${task.family} runs as this role with ${env.variable} in its environment${copiedBy(env)}`;
      const step = conditional ? placeStep({ edge: 'task-role', conditional, source: env.source, detail }, task.taskRoleArn, target.id) : placeStep({ edge: 'task-role', source: env.source, detail }, task.taskRoleArn, target.id);
      direct.set(task.taskRoleArn, betterAccess(direct.get(task.taskRoleArn), { conditional, steps: [step] }) as Access);
    }
    const account = task.account ?? manifest.defaultAccount ?? '';
    const region = task.region ?? manifest.region;
    const arn = task.arn ?? `arn:aws:ecs:${region}:${account}:task-definition/${task.family}:${task.revision ?? 1}`;
    for (const node of candidates.of(['ecs:DescribeTaskDefinition'], [arn])) {
      const decision = decide(node, 'ecs:DescribeTaskDefinition', arn, { account });
      if (!isAllowed(decision)) continue;
      const allow = decidingAllow(decision);
      const detail = `${describeDecision('ecs:DescribeTaskDefinition', decision)}; task definition ${task.family} holds ${env.variable}${copiedBy(env)}`;
      const access: Access = { conditional: decision.conditional, steps: [placeStep({ edge: 'ecs-describe', conditional: decision.conditional, source: allow?.source, detail }, node.arn, target.id)] };
      direct.set(node.arn, betterAccess(direct.get(node.arn), access) as Access);
    }
  }
}

/** A live ECS listing with a gap in one account and region, and the roles an unseen task definition there could fetch with. */
export interface UnlistedTaskGap {
  /** `unknown:task roles of unlisted ECS task definitions in ACCOUNT REGION`. */
  reader: string;
  listing: IncompleteListing;
  /** ARNs of the account's roles that ECS tasks may assume (or whose trust is unknown). */
  executionRoles: string[];
}

/**
 * The gaps of live ECS listings (`IncompleteListing` kind `ecs`). A task definition ECS did not list
 * or describe may name as its execution role any role of its account that trusts
 * `ecs-tasks.amazonaws.com` (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html);
 * a role whose trust policy is unknown may be one too, and so may the principals that stand for the
 * account's roles the inventory lacks (its IAM listing stopped part-way, or was not read at all).
 */
export function unlistedTaskGaps(inventory: Inventory): UnlistedTaskGap[] {
  return (inventory.incompleteListings ?? []).filter((l) => l.kind === 'ecs').map((listing) => {
    const account = listing.account;
    const partlyListed = (inventory.incompleteListings ?? []).some((l) => l.kind === 'iam' && l.account === account);
    const unread = (inventory.unreadAccounts ?? []).includes(account);
    return {
      reader: unlistedTaskRoles(account, listing.region),
      listing,
      executionRoles: [
        ...inventory.principals
          .filter((p) => p.kind === 'role' && p.account === account && (!p.trustPolicy || admitsService(p.trustPolicy.document, ECS_TASKS)))
          .map((p) => p.arn),
        ...(partlyListed ? [unlistedPrincipals(account)] : []),
        ...(unread ? [`arn:aws:iam::${account}:root`] : []),
      ],
    };
  });
}

/**
 * docs/semantics.md#live-gaps, for task definitions a live scan could not see: one of them may name, as
 * its execution role, a role that can fetch this secret and inject it (`secrets[].valueFrom`, any
 * region by full ARN) into a task running as any task role of the account
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html). So the secret
 * gets ONE symbolic reader per gap, standing for those task roles, conditional, never expanded to
 * every role of the account. `direct` must hold the secret's `iam-read` readers, before injections.
 */
export function addUnlistedTaskReaders(target: SecretTarget, direct: Map<string, Access>, gaps: UnlistedTaskGap[]): void {
  const service = target.aws?.service;
  // ECS injects only Parameter Store parameters and Secrets Manager secrets.
  if (service !== 'ssm' && service !== 'secretsmanager') return;
  for (const { reader, listing, executionRoles } of gaps) {
    let fetch: { role: string; access: Access } | undefined;
    for (const role of executionRoles) {
      const access = direct.get(role);
      if (access?.steps[0]?.edge !== 'iam-read' || access.steps.length !== 1) continue;
      if (!fetch || (fetch.access.conditional && !access.conditional)) fetch = { role, access };
    }
    if (!fetch) continue;
    const where = `account ${listing.account}${listing.region ? ` ${listing.region}` : ''}`;
    const access: Access = {
      conditional: true,
      steps: [placeStep({
        edge: 'ecs-inject', source: listing.source, conditional: true,
        detail: `${listing.api ?? 'the ECS listing'} failed in ${where}: a task definition not seen may name ${fetch.role} as its execution role and inject it into its task (${fetch.access.steps[0]?.detail ?? ''})`,
      }, reader, target.id)],
    };
    direct.set(reader, betterAccess(direct.get(reader), access) as Access);
  }
}
