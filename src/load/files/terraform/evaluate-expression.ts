import type { HclExpression, HclTemplatePart } from '../hcl/hcl-ast.js';
import type { SourceRef } from '../../../model/source.js';
import { callFunction, MAX_TF_STRING, type FunctionContext } from './tf-functions.js';
import type { TfFile } from './tf-file.js';
import {
  elementsOf, evaluationError, instanceAddress, isEvaluationError, isKnownMap, isUnknown, MAX_ALTERNATIVES, sortedKeys, toBoolValue, toNumberValue, toStringValue, unknown, valuesEqual,
  type TfObject, type TfUnknown, type TfValue,
} from './tf-values.js';
import { applyOperator } from './tf-operators.js';
import { isSecretValueAttribute } from '../terraform-resources/secret-values.js';

/** Makes the unknown for the expression being evaluated; `error` marks a failure `try` may skip. */
export type UnknownHere = (why?: string, error?: boolean) => TfValue;

/** One step after a reference's root name: `.name` or `[key]` (key already evaluated). */
export type TraversalStep = { kind: 'attr'; name: string } | { kind: 'index'; key: TfValue };

/** What a reference resolved to and how many of its steps the resolver consumed. */
export interface ResolvedReference {
  value: TfValue;
  consumed: number;
}

/** Resolves the names a module knows: `var`, `local`, `module`, `data`, resource types, `path`… */
export interface ReferenceResolver extends FunctionContext {
  resolve(root: string, steps: TraversalStep[], at: SourceRef, text: string): ResolvedReference;
}

/** Where an expression is evaluated: its file, the module's names and local bindings (for, count, each). */
export interface EvalScope {
  file: TfFile;
  resolver: ReferenceResolver;
  bindings: ReadonlyMap<string, TfValue>;
}

/** A scope with more local names bound (for-expression variables, iterators). */
export function bind(scope: EvalScope, names: Record<string, TfValue>): EvalScope {
  const bindings = new Map(scope.bindings);
  for (const [k, v] of Object.entries(names)) bindings.set(k, v);
  return { ...scope, bindings };
}

/**
 * Evaluates an HCL expression to a TfValue the way Terraform would, except that whatever cannot be
 * known statically becomes a TfUnknown naming the expression as written (never its value), so that
 * the mapping can widen and report it. Never throws on bad input.
 * https://developer.hashicorp.com/terraform/language/expressions
 */
export function evaluateExpression(expr: HclExpression, scope: EvalScope): TfValue {
  const outer = reachedSecretValue;
  reachedSecretValue = undefined;
  let value: TfValue = null;
  let reached: string | undefined;
  try {
    value = evaluateOwn(expr, scope);
  } finally {
    reached = reachedSecretValue;
    reachedSecretValue = outer;
  }
  if (!isUnknown(value)) return value;
  // What is computed from a secret's value (`jsondecode(….secret_string)["password"]`, a template
  // around it) is marked as that secret's, so that where it lands in plaintext it is known as a copy.
  if (reached !== undefined && value.secretValueOf === undefined && !isEvaluationError(value)) value = { ...value, secretValueOf: reached };
  if (value.secretValueOf !== undefined) reachedSecretValue ??= value.secretValueOf;
  return value;
}

/**
 * The stored or generated secret's value (`TfUnknown.secretValueOf`) that the expression being
 * evaluated has reached so far, if any: one per nested evaluation, restored on the way out.
 */
let reachedSecretValue: string | undefined;

