import type { Node } from 'web-tree-sitter';
import type {
  HclAttribute,
  HclBlock,
  HclBody,
  HclExpression,
  HclFor,
  HclPosition,
  HclTraversalStep,
} from './hcl-ast.js';
import type { HclSource } from './hcl-source.js';
import { convertTemplate, quotedLiteralText } from './hcl-template.js';

/** Nesting of expressions and blocks past which the rest is cut (and reported): no one writes 200 levels. */
export const MAX_HCL_DEPTH = 200;

const BINARY_OPERATORS = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

/**
 * Converts tree-sitter-hcl nodes into the parser-independent AST. Hidden grammar rules flatten
 * postfix chains (`a.b[0]`) and operands into their parent's children, so expressions are rebuilt
 * from child sequences here.
 */
export class HclConverter {
  constructor(private readonly src: HclSource) {}

  /** Places where nesting passed MAX_HCL_DEPTH: the part below is left out (an `invalid` expression). */
  readonly tooDeep: HclPosition[] = [];
  private depth = 0;

  /** Runs one nested conversion, or `fallback` past the depth bound (so no input exhausts the stack). */
  private nested<T>(node: Node, convert: () => T, fallback: () => T): T {
    if (this.depth >= MAX_HCL_DEPTH) {
      if (this.tooDeep.length === 0) this.tooDeep.push(this.src.position(node.startIndex));
      return fallback();
    }
    this.depth++;
    try {
      return convert();
    } finally {
      this.depth--;
    }
  }

  body(node: Node | null | undefined): HclBody {
    const items: (HclAttribute | HclBlock)[] = [];
    for (const child of node?.namedChildren ?? []) {
      if (!child) continue;
      if (child.type === 'attribute') items.push(this.attribute(child));
      else if (child.type === 'block') this.nested(child, () => items.push(this.block(child)), () => 0);
    }
    return { items };
  }

  attribute(node: Node): HclAttribute {
    const name = node.namedChildren.find((c) => c?.type === 'identifier');
    const expr = node.namedChildren.find((c) => c?.type === 'expression');
    const pos = this.src.position(node.startIndex);
    // Text the parser skipped between the name and the expression (`name *= var.name` … `value = "…"`)
    // means recovery may have paired the name with a later attribute's value: the value is not known.
    const skipped = node.children.some((c) => c !== null && (c.type === 'ERROR' || c.isMissing));
    const expression = skipped ? this.invalid(node) : this.expression(expr);
    return { kind: 'attribute', name: name?.text ?? '', expression, ...pos, range: this.src.range(node) };
  }

  block(node: Node): HclBlock {
    const kids = node.children.filter((c): c is Node => c !== null);
    const startAt = kids.findIndex((c) => c.type === 'block_start');
    const head = startAt >= 0 ? kids.slice(0, startAt) : kids;
    // Labels after text the parser skipped may come from anywhere later in the file (a value, even):
    // only those before it are the block's.
    const skippedAt = head.findIndex((c) => c.type === 'ERROR' || c.isMissing);
    const labels = (skippedAt >= 0 ? head.slice(1, skippedAt) : head.slice(1))
      .filter((c) => c.type === 'string_lit' || c.type === 'identifier')
      .map((c) => (c.type === 'string_lit' ? quotedLiteralText(c, this.src) : c.text));
    const pos = this.src.position(node.startIndex);
    return {
      kind: 'block',
      type: head[0]?.text ?? '',
      labels,
      body: this.body(kids.find((c) => c.type === 'body')),
      ...pos,
      range: this.src.range(node),
    };
  }

