import type { HclExpression } from '../hcl/hcl-ast.js';
import type { SourceRef } from '../../../model/source.js';
import type { TfValue } from './tf-values.js';

/**
 * Where each statement of a policy-valued attribute is written: for `jsonencode({ Statement = [...] })`
 * each element's own line; for a value rendered by `data "aws_iam_policy_document"` (directly, or
 * through locals and module outputs) the lines of its `statement` blocks. Empty when not known; the
 * mapping then points statements at the attribute.
 */
export function policyStatementSources(expr: HclExpression, value: TfValue, file: string, documents: ReadonlyMap<TfValue, SourceRef[]>): SourceRef[] {
  const rendered = documents.get(value);
  if (rendered) return rendered;
  if (expr.kind !== 'call' || expr.name !== 'jsonencode') return [];
  const arg = expr.args[0];
  if (arg?.kind !== 'object') return [];
  const item = arg.items.find((i) => keyName(i.key) === 'Statement');
  if (!item) return [];
  const at = (e: HclExpression): SourceRef => ({ file, line: e.range.start.line, column: e.range.start.column });
  if (item.value.kind === 'tuple') return item.value.items.map(at);
  if (item.value.kind === 'object') return [at(item.value)];
  return [];
}

function keyName(key: HclExpression): string | undefined {
  if (key.kind === 'variable') return key.name;
  if (key.kind === 'literal' && typeof key.value === 'string') return key.value;
  if (key.kind === 'template' && key.parts.length === 1 && key.parts[0]?.kind === 'text') return key.parts[0].value;
  return undefined;
}
