import type { SourceRef } from '../../../model/source.js';
import { isKnownMap, isUnknown } from '../../unknown-value.js';
import type { TfUnknown, TfValue } from '../terraform-resources/terraform-resource.js';

export type { TfUnknown, TfValue };

export type TfObject = { [key: string]: TfValue };

// Objects that stand for a resource instance: an attribute they do not hold is one the provider
// computes at apply (`unique_id`, `create_date`…), not an error.
const instances = new WeakMap<object, string>();

/** Marks an object as the value of the resource instance at `address`. */
/** A conditional, or a `concat` of conditionals, gives at most this many alternatives; past it the value is only unknown. */
export const MAX_ALTERNATIVES = 16;

export function markInstance<T extends TfObject>(value: T, address: string): T {
  instances.set(value, address);
  return value;
}

/** The address of a resource instance object, if it is one. */
export function instanceAddress(value: TfValue): string | undefined {
  return typeof value === 'object' && value !== null ? instances.get(value) : undefined;
}

export { isKnownMap, isUnknown };

export function unknown(expression: string, source?: SourceRef): TfUnknown {
  return source ? { unknown: true, expression, source } : { unknown: true, expression };
}

// Unknowns that stand for an evaluation error (missing attribute, bad index), which `try` and
// `can` treat as failures, unlike values Terraform only knows after apply.
const errors = new WeakSet<TfUnknown>();

/** An unknown that is an evaluation error (Terraform would fail here; `try` moves on). */
export function evaluationError(expression: string, source?: SourceRef): TfUnknown {
  const u = unknown(expression, source);
  errors.add(u);
  return u;
}

export function isEvaluationError(value: TfValue): boolean {
  return isUnknown(value) && errors.has(value);
}

/** True when the value is, or contains anywhere, an unknown. */
export function containsUnknown(value: TfValue): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isKnownMap(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** The first unknown inside a value, to name it in an issue. */
export function firstUnknown(value: TfValue): TfUnknown | undefined {
  if (isUnknown(value)) return value;
  const items = Array.isArray(value) ? value : isKnownMap(value) ? Object.values(value) : [];
  for (const item of items) {
    const found = firstUnknown(item);
    if (found) return found;
  }
  return undefined;
}

/** Terraform's string conversion of a primitive: numbers and bools become their literal text. */
export function toStringValue(value: TfValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n);
}

/** Terraform's number conversion: numbers, and strings that spell a number. */
export function toNumberValue(value: TfValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** Terraform's bool conversion: bools, and the strings "true"/"false". */
export function toBoolValue(value: TfValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** Structural equality of known values (the `==` operator). */
export function valuesEqual(a: TfValue, b: TfValue): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'string') return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i] as TfValue));
  if (isKnownMap(a) && isKnownMap(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && valuesEqual(a[k] as TfValue, b[k] as TfValue));
  }
  return false;
}

/** The elements of a collection: a tuple/list/set as is, an object/map's values in key order. */
export function elementsOf(value: TfValue): TfValue[] | undefined {
  if (Array.isArray(value)) return value;
  if (isKnownMap(value)) return sortedKeys(value).map((k) => value[k] as TfValue);
  return undefined;
}

/** Terraform iterates maps and objects in lexical key order. */
export function sortedKeys(value: TfObject): string[] {
  return Object.keys(value).sort();
}

/** The value a JSON document denotes, unknowns kept in place (used to emit TfValue from JSON). */
export function fromJson(value: unknown): TfValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(fromJson);
  if (typeof value === 'object') {
    const out: TfObject = {};
    // defineProperty: a `__proto__` key stays a key instead of replacing the prototype.
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) Object.defineProperty(out, k, { value: fromJson(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return null;
}

/**
 * `jsonencode`: Terraform sorts object keys. A value with an unknown inside cannot be encoded; the
 * caller keeps the structure instead (see `jsonencode` in tf-functions.ts).
 */
export function encodeJson(value: TfValue): string {
  return JSON.stringify(sortForJson(value));
}

function sortForJson(value: TfValue): unknown {
  if (Array.isArray(value)) return value.map(sortForJson);
  if (isKnownMap(value)) {
    const out: Record<string, unknown> = {};
    for (const k of sortedKeys(value)) out[k] = sortForJson(value[k] as TfValue);
    return out;
  }
  return value;
}
