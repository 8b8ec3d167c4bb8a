import { posix } from 'node:path';
import { ownEntry } from '../../../input-safety.js';
import type { HclAttribute, HclBlock } from '../hcl/hcl-ast.js';
import { parseHcl } from '../hcl/parse-hcl.js';
import type { SourceRef } from '../../../model/source.js';
import { dataSourceMayMatter, managedTypeMayMatter, UNREAD_MODULE_TYPE, type TerraformResourceInput } from '../terraform-resources/terraform-resource.js';
import { approleReferencesIn } from '../terraform-resources/map-approle-credentials.js';
import { isSecretValueAttribute, SECRET_VALUE_ATTRIBUTES, writtenSecretArguments } from '../terraform-resources/secret-values.js';
import { computedAttributes } from './computed-attributes.js';
import { evaluateBody, ignoredChanges, type EvaluatedBody } from './evaluate-body.js';
import { evaluateExpression, evaluateTemplate, type EvalScope, type ReferenceResolver, type ResolvedReference, type TraversalStep } from './evaluate-expression.js';
import { expandInstances, type InstanceKey } from './expand-instances.js';
import { isLocalSource, joinModulePath, moduleSource, type ModuleConfig, type ResourceDeclaration } from './module-config.js';
import { policyStatementSources } from './statement-sources.js';
import { childProviderPlaces, evaluateProviderBlocks, resourceProviderKey, vaultNamespacesRelative, type ProviderPlaces } from './provider-places.js';
import { TfFile } from './tf-file.js';
import { applyTypeDefaults } from './type-defaults.js';
import { fromJson, isKnownMap, isUnknown, markInstance, unknown, type TfObject, type TfUnknown, type TfValue } from './tf-values.js';
import type { TerraformWorld } from './terraform-world.js';

interface ResourceInstance {
  address: string;
  key: InstanceKey;
  decl: ResourceDeclaration;
  bindings: Map<string, TfValue>;
  evaluated?: { input: TerraformResourceInput; object: TfObject };
}

interface ModuleCallInstances {
  /** undefined when the module cannot be read (remote, missing): its outputs are unknown. */
  children?: { key: InstanceKey; module: ModuleInstance }[];
  /** When it cannot: each instance of the call with the arguments it is given (grants may be among them). */
  unread?: TerraformResourceInput[];
  expansion: 'single' | 'count' | 'for_each';
}

/**
 * One instance of a module (the root, or one `module` block instance): resolves the names its
 * expressions use, lazily and once each, and lists its resource instances with their values.
 * A reference that cannot be resolved (a cycle, an undeclared name) becomes an unknown naming it.
 * https://developer.hashicorp.com/terraform/language/expressions/references
 */
export class ModuleInstance implements ReferenceResolver {
  private readonly locals = new Map<string, TfValue>();
  private readonly variableValues = new Map<string, TfValue>();
  private readonly resources = new Map<string, ResourceInstance[]>();
  private readonly calls = new Map<string, ModuleCallInstances>();
  private outputsMemo?: TfObject;
  private readonly resolving = new Set<string>();

  constructor(
    private readonly world: TerraformWorld,
    readonly config: ModuleConfig,
    /** `''` for the root, else `module.a["k"].` */
    readonly prefix: string,
    private readonly inputs: ModuleInputs,
    private readonly rootDir: string,
    private readonly depth = 0,
    /** Provider configurations passed down by the caller (none for a root module). */
    private readonly inheritedPlaces: ProviderPlaces = new Map(),
  ) {}

  private placesMemo?: ProviderPlaces;
  /** The provider configurations this instance's resources use: inherited ones, then its own blocks. */
  providerPlaces(): ProviderPlaces {
    if (!this.placesMemo) {
      const own = evaluateProviderBlocks(this.config.providers, (d) => this.scope(d.file));
      for (const place of own.values()) {
        if (place.plaintextCredentials !== undefined && place.source !== undefined) {
          this.world.issueLog.add({ code: 'plaintextCredentialInConfiguration', message: `provider ${place.key}: ${place.plaintextCredentials.join(', ')} ${place.plaintextCredentials.length === 1 ? 'is' : 'are'} written in the configuration (value${place.plaintextCredentials.length === 1 ? '' : 's'} not shown): whoever reads these files can act with ${place.plaintextCredentials.length === 1 ? 'it' : 'them'}, and who that is is not in the analysis`, source: place.source });
        }
        // Not silent: a grant naming the region the value will have is matched only if it is the scan's.
        if (place.regionUnknown !== undefined) {
          this.world.issueLog.add({ code: 'unresolvedExpression', message: `provider ${place.key}: region = ${place.regionUnknown.expression} cannot be resolved; its resources are read as in ${this.world.context.region}, the scan's region, and a grant naming only another region does not match them (give the variable a value in terraform.tfvars or with --var-file, or set accounts.region in the manifest)`, source: place.regionUnknown.source });
        }
      }
      this.placesMemo = new Map([...this.inheritedPlaces, ...(this.depth === 0 ? vaultNamespacesRelative(own) : own)]);
    }
    return this.placesMemo;
  }

