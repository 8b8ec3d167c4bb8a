import { IssueLog } from '../../issues.js';
import type { Issue } from '../../../model/issue.js';
import type { BatchLoader, BatchLoadResult, LoadContext, RepositoryFiles, TextFile } from '../file-loader.js';
import { parseHcl } from '../hcl/parse-hcl.js';
import type { HclBody } from '../hcl/hcl-ast.js';
import { mapTerraformResources, renderPolicyDocument } from '../terraform-resources/map-terraform-resources.js';
import type { TerraformResourceInput } from '../terraform-resources/terraform-resource.js';
import { collectModuleConfig, isLocalSource, joinModulePath, moduleSource, type ModuleConfig } from './module-config.js';
import { ModuleInstance } from './module-instance.js';
import { TfFile } from './tf-file.js';
import { terraformJsonAsHcl } from './tf-json.js';
import { readTfvars } from './tfvars.js';
import type { TerraformWorld } from './terraform-world.js';

const TF = /\.tf(\.json)?$/i;
/** How many module directories outside the scanned paths one scan reads at most. */
const MAX_MODULE_DIRECTORIES = 500;
const TFVARS = /\.tfvars(\.json)?$/i;
// Template files for templatefile(): the walker hands the loader only the files it claims.
const TEMPLATES = /\.(tftpl|tpl)$/i;

/** Parses one `.tf` file; syntax errors become `hclParseError` issues and the rest of the file still loads. */
function parseTerraformFile(file: TextFile): { body: HclBody; text: string; issues: Issue[] } {
  if (/\.json$/i.test(file.path)) {
    const converted = terraformJsonAsHcl(file.text);
    if (converted.errors.length > 0) {
      return { body: { items: [] }, text: '', issues: converted.errors.map((e) => ({ code: 'jsonParseError', message: `Terraform JSON file not understood: ${e.message}; nothing was loaded from it`, source: { file: file.path, line: e.line, column: e.column } })) };
    }
    const parsed = parseHcl(converted.hcl);
    const issues: Issue[] = parsed.errors.map((e) => ({ code: 'hclParseError', message: `Terraform JSON file not fully understood: ${e.message}`, source: { file: file.path, line: e.line } }));
    return { body: parsed.body, text: converted.hcl, issues };
  }
  const parsed = parseHcl(file.text);
  const issues: Issue[] = parsed.errors.map((e) => ({ code: 'hclParseError', message: `Terraform file not fully understood: ${e.message}`, source: { file: file.path, line: e.line, column: e.column } }));
  return { body: parsed.body, text: file.text, issues };
}

function dirOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '.' : path.slice(0, at);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The variable files Terraform reads on its own, in its order: terraform.tfvars(.json), then *.auto.tfvars(.json) by name. */
function automaticVarFiles(files: TextFile[]): TextFile[] {
  const named = (f: TextFile): number => (/^terraform\.tfvars(\.json)?$/i.test(baseName(f.path)) ? 0 : /\.auto\.tfvars(\.json)?$/i.test(f.path) ? 1 : 2);
  return files.filter((f) => named(f) < 2).sort((a, b) => named(a) - named(b) || a.path.localeCompare(b.path));
}

export interface TerraformLoadResult {
  /** Every instance of every root module. */
  resources: TerraformResourceInput[];
  /** The same instances by root module: each root is its own configuration, mapped on its own. */
  byRoot: { root: string; resources: TerraformResourceInput[] }[];
  issues: Issue[];
  loaded: string[];
  roots: string[];
  /** Variable files of the batch no root module takes, with the reason. */
  skipped: { file: string; reason: string }[];
}

/**
 * Reads `.tf` files as Terraform modules (one directory = one module), finds the root modules
 * (directories no given module calls as a local `source`), and evaluates each with its automatic
 * variable files, expanding `count`, `for_each`, `dynamic` blocks and local module calls. Returns
 * every resource and data source instance with its values; parse errors become `hclParseError`
 * issues and the rest still loads. Pure: only the texts handed over, and what `repository` reads, are read.
 * https://developer.hashicorp.com/terraform/language/modules
 */
