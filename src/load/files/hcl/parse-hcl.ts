import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { Node } from 'web-tree-sitter';
import type { HclError, HclParseResult } from './hcl-ast.js';
import { HclConverter, MAX_HCL_DEPTH } from './hcl-convert.js';
import { HclSource } from './hcl-source.js';
import { ownEntry } from '../../../input-safety.js';

export type * from './hcl-ast.js';

// The WASM runtime and grammar load once, asynchronously (initHclParser), so that parseHcl stays
// synchronous for every caller and no module has a top-level await: the package must load with
// require() too, which refuses modules that await at the top. See DESIGN.md for why tree-sitter.
const require = createRequire(import.meta.url);
let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Loads the HCL grammar once; `scan()` and the package entry await it. Safe to call any number of times. */
export function initHclParser(): Promise<void> {
  loading ??= (async () => {
    await Parser.init();
    const language = await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'));
    const ready = new Parser();
    ready.setLanguage(language);
    parser = ready;
  })();
  return loading;
}

function readyParser(): Parser {
  if (!parser) throw new Error('the HCL parser is not loaded yet: await initHclParser() (the package export ready()) first');
  return parser;
}

/**
 * Parses HCL native syntax. Never throws on bad input: syntax errors come back as `errors` with
 * 1-based line/column, and every attribute and block the parser could recover is still in `body`.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 */
export function parseHcl(text: string): HclParseResult {
  const src = new HclSource(text);
  const errors: HclError[] = [];
  const tree = readyParser().parse(text);
  if (!tree) return { body: { items: [] }, errors: [{ message: 'HCL parser returned no tree', line: 1, column: 1 }] };
  try {
    const root = tree.rootNode;
    collectErrors(root, src, errors);
    const converter = new HclConverter(src);
    const top = root.namedChildren.find((c) => c?.type === 'body');
    const body = converter.body(top);
    for (const at of converter.tooDeep) errors.push({ message: `nested deeper than ${MAX_HCL_DEPTH} levels; the part below is not read`, ...at });
    if (!top && root.namedChildren.some((c) => c?.type === 'object')) {
      errors.push({ message: 'expected attributes and blocks, found a bare object', line: 1, column: 1 });
    }
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return { body, errors };
  } finally {
    tree.delete();
  }
}

function firstLeaf(node: Node): Node | undefined {
  let leaf: Node | undefined = node;
  for (let depth = 0; leaf && leaf.childCount > 0 && depth < 64; depth++) leaf = leaf.child(0) ?? undefined;
  return leaf === node ? undefined : leaf;
}

/** A grammar token (`,`, `}`, `=`) is named as written; anything with content by its kind only. */
function describeToken(leaf: Node | undefined): string {
  if (!leaf) return 'input';
  if (!leaf.isNamed && /^[^\w\s]{1,3}$|^(if|for|in|else|endif|endfor)$/.test(leaf.type)) return JSON.stringify(leaf.type);
  const kinds: Record<string, string> = {
    identifier: 'name', template_literal: 'text', string_lit: 'string', quoted_template_start: 'string',
    numeric_lit: 'number', bool_lit: 'boolean', null_lit: 'null', heredoc_start: 'heredoc', comment: 'comment',
  };
  return ownEntry(kinds, leaf.type) ?? 'text';
}

/** Walks the nodes that hold errors with an explicit stack: a tree can be deeper than the call stack. */
function collectErrors(root: Node, src: HclSource, out: HclError[]): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const children = errorAt(node, src, out) ? node.children : [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
}

/** Records the error at `node`, if any; true when its children may hold more. */
function errorAt(node: Node, src: HclSource, out: HclError[]): boolean {
  if (node.type === 'ERROR') {
    // Name the kind of token, never its text: the text may be part of a secret (`data_json`).
    out.push({ message: `unexpected ${describeToken(firstLeaf(node))}`, ...src.position(node.startIndex) });
    return false;
  }
  if (node.isMissing) {
    out.push({ message: `missing ${JSON.stringify(node.type)}`, ...src.position(node.startIndex) });
    return false;
  }
  return node.hasError;
}
