import type { JsonValue } from '../../../model/source.js';

/**
 * The fast path of `parseJsonWithPositions`: clean, strict JSON (RFC 8259) read by the native
 * `JSON.parse`, and beside it the 1-based line where each value starts. It gives up (returns
 * undefined) on anything that is not clean: a syntax error, a comment, a key written twice,
 * whitespace other than space/tab/CR/LF, nesting deeper than `maxDepth`. The caller then takes the
 * slow path (jsonc-parser), which names the problem; so this scanner never has to.
 *
 * Why: jsonc-parser keeps a node object for every value (with offset, length, parent, children),
 * about ten times the memory of the values themselves. A scanner of our own that built the values
 * and a line array per container was better, yet on a 78 MB dump it took 2.6 s and 350 MB while
 * `JSON.parse` takes 0.6 s and 85 MB (README "Org scale"). So the values come from `JSON.parse`, and
 * one pass over the text, which `JSON.parse` has already found valid, records each value's line
 * in a flat typed array in document order, with the size of its subtree to step over it. A
 * pointer is resolved by walking the values and those two arrays together.
 */
export interface ScannedJson {
  value: JsonValue;
  /** Line of the value at a JSON pointer (the last property of a name, as JSON.parse keeps), or undefined. */
  lineOf: (pointer: string) => number | undefined;
}

export function scanCleanJson(text: string, maxDepth: number, keepLines = true): ScannedJson | undefined {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    // Not JSON, or nested past what the engine's parser takes: the slow path names it.
    return undefined;
  }
  let index = indexValues(text, maxDepth);
  // Objects with a key that may be an array index: a second pass keeps their keys in written order.
  if (index !== undefined && index.digitKeyed.size > 0) index = indexValues(text, maxDepth, index.digitKeyed);
  // A key written twice leaves one value where the text has two: the slow path names and merges it.
  if (index === undefined || countValues(value) !== index.count) return undefined;
  const rootLine = index.lines[0] ?? 1;
  if (!keepLines) return { value, lineOf: (pointer) => (pointer === '' ? rootLine : undefined) };
  return { value, lineOf: lineFinder(value, index) };
}

/** Each value's starting line and subtree size, in document order (index 0 is the root). */
interface ValueIndex {
  count: number;
  lines: Uint32Array;
  sizes: Uint32Array;
  /**
   * Objects with a key starting with a digit: V8 puts array-index keys first, so for those
   * `Object.keys` is not the written order.
   */
  digitKeyed: Set<number>;
  /** The keys in written order of the objects `keysOf` asked for. */
  writtenKeys: Map<number, string[]>;
}

/**
 * One pass over text that `JSON.parse` accepted. Strings hold no raw line break in valid JSON, so
 * lines are counted between tokens only. Undefined when nesting exceeds `maxDepth`.
 */
function indexValues(text: string, maxDepth: number, keysOf?: ReadonlySet<number>): ValueIndex | undefined {
  let lines = new Uint32Array(Math.max(16, text.length >> 4));
  let sizes = new Uint32Array(lines.length);
  const digitKeyed = new Set<number>();
  const writtenKeys = new Map<number, string[]>();
  // Per open container: its value index, and whether it is an object.
  const open = new Int32Array(maxDepth + 1);
  const isObject = new Uint8Array(maxDepth + 1);
  let depth = 0;
  let count = 0;
  let line = 1;
  let expectKey = false;
  const n = text.length;
  // Recording a value and finding a string's end are written out in the loop, not called: the
  // loop runs once per character of a dump of tens of megabytes, and the CLI's V8 settings
  // (src/v8-tuning.ts) inline no calls.
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) continue;
    if (c === 0x0a) { line++; continue; }
    let isValue = false;
    switch (c) {
      case 0x0d: if (text.charCodeAt(i + 1) === 0x0a) i++; line++; break;
      case 0x09: case 0x3a: break;
      case 0x2c: expectKey = depth > 0 && isObject[depth] === 1; break;
      case 0x7b: case 0x5b: {
        if (depth === maxDepth) return undefined;
        isValue = true;
        depth++;
        open[depth] = count;
        isObject[depth] = c === 0x7b ? 1 : 0;
        expectKey = c === 0x7b;
        break;
      }
      case 0x7d: case 0x5d: {
        const at = open[depth] as number;
        sizes[at] = count - at;
        depth--;
        expectKey = false;
        break;
      }
      case 0x22: {
        // The closing quote: the first one after i not escaped by an odd run of backslashes.
        let end = text.indexOf('"', i + 1);
        for (;;) {
          let backslashes = 0;
          while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
          if (backslashes % 2 === 0) break;
          end = text.indexOf('"', end + 1);
        }
        if (expectKey) {
          const owner = open[depth] as number;
          const first = text.charCodeAt(i + 1);
          if (first >= 0x30 && first <= 0x39) digitKeyed.add(owner);
          if (keysOf?.has(owner)) {
            let keys = writtenKeys.get(owner);
            if (!keys) writtenKeys.set(owner, (keys = []));
            keys.push(JSON.parse(text.slice(i, end + 1)) as string);
          }
          expectKey = false;
        } else {
          isValue = true;
        }
        i = end;
        break;
      }
      default: {
        // A number or a literal: one value, up to the next delimiter.
        isValue = true;
        while (i + 1 < n) {
          const d = text.charCodeAt(i + 1);
          if (d === 0x2c || d === 0x5d || d === 0x7d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
          i++;
        }
      }
    }
    if (!isValue) continue;
    if (count === lines.length) {
      const grownLines = new Uint32Array(lines.length * 2);
      grownLines.set(lines);
      lines = grownLines;
      const grownSizes = new Uint32Array(sizes.length * 2);
      grownSizes.set(sizes);
      sizes = grownSizes;
    }
    lines[count] = line;
    sizes[count] = 1;
    count++;
  }
  // Trimmed: the arrays live as long as the caller keeps `lineOf`.
  return { count, lines: lines.slice(0, count), sizes: sizes.slice(0, count), digitKeyed, writtenKeys };
}

