import type { IamPrincipal, Inventory, TaskDefinition } from '../model/inventory.js';
import type { ChainStep } from '../model/report.js';
import type { JsonObject, JsonValue } from '../model/source.js';
import { isJsonObject, statementObjects, stringsIn } from './policy-statements.js';
import type { Access } from './access.js';
import { decidingAllow, describeDecision, placeStep } from './access.js';
import { decide, isAllowed } from './iam-decider.js';
import type { PrincipalNode } from './principal-universe.js';
import { Candidates } from './candidates.js';

/** "`from` can act as `to`", with the grant that allows it. */
export interface BecomeEdge {
  from: string;
  to: string;
  access: Access;
}

/** The service principal of ECS tasks (task and execution roles trust it). */
export const ECS_TASKS = 'ecs-tasks.amazonaws.com';
/** The context of passing a role to ECS tasks: one frozen object, which the engine reads once. */
const PASSED_TO_ECS = Object.freeze({ 'iam:PassedToService': ECS_TASKS });

/**
 * Role assumption edges (docs/semantics.md#assume-role): Q → P when IAM allows Q `sts:AssumeRole` on P, where P's
 * trust policy must explicitly allow Q — by naming it, or by naming its account, in which case
 * Q's own policies must allow too (as for KMS key policies). Trust policies that name no AWS principal (only services
 * or federated providers) admit no IAM principal and are skipped without asking the engine.
 */
export function assumeRoleEdges(nodes: PrincipalNode[], candidates: Candidates = new Candidates(nodes, true)): BecomeEdge[] {
  const edges: BecomeEdge[] = [];
  for (const target of nodes) {
    const role = target.principal;
    if (role?.kind !== 'role' || !role.trustPolicy || !admitsAwsPrincipals(role.trustPolicy.document)) continue;
    for (const caller of candidates.of(['sts:AssumeRole'], [role.arn], role.trustPolicy)) {
      if (caller.arn === target.arn) continue;
      const decision = decide(caller, 'sts:AssumeRole', role.arn, { policy: role.trustPolicy, account: role.account, isTrustPolicy: true });
      if (!isAllowed(decision)) continue;
      const trustGrant = decision.reasons.find((r) => r.effect === 'Allow' && r.policyType === 'resource') ?? decidingAllow(decision);
      const step: ChainStep = placeStep({ edge: 'assume-role', conditional: decision.conditional, detail: describeDecision('sts:AssumeRole', decision) }, caller.arn, role.arn);
      if (trustGrant?.source) step.source = trustGrant.source;
      edges.push({ from: caller.arn, to: role.arn, access: { conditional: decision.conditional, steps: [step] } });
    }
  }
  return edges;
}

/**
 * Pass-role escalation edges (docs/semantics.md#pass-role): Q → P when Q may `iam:PassRole` P to ECS
 * (`iam:PassedToService` = ecs-tasks.amazonaws.com), register a task definition, and run it
 * (RunTask, or create/update a service), and P's trust policy lets ECS tasks assume it.
 */
export function passRoleEdges(nodes: PrincipalNode[], inventory: Inventory, region: string): BecomeEdge[] {
  const edges: BecomeEdge[] = [];
  const taskRoles = nodes.filter((n) => n.principal?.kind === 'role' && n.principal.trustPolicy && admitsService(n.principal.trustPolicy.document, ECS_TASKS));
  if (taskRoles.length === 0) return edges;
  // The run requests of one account are the same for every caller in it: built once per account.
  const runsByAccount = new Map<string, RunRequest[]>();
  for (const caller of nodes) {
    if (caller.kind !== 'role' && caller.kind !== 'user') continue;
    const account = caller.account ?? '';
    let runs = runsByAccount.get(account);
    if (!runs) runsByAccount.set(account, (runs = runRequests(account, region, inventory)));
    const start = canStartEcsTask(caller, account, runs);
    if (!start) continue;
    for (const target of taskRoles) {
      const role = target.principal as IamPrincipal;
      if (role.arn === caller.arn || role.account !== caller.account) continue;
      const pass = decide(caller, 'iam:PassRole', role.arn, { account: role.account }, PASSED_TO_ECS);
      if (!isAllowed(pass)) continue;
      const conditional = pass.conditional || start.conditional;
      const step: ChainStep = placeStep({
        edge: 'pass-role', conditional, source: decidingAllow(pass)?.source,
        detail: `${describeDecision('iam:PassRole', pass)}; ${start.detail}`,
      }, caller.arn, role.arn);
      edges.push({ from: caller.arn, to: role.arn, access: { conditional, steps: [step] } });
    }
  }
  return edges;
}

