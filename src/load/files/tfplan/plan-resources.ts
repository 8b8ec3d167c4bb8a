import type { JsonObject, JsonValue, SourceRef } from '../../../model/source.js';
import { isKnownMap } from '../../unknown-value.js';
import { isJsonObject } from '../../json-guards.js';
import { joinPointer, type LineOf } from '../json/parse-json-with-positions.js';
import type { TerraformResourceInput, TfUnknown, TfValue } from '../terraform-resources/terraform-resource.js';
import { trimVaultSlashes } from '../../../model/vault.js';

// https://developer.hashicorp.com/terraform/internals/json-format

interface PlanInput {
  file: string;
  json: JsonObject;
  lineOf: LineOf;
}

interface Found {
  entry: JsonObject;
  pointer: string;
  values: JsonObject;
  valuesPointer: string;
  unknown?: JsonValue;
  sensitive?: JsonValue;
}

// Attributes the provider computes when the configuration does not set them; without the
// configuration to tell, these are not taken as unknown inputs.
const COMPUTED = new Set(['arn', 'id', 'unique_id', 'create_date', 'tags_all', 'name_prefix', 'inline_policy', 'managed_policy_arns',
  'key_id', 'role_id', 'revision', 'arn_without_revision', 'version', 'tier', 'data_type', 'json', 'minified_json']);

/**
 * Every resource and data source instance of the state the plan leads to, with its attribute
 * values: `resource_changes[].change.after` (instances being deleted are left out), else
 * `planned_values` / a state's `values` (child modules walked recursively), and data sources read
 * during planning from `prior_state`. Values unknown until apply (`after_unknown`) that the
 * configuration sets become `TfUnknown`s naming the expression's references (an attribute of another
 * instance as `inferredFrom`, absolute address); attributes marked sensitive become unknowns too,
 * so their values are never handed on. Sources: the plan file, the line of the instance object,
 * the address as pointer; `attributeSources` per top-level attribute.
 */
export function collectPlanResources(input: PlanInput): TerraformResourceInput[] {
  const found = new Map<string, Found>();
  const { json } = input;
  const changes = Array.isArray(json['resource_changes']) ? json['resource_changes'] : [];
  changes.forEach((raw, i) => {
    if (!isJsonObject(raw) || typeof raw['address'] !== 'string') return;
    const change = raw['change'];
    if (!isJsonObject(change)) return;
    const actions = Array.isArray(change['actions']) ? change['actions'] : [];
    const pointer = joinPointer('', 'resource_changes', i);
    // A deleted instance is not in the future state; `forget` leaves it in AWS but out of Terraform's hands.
    if (actions.length === 1 && actions[0] === 'delete') { found.set(raw['address'], { entry: raw, pointer, values: {}, valuesPointer: '' }); return; }
    const after = change['after'];
    if (!isJsonObject(after)) return;
    found.set(raw['address'], {
      entry: raw, pointer, values: after, valuesPointer: joinPointer(pointer, 'change', 'after'),
      ...(change['after_unknown'] !== undefined ? { unknown: change['after_unknown'] } : {}),
      ...(change['after_sensitive'] !== undefined ? { sensitive: change['after_sensitive'] } : {}),
    });
  });
  const walk = (module: JsonValue | undefined, pointer: string, only?: 'data'): void => {
    if (!isJsonObject(module)) return;
    const resources = Array.isArray(module['resources']) ? module['resources'] : [];
    resources.forEach((raw, i) => {
      if (!isJsonObject(raw) || typeof raw['address'] !== 'string' || found.has(raw['address'])) return;
      if (only !== undefined && raw['mode'] !== only) return;
      const at = joinPointer(pointer, 'resources', i);
      found.set(raw['address'], {
        entry: raw, pointer: at, values: isJsonObject(raw['values']) ? raw['values'] : {}, valuesPointer: joinPointer(at, 'values'),
        ...(raw['sensitive_values'] !== undefined ? { sensitive: raw['sensitive_values'] } : {}),
      });
    });
    const children = Array.isArray(module['child_modules']) ? module['child_modules'] : [];
    children.forEach((child, i) => walk(child, joinPointer(pointer, 'child_modules', i), only));
  };
  walk(objectAt(json, 'planned_values')?.['root_module'], '/planned_values/root_module');
  walk(objectAt(json, 'values')?.['root_module'], '/values/root_module');
  const prior = objectAt(objectAt(json, 'prior_state'), 'values')?.['root_module'];
  walk(prior, '/prior_state/values/root_module', changes.length > 0 || isJsonObject(json['planned_values']) ? 'data' : undefined);

  const addresses = new Set(found.keys());
  const configIndex = new Map<string, Map<string, JsonObject>>();
  const out: TerraformResourceInput[] = [];
  for (const [address, item] of found) {
    const { entry } = item;
    if (item.valuesPointer === '') continue;
    const mode = entry['mode'] === 'data' ? 'data' : 'managed';
    const type = typeof entry['type'] === 'string' ? entry['type'] : '';
    const name = typeof entry['name'] === 'string' ? entry['name'] : '';
    const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const index = entry['index'];
    const indexText = index === undefined || index === null ? '' : `[${JSON.stringify(index)}]`;
    const modulePrefix = address.endsWith(local + indexText) ? address.slice(0, address.length - local.length - indexText.length) : '';
    const config = configurationOf(json, modulePrefix, local, configIndex);
    const source = sourceAt(input, item.pointer, address);
    const values: Record<string, TfValue> = {};
    const attributeSources: Record<string, SourceRef> = {};
    for (const [key, value] of Object.entries(item.values)) {
      values[key] = value as TfValue;
      attributeSources[key] = sourceAt(input, joinPointer(item.valuesPointer, key), address);
    }
    const context: UnknownContext = { address, modulePrefix, indexText, addresses, source };
    if (isJsonObject(item.unknown)) {
      for (const [key, flag] of Object.entries(item.unknown)) {
        const expression = config === undefined ? undefined : objectAt(config, 'expressions')?.[key];
        if (config !== undefined && expression === undefined) continue;
        if (config === undefined && COMPUTED.has(key)) continue;
        const merged = insertUnknowns(values[key], flag, expression, `${address}.${key}`, context);
        if (merged !== undefined) values[key] = merged;
      }
    }
    if (isJsonObject(item.sensitive)) {
      for (const [key, flag] of Object.entries(item.sensitive)) {
        if (!containsTrue(flag) || values[key] === undefined || values[key] === null) continue;
        // Never handed on: what the mapping cannot see widens; the parameter value it never reads.
        values[key] = { unknown: true, expression: `${address}.${key} (sensitive)`, source: attributeSources[key] ?? source };
      }
    }
    const resource: TerraformResourceInput = { mode, type, address, values, source, attributeSources };
    const place = config === undefined ? undefined : providerPlace(json, config);
    if (place) resource.place = place;
    out.push(resource);
  }
  return out;
}

