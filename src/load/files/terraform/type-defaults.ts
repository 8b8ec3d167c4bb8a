import type { HclExpression } from '../hcl/hcl-ast.js';
import { instanceAddress, isKnownMap, isUnknown, markInstance, type TfObject, type TfValue } from './tf-values.js';

/**
 * A variable's value as the module sees it: Terraform converts what it receives (or its default) to
 * the variable's type constraint, and an `optional(type, default)` attribute of an object type that
 * is absent or null takes its default — `each.value.create` is `true` when the caller's map left
 * `create` out. https://developer.hashicorp.com/terraform/language/expressions/type-constraints#optional-object-type-attributes
 *
 * Only the defaults are applied; attributes the type does not declare are kept (the module cannot
 * refer to them, so keeping them changes nothing), and values of other types are left as given.
 */
export function applyTypeDefaults(type: HclExpression, value: TfValue, evaluate: (expression: HclExpression) => TfValue, depth = 0): TfValue {
  if (value === null || isUnknown(value) || type.kind !== 'call' || depth > MAX_TYPE_DEPTH) return value;
  const [first] = type.args;
  const inner = (t: HclExpression, v: TfValue): TfValue => applyTypeDefaults(t, v, evaluate, depth + 1);
  switch (type.name) {
    case 'object':
      return first?.kind === 'object' && isKnownMap(value) ? objectWithDefaults(first.items, value, evaluate, inner) : value;
    case 'map':
    case 'list':
    case 'set':
      if (!first) return value;
      if (Array.isArray(value)) return value.map((v) => inner(first, v));
      if (isKnownMap(value)) return keepInstance(value, Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inner(first, v)])));
      return value;
    case 'tuple':
      return first?.kind === 'tuple' && Array.isArray(value) ? value.map((v, i) => (first.items[i] ? inner(first.items[i], v) : v)) : value;
    case 'optional':
      return first ? inner(first, value) : value;
    default:
      return value;
  }
}

// Type constraints nest a handful deep in practice; past this, values are left as given.
const MAX_TYPE_DEPTH = 64;

function objectWithDefaults(
  attributes: readonly { key: HclExpression; value: HclExpression }[],
  value: TfObject,
  evaluate: (expression: HclExpression) => TfValue,
  inner: (type: HclExpression, value: TfValue) => TfValue,
): TfValue {
  const out: TfObject = { ...value };
  for (const attribute of attributes) {
    const name = attributeName(attribute.key);
    if (name === undefined) continue;
    const attributeType = attribute.value;
    const current = Object.hasOwn(out, name) ? out[name] : undefined;
    if (attributeType.kind === 'call' && attributeType.name === 'optional') {
      const [innerType, defaultExpression] = attributeType.args;
      const given = current === undefined || current === null ? (defaultExpression ? evaluate(defaultExpression) : null) : current;
      out[name] = innerType ? inner(innerType, given) : given;
    } else if (current !== undefined) {
      out[name] = inner(attributeType, current);
    }
  }
  return keepInstance(value, out);
}

function attributeName(key: HclExpression): string | undefined {
  if (key.kind === 'variable') return key.name;
  if (key.kind === 'literal' && typeof key.value === 'string') return key.value;
  if (key.kind === 'template' && key.parts.length === 1 && key.parts[0]?.kind === 'text') return key.parts[0].value;
  return undefined;
}

function keepInstance(original: TfObject, copy: TfObject): TfObject {
  const address = instanceAddress(original);
  return address === undefined ? copy : markInstance(copy, address);
}
