import { posix } from 'node:path';
import type { Issue } from '../../../model/issue.js';
import type { SourceRef } from '../../../model/source.js';
import type { HclAttribute, HclBlock, HclBody, HclExpression } from '../hcl/hcl-ast.js';
import { evaluateExpression, type EvalScope, type ReferenceResolver, type ResolvedReference, type TraversalStep } from '../terraform/evaluate-expression.js';
import { dirOf, joinModulePath } from '../terraform/module-config.js';
import type { ModuleInputs } from '../terraform/module-instance.js';
import type { TfFunction } from '../terraform/tf-functions.js';
import type { TfFile } from '../terraform/tf-file.js';
import { containsUnknown, encodeJson, fromJson, isKnownMap, isUnknown, unknown, type TfObject, type TfUnknown, type TfValue } from '../terraform/tf-values.js';
import { TERRAGRUNT_FUNCTIONS } from './terragrunt-functions.js';
import { resolvePath } from './paths.js';
import { REFERENCE } from '../terraform-resources/mapping-state.js';
import { inputValuesAsValue, inputValuesOf, mergeInputValues, NO_INPUTS, overridable, type InputValues } from './input-values.js';

/** What evaluating Terragrunt configurations reads: files, the repository root, other units' outputs. */
export interface TerragruntEnvironment {
  /** A file's text by its path from the scan root, or undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /** The repository's root directory from the scan root (`.`, `..`), when known. */
  repositoryRoot: string | undefined;
  /** The account `get_aws_account_id()` stands for (the scan's deploy account). */
  account: string;
  /** The environment variables `get_env()` reads: those the user gave (`--terragrunt-env`), never the scanning process's. */
  environment: Readonly<Record<string, string>>;
  /** The outputs of the unit whose directory is `dir`, or an unknown saying why they cannot be known. */
  outputsOf(dir: string, at: SourceRef): TfValue;
  /** Reports what cannot be read (each problem once, however many units meet it). */
  report(issue: Issue): void;
  /** Parses a configuration file, once however many units read it. */
  parse(path: string, text: string): { file: TfFile; errors: { message: string; line: number; column?: number }[] };
}

export interface GeneratedFile {
  name: string;
  text: string;
  ifExists: string;
  from: string;
  line: number;
}

/** How deep `read_terragrunt_config` and `include` may nest. */
const MAX_CONFIG_DEPTH = 5;

interface UnitPlace {
  dir: string;
  file: string;
}

interface Include {
  name: string | undefined;
  config: TerragruntConfig;
  strategy: 'shallow' | 'deep' | 'no_merge';
}

/** One configuration file (the unit's own, an included one, or one read with `read_terragrunt_config`), evaluated for one unit. */
export class TerragruntConfig implements ReferenceResolver {
  private readonly tf: TfFile;
  private readonly localDecls = new Map<string, HclAttribute>();
  private readonly localValues = new Map<string, TfValue>();
  private readonly resolving = new Set<string>();
  private includesMemo?: Include[];
  private inputsValue?: InputValues;
  private readonly reads = new Set<string>();

  /** The unit's own configuration: a `dependency.x` in an included file is the unit's dependency. */
  private readonly owner: TerragruntConfig;

  constructor(readonly path: string, text: string, private readonly unit: UnitPlace, private readonly env: TerragruntEnvironment, private readonly depth: number, owner?: TerragruntConfig) {
    this.owner = owner ?? this;
    const parsed = env.parse(path, text);
    for (const e of parsed.errors) env.report({ code: 'hclParseError', message: `Terragrunt configuration not fully understood: ${e.message}`, source: { file: path, line: e.line, ...(e.column !== undefined ? { column: e.column } : {}) } });
    this.tf = parsed.file;
    for (const block of blocks(this.tf.body, 'locals')) {
      for (const item of block.body.items) if (item.kind === 'attribute' && !this.localDecls.has(item.name)) this.localDecls.set(item.name, item);
    }
  }

