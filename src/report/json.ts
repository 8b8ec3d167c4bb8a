import type { Report } from '../model/report.js';

/**
 * The order keys are written in: the order of src/model/report.ts. Keys not listed
 * (none today) follow in alphabetical order, so the output never depends on how the Report
 * object happened to be built.
 */
const KEY_ORDER = [
  'tool', 'secrets', 'findings', 'coverage', 'diff', 'policies', 'help',
  'name', 'version',
  'id', 'kind', 'resource', 'origin', 'owners', 'readers', 'status', 'notes',
  'principal', 'role', 'conditional', 'via',
  'edge', 'from', 'to', 'source', 'detail',
  'ruleId', 'level', 'secret', 'message', 'locations', 'properties', 'chain', 'fingerprint',
  'baselineState', 'suppressions', 'expiredExceptions', 'justification', 'expires',
  'file', 'line', 'column', 'pointer',
  'loaded', 'skipped', 'reason',
  // diff section (src/model/diff.ts)
  'base', 'ref', 'commit', 'summary', 'change', 'resourceBefore', 'statusBefore',
  'readersAdded', 'readersRemoved', 'readersChanged', 'unintended', 'changed', 'before', 'after',
  'new', 'existing', 'fixed',
];
const RANK = new Map(KEY_ORDER.map((key, index) => [key, index]));

/**
 * Serialises a report as JSON (README "Reports", `schemas/report.schema.json`): 2-space indent, trailing
 * newline, keys in a fixed order, undefined fields left out, arrays in the order given (the
 * pipeline sorts them). Same report in, same bytes out.
 */
export function formatJson(report: Report): string {
  return `${JSON.stringify(orderKeys(report), null, 2)}\n`;
}

function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => compareKeys(a, b));
  return Object.fromEntries(entries.map(([key, v]) => [key, orderKeys(v)]));
}

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? Number.MAX_SAFE_INTEGER;
  const rb = RANK.get(b) ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The same bytes as `formatJson`, handed to `write` in pieces of about `chunkSize` characters, so a
 * report with tens of thousands of readers is never one string in memory.
 */
export function writeJson(report: Report, write: (chunk: string) => void, chunkSize = 1 << 20): void {
  let buffer = '';
  const out = (text: string): void => {
    buffer += text;
    if (buffer.length >= chunkSize) { write(buffer); buffer = ''; }
  };
  const indented = (value: unknown, depth: number): string => serialize(value, '  '.repeat(depth));
  const entries = Object.entries(report as unknown as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => compareKeys(a, b));
  out('{');
  entries.forEach(([key, value], i) => {
    out(`${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `);
    if (!Array.isArray(value) || value.length === 0) { out(indented(value, 1)); return; }
    out('[');
    value.forEach((item, j) => out(`${j === 0 ? '' : ','}\n    ${indented(item, 2)}`));
    out('\n  ]');
  });
  out('\n}\n');
  if (buffer !== '') write(buffer);
}

/**
 * `JSON.stringify(orderKeys(value), null, 2)` for a value nested at `indent`: the native
 * stringify on a key-ordered copy of this one item, its lines shifted by `indent` (a JSON string
 * holds no raw newline, so every newline is a line break of the layout).
 */
function serialize(value: unknown, indent: string): string {
  const text = JSON.stringify(ordered(value), null, 2) ?? 'null';
  return indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}

/** Like `orderKeys`, with each distinct key set sorted once: a report repeats a few shapes many times. */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of sortedKeys(Object.keys(source))) {
    const v = source[key];
    if (v === undefined) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value: ordered(v), enumerable: true, writable: true, configurable: true });
    else out[key] = ordered(v);
  }
  return out;
}

const keyOrders = new Map<string, string[]>();
function sortedKeys(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  const signature = keys.join('\u0000');
  let order = keyOrders.get(signature);
  if (!order) {
    order = [...keys].sort(compareKeys);
    // Bounded: key sets come from the report model, but `properties` could vary without limit.
    if (keyOrders.size < 10_000) keyOrders.set(signature, order);
  }
  return order;
}
