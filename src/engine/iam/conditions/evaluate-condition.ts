/**
 * Condition blocks: operators AND, keys AND, values OR (NOR for negated operators), with
 * `...IfExists`, `Null` and the set operators `ForAnyValue:` / `ForAllValues:`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * A key the request context does not know leaves the entry undecided, never false.
 */
import { ownEntry } from '../../../input-safety.js';
import type { JsonValue } from '../../../model/source.js';
import type { UndecidedCondition } from '../../../model/iam.js';
import type { RequestContext } from '../request-context.js';
import { parseTemplate, resolveTemplate, type TemplatePart } from '../variables.js';
import { OPERATORS, compareValue, prepareValue, type OperatorSpec, type PreparedValue } from './operators.js';

export interface CompiledConditionValue {
  raw: string;
  /** Set when the value holds policy variables (2012-10-17 policies only). */
  template?: TemplatePart[];
  prepared?: PreparedValue;
}

export interface CompiledConditionEntry {
  operator: string;
  key: string;
  keyLower: string;
  spec?: OperatorSpec;
  setOp?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
  values: CompiledConditionValue[];
  /** Why this entry cannot be evaluated at all (unknown operator, bad value shape). */
  malformed?: string;
  /** Every value prepared, when none holds a policy variable: nothing to resolve per request. */
  fixed?: PreparedValue[];
}

export type Tri = 'yes' | 'no' | 'unknown';

export interface ConditionOutcome {
  state: Tri;
  undecided: UndecidedCondition[];
}

/** Reads a `Condition` element into entries; anything unreadable becomes a malformed (undecided) entry. */
export function compileCondition(condition: JsonValue | undefined, variablesEnabled: boolean): CompiledConditionEntry[] {
  const out: CompiledConditionEntry[] = [];
  readCondition(condition, {
    notAnObject: (why) => out.push(conditionEntry('Condition', undefined, undefined, false, '', why)),
    badBlock: (op, why) => out.push(conditionEntry(op.operator, undefined, op.setOp, op.ifExists, '', why)),
    entry: (op, key, list, malformed) => {
      const spec = op.spec && !(op.spec.type === 'null' && (op.setOp || op.ifExists)) ? op.spec : undefined;
      const entry = conditionEntry(op.operator, spec, op.setOp, op.ifExists, key, malformed);
      let fixed: PreparedValue[] | undefined = [];
      for (const v of list) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
        const raw = String(v);
        const template = variablesEnabled && op.spec?.variables ? parseTemplate(raw) : undefined;
        const value: CompiledConditionValue = { raw, template: undefined, prepared: undefined };
        if (template) value.template = template;
        else if (op.spec) value.prepared = prepareValue(op.spec, raw);
        if (value.prepared) fixed?.push(value.prepared);
        else fixed = undefined;
        entry.values.push(value);
      }
      entry.fixed = fixed;
      out.push(entry);
    },
  });
  return out;
}

/** Every entry has the same fields, set or undefined: the evaluator then meets one hidden class. */
function conditionEntry(operator: string, spec: OperatorSpec | undefined, setOp: CompiledConditionEntry['setOp'], ifExists: boolean, key: string, malformed: string | undefined): CompiledConditionEntry {
  return { operator, key, keyLower: key.toLowerCase(), spec, setOp, ifExists, values: [], malformed, fixed: undefined };
}

/**
 * Why entries of a `Condition` element cannot be read — the `malformed` of each entry
 * `compileCondition` would build, in the same order, without compiling any value (the
 * unreadable-statement report asks this of every statement of every policy).
 */
export function conditionProblems(condition: JsonValue | undefined): string[] {
  const problems: string[] = [];
  readCondition(condition, {
    notAnObject: (why) => problems.push(why),
    badBlock: (_op, why) => problems.push(why),
    entry: (_op, _key, _list, malformed) => { if (malformed !== undefined) problems.push(malformed); },
  });
  return problems;
}

interface ConditionOperator {
  operator: string;
  spec: OperatorSpec | undefined;
  setOp: 'ForAnyValue' | 'ForAllValues' | undefined;
  ifExists: boolean;
}

