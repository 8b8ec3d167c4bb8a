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
