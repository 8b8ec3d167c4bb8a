import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Turns `--exclude` globs into a test on paths: `*` and `?` within a segment, `**` across segments;
 * a glob without `/` matches any one segment (a file or folder name, as in .gitignore); a glob with
 * `/` matches the path from the working directory or from the scan root, or any folder above it.
 */
export function compileExcludes(globs: readonly string[]): (relativePath: string) => boolean {
  const patterns = globs.map((glob) => glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '')).filter((g) => g !== '');
  const regexes = patterns.map((glob) => ({ anySegment: !glob.includes('/'), regex: globToRegex(glob) }));
  return (path: string) => {
    const segments = path.split('/');
    return regexes.some(({ anySegment, regex }) => anySegment
      ? segments.some((segment) => regex.test(segment))
      : segments.some((_, i) => regex.test(segments.slice(0, i + 1).join('/'))));
  };
}

function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i] ?? '';
    if (ch === '*' && glob[i + 1] === '*') { source += '.*'; i += glob[i + 2] === '/' ? 2 : 1; }
    else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * The files and folders under `dir` that git ignores (.gitignore, .git/info/exclude, the global
 * excludes file), as absolute paths; empty outside a git work tree or without git.
 * https://git-scm.com/docs/git-ls-files#Documentation/git-ls-files.txt---exclude-standard
 */
export function gitIgnoredPaths(dir: string): Set<string> {
  let isDir = false;
  try { isDir = statSync(dir).isDirectory(); } catch { return new Set(); }
  if (!isDir) return new Set();
  const run = spawnSync('git', ['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z'], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0 || run.error !== undefined) return new Set();
  return new Set(run.stdout.split('\0').filter((p) => p !== '').map((p) => join(dir, p.replace(/\/$/, ''))));
}

/**
 * The skip test the walker applies below the named paths: excluded by a glob (relative to the
 * working directory or to the scan root) or ignored by git. Named paths themselves are never skipped.
 */
export function buildSkip(roots: readonly string[], cwd: string, excludes: readonly string[], respectGitignore: boolean): (absolute: string) => boolean {
  const excluded = compileExcludes(excludes);
  const ignored = new Set<string>();
  if (respectGitignore) for (const root of roots) for (const path of gitIgnoredPaths(root)) ignored.add(path);
  const toSlash = (path: string): string => path.split(sep).join('/');
  return (absolute) => {
    if (ignored.has(absolute)) return true;
    if (excludes.length === 0) return false;
    if (excluded(toSlash(relative(cwd, absolute)))) return true;
    return roots.some((root) => absolute.startsWith(`${root}${sep}`) && excluded(toSlash(relative(root, absolute))));
  };
}