/** The grammar of a `Condition` element, read once for both `compileCondition` and `conditionProblems`. */
function readCondition(condition: JsonValue | undefined, visit: {
  notAnObject: (why: string) => void;
  badBlock: (op: ConditionOperator, why: string) => void;
  entry: (op: ConditionOperator, key: string, values: readonly JsonValue[], malformed: string | undefined) => void;
}): void {
  if (condition === undefined) return;
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    visit.notAnObject('Condition must be an object');
    return;
  }
  for (const [operator, block] of Object.entries(condition)) {
    let name = operator;
    let setOp: ConditionOperator['setOp'];
    if (name.startsWith('ForAnyValue:')) { setOp = 'ForAnyValue'; name = name.slice('ForAnyValue:'.length); }
    else if (name.startsWith('ForAllValues:')) { setOp = 'ForAllValues'; name = name.slice('ForAllValues:'.length); }
    let ifExists = false;
    if (name.endsWith('IfExists') && name !== 'IfExists') { ifExists = true; name = name.slice(0, -'IfExists'.length); }
    const op: ConditionOperator = { operator, spec: ownEntry(OPERATORS, name), setOp, ifExists };
    if (block === null || typeof block !== 'object' || Array.isArray(block)) {
      visit.badBlock(op, `${operator} must map keys to values`);
      continue;
    }
    for (const [key, rawValues] of Object.entries(block)) {
      const list = Array.isArray(rawValues) ? rawValues : [rawValues];
      let malformed: string | undefined;
      if (!op.spec) malformed = `unsupported operator ${operator}`;
      else if (op.spec.type === 'null' && (setOp || ifExists)) malformed = `${operator} is not a valid operator`;
      else if (list.some((v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) malformed = `${operator} ${key}: values must be strings, numbers or booleans`;
      visit.entry(op, key, list, malformed);
    }
  }
}

/** Evaluates all entries (logical AND): `no` as soon as one is false, `unknown` if any is undecided. */
export function evaluateConditions(entries: readonly CompiledConditionEntry[], ctx: RequestContext): ConditionOutcome {
  let undecided: UndecidedCondition[] | undefined;
  for (const entry of entries) {
    const r = evaluateEntry(entry, ctx);
    if (r === true) continue;
    if (r === false) return { state: 'no', undecided: [] };
    (undecided ??= []).push(r);
  }
  return undecided ? { state: 'unknown', undecided } : { state: 'yes', undecided: [] };
}

function undecidedOf(entry: CompiledConditionEntry, why: string): UndecidedCondition {
  return { operator: entry.operator, key: entry.key, values: entry.values.map((v) => v.raw), why };
}

/** One operator/key pair: true, false, or the reason it is undecided. */
function evaluateEntry(entry: CompiledConditionEntry, ctx: RequestContext): boolean | UndecidedCondition {
  if (entry.malformed || !entry.spec) return undecidedOf(entry, entry.malformed ?? `unsupported operator ${entry.operator}`);
  const spec = entry.spec;
  const found = ctx.get(entry.keyLower);
  if (found.state === 'unknown') return undecidedOf(entry, `context key ${entry.key} not known`);

  if (spec.type === 'null') {
    const isAbsent = found.state === 'absent' || found.values.length === 0;
    let any = false;
    for (const v of entry.values) {
      const t = v.raw.toLowerCase();
      if (t !== 'true' && t !== 'false') return undecidedOf(entry, `Null takes true or false, not ${v.raw}`);
      if ((t === 'true') === isAbsent) any = true;
    }
    return any;
  }

  if (found.state === 'absent') {
    if (entry.setOp === 'ForAllValues') return true;
    if (entry.setOp === 'ForAnyValue') return false;
    if (entry.ifExists) return true;
    // AWS: a missing key matches nothing, so a negated operator is true.
    return spec.negated;
  }

  // Resolve the policy values (variables substituted per request).
  let prepared = entry.fixed;
  let unresolved: string | undefined;
  if (!prepared) {
    prepared = [];
    for (const v of entry.values) {
      if (v.prepared) { prepared.push(v.prepared); continue; }
      const r = resolveTemplate(v.template ?? [v.raw], ctx, spec.compare === 'like' || spec.type === 'arn');
      if (r.state === 'value') prepared.push(prepareValue(spec, r.value));
      else if (r.state === 'unknown') unresolved ??= r.why;
      // A variable whose key is absent (no default) matches nothing: the value is dropped.
    }
  }
  for (const p of prepared) if (p.kind === 'malformed') return undecidedOf(entry, p.why);

  const values = found.values;
  let result: boolean | undefined;
  if (entry.setOp === 'ForAllValues') {
    result = true;
    for (const v of values) {
      const s = single(spec, prepared, unresolved, v);
      if (s === false) { result = false; break; }
      if (s === undefined) result = undefined;
    }
  } else if (entry.setOp === 'ForAnyValue') {
    result = false;
    for (const v of values) {
      const s = single(spec, prepared, unresolved, v);
      if (s === true) { result = true; break; }
      if (s === undefined) result = undefined;
    }
  } else {
    // Without a set operator a multi-valued key matches when any of its values matches.
    let matched: boolean | undefined = false;
    for (const v of values) {
      const m = anyPolicyMatches(spec, prepared, unresolved, v);
      if (m === true) { matched = true; break; }
      if (m === undefined) matched = undefined;
    }
    result = matched === undefined ? undefined : spec.negated ? !matched : matched;
    if (values.length === 0) result = entry.ifExists ? true : spec.negated;
  }
  return result === undefined ? undecidedOf(entry, unresolved ?? 'undecided') : result;
}

/** Some policy value matches the context value; undefined when none does but a value could not be resolved. */
function anyPolicyMatches(spec: OperatorSpec, prepared: readonly PreparedValue[], unresolved: string | undefined, ctxValue: string): boolean | undefined {
  for (const p of prepared) if (compareValue(spec, p, ctxValue)) return true;
  return unresolved ? undefined : false;
}

/** The per-context-value test: positive operators need some policy value to match, negated ones none. */
function single(spec: OperatorSpec, prepared: readonly PreparedValue[], unresolved: string | undefined, ctxValue: string): boolean | undefined {
  const m = anyPolicyMatches(spec, prepared, unresolved, ctxValue);
  if (m === undefined) return undefined;
  return spec.negated ? !m : m;
}
