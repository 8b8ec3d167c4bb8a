import type { Issue } from '../../model/issue.js';
import type { InventoryFragment } from '../../model/inventory.js';

/** Where bare names and ARN parts resolve, from the manifest. */
export interface LoadContext {
  defaultAccount?: string;
  region: string;
  /**
   * Terraform variable definitions files given as `terraform plan -var-file` takes them (`--var-file`),
   * read already, paths as the report shows them.
   */
  varFiles?: readonly TextFile[];
  /** The environment variables Terragrunt's `get_env()` reads (`--terragrunt-env`); none else is ever read. */
  terragruntEnv?: Readonly<Record<string, string>>;
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
 * What a batch loader may read besides the files handed to it, by path as shown in the report
 * (relative to the working directory), inside the repository the scan is in: the files a format
 * refers to without owning them (Terraform's `file()`, `fileset()`, local modules elsewhere).
 */
export interface RepositoryFiles {
  /** A file's text; undefined for anything that is not a readable file. */
  readText(path: string): string | undefined;
  /**
   * The files directly in a directory outside the scanned paths (a local module `../modules/x`)
   * that `accept` keeps; undefined when it is not a readable directory or lies outside the repository.
   */
  readDirectory(path: string, accept: (name: string) => boolean): TextFile[] | undefined;
  /**
   * The regular files anywhere below a directory, as paths relative to it (`/`-separated, sorted):
   * what Terraform's `fileset()` chooses from. Undefined when it is not a readable directory, lies
   * outside the repository, or holds more files than a configuration plausibly globs.
   */
  listFiles(path: string): string[] | undefined;
  /** The repository's root directory as paths are named (`.`, `..`), when the scan is in one. */
  readonly root?: string;
}

/**
 * A format whose unit is a set of files rather than one (Terraform: a module is a directory, and
 * modules call each other). The walker hands it every file it wants, in one call, after reading them.
 */
export interface BatchLoader {
  name: string;
  wantsPath(relativePath: string): boolean;
  loadAll(files: TextFile[], context: LoadContext, repository?: RepositoryFiles): BatchLoadResult;
}

export interface BatchLoadResult {
  fragments: InventoryFragment[];
  issues: Issue[];
  loaded: string[];
  /** Files of the batch it read nothing from, each with the reason (`coverage.skipped`). */
  skipped?: { file: string; reason: string }[];
}

export const notRecognized: FileLoadResult = { recognized: false, fragment: {}, issues: [] };
