import type { Finding, FindingLevel, Reader, Report, SecretReport, SecretStatus } from '../model/report.js';
import { formatSourceRef } from './source-ref.js';

/** Statuses from worst to best: the order summaries list them in. */
export const STATUS_ORDER: readonly SecretStatus[] = ['overexposed', 'unreachable', 'unowned', 'ok'];
/** Levels from most to least severe: the order findings are grouped in. */
export const LEVEL_ORDER: readonly FindingLevel[] = ['error', 'warning', 'note'];

/** Counts by status and by level, every key present (0 when none), for summary lines. */
export function countReport(report: Report): { byStatus: Record<SecretStatus, number>; byLevel: Record<FindingLevel, number> } {
  const byStatus: Record<SecretStatus, number> = { overexposed: 0, unreachable: 0, unowned: 0, ok: 0 };
  const byLevel: Record<FindingLevel, number> = { error: 0, warning: 0, note: 0 };
  for (const secret of report.secrets) byStatus[secret.status] += 1;
  for (const finding of report.findings) byLevel[finding.level] += 1;
  return { byStatus, byLevel };
}

/**
 * The readers of `secret` that the rules judged unintended: those named by an SS001 finding on
 * it. The report does not carry the trusted list, so "not an owner" alone would wrongly accuse
 * trusted principals; SS001 is the one place that decided.
 */
export function unintendedReaders(report: Report, secret: SecretReport): Reader[] {
  const flagged = new Set(
    report.findings.filter((f) => f.ruleId === 'SS001' && f.secret === secret.id && f.principal !== undefined).map((f) => f.principal),
  );
  return secret.readers.filter((reader) => flagged.has(reader.principal));
}

/** Findings of one level, in report order. */
export function findingsAtLevel(report: Report, level: FindingLevel): Finding[] {
  return report.findings.filter((finding) => finding.level === level);
}

/** `file:line` of the finding's primary location, or '' when it has none. */
export function primaryPlace(finding: Finding): string {
  const first = finding.locations[0];
  return first === undefined ? '' : formatSourceRef(first);
}

/** `n word` with a plural `s` when n ≠ 1. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
