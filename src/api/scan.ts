import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Inventory } from '../model/inventory.js';
import type { Manifest } from '../model/manifest.js';
import type { Report } from '../model/report.js';
import { batchLoaders, fileLoaders } from '../load/files/file-loaders.js';
import { displayPath, loadFiles, type FilesLoadResult } from '../load/files/load-files.js';
import type { LoadContext, TextFile } from '../load/files/file-loader.js';
import { regionOfInventory, resolveScanIdentity, type ScanIdentity } from '../load/identity/account-identity.js';
import { initHclParser } from '../load/files/hcl/parse-hcl.js';
import { buildSkip } from '../load/files/skip-paths.js';
import type { LiveCollection, LiveOptions } from '../load/live/load-live.js';
import { buildSnapshot, readSnapshot } from '../load/live/snapshot.js';
import { mergeInventories } from '../normalize/merge-inventories.js';
import { detectSecretMaterial } from '../graph/secret-material.js';
import { emptyManifest, loadManifestFile } from '../load/manifest/load-manifest.js';
import { chooseManifest, manifestNote, repositoryRoot, unusedManifests, type ManifestChoice } from '../load/manifest/find-manifest.js';
import { packagePath } from '../package-root.js';
import { normalizeInventory } from '../normalize/normalize-inventory.js';
import { buildAccessGraph, type AccessGraph } from '../graph/build-graph.js';
import { unreadableStatements } from '../graph/unreadable-statements.js';
import { judgeAnswers } from '../graph/judge-answers.js';
import { runRules } from '../rules/run-rules.js';
import { buildReport } from '../report/build-report.js';
import { UsageError } from '../usage-error.js';
import { readInlineIgnores } from '../load/files/read-inline-ignores.js';
import { todayUtc } from '../suppress/apply-suppressions.js';
import { checkPolicies } from '../rules/policies/check-policies.js';

export interface ScanOptions {
  /** Files or directories to read (default: the working directory). */
  paths?: string[];
  /** Manifest file; default: `secret-scan.yaml` in the first directory of `paths` that has one. */
  manifest?: string;
  /** Follow pass-role escalation (docs/semantics.md#pass-role); default true. */
  escalation?: boolean;
  /** Paths in the report are relative to this directory; default: the working directory. */
  cwd?: string;
  /** Called after each stage with its wall time in milliseconds (benchmarks, progress). */
  onStage?: (stage: 'manifest' | 'load' | 'normalize' | 'graph' | 'rules' | 'report', ms: number) => void;
  /** The date manifest exceptions expire against (YYYY-MM-DD); default: today in UTC. */
  today?: string;
  /**
   * Terraform variable definitions files to apply as `terraform plan -var-file` does (`--var-file`),
   * after `terraform.tfvars` and `*.auto.tfvars`, later ones winning: one in a root module's directory
   * is that root's, one elsewhere every root's. Relative to `cwd`.
   */
  varFiles?: string[];
  /** Environment variables Terragrunt's `get_env()` reads (`--terragrunt-env`); never the scanning process's own. */
  terragruntEnv?: Readonly<Record<string, string>>;
  /** Globs of files and folders not to read below the given paths (`--exclude`). */
  exclude?: string[];
  /** Skip what git ignores below the given paths; default true. */
  respectGitignore?: boolean;
  /** Read live AWS and/or Vault (docs/live-mode.md). With live inputs or snapshots and no `paths`, no files are scanned. */
  live?: LiveOptions;
  /** Snapshots written by `snapshotOut` to scan offline; several merge into one analysis. */
  snapshots?: string[];
  /** Write what the live read collected here (no values). */
  snapshotOut?: string;
}

/** Everything one scan found, for callers that need more than the report (e.g. `explain`). */
export interface ScanResult {
  report: Report;
  inventory: Inventory;
  manifest: Manifest;
  graph: AccessGraph;
  /** Which manifest was used and which found ones were not (one line each, for stderr). */
  notes: string[];
  /** Set when nothing could be scanned (README "Usage" exit code 3): why, naming the paths or files. */
  nothingScanned?: string;
}

/** Scans infrastructure files and answers, for every secret, who can read it (README "Reports"). */
export async function scan(options: ScanOptions = {}): Promise<Report> {
  return (await scanDetailed(options)).report;
}

/**
 * The whole pipeline: load → normalize → graph → rules → report. Throws `UsageError` for bad
 * options or an invalid manifest; every problem with the input itself ends up in the report.
 */
