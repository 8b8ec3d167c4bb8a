import type { TfFunction } from './tf-functions.js';
import { containsUnknown, elementsOf, isKnownMap, isUnknown, sortedKeys, toNumberValue, toStringValue, valuesEqual, type TfObject, type TfValue } from './tf-values.js';

// https://developer.hashicorp.com/terraform/language/functions (collection and type conversion functions).
// Unknown elements are carried through as elements; only an unknown decision makes the result unknown.

function list(v: TfValue | undefined): TfValue[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function distinctValues(items: TfValue[]): TfValue[] {
  const out: TfValue[] = [];
  for (const item of items) if (isUnknown(item) || !out.some((o) => !isUnknown(o) && valuesEqual(o, item))) out.push(item);
  return out;
}

function flattenDeep(items: TfValue[]): TfValue[] {
  return items.flatMap((i) => (Array.isArray(i) ? flattenDeep(i) : [i]));
}

function int(v: TfValue | undefined): number | undefined {
  const n = v === undefined ? undefined : toNumberValue(v);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

export const collectionFunctions: Record<string, TfFunction> = {
  length: ([v]) => (typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : isKnownMap(v) ? Object.keys(v).length : undefined),
  element: ([l, i], site) => {
    const items = list(l);
    const n = int(i);
    if (!items || n === undefined || items.length === 0) return undefined;
    if (isUnknown(i as TfValue)) return site.unknownHere();
    return items[((n % items.length) + items.length) % items.length];
  },
  index: ([l, v], site) => {
    const items = list(l);
    if (!items || v === undefined || isUnknown(v)) return items ? site.unknownHere() : undefined;
    const at = items.findIndex((x) => !isUnknown(x) && valuesEqual(x, v));
    if (items.slice(0, at < 0 ? items.length : at).some(isUnknown)) return site.unknownHere();
    return at < 0 ? undefined : at;
  },
  concat: (args) => (args.every(Array.isArray) ? args.flatMap((a) => a as TfValue[]) : undefined),
  merge: (args) => {
    const out: TfObject = {};
    for (const a of args) {
      if (a === null) continue;
      if (!isKnownMap(a)) return undefined;
      Object.assign(out, a);
    }
    return out;
  },
  lookup: ([m, k, d], site) => {
    const key = k === undefined ? undefined : toStringValue(k);
    if (!isKnownMap(m) || key === undefined) return k !== undefined && isUnknown(k) ? site.unknownHere() : undefined;
    return key in m ? m[key] : d;
  },
  keys: ([m]) => (isKnownMap(m) ? sortedKeys(m) : undefined),
  values: ([m]) => (isKnownMap(m) ? sortedKeys(m).map((k) => m[k] as TfValue) : undefined),
  toset: ([v]) => (Array.isArray(v) ? distinctValues(v) : undefined),
  tolist: ([v]) => (Array.isArray(v) ? v : undefined),
  tomap: ([v]) => (isKnownMap(v) ? v : undefined),
  flatten: ([v]) => (Array.isArray(v) ? flattenDeep(v) : undefined),
  distinct: ([v]) => (Array.isArray(v) ? distinctValues(v) : undefined),
  contains: ([l, v], site) => {
    const items = elementsOf(l as TfValue);
    if (!items || v === undefined) return undefined;
    if (isUnknown(v)) return site.unknownHere();
    if (items.some((x) => !isUnknown(x) && valuesEqual(x, v))) return true;
    return items.some(isUnknown) ? site.unknownHere() : false;
  },
  zipmap: ([k, v], site) => {
    const ks = list(k);
    const vs = list(v);
    if (!ks || !vs || ks.length !== vs.length) return undefined;
    const out: TfObject = {};
    for (let i = 0; i < ks.length; i++) {
      const key = toStringValue(ks[i] as TfValue);
      if (key === undefined) return isUnknown(ks[i] as TfValue) ? site.unknownHere() : undefined;
      out[key] = vs[i] as TfValue;
    }
    return out;
  },
  range: (args) => {
    const n = args.map((a) => toNumberValue(a));
    if (n.some((x) => x === undefined)) return undefined;
    const [start, limit, step] = n.length === 1 ? [0, n[0] as number, 1] : [n[0] as number, n[1] as number, n[2] ?? ((n[0] as number) <= (n[1] as number) ? 1 : -1)];
    if (step === 0) return undefined;
    const out: number[] = [];
    for (let x = start; step > 0 ? x < limit : x > limit; x += step) {
      out.push(x);
      if (out.length > 1024) return undefined;
    }
    return out;
  },
  compact: ([l]) => (Array.isArray(l) ? l.filter((x) => isUnknown(x) || (x !== null && x !== '')) : undefined),
  slice: ([l, a, b]) => {
    const items = list(l);
    const from = int(a);
    const to = int(b);
    if (!items || from === undefined || to === undefined || from < 0 || to > items.length || from > to) return undefined;
    return items.slice(from, to);
  },
  one: ([l]) => {
    const items = list(l);
    if (!items || items.length > 1) return undefined;
    return items.length === 0 ? null : (items[0] as TfValue);
  },
  reverse: ([l]) => (Array.isArray(l) ? [...l].reverse() : undefined),
  coalescelist: (args) => args.find((a) => Array.isArray(a) && a.length > 0) ?? undefined,
  sort: ([l]) => (Array.isArray(l) && !containsUnknown(l) ? l.map((x) => toStringValue(x) ?? '').sort() : undefined),
  setunion: (args) => (args.every(Array.isArray) ? distinctValues(args.flatMap((a) => a as TfValue[])) : undefined),
  min: (args) => (args.every((a) => toNumberValue(a) !== undefined) && args.length > 0 ? Math.min(...args.map((a) => toNumberValue(a) as number)) : undefined),
  max: (args) => (args.every((a) => toNumberValue(a) !== undefined) && args.length > 0 ? Math.max(...args.map((a) => toNumberValue(a) as number)) : undefined),
  alltrue: ([l]) => (Array.isArray(l) ? l.every((x) => x === true || x === 'true') : undefined),
  anytrue: ([l]) => (Array.isArray(l) ? l.some((x) => x === true || x === 'true') : undefined),
};
