import type { Inventory } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import type { Manifest } from '../model/manifest.js';
import type { Reader } from '../model/report.js';
import type { VaultAppRole } from '../model/vault.js';
import type { Access } from './access.js';
import { betterAccess, chainAccess, decidingAllow, describeDecision } from './access.js';
import { IssueSink, readAwsSecret } from './aws-read.js';
import { decide, isAllowed } from './iam-decider.js';
import { buildPrincipalUniverse, type PrincipalNode } from './principal-universe.js';
import { Reachability } from './reachability.js';
import { assumeRoleEdges, passRoleEdges, type BecomeEdge } from './role-edges.js';
import { collectSecretTargets, resolveValueFrom, type SecretTarget } from './secret-targets.js';
import { appRoleLogins, awsAuthLogins, vaultRoleNode, vaultRoleReads } from './vault-access.js';

export interface GraphOptions {
  /** Follow pass-role escalation (SPEC §3.3); on by default. */
  escalation: boolean;
}

export interface SecretAnswer {
  target: SecretTarget;
  /** Sorted by principal. */
  readers: Reader[];
}

export interface AccessGraph {
  answers: SecretAnswer[];
  nodes: PrincipalNode[];
  becomeEdges: BecomeEdge[];
  /** What the graph could not decide (SS011), besides the inventory's own issues. */
  issues: Issue[];
}

/**
 * Computes, for every declared and discovered secret, every principal that can read it and the
 * shortest chain of grants that lets it (SPEC §3). Pure and deterministic: each principal's
 * reachable set is computed once and shared by all secrets.
 */
