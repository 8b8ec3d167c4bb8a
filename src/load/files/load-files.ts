import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Issue } from '../../model/issue.js';
import type { InventoryFragment } from '../../model/inventory.js';
import type { BatchLoader, FileLoader, LoadContext, TextFile } from './file-loader.js';

export interface FilesLoadResult {
  fragments: InventoryFragment[];
  loaded: string[];
  skipped: { file: string; line?: number; reason: string }[];
  issues: Issue[];
  /** Absolute paths of the manifests met while walking (they are not inputs; the scan says which it used). */
  manifests: string[];
}

/** Directory nesting past which the walk stops (and says so). */
const MAX_DIRECTORY_DEPTH = 64;

const IGNORED_DIRECTORIES = new Set(['node_modules', '.git', '.terraform', 'dist']);
const MANIFEST_NAMES = new Set(['secret-scan.yaml', 'secret-scan.yml']);

/**
 * Reads every file below the given paths and hands each to the first loader that recognizes it.
 * Unreadable files become issues; files no loader recognizes are listed as skipped. Paths in the
 * result are relative to `displayRoot` (the working directory), with forward slashes, so that
 * SARIF locations resolve from the repository root.
 */
export function loadFiles(paths: string[], loaders: readonly FileLoader[], context: LoadContext, displayRoot = process.cwd(), batchLoaders: readonly BatchLoader[] = [], skip: (absolute: string) => boolean = () => false): FilesLoadResult {
  const result: FilesLoadResult = { fragments: [], loaded: [], skipped: [], issues: [], manifests: [] };
  const files = new Set<string>();
  const visited = new Set<string>();
  for (const path of paths) collectFiles(resolve(path), files, result, displayRoot, skip, visited, 0);
  const batches = new Map<BatchLoader, TextFile[]>();
  for (const absolute of [...files].sort()) {
    const display = displayPath(absolute, displayRoot);
    if (MANIFEST_NAMES.has(basename(absolute))) { result.manifests.push(absolute); continue; }
    const batch = batchLoaders.find((loader) => loader.wantsPath(display));
    if (batch) {
      const text = readText(absolute, display, result);
      if (text !== undefined) batches.set(batch, [...(batches.get(batch) ?? []), { path: display, text }]);
      continue;
    }
    const candidates = loaders.filter((loader) => loader.wantsPath(display));
    if (candidates.length === 0) {
      // Whatever its extension (none included): a file nobody loads is listed, so nothing is passed over in silence.
      result.skipped.push({ file: display, reason: 'not a recognized input format' });
      continue;
    }
    const text = readText(absolute, display, result);
    if (text === undefined) continue;
    let skipReason: string | undefined;
    const handled = candidates.some((loader) => {
      const loaded = loader.load(display, text, context);
      if (!loaded.recognized) { skipReason ??= loaded.skipReason; return false; }
      result.fragments.push(loaded.fragment);
      result.issues.push(...loaded.issues);
      result.loaded.push(display);
      return true;
    });
    if (!handled) result.skipped.push({ file: display, reason: skipReason ?? 'not a recognized input format' });
  }
  const readReferenced = (path: string): string | undefined => {
    const absolute = resolve(displayRoot, path);
    try {
      return statSync(absolute).isFile() ? readFileSync(absolute, 'utf8') : undefined;
    } catch {
      return undefined; // not there or not readable: the loader reports what it could not read
    }
  };
  for (const [loader, batchFiles] of batches) {
    const loaded = loader.loadAll(batchFiles, context, readReferenced);
    result.fragments.push(...loaded.fragments);
    result.issues.push(...loaded.issues);
    result.loaded.push(...loaded.loaded);
  }
  return result;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function readText(absolute: string, display: string, result: FilesLoadResult): string | undefined {
  try {
    const bytes = readFileSync(absolute);
    try {
      return strictUtf8.decode(bytes);
    } catch {
      // Read on, as every UTF-8 reader would, but say so: a name with U+FFFD matches nothing it meant to.
      const text = new TextDecoder('utf-8').decode(bytes);
      const at = text.indexOf('\uFFFD');
      const line = text.slice(0, Math.max(0, at)).split('\n').length;
      result.issues.push({ code: 'invalidUtf8', message: 'not valid UTF-8: invalid bytes are read as U+FFFD, so names containing them may not match', source: { file: display, line } });
      return text;
    }
  } catch (error) {
    result.issues.push({ code: 'fileUnreadable', message: `cannot read file: ${errorCode(error)}`, source: { file: display } });
    return undefined;
  }
}

function collectFiles(path: string, files: Set<string>, result: FilesLoadResult, displayRoot: string, skip: (absolute: string) => boolean, visited: Set<string>, depth: number): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    result.issues.push({ code: 'fileUnreadable', message: `cannot read path: ${errorCode(error)}`, source: { file: displayPath(path, displayRoot) } });
    return;
  }
  if (stats.isFile()) { files.add(path); return; }
  if (!stats.isDirectory()) return;
  // A directory reached twice (a symbolic link back up the tree, or two links to one place) is read once.
  const identity = `${stats.dev}:${stats.ino}`;
  if (visited.has(identity)) {
    if (lstatSync(path).isSymbolicLink()) result.issues.push({ code: 'symlinkLoop', message: 'symbolic link to a directory already read: not followed again', source: { file: displayPath(path, displayRoot) } });
    return;
  }
  visited.add(identity);
  if (depth >= MAX_DIRECTORY_DEPTH) {
    result.issues.push({ code: 'directoryTooDeep', message: `directories nested deeper than ${MAX_DIRECTORY_DEPTH} levels: not read`, source: { file: displayPath(path, displayRoot) } });
    return;
  }
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch (error) {
    result.issues.push({ code: 'fileUnreadable', message: `cannot list directory: ${errorCode(error)}`, source: { file: displayPath(path, displayRoot) } });
    return;
  }
  for (const entry of entries) {
    if (IGNORED_DIRECTORIES.has(entry) || (entry.startsWith('.') && entry !== '.')) continue;
    // Below a named path only: what the user names is always read.
    if (skip(join(path, entry))) continue;
    collectFiles(join(path, entry), files, result, displayRoot, skip, visited, depth + 1);
  }
}

function displayPath(absolute: string, root: string): string {
  const rel = relative(root, absolute);
  const shown = rel === '' ? basename(absolute) : rel.startsWith('..') ? absolute : rel;
  return shown.split(sep).join('/');
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? String(error);
}
