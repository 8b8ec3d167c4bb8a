import type { JsonValue } from '../../../model/source.js';

/**
 * The fast path of `parseJsonWithPositions`: one pass over clean, strict JSON (RFC 8259) that builds
 * the values and, beside them, the 1-based line where each container's children start. It gives up
 * (returns undefined) on anything that is not clean: a syntax error, a comment, a key written twice,
 * whitespace other than space/tab/CR/LF, nesting deeper than `maxDepth`. The caller then takes the
 * slow path (jsonc-parser), which names the problem; so this scanner never has to.
 *
 * Why: jsonc-parser keeps a node object for every value (with offset, length, parent, children), about
 * ten times the memory of the values themselves, and a 25 MB dump made the scan spend a third of its
 * time collecting that garbage. Here each container keeps one array of numbers, and only as long as
 * the caller keeps `lineOf`.
 */
export interface ScannedJson {
  value: JsonValue;
  /** Line of the value at a JSON pointer (the last property of a name, as JSON.parse keeps), or undefined. */
  lineOf: (pointer: string) => number | undefined;
}

/** Thrown inside the scanner only: the text is not clean JSON; the slow path takes over. */
class NotClean extends Error {}
const NOT_CLEAN = new NotClean();

const hasOwn = Object.prototype.hasOwnProperty;

export function scanCleanJson(text: string, maxDepth: number, keepLines = true): ScannedJson | undefined {
  // Lines of each container's children: an array's by index; an object's as [key, line, key, line…]
  // in the order written (Object.keys would put integer-like keys first).
  const lines = new Map<object, (number | string)[]>();
  let i = 0;
  let line = 1;
  let depth = 0;
  const n = text.length;

  const skipSpace = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09) continue;
      if (c === 0x0a) { line++; continue; }
      if (c === 0x0d) {
        // CRLF ends one line, a lone CR another (as text-positions.ts counts them).
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        line++;
        continue;
      }
      return;
    }
  };

  const readString = (): string => {
    // At the opening quote.
    const start = ++i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return ownCopy(text.slice(start, i++));
      if (c === 0x5c) return readEscaped(start);
      if (c < 0x20) throw NOT_CLEAN;
    }
    throw NOT_CLEAN;
  };

  const readEscaped = (start: number): string => {
    let out = text.slice(start, i);
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return ownCopy(out); }
      if (c < 0x20) throw NOT_CLEAN;
      if (c !== 0x5c) { out += text[i]; continue; }
      const e = text.charCodeAt(++i);
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += '\\'; break;
        case 0x2f: out += '/'; break;
        case 0x62: out += '\b'; break;
        case 0x66: out += '\f'; break;
        case 0x6e: out += '\n'; break;
        case 0x72: out += '\r'; break;
        case 0x74: out += '\t'; break;
        case 0x75: {
          const hex = text.slice(i + 1, i + 5);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw NOT_CLEAN;
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default: throw NOT_CLEAN;
      }
    }
    throw NOT_CLEAN;
  };

  const readNumber = (): number => {
    const start = i;
    if (text.charCodeAt(i) === 0x2d) i++;
    const first = text.charCodeAt(i);
    if (first === 0x30) i++;
    else if (first >= 0x31 && first <= 0x39) { i++; while (isDigit(text.charCodeAt(i))) i++; }
    else throw NOT_CLEAN;
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      if (!isDigit(text.charCodeAt(i))) throw NOT_CLEAN;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      if (!isDigit(text.charCodeAt(i))) throw NOT_CLEAN;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return Number(text.slice(start, i));
  };

  const literal = (word: string, value: JsonValue): JsonValue => {
    if (!text.startsWith(word, i)) throw NOT_CLEAN;
    i += word.length;
    return value;
  };

  const readValue = (): JsonValue => {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x7b: return readObject();
      case 0x5b: return readArray();
      case 0x22: return readString();
      case 0x74: return literal('true', true);
      case 0x66: return literal('false', false);
      case 0x6e: return literal('null', null);
      default: return readNumber();
    }
  };

  const readObject = (): JsonValue => {
    if (++depth > maxDepth) throw NOT_CLEAN;
    i++;
    const out: { [key: string]: JsonValue } = {};
    const childLines: (number | string)[] = [];
    skipSpace();
    if (text.charCodeAt(i) === 0x7d) { i++; depth--; if (keepLines) lines.set(out, childLines); return out; }
    for (;;) {
      if (text.charCodeAt(i) !== 0x22) throw NOT_CLEAN;
      const key = readString();
      skipSpace();
      if (text.charCodeAt(i) !== 0x3a) throw NOT_CLEAN;
      i++;
      skipSpace();
      const at = line;
      const value = readValue();
      // A key written twice is the slow path's to name and merge.
      if (out[key] !== undefined && hasOwn.call(out, key)) throw NOT_CLEAN;
      // defineProperty keeps a `__proto__` key a plain key.
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      childLines.push(key, at);
      skipSpace();
      const c = text.charCodeAt(i++);
      if (c === 0x2c) { skipSpace(); continue; }
      if (c === 0x7d) break;
      throw NOT_CLEAN;
    }
    depth--;
    if (keepLines) lines.set(out, childLines);
    return out;
  };

  const readArray = (): JsonValue => {
    if (++depth > maxDepth) throw NOT_CLEAN;
    i++;
    const out: JsonValue[] = [];
    const childLines: number[] = [];
    skipSpace();
    if (text.charCodeAt(i) === 0x5d) { i++; depth--; if (keepLines) lines.set(out, childLines); return out; }
    for (;;) {
      childLines.push(line);
      out.push(readValue());
      skipSpace();
      const c = text.charCodeAt(i++);
      if (c === 0x2c) { skipSpace(); continue; }
      if (c === 0x5d) break;
      throw NOT_CLEAN;
    }
    depth--;
    if (keepLines) lines.set(out, childLines);
    return out;
  };

  let value: JsonValue;
  let rootLine: number;
  try {
    skipSpace();
    if (i >= n) return undefined;
    rootLine = line;
    value = readValue();
    skipSpace();
    if (i < n) return undefined;
  } catch (error) {
    if (error === NOT_CLEAN || error instanceof RangeError) return undefined;
    throw error;
  }

  return { value, lineOf: lineFinder(value, lines, rootLine) };
}