  private scope(): EvalScope {
    return { file: this.tf, resolver: this, bindings: new Map() };
  }

  private evaluate(expr: HclExpression): TfValue {
    return evaluateExpression(expr, this.scope());
  }

  private at(line: number): SourceRef {
    return { file: this.path, line };
  }

  /** The configurations this one includes, parsed once (one level: Terragrunt does not nest includes). */
  private includes(): Include[] {
    if (this.includesMemo) return this.includesMemo;
    this.includesMemo = [];
    if (this.depth > 0) return this.includesMemo;
    for (const block of blocks(this.tf.body, 'include')) {
      const path = attribute(block.body, 'path');
      if (!path) continue;
      const value = this.evaluate(path.expression);
      if (typeof value !== 'string') {
        this.issue(block.line, `include${block.labels[0] ? ` "${block.labels[0]}"` : ''}: path ${this.tf.textOf(path.expression.range)} cannot be resolved; what it would merge in (inputs, dependencies) is not read, so the variables it sets are unknown`);
        continue;
      }
      const file = this.fromUnit(value);
      const text = this.env.readText(file);
      if (text === undefined) {
        this.issue(block.line, `include: ${file} cannot be read; the inputs it would merge in are unknown`);
        continue;
      }
      this.reads.add(file);
      const strategyAttr = attribute(block.body, 'merge_strategy');
      const strategy = strategyAttr ? this.evaluate(strategyAttr.expression) : 'shallow';
      this.includesMemo.push({
        name: block.labels[0],
        config: new TerragruntConfig(file, text, this.unit, this.env, this.depth + 1, this.owner),
        strategy: strategy === 'deep' || strategy === 'no_merge' ? strategy : 'shallow',
      });
    }
    return this.includesMemo;
  }

  private merged(): Include[] {
    return this.includes().filter((i) => i.strategy !== 'no_merge');
  }

  private issue(line: number, message: string): void {
    this.env.report({ code: 'unresolvedExpression', message, source: this.at(line) });
  }

  /** A path as written in the configuration, from the scan root (Terragrunt reads them from the unit's directory). */
  private fromUnit(path: string): string {
    return resolvePath(this.unit.dir, path);
  }

  /** `terraform.source`: the unit's own, else the last included configuration's. */
  terraformSource(): { value: TfValue; at: SourceRef } | undefined {
    const own = blocks(this.tf.body, 'terraform').map((b) => attribute(b.body, 'source')).find((a) => a !== undefined);
    if (own) return { value: this.evaluate(own.expression), at: this.at(own.line) };
    for (const include of [...this.merged()].reverse()) {
      const found = include.config.terraformSource();
      if (found) return found;
    }
    return undefined;
  }

  /**
   * What `inputs` sets in this file alone (nothing without one). `merge(a, b, …)` is read argument by
   * argument, so that the keys of a known map after an unknown one stay known.
   */
  private ownInputs(): InputValues {
    if (this.inputsValue !== undefined) return this.inputsValue;
    const attr = attribute(this.tf.body, 'inputs');
    if (!attr) return (this.inputsValue = NO_INPUTS);
    const expr = attr.expression;
    this.inputsValue = this.guarded('inputs', () => inputValuesOf(unknown('inputs (refers to itself through a dependency)', this.at(attr.line))), () => (
      expr.kind === 'call' && expr.name === 'merge' && !expr.expandFinal
        ? expr.args.reduce((merged, arg) => mergeInputValues(merged, inputValuesOf(this.evaluate(arg)), 'shallow'), NO_INPUTS)
        : inputValuesOf(this.evaluate(expr))));
    return this.inputsValue;
  }

  /** The inputs after merging the included configurations in (the unit's own keys win). */
  mergedInputs(): InputValues {
    let result = NO_INPUTS;
    for (const include of this.merged()) result = mergeInputValues(result, include.config.mergedInputs(), include.strategy === 'deep' ? 'deep' : 'shallow');
    return mergeInputValues(result, this.ownInputs(), this.merged().some((i) => i.strategy === 'deep') ? 'deep' : 'shallow');
  }

