import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { positionsOf } from '../text-positions.js';
import type { JsonValue } from '../../../model/source.js';

/** A syntax error in a JSON text, at a 1-based line and column. */
export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
}

/** Line of the value at a JSON pointer (`/RoleDetailList/0/RolePolicyList/1`), or undefined when absent. */
export type LineOf = (pointer: string) => number | undefined;

export interface ParsedJson {
  /** What parsed; partial when there are errors, undefined when nothing did. */
  value: JsonValue | undefined;
  lineOf: LineOf;
  errors: JsonSyntaxError[];
}

/**
 * Parses strict JSON (RFC 8259) and keeps where every value starts. Comments and trailing commas
 * are reported as errors with their 1-based line and column, yet what parsed is still returned,
 * so a caller can choose to use it. Never throws.
 */
export function parseJsonWithPositions(text: string): ParsedJson {
  const parseErrors: ParseError[] = [];
  // A BOM is not JSON, but editors on Windows write one; it carries no meaning.
  const offsetShift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = offsetShift === 1 ? text.slice(1) : text;
  const root = parseTree(body, parseErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const position = positionsOf(body);
  const errors = parseErrors.map((e) => ({ message: describeError(e), ...position(e.offset) }));
  const value = root === undefined ? undefined : nodeToValue(root);
  const lineOf: LineOf = (pointer) => {
    const node = root === undefined ? undefined : nodeAtPointer(root, pointer);
    return node === undefined ? undefined : position(node.offset).line;
  };
  return { value, lineOf, errors };
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

function nodeToValue(node: Node): JsonValue {
  switch (node.type) {
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        // A property cut short by a syntax error has no value node: leave it out.
        if (key === undefined || value === undefined) continue;
        // Later duplicates win, as with JSON.parse; defineProperty keeps a `__proto__` key a plain key.
        Object.defineProperty(out, String(key.value), { value: nodeToValue(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeToValue);
    case 'string':
    case 'number':
    case 'boolean':
      return node.value as string | number | boolean;
    default:
      return null;
  }
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
