import { unknownPolicyDocument } from '../../unknown-policy.js';
import type { IamPolicy } from '../../../model/iam.js';
import { UNRESOLVED_KEY } from '../../unknown-value.js';
import type { Issue } from '../../../model/issue.js';
import type { JsonObject, JsonValue, SourceRef } from '../../../model/source.js';
import { joinPointer, parseJsonText } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { makeIssue } from '../../issues.js';
import { symbolicPrincipal } from '../../../model/unknowns.js';
import { actionItems, statementConcernsAccess } from '../../access-actions.js';
import { isKnownMap, isUnknown, NO_VALUE, type CfnUnknown, type CfnValue } from './cfn-value.js';
import type { Evaluated } from './evaluate-template.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html

export { UNRESOLVED_KEY };

/** Where a policy sits in a template, to name lines in statement sources and issues. */
export interface PolicyPlace {
  file: string;
  /** JSON pointer of the policy document in the template. */
  pointer: string;
  lineOf: (pointer: string) => number | undefined;
  /** Resource policies (bucket, key, secret, trust) carry a Principal; identity policies do not. */
  kind: 'identity' | 'resource';
}

/** Source reference for a pointer: its own line, else the nearest enclosing one. */
export function sourceOf(place: Pick<PolicyPlace, 'file' | 'lineOf'>, pointer: string): SourceRef {
  let p = pointer;
  for (;;) {
    const line = place.lineOf(p);
    if (line !== undefined) return { file: place.file, line, pointer };
    if (p === '') return { file: place.file, pointer };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** An `unresolvedExpression` issue (SS011) naming file, line and expression. */
export function unresolvedIssue(place: Pick<PolicyPlace, 'file' | 'lineOf'>, pointer: string, unknown: CfnUnknown, consequence: string): Issue {
  return makeIssue('unresolvedExpression', `${unknown.expression} cannot be resolved from the template; ${consequence}`, sourceOf(place, pointer));
}

interface StatementItem {
  value: CfnValue;
  pointer: string;
  /** Expressions on which the statement's existence depends. */
  dependsOn: string[];
}

/**
 * Turns an evaluated policy document into the JSON the IAM engine reads, widening what the
 * template leaves unknown (never narrowing): in an Allow, an unknown Action or Resource becomes
 * its glob (`*` when nothing is known) and an unknown principal becomes `*`, or `*` limited by
 * `ArnLike aws:PrincipalArn` when the ARN's shape is known; in a Deny, or in a Condition value,
 * the statement gets the condition key `secret-scan:UnresolvedExpression`, which no request
 * carries, so an Allow becomes conditional and a Deny never removes access. Every unknown that is
 * not a stand-in for a resource of the template raises `unresolvedExpression` at its line.
 */
export function widenPolicy(given: Evaluated, place: PolicyPlace, id: string, dependsOn: readonly string[] = []): { policy?: IamPolicy; issues: Issue[] } {
  const issues: Issue[] = [];
  if (given === NO_VALUE) return { issues };
  // `PolicyDocument: !If [Cond, {…}, {…}]` on an undecided condition: either document may be the
  // one, so both branches' statements are read, each only possibly there.
  if (isUnknown(given) && given.alternatives && given.alternatives.length > 0 && given.alternatives.every((a) => isKnownMap(a) || (typeof a === 'string' && jsonTextValue(a) !== undefined))) {
    const branches = given.alternatives.map((alternative) => widenPolicy(alternative, place, id, [...dependsOn, given.expression]));
    const documents = branches.map((b) => (isJsonObject(b.policy?.document) ? b.policy.document : undefined));
    const statements = documents.flatMap((d) => (Array.isArray(d?.['Statement']) ? d['Statement'] : []));
    const statementSources = branches.flatMap((b) => b.policy?.statementSources ?? []);
    const version = documents.find((d) => d?.['Version'] !== undefined)?.['Version'];
    const document: JsonObject = { ...(version !== undefined ? { Version: version } : {}), Statement: statements };
    const undecided = unresolvedIssue(place, place.pointer, given, `each branch's statements of ${id} are read, conditionally`);
    return { policy: { id, document, source: sourceOf(place, place.pointer), statementSources }, issues: [undecided, ...branches.flatMap((b) => b.issues)] };
  }
  // A Json-typed property may be written as JSON text (`PolicyDocument: '{"Statement": …}'`, `!Sub '{…}'`):
  // CloudFormation parses it, so do we.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-policy.html#cfn-iam-policy-policydocument
  const value = typeof given === 'string' ? jsonTextValue(given) ?? given : given;
  const items: StatementItem[] = [];
  let version: JsonValue | undefined;
  let policyId: JsonValue | undefined;
  if (isUnknown(value)) {
    issues.push(unresolvedIssue(place, place.pointer, value, `${id} is taken to allow everything (conditionally)`));
    items.push(...expand(value, place.pointer, [...dependsOn]));
  } else if (isKnownMap(value)) {
    if (typeof value['Version'] === 'string') version = value['Version'];
    if (typeof value['Id'] === 'string') policyId = value['Id'];
    const statement = value['Statement'];
    const base = joinPointer(place.pointer, 'Statement');
    if (Array.isArray(statement)) statement.forEach((s, i) => items.push(...expand(s, joinPointer(base, i), [...dependsOn])));
    else if (statement !== undefined) items.push(...expand(statement, base, [...dependsOn]));
  } else {
    // CloudFormation would refuse it, leaving whatever policy was there before: unknown, like an unresolved one.
    const source = sourceOf(place, place.pointer);
    issues.push({ code: 'policyParseError', message: `${id}: the policy document is not an object; it is taken to allow everything, conditionally`, source });
    return { policy: unknownPolicyDocument(id, `${id} (not a policy document)`, place.kind, source), issues };
  }

  const statements: JsonObject[] = [];
  const statementSources: SourceRef[] = [];
  for (const item of items) {
    const source = sourceOf(place, item.pointer);
    for (const statement of widenStatement(item, place, issues)) {
      statements.push(statement);
      statementSources.push(source);
    }
  }
  const document: JsonObject = {};
  if (version !== undefined) document['Version'] = version;
  if (policyId !== undefined) document['Id'] = policyId;
  document['Statement'] = statements;
  return { policy: { id, document, source: sourceOf(place, place.pointer), statementSources }, issues };
}

/** A statement slot may hold an `Fn::If` on an undecided condition: each branch may exist. */
function expand(value: CfnValue, pointer: string, dependsOn: string[]): StatementItem[] {
  if (!isUnknown(value)) return [{ value, pointer, dependsOn }];
  if (value.alternatives) {
    return value.alternatives.flatMap((alternative) =>
      Array.isArray(alternative) ? alternative.flatMap((a) => expand(a, pointer, [...dependsOn, value.expression])) : expand(alternative, pointer, [...dependsOn, value.expression]));
  }
  // Nothing is known of the statement: it may allow anything, to anyone.
  // Whoever it admits is one principal the inputs cannot name, not `*` (docs/semantics.md#symbolic-unknowns).
  return [{ value: { Effect: 'Allow', Action: '*', Resource: '*', Principal: { AWS: symbolicPrincipal(value.expression) }, __unknown: value.expression }, pointer, dependsOn: [...dependsOn, value.expression] }];
}

function widenStatement(item: StatementItem, place: PolicyPlace, issues: Issue[]): JsonObject[] {
  const raw = item.value;
  if (!isKnownMap(raw)) {
    issues.push({ code: 'policyParseError', message: 'a policy statement is not an object; it is ignored by AWS as invalid', source: sourceOf(place, item.pointer) });
    return [];
  }
  const undecided = [...item.dependsOn];
  // A statement that cannot allow or deny a request the analysis asks (sqs:*, logs:PutLogEvents)
  // still widens, but what it widens changes nobody's reads: no SS011 (docs/semantics.md#symbolic-unknowns).
  const concernsAccess = '__unknown' in raw || statementConcernsAccess(actionItems(raw['Action']), actionItems(raw['NotAction']));
  const report = (pointer: string, unknown: CfnUnknown, consequence: string): void => {
    if (unknown.identity === undefined && concernsAccess) issues.push(unresolvedIssue(place, pointer, unknown, consequence));
  };
  if ('__unknown' in raw) {
    issues.push({ code: 'unresolvedExpression', message: `${String(raw['__unknown'])} cannot be resolved from the template; the statement is taken to allow everything (conditionally)`, source: sourceOf(place, item.pointer) });
  }
  let effect = raw['Effect'];
  if (isUnknown(effect)) {
    report(joinPointer(item.pointer, 'Effect'), effect, 'the statement is taken as a conditional Allow');
    undecided.push(effect.expression);
    effect = 'Allow';
  }
  const allow = effect === 'Allow';
  const out: JsonObject = {};
  let arnLikePrincipals: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === '__unknown') continue;
    if (key === 'Principal' && '__unknown' in raw && place.kind === 'identity') continue;
    const pointer = joinPointer(item.pointer, key);
    if (key === 'Effect') { out[key] = allow ? 'Allow' : typeof effect === 'string' ? effect : 'Allow'; continue; }
    if (key === 'Condition') { out[key] = widenCondition(value, pointer, undecided, report); continue; }
    if (key === 'Principal' || key === 'NotPrincipal') {
      const widened = widenPrincipal(place, value, pointer, allow && key === 'Principal', undecided, report);
      if (widened.everyone && allow && key === 'NotPrincipal') { out['Principal'] = '*'; continue; }
      out[key] = widened.everyone ? '*' : widened.principal;
      arnLikePrincipals = widened.arnLike;
      continue;
    }
    if (key === 'Action' || key === 'NotAction' || key === 'Resource' || key === 'NotResource') {
      const list = Array.isArray(value) ? value : [value];
      const values: string[] = [];
      let widenToAll = false;
      for (const v of list) {
        if (typeof v === 'string') { values.push(v); continue; }
        const unknown = isUnknown(v) ? v : undefined;
        if (allow && (key === 'NotAction' || key === 'NotResource')) {
          widenToAll = true;
          if (unknown) report(pointer, unknown, `the statement's ${key} is dropped and it applies to every ${key === 'NotAction' ? 'action' : 'resource'}`);
          continue;
        }
        // A stand-in (a key id assigned at create) is exactly its own resource: the grant names it, no other.
        if (unknown?.identity !== undefined && (key === 'Resource' || key === 'NotResource')) { values.push(unknown.identity); continue; }
        const texts = unknown ? alternativesText(unknown) : undefined;
        values.push(...(texts ?? [unknown ? unknown.pattern : '*']));
        // A reader that exists only because the value was widened is conditional (docs/semantics.md#symbolic-unknowns),
        // and so is one of an undecided `Fn::If`'s branches: only one of them is deployed.
        if (unknown && (!allow || !texts || unknown.alternatives)) undecided.push(reasonOf(place, pointer, unknown));
        if (unknown) report(pointer, unknown, allow ? `${key} widened to ${texts ? texts.join(', ') : unknown.pattern}${texts ? '' : ', conditionally'}` : 'the Deny is taken as undecided (it never removes access)');
      }
      if (widenToAll) { out[key === 'NotAction' ? 'Action' : 'Resource'] = '*'; continue; }
      out[key] = Array.isArray(value) ? values : values.length === 1 ? (values[0] as string) : values;
      continue;
    }
    out[key] = toJson(value);
  }
  const statements: JsonObject[] = [];
  if (arnLikePrincipals.length > 0) {
    // The known principals keep their statement; the ones known only by the shape of their ARN
    // get a copy open to `*` but limited to that shape.
    const copy: JsonObject = { ...out, Principal: { AWS: '*' } };
    const condition: JsonObject = isJsonObject(copy['Condition']) ? { ...copy['Condition'] } : {};
    const arnLike: JsonObject = isJsonObject(condition['ArnLike']) ? { ...condition['ArnLike'] } : {};
    if (arnLike['aws:PrincipalArn'] !== undefined) undecided.push('principal ARN pattern next to an aws:PrincipalArn condition');
    else arnLike['aws:PrincipalArn'] = arnLikePrincipals;
    condition['ArnLike'] = arnLike;
    copy['Condition'] = condition;
    if (hasPrincipal(out['Principal'])) statements.push(out);
    statements.push(copy);
  } else {
    statements.push(out);
  }
  if (undecided.length > 0) for (const s of statements) addUndecided(s, undecided);
  return statements;
}

