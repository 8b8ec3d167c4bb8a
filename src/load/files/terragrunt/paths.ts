import { joinModulePath } from '../terraform/module-config.js';

/** A path as a Terragrunt configuration writes it, from the scan root: relative to `base`, or absolute (`/…`, from a path function). */
export function resolvePath(base: string, path: string): string {
  return path.startsWith('/') ? joinModulePath('.', path.slice(1)) : joinModulePath(base, path);
}

