import type { ChainStep, Finding, Report } from '../model/report.js';

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
 * pipeline sorts them), findings without their chain (`asWritten`). Same report in, same bytes out.
 */
export function formatJson(report: Report): string {
  return `${JSON.stringify(orderKeys(asWritten(report)), null, 2)}\n`;
}

/**
 * The report as the JSON file holds it: each chain once. A finding about a reader (SS001, SS003, a
 * team policy) carries that reader's chain in memory, for SARIF's codeFlow and the Markdown report;
 * in the JSON it is the reader's `via` under `secrets`, found by the finding's secret and principal.
 * Written twice it was more than half of an organisation's report (README "Org scale"). Only the
 * very same chain is left out: one that is no reader's `via` is written with its finding.
 */
function asWritten(report: Report): Report {
  if (!report.findings.some((finding) => finding.chain !== undefined)) return report;
  const viaBySecret = new Map<string, Map<string, readonly ChainStep[]>>();
  for (const secret of report.secrets) viaBySecret.set(secret.id, new Map(secret.readers.map((reader) => [reader.principal, reader.via])));
  return {
    ...report,
    findings: report.findings.map((finding) => {
      const { chain } = finding;
      if (chain === undefined || finding.secret === undefined || finding.principal === undefined) return finding;
      const via = viaBySecret.get(finding.secret)?.get(finding.principal);
      // The pipeline hands the finding the reader's own array; a report built by hand may copy it.
      const same = via !== undefined && (via === chain || JSON.stringify(orderKeys(via)) === JSON.stringify(orderKeys(chain)));
      return same ? withoutChain(finding) : finding;
    }),
  };
}

function withoutChain(finding: Finding): Finding {
  // Copied in its own key order, which the writer then takes as it is.
  const out: Record<string, unknown> = {};
  for (const key in finding) if (key !== 'chain') out[key] = (finding as unknown as Record<string, unknown>)[key];
  return out as unknown as Finding;
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
  let pieces: string[] = [];
  let size = 0;
  jsonPieces(report, (piece) => {
    pieces.push(piece);
    size += piece.length;
    if (size >= chunkSize) { write(pieces.join('')); pieces = []; size = 0; }
  });
  if (size > 0) write(pieces.join(''));
}

/**
 * The bytes of `formatJson` in UTF-8, handed to `write` in buffers of about `chunkSize` bytes (for
 * files: the CLI's `--json`). Each piece is encoded straight into one reused buffer; joining the
 * pieces into chunk strings first cost more than serialising them (README "Org scale").
 * The buffer handed to `write` is reused: write it out before returning.
 */
export function writeJsonBytes(report: Report, write: (chunk: Uint8Array) => void, chunkSize = 1 << 20): void {
  const buffer = Buffer.allocUnsafe(chunkSize);
  let used = 0;
  const flush = (): void => { if (used > 0) write(buffer.subarray(0, used)); used = 0; };
  jsonPieces(report, (piece) => {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8, so this bound never splits a character.
    const most = piece.length * 3;
    if (used + most > chunkSize) flush();
    if (most > chunkSize) write(Buffer.from(piece, 'utf8'));
    else used += buffer.write(piece, used, 'utf8');
  });
  flush();
}

/** The report as JSON text, in order, one top-level key or one list item at a time. */
function jsonPieces(report: Report, emit: (piece: string) => void): void {
  const entries = Object.entries(asWritten(report) as unknown as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => compareKeys(a, b));
  emit('{');
  entries.forEach(([key, value], i) => {
    emit(`${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `);
    if (!Array.isArray(value) || value.length === 0) { emit(serializeAt(value, 1)); return; }
    emit('[');
    value.forEach((item, j) => { emit(j === 0 ? '\n    ' : ',\n    '); emit(serializeAt(item, 2)); });
    emit('\n  ]');
  });
  emit('\n}\n');
}

/**
 * `JSON.stringify(orderKeys(value), null, 2)` for a value nested `depth` levels deep (1 or 2),
 * lines already indented for that depth. The value is wrapped in `depth` arrays and the
 * wrapping cut off again: the native stringify then writes the indentation itself, which is
 * several times cheaper than shifting every line afterwards.
 */
function serializeAt(value: unknown, depth: 1 | 2): string {
  const item = inKeyOrder(value) ? value : ordered(value);
  if (item === undefined || typeof item === 'function' || typeof item === 'symbol') return 'null';
  if (depth === 1) {
    const text = JSON.stringify([item], null, 2);
    return text.slice(4, -2); // "[\n  " … "\n]"
  }
  const text = JSON.stringify([[item]], null, 2);
  return text.slice(10, -6); // "[\n  [\n    " … "\n  ]\n]"
}

/**
 * True when every object in `value` already has its keys in the report's order (undefined fields
 * aside): the pipeline builds them so (graph/access.ts `placeStep`, graph/judge-answers.ts,
 * report/build-report.ts), and then no key-ordered copy is needed.
 */
function inKeyOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!inKeyOrder(item)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  let previous = -1;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    // The native stringify leaves undefined fields out, as `ordered` does.
    if (field === undefined) continue;
    const rank = RANK.get(key);
    if (rank === undefined || rank <= previous) return false;
    previous = rank;
    if (!inKeyOrder(field)) return false;
  }
  return true;
}

/**
 * Like `orderKeys`, with each distinct key set sorted once (a report repeats a few shapes many
 * times), and parts already in order taken as they are instead of copied.
 */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderedPart);
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of sortedKeys(Object.keys(source))) {
    const v = source[key];
    if (v === undefined) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value: orderedPart(v), enumerable: true, writable: true, configurable: true });
    else out[key] = orderedPart(v);
  }
  return out;
}

function orderedPart(value: unknown): unknown {
  return inKeyOrder(value) ? value : ordered(value);
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