  /** The unit's variable values, read as the module asks for them. */
  inputs(): ModuleInputs {
    let value: InputValues | undefined;
    const all = (): InputValues => (value ??= this.mergedInputs());
    return {
      // Inputs that cannot be read may set any variable: each reads as unknown, named after the variable.
      has: (name) => Object.prototype.hasOwnProperty.call(all().values, name) || all().rest !== undefined,
      get: (name) => {
        const { values, rest } = all();
        if (Object.prototype.hasOwnProperty.call(values, name)) return values[name];
        return rest ? overridable(name, rest) : undefined;
      },
    };
  }

  /** `extra_arguments` variable files of the unit and its includes, read (a missing optional one is skipped). */
  extraVarFiles(): { path: string; text: string }[] {
    const out: { path: string; text: string }[] = [];
    for (const config of [...this.merged().map((i) => i.config), this]) {
      for (const terraform of blocks(config.tf.body, 'terraform')) {
        for (const extra of blocks(terraform.body, 'extra_arguments')) {
          for (const [name, required] of [['required_var_files', true], ['optional_var_files', false]] as const) {
            const attr = attribute(extra.body, name);
            if (!attr) continue;
            const list = config.evaluate(attr.expression);
            if (!Array.isArray(list)) {
              if (required) config.issue(attr.line, `extra_arguments ${name} = ${config.tf.textOf(attr.expression.range)} cannot be resolved; the variables those files set are unknown`);
              continue;
            }
            for (const item of list) {
              if (typeof item !== 'string') {
                if (required) config.issue(attr.line, `extra_arguments ${name}: an entry cannot be resolved; the variables it sets are unknown`);
                continue;
              }
              const path = this.fromUnit(item);
              const text = this.env.readText(path);
              if (text !== undefined) out.push({ path, text });
              else if (required) config.issue(attr.line, `extra_arguments required_var_files: ${path} cannot be read; the variables it sets are unknown`);
            }
          }
        }
      }
    }
    return out;
  }

  /** `.tf` files the `generate` blocks write (a later block of the same name, the unit's own last, replaces an earlier). */
  generatedFiles(): GeneratedFile[] {
    const byName = new Map<string, GeneratedFile>();
    for (const config of [...this.merged().map((i) => i.config), this]) {
      for (const block of blocks(config.tf.body, 'generate')) {
        const label = block.labels[0] ?? '';
        const path = attribute(block.body, 'path');
        const contents = attribute(block.body, 'contents');
        const ifExists = attribute(block.body, 'if_exists');
        const disabled = attribute(block.body, 'disable');
        if (!path || !contents || (disabled && config.evaluate(disabled.expression) === true)) continue;
        const name = config.evaluate(path.expression);
        if (typeof name !== 'string' || !/\.tf$/i.test(name)) continue;
        const text = config.evaluate(contents.expression);
        if (typeof text !== 'string') {
          // A backend or version pin written around an unknown (`bucket = "${local.env}-tfstate"`) creates and grants nothing.
          if (mayDeclareGrants(contents.expression)) config.issue(block.line, `generate "${label}": the contents of ${name} cannot be resolved; the file it writes into the module is not read`);
          continue;
        }
        const mode = ifExists ? config.evaluate(ifExists.expression) : 'error';
        // A heredoc's text starts on the line after `contents = <<EOF`.
        const line = contents.expression.kind === 'template' && contents.expression.heredoc !== undefined ? contents.line : contents.line - 1;
        byName.set(label, { name: posix.basename(name), text, ifExists: typeof mode === 'string' ? mode : 'error', from: config.path, line });
      }
    }
    return [...byName.values()];
  }

  /** The directories (from the scan root) of the units its `dependency` blocks name. */
  dependencyDirs(): string[] {
    const dirs = new Set<string>();
    for (const { block, config } of this.dependencyEntries().values()) {
      const path = attribute(block.body, 'config_path');
      const value = path ? config.evaluate(path.expression) : undefined;
      if (typeof value === 'string') dirs.add(this.fromUnit(value));
    }
    return [...dirs];
  }