  /** Where a resource is created: its provider configuration's region and account, else the scan's. */
  private placeOf(decl: ResourceDeclaration): { region: string; account?: string; provider: string; vaultNamespace?: string; vaultNamespaceUnknown?: string } {
    const provider = resourceProviderKey(decl.node, decl.type);
    const place = this.providerPlaces().get(provider);
    const account = place?.account ?? this.world.context.defaultAccount;
    return {
      provider, region: place?.region ?? this.world.context.region, ...(account !== undefined ? { account } : {}),
      ...(place?.vaultNamespace !== undefined ? { vaultNamespace: place.vaultNamespace } : {}),
      ...(place?.vaultNamespaceUnknown !== undefined ? { vaultNamespaceUnknown: place.vaultNamespaceUnknown } : {}),
    };
  }

  scope(file: TfFile, bindings: ReadonlyMap<string, TfValue> = new Map()): EvalScope {
    return { file, resolver: this, bindings };
  }

  resolve(root: string, steps: TraversalStep[], at: SourceRef, text: string): ResolvedReference {
    const first = steps[0];
    const name = first?.kind === 'attr' ? first.name : undefined;
    const notResolved = (why: string): ResolvedReference => ({ value: unknown(`${text} (${why})`, at), consumed: steps.length });
    switch (root) {
      case 'var':
        return name === undefined ? notResolved('not a variable') : { value: this.variable(name, at), consumed: 1 };
      case 'local':
        return name === undefined ? notResolved('not a local value') : { value: this.local(name, at), consumed: 1 };
      case 'path':
        // Terraform gives paths relative to the working directory, which is the root module's.
        if (name === 'module') return { value: relativeToRoot(this.rootDir, this.config.dir), consumed: 1 };
        if (name === 'root') return { value: '.', consumed: 1 };
        // An absolute path on the machine that runs Terraform, which no input names: its basename
        // (a common way to name things after the environment directory) is not ".".
        if (name === 'cwd') return { value: unknown(`${text} (the absolute directory Terraform is run from)`, at), consumed: 1 };
        return notResolved('unknown path attribute');
      case 'terraform':
        return name === 'workspace' ? { value: 'default', consumed: 1 } : notResolved('unknown terraform attribute');
      case 'module':
        return name === undefined ? notResolved('not a module') : { value: this.moduleValue(name, at), consumed: 1 };
      case 'data': {
        const second = steps[1];
        if (name === undefined || second?.kind !== 'attr') return notResolved('not a data source');
        const decl = this.config.resources.get(`data.${name}.${second.name}`);
        return decl ? this.resourceReference(decl, steps, 2) : notResolved('no such data source in this module');
      }
      case 'resource': {
        // `resource.TYPE.NAME` is the same reference as `TYPE.NAME`: Terraform keeps the prefix as
        // an escape for resource types a later language edition may reserve (internal/addrs/parse_ref.go).
        const second = steps[1];
        if (name === undefined || second?.kind !== 'attr') return notResolved('not a resource');
        const decl = this.config.resources.get(`${name}.${second.name}`);
        return decl ? this.resourceReference(decl, steps, 2) : notResolved('no such resource in this module');
      }
      case 'count': case 'each': case 'self':
        return notResolved(`${root} is not available here`);
      default: {
        if (name === undefined) return notResolved('not a reference');
        const decl = this.config.resources.get(`${root}.${name}`);
        return decl ? this.resourceReference(decl, steps, 1) : notResolved('no such resource in this module');
      }
    }
  }

  readFile(path: string): string | undefined {
    return this.locateFile(path)?.text;
  }

