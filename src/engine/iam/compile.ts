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
import { BoundedCache } from '../bounded-cache.js';

/** Shared by every statement with the same Action list (`actionMatcher`): never changed once built. */
export interface ActionMatcher {
  readonly any: boolean;
  /** Lower-cased `service:action` without wildcards. */
  readonly exact: ReadonlySet<string>;
  /** Lower-cased globs whose service prefix has no wildcard, by that prefix. */
  readonly byService: ReadonlyMap<string, readonly CompiledGlob[]>;
  /** Globs with a wildcard in the service prefix. */
  readonly other: readonly CompiledGlob[];
  /** The service prefixes this matcher can match, when that is a known list (no `*`, no wildcard prefix). */
  readonly services?: readonly string[];
}

/** Shared by every statement with the same Resource list (`resourceMatcher`): never changed once built. */
export interface ResourceMatcher {
  readonly any: boolean;
  readonly globs: readonly CompiledGlob[];
  /** Patterns holding policy variables, resolved per request. */
  readonly templates: readonly { raw: string; parts: TemplatePart[] }[];
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
  /**
   * Whether the Condition element may hold a key (lower-cased) passing `test`, read without
   * compiling it: true also when it cannot be read as operator blocks, where only the compiled
   * `conditions` can tell. Absent: ask `conditions`.
   */
  conditionMentions?(test: (keyLower: string) => boolean): boolean;
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
  /** Filled by `statementsFor` (statement-index.ts): the statements each action asked so far must look at. */
  statementsByAction?: Map<string, readonly CompiledStatement[]>;
}

/** Compiles a policy; never throws — unreadable input becomes malformed statements (evaluated as undecided). */
export function compileIamPolicy(policy: IamPolicy): CompiledIamPolicy {
  const read = readStatements(policy);
  const variablesEnabled = read.variablesEnabled;
  const statements: CompiledStatement[] = typeof read.statements === 'string'
    ? [malformedStatement(0, policy.source, read.statements)]
    : read.statements.map((st, i) => compileStatement(st, i, policy.statementSources?.[i] ?? policy.source, variablesEnabled));
  const byService = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  for (const st of statements) {
    const services = st.action && !st.notAction ? st.action.services : undefined;
    if (!services) { anyService.push(st); continue; }
    for (const s of services) {
      let bucket = byService.get(s);
      if (!bucket) byService.set(s, (bucket = []));
      bucket.push(st);
    }
  }
  // Each service bucket also needs the any-service statements, in statement order.
  if (anyService.length > 0) for (const [s, bucket] of byService) byService.set(s, mergeByIndex(bucket, anyService));
  return { policy, id: policy.id, variablesEnabled, statements, byService, anyService, statementsByAction: undefined };
}

/** The statements of a policy as written, or why there are none to read. */
function readStatements(policy: IamPolicy): { variablesEnabled: boolean; statements: JsonValue[] | string } {
  const doc = policy.document;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { variablesEnabled: false, statements: 'policy document is not a JSON object' };
  const variablesEnabled = doc['Version'] === '2012-10-17';
  const raw = doc['Statement'];
  if (raw === undefined) return { variablesEnabled, statements: 'policy has no Statement' };
  return { variablesEnabled, statements: Array.isArray(raw) ? raw : [raw] };
}

/** What `compileIamPolicy` would mark unreadable in one statement: its `malformed`, and whether its Principal element is. */
export interface StatementProblems {
  index: number;
  source: SourceRef;
  malformed: string[];
  principalMalformed: boolean;
}

/**
 * The `malformed` of every statement `compileIamPolicy` would build, and whether its Principal
 * is unreadable, from the grammar alone: no matcher is compiled (the unreadable-statement report
 * asks this of every policy of an organisation, before the graph compiles what it needs).
 */
export function statementProblems(policy: IamPolicy): StatementProblems[] {
  const read = readStatements(policy);
  if (typeof read.statements === 'string') return [{ index: 0, source: policy.source, malformed: [read.statements], principalMalformed: false }];
  return read.statements.map((st, index) => {
    const source = policy.statementSources?.[index] ?? policy.source;
    if (st === null || typeof st !== 'object' || Array.isArray(st)) return { index, source, malformed: [NOT_AN_OBJECT], principalMalformed: false };
    const head = headProblems(st);
    const resourceKey = resourceKeyOf(st);
    const malformed = resourceKey && !stringList(st[resourceKey]) ? [...head, listProblem(resourceKey)] : head;
    const principal = principalElement(st);
    return { index, source, malformed, principalMalformed: principal !== undefined && compilePrincipal(principal.value, principal.negated).malformed !== undefined };
  });
}

