import { parseDocument, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

/**
 * Two small guards for anything keyed or described by input text, shared by every stage.
 *
 * - `describeInput`: what a message may say about a value read from input. Input text can be a
 *   secret (a `data_json`, a `secret_id`, a container's environment), and a message lands in every
 *   report format, so messages name the kind and size of a value, never its text.
 * - `ownEntry`: a table lookup keyed by input that only sees the table's own keys, so `toString`,
 *   `constructor` or `__proto__` in a policy find nothing instead of `Object.prototype`'s members.
 */

/** The kind of a value and its size, never its text: `a string of 12 characters`, `a list of 3 items`. */
export function describeInput(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string of ${value.length} character${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * A name read from input (an HCL block type, an attribute or key name) for a message: quoted when
 * it is one of the format's `known` words, else only its size. A mutated file can make a "name"
 * of a secret value (`locals {\n password = "s3cr3t"` with the line between cut becomes a block
 * `locas3cr3t`), so an unknown name is never echoed.
 */
export function describeName(name: string, known: ReadonlySet<string>): string {
  return known.has(name) ? `"${name}"` : `a name of ${name.length} character${name.length === 1 ? '' : 's'}`;
}

/** `table[key]` when `key` is one of the table's own keys; undefined otherwise (never a prototype member). */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/**
 * What a JSON.parse / YAML / XML parser error may say: its position and kind, without the excerpt
 * of input that V8 and other parsers quote (`Unexpected token 'x', "…secret…" is not valid JSON`).
 */
export function describeParserError(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const described = message
    .replace(/^(JsonTextError: )/, '')
    .replace(/,\s*".*"\s*is not valid JSON$/, '') // V8 quotes the input: drop the excerpt
    .replace(/^(Unexpected token) '.'/, '$1')
    .replace(/ at position (\d+).*$/, ' at offset $1')
    .replace(/ in JSON$/, '');
  // Anything still quoting with double quotes or backticks may be input: keep only its kind.
  return /["`]/.test(described) || described.length > 120 ? 'syntax error' : described.charAt(0).toLowerCase() + described.slice(1);
}

/** Past this nesting a YAML text is not handed to the parser (see `yamlNestsPast`). */
const MAX_YAML_NESTING = 256;
export const YAML_TOO_DEEP = `nested deeper than ${MAX_YAML_NESTING} levels (not parsed)`;

/**
 * Whether a YAML text nests past `max` levels, in one linear pass before the parser sees it: flow
 * brackets outside quotes and comments, compact block sequences (`- - - x`) on one line, or an
 * indentation past 4 × `max`. The `yaml` package spends about half a millisecond per level of flow
 * nesting (15 KB of `{"a":` took over a second) and recurses per level of a block sequence (3,000
 * levels overflowed the stack), so such a text is refused before, not during, parsing.
 */
export function yamlNestsPast(text: string, max: number): boolean {
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\n') { lineStart = true; indent = 0; continue; }
    if (lineStart) {
      if (c === ' ') { if (++indent > 4 * max) return true; continue; }
      lineStart = false;
      let dashes = 0;
      while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        if (++dashes > max) return true;
        i += 2;
        while (text[i] === ' ' || text[i] === '\t') i++;
      }
    }
    const d = text[i];
    if (d === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if ((d === '"' || d === "'") && (i === 0 || /[\s:[{,-]/.test(text[i - 1] ?? ''))) quote = d; // not an apostrophe inside a word
    else if (d === '[' || d === '{') { if (++flow > max) return true; }
    else if ((d === ']' || d === '}') && flow > 0) flow--;
    else if (d === '\n') { lineStart = true; indent = 0; }
  }
  return false;
}

/**
 * `yaml`'s parseDocument, or undefined when the text nests so deeply (`- - - - …` thousands of
 * times) that the parser's recursion runs out of stack: a RangeError that would otherwise end the
 * scan. The depth it reaches is linear in the text, so the cost stays linear too.
 */
export function parseYamlDocument(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): Document.Parsed | undefined {
  if (yamlNestsPast(text, MAX_YAML_NESTING)) return undefined;
  try {
    return parseDocument(text, options);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * A YAML parser error by its kind and position only: the `yaml` package's messages can quote the
 * source (an excerpt, an alias or tag name), and the source may be a secret.
 */
export function describeYamlError(error: { code?: string }): string {
  const code = typeof error.code === 'string' && /^[A-Z_]+$/.test(error.code) ? error.code : 'SYNTAX_ERROR';
  return `YAML ${code.toLowerCase().replace(/_/g, ' ')}`;
}