export function buildAccessGraph(inventory: Inventory, manifest: Manifest, options: GraphOptions): AccessGraph {
  const issues = new IssueSink();
  const nodes = buildPrincipalUniverse(inventory);
  const targets = collectSecretTargets(inventory, manifest);
  const becomeEdges = [...assumeRoleEdges(nodes), ...(options.escalation ? passRoleEdges(nodes, inventory, manifest.region) : [])];
  const reach = new Reachability(nodes.map((n) => n.arn), becomeEdges);
  const nodeByArn = new Map(nodes.map((n) => [n.arn, n]));

  // Direct accesses of AWS-held secrets, then what ECS injects into tasks.
  const awsReaders = new Map<SecretTarget, Map<string, Access>>();
  const awsReadersOf = (target: SecretTarget): Map<string, Access> => {
    let readers = awsReaders.get(target);
    if (readers) return readers;
    readers = reach.spread(directReaders(target));
    awsReaders.set(target, readers);
    return readers;
  };
  const directCache = new Map<SecretTarget, Map<string, Access>>();
  const directReaders = (target: SecretTarget): Map<string, Access> => {
    const cached = directCache.get(target);
    if (cached) return cached;
    const direct = new Map<string, Access>();
    directCache.set(target, direct);
    if (target.aws) {
      for (const node of nodes) {
        const access = readAwsSecret(node, target.id, target.aws, inventory, issues);
        if (access) direct.set(node.arn, access);
      }
      addInjectedReaders(target, direct);
    }
    if (target.taskEnv) addTaskEnvReaders(target, direct);
    return direct;
  };

  // ECS (SPEC §3.4): the execution role fetches `secrets[].valueFrom`; the task role then holds the value.
  const addInjectedReaders = (target: SecretTarget, direct: Map<string, Access>): void => {
    for (const task of inventory.taskDefinitions) {
      if (!task.taskRoleArn) continue;
      for (const container of task.containers) {
        for (const reference of container.secrets) {
          const resolved = resolveValueFrom(inventory, reference.valueFrom, task.account ?? manifest.defaultAccount ?? '', task.region ?? manifest.region);
          if (resolved.arn !== target.aws?.arn) continue;
          const execution = task.executionRoleArn ? nodeByArn.get(task.executionRoleArn) : undefined;
          const fetch = execution ? readAwsSecret(execution, target.id, resolved, inventory, issues) : undefined;
          if (task.executionRoleArn && !execution) {
            issues.add({ code: 'executionRoleUnknown', message: `execution role ${task.executionRoleArn} of task definition ${task.family} is not in the inventory; the injection of ${reference.name} is assumed to work`, source: reference.source });
          }
          if (!fetch && execution) continue;
          if (!task.executionRoleArn) continue;
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
    }
  };

  // A plaintext environment value is read by the task role and by whoever may describe the task definition.
  const addTaskEnvReaders = (target: SecretTarget, direct: Map<string, Access>): void => {
    const env = target.taskEnv;
    if (!env) return;
    const task = env.task;
    if (task.taskRoleArn) {
      direct.set(task.taskRoleArn, { conditional: false, steps: [{ edge: 'task-role', from: task.taskRoleArn, to: target.id, source: env.source, detail: `task definition ${task.family} runs as this role with ${env.variable} in its environment` }] });
    }
    const account = task.account ?? manifest.defaultAccount ?? '';
    const region = task.region ?? manifest.region;
    const arn = task.arn ?? `arn:aws:ecs:${region}:${account}:task-definition/${task.family}:${task.revision ?? 1}`;
    for (const node of nodes) {
      const decision = decide(node, 'ecs:DescribeTaskDefinition', arn, { account });
      if (!isAllowed(decision)) continue;
      const allow = decidingAllow(decision);
      const access: Access = { conditional: decision.conditional, steps: [{ edge: 'ecs-describe', from: node.arn, to: target.id, conditional: decision.conditional, detail: describeDecision('ecs:DescribeTaskDefinition', decision), ...(allow?.source ? { source: allow.source } : {}) }] };
      direct.set(node.arn, betterAccess(direct.get(node.arn), access) as Access);
    }
  };

  // Vault logins (SPEC §3.5), then what each login's policies grant on each Vault path.
  const policies = new Map(inventory.vaultPolicies.map((p) => [p.name, p]));
  const logins = new Map<string, Map<string, Access>>();
  for (const role of inventory.vaultAuthRoles) {
    if (role.type === 'approle') {
      const locations = credentialLocations(role, inventory, manifest, targets);
      logins.set(vaultRoleNode(role), appRoleLogins(role, manifest, locations, awsReadersOf, issues));
    } else {
      logins.set(vaultRoleNode(role), reach.spread(awsAuthLogins(role, inventory)));
    }
  }

  const answers: SecretAnswer[] = targets.map((target) => {
    let readers: Map<string, Access>;
    if (target.vaultPath !== undefined) {
      readers = new Map();
      for (const role of inventory.vaultAuthRoles) {
        const grant = vaultRoleReads(role, target.vaultPath, policies, issues);
        if (!grant) continue;
        for (const [principal, login] of logins.get(vaultRoleNode(role)) ?? []) {
          const access = chainAccess(login, { conditional: grant.conditional, steps: [{ ...grant.step, from: vaultRoleNode(role), to: target.id }] });
          readers.set(principal, betterAccess(readers.get(principal), access) as Access);
        }
      }
    } else {
      readers = awsReadersOf(target);
    }
    return { target, readers: toReaders(readers) };
  });

  return { answers, nodes, becomeEdges, issues: issues.issues };
}

/** Where an AppRole's login material lives: the manifest's `credentials`, plus a task environment holding its role_id when no secret_id is needed. */
function credentialLocations(role: VaultAppRole, inventory: Inventory, manifest: Manifest, targets: SecretTarget[]): SecretTarget[] {
  const locations: SecretTarget[] = [];
  for (const entry of manifest.credentials) {
    if (entry.approle !== role.name || entry.mount !== role.mount) continue;
    const stored = entry.storedIn;
    const found = targets.find((t) => {
      if (stored.kind === 's3') return t.aws?.service === 's3' && t.aws.bucket === stored.bucket && t.aws.key === stored.key;
      if (stored.kind === 'ssm') return t.aws?.service === 'ssm' && (t.aws.name === stored.name || t.aws.arn === stored.name);
      return t.taskEnv !== undefined && t.taskEnv.task.family === stored.family && t.taskEnv.container === stored.container && t.taskEnv.variable === stored.variable;
    });
    if (found) { locations.push(found); continue; }
    locations.push(locationTarget(entry, inventory, manifest));
  }
  if (!role.bindSecretId && role.roleId) {
    for (const task of inventory.taskDefinitions) {
      for (const container of task.containers) {
        for (const variable of container.environment) {
          if (variable.value !== role.roleId) continue;
          locations.push({ id: `${task.family}/${container.name}/${variable.name}`, kind: 'task-env', resource: `${task.family}/${container.name}/${variable.name}`, owners: [], origin: 'discovered', source: variable.source, notes: [], taskEnv: { task, container: container.name, variable: variable.name, evidence: 'AppRole role_id', source: variable.source } });
        }
      }
    }
  }
  return locations;
}

/** A credentials location that is not itself a reported secret (e.g. an S3 object only the manifest names). */
function locationTarget(entry: Manifest['credentials'][number], inventory: Inventory, manifest: Manifest): SecretTarget {
  const stored = entry.storedIn;
  const account = manifest.defaultAccount ?? '';
  const base = { owners: [], origin: 'discovered' as const, source: entry.source, notes: [] };
  if (stored.kind === 's3') {
    const bucketInfo = inventory.buckets.find((b) => b.name === stored.bucket);
    const resource = `s3://${stored.bucket}/${stored.key}`;
    return { ...base, id: resource, kind: 's3', resource, aws: { service: 's3', bucket: stored.bucket, key: stored.key, arn: `arn:aws:s3:::${stored.bucket}/${stored.key}`, account: bucketInfo?.account ?? account, ...(bucketInfo ? { bucketInfo } : {}) } };
  }
  if (stored.kind === 'ssm') {
    const aws = resolveValueFrom(inventory, stored.name, account, manifest.region);
    return { ...base, id: stored.name, kind: 'ssm', resource: stored.name, aws };
  }
  const id = `${stored.family}/${stored.container}/${stored.variable}`;
  const task = inventory.taskDefinitions.find((t) => t.family === stored.family);
  if (!task) return { ...base, id, kind: 'task-env', resource: id };
  return { ...base, id, kind: 'task-env', resource: id, taskEnv: { task, container: stored.container, variable: stored.variable, evidence: 'AppRole credentials', source: entry.source } };
}

function toReaders(readers: Map<string, Access>): Reader[] {
  return [...readers.entries()]
    .map(([principal, access]) => ({ principal, conditional: access.conditional, via: access.steps }))
    .sort((a, b) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0));
}
