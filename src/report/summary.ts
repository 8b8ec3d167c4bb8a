import type { Finding, FindingLevel, Report, SecretReader, SecretReport, SecretStatus } from '../model/report.js';
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

/** The readers of `secret` that are neither owners nor trusted (role `unintended`; SS001 names each). */
export function unintendedReaders(secret: SecretReport): SecretReader[] {
  return secret.readers.filter((reader) => reader.role === 'unintended');
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