/**
 * Where a resource is created when its provider configuration says: `configuration.provider_config`
 * under the resource's `provider_config_key` (`aws.west`; `module.x:aws` in format 0.x), with a
 * constant `region` and an `assume_role` role ARN naming the account; for a `vault` provider, its
 * `namespace`, relative to the root's default `vault` provider's, as the scan reads Terraform
 * configurations (terraform/provider-places.ts `vaultNamespacesRelative`).
 * https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation
 * https://registry.terraform.io/providers/hashicorp/vault/latest/docs#namespace-support
 */
function providerPlace(json: JsonObject, config: JsonObject): TerraformResourceInput['place'] | undefined {
  const key = config['provider_config_key'];
  if (typeof key !== 'string') return undefined;
  const providers = objectAt(objectAt(json, 'configuration'), 'provider_config');
  const provider = objectAt(providers, key) ?? objectAt(providers, key.slice(key.lastIndexOf(':') + 1));
  const expressions = objectAt(provider, 'expressions');
  const region = constantString(expressions?.['region']);
  const assume = expressions?.['assume_role'];
  const roleArn = constantString(Array.isArray(assume) && isJsonObject(assume[0]) ? assume[0]['role_arn'] : undefined);
  const account = roleArn === undefined ? undefined : /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(roleArn)?.[1];
  const vault = provider?.['name'] === 'vault' || /(^|:)vault(\.|$)/.test(key) ? vaultNamespacePlace(expressions?.['namespace'], objectAt(objectAt(providers, 'vault'), 'expressions')?.['namespace'], key) : {};
  if (region === undefined && account === undefined && Object.keys(vault).length === 0) return undefined;
  return { ...(region !== undefined ? { region } : {}), ...(account !== undefined ? { account } : {}), ...vault, provider: key };
}

function constantString(expression: JsonValue | undefined): string | undefined {
  return isJsonObject(expression) && typeof expression['constant_value'] === 'string' ? expression['constant_value'] : undefined;
}

/** A `vault` provider's namespace, relative to the root default provider's (`rootExpression`), or the expression the plan cannot resolve. */
function vaultNamespacePlace(expression: JsonValue | undefined, rootExpression: JsonValue | undefined, key: string): { vaultNamespace?: string; vaultNamespaceUnknown?: string } {
  if (expression === undefined) return {};
  const constant = constantString(expression);
  if (constant === undefined) {
    const references = isJsonObject(expression) && Array.isArray(expression['references']) ? expression['references'].filter((r): r is string => typeof r === 'string') : [];
    return { vaultNamespaceUnknown: references.length > 0 ? references.join(', ') : `provider ${key} namespace` };
  }
  const namespace = trimVaultSlashes(constant);
  const base = constantString(rootExpression);
  const root = base === undefined ? '' : trimVaultSlashes(base);
  const within = root === '' ? namespace : namespace === root ? '' : namespace.startsWith(`${root}/`) ? namespace.slice(root.length + 1) : namespace;
  return within === '' ? {} : { vaultNamespace: within };
}

interface UnknownContext {
  address: string;
  modulePrefix: string;
  indexText: string;
  addresses: Set<string>;
  source: SourceRef;
}

