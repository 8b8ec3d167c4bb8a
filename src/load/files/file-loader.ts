import type { Issue } from '../../model/issue.js';
import type { InventoryFragment } from '../../model/inventory.js';

/** Where bare names and ARN parts resolve, from the manifest. */
export interface LoadContext {
  defaultAccount?: string;
  region: string;
}

export interface FileLoadResult {
  /** False when the file is not of this loader's format; the next loader is asked. */
  recognized: boolean;
  fragment: InventoryFragment;
  issues: Issue[];
  /**
   * With `recognized: false`: the loader knows what the file is and that it holds nothing to load
   * (a Vault Agent configuration); the walker lists it in `coverage.skipped` with this reason.
   */
  skipReason?: string;
}

/** One input format. Loaders are pure: the walker reads the file and hands over its text. */
export interface FileLoader {
  name: string;
  /** Cheap test on the path (extension, naming convention) before the text is read. */
  wantsPath(relativePath: string): boolean;
  load(relativePath: string, text: string, context: LoadContext): FileLoadResult;
}

/** A file the walker read, for loaders that need many files at once. */
export interface TextFile {
  path: string;
  text: string;
}

/**
 * A format whose unit is a set of files rather than one (Terraform: a module is a directory, and
 * modules call each other). The walker hands it every file it wants, in one call, after reading them.
 */
export interface BatchLoader {
  name: string;
  wantsPath(relativePath: string): boolean;
  /**
   * `readText` reads another file by its path as shown in the report (relative to the working
   * directory), for files a format refers to without owning them (Terraform's `file()`); it
   * returns undefined for anything that is not a readable file.
   */
  loadAll(files: TextFile[], context: LoadContext, readText?: (path: string) => string | undefined): { fragments: InventoryFragment[]; issues: Issue[]; loaded: string[] };
}

export const notRecognized: FileLoadResult = { recognized: false, fragment: {}, issues: [] };
