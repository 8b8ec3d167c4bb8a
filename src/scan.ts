import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from './model/inventory.js';
import type { Manifest } from './model/manifest.js';
import type { Report } from './model/report.js';
import { batchLoaders, fileLoaders } from './load/files/file-loaders.js';
import { loadFiles } from './load/files/load-files.js';
import { emptyManifest, loadManifestFile } from './load/manifest/load-manifest.js';
import { packagePath } from './package-root.js';
import { normalizeInventory } from './normalize/normalize-inventory.js';
import { buildAccessGraph, type AccessGraph } from './graph/build-graph.js';
import { runRules } from './rules/run-rules.js';
import { buildReport } from './report/build-report.js';
import { UsageError } from './usage-error.js';

export interface ScanOptions {
  /** Files or directories to read (default: the working directory). */
  paths?: string[];
  /** Manifest file; default: `secret-scan.yaml` in the first directory of `paths` that has one. */
  manifest?: string;
  /** Follow pass-role escalation (SPEC §3.3); default true. */
  escalation?: boolean;
  /** Paths in the report are relative to this directory; default: the working directory. */
  cwd?: string;
  /** Called after each stage with its wall time in milliseconds (benchmarks, progress). */
  onStage?: (stage: 'manifest' | 'load' | 'normalize' | 'graph' | 'rules' | 'report', ms: number) => void;
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
  let last = performance.now();
  const stage = <T>(name: Parameters<NonNullable<ScanOptions['onStage']>>[0], value: T): T => {
    const now = performance.now();
    options.onStage?.(name, now - last);
    last = now;
    return value;
  };
  const manifestFile = options.manifest ? (options.manifest.startsWith('/') ? options.manifest : join(cwd, options.manifest)) : findManifest(paths);
  const manifest = stage('manifest', manifestFile ? loadManifestFile(manifestFile, relativeTo(cwd, manifestFile)) : emptyManifest());
  const context = { region: manifest.region, ...(manifest.defaultAccount ? { defaultAccount: manifest.defaultAccount } : {}) };

  const loaded = stage('load', loadFiles(paths, fileLoaders, context, cwd, batchLoaders));
  const inventory = stage('normalize', normalizeInventory(loaded.fragments, loaded.loaded, loaded.issues));
  const graph = stage('graph', buildAccessGraph(inventory, manifest, { escalation: options.escalation ?? true }));
  const ruled = stage('rules', runRules(inventory, manifest, graph));
  const report = stage('report', buildReport({ toolVersion: toolVersion(), inventory, skipped: loaded.skipped, graphIssues: graph.issues, ruled }));
  return { report, inventory, manifest, graph };
}

let version: string | undefined;
/** The package version, from package.json. */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return version;
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
