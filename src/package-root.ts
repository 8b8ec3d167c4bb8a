import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the secret-scan package root (the folder holding its package.json) by walking up from
 * `fromUrl`. Guarantees the same answer from `src/` under tsx and from `dist/src/` after `tsc`,
 * because both sit below the one package root. Throws when no such folder exists.
 */
export function findPackageRoot(fromUrl: string): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && isSecretScanPackage(candidate)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`secret-scan package root not found above ${fromUrl}`);
    dir = parent;
  }
}

function isSecretScanPackage(packageJsonPath: string): boolean {
  try {
    const parsed: unknown = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === 'secret-scan';
  } catch (error) {
    // A malformed package.json of some enclosing project is not ours; keep walking up.
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}

let root: string | undefined;

/** Absolute path of a file shipped with the package (`schemas/…`, `rules/…`, `data/…`, `package.json`). */
export function packagePath(relative: string): string {
  root ??= findPackageRoot(import.meta.url);
  return join(root, relative);
}