/**
 * The pointer → line lookup, built outside `scanCleanJson` so that its closure holds only the
 * values and their line arrays, not the scanner's context (which holds the whole file text).
 */
function lineFinder(value: JsonValue, lines: Map<object, (number | string)[]>, rootLine: number): (pointer: string) => number | undefined {
  return (pointer: string): number | undefined => {
    if (pointer === '') return rootLine;
    if (!pointer.startsWith('/')) return undefined;
    let node: JsonValue | undefined = value;
    let at: number | undefined = rootLine;
    for (const raw of pointer.slice(1).split('/')) {
      if (node === null || typeof node !== 'object') return undefined;
      const segment = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
      const childLines = lines.get(node);
      if (childLines === undefined) return undefined;
      if (Array.isArray(node)) {
        if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
        const index = Number(segment);
        const found = childLines[index];
        at = typeof found === 'number' ? found : undefined;
        node = node[index];
      } else {
        if (!hasOwn.call(node, segment)) return undefined;
        at = undefined;
        for (let k = 0; k < childLines.length; k += 2) if (childLines[k] === segment) at = childLines[k + 1] as number;
        node = node[segment];
      }
      if (at === undefined) return undefined;
    }
    return at;
  };
}

/**
 * A string that owns its characters. V8 returns a slice of 13 or more characters as a view that
 * keeps the whole source text alive; the values of a 25 MB dump would then hold all 25 MB for as
 * long as the inventory lives. Concatenating and slicing again makes V8 copy the characters into
 * a string no longer than the value (a V8 implementation detail, measured in `npm run bench org`).
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
