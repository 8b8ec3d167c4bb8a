import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, visit, type Document, type Node as YamlNode } from 'yaml';
import { describeYamlError, ownEntry, parseYamlDocument, YAML_TOO_DEEP } from '../../../input-safety.js';
import type { JsonValue } from '../../../model/source.js';
import { joinPointer, mergeDuplicate, parseJsonWithPositions, type JsonDuplicateKey, type LineOf } from '../json/parse-json-with-positions.js';

/**
 * Past these, a template is refused as malformed: deeper nesting, more values than a 1 MB template
 * can hold, or aliases expanding to more values (an alias bomb). CloudFormation itself expands no
 * aliases; 10,000 values through aliases is far past any hand-written anchor, and keeps a bomb's
 * cost at milliseconds (each value costs a JSON pointer and a line lookup).
 */
const MAX_YAML_DEPTH = 256;
const MAX_YAML_NODES = 100_000;
const MAX_ALIAS_NODES = 10_000;

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
// Short YAML tags and the long form they stand for.
const SHORT_TAGS: Record<string, string> = {
  '!Ref': 'Ref', '!Condition': 'Condition',
  '!Sub': 'Fn::Sub', '!GetAtt': 'Fn::GetAtt', '!Join': 'Fn::Join', '!If': 'Fn::If', '!Select': 'Fn::Select',
  '!Split': 'Fn::Split', '!ImportValue': 'Fn::ImportValue', '!FindInMap': 'Fn::FindInMap', '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr', '!GetAZs': 'Fn::GetAZs', '!Equals': 'Fn::Equals', '!And': 'Fn::And', '!Or': 'Fn::Or',
  '!Not': 'Fn::Not', '!Transform': 'Fn::Transform', '!Length': 'Fn::Length', '!ToJsonString': 'Fn::ToJsonString',
  // The AWS CloudFormation CLI Rain's directives, which `rain pkg` expands before deploying
  // (https://aws-cloudformation.github.io/rain/rain_pkg.html): a module in place of a resource's
  // Type, a file's contents in place of a value.
  '!Rain::Module': 'Rain::Module', '!Rain::Embed': 'Rain::Embed',
};

/** A template parsed into plain JSON (short tags turned into their long `Fn::` / `Ref` form), with lines. */
export interface ParsedTemplate {
  value: JsonValue | undefined;
  lineOf: LineOf;
  errors: { message: string; line: number; column?: number }[];
  /** Keys written twice in one mapping; `value` holds the reading that grants more. */
  duplicates: JsonDuplicateKey[];
}

/**
 * Parses a CloudFormation template in YAML or JSON. Every short-form intrinsic tag becomes the
 * long form (`!GetAtt A.Arn` → `{"Fn::GetAtt": "A.Arn"}`), so one evaluator serves both syntaxes.
 * `lineOf(pointer)` gives the 1-based line of the key that introduces a mapping value (or of a
 * sequence item), which is where a reader looks for it. Never throws.
 */
