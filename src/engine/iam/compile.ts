/**
 * Parsing a policy document once: statements normalized (string-or-array everywhere), actions
 * indexed by service prefix, globs pre-split, unreadable parts recorded as malformed so that
 * evaluation can answer "undecided" instead of silently skipping them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { describeInput } from '../../input-safety.js';
import type { IamPolicy } from '../../model/iam.js';
import type { JsonValue, SourceRef } from '../../model/source.js';
import { compileCondition, type CompiledConditionEntry } from './conditions/evaluate-condition.js';
import { compilePrincipal, type CompiledPrincipal } from './principal.js';
import { parseTemplate, type TemplatePart } from './variables.js';
import { compileGlob, type CompiledGlob } from './wildcard.js';

export interface ActionMatcher {
  any: boolean;
  /** Lower-cased `service:action` without wildcards. */
  exact: Set<string>;
  /** Lower-cased globs whose service prefix has no wildcard, by that prefix. */
  byService: Map<string, CompiledGlob[]>;
  /** Globs with a wildcard in the service prefix. */
  other: CompiledGlob[];
}

export interface ResourceMatcher {
  any: boolean;
  globs: CompiledGlob[];
  /** Patterns holding policy variables, resolved per request. */
  templates: { raw: string; parts: TemplatePart[] }[];
}

export interface CompiledStatement {
  index: number;
  sid?: string;
  /** Undefined when Effect is neither Allow nor Deny (treated as a possible Allow, undecided). */
  effect?: 'Allow' | 'Deny';
  action?: ActionMatcher;
  notAction: boolean;
  /** Undefined when the statement has no Resource/NotResource (trust policies): matches any resource. */
  resource?: ResourceMatcher;
  notResource: boolean;
  principal?: CompiledPrincipal;
  conditions: CompiledConditionEntry[];
  /** Why parts of the statement could not be read; any entry makes the statement undecided where it would otherwise apply. */
  malformed: string[];
  source: SourceRef;
}

export interface CompiledIamPolicy {
  policy: IamPolicy;
  id: string;
  /** Policy variables are substituted only under Version 2012-10-17. */
  variablesEnabled: boolean;
  statements: CompiledStatement[];
  /** Statements that may apply to an action of a service prefix (lower-case), in statement order. */
  byService: Map<string, CompiledStatement[]>;
  /** Statements to check for any other service (NotAction, wildcard prefixes, malformed actions). */
  anyService: CompiledStatement[];
}

/** Compiles a policy; never throws — unreadable input becomes malformed statements (evaluated as undecided). */
export function compileIamPolicy(policy: IamPolicy): CompiledIamPolicy {
  const doc = policy.document;
  const statements: CompiledStatement[] = [];
  let variablesEnabled = false;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    statements.push(malformedStatement(0, policy.source, 'policy document is not a JSON object'));
  } else {
    variablesEnabled = doc['Version'] === '2012-10-17';
    const raw = doc['Statement'];
    const list = raw === undefined ? undefined : Array.isArray(raw) ? raw : [raw];
    if (!list) statements.push(malformedStatement(0, policy.source, 'policy has no Statement'));
    else list.forEach((st, i) => statements.push(compileStatement(st, i, policy.statementSources?.[i] ?? policy.source, variablesEnabled)));
  }
  const byService = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  for (const st of statements) {
    const services = st.action && !st.notAction && !st.action.any && st.action.other.length === 0
      ? new Set([...[...st.action.exact].map((a) => a.slice(0, a.indexOf(':'))), ...st.action.byService.keys()])
      : undefined;
    if (!services) { anyService.push(st); continue; }
    for (const s of services) {
      let bucket = byService.get(s);
      if (!bucket) byService.set(s, (bucket = []));
      bucket.push(st);
    }
  }
  // Each service bucket also needs the any-service statements, in statement order.
  for (const [s, bucket] of byService) byService.set(s, [...bucket, ...anyService].sort((a, b) => a.index - b.index));
  return { policy, id: policy.id, variablesEnabled, statements, byService, anyService };
}

function malformedStatement(index: number, source: SourceRef, why: string): CompiledStatement {
  return { index, notAction: false, notResource: false, conditions: [], malformed: [why], source };
}

function stringList(value: JsonValue | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.every((v): v is string => typeof v === 'string') ? list : undefined;
}

function compileStatement(st: JsonValue, index: number, source: SourceRef, variablesEnabled: boolean): CompiledStatement {
  if (st === null || typeof st !== 'object' || Array.isArray(st)) return malformedStatement(index, source, 'statement is not a JSON object');
  const out: CompiledStatement = { index, notAction: false, notResource: false, conditions: [], malformed: [], source };
  if (typeof st['Sid'] === 'string') out.sid = st['Sid'];
  const effect = st['Effect'];
  if (effect === 'Allow' || effect === 'Deny') out.effect = effect;
  else out.malformed.push(`unknown Effect (${typeof effect === 'string' ? 'neither Allow nor Deny' : describeInput(effect)})`);

  const actionKey = st['Action'] !== undefined ? 'Action' : st['NotAction'] !== undefined ? 'NotAction' : undefined;
  if (!actionKey) out.malformed.push('statement has neither Action nor NotAction');
  else {
    out.notAction = actionKey === 'NotAction';
    const list = stringList(st[actionKey]);
    if (list) out.action = compileActions(list);
    else out.malformed.push(`${actionKey} must be a string or a list of strings`);
  }

  const resourceKey = st['Resource'] !== undefined ? 'Resource' : st['NotResource'] !== undefined ? 'NotResource' : undefined;
  if (resourceKey) {
    out.notResource = resourceKey === 'NotResource';
    const list = stringList(st[resourceKey]);
    if (list) out.resource = compileResources(list, variablesEnabled);
    else out.malformed.push(`${resourceKey} must be a string or a list of strings`);
  }

  if (st['Principal'] !== undefined) out.principal = compilePrincipal(st['Principal'], false);
  else if (st['NotPrincipal'] !== undefined) out.principal = compilePrincipal(st['NotPrincipal'], true);

  out.conditions = compileCondition(st['Condition'], variablesEnabled);
  return out;
}

function compileActions(list: string[]): ActionMatcher {
  const m: ActionMatcher = { any: false, exact: new Set(), byService: new Map(), other: [] };
  for (const raw of list) {
    const a = raw.toLowerCase();
    if (a === '*') { m.any = true; continue; }
    const colon = a.indexOf(':');
    const service = colon < 0 ? a : a.slice(0, colon);
    if (!/[*?]/.test(a)) { m.exact.add(a); continue; }
    const glob = compileGlob(a, { caseInsensitive: true });
    if (colon < 0 || /[*?]/.test(service)) { m.other.push(glob); continue; }
    let bucket = m.byService.get(service);
    if (!bucket) m.byService.set(service, (bucket = []));
    bucket.push(glob);
  }
  return m;
}

function compileResources(list: string[], variablesEnabled: boolean): ResourceMatcher {
  const m: ResourceMatcher = { any: false, globs: [], templates: [] };
  for (const raw of list) {
    if (raw === '*') { m.any = true; continue; }
    const parts = variablesEnabled ? parseTemplate(raw) : undefined;
    if (parts) m.templates.push({ raw, parts });
    else m.globs.push(compileGlob(raw));
  }
  return m;
}