function widenPrincipal(
  place: PolicyPlace,
  value: CfnValue,
  pointer: string,
  allow: boolean,
  undecided: string[],
  report: (pointer: string, unknown: CfnUnknown, consequence: string) => void,
): { principal: JsonValue; everyone: boolean; arnLike: string[] } {
  const arnLike: string[] = [];
  if (typeof value === 'string') return { principal: value, everyone: value === '*', arnLike };
  if (isUnknown(value)) {
    // `Principal: !Ref X` stands for one principal (an ARN or an account id): `{AWS: X}`.
    const one = oneUnknownPrincipal(place, value, pointer, allow, undecided, report);
    return { principal: { AWS: one }, everyone: false, arnLike };
  }
  if (!isKnownMap(value)) return { principal: toJson(value), everyone: false, arnLike };
  const out: JsonObject = {};
  let everyone = false;
  for (const [type, raw] of Object.entries(value)) {
    const list = Array.isArray(raw) ? raw : [raw];
    const kept: string[] = [];
    for (const v of list) {
      if (typeof v === 'string') { kept.push(v); continue; }
      const unknown = isUnknown(v) ? v : undefined;
      const texts = unknown ? alternativesText(unknown) : undefined;
      if (texts) { kept.push(...texts); if (!allow && unknown) undecided.push(unknown.expression); continue; }
      if (unknown && type === 'AWS') { kept.push(oneUnknownPrincipal(place, unknown, joinPointer(pointer, type), allow, undecided, report)); continue; }
      if (!allow) {
        if (unknown) { undecided.push(reasonOf(place, pointer, unknown)); report(pointer, unknown, 'the Deny is taken as undecided (it never removes access)'); }
        kept.push(unknown ? unknown.pattern : '*');
        continue;
      }
      if (unknown && type === 'AWS') { kept.push(oneUnknownPrincipal(place, unknown, joinPointer(pointer, type), allow, undecided, report)); continue; }
      everyone = true;
      if (unknown) report(pointer, unknown, 'the principal widened to *');
    }
    if (kept.length > 0) out[type] = Array.isArray(raw) ? kept : (kept[0] as string);
  }
  return { principal: out, everyone, arnLike };
}

