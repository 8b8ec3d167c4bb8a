import type { Inventory } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import type { Finding, Report, SecretReport } from '../model/report.js';
import type { RulesResult } from '../rules/run-rules.js';
import { fingerprintFinding } from './fingerprint.js';

export interface ReportInputs {
  toolVersion: string;
  inventory: Inventory;
  /** Files the loaders skipped, and why. */
  skipped: Report['coverage']['skipped'];
  /** What the graph could not decide, besides the inventory's own issues. */
  graphIssues: Issue[];
  ruled: RulesResult;
}

/** Assembles the report (schemas/report.schema.json) from the answers, the findings and what was read. */
export function buildReport({ toolVersion, inventory, skipped, graphIssues, ruled }: ReportInputs): Report {
  const secrets: SecretReport[] = ruled.answers.map(({ target, readers, status }) => {
    const secret: SecretReport = { id: target.id, kind: target.kind, resource: target.resource, owners: target.owners, readers, status, origin: target.origin };
    if (target.notes.length > 0) secret.notes = target.notes;
    return secret;
  });
  const findings: Finding[] = ruled.findings.map((finding) => ({ ...finding, fingerprint: fingerprintFinding(finding) }));
  const issues = [...inventory.issues, ...graphIssues];
  const allSkipped: Report['coverage']['skipped'] = [
    ...skipped,
    ...issues.map((issue) => ({ file: issue.source.file, ...(issue.source.line ? { line: issue.source.line } : {}), reason: `${issue.code}: ${issue.message}` })),
  ].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return {
    tool: { name: 'secret-scan', version: toolVersion },
    secrets,
    findings,
    coverage: { loaded: inventory.loaded, skipped: allSkipped },
  };
}
