import type { Inventory, TaskDefinition } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import type { Manifest } from '../model/manifest.js';
import type { Reader } from '../model/report.js';
import type { Access } from './access.js';
import { betterAccess, chainAccess, placeStep } from './access.js';
import { releaseGraphMemos } from './graph-memo.js';
import { IssueSink, readAwsSecret, readRequests, resourcePolicyOf } from './aws-read.js';
import { Candidates, inUniverseOrder } from './candidates.js';
import { credentialLocations } from './credential-locations.js';
import { addInjectedReaders, addTaskEnvReaders, addUnlistedTaskReaders, collectInjections, unlistedTaskGaps, type Injection } from './ecs-access.js';
import { InventoryIndex } from './inventory-index.js';
import { buildPrincipalUniverse, type PrincipalNode } from './principal-universe.js';
import { Reachability } from './reachability.js';
import { placeScps } from './scp-placement.js';
import { literalAccountGrantIssues } from './literal-account-grants.js';
import { assumeRoleEdges, passRoleEdges, runExistingTaskEdges, taskRunners, type BecomeEdge, type TaskRunner } from './role-edges.js';
import { collectSecretTargets, type AwsSecretResource, type SecretTarget } from './secret-targets.js';
import { replicaCopies, throughReplica } from './secret-replicas.js';
import { unreadVaultRoleLogins, type UnreadRoleLogins } from './unread-vault-roles.js';
import { identityLogins } from './vault-identity.js';
import { appRoleLogins, awsAuthLogins, externalAuthLogins, vaultRoleNode, vaultRolePatternReads, vaultRoleReads, vaultRoleRulePrefixes } from './vault-access.js';
import { PrefixTrie } from '../engine/prefix-trie.js';
import { normalizeRequestPath } from '../engine/vault/paths.js';
import { vaultPolicyKey, type VaultAuthRole } from '../model/vault.js';

export interface GraphOptions {
  /** Follow pass-role escalation (docs/semantics.md#pass-role); on by default. */
  escalation: boolean;
  /** Ask the engine about every principal for every secret, skipping no one (for tests of the prefilter). */
  exhaustive?: boolean;
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
  /** Every task definition `secrets[].valueFrom`, resolved. */
  injections: Injection[];
  /** What the graph could not decide (SS011), besides the inventory's own issues. */
  issues: Issue[];
}

/**
 * Computes, for every declared and discovered secret, every principal that can read it and the
 * shortest chain of grants that lets it (docs/semantics.md#edges). Pure and deterministic: each principal's
 * reachable set is computed once and shared by all secrets.
 */
export function buildAccessGraph(inventory: Inventory, manifest: Manifest, options: GraphOptions): AccessGraph {
  try {
    return buildGraph(inventory, manifest, options);
  } finally {
    // What was compiled and indexed for the graph is not needed by the rules or the report.
    releaseGraphMemos();
  }
}

