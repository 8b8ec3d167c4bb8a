import type { IamPolicy } from '../../../model/iam.js';
import { parseJsonText } from '../json/parse-json-with-positions.js';
import { describeParserError } from '../../../input-safety.js';
import type { JsonValue } from '../../../model/source.js';
import { isMap, isUnknown, type MappingState } from './mapping-state.js';
import type { TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';

/** The condition key the IAM engine never knows: a statement carrying it is undecided, and the expression shows in the explanation. */
export const UNRESOLVED_KEY = 'secret-scan:UnresolvedExpression';

type JsonMap = { [key: string]: JsonValue };

/** `identity` policies have no Principal; `resource` policies (trust, bucket, key, secret) do. */
export type PolicyKind = 'identity' | 'resource';

/**
 * Turns a policy-valued attribute into an `IamPolicy`. The value may be JSON text (a plan, a
 * resolved `jsonencode`), a document as a value tree, or unknown. Every unknown inside is resolved
 * against the other resources where it can be, and otherwise widens, with an `unresolvedExpression`
 * issue naming it: in an Allow's Action, Resource or Principal it becomes its pattern or `*`; in a
 * Deny, or in a condition, the statement gets the condition `StringEquals secret-scan:UnresolvedExpression`,
 * which the engine cannot decide, so an Allow turns conditional and a Deny never removes access.
 * A wholly unknown document becomes one such conditional Allow of everything. Text that is not
 * JSON yields `policyParseError` and no policy (AWS would reject it at apply). `source` is the
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
  const value = state.resolve(raw, 'join');
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    let document: JsonValue;
    try {
      document = parseJsonText(value).value;
    } catch (error) {
      state.issue('policyParseError', `${resource.address}: ${attribute} is not a JSON policy document (${describeParserError(error)})`, source);
      return undefined;
    }
    return { id, document, source, statementSources: statementsOf(document).map(() => source) };
  }
  const report = (unknown: TfUnknown, consequence: string): void => {
    state.issue('unresolvedExpression', `${id}: ${unknown.expression} cannot be resolved; ${consequence}`, unknown.source ?? source);
  };
  if (isUnknown(value) || !isMap(value)) {
    const expression = isUnknown(value) ? value.expression : `${resource.address}.${attribute}`;
    if (isUnknown(value)) report(value, 'the whole document is unknown: it is taken to allow everything, conditionally');
    else state.issue('policyParseError', `${resource.address}: ${attribute} is not a policy document`, source);
    const statement: JsonMap = { Sid: 'UnresolvedDocument', Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { [UNRESOLVED_KEY]: expression } } };
    if (kind === 'resource') statement['Principal'] = '*';
    return { id, document: { Version: '2012-10-17', Statement: [statement] }, source, statementSources: [source] };
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
  const statements = list.map((s) => widenStatement(state, s, kind, report));
  document['Statement'] = statements;
  const statementSources = statements.map((_, i) => resource.attributeSources?.[`${attribute}.Statement[${i}]`] ?? source);
  return { id, document, source, statementSources };
}

function widenStatement(state: MappingState, raw: TfValue, kind: PolicyKind, report: (u: TfUnknown, why: string) => void): JsonMap {
  const value = state.resolve(raw, 'policy');
  if (!isMap(value)) {
    const expression = isUnknown(value) ? value.expression : 'a statement that is not an object';
    if (isUnknown(value)) report(value, 'the statement is taken to allow everything, conditionally');
    const statement: JsonMap = { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { [UNRESOLVED_KEY]: expression } } };
    if (kind === 'resource') statement['Principal'] = '*';
    return statement;
  }
  const undecided: string[] = [];
  const statement: JsonMap = {};
  let effect = state.resolve(value['Effect'], 'policy');
  if (isUnknown(effect)) {
    report(effect, 'the statement is read as a conditional Allow');
    undecided.push(effect.expression);
    effect = 'Allow';
  }
  const deny = effect === 'Deny';
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'Effect') { statement[key] = plain(effect ?? null); continue; }
    if (key === 'Condition') continue;
    const resolved = state.resolve(entry, 'policy');
    if (['Action', 'Resource', 'Principal', 'NotAction', 'NotResource', 'NotPrincipal'].includes(key)) {
      const negated = key.startsWith('Not');
      const out = widenElement(state, resolved, negated, deny, (u) => {
        undecided.push(...(deny ? [u.expression] : []));
        report(u, negated ? `dropped from ${key} (widens the statement)${deny ? '; the Deny is undecided' : ''}`
          : deny ? `${key} widened to *; the Deny is undecided` : `${key} widened to ${u.pattern ?? '*'}`);
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
    undecided.push(u.expression);
    report(u, 'the condition is replaced by an undecided one');
  });
  if (undecided.length > 0) {
    const equals = isMap(condition['StringEquals']) ? (condition['StringEquals'] as JsonMap) : {};
    equals[UNRESOLVED_KEY] = undecided.length === 1 ? (undecided[0] as string) : undecided;
    condition['StringEquals'] = equals;
  }
  if (Object.keys(condition).length > 0) statement['Condition'] = condition;
  return statement;
}

/**
 * One of Action, Resource, Principal or their Not forms. Unknown values in a positive element
 * become their pattern (Allow) or `*`; in a negated element they are dropped, which can only make
 * the statement apply more widely. Returns undefined when a negated element is left empty.
 */
function widenElement(state: MappingState, value: TfValue | undefined, negated: boolean, deny: boolean, onUnknown: (u: TfUnknown) => void): JsonValue | undefined {
  const widenOne = (item: TfValue | undefined): JsonValue | null => {
    const resolved = state.resolve(item, 'policy');
    if (!isUnknown(resolved)) return plain(resolved ?? null);
    onUnknown(resolved);
    if (negated) return null;
    return deny ? '*' : resolved.pattern ?? '*';
  };
  const widenList = (list: TfValue | undefined): JsonValue | undefined => {
    if (isUnknown(list) || !Array.isArray(list)) {
      const one = widenOne(list);
      return one === null ? undefined : one;
    }
    const items = list.map(widenOne).filter((i): i is JsonValue => i !== null);
    if (items.length === 0) return undefined;
    return items;
  };
  if (isMap(value)) {
    // Principal: {"AWS": [...], "Service": ...}.
    const out: JsonMap = {};
    for (const [type, identifiers] of Object.entries(value)) {
      const widened = widenList(identifiers);
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
  if (!isMap(value)) {
    if (isUnknown(value)) onUnknown(value);
    return out;
  }
  for (const [operator, entries] of Object.entries(value)) {
    const resolvedEntries = state.resolve(entries, 'policy');
    if (operator === 'secret-scan:UnknownCondition') {
      for (const u of Array.isArray(resolvedEntries) ? resolvedEntries : [resolvedEntries]) if (isUnknown(u)) onUnknown(u);
      continue;
    }
    if (!isMap(resolvedEntries)) {
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
  if (isMap(value)) {
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