/** How many values `JSON.parse` kept (each object key counted once, however often written). */
function countValues(root: JsonValue): number {
  let count = 0;
  const visit = (value: JsonValue): void => {
    count++;
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    // for…in, not Object.keys: no array per object. JSON.parse gives plain objects, so every
    // enumerable key is an own one.
    for (const key in value) visit(value[key] as JsonValue);
  };
  visit(root);
  return count;
}

/**
 * The pointer → line lookup. Its closure holds the values and the two typed arrays, not the text.
 * Where the children of a container start is worked out the first time a pointer passes through
 * it and kept: loaders ask for every statement of the same few lists.
 */
function lineFinder(value: JsonValue, index: ValueIndex): (pointer: string) => number | undefined {
  const { lines, sizes, writtenKeys } = index;
  const childStarts = new Map<number, Uint32Array>();
  const startsOf = (at: number, children: number): Uint32Array => {
    let starts = childStarts.get(at);
    if (!starts) {
      starts = new Uint32Array(children);
      let child = at + 1;
      for (let k = 0; k < children; k++) {
        starts[k] = child;
        child += sizes[child] as number;
      }
      childStarts.set(at, starts);
    }
    return starts;
  };
  // One step down from the container `node` (value index `at`) by one raw pointer segment: the
  // child's value index, or -1. The child itself is left in `child`.
  let child: JsonValue | undefined;
  const stepInto = (node: JsonValue | undefined, at: number, raw: string): number => {
    if (node === null || node === undefined || typeof node !== 'object') return -1;
    const segment = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
    let position: number;
    let children: number;
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return -1;
      position = Number(segment);
      children = node.length;
      if (position >= children) return -1;
      child = node[position];
    } else {
      if (!hasOwn.call(node, segment)) return -1;
      const keys = writtenKeys.get(at);
      if (keys) {
        position = keys.indexOf(segment);
        children = keys.length;
      } else {
        // Written order is key order here (no key that could be an array index).
        position = -1;
        children = 0;
        for (const key in node) {
          if (key === segment) position = children;
          children++;
        }
      }
      if (position < 0) return -1;
      child = node[segment];
    }
    return startsOf(at, children)[position] as number;
  };
  // Loaders ask for every statement of one list in turn: the list, found once, is kept.
  let lastParent: string | undefined;
  let lastParentNode: JsonValue | undefined;
  let lastParentAt = -1;
  return (pointer: string): number | undefined => {
    if (pointer === '') return lines[0];
    if (!pointer.startsWith('/')) return undefined;
    const cut = pointer.lastIndexOf('/');
    const parent = pointer.slice(0, cut);
    if (parent !== lastParent) {
      let node: JsonValue | undefined = value;
      let at = 0;
      if (cut > 0) {
        for (const raw of parent.slice(1).split('/')) {
          at = stepInto(node, at, raw);
          if (at < 0) break;
          node = child;
        }
      }
      lastParent = parent;
      lastParentNode = node;
      lastParentAt = at;
    }
    if (lastParentAt < 0) return undefined;
    const at = stepInto(lastParentNode, lastParentAt, pointer.slice(cut + 1));
    return at < 0 ? undefined : lines[at];
  };
}

const hasOwn = Object.prototype.hasOwnProperty;

