import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * Absolute path of a file shipped with the package (`schemas/…`, `rules/…`, `data/…`), found by
 * walking up from this module, so it works from `src/` (tsx) and from `dist/src/` (built).
 */
export function packagePath(relative: string): string {
  if (!root) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    root = dir;
  }
  return join(root, relative);
}
