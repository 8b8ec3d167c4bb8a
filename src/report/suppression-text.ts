import type { Report } from '../model/report.js';
import { formatSourceRef } from './source-ref.js';
import { plural } from './summary.js';
import { clean } from './text.js';

/** The report without the findings an exception covers: what text and Markdown list as findings. */
export function withoutSuppressed(report: Report): Report {
  return { ...report, findings: report.findings.filter((finding) => (finding.suppressions ?? []).length === 0) };
}

/**
 * Lines for people about exceptions: how many findings are suppressed (they stay in JSON and
 * SARIF), and every expired manifest exception that no longer suppresses, with where it is
 * written. Empty when there is neither.
 */
export function suppressionLines(report: Report): string[] {
  const suppressed = report.findings.filter((finding) => (finding.suppressions ?? []).length > 0).length;
  const lines: string[] = [];
  if (suppressed > 0) lines.push(`${plural(suppressed, 'finding')} suppressed by exceptions (listed in the JSON and SARIF reports)`);
  for (const finding of report.findings) {
    for (const expired of finding.expiredExceptions ?? []) {
      lines.push(`expired exception ${clean(formatSourceRef(expired.source))} (expires ${expired.expires ?? '?'}) no longer suppresses ${finding.ruleId}${finding.secret !== undefined ? ` on ${clean(finding.secret)}` : ''}${finding.principal !== undefined ? ` for ${clean(finding.principal)}` : ''}`);
    }
  }
  return lines;
}
