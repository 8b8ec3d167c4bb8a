import type { HclAttribute, HclBlock, HclBody, HclExpression } from '../hcl/hcl-ast.js';
import type { SourceRef } from '../../../model/source.js';
import { ownEntry } from '../../../input-safety.js';
import { bind, entriesOf, evaluateExpression, type EvalScope } from './evaluate-expression.js';
import { isUnknown, unknown, type TfObject, type TfValue } from './tf-values.js';

/** Meta-arguments Terraform consumes itself; they are not attributes of the resource. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'providers', 'source', 'version']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection', 'precondition', 'postcondition']);

/** An evaluated block body with where each part is written. */
export interface EvaluatedBody {
  values: TfObject;
  /** `attr` → its line; `block[i]` → the i-th nested block of that type (dynamic ones included). */
  sources: Record<string, SourceRef>;
  /** Heredoc attributes: the file line just before the text's first line. */
  textLineBase: Record<string, number>;
  /** The expression of each attribute, for callers that look at how a value was written. */
  expressions: Record<string, HclExpression>;
}

/**
 * Evaluates a resource, data or module body: attributes to values, nested blocks to lists of
 * objects in source order (as the provider schema's block lists), `dynamic` blocks expanded once
 * per element of their `for_each` (an unknown collection gives one element whose iterator is
 * unknown, so the content still shows, with unknowns where it varies).
 * https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks
 */
export function evaluateBody(body: HclBody, scope: EvalScope, meta = META_ARGUMENTS): EvaluatedBody {
  const out: EvaluatedBody = { values: {}, sources: {}, textLineBase: {}, expressions: {} };
  const at = (line: number, column: number): SourceRef => ({ file: scope.file.path, line, column });
  for (const item of body.items) {
    if (item.kind === 'attribute') {
      if (meta.has(item.name)) continue;
      out.values[item.name] = evaluateExpression(item.expression, scope);
      out.sources[item.name] = at(item.line, item.column);
      out.expressions[item.name] = item.expression;
      if (item.expression.kind === 'template' && item.expression.heredoc) out.textLineBase[item.name] = item.expression.range.start.line;
      continue;
    }
    if (META_BLOCKS.has(item.type)) continue;
    if (item.type === 'dynamic') {
      const name = item.labels[0];
      if (name === undefined) continue;
      for (const element of expandDynamic(item, name, scope)) pushBlock(out, name, element, at(item.line, item.column));
      continue;
    }
    pushBlock(out, item.type, evaluateBody(item.body, scope, new Set()).values, at(item.line, item.column));
  }
  return out;
}

// The lists pushBlock made, told apart from a list an argument of the same name evaluated to.
const blockLists = new WeakSet<TfValue[]>();

function pushBlock(out: EvaluatedBody, type: string, value: TfValue, source: SourceRef): void {
  const existing = ownEntry(out.values, type);
  let list: TfValue[];
  if (Array.isArray(existing) && blockLists.has(existing)) list = existing;
  else {
    // An argument and a block of the same name (Terraform refuses the file): keep both readings in a
    // new list (the argument's value may be shared), so whichever grants more is there.
    list = existing === undefined ? [] : Array.isArray(existing) ? [...existing] : [existing];
    blockLists.add(list);
    out.values[type] = list;
  }
  out.sources[`${type}[${list.length}]`] = source;
  list.push(value);
}

function expandDynamic(block: HclBlock, name: string, scope: EvalScope): TfValue[] {
  const attr = (n: string): HclAttribute | undefined => block.body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === n);
  const content = block.body.items.find((i): i is HclBlock => i.kind === 'block' && i.type === 'content');
  if (!content) return [];
  const iteratorExpr = attr('iterator')?.expression;
  const iterator = iteratorExpr?.kind === 'variable' ? iteratorExpr.name : name;
  const forEach = attr('for_each');
  const collection = forEach ? evaluateExpression(forEach.expression, scope) : [];
  const entries = entriesOf(collection);
  if (isUnknown(collection) || !entries) {
    const u = isUnknown(collection) ? collection : unknown(`dynamic "${name}" for_each`, { file: scope.file.path, line: block.line });
    return [evaluateBody(content.body, bind(scope, { [iterator]: { key: u, value: u } }), new Set()).values];
  }
  return entries.map(([key, value]) => evaluateBody(content.body, bind(scope, { [iterator]: { key, value } }), new Set()).values);
}

/**
 * The arguments a resource's `lifecycle { ignore_changes = [...] }` names (their top-level names),
 * or 'all'. Read as written: the meta-block is not evaluated.
 * https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#ignore_changes
 */
export function ignoredChanges(block: HclBlock): ReadonlySet<string> | 'all' {
  const names = new Set<string>();
  for (const item of block.body.items) {
    if (item.kind !== 'block' || item.type !== 'lifecycle') continue;
    const attribute = item.body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === 'ignore_changes');
    const expression = attribute?.expression;
    if (expression === undefined) continue;
    if (expression.kind === 'variable' && expression.name === 'all') return 'all';
    if (expression.kind !== 'tuple') continue;
    for (const element of expression.items) {
      const name = rootName(element);
      if (name === '*' || name === 'all') return 'all';
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

/** `value`, `tags["x"]` or, as Terraform 0.11 wrote them, `"value"`: the argument's name. */
function rootName(expression: HclExpression): string | undefined {
  if (expression.kind === 'variable') return expression.name;
  if (expression.kind === 'getAttr' || expression.kind === 'index') return rootName(expression.target);
  if (expression.kind === 'literal' && typeof expression.value === 'string') return expression.value;
  if (expression.kind === 'template' && expression.parts.length === 1 && expression.parts[0]?.kind === 'text') return expression.parts[0].value;
  return undefined;
}