  listFiles(path: string): string[] | undefined {
    // Relative to the working directory (the root module), as Terraform lists it.
    return this.world.repository?.listFiles(joinModulePath(this.rootDir, path));
  }

  /** A file named in the configuration, and the path it was found at. */
  private locateFile(path: string): { path: string; text: string } | undefined {
    // Relative to the working directory (the root module), as Terraform reads it; then to this module.
    const candidates = [joinModulePath(this.rootDir, path), joinModulePath(this.config.dir, path)];
    for (const c of candidates) {
      const text = this.world.texts.get(c) ?? this.world.repository?.readText(c);
      if (text !== undefined) return { path: c, text };
    }
    return undefined;
  }

  renderTemplate(text: string, path: string, vars: TfObject, at: SourceRef, from: { filePath: string; label: string } = { filePath: this.locateFile(path)?.path ?? joinModulePath(this.config.dir, path), label: `templatefile("${path}")` }): TfValue {
    // A template file is a heredoc body: wrap it as one, so the same parser and evaluator serve.
    const marker = '__SECRET_SCAN_TEMPLATE_END__';
    const wrapped = `t = <<${marker}\n${text}${text.endsWith('\n') ? '' : '\n'}${marker}\n`;
    const parsed = parseHcl(wrapped);
    const attr = parsed.body.items[0];
    if (parsed.errors.length > 0 || attr?.kind !== 'attribute' || attr.expression.kind !== 'template') {
      return unknown(`${from.label} (template not understood)`, at);
    }
    const file = new TfFile(from.filePath, wrapped, parsed.body);
    const value = evaluateTemplate(attr.expression.parts, this.scope(file, new Map(Object.entries(vars))), false, () => from.label);
    // The heredoc wrapping added a final newline the text may not have: the rendering (or, unknown, its pattern) drops it again.
    if (text.endsWith('\n')) return value;
    if (typeof value === 'string') return value.replace(/\n$/, '');
    return isUnknown(value) && value.pattern !== undefined ? { ...value, pattern: value.pattern.replace(/\n$/, '') } : value;
  }

  /**
   * `data "template_file"` (the hashicorp/template provider, from before `templatefile()`): its
   * `rendered` is `template`, a template's text, rendered with `vars` as `templatefile()` renders a
   * file. `vars` is an attribute, or a block in configurations written for Terraform 0.11.
   * https://registry.terraform.io/providers/hashicorp/template/latest/docs/data-sources/file
   */
  private renderTemplateFile(values: TfObject, address: string, at: SourceRef): TfValue | undefined {
    const template = values['template'];
    if (isUnknown(template)) return unknown(`${address}.rendered (template ${template.expression})`, at);
    if (typeof template !== 'string') return undefined;
    const given = values['vars'];
    const vars: TfValue = (Array.isArray(given) && given.length === 1 ? given[0] : given) ?? {};
    if (isUnknown(vars)) return unknown(`${address}.rendered (vars ${vars.expression})`, at);
    if (!isKnownMap(vars)) return undefined;
    // Mostly `template = file("x.tpl")`: the file of that text, if the scan has it, is where its lines are.
    // (The scan's texts are keyed by normalized path, without the leading `/` of an absolute one.)
    const fromFile = [...this.world.texts].find(([, text]) => text === template)?.[0];
    const filePath = fromFile === undefined ? at.file : at.file.startsWith('/') && !fromFile.startsWith('/') ? `/${fromFile}` : fromFile;
    return this.renderTemplate(template, address, vars, at, { filePath, label: `${address}.rendered` });
  }

  /** Every resource and data source instance of this module and the modules it calls, evaluated. */
  collectResources(out: TerraformResourceInput[]): void {
    for (const decl of this.config.resources.values()) for (const inst of this.instances(decl)) out.push(this.evaluate(inst).input);
    for (const name of this.config.moduleCalls.keys()) {
      const call = this.moduleCall(name);
      for (const child of call.children ?? []) child.module.collectResources(out);
      out.push(...(call.unread ?? []));
    }
  }

  private guarded<T>(key: string, fallback: () => T, compute: () => T): T {
    if (this.resolving.has(key)) return fallback();
    this.resolving.add(key);
    try {
      return compute();
    } finally {
      this.resolving.delete(key);
    }
  }

