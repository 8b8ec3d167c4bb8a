import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { RepositoryFiles, TextFile } from './file-loader.js';

/** More files than this below one directory is not a configuration's own files: `listFiles` gives up. */
const MAX_LISTED_FILES = 10_000;
const MAX_LISTED_DEPTH = 64;
/** Git's own store and Terraform's download cache hold no configuration anyone globs. */
const UNLISTED_DIRECTORIES = new Set(['.git', '.terraform']);

/**
 * What batch loaders may read beyond the files handed to them (file-loader.ts `RepositoryFiles`),
 * by path as the report shows it (relative to `displayRoot`). Directories are read only inside the
 * repository the scan is in (the nearest ancestor of the first path holding `.git`; without one,
 * anywhere): the scanned path limits which modules are roots, not which modules a root may call or
 * which files it globs. Symbolic links are resolved first, so a link cannot lead out of the
 * repository. `onRead` hears the absolute path of every file read by `readText`.
 */
export function repositoryFiles(paths: readonly string[], displayRoot: string, onRead: (absolute: string) => void): RepositoryFiles {
  const first = paths[0] === undefined ? displayRoot : resolve(paths[0]);
  const repoRoot = gitRoot(first);
  /** The real path of a directory inside the repository, or undefined. */
  const directory = (path: string): string | undefined => {
    let real: string;
    try {
      real = realpathSync(resolve(displayRoot, path));
      if (!statSync(real).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
    if (repoRoot !== undefined && real !== repoRoot && !real.startsWith(`${repoRoot}${sep}`)) return undefined;
    return real;
  };
  const root = repoRoot === undefined ? undefined : relative(resolve(displayRoot), repoRoot).split(sep).join('/') || '.';
  return {
    ...(root !== undefined ? { root } : {}),
    readText(path) {
      const absolute = resolve(displayRoot, path);
      try {
        if (!statSync(absolute).isFile()) return undefined;
        onRead(absolute);
        return readFileSync(absolute, 'utf8');
      } catch {
        return undefined; // not there or not readable: the loader reports what it could not read
      }
    },
    readDirectory(path, accept) {
      const real = directory(path);
      if (real === undefined) return undefined;
      let entries: string[];
      try {
        entries = readdirSync(real).sort();
      } catch {
        return undefined;
      }
      // Files are named as the walk names them: `main.tf` in the display root, not `./main.tf`.
      const dir = path.replace(/\/+$/, '');
      const inDir = (entry: string): string => (dir === '.' || dir === '' ? entry : `${dir}/${entry}`);
      const out: TextFile[] = [];
      for (const entry of entries) {
        if (!accept(entry)) continue;
        const file = join(real, entry);
        try {
          if (statSync(file).isFile()) out.push({ path: inDir(entry), text: readFileSync(file, 'utf8') });
        } catch {
          continue; // unreadable: the module loads without it, as a walked directory would report it
        }
      }
      return out;
    },
    listFiles(path) {
      const real = directory(path);
      if (real === undefined) return undefined;
      const found: string[] = [];
      const visited = new Set<string>();
      const walk = (absolute: string, relative: string, depth: number): boolean => {
        if (visited.has(absolute) || depth > MAX_LISTED_DEPTH) return depth <= MAX_LISTED_DEPTH;
        visited.add(absolute);
        let entries: string[];
        try {
          entries = readdirSync(absolute);
        } catch {
          return false;
        }
        for (const entry of entries) {
          if (UNLISTED_DIRECTORIES.has(entry)) continue;
          const child = join(absolute, entry);
          const name = relative === '' ? entry : `${relative}/${entry}`;
          let target: string;
          try {
            target = realpathSync(child);
          } catch {
            continue; // a dangling link: no file
          }
          if (repoRoot !== undefined && target !== repoRoot && !target.startsWith(`${repoRoot}${sep}`)) continue;
          let stats;
          try {
            stats = statSync(target);
          } catch {
            continue;
          }
          if (stats.isFile()) {
            found.push(name);
            if (found.length > MAX_LISTED_FILES) return false;
          } else if (stats.isDirectory() && !walk(target, name, depth + 1)) return false;
        }
        return true;
      };
      return walk(real, '', 0) ? found.sort() : undefined;
    },
  };
}

function gitRoot(start: string): string | undefined {
  let dir: string;
  try {
    dir = realpathSync(start);
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    return undefined;
  }
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
