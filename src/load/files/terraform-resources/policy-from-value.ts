import type { IamPolicy } from '../../../model/iam.js';
import { unknownPolicyDocument, type PolicyKind } from '../../unknown-policy.js';
import { symbolicPrincipal } from '../../../model/unknowns.js';
import { isKnownMap, isUnknown, UNRESOLVED_KEY, unknownReason } from '../../unknown-value.js';
import { jsonFromTemplate } from './json-from-template.js';
import { statementConcernsAccess } from '../../access-actions.js';
import { parseJsonText } from '../json/parse-json-with-positions.js';
import { describeParserError } from '../../../input-safety.js';
import type { JsonValue, SourceRef } from '../../../model/source.js';
import type { MappingState } from './mapping-state.js';
import type { TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';

export { UNRESOLVED_KEY };

type JsonMap = { [key: string]: JsonValue };

/**
 * Turns a policy-valued attribute into an `IamPolicy`. The value may be JSON text (a plan, a
 * resolved `jsonencode`), a document as a value tree, or unknown. Every unknown inside is resolved
 * against the other resources where it can be, and otherwise widens, with an `unresolvedExpression`
 * issue naming it: in an Allow's Action, Resource or Principal it becomes its pattern or `*`; in a
 * Deny, or in a condition, the statement gets the condition `StringEquals secret-scan:UnresolvedExpression`,
 * which the engine cannot decide, so an Allow turns conditional and a Deny never removes access.
 * A wholly unknown document becomes one such conditional Allow of everything; so does text that
 * is not JSON (`policyParseError`): AWS would refuse it at apply, leaving an unknown policy in place. `source` is the
 * attribute's place; statement i's place is `attributeSources["ATTR.Statement[i]"]` when given.
 */
export function policyFromValue(
  state: MappingState,
  resource: TerraformResourceInput,
  attribute: string,
  raw: TfValue | undefined,
  id: string,
  kind: PolicyKind,
): IamPolicy | undefined {
  const source = state.sourceOf(resource, attribute);
  // The attribute as a whole is a document (`data.X.json`), never a template around one: resolved exactly.
  let value = state.resolve(raw, 'join');
  if (value === undefined || value === null || value === '') return undefined;
  // A document written as a template (heredoc, templatefile) around unknowns: parse it with the
  // unknown parts in place, so each widens only where it sits (docs/semantics.md#symbolic-unknowns).
  if (isUnknown(value) && value.parts) value = jsonFromTemplate(state, value.parts) ?? value;
  if (typeof value === 'string') {
    let document: JsonValue;
    try {
      document = parseJsonText(value).value;
    } catch (error) {
      // AWS would refuse it at apply, so what is deployed is whatever was there before: unknown.
      state.issue('policyParseError', `${resource.address}: ${attribute} is not a JSON policy document (${describeParserError(error)}); it is taken to allow everything, conditionally`, source);
      const expression = `${resource.address}.${attribute} (not a JSON policy document)`;
      return unknownPolicyDocument(id, expression, kind, source, { AWS: symbolicPrincipal(expression) });
    }
    return { id, document, source, statementSources: statementsOf(document).map(() => source) };
  }
  const report = (unknown: TfUnknown, consequence: string): void => {
    state.issue('unresolvedExpression', `${id}: ${unknown.expression} cannot be resolved; ${consequence}`, unknown.source ?? source);
  };
  if (isUnknown(value) || !isKnownMap(value)) {
    const expression = isUnknown(value) ? unknownReason(value, source) : `${resource.address}.${attribute}`;
    if (isUnknown(value)) report(value, 'the whole document is unknown: it is taken to allow everything, conditionally');
    else state.issue('policyParseError', `${resource.address}: ${attribute} is not a policy document`, source);
    // Whoever it admits is one principal the inputs cannot name, not `*` (docs/semantics.md#symbolic-unknowns).
    return unknownPolicyDocument(id, expression, kind, source, { AWS: symbolicPrincipal(isUnknown(value) ? value.expression : expression) });
  }
  const document: JsonMap = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'Statement') continue;
    const resolved = state.resolve(entry, 'policy');
    if (isUnknown(resolved)) { if (key !== 'Version') report(resolved, `${key} left out`); continue; }
    document[key] = plain(resolved ?? null);
  }
  if (document['Version'] === undefined) document['Version'] = '2012-10-17';
  const rawStatements = state.resolve(value['Statement'], 'policy');
  const list: TfValue[] = rawStatements === undefined || rawStatements === null ? [] : Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const statements: JsonMap[] = [];
  const statementSources: SourceRef[] = [];
  list.forEach((s, i) => {
    const at = resource.attributeSources?.[`${attribute}.Statement[${i}]`] ?? source;
    for (const statement of widenStatement(state, s, kind, report, at)) {
      statements.push(statement);
      statementSources.push(at);
    }
  });
  document['Statement'] = statements;
  return { id, document, source, statementSources };
}

