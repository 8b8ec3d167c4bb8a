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
  const written = findingAsWritten(report);
  return written === undefined ? report : { ...report, findings: report.findings.map(written) };
}

/**
 * How each finding is written, or undefined when every one is written as it is. The streaming
 * writers call it item by item, so the copies without a chain are garbage as soon as written
 * instead of a second list of findings beside the report's.
 */
function findingAsWritten(report: Report): ((finding: Finding) => Finding) | undefined {
  if (!report.findings.some((finding) => finding.chain !== undefined)) return undefined;
  const secrets = new Map(report.secrets.map((secret) => [secret.id, secret]));
  const viaBySecret = new Map<string, Map<string, readonly ChainStep[]>>();
  const readersVia = (secretId: string, principal: string): readonly ChainStep[] | undefined => {
    let vias = viaBySecret.get(secretId);
    if (!vias) viaBySecret.set(secretId, (vias = new Map((secrets.get(secretId)?.readers ?? []).map((reader) => [reader.principal, reader.via]))));
    return vias.get(principal);
  };
  return (finding) => {
    const { chain } = finding;
    if (chain === undefined || finding.secret === undefined || finding.principal === undefined) return finding;
    const via = readersVia(finding.secret, finding.principal);
    // The pipeline hands the finding the reader's own array; a report built by hand may copy it.
    const same = via !== undefined && (via === chain || JSON.stringify(orderKeys(via)) === JSON.stringify(orderKeys(chain)));
    return same ? withoutChain(finding) : finding;
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

/**
 * The report as JSON text, in order: one top-level key at a time, list items in runs of
 * `RUN_LENGTH`, one native stringify per run (README "Org scale").
 */
function jsonPieces(report: Report, emit: (piece: string) => void): void {
  const entries = Object.entries(report as unknown as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const written = findingAsWritten(report);
  entries.sort(([a], [b]) => compareKeys(a, b));
  emit('{');
  entries.forEach(([key, value], i) => {
    emit(`${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `);
    if (!Array.isArray(value) || value.length === 0) { emit(serializeAt(value, 1)); return; }
    emit('[');
    if (key === 'secrets') {
      value.forEach((item, j) => {
        emit(j === 0 ? '\n    ' : ',\n    ');
        if (item !== null && typeof item === 'object') emitSecret(item as Record<string, unknown>, emit);
        else emit(serializeAt(item, 2));
      });
    } else {
      const asWrittenItem = key === 'findings' && written !== undefined ? written : undefined;
      emitItems(value, 2, '\n    ', ',\n    ', emit, asWrittenItem as ((item: unknown) => unknown) | undefined);
    }
    emit('\n  ]');
  });
  emit('\n}\n');
}

/**
 * How many list items one stringify writes. Measured on the org bench's report (46,000 readers,
 * 40,000 findings): one item per call 440 ms, 8 to 32 per call 330–350 ms, 64 or more 520 ms and
 * up, once a run's text (a reader or finding is one to three kilobytes) nears V8's 128 KB limit for
 * ordinary heap objects and lands in the large-object space.
 */
const RUN_LENGTH = 16;

/**
 * The items of a list whose items sit `depth` levels deep, each run preceded by `first` or
 * `between`; `asWritten` turns each item into what is written, a run at a time, so that the copies
 * are garbage as soon as written instead of a second list beside the report's.
 */
function emitItems(items: readonly unknown[], depth: number, first: string, between: string, emit: (piece: string) => void, asWritten?: (item: unknown) => unknown): void {
  for (let start = 0; start < items.length; start += RUN_LENGTH) {
    emit(start === 0 ? first : between);
    const run = items.slice(start, start + RUN_LENGTH);
    emit(serializeRun(asWritten ? run.map(asWritten) : run, depth));
  }
}

/**
 * Items of a list `depth` levels deep, as that list writes them: each indented for the depth,
 * separated by a comma and a line break, without the brackets. The run is wrapped in `depth - 1`
 * more lists and the wrapping cut off again: the native stringify then writes the indentation
 * itself, which is several times cheaper than shifting every line afterwards.
 */
function serializeRun(items: readonly unknown[], depth: number): string {
  const run = items.map((item) => (inKeyOrder(item) ? item : ordered(item)));
  let wrapped: unknown = run;
  for (let d = 1; d < depth; d++) wrapped = [wrapped];
  const cut = wrapping(depth);
  return JSON.stringify(wrapped, null, 2).slice(cut.head, -cut.tail);
}

/**
 * `JSON.stringify(orderKeys(value), null, 2)` for a value nested `depth` levels deep (a top-level
 * key's value is at 1, a list item at 2, a secret's reader at 4), lines already indented for that
 * depth: a run of one (an undefined value, a function or a symbol is written `null`, as in a list).
 */
function serializeAt(value: unknown, depth: number): string {
  return serializeRun([value], depth);
}

const wrappings: { head: number; tail: number }[] = [];
/** How many characters `depth` wrapping arrays add before and after a value ("[\n  [\n    " … "\n  ]\n]"). */
function wrapping(depth: number): { head: number; tail: number } {
  let cut = wrappings[depth];
  if (!cut) {
    let probe: unknown = 0;
    for (let d = 0; d < depth; d++) probe = [probe];
    const text = JSON.stringify(probe, null, 2);
    const at = text.indexOf('0');
    wrappings[depth] = cut = { head: at, tail: text.length - at - 1 };
  }
  return cut;
}

// A secret's readers as they sit in the written report (2-space indent, secret at depth 2).
const EMPTY_READERS = '\n      "readers": []';
const READER_BREAK = '\n        ';

/**
 * One secret, its readers written a run at a time: a secret read by hundreds of principals is a
 * string of megabytes, which V8 keeps in its large-object space until a full collection, while
 * many small strings die young. The secret is written with an empty reader list and the readers
 * put in its place (a JSON string holds no raw line break, so the marker can only be the key itself).
 */
function emitSecret(secret: Record<string, unknown>, emit: (piece: string) => void): void {
  const readers = secret['readers'];
  if (!Array.isArray(readers) || readers.length === 0) { emit(serializeAt(secret, 2)); return; }
  const shell: Record<string, unknown> = {};
  for (const key in secret) shell[key] = key === 'readers' ? [] : secret[key];
  const text = serializeAt(shell, 2);
  const at = text.indexOf(EMPTY_READERS);
  if (at < 0) { emit(serializeAt(secret, 2)); return; }
  emit(`${text.slice(0, at)}\n      "readers": [`);
  emitItems(readers, 4, READER_BREAK, `,${READER_BREAK}`, emit);
  emit(`\n      ]${text.slice(at + EMPTY_READERS.length)}`);
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