/**
 * Pass-role escalation through a task definition that already runs as P (docs/semantics.md#pass-role):
 * Q may `ecs:RunTask` (or `ecs:StartTask`) it and `iam:PassRole` P, which ECS asks for the roles of
 * the task definition it runs. A container override (`command`, `environment`) then runs Q's code as
 * P, with no task definition of Q's own. Callers come from the index (`Candidates`): those whose
 * identity may allow running the task definition.
 */
export function runExistingTaskEdges(nodes: PrincipalNode[], inventory: Inventory, region: string, candidates: Candidates, known: readonly BecomeEdge[] = []): BecomeEdge[] {
  const edges: BecomeEdge[] = [];
  const taskRoles = new Map(nodes.filter((n) => n.principal?.kind === 'role' && n.principal.trustPolicy && admitsService(n.principal.trustPolicy.document, ECS_TASKS)).map((n) => [n.arn, n]));
  const already = new Set(known.map((e) => `${e.from}\u0000${e.to}`));
  for (const task of inventory.taskDefinitions) {
    const target = task.taskRoleArn === undefined ? undefined : taskRoles.get(task.taskRoleArn);
    const role = target?.principal;
    if (!role) continue;
    for (const runner of taskRunners(task, role.arn, role.account, region, candidates)) {
      if (already.has(`${runner.caller}\u0000${role.arn}`)) continue;
      const step: ChainStep = placeStep({ edge: 'pass-role', conditional: runner.conditional, source: runner.source, detail: `${runner.detail}; it runs as ${role.arn}` }, runner.caller, role.arn);
      edges.push({ from: runner.caller, to: role.arn, access: { conditional: runner.conditional, steps: [step] } });
      already.add(`${runner.caller}\u0000${role.arn}`);
    }
  }
  return edges;
}

const RUN_ACTIONS = ['ecs:RunTask', 'ecs:StartTask'] as const;

/** Who can run a task definition and pass it `role`: the step that says so, per caller. */
export interface TaskRunner { caller: string; conditional: boolean; detail: string; source?: ChainStep['source'] }

/**
 * Who may run `task` as it is (`ecs:RunTask`/`StartTask` on it) and pass `roleArn`, one of its
 * roles, which ECS asks for (none when it has no role): a container override then runs any command
 * in it (docs/semantics.md#pass-role). Callers of the task's account only; `roleArn` itself excluded.
 */
export function taskRunners(task: TaskDefinition, roleArn: string | undefined, account: string, region: string, candidates: Candidates): TaskRunner[] {
  const runs = existingTaskRuns(task, account, region);
  const callers = runs.some((r) => r.pattern !== undefined) ? candidates.withAnyGrantOf(RUN_ACTIONS) : candidates.of(RUN_ACTIONS, runs.map((r) => r.resource));
  const runners: TaskRunner[] = [];
  for (const caller of callers) {
    if ((caller.kind !== 'role' && caller.kind !== 'user') || caller.arn === roleArn || caller.account !== account) continue;
    const run = bestRun(caller, account, runs);
    if (!run) continue;
    // A task definition with no role at all asks for no PassRole.
    const pass = roleArn === undefined ? undefined : decide(caller, 'iam:PassRole', roleArn, { account }, PASSED_TO_ECS);
    if (pass && !isAllowed(pass)) continue;
    const source = (pass ? decidingAllow(pass)?.source : run.source) ?? task.source;
    const passed = pass ? `${describeDecision('iam:PassRole', pass)}; ` : '';
    runners.push({ caller: caller.arn, conditional: (pass?.conditional ?? false) || run.conditional, detail: `${passed}${run.detail} on task definition ${task.family} (a container override runs any command in it)`, ...(source ? { source } : {}) });
  }
  return runners;
}

interface ExistingRun { resource: string; pattern?: string }

