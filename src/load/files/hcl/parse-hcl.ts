import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { Node } from 'web-tree-sitter';
import type { HclError, HclParseResult } from './hcl-ast.js';
import { HclConverter } from './hcl-convert.js';
import { HclSource } from './hcl-source.js';

export type * from './hcl-ast.js';

// The WASM runtime and grammar load once, at module load (top-level await), so parseHcl stays
// synchronous for every caller. See DESIGN.md for why tree-sitter was chosen.
const require = createRequire(import.meta.url);
await Parser.init();
const language = await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'));
const parser = new Parser();
parser.setLanguage(language);

/**
 * Parses HCL native syntax. Never throws on bad input: syntax errors come back as `errors` with
 * 1-based line/column, and every attribute and block the parser could recover is still in `body`.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 */
export function parseHcl(text: string): HclParseResult {
  const src = new HclSource(text);
  const errors: HclError[] = [];
  const tree = parser.parse(text);
  if (!tree) return { body: { items: [] }, errors: [{ message: 'HCL parser returned no tree', line: 1, column: 1 }] };
  try {
    const root = tree.rootNode;
    collectErrors(root, src, errors);
    const converter = new HclConverter(src);
    const top = root.namedChildren.find((c) => c?.type === 'body');
    const body = converter.body(top);
    if (!top && root.namedChildren.some((c) => c?.type === 'object')) {
      errors.push({ message: 'expected attributes and blocks, found a bare object', line: 1, column: 1 });
    }
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return { body, errors };
  } finally {
    tree.delete();
  }
}

function collectErrors(node: Node, src: HclSource, out: HclError[]): void {
  if (node.type === 'ERROR') {
    const pos = src.position(node.startIndex);
    const snippet = node.text.split('\n')[0]?.slice(0, 40) ?? '';
    out.push({ message: `unexpected ${JSON.stringify(snippet)}`, ...pos });
    return;
  }
  if (node.isMissing) {
    out.push({ message: `missing ${JSON.stringify(node.type)}`, ...src.position(node.startIndex) });
    return;
  }
  if (!node.hasError) return;
  for (const child of node.children) if (child) collectErrors(child, src, out);
}