function evaluateOwn(expr: HclExpression, scope: EvalScope): TfValue {
  const sourceOf = (): SourceRef => ({ file: scope.file.path, line: expr.range.start.line, column: expr.range.start.column });
  const unknownHere: UnknownHere = (why, error = false) => {
    const text = why ? `${scope.file.textOf(expr.range)} (${why})` : scope.file.textOf(expr.range);
    return error ? evaluationError(text, sourceOf()) : unknown(text, sourceOf());
  };
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template':
      return evaluateTemplate(expr.parts, scope, expr.heredoc === undefined && expr.parts.length === 1, () => templateText(expr, scope), sourceOf());
    case 'tuple':
      return expr.items.map((item) => evaluateExpression(item, scope));
    case 'object': {
      const out: TfObject = {};
      for (const item of expr.items) {
        const key = item.key.kind === 'variable' ? item.key.name : evaluateExpression(item.key, scope);
        const name = toStringValue(key);
        if (name === undefined) return unknownHere(isUnknown(key) ? undefined : 'object key is not a string');
        out[name] = evaluateExpression(item.value, scope);
      }
      return out;
    }
    case 'call': {
      const args = expr.args.map((a) => evaluateExpression(a, scope));
      if (expr.expandFinal) {
        const last = args.pop();
        if (last === undefined || isUnknown(last)) return unknownHere();
        const items = elementsOf(last);
        if (!items) return unknownHere('cannot expand a non-collection');
        args.push(...items);
      }
      return callFunction(expr.name, args, { context: scope.resolver, argExprs: expr.args, unknownHere, scope });
    }
    case 'variable':
    case 'getAttr':
    case 'index':
      return evaluateTraversal(expr, scope, unknownHere);
    case 'splat': {
      const target = evaluateExpression(expr.target, scope);
      const each = (item: TfValue): TfValue => {
        let v: TfValue = item;
        for (const step of expr.each) {
          const key: TraversalStep = step.kind === 'attr' ? step : { kind: 'index', key: evaluateExpression(step.key, scope) };
          v = accessStep(v, key, unknownHere);
        }
        return v;
      };
      if (isUnknown(target)) {
        // Instances of unknown number stood for by one (module-instance.ts): still a list of unknown
        // length, whose element is the stand-in's attribute.
        if (target.standInElement === undefined) return unknownHere();
        const list = unknownHere() as TfUnknown;
        list.standInElement = each(target.standInElement);
        return list;
      }
      if (target === null) return [];
      const items = expr.full ? (Array.isArray(target) ? target : [target]) : Array.isArray(target) ? target : [target];
      return items.map(each);
    }
    case 'conditional': {
      const cond = evaluateExpression(expr.condition, scope);
      if (isUnknown(cond)) {
        const a = evaluateExpression(expr.then, scope);
        const b = evaluateExpression(expr.else, scope);
        if (!isUnknown(a) && !isUnknown(b) && valuesEqual(a, b)) return a;
        const either = unknownHere() as TfUnknown;
        const alternatives = [...branchValues(a), ...branchValues(b)];
        if (alternatives.length <= MAX_ALTERNATIVES) either.alternatives = alternatives;
        return either;
      }
      const truth = toBoolValue(cond);
      if (truth === undefined) return unknownHere('condition is not a bool');
      return evaluateExpression(truth ? expr.then : expr.else, scope);
    }
    case 'for':
      return evaluateFor(expr, scope, unknownHere);
    case 'unary': {
      const v = evaluateExpression(expr.operand, scope);
      if (isUnknown(v)) return unknownHere();
      if (expr.operator === '!') {
        const b = toBoolValue(v);
        return b === undefined ? unknownHere('not a bool') : !b;
      }
      const n = toNumberValue(v);
      return n === undefined ? unknownHere('not a number') : -n;
    }
    case 'binary': {
      const left = evaluateExpression(expr.left, scope);
      // && and || decide from one side when the other is unknown, as Terraform does for known operands.
      if (expr.operator === '&&' && left === false) return false;
      if (expr.operator === '||' && left === true) return true;
      const right = evaluateExpression(expr.right, scope);
      return applyOperator(expr.operator, left, right, unknownHere);
    }
    case 'invalid':
      // Not one expression: its text may run into the attributes after it, values included.
      return unknown('… (not understood)', sourceOf());
  }
}

/**
 * Evaluates template parts. Any unknown part makes the whole template unknown, named by its text,
 * with a glob for its values (`pattern`) and the text with the unknown pieces kept in place
 * (`parts`), so that a JSON document written as a template keeps its structure (docs/semantics.md#symbolic-unknowns).
 */
