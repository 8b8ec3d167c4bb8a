import { gzipSync } from 'node:zlib';
import type { ArtifactLocation, Log, Notification, Result, Run } from 'sarif';

/** The uriBaseId of files outside the working directory: their deepest common folder. */
export const SCANROOT = 'SCANROOT';
/** GitHub code scanning accepts at most this many results per run. */
export const GITHUB_MAX_RESULTS = 25_000;
/** GitHub code scanning rejects uploads larger than this, gzip-compressed. */
export const GITHUB_MAX_GZIP_BYTES = 10 * 1024 * 1024;

export interface GitHubSarifOptions {
  /** `runAutomationDetails.id` is `category/`: lets several analyses of one commit coexist. */
  category?: string;
  maxResults?: number;
  maxGzipBytes?: number;
}

const LEVEL_RANK: Record<string, number> = { error: 0, warning: 1, note: 2, none: 3 };

/**
 * Makes a SARIF log fit for `github/codeql-action/upload-sarif`, in place:
 * - every `file://` URI (a file outside the working directory) becomes a relative URI against
 *   `SCANROOT`, the deepest folder holding all of them, declared in `originalUriBaseIds`;
 * - the category goes into `automationDetails`;
 * - past GitHub's limits (25,000 results; 10 MB gzipped), code flows are dropped first, then the
 *   least severe results, and a notification in `invocations` says what was left out — a smaller
 *   upload instead of a rejected one.
 * Returns the notes it added (empty when nothing was cut).
 */
export function prepareSarifForGitHub(log: Log, options: GitHubSarifOptions = {}): string[] {
  const notes: string[] = [];
  for (const run of log.runs) {
    relativizeFileUris(run);
    if (options.category !== undefined && options.category !== '') run.automationDetails = { id: `${options.category.replace(/\/+$/, '')}/` };
    notes.push(...fitLimits(log, run, options.maxResults ?? GITHUB_MAX_RESULTS, options.maxGzipBytes ?? GITHUB_MAX_GZIP_BYTES));
  }
  return notes;
}

function relativizeFileUris(run: Run): void {
  const locations: ArtifactLocation[] = [];
  collectArtifactLocations(run.results ?? [], locations);
  const absolute = locations.filter((location) => location.uri?.startsWith('file://') === true);
  if (absolute.length === 0) return;
  const paths = absolute.map((location) => decodeURI((location.uri ?? '').slice('file://'.length)));
  const root = commonFolder(paths);
  absolute.forEach((location, index) => {
    location.uri = (paths[index] ?? '').slice(root.length).split('/').map(encodeURIComponent).join('/');
    location.uriBaseId = SCANROOT;
  });
  run.originalUriBaseIds = {
    ...run.originalUriBaseIds,
    [SCANROOT]: { uri: `file://${root.split('/').map(encodeURIComponent).join('/')}`, description: { text: 'Scanned files outside the working directory: their deepest common folder.' } },
  };
}

/** Every artifactLocation object under results (locations, codeFlows, suppressions, related locations). */
function collectArtifactLocations(value: unknown, into: ArtifactLocation[]): void {
  if (Array.isArray(value)) { for (const item of value) collectArtifactLocations(item, into); return; }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'artifactLocation' && child !== null && typeof child === 'object') into.push(child as ArtifactLocation);
    else collectArtifactLocations(child, into);
  }
}

/** The deepest folder (ending in `/`) that holds every path. */
function commonFolder(paths: readonly string[]): string {
  let prefix = (paths[0] ?? '/').split('/').slice(0, -1);
  for (const path of paths.slice(1)) {
    const parts = path.split('/');
    let i = 0;
    while (i < prefix.length && prefix[i] === parts[i]) i += 1;
    prefix = prefix.slice(0, i);
  }
  return `${prefix.join('/')}/`;
}

function fitLimits(log: Log, run: Run, maxResults: number, maxGzipBytes: number): string[] {
  const notes: string[] = [];
  const results = run.results ?? [];
  if (results.length > maxResults) {
    const kept = [...results].sort((a, b) => rank(a) - rank(b)).slice(0, maxResults);
    notes.push(`${results.length - maxResults} of ${results.length} results left out (GitHub accepts ${maxResults} per run); the least severe went first. The JSON report has them all.`);
    const keep = new Set(kept);
    run.results = results.filter((result) => keep.has(result));
  }
  const size = (): number => gzipSync(JSON.stringify(log)).length;
  if (size() > maxGzipBytes) {
    for (const result of run.results ?? []) delete result.codeFlows;
    notes.push(`code flows left out: the SARIF file was over GitHub's ${Math.round(maxGzipBytes / 1024 / 1024)} MB gzipped limit. The JSON report has every chain.`);
  }
  let dropped = 0;
  while ((run.results ?? []).length > 0 && size() > maxGzipBytes) {
    const all = run.results ?? [];
    const cut = Math.max(1, Math.ceil(all.length / 10));
    const sorted = [...all].sort((a, b) => rank(a) - rank(b));
    const keep = new Set(sorted.slice(0, all.length - cut));
    run.results = all.filter((result) => keep.has(result));
    dropped += cut;
  }
  if (dropped > 0) notes.push(`${dropped} more results left out to stay under GitHub's ${Math.round(maxGzipBytes / 1024 / 1024)} MB gzipped limit; the least severe went first.`);
  if (notes.length > 0) {
    const notifications: Notification[] = notes.map((text) => ({ level: 'warning', message: { text } }));
    run.invocations = [{ executionSuccessful: true, toolExecutionNotifications: notifications }];
  }
  return notes;
}

function rank(result: Result): number {
  return LEVEL_RANK[result.level ?? 'warning'] ?? 1;
}
