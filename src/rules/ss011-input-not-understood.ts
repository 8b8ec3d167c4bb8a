import { defineRule } from './define-rule.js';

/** SS011: input that could not be read or understood; the analysis is incomplete there (docs/semantics.md#unknowns). */
export const ss011 = defineRule({
  id: 'SS011',
  check({ inventory, graph, report }) {
    for (const issue of [...inventory.issues, ...graph.issues]) {
      const where = issue.source.line ? `${issue.source.file}:${issue.source.line}` : issue.source.file;
      const properties: Record<string, string | number> = { file: issue.source.file, code: issue.code };
      if (issue.source.line) properties.line = issue.source.line;
      report({ messageId: 'default', data: { file: where, reason: issue.message }, locations: [issue.source], properties });
    }
  },
});
