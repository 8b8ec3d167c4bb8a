import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from './model/inventory.js';
import type { Manifest } from './model/manifest.js';
import type { Finding, Report, SecretReport } from './model/report.js';
import { batchLoaders, fileLoaders } from './load/files/file-loaders.js';
import { loadFiles } from './load/files/load-files.js';
import type { LoadContext, TextFile } from './load/files/file-loader.js';
import { resolveScanIdentity, type ScanIdentity } from './load/identity/account-identity.js';
import { buildSkip } from './load/files/skip-paths.js';
import { emptyManifest, loadManifestFile } from './load/manifest/load-manifest.js';
import { packagePath } from './package-root.js';
import { normalizeInventory } from './normalize/normalize-inventory.js';
import { buildAccessGraph, type AccessGraph } from './graph/build-graph.js';
import { runRules } from './rules/run-rules.js';
import { fingerprintFinding } from './report/fingerprint.js';
import { UsageError } from './usage-error.js';
import { readInlineIgnores } from './load/files/read-inline-ignores.js';
import { applySuppressions, todayUtc } from './suppress/apply-suppressions.js';
import { checkPolicies } from './rules/policies/check-policies.js';

export interface ScanOptions {
  /** Files or directories to read (default: the working directory). */
  paths?: string[];
  /** Manifest file; default: `secret-scan.yaml` in the first directory of `paths` that has one. */
  manifest?: string;
  /** Follow pass-role escalation (SPEC §3.3); default true. */
  escalation?: boolean;
  /** Paths in the report are relative to this directory; default: the working directory. */
  cwd?: string;
  /** The date manifest exceptions expire against (YYYY-MM-DD); default: today in UTC. */
  today?: string;
  /** Globs of files and folders not to read below the given paths (`--exclude`). */
  exclude?: string[];
  /** Skip what git ignores below the given paths; default true. */
  respectGitignore?: boolean;
}

/** Everything one scan found, for callers that need more than the report (e.g. `explain`). */
export interface ScanResult {
  report: Report;
  inventory: Inventory;
  manifest: Manifest;
  graph: AccessGraph;
}

/** Scans infrastructure files and answers, for every secret, who can read it (SPEC §7 report). */
export async function scan(options: ScanOptions = {}): Promise<Report> {
  return (await scanDetailed(options)).report;
}

/**
 * The whole pipeline: load → normalize → graph → rules → report. Throws `UsageError` for bad
 * options or an invalid manifest; every problem with the input itself ends up in the report.
 */
export async function scanDetailed(options: ScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const paths = (options.paths && options.paths.length > 0 ? options.paths : ['.']).map((p) => (p.startsWith('/') ? p : join(cwd, p)));
  for (const path of paths) if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
  const manifestFile = options.manifest ? (options.manifest.startsWith('/') ? options.manifest : join(cwd, options.manifest)) : findManifest(paths);
  const declared = manifestFile ? loadManifestFile(manifestFile, relativeTo(cwd, manifestFile)) : emptyManifest();
  let identity: ScanIdentity | undefined;
  // Known identities first (SPEC §10): the manifest, else the one account the dumps name; where
  // neither says, loaders of infrastructure code stand in the symbolic account themselves.
  const resolveContext = (files: readonly TextFile[]): LoadContext => {
    identity = resolveScanIdentity(declared, files);
    return { region: identity.region, ...(identity.accountFrom !== 'symbolic' ? { defaultAccount: identity.account } : {}) };
  };

  const skip = buildSkip(paths, cwd, options.exclude ?? [], options.respectGitignore ?? true);
  const loaded = loadFiles(paths, fileLoaders, resolveContext, cwd, batchLoaders, skip);
  const scanIdentity = identity ?? resolveScanIdentity(declared, []);
  const manifest: Manifest = scanIdentity.accountFrom === 'inputs' || scanIdentity.regionFrom === 'inputs'
    ? { ...declared, region: scanIdentity.region, ...(scanIdentity.accountFrom === 'inputs' ? { defaultAccount: scanIdentity.account } : {}) }
    : declared;
  const inventory = normalizeInventory(loaded.fragments, loaded.loaded, loaded.issues);
  const graph = buildAccessGraph(inventory, manifest, { escalation: options.escalation ?? true });
  const ruled = runRules(inventory, manifest, graph);

  const secrets: SecretReport[] = ruled.answers.map(({ target, readers, status }) => {
    const secret: SecretReport = { id: target.id, kind: target.kind, resource: target.resource, owners: target.owners, readers, status, origin: target.origin };
    if (target.notes.length > 0) secret.notes = target.notes;
    return secret;
  });
  const fingerprinted: Finding[] = [...ruled.findings, ...checkPolicies(ruled.answers, manifest, inventory)].map((finding) => ({ ...finding, fingerprint: fingerprintFinding(finding) }));
  const findings = applySuppressions(fingerprinted, manifest.exceptions ?? [], readInlineIgnores(fingerprinted, cwd), options.today ?? todayUtc());
  const issues = [...inventory.issues, ...graph.issues];
  const skipped: Report['coverage']['skipped'] = [
    ...loaded.skipped,
    ...issues.map((issue) => ({ file: issue.source.file, ...(issue.source.line ? { line: issue.source.line } : {}), reason: `${issue.code}: ${issue.message}` })),
  ].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  const report: Report = {
    tool: { name: 'secret-scan', version: toolVersion() },
    secrets,
    findings,
    coverage: {
      loaded: inventory.loaded,
      skipped,
      identity: scanIdentity,
      ...irrelevantByType(inventory),
    },
  };
  if (manifest.policies !== undefined) report.policies = manifest.policies.map(({ id, level, message, help, source }) => ({ id, level, message, ...(help !== undefined ? { help } : {}), source }));
  return { report, inventory, manifest, graph };
}

let version: string | undefined;
/** The package version, from package.json. */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** `coverage.irrelevant`: how many resources of each type were seen and set aside (absent when none). */
function irrelevantByType(inventory: Inventory): Pick<Report['coverage'], 'irrelevant'> {
  const counts = new Map<string, number>();
  for (const resource of inventory.irrelevantResources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  if (counts.size === 0) return {};
  return { irrelevant: [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([type, count]) => ({ type, count })) };
}

function findManifest(paths: string[]): string | undefined {
  for (const path of paths) {
    if (!statSync(path).isDirectory()) continue;
    for (const name of ['secret-scan.yaml', 'secret-scan.yml']) if (existsSync(join(path, name))) return join(path, name);
  }
  return undefined;
}

function relativeTo(cwd: string, file: string): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}