export function evaluateTerraformFiles(files: TextFile[], context: LoadContext, repository?: RepositoryFiles): TerraformLoadResult {
  const issues: Issue[] = [];
  const loaded: string[] = [];
  const byDir = new Map<string, TfFile[]>();
  const varFilesByDir = new Map<string, TextFile[]>();
  const addModuleFile = (file: TextFile): void => {
    const dir = dirOf(file.path);
    const parsed = parseTerraformFile(file);
    issues.push(...parsed.issues);
    byDir.set(dir, [...(byDir.get(dir) ?? []), new TfFile(file.path, parsed.text, parsed.body)]);
    loaded.push(file.path);
  };
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const dir = dirOf(file.path);
    if (TFVARS.test(file.path)) { varFilesByDir.set(dir, [...(varFilesByDir.get(dir) ?? []), file]); continue; }
    if (!TF.test(file.path)) { if (TEMPLATES.test(file.path)) loaded.push(file.path); continue; }
    addModuleFile(file);
  }
  const configs = new Map<string, ModuleConfig>();
  for (const [dir, tfFiles] of byDir) configs.set(dir, collectModuleConfig(dir, tfFiles));
  // Local modules outside the scanned paths (`source = "../modules/x"` from `infra/prod`) are read
  // too, transitively; each directory once, so a cycle of calls ends.
  const pending = [...configs.values()];
  const tried = new Set(configs.keys());
  while (repository && pending.length > 0 && tried.size < MAX_MODULE_DIRECTORIES) {
    const config = pending.shift() as ModuleConfig;
    for (const call of config.moduleCalls.values()) {
      const source = moduleSource(call.node);
      if (source === undefined || !isLocalSource(source)) continue;
      const target = joinModulePath(config.dir, source);
      if (tried.has(target)) continue;
      tried.add(target);
      const found = repository.readDirectory(target, (name) => TF.test(name)) ?? [];
      if (found.length === 0) continue;
      byDir.delete(target);
      for (const file of found) addModuleFile(file);
      const added = collectModuleConfig(target, byDir.get(target) ?? []);
      configs.set(target, added);
      pending.push(added);
    }
  }
  const called = new Set<string>();
  for (const config of configs.values()) {
    for (const call of config.moduleCalls.values()) {
      const source = moduleSource(call.node);
      if (source !== undefined && isLocalSource(source)) {
        const target = joinModulePath(config.dir, source);
        if (target !== config.dir) called.add(target);
      }
    }
  }
  const world: TerraformWorld = {
    context,
    configs,
    texts: new Map(files.map((f) => [joinModulePath('.', f.path), f.text])),
    ...(repository ? { repository } : {}),
    renderPolicyDocument,
    documentStatementSources: new Map(),
    issueLog: new IssueLog(issues),
  };
  const roots = [...configs.keys()].filter((dir) => !called.has(dir)).sort();
  const given = context.varFiles ?? [];
  const applied = new Set<string>();
  const byRoot = roots.map((dir) => {
    const config = configs.get(dir) as ModuleConfig;
    const varFiles = [...automaticVarFiles(varFilesByDir.get(dir) ?? []), ...givenVarFilesFor(dir, given, roots.filter((root) => createsAnything(configs.get(root))))];
    for (const file of varFiles) applied.add(file.path);
    const inputs = readTfvars(varFiles, issues);
    const resources: TerraformResourceInput[] = [];
    new ModuleInstance(world, config, '', inputs, dir).collectResources(resources);
    return { root: dir, resources };
  });
  scopeSharedAddresses(byRoot);
  // A variable file whose values no root module takes is listed as skipped, saying why: a report
  // that counted it as loaded would hide that the variables it sets are unknown here.
  const skipped: { file: string; reason: string }[] = [];
  for (const [dir, varFiles] of varFilesByDir) {
    for (const file of varFiles) {
      if (applied.has(file.path)) continue;
      const automatic = automaticVarFiles([file]).length > 0;
      skipped.push({
        file: file.path,
        reason: automatic && !roots.includes(dir)
          ? 'a variable definitions file beside no root module of the scan: Terraform reads it only when run in its directory, so its values are not used'
          : 'a variable definitions file Terraform reads only when given with -var-file: its values are not used (pass it with --var-file to use them)',
      });
    }
  }
  for (const path of applied) if (!loaded.includes(path)) loaded.push(path);
  return { resources: byRoot.flatMap((r) => r.resources), byRoot, issues, loaded, roots, skipped };
}

