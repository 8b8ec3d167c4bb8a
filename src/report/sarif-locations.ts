import type { Location, LogicalLocation, PhysicalLocation } from 'sarif';
import type { Finding } from '../model/report.js';
import type { SourceRef } from '../model/source.js';
import { firstFileLocation, isLogicalSource, MANIFEST_FALLBACK_FILE } from './source-ref.js';

/** The uriBaseId every relative path is resolved against (the scan root). */
export const SRCROOT = '%SRCROOT%';

/**
 * A SARIF physical location for a file source: a relative, percent-encoded URI against
 * %SRCROOT% and a region whose startLine is at least 1 (1 when the line is unknown, since GitHub
 * rejects results without a region).
 */
export function toPhysicalLocation(ref: SourceRef): PhysicalLocation {
  const region: PhysicalLocation['region'] = { startLine: Math.max(1, ref.line ?? 1) };
  if (ref.line !== undefined && ref.column !== undefined && ref.column >= 1) region.startColumn = ref.column;
  return { artifactLocation: toArtifactLocation(ref.file), region };
}

/** A SARIF logical location for a live-mode source (`aws:…`, `vault:…`), which is not a file. */
export function toLogicalLocation(ref: SourceRef): LogicalLocation {
  const name = ref.pointer !== undefined ? `${ref.file}/${ref.pointer}` : ref.file;
  return { fullyQualifiedName: name, kind: 'resource' };
}

/** One SARIF location for a source of either kind; a file source keeps its pointer as a logical name. */
export function toLocation(ref: SourceRef): Location {
  if (isLogicalSource(ref)) return { logicalLocations: [toLogicalLocation(ref)] };
  const location: Location = { physicalLocation: toPhysicalLocation(ref) };
  if (ref.pointer !== undefined) location.logicalLocations = [{ fullyQualifiedName: ref.pointer }];
  return location;
}

/**
 * The result locations of a finding. Guarantees at least one location, and that the first one is
 * physical, as GitHub requires: live-only findings are anchored at the first file in their chain,
 * else at `secret-scan.yaml` line 1, with the live sources kept as logical locations.
 */
export function toResultLocations(finding: Pick<Finding, 'locations' | 'chain'>): Location[] {
  const files = finding.locations.filter((ref) => !isLogicalSource(ref));
  const live = finding.locations.filter(isLogicalSource);
  const locations = files.map(toLocation);
  const first = locations[0];
  if (first === undefined) {
    const anchor = firstFileLocation(finding) ?? { file: MANIFEST_FALLBACK_FILE, line: 1 };
    const location: Location = { physicalLocation: toPhysicalLocation(anchor) };
    if (live.length > 0) location.logicalLocations = live.map(toLogicalLocation);
    return [location];
  }
  if (live.length > 0) first.logicalLocations = [...(first.logicalLocations ?? []), ...live.map(toLogicalLocation)];
  return locations;
}

function toArtifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const path = file.replace(/\\/g, '/');
  // An absolute path cannot be made relative without knowing the root; keep it as a file URI.
  if (path.startsWith('/')) return { uri: `file://${encodePath(path)}` };
  return { uri: encodePath(path.replace(/^(\.\/)+/, '')), uriBaseId: SRCROOT };
}

function encodePath(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}
