import { IssueLog } from '../../issues.js';
import type { Issue } from '../../../model/issue.js';
import type { BatchLoader, BatchLoadResult, LoadContext, RepositoryFiles, TextFile } from '../file-loader.js';
import { parseHcl } from '../hcl/parse-hcl.js';
import type { HclBody } from '../hcl/hcl-ast.js';
import { mapTerraformResources, renderPolicyDocument } from '../terraform-resources/map-terraform-resources.js';
import type { TerraformResourceInput } from '../terraform-resources/terraform-resource.js';
import { collectModuleConfig, dirOf, isLocalSource, joinModulePath, moduleSource, type ModuleConfig } from './module-config.js';
import { ModuleInstance } from './module-instance.js';
import { TfFile } from './tf-file.js';
import { terraformJsonAsHcl } from './tf-json.js';
import { readTfvars } from './tfvars.js';
import type { TerraformWorld } from './terraform-world.js';
import { readTerragruntUnit, TERRAGRUNT_FILE, type TerragruntEnvironment, type TerragruntUnit } from '../terragrunt/read-unit.js';
import { deployAccount } from '../../identity/account-identity.js';
import { unknown, type TfValue } from './tf-values.js';
import type { SourceRef } from '../../../model/source.js';
import type { ModuleInputs } from './module-instance.js';
import { MappingState } from '../terraform-resources/mapping-state.js';

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
  const terragruntFiles: TextFile[] = [];
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const dir = dirOf(file.path);
    if (TERRAGRUNT_FILE.test(file.path)) { terragruntFiles.push(file); continue; }
    if (TFVARS.test(file.path)) { varFilesByDir.set(dir, [...(varFilesByDir.get(dir) ?? []), file]); continue; }
    if (!TF.test(file.path)) { if (TEMPLATES.test(file.path)) loaded.push(file.path); continue; }
    addModuleFile(file);
  }
  const configs = new Map<string, ModuleConfig>();
  for (const [dir, tfFiles] of byDir) configs.set(dir, collectModuleConfig(dir, tfFiles));
  // Only a module of the scanned paths can be a root: one read from elsewhere is there for a caller.
  const scannedDirs = new Set(configs.keys());
  const pending = [...configs.values()];
  const tried = new Set(configs.keys());
  /** Reads a module directory outside the scanned paths once; false when it holds no .tf file. */
  const readModuleDirectory = (dir: string): boolean => {
    if (configs.has(dir)) return true;
    if (!repository || tried.has(dir) || tried.size >= MAX_MODULE_DIRECTORIES) return false;
    tried.add(dir);
    const found = repository.readDirectory(dir, (name) => TF.test(name)) ?? [];
    if (found.length === 0) return false;
    byDir.delete(dir);
    for (const file of found) addModuleFile(file);
    const added = collectModuleConfig(dir, byDir.get(dir) ?? []);
    configs.set(dir, added);
    pending.push(added);
    return true;
  };

  // Terragrunt units: each runs its module as a root of its own, with its inputs
  // (terragrunt.ts). Units outside the scanned paths that a unit depends on are read for their outputs only.
  let outputsOf: (dir: string, at: SourceRef) => TfValue = (dir, at) => unknown(`the outputs of ${dir}`, at);
  // One log for the Terragrunt units and the modules alike: each problem once, however many units meet it.
  const issueLog = new IssueLog(issues);
  const givenTexts = new Map(files.map((f) => [f.path, f.text]));
  // Every unit reads the same parent configurations (`root.hcl`, `env.hcl`): each is read and parsed once.
  const texts = new Map<string, string | undefined>();
  const parses = new Map<string, ReturnType<TerragruntEnvironment['parse']>>();
  const terragrunt: TerragruntEnvironment = {
    readText: (path) => {
      if (!texts.has(path)) texts.set(path, givenTexts.get(path) ?? repository?.readText(path));
      return texts.get(path);
    },
    parse: (path, text) => {
      let parsed = parses.get(path);
      if (!parsed) {
        const { body, errors } = parseHcl(text);
        parses.set(path, (parsed = { file: new TfFile(path, text, body), errors }));
      }
      return parsed;
    },
    repositoryRoot: repository?.root,
    account: deployAccount(context),
    environment: context.terragruntEnv ?? {},
    outputsOf: (dir, at) => outputsOf(dir, at),
    report: (issue) => issueLog.add(issue),
  };
  const units = new Map<string, { unit: TerragruntUnit; inScan: boolean }>();
  const skippedConfigs: { file: string; reason: string }[] = [];
  const readUnit = (file: string, text: string, inScan: boolean): void => {
    const read = readTerragruntUnit(file, text, terragrunt, (dir) => byDir.has(dir) || readModuleDirectory(dir));
    if ('notAUnit' in read) { if (inScan) skippedConfigs.push({ file, reason: read.notAUnit }); return; }
    units.set(read.dir, { unit: read, inScan });
    if (inScan) loaded.push(file);
    if ('dir' in read.module) readModuleDirectory(read.module.dir);
  };
  for (const file of terragruntFiles) readUnit(file.path, file.text, true);
  // The units depended on, transitively: their outputs are inputs here.
  const dependencyQueue = [...units.values()].flatMap(({ unit }) => unit.dependencies);
  while (dependencyQueue.length > 0 && units.size < MAX_MODULE_DIRECTORIES) {
    const dir = dependencyQueue.shift() as string;
    if (units.has(dir)) continue;
    const file = joinModulePath(dir, 'terragrunt.hcl');
    const text = terragrunt.readText(file);
    if (text === undefined) continue;
    readUnit(file, text, false);
    dependencyQueue.push(...(units.get(dir)?.unit.dependencies ?? []));
  }
  const readByUnits = new Set([...units.values()].flatMap(({ unit }) => unit.read));
  const skipped: { file: string; reason: string }[] = [];
  for (const { file, reason } of skippedConfigs) {
    if (readByUnits.has(file)) loaded.push(file);
    else skipped.push({ file, reason });
  }

  // Local modules outside the scanned paths (`source = "../modules/x"` from `infra/prod`) are read
  // too, transitively; each directory once, so a cycle of calls ends.
  while (repository && pending.length > 0 && tried.size < MAX_MODULE_DIRECTORIES) {
    const config = pending.shift() as ModuleConfig;
    for (const call of config.moduleCalls.values()) {
      const source = moduleSource(call.node);
      if (source === undefined || !isLocalSource(source)) continue;
      readModuleDirectory(joinModulePath(config.dir, source));
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
    issueLog,
  };
  const scannedUnits = [...units.values()].filter((u) => u.inScan).map((u) => u.unit).sort((a, b) => a.dir.localeCompare(b.dir));
  // A module a unit of the scan runs is evaluated as that unit, with its inputs, not on its own.
  const runByUnits = new Set(scannedUnits.flatMap((u) => ('dir' in u.module ? [u.module.dir, u.dir] : [u.dir])));
  const moduleRoots = [...configs.keys()].filter((dir) => scannedDirs.has(dir) && !called.has(dir) && !runByUnits.has(dir)).sort();
  const given = context.varFiles ?? [];
  const applied = new Set<string>();
  const creatingRoots = [...moduleRoots.filter((root) => createsAnything(configs.get(root))), ...scannedUnits.map((u) => u.dir)];
  const byRoot = moduleRoots.map((dir) => {
    const config = configs.get(dir) as ModuleConfig;
    const varFiles = [...automaticVarFiles(varFilesByDir.get(dir) ?? []), ...givenVarFilesFor(dir, given, creatingRoots)];
    for (const file of varFiles) applied.add(file.path);
    const inputs = readTfvars(varFiles, issues);
    const resources: TerraformResourceInput[] = [];
    new ModuleInstance(world, config, '', inputs, dir).collectResources(resources);
    return { root: dir, resources };
  });
  const instances = new Map<string, ModuleInstance | undefined>();
  const instanceOf = (unit: TerragruntUnit): ModuleInstance | undefined => {
    if (instances.has(unit.dir)) return instances.get(unit.dir);
    instances.set(unit.dir, undefined);
    if (!('dir' in unit.module)) return undefined;
    const moduleDir = unit.module.dir;
    const base = configs.get(moduleDir);
    if (!base) return undefined;
    const config = unit.generated.length > 0 ? withGeneratedFiles(base, unit.generated, issues) : base;
    // Variable files beside the module and beside the unit (Terragrunt copies both into its working
    // directory), those `extra_arguments` name, then --var-file: each above the inputs.
    const varFiles = [
      ...automaticVarFiles(varFilesByDir.get(moduleDir) ?? []),
      ...(unit.dir !== moduleDir ? automaticVarFiles(varFilesByDir.get(unit.dir) ?? []) : []),
      ...unit.varFiles,
      ...givenVarFilesFor(unit.dir, given, creatingRoots),
    ];
    for (const file of varFiles) applied.add(file.path);
    const instance = new ModuleInstance(world, config, '', layeredInputs(readTfvars(varFiles, issues), unit.inputs), moduleDir);
    instances.set(unit.dir, instance);
    return instance;
  };
  outputsOf = (dir, at) => {
    const unit = units.get(dir)?.unit;
    if (!unit) return unknown(`the outputs of ${dir} (no Terragrunt unit the scan can read there)`, at);
    const instance = instanceOf(unit);
    return instance ? instance.outputs() : unknown(`the outputs of ${dir} (the module it runs is not read)`, at);
  };
  for (const unit of scannedUnits) {
    const instance = instanceOf(unit);
    if (!instance) {
      const what = 'remote' in unit.module ? `terraform.source ${JSON.stringify(unit.module.remote)} is not read` : `no .tf files found at ${unit.module.dir}`;
      issues.push({ code: 'terraformModuleNotLoaded', message: `Terragrunt unit ${unit.dir}: ${what}; the resources and grants it creates are not in the analysis`, source: 'remote' in unit.module ? unit.module.at : { file: unit.file, line: 1 } });
      continue;
    }
    const resources: TerraformResourceInput[] = [];
    instance.collectResources(resources);
    byRoot.push({ root: unit.dir, resources });
  }
  const roots = byRoot.map((r) => r.root);
  scopeSharedAddresses(byRoot);
  // A variable file whose values no root module takes is listed as skipped, saying why: a report
  // that counted it as loaded would hide that the variables it sets are unknown here.
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

/** Variable files above a Terragrunt unit's inputs (which Terragrunt passes as `TF_VAR_` environment variables). */
function layeredInputs(files: Map<string, TfValue>, inputs: ModuleInputs): ModuleInputs {
  return {
    has: (name) => files.has(name) || inputs.has(name),
    get: (name) => (files.has(name) ? files.get(name) : inputs.get(name)),
  };
}

/**
 * The module with the `.tf` files a unit's `generate` blocks write into it: each replaces a file of
 * the same name unless `if_exists = "skip"`. A generated file is named after the configuration that
 * writes it, its lines those of the block's `contents`.
 */
function withGeneratedFiles(config: ModuleConfig, generated: TerragruntUnit['generated'], issues: Issue[]): ModuleConfig {
  let files = config.files;
  for (const file of generated) {
    const clash = files.some((f) => baseName(f.path) === file.name);
    if (clash && file.ifExists === 'skip') continue;
    const parsed = parseTerraformFile({ path: file.from, text: `${'\n'.repeat(Math.max(0, file.line))}${file.text}` });
    issues.push(...parsed.issues);
    files = [...files.filter((f) => baseName(f.path) !== file.name), new TfFile(file.from, parsed.text, parsed.body)];
  }
  return collectModuleConfig(config.dir, files);
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
  wantsPath: (path) => TF.test(path) || TFVARS.test(path) || TEMPLATES.test(path) || TERRAGRUNT_FILE.test(path),
  loadAll(files: TextFile[], context: LoadContext, repository?: RepositoryFiles): BatchLoadResult {
    const evaluated = evaluateTerraformFiles(files, context, repository);
    // Each root is mapped on its own: a reference joins only within its configuration. With several
    // roots, what the mapping reports names the root it was found in.
    const withResources = evaluated.byRoot.filter((r) => r.resources.length > 0);
    const label = (root: string): string | undefined => (withResources.length > 1 ? root : undefined);
    // A Terragrunt dependency's output naming its own resource is resolved in that root, as its mapping resolves it.
    const resolvers = new Map<string, MappingState>();
    const resolveForeign = (root: string, reference: string): TfValue | undefined => {
      const entry = withResources.find((r) => r.root === root);
      if (!entry) return undefined;
      let state = resolvers.get(root);
      if (!state) resolvers.set(root, (state = new MappingState(entry.resources, mappingContext, label(root))));
      return state.resolve(unknown(`${reference} (known after apply)`), 'join');
    };
    const mappingContext = { ...context, resolveForeign };
    const mapped = withResources.map((r) => mapTerraformResources(r.resources, mappingContext, label(r.root)));
    return { fragments: mapped.map((m) => m.fragment), issues: [...evaluated.issues, ...mapped.flatMap((m) => m.issues)], loaded: evaluated.loaded, skipped: evaluated.skipped };
  },
};