export async function scanDetailed(options: ScanOptions = {}): Promise<ScanResult> {
  await initHclParser();
  const cwd = options.cwd ?? process.cwd();
  const readsLive = options.live?.aws !== undefined || options.live?.vault !== undefined;
  const snapshots = (options.snapshots ?? []).map((p) => (p.startsWith('/') ? p : join(cwd, p)));
  const defaultPaths = readsLive || snapshots.length > 0 ? [] : ['.'];
  const paths = (options.paths && options.paths.length > 0 ? options.paths : defaultPaths).map((p) => (p.startsWith('/') ? p : join(cwd, p)));
  for (const path of [...paths, ...snapshots]) if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
  if (options.snapshotOut !== undefined && !readsLive) throw new UsageError('--snapshot-out saves a live read: add --aws and/or --vault');
  let last = performance.now();
  const stage = <T>(name: Parameters<NonNullable<ScanOptions['onStage']>>[0], value: T): T => {
    const now = performance.now();
    options.onStage?.(name, now - last);
    last = now;
    return value;
  };
  const choice: ManifestChoice = options.manifest
    ? { file: options.manifest.startsWith('/') ? options.manifest : join(cwd, options.manifest), manifests: [{ file: options.manifest, used: true, why: '--manifest' }] }
    : chooseManifest(paths.length > 0 ? paths : [cwd], cwd);
  const manifestFile = choice.file;
  const declared = stage('manifest', manifestFile ? loadManifestFile(manifestFile, relativeTo(cwd, manifestFile)) : emptyManifest());
  let identity: ScanIdentity | undefined;
  // Known identities first (docs/semantics.md#identities): the manifest, else the one account the dumps name; where
  // neither says, loaders of infrastructure code stand in the symbolic account themselves.
  const varFiles = readVarFiles(options.varFiles ?? [], cwd);
  const resolveContext = (files: readonly TextFile[]): LoadContext => {
    identity = resolveScanIdentity(declared, files);
    return {
      region: identity.region,
      ...(identity.accountFrom !== 'symbolic' ? { defaultAccount: identity.account } : {}),
      ...(varFiles.length > 0 ? { varFiles } : {}),
      ...(options.terragruntEnv ? { terragruntEnv: options.terragruntEnv } : {}),
    };
  };

  const skip = buildSkip(paths, cwd, options.exclude ?? [], options.respectGitignore ?? true);
  const loaded: FilesLoadResult = paths.length > 0
    ? loadFiles(paths, fileLoaders, resolveContext, cwd, batchLoaders, skip)
    : { fragments: [], loaded: [], skipped: [], issues: [], manifests: [] };
  // A --var-file no root module took (the scan holds no Terraform) is said, not passed over.
  for (const file of varFiles) {
    if (loaded.loaded.includes(file.path) || loaded.skipped.some((s) => s.file === file.path)) continue;
    loaded.skipped.push({ file: file.path, reason: 'given with --var-file, but the scan holds no Terraform root module to apply it to' });
  }
  const manifests = [...choice.manifests, ...unusedManifests(loaded.manifests, manifestFile, cwd).filter((m) => !choice.manifests.some((c) => c.file === m.file))];
  const notes = manifests.map(manifestNote);
  let scanIdentity = identity ?? resolveScanIdentity(declared, []);
  let manifest: Manifest = scanIdentity.accountFrom === 'inputs' || scanIdentity.regionFrom === 'inputs'
    ? { ...declared, region: scanIdentity.region, ...(scanIdentity.accountFrom === 'inputs' ? { defaultAccount: scanIdentity.account } : {}) }
    : declared;
  if (readsLive && options.live) {
    // Loaded on demand: the AWS SDK is large, and file scans (the pull-request path) never need it.
    const { loadLive } = await import('../load/live/load-live.js');
    const live = await loadLive(withManifestObjects(options.live, declared));
    if (options.snapshotOut !== undefined) writeSnapshotFile(options.snapshotOut.startsWith('/') ? options.snapshotOut : join(cwd, options.snapshotOut), live);
    loaded.fragments.push(...live.fragments);
    loaded.loaded.push(...live.loaded);
    loaded.issues.push(...live.issues);
  }
  for (const snapshot of snapshots) {
    const read = readSnapshot(snapshot, relativeTo(cwd, snapshot));
    loaded.fragments.push(...read.fragments);
    loaded.loaded.push(...read.loaded);
    loaded.issues.push(...read.issues);
  }
  stage('load', loaded);
  const inventory = stage('normalize', normalizeInventory(loaded.fragments, loaded.loaded, loaded.issues));
  // Known identities first: where neither the manifest nor the dumps name the region, the one region
  // the infrastructure code places its resources in is where the manifest's secrets are.
  const placed = scanIdentity.regionFrom === 'default' ? regionOfInventory(inventory) : undefined;
  if (placed && placed.region !== scanIdentity.region) {
    scanIdentity = { ...scanIdentity, region: placed.region, regionFrom: 'inputs', evidence: [...new Set([...(scanIdentity.evidence ?? []), ...placed.evidence])].sort() };
    manifest = { ...manifest, region: placed.region };
  }
  inventory.issues.push(...unreadableStatements(inventory));
  const graph = stage('graph', buildAccessGraph(inventory, manifest, { escalation: options.escalation ?? true }));
  const answers = judgeAnswers(graph.answers, manifest.trusted);
  const findings = stage('rules', [...runRules(inventory, manifest, graph, answers), ...checkPolicies(answers, manifest, inventory)]);
  // Fingerprints name files from the repository root, so a baseline matches from any directory.
  const anchor = repositoryRoot(paths[0] ?? cwd) ?? cwd;
  const report = stage('report', buildReport({
    version: toolVersion(), answers, findings, inventory, graphIssues: graph.issues, skipped: loaded.skipped, identity: scanIdentity, manifests, manifest,
    rebase: (file) => (file.includes(':') ? file : relative(anchor, isAbsolute(file) ? file : resolve(cwd, file)).split('\\').join('/')),
    inlineIgnores: (located) => readInlineIgnores(located, cwd),
    today: options.today ?? todayUtc(),
  }));
  const nothingScanned = whyNothingScanned(report, [...paths, ...snapshots].map((p) => relativeTo(cwd, p)));
  return { report, inventory, manifest, graph, notes, ...(nothingScanned ? { nothingScanned } : {}) };
}

