import type { ManifestException } from '../model/manifest.js';
import type { Finding, Suppression } from '../model/report.js';
import { matchesWildcard } from '../engine/iam/wildcard.js';
import type { InlineIgnore } from './inline-ignores.js';

/** Inline ignore comments by file (the report's relative path). */
export type InlineIgnoreIndex = ReadonlyMap<string, readonly InlineIgnore[]>;

/**
 * Marks findings covered by a manifest exception or an inline ignore comment with `suppressions`;
 * a manifest exception past its `expires` date (later than `today`, YYYY-MM-DD, UTC) no longer
 * suppresses and is listed in `expiredExceptions` instead. A comment without a reason suppresses
 * nothing. Findings are never removed: accountability means they stay in the report. Pure.
 */
export function applySuppressions(findings: readonly Finding[], exceptions: readonly ManifestException[], ignores: InlineIgnoreIndex, today: string): Finding[] {
  return findings.map((finding) => {
    const suppressions: Suppression[] = [];
    const expired: Suppression[] = [];
    for (const exception of exceptions) {
      if (!exceptionMatches(exception, finding)) continue;
      const suppression: Suppression = { kind: 'external', justification: exception.reason, source: exception.source };
      if (exception.expires !== undefined) suppression.expires = exception.expires;
      (exception.expires !== undefined && exception.expires < today ? expired : suppressions).push(suppression);
    }
    for (const location of finding.locations) {
      for (const ignore of ignores.get(location.file) ?? []) {
        if (location.line === undefined || !ignore.covers.includes(location.line) || ignore.reason === '') continue;
        if (!ignore.rules.some((rule) => matchesWildcard(rule, finding.ruleId))) continue;
        suppressions.push({ kind: 'inSource', justification: ignore.reason, source: { file: location.file, line: ignore.line } });
      }
    }
    if (suppressions.length === 0 && expired.length === 0) return finding;
    const marked: Finding = { ...finding };
    if (suppressions.length > 0) marked.suppressions = suppressions;
    if (expired.length > 0) marked.expiredExceptions = expired;
    return marked;
  });
}

function exceptionMatches(exception: ManifestException, finding: Finding): boolean {
  if (!matchesWildcard(exception.rule, finding.ruleId)) return false;
  if (exception.secret !== undefined && (finding.secret === undefined || !matchesWildcard(exception.secret, finding.secret))) return false;
  if (exception.principal !== undefined && (finding.principal === undefined || !matchesWildcard(exception.principal, finding.principal))) return false;
  return true;
}

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