/**
 * The task definition ARNs a run of `task` is authorized against: the family alone (a run that names
 * no revision is checked against it) and the revision — its ARN, or every revision of the family, as
 * a pattern, when the inputs do not say which.
 */
function existingTaskRuns(task: TaskDefinition, roleAccount: string, region: string): ExistingRun[] {
  const family = `arn:aws:ecs:${task.region ?? region}:${task.account ?? roleAccount}:task-definition/${task.family}`;
  const familyRun: ExistingRun = /[*?]/.test(task.family) ? { resource: family, pattern: `the task definition family is ${task.family}` } : { resource: family };
  if (task.arn) return [familyRun, { resource: task.arn }];
  return [familyRun, { resource: `${family}:*`, pattern: `the revision of task definition ${task.family} is not known` }];
}

function bestRun(caller: PrincipalNode, account: string, runs: readonly ExistingRun[]): { conditional: boolean; detail: string; source?: ChainStep['source'] } | undefined {
  let best: { conditional: boolean; detail: string; source?: ChainStep['source'] } | undefined;
  for (const action of RUN_ACTIONS) {
    for (const run of runs) {
      const decision = decide(caller, action, run.resource, { account, ...(run.pattern ? { pattern: { why: run.pattern } } : {}) });
      if (!isAllowed(decision)) continue;
      const source = decidingAllow(decision)?.source;
      if (!best || (best.conditional && !decision.conditional)) best = { conditional: decision.conditional, detail: describeDecision(action, decision), ...(source ? { source } : {}) };
      if (!best.conditional) return best;
    }
  }
  return best;
}

interface RunRequest { action: string; resource: string }

/** The requests any one of which starts a task in `account`, once the caller can register a task definition. */
function runRequests(account: string, region: string, inventory: Inventory): RunRequest[] {
  // The caller can register any family, so permission to run any task definition ARN suffices.
  const taskArns = [`arn:aws:ecs:${region}:${account}:task-definition/secret-scan-probe:1`, ...inventory.taskDefinitions.flatMap((t) => (t.arn && t.account === account ? [t.arn] : []))];
  return [
    ...taskArns.map((arn) => ({ action: 'ecs:RunTask', resource: arn })),
    { action: 'ecs:CreateService', resource: `arn:aws:ecs:${region}:${account}:service/secret-scan-probe/secret-scan-probe` },
    { action: 'ecs:UpdateService', resource: `arn:aws:ecs:${region}:${account}:service/secret-scan-probe/secret-scan-probe` },
  ];
}

function canStartEcsTask(caller: PrincipalNode, account: string, runs: readonly RunRequest[]): { conditional: boolean; detail: string } | undefined {
  const register = decide(caller, 'ecs:RegisterTaskDefinition', '*', { account });
  if (!isAllowed(register)) return undefined;
  let best: { conditional: boolean; detail: string } | undefined;
  for (const run of runs) {
    const decision = decide(caller, run.action, run.resource, { account });
    if (!isAllowed(decision)) continue;
    const candidate = { conditional: register.conditional || decision.conditional, detail: `${describeDecision('ecs:RegisterTaskDefinition', register)}; ${describeDecision(run.action, decision)}` };
    if (!best || (best.conditional && !candidate.conditional)) best = candidate;
    if (!candidate.conditional) break;
  }
  return best;
}

/** Whether any Allow statement of a trust policy names an AWS principal (ARN, account or `*`). */
export function admitsAwsPrincipals(document: JsonValue): boolean {
  return allowStatements(document).some((statement) => {
    const principal = statement.Principal;
    if (principal === '*') return true;
    if (statement.NotPrincipal !== undefined) return true;
    return isJsonObject(principal) && principal.AWS !== undefined;
  });
}

/** Whether an Allow statement of a trust policy names the service principal. */
export function admitsService(document: JsonValue, service: string): boolean {
  return allowStatements(document).some((statement) => {
    const principal = statement.Principal;
    if (principal === '*') return true;
    if (!isJsonObject(principal)) return false;
    return stringsIn(principal.Service).includes(service);
  });
}

function allowStatements(document: JsonValue): JsonObject[] {
  return statementObjects(document).filter((s) => s.Effect === 'Allow');
}