export function evaluateTemplate(parts: HclTemplatePart[], scope: EvalScope, single: boolean, text: () => string, at?: SourceRef): TfValue {
  // "${x}" alone yields x's value unchanged (Terraform does not convert it to a string).
  const only = parts[0];
  if (single && only?.kind === 'interpolation') return evaluateExpression(only.expression, scope);
  let out = '';
  let unresolved = false;
  // The text with unknown values in place: strings are literal text, anything else a value spliced in.
  const pieces: TfValue[] = [];
  const unknownTemplate = (): TfValue => {
    const u = unknown(text(), at ?? { file: scope.file.path });
    // The known text around the unknown parts still narrows it: `arn:aws:s3:::${var.b}/*` → `arn:aws:s3:::*/*`
    // (a literal `*` or `?` in the text stays a wildcard: IAM patterns have no escape, and it only widens).
    if (patternParts.some((p) => p !== '*')) u.pattern = patternParts.join('').replace(/\*+/g, '*');
    u.parts = mergeText(pieces);
    return u;
  };
  const patternParts: string[] = [];
  const splice = (v: TfValue): void => {
    if (isUnknown(v) && v.parts) pieces.push(...v.parts);
    else pieces.push(v);
  };
  for (const part of parts) {
    if (part.kind === 'text') { out += part.value; patternParts.push(part.value); pieces.push(part.value); continue; }
    if (part.kind === 'interpolation') {
      const v = evaluateExpression(part.expression, scope);
      const s = toStringValue(v);
      if (s === undefined) { unresolved = true; patternParts.push(isUnknown(v) && v.pattern ? v.pattern : '*'); pieces.push(v); }
      else { out += s; patternParts.push(s); pieces.push(s); }
      continue;
    }
    if (part.kind === 'if') {
      const c = toBoolValue(evaluateExpression(part.condition, scope));
      if (c === undefined) {
        unresolved = true;
        patternParts.push('*');
        pieces.push(unknown(`%{ if ${scope.file.textOf(part.condition.range)} }`, { file: scope.file.path, line: part.condition.range.start.line }));
        continue;
      }
      const branch = c ? part.then : part.else ?? [];
      const v = evaluateTemplate(branch, scope, false, text, at);
      if (typeof v === 'string') { out += v; pieces.push(v); } else { unresolved = true; splice(v); }
      patternParts.push(typeof v === 'string' ? v : '*');
      continue;
    }
    const coll = evaluateExpression(part.collection, scope);
    const entries = entriesOf(coll);
    if (!entries) {
      unresolved = true;
      patternParts.push('*');
      // The directive repeats text a number of times no one knows: it hides the structure there.
      pieces.push(isUnknown(coll) ? coll : unknown(`%{ for … in ${scope.file.textOf(part.collection.range)} }`, { file: scope.file.path, line: part.collection.range.start.line }));
      continue;
    }
    for (const [k, v] of entries) {
      const inner = bind(scope, part.keyVar ? { [part.keyVar]: k, [part.valueVar]: v } : { [part.valueVar]: v });
      const s = evaluateTemplate(part.body, inner, false, text, at);
      if (typeof s === 'string') { out += s; pieces.push(s); patternParts.push(s); } else { unresolved = true; splice(s); patternParts.push('*'); }
    }
  }
  return unresolved || out.length > MAX_TF_STRING ? unknownTemplate() : out;
}

/** Adjacent literal texts joined into one. */
function mergeText(pieces: TfValue[]): TfValue[] {
  const out: TfValue[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}

function templateText(expr: HclExpression, scope: EvalScope): string {
  const raw = scope.file.textOf(expr.range);
  return expr.kind === 'template' && !expr.heredoc && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
}

/** Key/value pairs of a collection in Terraform's iteration order (index for lists, sorted keys for maps). */
export function entriesOf(value: TfValue): [TfValue, TfValue][] | undefined {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (isKnownMap(value)) return sortedKeys(value).map((k) => [k, value[k] as TfValue]);
  return undefined;
}

function evaluateFor(expr: Extract<HclExpression, { kind: 'for' }>, scope: EvalScope, unknownHere: UnknownHere): TfValue {
  const coll = evaluateExpression(expr.collection, scope);
  if (isUnknown(coll)) return unknownHere();
  const entries = entriesOf(coll);
  if (!entries) return unknownHere('not a collection');
  const tuple: TfValue[] = [];
  // Null prototypes: keys come from input, and `__proto__` must stay a key.
  const object: TfObject = Object.create(null) as TfObject;
  const groups: Record<string, TfValue[]> = Object.create(null) as Record<string, TfValue[]>;
  for (const [k, v] of entries) {
    const inner = bind(scope, expr.keyVar ? { [expr.keyVar]: k, [expr.valueVar]: v } : { [expr.valueVar]: v });
    let mayBeAbsent = false;
    if (expr.condition) {
      const c = evaluateExpression(expr.condition, inner);
      // An object's entry whose condition is unknown may or may not be there: it is kept with an
      // unknown value, which widens where it is read (`{ for k, v in local.definition : k => v if
      // v != null }` keeps every known attribute of a container definition). A list's length, or a
      // group's, would be unknown: the whole result is.
      if (isUnknown(c)) {
        if (expr.result === 'tuple' || expr.grouping) return unknownHere();
        mayBeAbsent = true;
      } else if (toBoolValue(c) !== true) continue;
    }
    const value = mayBeAbsent ? unknownHere('an entry whose condition is unknown') : evaluateExpression(expr.valueExpr, inner);
    if (expr.result === 'tuple') { tuple.push(value); continue; }
    const key = toStringValue(evaluateExpression(expr.keyExpr ?? expr.valueExpr, inner));
    if (key === undefined) return unknownHere();
    if (expr.grouping) (groups[key] ??= []).push(value);
    else object[key] = value;
  }
  if (expr.result === 'tuple') return tuple;
  return expr.grouping ? groups : object;
}

function evaluateTraversal(expr: HclExpression, scope: EvalScope, unknownHere: UnknownHere): TfValue {
  const steps: TraversalStep[] = [];
  let base: HclExpression = expr;
  const keys: HclExpression[] = [];
  while (base.kind === 'getAttr' || base.kind === 'index') {
    if (base.kind === 'getAttr') steps.unshift({ kind: 'attr', name: base.name });
    else { steps.unshift({ kind: 'index', key: null }); keys.unshift(base.key); }
    base = base.target;
  }
  // Index keys are evaluated in the current scope (they may use each.key, count.index…).
  let k = 0;
  for (const step of steps) if (step.kind === 'index') step.key = evaluateExpression(keys[k++] as HclExpression, scope);
  let value: TfValue;
  let consumed = 0;
  if (base.kind === 'variable') {
    const bound = scope.bindings.get(base.name);
    if (bound !== undefined) value = bound;
    else {
      const at: SourceRef = { file: scope.file.path, line: expr.range.start.line, column: expr.range.start.column };
      const resolved = scope.resolver.resolve(base.name, steps, at, scope.file.textOf(expr.range));
      value = resolved.value;
      consumed = resolved.consumed;
    }
  } else value = evaluateExpression(base, scope);
  for (const step of steps.slice(consumed)) {
    if (isEvaluationError(value)) return value;
    // Keep why the reference was unknown (`module not loaded`, `no value given`) in the longer expression.
    if (isUnknown(value)) {
      if (value.secretValueOf !== undefined) reachedSecretValue ??= value.secretValueOf;
      return unknownHere(/ \(([^()]*)\)$/.exec(value.expression)?.[1]);
    }
    value = accessStep(value, step, unknownHere);
  }
  // An unknown is reported where it is used (docs/semantics.md#symbolic-unknowns: the expression and its line), not where a
  // variable is declared or a resource defined.
  if (isUnknown(value) && !isEvaluationError(value) && !value.parts) {
    return { ...value, source: { file: scope.file.path, line: expr.range.start.line, column: expr.range.start.column } };
  }
  return value;
}

const MODULE_CALL = /(^|\.)module\.[^.[\]]+(\[[^\]]*\])?$/;

