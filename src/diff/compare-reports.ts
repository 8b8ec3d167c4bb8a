import type { AddedReader, ChangedReader, FixedFinding, ReportDiff, SecretDiff } from '../model/diff.js';
import type { ChainStep, Finding, Report, SecretReader, SecretReport } from '../model/report.js';

/**
 * Compares the report of a base commit with the report of the working tree, secret by secret
 * (keyed by secret id) and reader by reader (keyed by principal). Guarantees:
 * - a reader is `changed` only when its chain's edges, principals or conditionality differ, never
 *   when only the file lines of the grants moved (those are not compared);
 * - findings are split by fingerprint (which leaves lines out), so moved lines make nothing new;
 * - the head's findings come back marked `baselineState`, in their order; everything is sorted.
 * Pure.
 */
export function compareReports(base: Report, head: Report, baseInfo: ReportDiff['base']): { report: Report; diff: ReportDiff } {
  const baseById = new Map(base.secrets.map((secret) => [secret.id, secret]));
  const headById = new Map(head.secrets.map((secret) => [secret.id, secret]));
  const secrets: SecretDiff[] = [];
  for (const id of [...new Set([...baseById.keys(), ...headById.keys()])].sort()) {
    const change = compareSecret(baseById.get(id), headById.get(id));
    if (change !== undefined) secrets.push(change);
  }

  const baseFingerprints = new Set(base.findings.map((finding) => finding.fingerprint));
  const headFingerprints = new Set(head.findings.map((finding) => finding.fingerprint));
  const findings: Finding[] = head.findings.map((finding) => ({ ...finding, baselineState: baseFingerprints.has(finding.fingerprint) ? 'unchanged' : 'new' }));
  const fresh = findings.filter((finding) => finding.baselineState === 'new' && !isSuppressed(finding));
  const existing = findings.filter((finding) => finding.baselineState === 'unchanged' && !isSuppressed(finding));
  const fixed: FixedFinding[] = base.findings.filter((finding) => !headFingerprints.has(finding.fingerprint) && !isSuppressed(finding)).map(toFixed);

  const diff: ReportDiff = {
    base: baseInfo,
    summary: {
      secretsAdded: secrets.filter((s) => s.change === 'added').length,
      secretsRemoved: secrets.filter((s) => s.change === 'removed').length,
      secretsChanged: secrets.filter((s) => s.change === 'changed').length,
      readersAdded: sum(secrets, (s) => s.readersAdded.length),
      readersRemoved: sum(secrets, (s) => s.readersRemoved.length),
      readersChanged: sum(secrets, (s) => s.readersChanged.length),
      newFindings: fresh.length,
      existingFindings: existing.length,
      fixedFindings: fixed.length,
    },
    secrets,
    findings: { new: fresh.map((f) => f.fingerprint), existing: existing.map((f) => f.fingerprint), fixed },
  };
  return { report: { ...head, findings, diff }, diff };
}

/** The findings that count in a diff run: new ones not covered by an exception. */
export function newFindings(report: Report): Finding[] {
  return report.findings.filter((finding) => finding.baselineState === 'new' && !isSuppressed(finding));
}

function isSuppressed(finding: Finding): boolean {
  return (finding.suppressions ?? []).length > 0;
}

function compareSecret(before: SecretReport | undefined, after: SecretReport | undefined): SecretDiff | undefined {
  const current = after ?? before;
  if (current === undefined) return undefined;
  const beforeReaders = new Map((before?.readers ?? []).map((reader) => [reader.principal, reader]));
  const afterReaders = new Map((after?.readers ?? []).map((reader) => [reader.principal, reader]));
  const readersAdded: AddedReader[] = [...afterReaders.values()].filter((r) => !beforeReaders.has(r.principal)).map((r) => ({ ...r, unintended: r.role === 'unintended' }));
  const readersRemoved: SecretReader[] = [...beforeReaders.values()].filter((r) => !afterReaders.has(r.principal));
  const readersChanged: ChangedReader[] = [];
  for (const [principal, now] of afterReaders) {
    const was = beforeReaders.get(principal);
    if (was === undefined) continue;
    const changed: ChangedReader['changed'] = [];
    if (chainKey(was.via) !== chainKey(now.via)) changed.push('chain');
    if (was.conditional !== now.conditional) changed.push('conditional');
    if (changed.length > 0) {
      readersChanged.push({ principal, changed, before: { conditional: was.conditional, via: was.via }, after: { conditional: now.conditional, via: now.via }, unintended: now.role === 'unintended' });
    }
  }
  const byPrincipal = (a: { principal: string }, b: { principal: string }): number => compare(a.principal, b.principal);
  const entry: SecretDiff = {
    id: current.id,
    kind: current.kind,
    resource: current.resource,
    change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
    readersAdded: readersAdded.sort(byPrincipal),
    readersRemoved: readersRemoved.sort(byPrincipal),
    readersChanged: readersChanged.sort(byPrincipal),
  };
  if (after !== undefined) entry.status = after.status;
  if (before !== undefined) entry.statusBefore = before.status;
  if (before !== undefined && after !== undefined && before.resource !== after.resource) entry.resourceBefore = before.resource;
  const unchanged = entry.change === 'changed' && readersAdded.length === 0 && readersRemoved.length === 0 && readersChanged.length === 0
    && entry.resourceBefore === undefined && entry.status === entry.statusBefore;
  return unchanged ? undefined : entry;
}

/**
 * A chain's identity without its file positions, prose or conditionality (reported apart as
 * `conditional`): moved lines are no change.
 */
function chainKey(via: readonly ChainStep[]): string {
  return via.map((step) => [step.edge, step.from, step.to].join('\u0001')).join('\u0000');
}

function toFixed(finding: Finding): FixedFinding {
  const fixed: FixedFinding = { ruleId: finding.ruleId, level: finding.level, message: finding.message, fingerprint: finding.fingerprint };
  if (finding.secret !== undefined) fixed.secret = finding.secret;
  if (finding.principal !== undefined) fixed.principal = finding.principal;
  return fixed;
}

function sum<T>(items: readonly T[], count: (item: T) => number): number {
  return items.reduce((total, item) => total + count(item), 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
