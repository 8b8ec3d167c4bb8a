/**
 * Which statements of a compiled policy a request has to look at: a statement whose Action element
 * is readable and does not list the action (or whose NotAction lists it) never applies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html), so
 * each policy keeps, per action asked, the statements that pass that test — the first thing
 * `evaluateStatement` checks. Skipping the others changes no answer. (A further index by resource
 * prefix per policy was measured and cost more than it saved: a policy holds ~20 statements.)
 */
import type { CompiledIamPolicy, CompiledStatement } from './compile.js';
import { actionListed, type PreparedRequest } from './statement.js';

const NO_STATEMENTS: readonly CompiledStatement[] = Object.freeze([]);

/** The statements of `policy` that could apply to `req`'s action, in statement order. */
export function statementsFor(policy: CompiledIamPolicy, req: PreparedRequest): readonly CompiledStatement[] {
  return statementsForAction(policy, req.action, req.service);
}

/**
 * The statements of `policy` that could apply to `action` (lower-cased `service:action`, with its
 * `service` prefix), in statement order: those whose Action lists it, whose NotAction does not,
 * and those whose action element cannot be read.
 */
export function statementsForAction(policy: CompiledIamPolicy, action: string, service: string): readonly CompiledStatement[] {
  // Kept on the compiled policy itself: a lookup per policy per request, the engine's most frequent.
  let byAction = policy.statementsByAction;
  if (!byAction) policy.statementsByAction = byAction = new Map();
  let statements = byAction.get(action);
  if (!statements) {
    const pool = policy.byService.get(service) ?? policy.anyService;
    const kept = pool.filter((st) => !st.action || actionListed(st.action, action, service) !== st.notAction);
    // Most lists are empty or the whole pool: those are shared, not kept once per policy and action.
    statements = kept.length === 0 ? NO_STATEMENTS : kept.length === pool.length ? pool : kept;
    byAction.set(action, statements);
  }
  return statements;
}

/** The statements of several policies that could apply to one action, each with its policy, in policy then statement order. */
export interface StatementsAcross {
  policies: readonly CompiledIamPolicy[];
  statements: readonly CompiledStatement[];
}

const NOTHING_ACROSS: StatementsAcross = Object.freeze({ policies: Object.freeze([]), statements: NO_STATEMENTS });
const acrossByList = new WeakMap<readonly CompiledIamPolicy[], Map<string, StatementsAcross>>();

/**
 * `statementsForAction` over a list of policies (a principal's identity policies), joined once per
 * list and action: a principal is asked the same few read actions about thousands of resources,
 * and its ten or twenty policies were each looked up again every time. Kept per list object,
 * which the caller keeps for the principal (graph/iam-decider.ts).
 */
export function statementsAcross(list: readonly CompiledIamPolicy[], action: string, service: string): StatementsAcross {
  let byAction = acrossByList.get(list);
  if (!byAction) acrossByList.set(list, (byAction = new Map()));
  let across = byAction.get(action);
  if (!across) {
    const policies: CompiledIamPolicy[] = [];
    const statements: CompiledStatement[] = [];
    for (let p = 0; p < list.length; p++) {
      const policy = list[p] as CompiledIamPolicy;
      const own = statementsForAction(policy, action, service);
      for (let i = 0; i < own.length; i++) {
        policies.push(policy);
        statements.push(own[i] as CompiledStatement);
      }
    }
    across = statements.length === 0 ? NOTHING_ACROSS : { policies, statements };
    byAction.set(action, across);
  }
  return across;
}
