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
  'principal', 'conditional', 'via',
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
 * `JSON.stringify(orderKeys(value), null, 2)` for a value nested at `indent`, written directly:
 * no reordered copy of the report is built.
 */
function serialize(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}\n${inner}${serialize(value[i] === undefined ? null : value[i], inner)}`;
    return `${out}\n${indent}]`;
  }
  const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined).sort(compareKeys);
  if (keys.length === 0) return '{}';
  let out = '{';
  keys.forEach((key, i) => { out += `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: ${serialize((value as Record<string, unknown>)[key], inner)}`; });
  return `${out}\n${indent}}`;
}
