import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

const MANIFEST_NAMES = ['secret-scan.yaml', 'secret-scan.yml'];

/** One manifest the scan found, and whether it was used (report `coverage.manifests`, one stderr line each). */
export interface ManifestUse {
  /** Relative to the working directory when below it, else absolute; `/` separators. */
  file: string;
  used: boolean;
  /** Why it was used (`--manifest`, `for infra`, `from the working directory`) or why not. */
  why: string;
}

/** Which manifest a scan uses, and what the user should be told about the others. */
export interface ManifestChoice {
  /** Absolute path of the manifest used, if any. */
  file?: string;
  /** The manifest used (first) and every one found beside another scanned path but not used. */
  manifests: ManifestUse[];
}

/**
 * Looks the manifest up as people expect (README "The manifest"): for each scanned path in order,
 * beside a file scanned alone or in a scanned directory, then its parents up to the repository
 * root (the folder holding `.git`); then the working directory. The first found is used. Manifests
 * of other scanned paths and of subdirectories are never merged: each is named as not used, so
 * none is ignored silently.
 */
export function chooseManifest(paths: readonly string[], cwd: string): ManifestChoice {
  const show = (file: string): string => showPath(file, cwd);
  const perPath = paths.map((path) => ({ path, file: lookUpFrom(isDirectory(path) ? path : dirname(path)) }));
  const found = perPath.find((p) => p.file !== undefined);
  const file = found?.file ?? manifestIn(cwd);
  const manifests: ManifestUse[] = [];
  if (file !== undefined) manifests.push({ file: show(file), used: true, why: found ? `for ${show(found.path) || '.'}` : 'from the working directory' });
  const unused = new Set<string>();
  for (const p of perPath) if (p.file !== undefined && p.file !== file) unused.add(p.file);
  manifests.push(...unusedManifests([...unused], file, cwd));
  return { ...(file !== undefined ? { file } : {}), manifests };
}

/** One entry per manifest found (beside another scanned path, or in a scanned subdirectory) but not used. */
export function unusedManifests(found: readonly string[], used: string | undefined, cwd: string): ManifestUse[] {
  return [...new Set(found)].filter((f) => f !== used).sort().map((other) => ({
    file: showPath(other, cwd),
    used: false,
    why: `one manifest applies to a whole scan${used ? ` (${showPath(used, cwd)})` : ''}; scan its directory on its own or pass --manifest`,
  }));
}

/** The stderr line for a manifest found: `manifest: FILE (why)` or `manifest FILE not used: why`. */
export function manifestNote(use: ManifestUse): string {
  return use.used ? `manifest: ${use.file} (${use.why})` : `manifest ${use.file} not used: ${use.why}`;
}

function showPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return (rel === '' || rel.startsWith('..') ? file : rel).split(sep).join('/');
}

/** The manifest in `dir` or the nearest parent up to (and including) the repository root. */
function lookUpFrom(dir: string): string | undefined {
  // Outside a repository only the directory itself counts: a manifest in /tmp is nobody's.
  const root = repositoryRoot(dir);
  if (root === undefined) return manifestIn(dir);
  for (let current = dir; ; current = dirname(current)) {
    const here = manifestIn(current);
    if (here) return here;
    if (current === root || dirname(current) === current) return undefined;
  }
}

function manifestIn(dir: string): string | undefined {
  for (const name of MANIFEST_NAMES) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The repository root above `path` (the folder holding `.git`), or undefined outside a repository. */
export function repositoryRoot(path: string): string | undefined {
  for (let current = isDirectory(path) ? path : dirname(path); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}