/** Places an unknown wherever `flag` (a mirror of the value in `after_unknown`) says true and the configuration sets a value. */
function insertUnknowns(value: TfValue | undefined, flag: JsonValue, expression: JsonValue | undefined, path: string, context: UnknownContext): TfValue | undefined {
  if (flag === true) return unknownFor(expression, path, context);
  // Configuration mirrors blocks as lists of objects of expressions; an attribute has one expression for all of it.
  const isExpression = (e: JsonValue | undefined): boolean => isJsonObject(e) && ('references' in e || 'constant_value' in e);
  if (Array.isArray(flag)) {
    const list: TfValue[] = Array.isArray(value) ? [...value] : [];
    flag.forEach((f, i) => {
      if (!containsTrue(f)) return;
      const nested = Array.isArray(expression) ? expression[i] : expression;
      const merged = insertUnknowns(list[i], f, nested, `${path}[${i}]`, context);
      if (merged !== undefined) list[i] = merged;
    });
    return list;
  }
  if (isJsonObject(flag)) {
    const object: Record<string, TfValue> = isKnownMap(value) ? { ...value } : {};
    for (const [key, f] of Object.entries(flag)) {
      if (!containsTrue(f)) continue;
      const nested = isJsonObject(expression) && !isExpression(expression) ? expression[key] : expression;
      // A nested attribute the configuration does not set is computed, not an unknown input.
      if (nested === undefined && expression !== undefined) continue;
      const merged = insertUnknowns(object[key], f, nested, `${path}.${key}`, context);
      if (merged !== undefined) object[key] = merged;
    }
    return object;
  }
  return value;
}

/** The unknown for one value, named after the configuration's references. */
function unknownFor(expression: JsonValue | undefined, path: string, context: UnknownContext): TfUnknown {
  const references = isJsonObject(expression) && Array.isArray(expression['references'])
    ? expression['references'].filter((r): r is string => typeof r === 'string') : [];
  const unknown: TfUnknown = {
    unknown: true,
    expression: references.length > 0 ? `${path} = ${references.join(', ')} (known after apply)` : `${path} (known after apply)`,
    source: context.source,
  };
  // Terraform lists `aws_iam_role.app.arn` and `aws_iam_role.app`: the longest of each chain is the reference.
  const meaningful = references.filter((r) => !/^(count\.|each\.|path\.|terraform\.|self\.)/.test(r) && !references.some((o) => o !== r && o.startsWith(`${r}.`)));
  if (meaningful.length === 1) {
    const target = absoluteReference(meaningful[0] ?? '', context);
    if (target !== undefined) unknown.inferredFrom = target;
  }
  return unknown;
}

/** `aws_iam_role.app.arn` inside module M → `M.aws_iam_role.app.arn`, with the instance key when the target has one. */
function absoluteReference(reference: string, context: UnknownContext): string | undefined {
  const match = /^((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)(\[[^\]]*\])?\.([A-Za-z0-9_]+)$/.exec(reference);
  if (!match) return undefined;
  const base = `${context.modulePrefix}${match[1] ?? ''}`;
  const attribute = match[3] ?? '';
  for (const candidate of [`${base}${match[2] ?? ''}`, `${base}${context.indexText}`]) {
    if (context.addresses.has(candidate)) return `${candidate}.${attribute}`;
  }
  return undefined;
}

/** The configuration block of a resource: `configuration.root_module.module_calls.NAME.module…resources[address]`. */
function configurationOf(json: JsonObject, modulePrefix: string, local: string, index: Map<string, Map<string, JsonObject>>): JsonObject | undefined {
  const names = [...modulePrefix.replace(/\[[^\]]*\]/g, '').matchAll(/module\.([A-Za-z0-9_-]+)\./g)].map((m) => m[1] ?? '');
  const key = names.join('.');
  let byAddress = index.get(key);
  if (byAddress === undefined) {
    let module = objectAt(objectAt(json, 'configuration'), 'root_module');
    for (const name of names) module = objectAt(objectAt(objectAt(module, 'module_calls'), name), 'module');
    const resources = module?.['resources'];
    byAddress = new Map();
    for (const r of Array.isArray(resources) ? resources : []) if (isJsonObject(r) && typeof r['address'] === 'string') byAddress.set(r['address'], r);
    index.set(key, byAddress);
  }
  return byAddress.get(local);
}

function sourceAt(input: PlanInput, pointer: string, address: string): SourceRef {
  const line = input.lineOf(pointer);
  return line === undefined ? { file: input.file, pointer: address } : { file: input.file, line, pointer: address };
}

function containsTrue(flag: JsonValue | undefined): boolean {
  if (flag === true) return true;
  if (Array.isArray(flag)) return flag.some(containsTrue);
  if (isJsonObject(flag)) return Object.values(flag).some(containsTrue);
  return false;
}



function objectAt(value: JsonValue | undefined, key: string): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const inner = value[key];
  return isJsonObject(inner) ? inner : undefined;
}