/**
 * A resource instance's attribute whose configured value is unknown, marked as that attribute, so
 * that the mapping can join what refers to it with the resource (terraform-resource.ts `ownAttribute`).
 */
function asOwnAttribute(value: TfValue, address: string | undefined, attribute: string): TfValue {
  if (address === undefined || !isUnknown(value) || value.inferredFrom !== undefined || value.ownAttribute !== undefined) return value;
  // A module call's outputs are marked like an instance, but an output is no resource attribute.
  if (MODULE_CALL.test(address)) return value;
  return { ...value, ownAttribute: `${address}.${attribute}` };
}

/** The values one branch of a conditional may take: its own alternatives when it is itself such a conditional. */
function branchValues(value: TfValue): TfValue[] {
  return isUnknown(value) && value.alternatives ? value.alternatives : [value];
}

/** One `.attr` or `[key]` on a known value; a missing key yields an unknown naming the expression. */
export function accessStep(value: TfValue, step: TraversalStep, unknownHere: UnknownHere): TfValue {
  if (isUnknown(value)) return unknownHere();
  if (step.kind === 'attr') {
    const address = instanceAddress(value);
    if (isKnownMap(value) && step.name in value) return asOwnAttribute(value[step.name] as TfValue, address, step.name);
    if (address !== undefined) return computedAttribute(address, step.name);
    return unknownHere(`no attribute ${step.name}`, true);
  }
  if (isUnknown(step.key)) return unknownHere();
  if (Array.isArray(value)) {
    const i = toNumberValue(step.key);
    if (i !== undefined && Number.isInteger(i) && i >= 0 && i < value.length) return value[i] as TfValue;
    return unknownHere('index out of range', true);
  }
  const key = toStringValue(step.key);
  if (isKnownMap(value) && key !== undefined && key in value) return value[key] as TfValue;
  // `aws_iam_role.x["id"]` is `aws_iam_role.x.id`: an attribute the provider computes at apply.
  const address = key !== undefined && !Array.isArray(value) ? instanceAddress(value) : undefined;
  if (address !== undefined) return computedAttribute(address, key ?? '');
  return unknownHere(`no element ${key ?? ''}`.trim(), true);
}

/** An attribute the provider computes at apply: unknown, and marked when it is a secret's value. */
function computedAttribute(address: string, attribute: string): TfUnknown {
  const value = unknown(`${address}.${attribute} (known after apply)`);
  if (isSecretValueAttribute(address, attribute)) value.secretValueOf = `${address}.${attribute}`;
  return value;
}