const NOT_AN_OBJECT = 'statement is not a JSON object';

/** Why the Effect and the Action/NotAction of a statement cannot be read, in that order. */
function headProblems(st: { [key: string]: JsonValue }): string[] {
  const problems: string[] = [];
  const effect = st['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') problems.push(`unknown Effect (${typeof effect === 'string' ? 'neither Allow nor Deny' : describeInput(effect)})`);
  const actionKey = actionKeyOf(st);
  if (!actionKey) problems.push('statement has neither Action nor NotAction');
  else if (!stringList(st[actionKey])) problems.push(listProblem(actionKey));
  return problems.length > 0 ? problems : NOTHING_MALFORMED;
}

function actionKeyOf(st: { [key: string]: JsonValue }): 'Action' | 'NotAction' | undefined {
  return st['Action'] !== undefined ? 'Action' : st['NotAction'] !== undefined ? 'NotAction' : undefined;
}

function resourceKeyOf(st: { [key: string]: JsonValue }): 'Resource' | 'NotResource' | undefined {
  return st['Resource'] !== undefined ? 'Resource' : st['NotResource'] !== undefined ? 'NotResource' : undefined;
}

function principalElement(st: { [key: string]: JsonValue }): { value: JsonValue; negated: boolean } | undefined {
  const principal = st['Principal'];
  if (principal !== undefined) return { value: principal, negated: false };
  const notPrincipal = st['NotPrincipal'];
  return notPrincipal !== undefined ? { value: notPrincipal, negated: true } : undefined;
}

function listProblem(key: string): string {
  return `${key} must be a string or a list of strings`;
}

/** Two lists of statements, each in statement order, merged in statement order. */
function mergeByIndex(a: CompiledStatement[], b: CompiledStatement[]): CompiledStatement[] {
  const out: CompiledStatement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push((a[i] as CompiledStatement).index <= (b[j] as CompiledStatement).index ? a[i++] as CompiledStatement : b[j++] as CompiledStatement);
  while (i < a.length) out.push(a[i++] as CompiledStatement);
  while (j < b.length) out.push(b[j++] as CompiledStatement);
  return out;
}

// One class for every statement, readable ones or not: the engine's accesses then see one shape.
function malformedStatement(index: number, source: SourceRef, why: string): CompiledStatement {
  return new LazyStatement({}, index, source, false, undefined, undefined, false, [why]);
}

function stringList(value: JsonValue | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.every((v): v is string => typeof v === 'string') ? list : undefined;
}

function compileStatement(st: JsonValue, index: number, source: SourceRef, variablesEnabled: boolean): CompiledStatement {
  if (st === null || typeof st !== 'object' || Array.isArray(st)) return malformedStatement(index, source, NOT_AN_OBJECT);
  const effect = st['Effect'];
  const actionKey = actionKeyOf(st);
  const actions = actionKey ? stringList(st[actionKey]) : undefined;
  const action = actions ? actionMatcher(actions) : undefined;
  return new LazyStatement(st, index, source, variablesEnabled, effect === 'Allow' || effect === 'Deny' ? effect : undefined, action, actionKey === 'NotAction', headProblems(st));
}

/**
 * A statement whose Action is compiled at once (it decides whether the statement is looked at)
 * and whose Resource, Principal and Condition are compiled the first time a request gets that far:
 * a one-shot evaluation of a large policy compiles only what the request reaches.
 */
class LazyStatement implements CompiledStatement {
  sid?: string;
  private compiledResource?: { resource?: ResourceMatcher; notResource: boolean; malformed: string[] };
  private compiledPrincipal?: { principal?: CompiledPrincipal };
  private compiledConditions?: CompiledConditionEntry[];

  constructor(
    private readonly raw: { [key: string]: JsonValue },
    readonly index: number,
    readonly source: SourceRef,
    private readonly variablesEnabled: boolean,
    readonly effect: 'Allow' | 'Deny' | undefined,
    readonly action: ActionMatcher | undefined,
    readonly notAction: boolean,
    private readonly early: string[],
  ) {
    if (typeof raw['Sid'] === 'string') this.sid = raw['Sid'];
  }

  private resourcePart(): { resource?: ResourceMatcher; notResource: boolean; malformed: string[] } {
    if (this.compiledResource) return this.compiledResource;
    const st = this.raw;
    const resourceKey = resourceKeyOf(st);
    const part: { resource?: ResourceMatcher; notResource: boolean; malformed: string[] } = { notResource: resourceKey === 'NotResource', malformed: this.early };
    if (resourceKey) {
      const list = stringList(st[resourceKey]);
      if (list) part.resource = resourceMatcher(list, this.variablesEnabled);
      else part.malformed = [...this.early, listProblem(resourceKey)];
    }
    return (this.compiledResource = part);
  }