/**
 * One statement, widened where it holds unknowns. When the only unknowns are elements of one
 * Allow list (`Resource = [aws_x.a.arn, var.extra]`), the known elements keep an unconditional
 * statement and the widened ones get a conditional copy: an unknown element widens itself only.
 */
function widenStatement(state: MappingState, raw: TfValue, kind: PolicyKind, report: (u: TfUnknown, why: string) => void, at: SourceRef): JsonMap[] {
  const widened = new Map<string, string[]>();
  const statement = widenOneStatement(state, raw, kind, report, at, widened);
  const [only] = widened.keys();
  const condition = statement['Condition'];
  const equals = isKnownMap(condition) && isKnownMap(condition['StringEquals']) ? condition['StringEquals'] : undefined;
  const reasons = equals?.[UNRESOLVED_KEY];
  const reasonCount = reasons === undefined ? 0 : Array.isArray(reasons) ? reasons.length : 1;
  const shown = only === undefined ? [] : widened.get(only) ?? [];
  const items = only === undefined ? undefined : statement[only];
  if (widened.size !== 1 || only === undefined || statement['Effect'] !== 'Allow' || reasonCount !== shown.length || !Array.isArray(items)) return [statement];
  const known = items.filter((item) => typeof item !== 'string' || !shown.includes(item));
  if (known.length === 0) return [statement];
  const exact: JsonMap = { ...statement, [only]: known };
  const rest = { ...(equals as JsonMap) };
  delete rest[UNRESOLVED_KEY];
  const exactCondition: JsonMap = { ...(condition as JsonMap) };
  if (Object.keys(rest).length > 0) exactCondition['StringEquals'] = rest; else delete exactCondition['StringEquals'];
  if (Object.keys(exactCondition).length > 0) exact['Condition'] = exactCondition; else delete exact['Condition'];
  return [exact, { ...statement, [only]: shown }];
}

function widenOneStatement(
  state: MappingState, raw: TfValue, kind: PolicyKind, reportUnknown: (u: TfUnknown, why: string) => void, at: SourceRef,
  widened: Map<string, string[]>,
): JsonMap {
  const value = state.resolve(raw, 'policy');
  if (!isKnownMap(value)) {
    const expression = isUnknown(value) ? unknownReason(value, at) : 'a statement that is not an object';
    if (isUnknown(value)) reportUnknown(value, 'the statement is taken to allow everything, conditionally');
    const statement: JsonMap = { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { [UNRESOLVED_KEY]: expression } } };
    if (kind === 'resource') statement['Principal'] = { AWS: symbolicPrincipal(isUnknown(value) ? value.expression : expression) };
    return statement;
  }
  const undecided: string[] = [];
  const statement: JsonMap = {};
  // A statement that cannot allow or deny a request the analysis asks (sqs:*, logs:PutLogEvents)
  // still widens, but what it widens changes nobody's reads: no SS011 (docs/semantics.md#symbolic-unknowns).
  const report = statementConcernsAccess(actionItems(state, value['Action']), actionItems(state, value['NotAction'])) ? reportUnknown : (): void => undefined;
  let effect = state.resolve(value['Effect'], 'policy');
  if (isUnknown(effect)) {
    report(effect, 'the statement is read as a conditional Allow');
    undecided.push(unknownReason(effect, at));
    effect = 'Allow';
  }
  const deny = effect === 'Deny';
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'Effect') { statement[key] = plain(effect ?? null); continue; }
    if (key === 'Condition') continue;
    const resolved = state.resolve(entry, 'policy');
    if (['Action', 'Resource', 'Principal', 'NotAction', 'NotResource', 'NotPrincipal'].includes(key)) {
      const negated = key.startsWith('Not');
      // An Allow naming an unknown principal names one principal the inputs cannot name.
      const symbolic = key === 'Principal' && !deny;
      if (symbolic && isUnknown(resolved)) {
        undecided.push(unknownReason(resolved, at));
        const name = symbolicPrincipal(resolved.expression);
        report(resolved, `the principal is one unknown principal, reported as ${name}`);
        statement[key] = { AWS: name };
        continue;
      }
      const out = widenElement(state, resolved, negated, deny, symbolic, (u, shown) => {
        // A pattern a plan inferred around a resolved reference (`*VALUE*`) is that reference, not an unknown.
        if (deny || negated || u.inferredFrom === undefined || shown !== u.pattern) {
          undecided.push(unknownReason(u, at));
          if (!deny && !negated) widened.set(key, [...(widened.get(key) ?? []), shown]);
          else widened.set(`${key} (excluded)`, []);
        }
        report(u, negated ? `dropped from ${key} (widens the statement)${deny ? '; the Deny is undecided' : ''}`
          : deny ? `${key} widened to *; the Deny is undecided` : `${key} widened to ${shown}, conditionally`);
      });
      if (out === undefined) {
        // Every excluded value was unknown: the statement applies to everything.
        statement[key.slice(3)] = '*';
      } else {
        statement[key] = out;
      }
      continue;
    }
    if (isUnknown(resolved)) { report(resolved, `${key} left out`); continue; }
    statement[key] = plain(resolved ?? null);
  }
  const condition = widenCondition(state, value['Condition'], (u) => {
    undecided.push(unknownReason(u, at));
    report(u, 'the condition is replaced by an undecided one');
  });
  if (undecided.length > 0) {
    const equals = isKnownMap(condition['StringEquals']) ? (condition['StringEquals'] as JsonMap) : {};
    equals[UNRESOLVED_KEY] = undecided.length === 1 ? (undecided[0] as string) : undecided;
    condition['StringEquals'] = equals;
  }
  if (Object.keys(condition).length > 0) statement['Condition'] = condition;
  return statement;
}

