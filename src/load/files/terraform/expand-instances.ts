import type { HclAttribute, HclBlock } from '../hcl/hcl-ast.js';
import { evaluateExpression, type EvalScope } from './evaluate-expression.js';
import { isKnownMap, isUnknown, sortedKeys, toNumberValue, toStringValue, unknown, type TfUnknown, type TfValue } from './tf-values.js';
import type { TerraformWorld } from './terraform-world.js';

/** Instances listed one by one; past this, the rest are one instance with an unknown index (it widens). */
export const MAX_INSTANCES = 1000;

/** `undefined` for a block without count/for_each, the index for count, the key for for_each. */
export type InstanceKey = number | string | TfUnknown | undefined;

export interface ExpandedInstance {
  key: InstanceKey;
  /** `base`, `base[0]` or `base["k"]`; `base[*]` when the key is unknown. */
  address: string;
  /** `count` or `each` as the block's expressions see them. */
  bindings: Map<string, TfValue>;
}

export interface ExpandOptions {
  /**
   * The block cannot change who reads a secret (managedTypeMayMatter): an unknown `count` or
   * `for_each` still gives its stand-in instance, but is no coverage gap worth an SS011. A grant
   * that uses the stand-in's attributes raises its own.
   */
  quiet?: boolean;
}

/**
 * The instances a resource, data or module block declares through `count` or `for_each`. A
 * collection that cannot be known statically gives ONE instance whose key is unknown (its
 * attributes then carry the unknown where they use it) and an `unresolvedExpression` issue: the
 * instances stand in for all of them, rather than none.
 * https://developer.hashicorp.com/terraform/language/meta-arguments/count
 * https://developer.hashicorp.com/terraform/language/meta-arguments/for_each
 */
export function expandInstances(block: HclBlock, scope: EvalScope, world: TerraformWorld, base: string, options: ExpandOptions = {}): ExpandedInstance[] {
  const attr = (name: string): HclAttribute | undefined => block.body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === name);
  const count = attr('count');
  const forEach = attr('for_each');
  const unresolved = (a: HclAttribute, what: string): TfUnknown => {
    const text = scope.file.textOf(a.expression.range);
    if (!options.quiet) world.issueLog.add({
      code: 'unresolvedExpression',
      message: `${base}: ${what} = ${text} cannot be resolved statically; one instance with an unknown key stands for all of its instances`,
      source: { file: scope.file.path, line: a.line, column: a.column },
    });
    return unknown(`${what} = ${text}`, { file: scope.file.path, line: a.line, column: a.column });
  };
  if (count) {
    const value = evaluateExpression(count.expression, scope);
    const n = isUnknown(value) ? undefined : toNumberValue(value);
    if (n === undefined || !Number.isInteger(n) || n < 0) {
      const u = unresolved(count, 'count');
      return [{ key: u, address: `${base}[*]`, bindings: new Map([['count', { index: u }]]) }];
    }
    const listed = Array.from({ length: Math.min(n, MAX_INSTANCES) }, (_, i): ExpandedInstance => ({ key: i, address: `${base}[${i}]`, bindings: new Map([['count', { index: i }]]) }));
    if (n <= MAX_INSTANCES) return listed;
    // Past the cap the rest is one instance whose index is unknown: it stands for all of them, so
    // a name or grant built from count.index widens to a pattern instead of being dropped.
    const at = { file: scope.file.path, line: count.line, column: count.column };
    if (!options.quiet) world.issueLog.add({ code: 'tooManyInstances', message: `${base}: count = ${n} is more than ${MAX_INSTANCES} instances; instances ${MAX_INSTANCES} and later are read as one instance whose count.index is unknown`, source: at });
    const rest = unknown(`count.index (an instance from ${MAX_INSTANCES} on)`, at);
    return [...listed, { key: rest, address: `${base}[*]`, bindings: new Map([['count', { index: rest }]]) }];
  }
  if (forEach) {
    const value = evaluateExpression(forEach.expression, scope);
    const entries: [string, TfValue][] | undefined = isKnownMap(value)
      ? sortedKeys(value).map((k) => [k, value[k] as TfValue])
      : Array.isArray(value) && value.every((v) => toStringValue(v) !== undefined)
        ? [...new Set(value.map((v) => toStringValue(v) as string))].sort().map((k) => [k, k])
        : undefined;
    if (!entries) {
      const u = unresolved(forEach, 'for_each');
      return [{ key: u, address: `${base}[*]`, bindings: new Map([['each', { key: u, value: u }]]) }];
    }
    return entries.map(([k, v]) => ({ key: k, address: `${base}[${JSON.stringify(k)}]`, bindings: new Map([['each', { key: k, value: v }]]) }));
  }
  return [{ key: undefined, address: base, bindings: new Map() }];
}
