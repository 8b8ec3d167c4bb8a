import type { SourceRef } from '../model/source.js';
import type { Finding } from '../model/report.js';

/** The file a SARIF result falls back to when nothing else points at a file (the manifest, README "The manifest"). */
export const MANIFEST_FALLBACK_FILE = 'secret-scan.yaml';

/**
 * True for sources that are not files of the scan: live-mode sources (`aws:…`, `vault:…`) name an
 * API, and the tool's own stand-ins (`secret-scan:…`: shipped AWS managed policies, unknown
 * identities, unresolved policies) name what the tool assumed.
 */
export function isLogicalSource(ref: SourceRef): boolean {
  return ref.file.startsWith('aws:') || ref.file.startsWith('vault:') || ref.file.startsWith('secret-scan:');
}

/** Renders `file:line:column` (line and column only when known); for people, not machines. */
export function formatSourceRef(ref: SourceRef): string {
  let text = ref.file;
  if (ref.line !== undefined) text += `:${ref.line}`;
  if (ref.line !== undefined && ref.column !== undefined) text += `:${ref.column}`;
  if (isLogicalSource(ref) && ref.pointer !== undefined) text += ` (${ref.pointer})`;
  return text;
}

/**
 * The first place in the finding's own locations, then in its chain, that is a real file.
 * Returns undefined when the finding touches only live sources (or nothing at all).
 */
export function firstFileLocation(finding: Pick<Finding, 'locations' | 'chain'>): SourceRef | undefined {
  const candidates = [...finding.locations, ...(finding.chain ?? []).flatMap((step) => (step.source ? [step.source] : []))];
  return candidates.find((ref) => !isLogicalSource(ref));
}
