import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { positionsOf } from '../text-positions.js';
import { scanCleanJson } from './scan-json.js';
import type { JsonValue } from '../../../model/source.js';
import type { Issue } from '../../../model/issue.js';

/** A syntax error in a JSON text, at a 1-based line and column. */
export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
}

/** Line of the value at a JSON pointer (`/RoleDetailList/0/RolePolicyList/1`), or undefined when absent. */
export type LineOf = (pointer: string) => number | undefined;

/** A key written twice in one object: the document reads two ways, so it is named. */
export interface JsonDuplicateKey {
  key: string;
  /** Pointer of the object holding the key. */
  pointer: string;
  line: number;
  column: number;
}

export interface ParsedJson {
  /** What parsed; partial when there are errors, undefined when nothing did. */
  value: JsonValue | undefined;
  lineOf: LineOf;
  errors: JsonSyntaxError[];
  /** Keys written twice; `value` holds the reading that grants more (see `mergeDuplicate`). */
  duplicates: JsonDuplicateKey[];
}

/**
 * Deeper nesting than this is not a policy, a plan or a dump anyone writes; past it the parser's
 * recursion (and every walk after it) would exhaust the stack, so the text is refused as malformed.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Parses strict JSON (RFC 8259) and keeps where every value starts. Comments and trailing commas
 * are reported as errors with their 1-based line and column, yet what parsed is still returned,
 * so a caller can choose to use it. Never throws. `lines: false` when no line will be asked (a
 * document held in a string): then `lineOf` knows only the root.
 */
export function parseJsonWithPositions(text: string, options: { lines?: boolean } = {}): ParsedJson {
  // A BOM is not JSON, but editors on Windows write one; it carries no meaning.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Clean JSON (nearly every file) in one cheap pass; anything else the way below, which names it.
  const clean = scanCleanJson(body, MAX_JSON_DEPTH, options.lines ?? true);
  return clean ? { value: clean.value, lineOf: clean.lineOf, errors: [], duplicates: [] } : parseJsonWithJsonc(text);
}

/**
 * The same answer through jsonc-parser's tree: slower and ten times the memory, but it recovers from
 * errors and names them. Every text the clean scanner refuses comes here; tests compare the two.
 */
export function parseJsonWithJsonc(text: string): ParsedJson {
  const parseErrors: ParseError[] = [];
  const offsetShift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = offsetShift === 1 ? text.slice(1) : text;
  const position = positionsOf(body);
  const tooDeep = offsetPastDepth(body, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    return { value: undefined, lineOf: () => undefined, duplicates: [], errors: [{ message: `nested deeper than ${MAX_JSON_DEPTH} levels`, ...position(tooDeep) }] };
  }
  const root = parseTree(body, parseErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const errors = parseErrors.map((e) => ({ message: describeError(e), ...position(e.offset) }));
  const duplicates: JsonDuplicateKey[] = [];
  const value = root === undefined ? undefined : nodeToValue(root, '', (key, pointer, offset) => duplicates.push({ key, pointer, ...position(offset) }));
  const lineOf: LineOf = (pointer) => {
    const node = root === undefined ? undefined : nodeAtPointer(root, pointer);
    return node === undefined ? undefined : position(node.offset).line;
  };
  return { value, lineOf, errors, duplicates };
}

/**
 * Parses JSON held in a string (a policy document inside a dump, a `jsonencode` result) with the
 * same bounds and duplicate-key reading as files. Throws `JsonTextError`, whose message names the
 * kind and position of the problem and never quotes the text.
 */
export function parseJsonText(text: string): { value: JsonValue; duplicates: JsonDuplicateKey[] } {
  const parsed = parseJsonWithPositions(text, { lines: false });
  const first = parsed.errors[0];
  if (first || parsed.value === undefined) {
    throw new JsonTextError(first ? `${first.message} at line ${first.line}, column ${first.column}` : 'no JSON value');
  }
  return { value: parsed.value, duplicates: parsed.duplicates };
}

/** A JSON text that does not parse; the message never quotes the text. */
export class JsonTextError extends Error {
  override readonly name = 'JsonTextError';
}

/** Offset of the first bracket that opens level `limit + 1`, or undefined. Linear, no recursion. */
function offsetPastDepth(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) { if (++depth > limit) return i; }
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}