/** The `--var-file` files, read, each named as the report names files (relative to `cwd`); one that cannot be read is a usage error. */
/**
 * The live options with the S3 objects the manifest names, declared secrets and AppRole credentials,
 * whose ACLs live mode reads (docs/semantics.md#s3-acls). A key glob names no one object to ask about.
 */
function withManifestObjects(live: LiveOptions, manifest: Manifest): LiveOptions {
  if (!live.aws) return live;
  const declared = manifest.secrets.flatMap((secret) => {
    const match = secret.kind === 's3' ? /^s3:\/\/([^/]+)\/(.+)$/.exec(secret.resource) : null;
    return match ? [{ bucket: match[1] as string, key: match[2] as string }] : [];
  });
  const credentials = manifest.credentials.flatMap(({ storedIn }) => (storedIn.kind === 's3' ? [{ bucket: storedIn.bucket, key: storedIn.key }] : []));
  const objects = [...declared, ...credentials].filter((o, i, all) => !/[*?]/.test(o.key) && all.findIndex((p) => p.bucket === o.bucket && p.key === o.key) === i);
  return objects.length > 0 ? { ...live, aws: { ...live.aws, s3Objects: objects } } : live;
}

function readVarFiles(paths: readonly string[], cwd: string): TextFile[] {
  return paths.map((path) => {
    const absolute = isAbsolute(path) ? path : resolve(cwd, path);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (error) {
      throw new UsageError(`--var-file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`}`);
    }
    return { path: displayPath(absolute, cwd), text };
  });
}

/** Saves a live collection as a snapshot (schemas/snapshot.schema.json); a file that cannot be written is a usage error. */
function writeSnapshotFile(path: string, live: LiveCollection): void {
  const { loaded: _loaded, issues: _issues, ...inventory } = mergeInventories(live.fragments, [], []);
  const snapshot = buildSnapshot(inventory, live, live.sources, toolVersion(), detectSecretMaterial);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(snapshot, null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`cannot write snapshot ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

let version: string | undefined;
/** The package version, from package.json. */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/**
 * A scan that read nothing must not pass as clean (README "Usage", exit 3): no files at all, none in a
 * recognized format, or every recognized file failed to load.
 */
function whyNothingScanned(report: Report, shownPaths: string[]): string | undefined {
  const failed = new Set(report.coverage.skipped.filter((s) => /nothing was loaded from this file/.test(s.reason)).map((s) => s.file));
  const usable = report.coverage.loaded.filter((file) => !failed.has(file));
  if (usable.length > 0) return undefined;
  const where = shownPaths.map((p) => p || '.').join(', ');
  if (report.coverage.loaded.length > 0) return `every input failed to load (${[...failed].sort().join(', ')})`;
  // Files set aside as another tool's configuration (a Terragrunt or Vault Agent file) are not inputs either.
  const unrecognized = report.coverage.skipped.filter((s) => s.reason === 'not a recognized input format' || / it grants nothing$/.test(s.reason)).map((s) => s.file);
  if (unrecognized.length > 0) return `no recognizable input in ${where} (not recognized: ${unrecognized.slice(0, 5).join(', ')}${unrecognized.length > 5 ? ', …' : ''})`;
  const unreadable = [...new Set(report.coverage.skipped.map((s) => s.file))].sort();
  if (unreadable.length > 0) return `every input failed to load (${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ', …' : ''})`;
  return `no input files in ${where}`;
}

function relativeTo(cwd: string, file: string): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}
