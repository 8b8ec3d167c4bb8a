/**
 * A typed, position-carrying HCL syntax tree, independent of the parser behind it.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 * Lines and columns are 1-based; columns count UTF-16 code units (JavaScript string indices).
 */

export interface HclPosition {
  line: number;
  column: number;
}

export interface HclRange {
  start: HclPosition;
  end: HclPosition;
}

export interface HclError {
  message: string;
  line: number;
  column: number;
}

export interface HclAttribute {
  kind: 'attribute';
  name: string;
  expression: HclExpression;
  line: number;
  column: number;
  range: HclRange;
}

export interface HclBlock {
  kind: 'block';
  type: string;
  /** Labels as written: quoted labels unescaped, bare identifier labels as is. */
  labels: string[];
  body: HclBody;
  line: number;
  column: number;
  range: HclRange;
}

export interface HclBody {
  /** Attributes and blocks in source order. */
  items: (HclAttribute | HclBlock)[];
}

interface ExprBase {
  range: HclRange;
}

export interface HclLiteral extends ExprBase {
  kind: 'literal';
  value: string | number | boolean | null;
}

/** One piece of a template: literal text, `${expr}`, `%{if}` or `%{for}`. */
export type HclTemplatePart =
  | { kind: 'text'; value: string }
  | { kind: 'interpolation'; expression: HclExpression; stripLeft: boolean; stripRight: boolean }
  | { kind: 'if'; condition: HclExpression; then: HclTemplatePart[]; else?: HclTemplatePart[] }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: HclExpression; body: HclTemplatePart[] };

export interface HclTemplate extends ExprBase {
  kind: 'template';
  parts: HclTemplatePart[];
  /** Set for heredocs: the marker and whether it was `<<-` (indentation stripped). */
  heredoc?: { marker: string; indented: boolean };
}

export interface HclTuple extends ExprBase {
  kind: 'tuple';
  items: HclExpression[];
}

export interface HclObjectItem {
  key: HclExpression;
  value: HclExpression;
}

export interface HclObject extends ExprBase {
  kind: 'object';
  items: HclObjectItem[];
}

export interface HclFunctionCall extends ExprBase {
  kind: 'call';
  name: string;
  args: HclExpression[];
  /** `f(list...)`: the last argument is expanded. */
  expandFinal: boolean;
}

export interface HclVariable extends ExprBase {
  kind: 'variable';
  name: string;
}

export interface HclGetAttr extends ExprBase {
  kind: 'getAttr';
  target: HclExpression;
  name: string;
}

export interface HclIndex extends ExprBase {
  kind: 'index';
  target: HclExpression;
  key: HclExpression;
}

/** `x.*.a` (attribute splat) or `x[*].a` (full splat); `each` is applied to every element. */
export interface HclSplat extends ExprBase {
  kind: 'splat';
  target: HclExpression;
  full: boolean;
  each: HclTraversalStep[];
}

export type HclTraversalStep = { kind: 'attr'; name: string } | { kind: 'index'; key: HclExpression };

export interface HclConditional extends ExprBase {
  kind: 'conditional';
  condition: HclExpression;
  then: HclExpression;
  else: HclExpression;
}

export interface HclFor extends ExprBase {
  kind: 'for';
  /** `[for ...]` gives a tuple, `{for ... => ...}` an object. */
  result: 'tuple' | 'object';
  keyVar?: string;
  valueVar: string;
  collection: HclExpression;
  /** The key expression of an object `for` (before `=>`). */
  keyExpr?: HclExpression;
  valueExpr: HclExpression;
  condition?: HclExpression;
  /** `...` after the value of an object `for`: group values by key. */
  grouping: boolean;
}

export interface HclUnary extends ExprBase {
  kind: 'unary';
  operator: '-' | '!';
  operand: HclExpression;
}

export interface HclBinary extends ExprBase {
  kind: 'binary';
  operator: string;
  left: HclExpression;
  right: HclExpression;
}

/** An expression the parser could not read; an `HclError` points at it. */
export interface HclInvalid extends ExprBase {
  kind: 'invalid';
  text: string;
}

export type HclExpression =
  | HclLiteral
  | HclTemplate
  | HclTuple
  | HclObject
  | HclFunctionCall
  | HclVariable
  | HclGetAttr
  | HclIndex
  | HclSplat
  | HclConditional
  | HclFor
  | HclUnary
  | HclBinary
  | HclInvalid;

export interface HclParseResult {
  body: HclBody;
  errors: HclError[];
}
