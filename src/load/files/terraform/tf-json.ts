import type { JsonObject, JsonValue } from '../../../model/source.js';
import { parseJsonWithPositions } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';

// https://developer.hashicorp.com/terraform/language/syntax/json

/**
 * Block types that nest inside resource, data, provider and module bodies in the provider schemas
 * secret-scan reads: a JSON object (or array of objects) under one of these keys is a block, any
 * other object is a map attribute (JSON syntax cannot tell them apart without the schema).
 */
const NESTED_BLOCKS = new Set([
  'statement', 'principals', 'not_principals', 'condition', 'rule', 'allowed_parameter', 'denied_parameter',
  'assume_role', 'assume_role_with_web_identity', 'default_tags', 'container_definitions_block',
  'secret', 'environment', 'volume', 'content', 'ignore_tags',
]);
/** Top-level block types and how many labels each takes. */
const TOP_LEVEL: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, locals: 0 };
/** Arguments whose JSON string is an expression, not a string template. */
const EXPRESSION_ARGUMENTS = new Set(['provider', 'depends_on', 'providers']);

/**
 * Rewrites a Terraform JSON configuration (`.tf.json`) as the native syntax it stands for, each
 * argument and block on the line its key has in the JSON file (pretty-printed JSON maps one to one;
 * compact JSON drifts by a few lines at most), so the one HCL evaluator and its line numbers serve
 * both. Strings are templates (`${…}`, `%{…}`), as the JSON syntax specifies, except where Terraform
 * reads them as expressions (`provider`, `depends_on`, `providers`) or as literal values (a
 * variable's `default`). `//` comment keys and `terraform` blocks are left out. Returns the text and
 * the JSON syntax errors (then nothing is rewritten).
 */
export function terraformJsonAsHcl(text: string): { hcl: string; errors: { message: string; line: number; column: number }[] } {
  const parsed = parseJsonWithPositions(text);
  if (parsed.errors.length > 0 || !isJsonObject(parsed.value)) {
    return { hcl: '', errors: parsed.errors.length > 0 ? parsed.errors : [{ message: 'a Terraform JSON file holds one object', line: 1, column: 1 }] };
  }
  const writer = new LineWriter((pointer) => parsed.lineOf(pointer));
  for (const [type, value] of Object.entries(parsed.value)) {
    const labels = TOP_LEVEL[type];
    if (labels === undefined) continue;
    writer.blocks(type, [], value, `/${escape(type)}`, labels, 'body');
  }
  return { hcl: writer.text(), errors: [] };
}

class LineWriter {
  private readonly lines: string[] = [''];

  constructor(private readonly lineOf: (pointer: string) => number | undefined) {}

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  /** Starts output at the line `pointer` has in the JSON (or the next free line). */
  private at(pointer: string, text: string): void {
    const target = this.lineOf(pointer) ?? this.lines.length;
    while (this.lines.length < target) this.lines.push('');
    if ((this.lines[this.lines.length - 1] ?? '') !== '') this.lines.push('');
    this.lines[this.lines.length - 1] = text;
  }

  private append(text: string): void {
    this.lines[this.lines.length - 1] += text;
  }

  /** `value` holds `labels` levels of labelled objects, then one body (or an array of bodies). */
  blocks(type: string, labels: string[], value: JsonValue, pointer: string, remaining: number, kind: 'body' | 'variable'): void {
    if (remaining > 0) {
      if (!isJsonObject(value)) return;
      for (const [label, inner] of Object.entries(value)) {
        if (label === '//') continue;
        this.blocks(type, [...labels, label], inner, `${pointer}/${escape(label)}`, remaining - 1, kind);
      }
      return;
    }
    const bodies = Array.isArray(value) ? value.map((v, i) => [v, `${pointer}/${i}`] as const) : [[value, pointer] as const];
    for (const [body, at] of bodies) {
      if (!isJsonObject(body)) continue;
      this.at(at, `${type}${labels.map((l) => ` ${JSON.stringify(l)}`).join('')} {`);
      this.body(body, at, type === 'variable' ? 'variable' : 'body');
      this.lines.push('}');
    }
  }

  private body(body: JsonObject, pointer: string, kind: 'body' | 'variable'): void {
    for (const [key, value] of Object.entries(body)) {
      const at = `${pointer}/${escape(key)}`;
      if (key === '//' || key === 'lifecycle' || key === 'provisioner' || key === 'connection') continue;
      if (kind === 'variable' && key !== 'default') continue;
      if (key === 'dynamic' && isJsonObject(value)) {
        for (const [label, inner] of Object.entries(value)) this.blocks('dynamic', [label], inner, `${at}/${escape(label)}`, 0, 'body');
        continue;
      }
      if (NESTED_BLOCKS.has(key) && (isJsonObject(value) || (Array.isArray(value) && value.every(isJsonObject)))) {
        this.blocks(key, [], value, at, 0, 'body');
        continue;
      }
      this.at(at, `${identifier(key)} = `);
      this.value(value, at, kind === 'variable' ? 'literal' : EXPRESSION_ARGUMENTS.has(key) ? 'expression' : 'template');
    }
  }

  private value(value: JsonValue, pointer: string, mode: 'template' | 'literal' | 'expression'): void {
    if (typeof value === 'string') {
      this.append(mode === 'expression' ? value : quoted(value, mode === 'literal'));
      return;
    }
    if (value === null || typeof value !== 'object') {
      this.append(JSON.stringify(value));
      return;
    }
    const entries: [string | undefined, JsonValue, string][] = Array.isArray(value)
      ? value.map((v, i) => [undefined, v, `${pointer}/${i}`])
      : Object.entries(value).filter(([k]) => k !== '//').map(([k, v]) => [k, v, `${pointer}/${escape(k)}`]);
    this.append(Array.isArray(value) ? '[' : '{');
    for (const [key, item, at] of entries) {
      const line = this.lineOf(at);
      if (line !== undefined && line > this.lines.length) this.at(at, '');
      if (key !== undefined) this.append(`${mode === 'expression' ? key : JSON.stringify(key)} = `);
      this.value(item, at, mode);
      this.append(Array.isArray(value) ? ', ' : ',');
    }
    const end = this.lines.length;
    void end;
    this.append(Array.isArray(value) ? ']' : '}');
  }
}

/**
 * A JSON string as an HCL quoted template: text outside `${…}` and `%{…}` is escaped, the sequences
 * themselves are copied as written (their own quoted strings included); a `literal` escapes them too.
 */
function quoted(value: string, literal: boolean): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const two = value.slice(i, i + 2);
    if (!literal && (value.startsWith('$${', i) || value.startsWith('%%{', i))) { out += value.slice(i, i + 3); i += 3; continue; }
    if (two === '${' || two === '%{') {
      if (literal) { out += `${two[0]}${two}`; i += 2; continue; }
      const end = closingBrace(value, i + 2);
      out += value.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    const c = value[i] as string;
    out += c === '"' ? '\\"' : c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c;
    i += 1;
  }
  return `"${out}"`;
}

/** Index of the `}` closing a sequence opened before `from`, skipping quoted strings and nested braces. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  let inString = false;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}' && --depth === 0) return j;
  }
  return text.length - 1;
}

function identifier(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
}


function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