  private entriesMemo?: Map<string, { block: HclBlock; config: TerragruntConfig }>;
  /** Dependency blocks by name, each with the file it is written in: the included ones first, the unit's own replacing one of the same name. */
  private dependencyEntries(): Map<string, { block: HclBlock; config: TerragruntConfig }> {
    if (this.entriesMemo) return this.entriesMemo;
    const found = new Map<string, { block: HclBlock; config: TerragruntConfig }>();
    for (const config of [...this.merged().map((i) => i.config), this]) {
      for (const block of blocks(config.tf.body, 'dependency')) {
        const name = block.labels[0];
        if (name !== undefined) found.set(name, { block, config });
      }
    }
    this.entriesMemo = found;
    return found;
  }

  readConfigs(): string[] {
    return [...new Set([...this.reads, ...this.includes().flatMap((i) => i.config.readConfigs())])];
  }

  // --- ReferenceResolver ---

  resolve(root: string, steps: TraversalStep[], at: SourceRef, text: string): ResolvedReference {
    const first = steps[0];
    const name = first?.kind === 'attr' ? first.name : undefined;
    const notResolved = (why: string): ResolvedReference => ({ value: unknown(`${text} (${why})`, at), consumed: steps.length });
    switch (root) {
      case 'local':
        return name === undefined ? notResolved('not a local value') : { value: this.local(name, at), consumed: 1 };
      case 'dependency':
        return name === undefined ? notResolved('not a dependency') : { value: this.dependency(name, at), consumed: 1 };
      case 'include':
        return this.includeReference(steps, at, text);
      default:
        return notResolved('not a name Terragrunt defines');
    }
  }

  private local(name: string, at: SourceRef): TfValue {
    const memo = this.localValues.get(name);
    if (memo !== undefined) return memo;
    const decl = this.localDecls.get(name);
    if (!decl) return unknown(`local.${name} (not declared)`, at);
    const value = this.guarded(`local.${name}`, () => unknown(`local.${name} (refers to itself)`, at), () => this.evaluate(decl.expression));
    this.localValues.set(name, value);
    return value;
  }

  private allLocals(): TfObject {
    const out: TfObject = {};
    for (const name of this.localDecls.keys()) out[name] = this.local(name, this.at(1));
    return out;
  }

  /**
   * `dependency.NAME`: `outputs` are the outputs of that unit's module, evaluated with its own inputs.
   * `mock_outputs` are never used: they are placeholders for a plan before the dependency exists, not
   * what it outputs once applied.
   */
  private dependency(name: string, at: SourceRef): TfValue {
    const entry = this.owner.dependencyEntries().get(name);
    if (!entry) return unknown(`dependency.${name} (no such dependency block)`, at);
    const { block, config } = entry;
    const path = attribute(block.body, 'config_path');
    const value = path ? config.evaluate(path.expression) : undefined;
    if (typeof value !== 'string') return { outputs: unknown(`dependency.${name}.outputs (its config_path cannot be resolved)`, at) };
    const skip = attribute(block.body, 'skip_outputs');
    if (skip && config.evaluate(skip.expression) === true) return { outputs: unknown(`dependency.${name}.outputs (skip_outputs = true)`, at) };
    const dir = this.fromUnit(value);
    return { outputs: this.owner.guarded(`dependency ${dir}`, () => unknown(`dependency.${name}.outputs (the dependencies form a cycle)`, at), () => asOutputOf(this.env.outputsOf(dir, at), dir)) };
  }