/**
 * An AWS principal the template leaves unknown. A stand-in for a principal the template creates
 * (a role with a generated name) is that principal exactly. Anything else is one principal the
 * inputs cannot name (docs/semantics.md#symbolic-unknowns): the symbolic `unknown:EXPRESSION`, and the statement undecided,
 * so whatever it opens is conditional — never `*`, never every principal of an account.
 */
function oneUnknownPrincipal(
  place: PolicyPlace, unknown: CfnUnknown, pointer: string, allow: boolean, undecided: string[],
  report: (pointer: string, unknown: CfnUnknown, consequence: string) => void,
): string {
  if (unknown.identity !== undefined) return unknown.identity;
  const name = symbolicPrincipal(unknown.expression);
  undecided.push(reasonOf(place, pointer, unknown));
  report(pointer, unknown, allow ? `the principal is one unknown principal, reported as ${name}` : 'the Deny is taken as undecided (it never removes access)');
  return name;
}

/** The expression an undecided statement depends on, with its line: the reason a reader is conditional. */
function reasonOf(place: PolicyPlace, pointer: string, unknown: CfnUnknown): string {
  const line = sourceOf(place, pointer).line;
  return line === undefined ? unknown.expression : `${unknown.expression} (line ${line})`;
}

function widenCondition(value: CfnValue, pointer: string, undecided: string[], report: (pointer: string, unknown: CfnUnknown, consequence: string) => void): JsonValue {
  if (isUnknown(value)) {
    report(pointer, value, 'the condition is taken as undecided');
    undecided.push(value.expression);
    return {};
  }
  if (!isKnownMap(value)) return toJson(value);
  const out: JsonObject = {};
  for (const [operator, entries] of Object.entries(value)) {
    if (!isKnownMap(entries)) {
      if (isUnknown(entries)) { report(joinPointer(pointer, operator), entries, 'the condition is taken as undecided'); undecided.push(entries.expression); continue; }
      out[operator] = toJson(entries);
      continue;
    }
    const kept: JsonObject = {};
    for (const [key, v] of Object.entries(entries)) {
      const unknown = firstUnknown(v);
      if (unknown) {
        report(joinPointer(pointer, operator, key), unknown, `the condition ${operator} ${key} is taken as undecided`);
        undecided.push(unknown.expression);
        continue;
      }
      kept[key] = toJson(v);
    }
    if (Object.keys(kept).length > 0) out[operator] = kept;
  }
  return out;
}

