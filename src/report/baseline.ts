import type { Report } from '../model/report.js';

/** Keeps only the findings whose fingerprint the earlier report does not have (`--baseline`). */
export function filterByBaseline(report: Report, baseline: Pick<Report, 'findings'>): Report {
  const known = new Set(baseline.findings.map((f) => f.fingerprint));
  return { ...report, findings: report.findings.filter((f) => !known.has(f.fingerprint)) };
}