function buildGraph(inventory: Inventory, manifest: Manifest, options: GraphOptions): AccessGraph {
  const issues = new IssueSink();
  const index = new InventoryIndex(inventory);
  const placement = placeScps(inventory);
  const nodes = buildPrincipalUniverse(inventory, placement);
  for (const issue of placement.issues) issues.add(issue);
  for (const issue of literalAccountGrantIssues(inventory, manifest)) issues.add(issue);
  const targets = collectSecretTargets(index, manifest);
  const injections = collectInjections(index, manifest, targets);
  const candidates = new Candidates(nodes, options.exhaustive);
  const passRole = options.escalation ? passRoleEdges(nodes, inventory, manifest.region) : [];
  const runExisting = options.escalation ? runExistingTaskEdges(nodes, inventory, manifest.region, candidates, passRole) : [];
  const becomeEdges = [...assumeRoleEdges(nodes, candidates), ...passRole, ...runExisting];
  const reach = new Reachability(nodes.map((n) => n.arn), becomeEdges);
  const nodeByArn = new Map(nodes.map((n) => [n.arn, n]));
  const taskGaps = unlistedTaskGaps(inventory);

  // Without a resource policy only principals whose identity patterns match can read: look them up.
  // Only principals whose identity patterns match, or whom the resource policy itself names, can read.
  const candidateReaders = (aws: AwsSecretResource): PrincipalNode[] => {
    // A pattern secret is matched glob against glob in the engine; the literal prefilter cannot tell.
    if (aws.service !== 's3' && aws.pattern !== undefined) return nodes;
    const requests = readRequests(aws);
    return candidates.of(requests.map((r) => r.action), requests.map((r) => r.resource), resourcePolicyOf(aws, index));
  };

  // Direct accesses of AWS-held secrets, then what ECS injects into tasks.
  const awsReaders = new Map<SecretTarget, Map<string, Access>>();
  const awsReadersOf = (target: SecretTarget): Map<string, Access> => {
    let readers = awsReaders.get(target);
    if (readers) return readers;
    readers = reach.spread(directReaders(target));
    awsReaders.set(target, readers);
    return readers;
  };
  // Who may run a task definition with no task role, passing its execution role (ECS asks for it): they read what it injects.
  const runners = new Map<TaskDefinition, TaskRunner[]>();
  const runnersOf = (task: TaskDefinition): TaskRunner[] => {
    let found = runners.get(task);
    if (!found) {
      const account = task.account ?? nodeByArn.get(task.executionRoleArn ?? '')?.account ?? manifest.defaultAccount ?? '';
      found = taskRunners(task, task.executionRoleArn, account, task.region ?? manifest.region, candidates);
      runners.set(task, found);
    }
    return found;
  };
  const directCache = new Map<SecretTarget, Map<string, Access>>();
  const directReaders = (target: SecretTarget): Map<string, Access> => {
    const cached = directCache.get(target);
    if (cached) return cached;
    const direct = new Map<string, Access>();
    directCache.set(target, direct);
    if (target.aws) {
      for (const node of candidateReaders(target.aws)) {
        const access = readAwsSecret(node, target.id, target.aws, index, issues, candidates);
        if (access) direct.set(node.arn, access);
      }
      // A Secrets Manager replica holds the same value under its own region's ARN and key.
      for (const copy of replicaCopies(target.aws)) {
        for (const node of candidateReaders(copy)) {
          const access = readAwsSecret(node, target.id, copy, index, issues, candidates);
          if (access) direct.set(node.arn, betterAccess(direct.get(node.arn), throughReplica(access, copy)) as Access);
        }
      }
      addUnlistedTaskReaders(target, direct, taskGaps);
      addInjectedReaders(target, direct, injections.get(target.aws.arn) ?? [], nodeByArn, index, issues, options.escalation ? runnersOf : undefined);
    }
    if (target.taskEnv || target.valueCopies) addTaskEnvReaders(target, direct, candidates, manifest, options.escalation ? runnersOf : undefined);
    return direct;
  };

  // Vault logins (docs/semantics.md#vault-login), then what each login's policies grant on each Vault path.
  const policies = new Map(inventory.vaultPolicies.map((p) => [vaultPolicyKey(p), p]));
  const logins = new Map<string, Map<string, Access>>();
  for (const role of inventory.vaultAuthRoles) {
    if (role.type === 'approle') {
      const locations = credentialLocations(role, index, manifest, targets);
      logins.set(vaultRoleNode(role), appRoleLogins(role, manifest, locations, awsReadersOf, issues));
    } else if (role.type === 'aws') {
      logins.set(vaultRoleNode(role), reach.spread(awsAuthLogins(role, inventory)));
    } else if (role.type === 'external') {
      logins.set(vaultRoleNode(role), externalAuthLogins(role));
    }
  }
  // An identity's members log in through the roles above (its aliases name them).
  const noLogins = new Map<string, Access>();
  for (const [identity, members] of identityLogins(inventory.vaultAuthRoles, (role) => logins.get(vaultRoleNode(role)) ?? noLogins)) {
    logins.set(vaultRoleNode(identity), members);
  }

  // One trie of every role's rule prefixes: a Vault path asks only the roles some rule could match.
  // Built on the first Vault path, so that an inventory without one raises no Vault issues.
  let rolesByPrefix: PrefixTrie<VaultAuthRole> | undefined;
  const roleOrder = new Map(inventory.vaultAuthRoles.map((role, i) => [role, i]));
  const anyPathRoles = new Set<VaultAuthRole>();
  const rolesFor = (path: string): VaultAuthRole[] => {
    if (options.exhaustive) return inventory.vaultAuthRoles;
    if (!rolesByPrefix) {
      rolesByPrefix = new PrefixTrie();
      for (const role of inventory.vaultAuthRoles) {
        const prefixes = vaultRoleRulePrefixes(role, policies, issues);
        if (prefixes === 'any') anyPathRoles.add(role);
        else for (const prefix of prefixes) rolesByPrefix.insert(prefix, role);
      }
    }
    const chosen = new Set(anyPathRoles);
    rolesByPrefix.visit(normalizeRequestPath(path), (role) => chosen.add(role));
    return inUniverseOrder(chosen, roleOrder);
  };

  // Roles a live scan could not read: their logins reach every Vault path, conditionally.
  let unreadLogins: UnreadRoleLogins[] | undefined;

  const answers: SecretAnswer[] = targets.map((target) => {
    let readers: Map<string, Access>;
    if (target.vaultPath !== undefined) {
      readers = new Map();
      // A pattern's rules may lie beyond its literal prefix: every role is asked (pattern secrets are few).
      const asked = target.vaultPattern === undefined ? rolesFor(target.vaultPath) : inventory.vaultAuthRoles;
      for (const role of asked) {
        const grant = target.vaultPattern === undefined
          ? vaultRoleReads(role, target.vaultPath, policies, issues)
          : vaultRolePatternReads(role, target.vaultPath, target.vaultPattern, policies, issues);
        if (!grant) continue;
        // One policy step per role and path, shared by every principal that logs in to the role.
        const read: Access = { conditional: grant.conditional, steps: [placeStep(grant.step, vaultRoleNode(role), target.id)] };
        for (const [principal, login] of logins.get(vaultRoleNode(role)) ?? []) {
          const access = chainAccess(login, read);
          readers.set(principal, betterAccess(readers.get(principal), access) as Access);
        }
      }
      unreadLogins ??= unreadVaultRoleLogins(inventory, manifest, index, targets, awsReadersOf);
      for (const { node, logins: unread, grant } of unreadLogins) {
        const read: Access = { conditional: true, steps: [placeStep(grant, node, target.id)] };
        for (const [principal, login] of unread) {
          const access = chainAccess(login, read);
          readers.set(principal, betterAccess(readers.get(principal), access) as Access);
        }
      }
    } else {
      readers = awsReadersOf(target);
    }
    return { target, readers: toReaders(readers) };
  });

  return { answers, nodes, becomeEdges, injections: [...injections.values()].flat(), issues: issues.issues };
}

function toReaders(readers: Map<string, Access>): Reader[] {
  return [...readers.entries()]
    .map(([principal, access]) => ({ principal, conditional: access.conditional, via: access.steps }))
    .sort((a, b) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0));
}
