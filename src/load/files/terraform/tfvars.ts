import type { Issue } from '../../../model/issue.js';
import type { TextFile } from '../file-loader.js';
import { parseHcl } from '../hcl/parse-hcl.js';
import { evaluateExpression, type ReferenceResolver } from './evaluate-expression.js';
import { TfFile } from './tf-file.js';
import { fromJson, unknown, type TfValue } from './tf-values.js';

// A variable file holds literal values only; a reference in one is not resolvable.
const literalOnly: ReferenceResolver = {
  resolve: (_root, steps, at, text) => ({ value: unknown(`${text} (not a literal value)`, at), consumed: steps.length }),
  readFile: () => undefined,
  listFiles: () => undefined,
  renderTemplate: (_text, path, _vars, at) => unknown(`templatefile("${path}")`, at),
};

/**
 * Reads variable files in the order given, later files overriding earlier ones (Terraform's
 * precedence for automatically loaded files). Values are never echoed in issues: they may be secret.
 * https://developer.hashicorp.com/terraform/language/values/variables#variable-definitions-tfvars-files
 */
export function readTfvars(files: TextFile[], issues: Issue[]): Map<string, TfValue> {
  const values = new Map<string, TfValue>();
  for (const f of files) {
    if (/\.json$/i.test(f.path)) {
      try {
        const parsed = JSON.parse(f.text) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) for (const [k, v] of Object.entries(parsed)) values.set(k, fromJson(v));
      } catch {
        issues.push({ code: 'jsonParseError', message: 'variable file is not valid JSON; its values are not applied', source: { file: f.path, line: 1 } });
      }
      continue;
    }
    const parsed = parseHcl(f.text);
    for (const e of parsed.errors) issues.push({ code: 'hclParseError', message: `variable file not fully understood: ${e.message}`, source: { file: f.path, line: e.line, column: e.column } });
    const file = new TfFile(f.path, f.text, parsed.body);
    for (const item of parsed.body.items) {
      if (item.kind !== 'attribute') continue;
      values.set(item.name, evaluateExpression(item.expression, { file, resolver: literalOnly, bindings: new Map() }));
    }
  }
  return values;
}