/**
 * Whether a module declares anything Terraform creates or reads (a resource, a data source, a module
 * call). A directory of variable declarations only (`env/variables.tf` beside `env/prod.tfvars`,
 * which Terragrunt copies into every module it runs with a `generate` block) is no root a variable
 * file belongs to.
 */
function createsAnything(config: ModuleConfig | undefined): boolean {
  return config !== undefined && (config.resources.size > 0 || config.moduleCalls.size > 0);
}

/**
 * The `--var-file` files the root module in `dir` takes, in the order given (a later one wins, as
 * with repeated `-var-file`): one in the directory of a root module that creates something is that
 * root's; one elsewhere (a shared `envs/prod.tfvars`) is every root's.
 * https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence
 */
function givenVarFilesFor(dir: string, given: readonly TextFile[], roots: readonly string[]): TextFile[] {
  return given.filter((file) => {
    const at = dirOf(file.path);
    return at === dir || !roots.includes(at);
  });
}

/**
 * Two root modules (`envs/prod` and `envs/staging`, or two examples) often call the same module
 * under the same name, so their instances share addresses. Where an address stands in for a
 * generated name, the two would become one role or key: each such instance is given its root,
 * named below the directory those roots share (`prod`, `staging`), so the name does not depend on
 * where the scan was started from.
 */
function scopeSharedAddresses(byRoot: { root: string; resources: TerraformResourceInput[] }[]): void {
  const rootsOf = new Map<string, Set<string>>();
  for (const { root, resources } of byRoot) {
    for (const r of resources) rootsOf.set(r.address, (rootsOf.get(r.address) ?? new Set()).add(root));
  }
  const sharing = byRoot.filter(({ resources }) => resources.some((r) => (rootsOf.get(r.address)?.size ?? 0) > 1));
  const common = commonDirectory(sharing.map((r) => r.root));
  for (const { root, resources } of sharing) {
    const label = root === common ? baseName(root) : root.slice(common === '' ? 0 : common.length + 1);
    for (const r of resources) if ((rootsOf.get(r.address)?.size ?? 0) > 1) r.scope = label;
  }
}

/** The longest directory every path is in (`a/b` for `a/b/c` and `a/b/d`), `''` when none. */
function commonDirectory(dirs: string[]): string {
  const split = dirs.map((d) => d.split('/'));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((parts) => parts.length > n && parts[n] === first[n])) n++;
  return first.slice(0, n).join('/');
}
/** Terraform configuration (`.tf`, `.tfvars`): evaluated modules handed to the shared resource mapping. */
export const terraformLoader: BatchLoader = {
  name: 'terraform',
  wantsPath: (path) => TF.test(path) || TFVARS.test(path) || TEMPLATES.test(path),
  loadAll(files: TextFile[], context: LoadContext, repository?: RepositoryFiles): BatchLoadResult {
    const evaluated = evaluateTerraformFiles(files, context, repository);
    // Each root is mapped on its own: a reference joins only within its configuration. With several
    // roots, what the mapping reports names the root it was found in.
    const withResources = evaluated.byRoot.filter((r) => r.resources.length > 0);
    const mapped = withResources.map((r) => mapTerraformResources(r.resources, context, withResources.length > 1 ? r.root : undefined));
    return { fragments: mapped.map((m) => m.fragment), issues: [...evaluated.issues, ...mapped.flatMap((m) => m.issues)], loaded: evaluated.loaded, skipped: evaluated.skipped };
  },
};