  /** `include.NAME.locals…`, `include.NAME.inputs…` (an `expose`d include), `include.locals…` for an unnamed one. */
  private includeReference(steps: TraversalStep[], at: SourceRef, text: string): ResolvedReference {
    const first = steps[0];
    const name = first?.kind === 'attr' ? first.name : undefined;
    const includes = this.includes();
    const named = includes.find((i) => i.name !== undefined && i.name === name);
    const include = named ?? includes.find((i) => i.name === undefined);
    if (!include) return { value: unknown(`${text} (no such include)`, at), consumed: steps.length };
    const exposed: TfObject = { locals: include.config.allLocals(), inputs: inputValuesAsValue(include.config.mergedInputs()) };
    return { value: exposed, consumed: named ? 1 : 0 };
  }

  private guarded<T>(key: string, onCycle: () => T, compute: () => T): T {
    if (this.resolving.has(key)) return onCycle();
    this.resolving.add(key);
    try {
      return compute();
    } finally {
      this.resolving.delete(key);
    }
  }

  // --- FunctionContext ---

  readFile(path: string): string | undefined {
    const file = resolvePath(dirOf(this.path), path);
    const text = this.env.readText(file);
    if (text !== undefined) this.reads.add(file);
    return text;
  }

  renderTemplate(): TfValue {
    return unknown('templatefile() in a Terragrunt configuration (not evaluated)');
  }

  listFiles(): string[] | undefined {
    return undefined;
  }

  functionOf(name: string): TfFunction | undefined {
    const fn = Object.hasOwn(TERRAGRUNT_FUNCTIONS, name) ? TERRAGRUNT_FUNCTIONS[name] : undefined;
    return fn === undefined ? undefined : (args, site) => fn(this, args, site.unknownHere);
  }

  // What Terragrunt's built-in functions need (https://terragrunt.gruntwork.io/docs/reference/built-in-functions/).

  /** A directory from the scan root as the path functions give it (`/env/prod`, `/` for the scan root). */
  absolute(dir: string): string {
    return dir === '.' || dir === '' ? '/' : `/${dir}`;
  }

  /**
   * The nearest parent directory of the unit holding `name` (Terragrunt starts at the unit's parent),
   * up to the repository root (else the scan root): the configuration nearest the unit.
   */
  findInParentFolders(name: string | undefined): string | undefined {
    const wanted = name ?? 'terragrunt.hcl';
    const top = this.env.repositoryRoot ?? '.';
    let dir = this.unit.dir;
    const topDepth = top === '.' ? 0 : top.split('/').length;
    for (let i = 0; i < 64 && dir !== top; i++) {
      // Above the scan root only as far as the repository root.
      if (/^\.\.(\/\.\.)*$/.test(dir) && dir.split('/').length >= topDepth) break;
      const parent = joinModulePath(dir, '..');
      if (this.env.readText(joinModulePath(parent, wanted)) !== undefined) return `${this.absolute(parent).replace(/\/$/, '')}/${wanted}`;
      dir = parent;
    }
    return undefined;
  }

  unitDir(): string {
    return this.absolute(this.unit.dir);
  }

  /** The directory of the included configuration this file is (or, in the unit, of its first include). */
  parentDir(): string {
    const file = this.depth > 0 ? this.path : this.includes()[0]?.config.path;
    return this.absolute(dirOf(file ?? this.unit.file));
  }

  relativeToInclude(): string {
    const file = this.depth > 0 ? this.path : this.includes()[0]?.config.path;
    return posix.relative(dirOf(file ?? this.unit.file), this.unit.dir) || '.';
  }

  repositoryRoot(): string | undefined {
    return this.env.repositoryRoot === undefined ? undefined : this.absolute(this.env.repositoryRoot);
  }

  pathFromRepositoryRoot(): string | undefined {
    return this.env.repositoryRoot === undefined ? undefined : posix.relative(this.env.repositoryRoot === '.' ? '' : this.env.repositoryRoot, this.unit.dir) || '.';
  }

  account(): string {
    return this.env.account;
  }

  environmentVariable(name: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(this.env.environment, name) ? this.env.environment[name] : undefined;
  }

