import type { Inventory } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import type { Manifest } from '../model/manifest.js';
import type { Coverage, Finding, Report, SecretReport } from '../model/report.js';
import type { JudgedAnswer } from '../graph/judge-answers.js';
import type { UnfingerprintedFinding } from '../rules/define-rule.js';
import { applySuppressions, type InlineIgnoreIndex } from '../suppress/apply-suppressions.js';
import { fingerprintFinding } from './fingerprint.js';

/** What one scan hands to the report: the judged answers, the findings, and what was read and how. */
export interface ReportParts {
  version: string;
  answers: readonly JudgedAnswer[];
  /** The built-in rules' findings, then the team policies'. */
  findings: readonly UnfingerprintedFinding[];
  inventory: Inventory;
  /** What the graph could not decide, besides the inventory's own issues. */
  graphIssues: readonly Issue[];
  /** Files no loader read, and why. */
  skipped: Coverage['skipped'];
  identity: NonNullable<Coverage['identity']>;
  /** Every manifest found, and whether (and why) it was used. */
  manifests?: Coverage['manifests'];
  manifest: Pick<Manifest, 'exceptions' | 'policies'>;
  /** A finding's file as named from the repository root, so fingerprints match from any directory. */
  rebase: (file: string) => string;
  /** The inline `secret-scan:ignore` comments at the findings' places (reading them is I/O: the caller's). */
  inlineIgnores: (findings: readonly Finding[]) => InlineIgnoreIndex;
  /** The date manifest exceptions expire against (YYYY-MM-DD). */
  today: string;
}

/**
 * Builds the report (README "Reports", `schemas/report.schema.json`) — the one place its object
 * is assembled: each secret with its readers and their roles, the findings fingerprinted and
 * marked with the suppressions that cover them, the issues as `coverage.skipped` (sorted by
 * place), the team policies checked. Pure but for `inlineIgnores`.
 */
export function buildReport(parts: ReportParts): Report {
  // Tens of thousands of findings name a few hundred files: each is rebased once.
  const rebased = new Map<string, string>();
  const rebase = (file: string): string => {
    let path = rebased.get(file);
    if (path === undefined) rebased.set(file, (path = parts.rebase(file)));
    return path;
  };
  const fingerprinted: Finding[] = parts.findings.map((finding) => withFingerprint(finding, fingerprintFinding(finding, rebase)));
  const findings = applySuppressions(fingerprinted, parts.manifest.exceptions ?? [], parts.inlineIgnores(fingerprinted), parts.today);
  const issues = [...parts.inventory.issues, ...parts.graphIssues];
  const skipped: Coverage['skipped'] = [
    ...parts.skipped,
    ...issues.map((issue) => ({ file: issue.source.file, ...(issue.source.line ? { line: issue.source.line } : {}), reason: `${issue.code}: ${issue.message}` })),
  ].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  const report: Report = {
    tool: { name: 'secret-scan', version: parts.version },
    secrets: parts.answers.map(secretReport),
    findings,
    coverage: { loaded: parts.inventory.loaded, skipped, identity: parts.identity, ...(parts.manifests && parts.manifests.length > 0 ? { manifests: parts.manifests } : {}), ...irrelevantByType(parts.inventory) },
  };
  const policies = parts.manifest.policies;
  if (policies !== undefined) report.policies = policies.map(({ id, level, message, help, source }) => ({ id, level, message, ...(help !== undefined ? { help } : {}), source }));
  return report;
}

/**
 * The finding with its fingerprint, fields in the report's key order, absent ones left out. Not
 * `{ ...finding, fingerprint }`: V8 gives each object made so a hidden class of its own, tens of
 * thousands of them in an organisation's report (graph/access.ts `placeStep`).
 */
function withFingerprint(finding: UnfingerprintedFinding, fingerprint: string): Finding {
  const out: Record<string, unknown> = {};
  for (const key of FINDING_FIELDS) {
    const value = key === 'fingerprint' ? fingerprint : finding[key];
    if (value !== undefined) out[key] = value;
  }
  return out as unknown as Finding;
}

/** Every field of a finding, in the report's key order (report/json.ts). */
const FINDING_FIELDS = ['principal', 'ruleId', 'level', 'secret', 'message', 'locations', 'properties', 'chain', 'fingerprint', 'baselineState', 'suppressions', 'expiredExceptions'] as const;
// A field added to `Finding` and not listed above fails to compile here, instead of going missing.
const findingFieldsComplete: Exclude<keyof Finding, (typeof FINDING_FIELDS)[number]> extends never ? true : never = true;
void findingFieldsComplete;

function secretReport({ target, readers, status }: JudgedAnswer): SecretReport {
  // Fields in the report's key order (report/json.ts writes such objects without copying them).
  const secret: SecretReport = { id: target.id, kind: target.kind, resource: target.resource, origin: target.origin, owners: target.owners, readers, status };
  if (target.notes.length > 0) secret.notes = target.notes;
  return secret;
}

/** `coverage.irrelevant`: how many resources of each type were seen and set aside (absent when none). */
function irrelevantByType(inventory: Inventory): Pick<Coverage, 'irrelevant'> {
  const counts = new Map<string, number>();
  for (const resource of inventory.irrelevantResources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  if (counts.size === 0) return {};
  return { irrelevant: [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([type, count]) => ({ type, count })) };
}