  private variable(name: string, at: SourceRef): TfValue {
    const memo = this.variableValues.get(name);
    if (memo !== undefined) return memo;
    const decl = this.config.variables.get(name);
    const given = this.inputs.has(name) ? this.inputs.get(name) as TfValue : undefined;
    if (!decl) return given ?? unknown(`var.${name} (variable not declared)`, at);
    const attribute = (n: string): HclAttribute | undefined => decl.node.body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === n);
    const def = attribute('default');
    const scope = this.scope(decl.file);
    let value: TfValue;
    // `nullable = false`: a null from the caller means "use the default".
    // https://developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values
    const nullable = attribute('nullable');
    const nullMeansDefault = given === null && nullable !== undefined && evaluateExpression(nullable.expression, scope) === false;
    if (given !== undefined && !nullMeansDefault) value = given;
    else if (def) value = evaluateExpression(def.expression, scope);
    else return unknown(`var.${name} (no value given)`, { file: decl.file.path, line: decl.node.line });
    const type = attribute('type');
    if (type) value = applyTypeDefaults(type.expression, value, (e) => evaluateExpression(e, scope));
    this.variableValues.set(name, value);
    return value;
  }

  private local(name: string, at: SourceRef): TfValue {
    const memo = this.locals.get(name);
    if (memo !== undefined) return memo;
    const decl = this.config.locals.get(name);
    if (!decl) return unknown(`local.${name} (not declared)`, at);
    const value = this.guarded(`local.${name}`, () => unknown(`local.${name} (refers to itself)`, at),
      () => evaluateExpression(decl.node.expression, this.scope(decl.file)));
    this.locals.set(name, value);
    return value;
  }

  private instances(decl: ResourceDeclaration): ResourceInstance[] {
    let list = this.resources.get(decl.key);
    if (list) return list;
    const base = `${this.prefix}${decl.key}`;
    list = this.guarded(`expand ${decl.key}`, () => [], () =>
      expandInstances(decl.node, this.scope(decl.file), this.world, base, { quiet: decl.mode === 'managed' ? !managedTypeMayMatter(decl.type) : !dataSourceMayMatter(decl.type) }).map((e) => ({ address: e.address, key: e.key, decl, bindings: e.bindings })));
    this.resources.set(decl.key, list);
    return list;
  }

  /** A secret's value written in the configuration as text: said where it is, never shown. */
  private reportWrittenSecrets(inst: ResourceInstance, body: EvaluatedBody): void {
    const written = writtenSecretArguments(inst.decl.type, body.values, ignoredChanges(inst.decl.node));
    for (const name of written) {
      // A reference says where to look (`var.db_password`: its default or a tfvars file); anything else may hold the text itself.
      const expression = body.expressions[name];
      const from = expression && (expression.kind === 'variable' || expression.kind === 'getAttr') ? ` (from ${inst.decl.file.textOf(expression.range)})` : '';
      this.world.issueLog.add({
        code: 'plaintextSecretInConfiguration',
        message: `${inst.address}: ${name}${from} is a secret's value written in the configuration (not shown): whoever reads these files, or the state, reads it, and who that is is not in the analysis`,
        source: body.sources[name] ?? { file: inst.decl.file.path, line: inst.decl.node.line },
      });
    }
  }

  private evaluate(inst: ResourceInstance): { input: TerraformResourceInput; object: TfObject } {
    if (inst.evaluated) return inst.evaluated;
    const { decl } = inst;
    const body = evaluateBody(decl.node.body, this.scope(decl.file, inst.bindings));
    const secretAttributes = ownEntry(SECRET_VALUE_ATTRIBUTES, decl.type) ?? [];
    if (decl.mode === 'managed') this.reportWrittenSecrets(inst, body);
    const values: TfObject = {};
    for (const [k, v] of Object.entries(body.values)) if (!secretAttributes.includes(k)) values[k] = v;
    // A secret's value is dropped; an AppRole's role_id or secret_id written into it is kept by name.
    const loginMaterial = secretAttributes.flatMap((k) => approleReferencesIn(body.values[k]));
    const place = this.placeOf(decl);
    const placeContext = { region: place.region, ...(place.account !== undefined ? { defaultAccount: place.account } : {}) };
    const computed = computedAttributes(decl.mode, decl.type, values, placeContext, this.world.renderPolicyDocument);
    if (decl.mode === 'data' && decl.type === 'aws_default_tags') {
      // The provider configuration's own `default_tags`, when the module can see that configuration.
      const tags = this.providerPlaces().get(place.provider)?.defaultTags;
      if (tags !== undefined) computed['tags'] = tags;
    }
    if (decl.mode === 'data' && decl.type === 'template_file') {
      const rendered = this.renderTemplateFile(values, `${inst.address}`, { file: decl.file.path, line: decl.node.line });
      if (rendered !== undefined) computed['rendered'] = rendered;
    }
    const attributeSources = this.documentPlaces(body, values, decl.file.path);
    if (decl.mode === 'data' && decl.type === 'aws_iam_policy_document') {
      const statements = Object.keys(body.sources).filter((k) => k.startsWith('statement[')).map((k) => body.sources[k] as SourceRef);
      const json = computed['json'];
      if (json !== undefined) this.world.documentStatementSources.set(json, statements);
    }
    const input: TerraformResourceInput = {
      mode: decl.mode,
      type: decl.type,
      address: inst.address,
      values,
      source: { file: decl.file.path, line: decl.node.line, column: decl.node.column, pointer: inst.address },
      attributeSources,
    };
    if (Object.keys(body.textLineBase).length > 0) input.textLineBase = body.textLineBase;
    if (loginMaterial.length > 0) input.loginMaterialReferences = loginMaterial;
    if (place.region !== this.world.context.region || place.account !== this.world.context.defaultAccount) {
      input.place = { region: place.region, ...(place.account !== undefined ? { account: place.account } : {}), provider: place.provider };
    }
    if (place.vaultNamespace !== undefined) input.place = { ...input.place, provider: place.provider, vaultNamespace: place.vaultNamespace };
    if (place.vaultNamespaceUnknown !== undefined) input.place = { ...input.place, provider: place.provider, vaultNamespaceUnknown: place.vaultNamespaceUnknown };
    // A secret's value is not read through a reference either: `aws_ssm_parameter.x.value` is an
    // unknown naming it, so a task environment that copies it is known as a copy of that secret
    // (terraform-resources/secret-value-copies.ts), whatever the value looks like.
    const secretValues: TfObject = {};
    for (const k of secretAttributes) {
      if (!(k in body.values)) continue;
      const value = unknown(`${inst.address}.${k}`, { file: decl.file.path, line: decl.node.line, column: decl.node.column });
      if (isSecretValueAttribute(inst.address, k)) value.secretValueOf = `${inst.address}.${k}`;
      secretValues[k] = value;
    }
    // An optional, computed argument left null (`region = var.region` with no region given) takes
    // the provider's computed value, as Terraform does.
    const object = markInstance({ ...body.values, ...computed, ...withoutNulls(values), ...secretValues }, inst.address);
    inst.evaluated = { input, object };
    return inst.evaluated;
  }

  /**
   * `aws_iam_role.app[0]` or `data.aws_partition.current[0]` when the instances are not known
   * statically: the one stand-in instance stands for whichever instance the index picks (its
   * per-instance values are already unknowns), so the reference reads it rather than becoming
   * unknown as a whole. If the indexed instance does not exist Terraform fails the plan, so
   * reading the stand-in never hides a grant that could be applied.
   */
  private resourceReference(decl: ResourceDeclaration, steps: TraversalStep[], consumed: number): ResolvedReference {
    const indexed = steps[consumed]?.kind === 'index';
    const standIn = indexed ? this.instances(decl).find((inst) => isUnknown(inst.key)) : undefined;
    if (standIn) {
      // The same guard as resourceValue: a resource whose own body reads `self[0]` is a cycle, not a stack overflow.
      const value = this.guarded<TfValue>(`value ${decl.key}`, () => unknown(`${this.prefix}${decl.key} (refers to itself)`), () => this.evaluate(standIn).object);
      return { value, consumed: consumed + 1 };
    }
    return { value: this.resourceValue(decl), consumed };
  }

  private resourceValue(decl: ResourceDeclaration): TfValue {
    const key = `value ${decl.key}`;
    return this.guarded(key, () => unknown(`${this.prefix}${decl.key} (refers to itself)`), () => {
      const list = this.instances(decl);
      const standIn = list.find((inst) => isUnknown(inst.key));
      if (standIn) {
        // Instances of unknown number, all stood for by the one stand-in: a splat over them reads it (tf-functions.ts).
        const value: TfUnknown = unknown(`${this.prefix}${decl.key} (instances not known statically)`);
        if (expansionOf(decl.node) === 'count') value.standInElement = this.evaluate(standIn).object;
        return value;
      }
      const objects = list.map((inst) => this.evaluate(inst).object);
      const meta = expansionOf(decl.node);
      if (meta === 'single') return objects[0] ?? unknown(`${this.prefix}${decl.key}`);
      if (meta === 'count') return objects;
      const byKey: TfObject = {};
      list.forEach((inst, i) => { byKey[String(inst.key)] = objects[i] as TfValue; });
      return byKey;
    });
  }

  private moduleCall(name: string): ModuleCallInstances {
    const memo = this.calls.get(name);
    if (memo) return memo;
    const decl = this.config.moduleCalls.get(name);
    const block = decl?.node as HclBlock;
    const file = decl?.file as TfFile;
    const expansion = expansionOf(block);
    const source = moduleSource(block);
    const at: SourceRef = { file: file.path, line: block.line, column: block.column };
    let result: ModuleCallInstances = { expansion };
    const childDir = source !== undefined && isLocalSource(source) ? joinModulePath(this.config.dir, source) : undefined;
    const childConfig = childDir === undefined ? undefined : this.world.configs.get(childDir);
    if (source === undefined || !isLocalSource(source)) {
      const what = source === undefined ? 'source is not a literal string' : `${remoteKind(source)} source ${JSON.stringify(source)} is not read`;
      this.world.issueLog.add({ code: 'terraformModuleNotLoaded', message: `module "${name}": ${what}; the resources and grants it creates are not in the analysis and its outputs (module.${name}.*) are unknown`, source: at });
      result = { expansion, unread: this.unreadCall(name, block, file, at) };
    } else if (!childConfig || this.depth > 20) {
      this.world.issueLog.add({ code: 'terraformModuleNotLoaded', message: `module "${name}": no .tf files found at ${JSON.stringify(source)} (${childDir}); the resources and grants it creates are not in the analysis and its outputs are unknown`, source: at });
      result = { expansion, unread: this.unreadCall(name, block, file, at) };
    } else {
      const prefix = `${this.prefix}module.${name}`;
      const expanded = this.guarded(`module ${name}`, () => [], () => expandInstances(block, this.scope(file), this.world, prefix));
      result = {
        expansion,
        children: expanded.map((e) => {
          const inputs = lazyInputs(block, this.scope(file, e.bindings));
          const places = childProviderPlaces(this.providerPlaces(), block);
          return { key: e.key, module: new ModuleInstance(this.world, childConfig, `${e.address}.`, inputs, this.rootDir, this.depth + 1, places) };
        }),
      };
    }
    this.calls.set(name, result);
    return result;
  }

  /**
   * Where each attribute and each statement of a policy document in it is written. The mapping
   * reads statement places from a document given as a structure, so JSON text with statement
   * places is parsed here, in `values`.
   */
  private documentPlaces(body: ReturnType<typeof evaluateBody>, values: TfObject, file: string): Record<string, SourceRef> {
    const attributeSources: Record<string, SourceRef> = { ...body.sources };
    for (const [attr, expr] of Object.entries(body.expressions)) {
      const statements = policyStatementSources(expr, body.values[attr] as TfValue, file, this.world.documentStatementSources);
      statements.forEach((s, i) => { attributeSources[`${attr}.Statement[${i}]`] = s; });
      const value = values[attr];
      if (statements.length > 0 && typeof value === 'string') values[attr] = parseJsonValue(value) ?? value;
    }
    return attributeSources;
  }

  /**
   * A module call the scan cannot read, as the mapping sees it: one instance per expansion with the
   * arguments it is given, so a policy handed to it (`role_policy_arns = { x = aws_iam_policy.x.arn }`)
   * is not lost with the module (terraform-resources/map-unread-modules.ts).
   */
  private unreadCall(name: string, block: HclBlock, file: TfFile, at: SourceRef): TerraformResourceInput[] {
    const expanded = this.guarded(`module ${name}`, () => [], () => expandInstances(block, this.scope(file), this.world, `${this.prefix}module.${name}`));
    return expanded.map((e) => {
      const body = evaluateBody(block.body, this.scope(file, e.bindings));
      // As for a resource: a document handed over keeps the places of its statements.
      const values: TfObject = { ...body.values };
      const attributeSources = this.documentPlaces(body, values, file.path);
      return { mode: 'managed', type: UNREAD_MODULE_TYPE, address: e.address, values, source: { ...at, pointer: e.address }, attributeSources };
    });
  }

  private moduleValue(name: string, at: SourceRef): TfValue {
    if (!this.config.moduleCalls.has(name)) return unknown(`module.${name} (no such module call)`, at);
    const call = this.guarded(`call ${name}`, () => undefined, () => this.moduleCall(name));
    if (!call?.children) return unknown(`module.${name} (module not loaded)`, at);
    if (call.children.some((c) => isUnknown(c.key))) return unknown(`module.${name} (instances not known statically)`, at);
    const outputs = call.children.map((c) => markInstance(c.module.outputs(), `${this.prefix}module.${name}`));
    if (call.expansion === 'single') return outputs[0] ?? unknown(`module.${name}`, at);
    if (call.expansion === 'count') return outputs;
    const byKey: TfObject = {};
    call.children.forEach((c, i) => { byKey[String(c.key)] = outputs[i] as TfValue; });
    return byKey;
  }

  /** This instance's output values (evaluated once). */
  outputs(): TfObject {
    if (this.outputsMemo) return this.outputsMemo;
    const out: TfObject = {};
    this.outputsMemo = out;
    for (const [name, decl] of this.config.outputs) {
      const value = decl.node.body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === 'value');
      out[name] = value ? evaluateExpression(value.expression, this.scope(decl.file)) : null;
    }
    return out;
  }
}