/** Escapes one segment of a JSON pointer (RFC 6901). */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a base pointer and further segments into one JSON pointer. */
export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => `/${escapePointerSegment(s)}`).join('');
}

function describeError(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  const explanations: Record<string, string> = {
    InvalidCommentToken: 'comments are not allowed in JSON',
    PropertyNameExpected: 'property name expected (a trailing comma is not allowed in JSON)',
    ValueExpected: 'value expected (a trailing comma is not allowed in JSON)',
  };
  return explanations[code] ?? code;
}

type OnDuplicate = (key: string, pointer: string, offset: number) => void;

function nodeToValue(node: Node, pointer: string, onDuplicate: OnDuplicate): JsonValue {
  switch (node.type) {
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        // A property cut short by a syntax error has no value node: leave it out.
        if (key === undefined || value === undefined) continue;
        const name = String(key.value);
        let read = nodeToValue(value, joinPointer(pointer, name), onDuplicate);
        if (Object.prototype.hasOwnProperty.call(out, name)) {
          onDuplicate(name, pointer, key.offset);
          read = mergeDuplicate(name, out[name] as JsonValue, read);
        }
        // defineProperty keeps a `__proto__` key a plain key.
        Object.defineProperty(out, name, { value: read, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child, i) => nodeToValue(child, `${pointer}/${i}`, onDuplicate));
    case 'string':
    case 'number':
    case 'boolean':
      return node.value as string | number | boolean;
    default:
      return null;
  }
}

/**
 * A key written twice reads two ways (JSON.parse keeps the last, other parsers the first or
 * reject the document), so the value kept is the reading that grants more: `Effect` is `Allow`
 * if either says so; `Statement` holds every Allow of both and only the Denys both have. Any other
 * key keeps the last value, as JSON.parse and AWS's own parsers do; the duplicate is named either way.
 */
export function mergeDuplicate(key: string, earlier: JsonValue, later: JsonValue): JsonValue {
  if (key === 'Effect') return earlier === 'Allow' || later === 'Allow' ? 'Allow' : later;
  if (key !== 'Statement') return later;
  const list = (v: JsonValue): JsonValue[] => (Array.isArray(v) ? v : [v]);
  const isDeny = (s: JsonValue): boolean => s !== null && typeof s === 'object' && !Array.isArray(s) && s['Effect'] === 'Deny';
  const laterDenies = new Set(list(later).filter(isDeny).map((s) => JSON.stringify(s)));
  const kept = [...list(earlier), ...list(later)].filter((s) => !isDeny(s));
  const bothDeny = list(earlier).filter((s) => isDeny(s) && laterDenies.has(JSON.stringify(s)));
  return [...kept, ...bothDeny];
}

function nodeAtPointer(root: Node, pointer: string): Node | undefined {
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node: Node | undefined = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === undefined) return undefined;
    if (node.type === 'object') {
      // The last property of that name is the one JSON.parse keeps.
      const property: Node | undefined = (node.children ?? []).filter((p) => p.children?.[0]?.value === segment).pop();
      node = property?.children?.[1];
    } else if (node.type === 'array') {
      node = /^(0|[1-9][0-9]*)$/.test(segment) ? node.children?.[Number(segment)] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

const POLICY_WORDS = new Set(['Version', 'Id', 'Statement', 'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Policy', 'PolicyDocument', 'AssumeRolePolicyDocument']);

/**
 * One `duplicateJsonKey` issue per key written twice. The key is named only when it is a word of
 * the policy grammar (a key elsewhere could be anything, even a value someone pasted).
 */
export function duplicateKeyIssues(duplicates: readonly JsonDuplicateKey[], file: string, lineBase = 0): Issue[] {
  return duplicates.map((d) => ({
    code: 'duplicateJsonKey',
    message: `${POLICY_WORDS.has(d.key) ? `"${d.key}"` : 'a key'} is written twice in one object: parsers disagree on which counts, so the reading that grants more is used${d.key === 'Effect' || d.key === 'Statement' ? '' : ' (the last)'}`,
    source: { file, line: d.line + lineBase, ...(lineBase === 0 ? { column: d.column } : {}) },
  }));
}