/** A statement's Action or NotAction items, resolved, each unknown one undefined; undefined when the element is absent. */
function actionItems(state: MappingState, raw: TfValue | undefined): (string | undefined)[] | undefined {
  const value = state.resolve(raw, 'policy');
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map((item) => {
    const resolved = state.resolve(item, 'policy');
    return typeof resolved === 'string' ? resolved : undefined;
  });
}

/**
 * One of Action, Resource, Principal or their Not forms. Unknown values in a positive element
 * become their pattern (Allow) or `*`; in a negated element they are dropped, which can only make
 * the statement apply more widely. Returns undefined when a negated element is left empty.
 */
function widenElement(
  state: MappingState, value: TfValue | undefined, negated: boolean, deny: boolean, symbolic: boolean,
  onUnknown: (u: TfUnknown, shown: string) => void,
): JsonValue | undefined {
  const widenOne = (item: TfValue | undefined, type?: string): JsonValue | null => {
    const resolved = state.resolve(item, 'policy');
    if (!isUnknown(resolved)) return plain(resolved ?? null);
    // One AWS principal the inputs cannot name: itself, never `*` (docs/semantics.md#symbolic-unknowns).
    const shown = symbolic && type === 'AWS' ? symbolicPrincipal(resolved.expression) : deny ? '*' : resolved.pattern ?? '*';
    onUnknown(resolved, shown);
    if (negated) return null;
    return shown;
  };
  const widenList = (list: TfValue | undefined, type?: string): JsonValue | undefined => {
    if (isUnknown(list) || !Array.isArray(list)) {
      const one = widenOne(list, type);
      return one === null ? undefined : one;
    }
    const items = list.map((i) => widenOne(i, type)).filter((i): i is JsonValue => i !== null);
    if (items.length === 0) return undefined;
    return items;
  };
  if (isKnownMap(value)) {
    // Principal: {"AWS": [...], "Service": ...}.
    const out: JsonMap = {};
    for (const [type, identifiers] of Object.entries(value)) {
      const widened = widenList(identifiers, type);
      if (widened !== undefined) out[type] = widened;
    }
    return Object.keys(out).length === 0 ? (negated ? undefined : '*') : out;
  }
  return widenList(value);
}

function widenCondition(state: MappingState, raw: TfValue | undefined, onUnknown: (u: TfUnknown) => void): JsonMap {
  const value = state.resolve(raw, 'policy');
  const out: JsonMap = {};
  if (value === undefined || value === null) return out;
  if (!isKnownMap(value)) {
    if (isUnknown(value)) onUnknown(value);
    return out;
  }
  for (const [operator, entries] of Object.entries(value)) {
    const resolvedEntries = state.resolve(entries, 'policy');
    if (operator === 'secret-scan:UnknownCondition') {
      for (const u of Array.isArray(resolvedEntries) ? resolvedEntries : [resolvedEntries]) if (isUnknown(u)) onUnknown(u);
      continue;
    }
    if (!isKnownMap(resolvedEntries)) {
      if (isUnknown(resolvedEntries)) onUnknown(resolvedEntries);
      else if (resolvedEntries !== undefined) out[operator] = plain(resolvedEntries);
      continue;
    }
    const kept: JsonMap = {};
    for (const [key, values] of Object.entries(resolvedEntries)) {
      const resolved = state.resolve(values, 'policy');
      const list = Array.isArray(resolved) ? resolved.map((v) => state.resolve(v, 'policy')) : [resolved];
      const unknown = list.find(isUnknown);
      if (unknown !== undefined) { onUnknown(unknown); continue; }
      kept[key] = plain(Array.isArray(resolved) ? list.map((v) => v ?? null) : resolved ?? null);
    }
    if (Object.keys(kept).length > 0) out[operator] = kept;
  }
  return out;
}

/** A value tree without unknowns as JSON (unknowns nested deeper than the policy grammar reaches become null). */
function plain(value: TfValue): JsonValue {
  if (isUnknown(value)) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (isKnownMap(value)) {
    const out: JsonMap = {};
    for (const [key, entry] of Object.entries(value)) out[key] = plain(entry);
    return out;
  }
  return value as JsonValue;
}

function statementsOf(document: JsonValue): JsonValue[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return [];
  const statement = document['Statement'];
  return statement === undefined ? [] : Array.isArray(statement) ? statement : [statement];
}

