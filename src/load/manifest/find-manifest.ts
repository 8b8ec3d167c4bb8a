import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

const MANIFEST_NAMES = ['secret-scan.yaml', 'secret-scan.yml'];

/** Which manifest a scan uses, and what the user should be told about the others. */
export interface ManifestChoice {
  /** Absolute path of the manifest used, if any. */
  file?: string;
  /** One line each for stderr: which manifest was used and why, and every one found but not used. */
  notes: string[];
}

/**
 * Looks the manifest up as people expect (README "The manifest"): for each scanned path in order,
 * beside a file scanned alone or in a scanned directory, then its parents up to the repository
 * root (the folder holding `.git`); then the working directory. The first found is used. Manifests
 * of other scanned paths and of subdirectories are never merged: each is named as not used, so
 * none is ignored silently.
 */
export function chooseManifest(paths: readonly string[], cwd: string): ManifestChoice {
  const notes: string[] = [];
  const show = (file: string): string => showPath(file, cwd);
  const perPath = paths.map((path) => ({ path, file: lookUpFrom(isDirectory(path) ? path : dirname(path)) }));
  const found = perPath.find((p) => p.file !== undefined);
  const file = found?.file ?? manifestIn(cwd);
  if (file !== undefined) {
    const why = found ? `for ${show(found.path) || '.'}` : 'from the working directory';
    notes.push(`manifest: ${show(file)} (${why})`);
  }
  const unused = new Set<string>();
  for (const p of perPath) if (p.file !== undefined && p.file !== file) unused.add(p.file);
  notes.push(...unusedManifestNotes([...unused], file, cwd));
  return { ...(file !== undefined ? { file } : {}), notes };
}

/** One note per manifest found (beside another scanned path, or in a scanned subdirectory) but not used. */
export function unusedManifestNotes(found: readonly string[], used: string | undefined, cwd: string): string[] {
  return [...new Set(found)].filter((f) => f !== used).sort().map((other) =>
    `manifest ${showPath(other, cwd)} not used: one manifest applies to a whole scan${used ? ` (${showPath(used, cwd)})` : ''}; scan its directory on its own or pass --manifest`);
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