  /** Converts an `expression` node (or any term node); a missing node yields an `invalid` expression. */
  readonly expression = (node: Node | null | undefined): HclExpression => {
    if (!node) return { kind: 'invalid', text: '', range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } };
    return this.nested(node, () => this.expressionAt(node), () => ({ kind: 'invalid', text: '', range: this.src.range(node) }));
  };

  private expressionAt(node: Node): HclExpression {
    if (node.type !== 'expression') return this.terms([node], node);
    const kids = node.children.filter((c): c is Node => c !== null && c.type !== 'comment');
    const first = kids[0];
    if (kids.length === 1 && first?.type === 'conditional') return this.conditional(first);
    return this.terms(kids, node);
  }

  private conditional(node: Node): HclExpression {
    const parts = node.namedChildren.filter((c): c is Node => c?.type === 'expression');
    return {
      kind: 'conditional',
      condition: this.expression(parts[0]),
      then: this.expression(parts[1]),
      else: this.expression(parts[2]),
      range: this.src.range(node),
    };
  }

  /** A primary term followed by postfix traversals (`.attr`, `[i]`, `.*`, `[*]`). */
  private terms(kids: Node[], whole: Node): HclExpression {
    let i = 0;
    let expr: HclExpression;
    const first = kids[0];
    if (!first) return this.invalid(whole);
    if (first.type === '(') {
      expr = this.expression(kids[1]);
      i = kids.findIndex((c, k) => k > 0 && c.type === ')') + 1 || kids.length;
    } else {
      expr = this.primary(first);
      i = 1;
    }
    for (; i < kids.length; i++) {
      const k = kids[i];
      if (!k) continue;
      const range = { start: expr.range.start, end: this.src.position(k.endIndex) };
      if (k.type === 'get_attr') expr = { kind: 'getAttr', target: expr, name: this.attrName(k), range };
      else if (k.type === 'index') expr = { kind: 'index', target: expr, key: this.indexKey(k), range };
      else if (k.type === 'splat') {
        const s = k.namedChildren[0];
        const steps = (s?.namedChildren ?? []).filter((c): c is Node => c !== null).map((c) => this.step(c));
        expr = { kind: 'splat', target: expr, full: s?.type === 'full_splat', each: steps, range };
      } else if (k.type === 'ERROR') return this.invalid(whole);
    }
    return expr;
  }

  /** An operator's operand: operations nest without `expression` nodes between them (`- - - x`), so count the depth here too. */
  private operand(kids: Node[], op: Node): HclExpression {
    return this.nested(op, () => this.terms(kids, op), () => this.invalid(op));
  }

  private step(node: Node): HclTraversalStep {
    return node.type === 'get_attr' ? { kind: 'attr', name: this.attrName(node) } : { kind: 'index', key: this.indexKey(node) };
  }

  private attrName(node: Node): string {
    return node.namedChildren.find((c) => c?.type === 'identifier')?.text ?? '';
  }

  private indexKey(node: Node): HclExpression {
    const inner = node.namedChildren[0];
    if (inner?.type === 'legacy_index') {
      const digits = inner.text.replace(/^\./, '');
      return { kind: 'literal', value: Number(digits), range: this.src.range(inner) };
    }
    return this.expression(inner?.namedChildren.find((c) => c?.type === 'expression'));
  }

  private primary(node: Node): HclExpression {
    const range = this.src.range(node);
    switch (node.type) {
      case 'literal_value': {
        const lit = node.namedChildren[0];
        if (!lit) return this.invalid(node);
        if (lit.type === 'numeric_lit') return { kind: 'literal', value: Number(lit.text), range };
        if (lit.type === 'bool_lit') return { kind: 'literal', value: lit.text === 'true', range };
        if (lit.type === 'null_lit') return { kind: 'literal', value: null, range };
        // A string the parser had to repair (no closing quote: `"%{&"` runs on to the end of the
        // file) is not the string that was written; taking it would make a name of the lines after
        // it, secret values included. It is unknown, and the syntax error names the place.
        if (lit.hasError) return this.invalid(node);
        return { kind: 'literal', value: quotedLiteralText(lit, this.src), range };
      }
      case 'template_expr': {
        const t = node.namedChildren[0];
        if (t?.hasError) return this.invalid(node);
        return t ? convertTemplate(t, this.src, this.expression) : this.invalid(node);
      }
      case 'collection_value': {
        const c = node.namedChildren[0];
        if (c?.type === 'tuple') {
          const items = c.namedChildren.filter((x): x is Node => x?.type === 'expression').map((x) => this.expression(x));
          return { kind: 'tuple', items, range };
        }
        if (c?.type === 'object') {
          const items = c.namedChildren
            .filter((x): x is Node => x?.type === 'object_elem')
            .map((e) => ({ key: this.expression(e.childForFieldName('key')), value: this.expression(e.childForFieldName('val')) }));
          return { kind: 'object', items, range };
        }
        return this.invalid(node);
      }
      case 'variable_expr':
        return { kind: 'variable', name: node.text, range };
      case 'function_call': {
        const argsNode = node.namedChildren.find((c) => c?.type === 'function_arguments');
        const args = (argsNode?.namedChildren ?? []).filter((c): c is Node => c?.type === 'expression').map((c) => this.expression(c));
        const expandFinal = (argsNode?.namedChildren ?? []).some((c) => c?.type === 'ellipsis');
        return { kind: 'call', name: node.namedChildren[0]?.text ?? '', args, expandFinal, range };
      }
      case 'for_expr':
        return this.forExpr(node.namedChildren[0] ?? node);
      case 'operation': {
        const op = node.namedChildren[0];
        if (!op) return this.invalid(node);
        const kids = op.children.filter((c): c is Node => c !== null && c.type !== 'comment');
        if (op.type === 'unary_operation') {
          const operator = kids[0]?.type === '!' ? '!' : '-';
          return { kind: 'unary', operator, operand: this.operand(kids.slice(1), op), range };
        }
        // Operands are flattened term sequences: the operator is the first operator token at this level.
        const at = kids.findIndex((c, k) => k > 0 && !c.isNamed && BINARY_OPERATORS.has(c.type) && !inParens(kids, k));
        if (at < 0) return this.invalid(node);
        return {
          kind: 'binary',
          operator: kids[at]?.type ?? '',
          left: this.operand(kids.slice(0, at), op),
          right: this.operand(kids.slice(at + 1), op),
          range,
        };
      }
      case 'expression':
        return this.expression(node);
      default:
        return this.invalid(node);
    }
  }

  private forExpr(node: Node): HclFor {
    const intro = node.namedChildren.find((c) => c?.type === 'for_intro');
    const names = (intro?.namedChildren ?? []).filter((c): c is Node => c?.type === 'identifier').map((c) => c.text);
    const exprs = node.namedChildren.filter((c): c is Node => c?.type === 'expression');
    const cond = node.namedChildren.find((c) => c?.type === 'for_cond');
    const isObject = node.type === 'for_object_expr';
    const out: HclFor = {
      kind: 'for',
      result: isObject ? 'object' : 'tuple',
      valueVar: names.length > 1 ? (names[1] ?? '') : (names[0] ?? ''),
      collection: this.expression(intro?.namedChildren.find((c) => c?.type === 'expression')),
      valueExpr: this.expression(isObject ? exprs[1] : exprs[0]),
      grouping: node.namedChildren.some((c) => c?.type === 'ellipsis'),
      range: this.src.range(node),
    };
    if (names.length > 1 && names[0] !== undefined) out.keyVar = names[0];
    if (isObject) out.keyExpr = this.expression(exprs[0]);
    if (cond) out.condition = this.expression(cond.namedChildren.find((c) => c?.type === 'expression'));
    return out;
  }

  private invalid(node: Node): HclExpression {
    return { kind: 'invalid', text: node.text, range: this.src.range(node) };
  }
}

function inParens(kids: Node[], at: number): boolean {
  let depth = 0;
  for (let k = 0; k < at; k++) {
    const t = kids[k]?.type;
    if (t === '(') depth++;
    else if (t === ')') depth--;
  }
  return depth > 0;
}