  get resource(): ResourceMatcher | undefined { return (this.compiledResource ?? this.resourcePart()).resource; }
  get notResource(): boolean { return (this.compiledResource ?? this.resourcePart()).notResource; }
  get malformed(): string[] { return (this.compiledResource ?? this.resourcePart()).malformed; }

  get principal(): CompiledPrincipal | undefined {
    if (!this.compiledPrincipal) {
      const element = principalElement(this.raw);
      this.compiledPrincipal = element ? { principal: compilePrincipal(element.value, element.negated) } : {};
    }
    return this.compiledPrincipal.principal;
  }

  get conditions(): CompiledConditionEntry[] {
    return (this.compiledConditions ??= compileCondition(this.raw['Condition'], this.variablesEnabled));
  }

  conditionMentions(test: (keyLower: string) => boolean): boolean {
    if (this.compiledConditions) return this.compiledConditions.some((entry) => test(entry.keyLower));
    const condition = this.raw['Condition'];
    if (condition === undefined) return false;
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return true;
    for (const operator of Object.keys(condition)) {
      const block = condition[operator];
      if (block === null || block === undefined || typeof block !== 'object' || Array.isArray(block)) return true;
      for (const key of Object.keys(block)) if (test(key.toLowerCase())) return true;
    }
    return false;
  }
}

// Shared by every statement that has none: a scan compiles hundreds of thousands of statements,
// and an empty Map or Set per statement was a fifth of what a compiled policy kept alive.
const NO_EXACT: ReadonlySet<string> = new Set();
const NO_GLOBS: ReadonlyMap<string, CompiledGlob[]> = new Map();
const NOTHING_MALFORMED: string[] = Object.freeze([]) as unknown as string[];

/**
 * Matchers are shared by every statement that lists the same actions or resources. An
 * organisation repeats a few hundred Action lists over tens of thousands of statements
 * (`["ssm:GetParameter", "ssm:GetParameters"]`, `"kms:Decrypt"`), and a matcher per statement was
 * a Set and a Map each: a sixth of what the compiled policies kept alive (README "Org scale").
 * Bounded, like the glob cache: past the bound it starts again.
 */
const actionMatchers = new BoundedCache<ActionMatcher>(20_000);
const resourceMatchers = new BoundedCache<ResourceMatcher>(20_000);

function actionMatcher(list: string[]): ActionMatcher {
  return actionMatchers.get(list.join('\u0000'), () => compileActions(list));
}

function resourceMatcher(list: string[], variablesEnabled: boolean): ResourceMatcher {
  return resourceMatchers.get(`${variablesEnabled ? 'v' : '-'}${list.join('\u0000')}`, () => compileResources(list, variablesEnabled));
}

function compileActions(list: string[]): ActionMatcher {
  const exact = new Set<string>();
  const byService = new Map<string, CompiledGlob[]>();
  const other: CompiledGlob[] = [];
  let any = false;
  for (const raw of list) {
    const a = raw.toLowerCase();
    if (a === '*') { any = true; continue; }
    const colon = a.indexOf(':');
    const service = colon < 0 ? a : a.slice(0, colon);
    if (!/[*?]/.test(a)) { exact.add(a); continue; }
    const glob = compileGlob(a, { caseInsensitive: true });
    if (colon < 0 || /[*?]/.test(service)) { other.push(glob); continue; }
    let bucket = byService.get(service);
    if (!bucket) byService.set(service, (bucket = []));
    bucket.push(glob);
  }
  // The service prefixes the statement can apply to, for the policy's index by service.
  const services = any || other.length > 0 ? undefined : [...new Set([...[...exact].map((a) => a.slice(0, a.indexOf(':'))), ...byService.keys()])];
  return { any, exact: exact.size === 0 ? NO_EXACT : exact, byService: byService.size === 0 ? NO_GLOBS : byService, other, ...(services ? { services } : {}) };
}

function compileResources(list: string[], variablesEnabled: boolean): ResourceMatcher {
  const globs: CompiledGlob[] = [];
  const templates: { raw: string; parts: TemplatePart[] }[] = [];
  let any = false;
  for (const raw of list) {
    if (raw === '*') { any = true; continue; }
    const parts = variablesEnabled ? parseTemplate(raw) : undefined;
    if (parts) templates.push({ raw, parts });
    else globs.push(compileGlob(raw));
  }
  return { any, globs, templates };
}