/** A module instance's input variables, as its caller gives them. */
export interface ModuleInputs {
  has(name: string): boolean;
  get(name: string): TfValue | undefined;
}

/**
 * A module call's arguments, each evaluated when the module first reads it. Terraform resolves
 * module inputs and outputs one by one, not module by module
 * (https://developer.hashicorp.com/terraform/language/modules/syntax), so calls may refer to each
 * other's outputs in a circle (`module.files` ← `module.web` ← `module.worker` ← `module.web`) as long
 * as no value refers to itself; evaluating every argument at the call would see such a circle and
 * lose the outputs.
 */
function lazyInputs(block: HclBlock, scope: EvalScope): ModuleInputs {
  const attributes = new Map(block.body.items.flatMap((i) => (i.kind === 'attribute' && !MODULE_META.has(i.name) ? [[i.name, i] as const] : [])));
  const values = new Map<string, TfValue>();
  return {
    has: (name) => attributes.has(name),
    get: (name) => {
      if (values.has(name)) return values.get(name);
      const attribute = attributes.get(name);
      if (!attribute) return undefined;
      const value = evaluateExpression(attribute.expression, scope);
      values.set(name, value);
      return value;
    },
  };
}

/** A module block's arguments that are no input variable. */
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** What kind of remote source a module address is (https://developer.hashicorp.com/terraform/language/modules/sources). */
function remoteKind(source: string): string {
  if (/^(git::|git@|github\.com\/|bitbucket\.org\/)/.test(source)) return 'git';
  if (/^(hg::)/.test(source)) return 'Mercurial';
  if (/^(s3::|[a-z0-9.-]+\.s3[a-z0-9.-]*\.amazonaws\.com\/)/.test(source)) return 'S3';
  if (/^gcs::/.test(source)) return 'GCS';
  if (/^https?:\/\//.test(source)) return 'HTTP';
  if (/^[A-Za-z0-9-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+(\/\/.*)?$/.test(source) || /^[a-z0-9.-]+\.[a-z]+\/[^/]+\/[^/]+\/[^/]+/.test(source)) return 'registry';
  return 'remote';
}

function expansionOf(block: HclBlock): 'single' | 'count' | 'for_each' {
  for (const item of block.body.items) {
    if (item.kind === 'attribute' && item.name === 'count') return 'count';
    if (item.kind === 'attribute' && item.name === 'for_each') return 'for_each';
  }
  return 'single';
}


function parseJsonValue(text: string): TfValue | undefined {
  try {
    return fromJson(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function relativeToRoot(rootDir: string, dir: string): string {
  const rel = posix.relative(rootDir === '.' ? '' : rootDir, dir === '.' ? '' : dir);
  return rel === '' ? '.' : rel;
}

function withoutNulls(values: TfObject): TfObject {
  const out: TfObject = {};
  for (const [key, value] of Object.entries(values)) if (value !== null) out[key] = value;
  return out;
}