export function parseTemplate(text: string, isJson: boolean): ParsedTemplate {
  if (isJson) {
    const parsed = parseJsonWithPositions(text);
    return { value: parsed.value, lineOf: parsed.lineOf, errors: parsed.errors, duplicates: parsed.duplicates };
  }
  let counter = new LineCounter();
  let document = parseYamlDocument(text, { lineCounter: counter, uniqueKeys: false });
  // Continuation lines of a flow collection written at or left of the line that opened it: YAML 1.2
  // refuses them, PyYAML (SAM CLI, cfn-lint, the AWS CLI's `cloudformation package`) reads them, and
  // published templates rely on it. Indented past their opener, the text reads the same way, on the
  // same lines.
  if (document?.errors.some((e) => e.code === 'BAD_INDENT')) {
    const relaxed = indentFlowContinuations(text);
    if (relaxed !== text) {
      const again = new LineCounter();
      const retried = parseYamlDocument(relaxed, { lineCounter: again, uniqueKeys: false });
      if (retried && retried.errors.length === 0) {
        counter = again;
        document = retried;
      }
    }
  }
  if (document === undefined) return { value: undefined, lineOf: () => undefined, errors: [{ message: YAML_TOO_DEEP, line: 1, column: 1 }], duplicates: [] };
  const lines = new Map<string, number>();
  const lineAt = (offset: number | undefined): number => (offset === undefined ? 1 : counter.linePos(offset).line);
  const errors: ParsedTemplate['errors'] = document.errors.map((e) => ({ message: describeYamlError(e), line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1 }));
  const duplicates: JsonDuplicateKey[] = [];
  let nodes = 0;
  let aliasNodes = 0;
  let inAlias = 0;
  const anchors = aliasTargets(document);
  let depth = 0;
  // One error per kind is enough: past a bound the value is cut there (null) and the file refused.
  const refuse = (message: string, offset: number | undefined): JsonValue => {
    if (!errors.some((e) => e.message === message)) errors.push({ message, line: lineAt(offset), column: offset === undefined ? 1 : counter.linePos(offset).col });
    return null;
  };

  const convert = (node: unknown, pointer: string, line: number): JsonValue => {
    if (!lines.has(pointer)) lines.set(pointer, line);
    const yamlNode = node as YamlNode | null | undefined;
    const tag = yamlNode && typeof yamlNode === 'object' && 'tag' in yamlNode ? yamlNode.tag : undefined;
    const longForm = tag === undefined ? undefined : ownEntry(SHORT_TAGS, tag);
    if (longForm !== undefined) {
      const inner = joinPointer(pointer, longForm);
      return { [longForm]: convertPlain(yamlNode, inner, line) };
    }
    return convertPlain(yamlNode, pointer, line);
  };
  const convertPlain = (node: YamlNode | null | undefined, pointer: string, line: number): JsonValue => {
    if (++nodes > MAX_YAML_NODES) return refuse(`more than ${MAX_YAML_NODES} values`, node?.range?.[0]);
    if (inAlias > 0 && ++aliasNodes > MAX_ALIAS_NODES) return refuse(`more than ${MAX_ALIAS_NODES} values once aliases are expanded (an alias bomb)`, node?.range?.[0]);
    if (depth >= MAX_YAML_DEPTH) return refuse(`nested deeper than ${MAX_YAML_DEPTH} levels`, node?.range?.[0]);
    depth++;
    try {
      return convertNode(node, pointer, line);
    } finally {
      depth--;
    }
  };
  const convertNode = (node: YamlNode | null | undefined, pointer: string, line: number): JsonValue => {
    if (!lines.has(pointer)) lines.set(pointer, line);
    if (isAlias(node)) {
      // An alias is its anchor's value again; an alias with no anchor is an error, never a silent null.
      const target = anchors.get(node);
      if (target === undefined) return refuse('YAML alias without an anchor before it', node.range?.[0]);
      inAlias++;
      try {
        return convert(target, pointer, line);
      } finally {
        inAlias--;
      }
    }
    if (isMap(node)) {
      const out: { [key: string]: JsonValue } = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyLine = lineAt(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
        const valueNode = pair.value as YamlNode | null;
        let value = convert(valueNode, joinPointer(pointer, key), keyLine);
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          duplicates.push({ key, pointer, line: keyLine, column: 1 });
          value = mergeDuplicate(key, out[key] as JsonValue, value);
        }
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const itemNode = item as YamlNode | null;
        return convert(itemNode, joinPointer(pointer, i), lineAt(itemNode?.range?.[0]) || line);
      });
    }
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
      if (typeof value === 'bigint') return Number(value);
      return String(value);
    }
    return null;
  };
  const root = document.contents as YamlNode | null;
  const value = root === null ? undefined : convert(root, '', lineAt(root.range?.[0]));
  return { value, lineOf: (pointer) => lines.get(pointer), errors, duplicates };
}

/**
 * Each alias's anchored node, in one pass: the last node before it (in document order) carrying
 * that anchor, as YAML 1.2 §3.2.2.2 says. `Alias.resolve` searches the whole document per alias,
 * which is quadratic in a file of thousands of aliases.
 */
function aliasTargets(document: Document.Parsed): Map<YamlNode, YamlNode | undefined> {
  const targets = new Map<YamlNode, YamlNode | undefined>();
  const current = new Map<string, YamlNode>();
  visit(document, (_key, node) => {
    if (isAlias(node)) targets.set(node, current.get(node.source));
    else if (isNode(node) && node.anchor !== undefined) current.set(node.anchor, node);
  });
  return targets;
}

/**
 * Indents each line that continues a flow collection (`[`, `{` left open on an earlier line) past
 * the indentation of the line that opened it. Quoted text and comments are skipped when counting
 * brackets. Lines are neither added nor removed, so every line number stays.
 */
export function indentFlowContinuations(text: string): string {
  const lines = text.split('\n');
  let depth = 0;
  let openerIndent = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const indent = line.length - line.trimStart().length;
    if (depth > 0 && line.trim() !== '' && indent <= openerIndent) lines[i] = `${' '.repeat(openerIndent + 2 - indent)}${line}`;
    const before = depth;
    let quote: string | undefined;
    for (let k = 0; k < line.length; k++) {
      const c = line[k];
      if (quote !== undefined) {
        if (c === quote && !(quote === '"' && line[k - 1] === '\\')) quote = undefined;
        continue;
      }
      if (c === '"' || (c === "'" && (k === 0 || /[\s[{,:]/.test(line[k - 1] ?? '')))) quote = c;
      else if (c === '#' && (k === 0 || /\s/.test(line[k - 1] ?? ''))) break;
      else if (c === '[' || c === '{') depth++;
      else if ((c === ']' || c === '}') && depth > 0) depth--;
    }
    if (before === 0 && depth > 0) openerIndent = indent;
  }
  return lines.join('\n');
}
