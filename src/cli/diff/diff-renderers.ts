import type { Report } from '../../model/report.js';
import { formatDiffMarkdown } from '../../report/diff-markdown.js';
import { formatDiffText } from '../../report/diff-text.js';
import { formatJson } from '../../report/json.js';
import { formatSarif } from '../../report/sarif.js';
import { reportRuleCatalog } from '../../rules/sarif-rule-catalog.js';

/**
 * The four outputs of a diff run: text and Markdown show the diff; JSON is the head report with its
 * `diff` section and every finding's `baselineState`; SARIF holds the new findings only, each with
 * `baselineState: new`, so code scanning alerts on what the change introduced.
 */
export function diffRenderers(report: Report, io: { stdout: { isTTY?: boolean } }): Record<'text' | 'json' | 'sarif' | 'markdown', () => string> {
  return {
    text: () => formatDiffText(report, { color: io.stdout.isTTY === true }),
    json: () => formatJson(report),
    sarif: () => formatSarif({ ...report, findings: report.findings.filter((f) => f.baselineState === 'new') }, { rules: reportRuleCatalog(report), toolVersion: report.tool.version }),
    markdown: () => formatDiffMarkdown(report),
  };
}
