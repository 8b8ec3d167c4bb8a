import { copyFileSync, existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Report } from '../../model/report.js';
import { compareReports } from '../../diff/compare-reports.js';
import { scanDetailed, toolVersion, type ScanOptions } from '../../api/scan.js';
import { UsageError } from '../../usage-error.js';
import { checkoutBase } from './git-worktree.js';
import type { DiffOptions } from './parse-diff-arguments.js';

/**
 * Scans the working tree and the merge base of `options.base` with the same paths and the same
 * manifest (the working tree's, copied over the base's so that owners and exceptions are the same
 * on both sides and every source path reads the same), and returns the head report with its `diff`.
 */
export async function scanDiff(options: DiffOptions, cwd: string, scanOptions: Omit<ScanOptions, 'paths' | 'manifest' | 'cwd'> = {}): Promise<Report> {
  const realCwd = realpathSync(cwd);
  const headPaths = (options.paths.length > 0 ? options.paths : ['.']).map((path) => resolve(realCwd, path));
  const head = await scanDetailed({ ...scanOptions, paths: headPaths, ...(options.manifest !== undefined ? { manifest: options.manifest } : {}), cwd: realCwd });
  const checkout = checkoutBase(options.base, realCwd);
  try {
    const inRepo = (path: string): string | undefined => {
      const rel = relative(checkout.topLevel, existsSync(path) ? realpathSync(path) : path);
      return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel;
    };
    const cwdRel = inRepo(realCwd);
    const baseCwd = cwdRel !== undefined ? join(checkout.dir, cwdRel) : checkout.dir;
    mkdirSync(baseCwd, { recursive: true });
    const basePaths = headPaths.map((path) => {
      const rel = inRepo(path);
      if (rel === undefined) throw new UsageError(`diff: ${path} is outside the git repository ${checkout.topLevel}`);
      return join(checkout.dir, rel);
    }).filter((path) => existsSync(path));
    let manifest: string | undefined;
    if (head.manifest.file !== undefined) {
      const headManifest = resolve(realCwd, head.manifest.file);
      const rel = inRepo(headManifest);
      if (rel === undefined) manifest = headManifest;
      else {
        manifest = join(checkout.dir, rel);
        mkdirSync(dirname(manifest), { recursive: true });
        copyFileSync(headManifest, manifest);
      }
    }
    // A variables file the change adds is not there at the base: the base is scanned without it.
    const baseVarFiles = scanOptions.varFiles?.filter((path) => existsSync(resolve(baseCwd, path)));
    const base: Report = basePaths.length > 0
      ? (await scanDetailed({ ...scanOptions, ...(baseVarFiles ? { varFiles: baseVarFiles } : {}), paths: basePaths, ...(manifest !== undefined ? { manifest } : {}), cwd: baseCwd })).report
      : { tool: { name: 'secret-scan', version: toolVersion() }, secrets: [], findings: [], coverage: { loaded: [], skipped: [] } };
    const info = { ref: options.base, commit: checkout.commit, ...(checkout.note !== undefined ? { note: checkout.note } : {}) };
    return compareReports(base, head.report, info).report;
  } finally {
    checkout.remove();
  }
}