  readOtherConfig(path: string): TfValue | undefined {
    if (this.depth >= MAX_CONFIG_DEPTH) return undefined;
    const file = this.fromUnit(path);
    const text = this.env.readText(file);
    if (text === undefined) return undefined;
    this.reads.add(file);
    const other = new TerragruntConfig(file, text, this.unit, this.env, this.depth + 1, this.owner);
    for (const read of other.readConfigs()) this.reads.add(read);
    return { locals: other.allLocals(), inputs: inputValuesAsValue(other.mergedInputs()) };
  }

  /**
   * A variables file's values as `read_tfvars_file()` gives them: JSON text, which configurations
   * `jsondecode()` (Terragrunt's function marshals the file's variables). A value that cannot be
   * known leaves the whole text unknown.
   */
  readVariableFile(path: string, unknownHere: (why?: string) => TfValue): TfValue | undefined {
    const file = this.fromUnit(path);
    const text = this.env.readText(file);
    if (text === undefined) return undefined;
    this.reads.add(file);
    let values: TfValue;
    if (/\.json$/i.test(file)) {
      try {
        values = fromJson(JSON.parse(text) as unknown);
      } catch {
        return undefined;
      }
    } else {
      // Variable files hold literal values only (Terraform refuses references there).
      const tf = this.env.parse(file, text).file;
      const out: TfObject = {};
      for (const item of tf.body.items) if (item.kind === 'attribute') out[item.name] = evaluateExpression(item.expression, { file: tf, resolver: this, bindings: new Map() });
      values = out;
    }
    return containsUnknown(values) ? unknownHere(`${file} holds a value that cannot be resolved`) : encodeJson(values);
  }
}

/**
 * A dependency's output as the consuming unit sees it. Known values stay as they are. An unknown
 * keeps why it is unknown and its pattern, but no longer names a resource address of the unit that
 * made it (`aws_kms_key.this.arn (known after apply)`): in the consuming unit's own configuration
 * that address may be another resource, and the mapping would join the two (a secret bound to the
 * wrong key, judged by the wrong key policy).
 */
export function asOutputOf(value: TfValue, unitDir: string): TfValue {
  if (Array.isArray(value)) return value.map((v) => asOutputOf(v, unitDir));
  if (isUnknown(value)) {
    const note = / \(([^()]*)\)$/.exec(value.expression);
    const base = note ? value.expression.slice(0, note.index) : value.expression;
    const out: TfUnknown = { unknown: true, expression: `${base} (${note ? `${note[1]}; ` : ''}an output of the unit ${unitDir})` };
    // The resource it names is resolved in that unit's own configuration, where the address means it.
    const reference = value.foreign ? undefined : value.inferredFrom ?? value.expression.replace(/ \(known after apply\)$/, '');
    if (value.foreign) out.foreign = value.foreign;
    else if (reference !== undefined && REFERENCE.test(reference)) out.foreign = { root: unitDir, reference };
    else if (value.ownAttribute !== undefined) out.foreign = { root: unitDir, reference: value.ownAttribute };
    if (value.source) out.source = value.source;
    if (value.pattern !== undefined) out.pattern = value.pattern;
    if (value.alternatives) out.alternatives = value.alternatives.map((v) => asOutputOf(v, unitDir));
    return out;
  }
  if (isKnownMap(value)) {
    const out: TfObject = {};
    for (const [key, v] of Object.entries(value)) out[key] = asOutputOf(v, unitDir);
    return out;
  }
  return value;
}

/** Whether generated contents may hold a block that creates, reads or configures something (any but a literal template without one). */
function mayDeclareGrants(expr: HclExpression): boolean {
  if (expr.kind !== 'template') return true;
  const literal = expr.parts.map((p) => (p.kind === 'text' ? p.value : ' ')).join('');
  return /^[ \t]*(resource|data|module|provider)\b/m.test(literal);
}

export function blocks(body: HclBody, type: string): HclBlock[] {
  return body.items.filter((i): i is HclBlock => i.kind === 'block' && i.type === type);
}

export function attribute(body: HclBody, name: string): HclAttribute | undefined {
  return body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === name);
}

