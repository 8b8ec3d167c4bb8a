import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { isUtf8 } from 'node:buffer';
import type { Issue } from '../../model/issue.js';
import type { InventoryFragment } from '../../model/inventory.js';
import type { BatchLoader, FileLoader, LoadContext, TextFile } from './file-loader.js';
import { repositoryFiles } from './repository-files.js';

/** Decides the load context once every single-file input has been read (e.g. the account the dumps name). */
export type ContextResolver = (files: readonly TextFile[]) => LoadContext;

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
export function loadFiles(paths: string[], loaders: readonly FileLoader[], contextOrResolver: LoadContext | ContextResolver, displayRoot = process.cwd(), batchLoaders: readonly BatchLoader[] = [], skip: (absolute: string) => boolean = () => false): FilesLoadResult {
  const result: FilesLoadResult = { fragments: [], loaded: [], skipped: [], issues: [], manifests: [] };
  const files = new Set<string>();
  const visited = new Set<string>();
  for (const path of paths) collectFiles(resolve(path), files, result, displayRoot, skip, visited, 0);
  const batches = new Map<BatchLoader, TextFile[]>();
  // Every file is read before any is loaded: the context (account, region) may depend on all of them.
  const single: { texts: TextFile; candidates: FileLoader[] }[] = [];
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
    if (text !== undefined) single.push({ texts: { path: display, text }, candidates });
  }
  const context = typeof contextOrResolver === 'function' ? contextOrResolver(single.map((s) => s.texts)) : contextOrResolver;
  const singleLoads: { file: string; text: string; loaded: { fragment: InventoryFragment; issues: Issue[] } }[] = [];
  const unrecognized: { file: string; reason: string }[] = [];
  for (const { texts: { path: display, text }, candidates } of single) {
    let skipReason: string | undefined;
    const handled = candidates.some((loader) => {
      const loaded = loader.load(display, text, context);
      if (!loaded.recognized) { skipReason ??= loaded.skipReason; return false; }
      singleLoads.push({ file: display, text, loaded });
      return true;
    });
    if (!handled) unrecognized.push({ file: display, reason: skipReason ?? 'not a recognized input format' });
  }
  // Files the batch loaders read by reference (Terraform's `file()` and `templatefile()`).
  const referenced = new Set<string>();
  const repository = repositoryFiles(paths, displayRoot, (absolute) => referenced.add(displayPath(absolute, displayRoot)));
  const batchLoads = [...batches].map(([loader, batchFiles]) => loader.loadAll(batchFiles, context, repository));
  for (const { file, text, loaded } of singleLoads) {
    if (isTemplateOfTerraform(file, text, referenced)) {
      result.skipped.push({ file, reason: 'a template Terraform reads (`templatefile()` or `file()`), its `${…}` filled in there: its rules are those of the vault_policy that reads it, not a policy of its own' });
      continue;
    }
    if (isUnparsedTemplateOfTerraform(file, text, referenced, loaded.issues)) {
      result.skipped.push({ file, reason: 'a template Terraform reads (`templatefile()` or `file()`), with `${…}` or `%{…}` that make it no valid file of its own: what it holds is in the analysis through the configuration that renders it' });
      continue;
    }
    result.fragments.push(loaded.fragment);
    result.issues.push(...loaded.issues);
    result.loaded.push(file);
  }
  // A file no format claims may still be read by the configuration (`yamldecode(file("roles.yaml"))`): say so.
  for (const { file, reason } of unrecognized) {
    result.skipped.push({ file, reason: referenced.has(file) ? 'not an input of its own: Terraform or Terragrunt reads it (`file()`, `templatefile()`, `include`, `read_terragrunt_config()`), and what it holds is in the analysis through the configuration that reads it' : reason });
  }
  for (const loaded of batchLoads) {
    result.fragments.push(...loaded.fragments);
    result.issues.push(...loaded.issues);
    result.loaded.push(...loaded.loaded);
    result.skipped.push(...(loaded.skipped ?? []));
  }
  return result;
}

// Terraform template syntax: an interpolation `${…}` or a directive `%{…}` (not their `$${` escapes).
const TEMPLATE_SYNTAX = /(?<![$%])[$%]\{/;

/**
 * A Vault policy file the scan's Terraform reads and that holds template syntax is the text of a
 * `vault_policy` (`policy = templatefile("policies/app.hcl", { namespace = … })`): read on its own
 * it would be a policy named after the file whose paths hold `${namespace}` literally, and each of
 * them an SS011. The vault_policy that reads it holds its rules, rendered.
 */
function isTemplateOfTerraform(file: string, text: string, referenced: ReadonlySet<string>): boolean {
  return /\.hcl$/i.test(file) && referenced.has(file) && TEMPLATE_SYNTAX.test(text);
}

/**
 * Any other file the scan's Terraform reads that holds template syntax and does not parse as its
 * own format is the text of what renders it (a Vault Agent template, `conf.json`, with `{{ with
 * secret … }}` blocks between its keys): its syntax errors are the template's, not a broken input.
 * One that parses is still read on its own, since `${…}` is also IAM's policy-variable syntax.
 */
function isUnparsedTemplateOfTerraform(file: string, text: string, referenced: ReadonlySet<string>, issues: readonly Issue[]): boolean {
  return referenced.has(file) && TEMPLATE_SYNTAX.test(text) && issues.some((issue) => PARSE_ERRORS.has(issue.code));
}

const PARSE_ERRORS: ReadonlySet<Issue['code']> = new Set(['jsonParseError', 'yamlParseError', 'hclParseError']);

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function readText(absolute: string, display: string, result: FilesLoadResult): string | undefined {
  try {
    const bytes = readFileSync(absolute);
    // A native decode, which turns invalid bytes into U+FFFD: text without one is valid, and a
    // test for U+FFFD is free on text V8 holds one byte per character (most files), where the
    // native validity check walks every byte again. The byte order mark is dropped, as a
    // TextDecoder drops it.
    const decoded = bytes.toString('utf8', hasUtf8Bom(bytes) ? 3 : 0);
    if (!decoded.includes('\uFFFD') || isUtf8(bytes)) return decoded;
    // Read on, as every UTF-8 reader would, but say so: a name with U+FFFD matches nothing it meant to.
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\uFFFD');
    const line = text.slice(0, Math.max(0, at)).split('\n').length;
    result.issues.push({ code: 'invalidUtf8', message: 'not valid UTF-8: invalid bytes are read as U+FFFD, so names containing them may not match', source: { file: display, line } });
    return text;
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

/** A file's path as the report shows it: relative to `root`, or absolute when outside it. */
export function displayPath(absolute: string, root: string): string {
  const rel = relative(root, absolute);
  const shown = rel === '' ? basename(absolute) : rel.startsWith('..') ? absolute : rel;
  return shown.split(sep).join('/');
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? String(error);
}