function addUndecided(statement: JsonObject, expressions: string[]): void {
  const condition: JsonObject = isJsonObject(statement['Condition']) ? { ...statement['Condition'] } : {};
  const equals: JsonObject = isJsonObject(condition['StringEquals']) ? { ...condition['StringEquals'] } : {};
  const unique = [...new Set(expressions)];
  equals[UNRESOLVED_KEY] = unique.length === 1 ? (unique[0] as string) : unique;
  condition['StringEquals'] = equals;
  statement['Condition'] = condition;
}

/** The texts an `Fn::If` may produce, when every branch is known text (or a list of it). */
function alternativesText(unknown: CfnUnknown): string[] | undefined {
  if (!unknown.alternatives) return undefined;
  const out: string[] = [];
  for (const a of unknown.alternatives) {
    const list = Array.isArray(a) ? a : [a];
    for (const v of list) {
      // A branch naming a resource of the template by its stand-in (`!Ref Secret`) is that resource.
      if (isUnknown(v) && v.identity !== undefined && !v.alternatives) { out.push(v.identity); continue; }
      if (typeof v !== 'string') return undefined;
      out.push(v);
    }
  }
  return out;
}

function hasPrincipal(value: JsonValue | undefined): boolean {
  return typeof value === 'string' || (isJsonObject(value) && Object.keys(value).length > 0);
}

function firstUnknown(value: CfnValue): CfnUnknown | undefined {
  if (isUnknown(value)) return value;
  if (Array.isArray(value)) for (const v of value) { const u = firstUnknown(v); if (u) return u; }
  if (isKnownMap(value)) for (const v of Object.values(value)) { const u = firstUnknown(v); if (u) return u; }
  return undefined;
}

/** Plain JSON of an evaluated value; an unknown left in a place that decides nothing becomes its glob. */
export function toJson(value: CfnValue): JsonValue {
  if (isUnknown(value)) return value.pattern;
  if (Array.isArray(value)) return value.map(toJson);
  if (isKnownMap(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return value;
}

/** The JSON a policy written as text holds, or undefined when the text is not JSON. */
function jsonTextValue(text: string): CfnValue | undefined {
  try {
    return parseJsonText(text).value as CfnValue;
  } catch {
    return undefined;
  }
}
