/**
 * Statements a principal can never match, whatever it asks. Condition entries are ANDed: a
 * statement whose Condition holds one entry that is false never applies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_logic_multiple_context_keys_or_values.html).
 * When that entry's key takes its value from the principal alone (its tags, ARN, account, type,
 * user name), it is false for every request of that principal: `aws:PrincipalTag/team` equal to
 * `team0` rules the statement out for every principal tagged otherwise.
 *
 * The entries are judged by the same evaluator and against the same context the engine builds for
 * the principal's requests, so "ruled out" here means the engine's answer would be `no`. Keys that
 * vary with the request (the resource, its tags, the encryption context) are never judged: an entry
 * on them, or an undecided one, rules nothing out.
 */
import type { IamContextValue } from '../../model/iam.js';
import type { CompiledStatement } from './compile.js';
import { evaluateConditions, type CompiledConditionEntry } from './conditions/evaluate-condition.js';
import { describePrincipal } from './principal.js';
import { RequestContext } from './request-context.js';

/** Condition keys (lower-cased) whose value the request context takes from the principal alone (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principal-properties). */
const PRINCIPAL_KEYS = new Set(['aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:username', 'aws:userid', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalisawsservice']);

function isPrincipalKey(keyLower: string): boolean {
  return PRINCIPAL_KEYS.has(keyLower) || keyLower.startsWith('aws:principaltag/');
}

/** Whether a principal's filter can rule `st` out at all: its Condition has an entry on a key about the principal. */
export function mentionsPrincipal(st: CompiledStatement): boolean {
  return principalEntriesOf(st).length > 0;
}

const NO_ENTRIES: readonly CompiledConditionEntry[] = Object.freeze([]);
// Statements are shared by every principal their policy is attached to: their entries on principal keys are picked out once.
const principalEntries = new WeakMap<CompiledStatement, readonly CompiledConditionEntry[]>();
function principalEntriesOf(st: CompiledStatement): readonly CompiledConditionEntry[] {
  // Most statements name no principal key: those are read without compiling their conditions,
  // which the engine may never need, and without an entry here (an organisation holds hundreds of
  // thousands of statements).
  if (st.conditionMentions?.(isPrincipalKey) === false) return NO_ENTRIES;
  let entries = principalEntries.get(st);
  if (!entries) {
    const picked = st.conditions.filter((entry) => isPrincipalKey(entry.keyLower));
    principalEntries.set(st, (entries = picked.length === 0 ? NO_ENTRIES : picked));
  }
  return entries;
}

/** Keys the engine reads from the request itself (engine/iam/request-context.ts): known or not, depending on the request. */
const REQUEST_KEYS = new Set(['aws:resourceaccount']);

/**
 * Judges statements for one principal, with the context its requests carry (its tags and other
 * keys that follow from who it is). Each statement is judged once.
 */
export class PrincipalStatementFilter {
  private readonly ctx: RequestContext;

  private readonly verdicts = new Map<CompiledStatement, boolean>();

  private readonly outright = new Map<CompiledStatement, boolean>();

  constructor(principal: string, context: Record<string, IamContextValue>) {
    this.ctx = new RequestContext({ principal, action: '', resource: '', context }, describePrincipal(principal), undefined);
  }

  /** True when `st` cannot apply to any request of this principal. */
  rulesOut(st: CompiledStatement): boolean {
    const entries = principalEntriesOf(st);
    if (entries.length === 0) return false;
    let verdict = this.verdicts.get(st);
    if (verdict === undefined) this.verdicts.set(st, (verdict = evaluateConditions(entries, this.ctx).state === 'no'));
    return verdict;
  }

  /**
   * False when `st` can apply to this principal's requests only conditionally, never outright: a
   * condition entry the engine cannot read, or one on a key neither the principal's context nor
   * the request itself supplies (`aws:ResourceTag/*`, `aws:SourceIp`, …), is undecided for every
   * request, so the statement is at best undecided. For requests that carry the principal's own
   * context and no keys of their caller's (reads do).
   */
  mayApplyOutright(st: CompiledStatement): boolean {
    if (st.conditions.length === 0 && st.malformed.length === 0) return true;
    let verdict = this.outright.get(st);
    if (verdict === undefined) {
      verdict = st.malformed.length === 0 && st.conditions.every((entry) => entry.spec !== undefined && entry.malformed === undefined
        && (REQUEST_KEYS.has(entry.keyLower) || this.ctx.get(entry.keyLower).state !== 'unknown'));
      this.outright.set(st, verdict);
    }
    return verdict;
  }
}
