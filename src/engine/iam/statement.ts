/**
 * Whether one statement applies to a request: Action/NotAction, Resource/NotResource,
 * Principal/NotPrincipal (resource-based policies only) and Condition, each three-valued.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { UndecidedCondition } from '../../model/iam.js';
import type { ActionMatcher, CompiledStatement, ResourceMatcher } from './compile.js';
import { evaluateConditions, type Tri } from './conditions/evaluate-condition.js';
import { matchPrincipal, type PrincipalInfo, type PrincipalMatch } from './principal.js';
import type { RequestContext } from './request-context.js';
import { resolveTemplate } from './variables.js';
import { relateGlobs } from './glob-relations.js';
import { compileGlob, matchCompiledGlob } from './wildcard.js';

/** A request prepared once for evaluation against many statements. */
export interface PreparedRequest {
  /** Lower-cased `service:action` (the matchers rely on it). */
  action: string;
  service: string;
  resource: string;
  /** Set when `resource` is a pattern standing for values the inputs cannot know: why (docs/semantics.md#symbolic-unknowns). */
  resourcePattern?: string;
  /** With `resourcePattern`: the stand-in that grants written for this very resource name. */
  resourceStandIn?: string;
  who: PrincipalInfo;
  /** See `IamRequest.principalStandIns`. */
  principalStandIns?: ReadonlySet<string>;
  ctx: RequestContext;
  /** The caller has a permissions boundary: a Deny with NotPrincipal then applies whatever it lists. */
  hasBoundary?: boolean;
}

export interface StatementOutcome {
  state: Tri;
  undecided: UndecidedCondition[];
  /** How the principal element matched (resource-based policies only). */
  principal?: PrincipalMatch;
}

const NO: StatementOutcome = Object.freeze({ state: 'no', undecided: [] as UndecidedCondition[] });
const APPLIES: StatementOutcome = Object.freeze({ state: 'yes', undecided: [] as UndecidedCondition[] });

/** True when the action element (as written, before NotAction inversion) lists the action. */
export function actionListed(m: ActionMatcher, action: string, service: string): boolean {
  if (m.any || m.exact.has(action)) return true;
  const bucket = m.byService.get(service);
  if (bucket) for (const g of bucket) if (matchCompiledGlob(g, action, true)) return true;
  for (const g of m.other) if (matchCompiledGlob(g, action, true)) return true;
  return false;
}

const LISTED = Object.freeze({ state: 'yes' as Tri });
const NOT_LISTED = Object.freeze({ state: 'no' as Tri });

function resourceListed(m: ResourceMatcher, req: PreparedRequest): { state: Tri; undecided?: UndecidedCondition } {
  if (m.any) return LISTED;
  if (req.resourcePattern !== undefined) return patternListed(m, req, req.resourcePattern);
  for (const g of m.globs) if (matchCompiledGlob(g, req.resource)) return LISTED;
  let undecided: UndecidedCondition | undefined;
  for (const t of m.templates) {
    const r = resolveTemplate(t.parts, req.ctx, true);
    if (r.state === 'value') {
      if (matchCompiledGlob(compileGlob(r.value), req.resource)) return LISTED;
    } else if (r.state === 'unknown') {
      undecided ??= { operator: 'Resource', key: r.key, values: [t.raw], why: r.why };
    }
  }
  return undecided ? { state: 'unknown', undecided } : NOT_LISTED;
}

/**
 * A pattern resource (a secret whose name holds an unknown) is listed when a glob covers every
 * value of the pattern, undecided when it matches only some of them, not listed when none.
 */
function patternListed(m: ResourceMatcher, req: PreparedRequest, why: string): { state: Tri; undecided?: UndecidedCondition } {
  const globs = [...m.globs.map((g) => g.pattern), ...m.templates.map((t) => {
    const r = resolveTemplate(t.parts, req.ctx, true);
    return r.state === 'value' ? r.value : t.raw.replace(/\$\{[^}]*\}/g, '*');
  })];
  let overlap: string | undefined;
  for (const g of globs) {
    if (g === req.resourceStandIn) return LISTED;
    // Only an S3 key may hold `:`; every other pattern's unknown parts are names and ARN fields without one.
    const relation = relateGlobs(g, req.resource, req.service === 's3');
    if (relation === 'covers') return LISTED;
    if (relation === 'overlaps') overlap ??= g;
  }
  if (overlap === undefined) return NOT_LISTED;
  return { state: 'unknown', undecided: { operator: 'Resource', key: 'Resource', values: [overlap], why: `${overlap} matches only some values of ${req.resource} (${why})` } };
}

/**
 * Three-valued applicability of a statement. `withPrincipal` is true for resource-based policies,
 * where the Principal element must name the caller; identity-style policies ignore it.
 */
export function evaluateStatement(st: CompiledStatement, req: PreparedRequest, withPrincipal: boolean, actionChecked = false): StatementOutcome {
  // Built only once something is undecided: most statements a request reaches do not apply.
  let undecided: UndecidedCondition[] | undefined;
  // `actionChecked`: the statement came from `statementsFor`, which keeps only those whose action element applies.
  if (st.action && !actionChecked) {
    const listed = actionListed(st.action, req.action, req.service);
    if (listed === st.notAction) return NO;
  }
  if (st.resource) {
    const r = resourceListed(st.resource, req);
    if (st.notResource) {
      if (r.state === 'yes') return NO;
    } else if (r.state === 'no') return NO;
    if (r.state === 'unknown' && r.undecided) (undecided ??= []).push(r.undecided);
  }
  let principal: PrincipalMatch | undefined;
  if (withPrincipal) {
    if (!st.principal) {
      principal = { kind: 'unknown', why: 'statement in a resource-based policy has no Principal' };
    } else {
      principal = matchPrincipal(st.principal, req.who, req.principalStandIns);
      // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
      // permissions boundary policy attached, regardless of the values specified in the NotPrincipal
      // element." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
      if (st.principal.negated && st.effect === 'Deny' && req.hasBoundary) principal = { kind: 'any' };
      if (principal.kind === 'none') return NO;
    }
    if (principal.kind === 'unknown') (undecided ??= []).push({ operator: 'Principal', key: 'Principal', values: [req.who.raw], why: principal.why });
  }
  const cond = st.conditions.length === 0 ? undefined : evaluateConditions(st.conditions, req.ctx);
  if (cond?.state === 'no') return NO;
  if (cond && cond.undecided.length > 0) (undecided ??= []).push(...cond.undecided);
  for (const why of st.malformed) (undecided ??= []).push({ operator: 'Statement', key: '', values: [], why });
  if (undecided === undefined && !principal) return APPLIES;
  const out: StatementOutcome = { state: undecided !== undefined ? 'unknown' : 'yes', undecided: undecided ?? [] };
  if (principal) out.principal = principal;
  return out;
}
