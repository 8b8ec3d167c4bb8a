import type { HclAttribute, HclBlock, HclExpression } from '../hcl/hcl-ast.js';
import type { SourceRef } from '../../../model/source.js';
import type { Declared } from './module-config.js';
import { evaluateBody } from './evaluate-body.js';
import type { EvalScope } from './evaluate-expression.js';
import { isUnknown, type TfValue } from './tf-values.js';
import { trimVaultSlashes } from '../../../model/vault.js';
import { isWrittenText } from '../terraform-resources/secret-values.js';

// https://developer.hashicorp.com/terraform/language/providers/configuration (alias, default provider)
// https://developer.hashicorp.com/terraform/language/modules/develop/providers (inheritance, `providers` map)
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs#argument-reference (region,
// assume_role.role_arn, allowed_account_ids)

/** Where the resources of one provider configuration are created, as far as its arguments say. */
export interface ProviderPlace {
  /** `aws` or `aws.west`, as a resource's `provider` argument names it. */
  key: string;
  region?: string;
  account?: string;
  /** The argument the account was read from, for reasons. */
  accountFrom?: 'assume_role' | 'allowed_account_ids';
  /**
   * A `vault` provider's Vault Enterprise namespace: in a root module's places, relative to its
   * default `vault` provider's, which is the scan's namespace (see `vaultNamespacesRelative`).
   */
  vaultNamespace?: string;
  /** A `vault` provider's `namespace` the inputs cannot resolve: its expression. */
  vaultNamespaceUnknown?: string;
  /** A `region` the inputs cannot resolve (`region = var.region` without a value): its expression and where. */
  regionUnknown?: { expression: string; source: SourceRef };
  /** An `aws` provider's `default_tags { tags }` (`{}` without the block): what `data "aws_default_tags"` reads. */
  defaultTags?: TfValue;
  /** Credential arguments whose values the configuration itself holds (`secret_key = "…"`): their names, never their values. */
  plaintextCredentials?: string[];
  /** Where the block is. */
  source?: SourceRef;
}

/**
 * Provider arguments that hold a credential: whoever reads the configuration (or its variables'
 * defaults, or its tfvars) can use it.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs#argument-reference
 * https://registry.terraform.io/providers/hashicorp/vault/latest/docs#provider-arguments
 */
const CREDENTIAL_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aws: ['access_key', 'secret_key', 'token'],
  vault: ['token', 'auth_login.parameters.secret_id', 'auth_login.parameters.password', 'auth_login.parameters.token', 'auth_login.parameters.jwt',
    'auth_login_approle.secret_id', 'auth_login_userpass.password', 'auth_login_jwt.jwt'],
};

/** Provider configurations of a module, by `NAME` or `NAME.ALIAS`. */
export type ProviderPlaces = ReadonlyMap<string, ProviderPlace>;

/** The `NAME` / `NAME.ALIAS` a traversal such as `aws.west` names, or undefined. */
export function providerKeyOf(expression: HclExpression | undefined): string | undefined {
  if (!expression) return undefined;
  if (expression.kind === 'variable') return expression.name;
  if (expression.kind === 'getAttr' && expression.target.kind === 'variable') return `${expression.target.name}.${expression.name}`;
  return undefined;
}

/** The `provider` meta-argument of a resource or data block, else the default provider of its type (`aws_…` → `aws`). */
export function resourceProviderKey(block: HclBlock, type: string): string {
  const attr = block.body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === 'provider');
  return providerKeyOf(attr?.expression) ?? type.split('_')[0] ?? type;
}

/**
 * The places of a module's own `provider` blocks, evaluated in its scope. The account is the one in
 * `assume_role { role_arn }` (the role Terraform works as lives in the account it deploys into), else
 * the single entry of `allowed_account_ids`; unknown arguments give no value (the caller falls back).
 */
export function evaluateProviderBlocks(blocks: readonly Declared<HclBlock>[], scopeOf: (d: Declared<HclBlock>) => EvalScope): Map<string, ProviderPlace> {
  const places = new Map<string, ProviderPlace>();
  for (const declared of blocks) {
    const name = declared.node.labels[0];
    if (name === undefined) continue;
    const values = evaluateBody(declared.node.body, scopeOf(declared), new Set()).values;
    const alias = values['alias'];
    const key = typeof alias === 'string' && alias !== '' ? `${name}.${alias}` : name;
    if (places.has(key)) continue;
    const place: ProviderPlace = { key };
    const region = values['region'];
    if (typeof region === 'string' && region !== '') place.region = region;
    else if (isUnknown(region)) place.regionUnknown = { expression: region.expression, source: { file: declared.file.path, line: declared.node.line } };
    const roleArn = valueAt(values, 'assume_role.role_arn');
    const assumed = typeof roleArn === 'string' ? roleArn : undefined;
    const assumedAccount = assumed === undefined ? undefined : /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(assumed)?.[1];
    const allowed = values['allowed_account_ids'];
    if (assumedAccount !== undefined) Object.assign(place, { account: assumedAccount, accountFrom: 'assume_role' });
    else if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === 'string') Object.assign(place, { account: allowed[0], accountFrom: 'allowed_account_ids' });
    const credentials = (CREDENTIAL_ARGUMENTS[name] ?? []).filter((path) => isWrittenText(valueAt(values, path)));
    if (credentials.length > 0) place.plaintextCredentials = credentials;
    place.source = { file: declared.file.path, line: declared.node.line };
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/default_tags
    if (name === 'aws') place.defaultTags = defaultTagsOf(values['default_tags']);
    // https://registry.terraform.io/providers/hashicorp/vault/latest/docs#namespace
    const namespace = name === 'vault' ? values['namespace'] : undefined;
    if (typeof namespace === 'string' && trimVaultSlashes(namespace) !== '') place.vaultNamespace = trimVaultSlashes(namespace);
    else if (isUnknown(namespace)) place.vaultNamespaceUnknown = namespace.expression;
    places.set(key, place);
  }
  return places;
}

/** The value at a dotted path through attributes and (the first of) blocks. */
function valueAt(values: Record<string, TfValue>, path: string): TfValue | undefined {
  let value: TfValue | undefined = values;
  for (const step of path.split('.')) {
    if (Array.isArray(value)) value = value[0];
    if (typeof value !== 'object' || value === null || Array.isArray(value) || isUnknown(value)) return undefined;
    value = (value as Record<string, TfValue>)[step];
  }
  return value;
}

/** The `tags` of a `default_tags` block: `{}` without one, unknown when the block itself is. */
function defaultTagsOf(blocks: TfValue | undefined): TfValue {
  if (blocks === undefined || blocks === null) return {};
  if (!Array.isArray(blocks)) return isUnknown(blocks) ? blocks : {};
  const first = blocks[0];
  if (first === undefined) return {};
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return isUnknown(first) ? first : {};
  if (isUnknown(first)) return first;
  return (first as Record<string, TfValue>)['tags'] ?? {};
}

/**
 * The provider configurations a child module sees: those its call passes in `providers = { aws =
 * aws.west }` (by the child's name for them), else the caller's default ones, which a child inherits
 * (https://developer.hashicorp.com/terraform/language/modules/develop/providers#implicit-provider-inheritance);
 * a child's own `provider` blocks (a legacy pattern) come on top.
 */
export function childProviderPlaces(parent: ProviderPlaces, call: HclBlock): Map<string, ProviderPlace> {
  const places = new Map<string, ProviderPlace>();
  for (const [key, place] of parent) if (!key.includes('.')) places.set(key, place);
  const providers = call.body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === 'providers');
  if (providers?.expression.kind === 'object') {
    for (const item of providers.expression.items) {
      const childKey = providerKeyOf(item.key) ?? (item.key.kind === 'literal' && typeof item.key.value === 'string' ? item.key.value : undefined);
      const parentKey = providerKeyOf(item.value);
      const place = parentKey === undefined ? undefined : parent.get(parentKey);
      if (childKey !== undefined && place) places.set(childKey, { ...place, key: childKey });
    }
  }
  return places;
}

/**
 * A root module's Vault provider configurations with their namespaces relative to its default
 * `vault` provider's. The scan reads Vault from that namespace, as a live scan reads it from
 * VAULT_NAMESPACE: a configuration for one HCP Vault namespace (`admin`) keeps its paths as written,
 * and only resources placed in other namespaces (an aliased provider, a resource's own
 * `namespace`, which the provider takes as relative to its own) carry one
 * (https://registry.terraform.io/providers/hashicorp/vault/latest/docs#namespace-support).
 */
export function vaultNamespacesRelative(places: Map<string, ProviderPlace>): Map<string, ProviderPlace> {
  const base = places.get('vault')?.vaultNamespace;
  if (base === undefined) return places;
  const relative = new Map<string, ProviderPlace>();
  for (const [key, place] of places) {
    const namespace = place.vaultNamespace;
    if (namespace === undefined) { relative.set(key, place); continue; }
    const { vaultNamespace: _absolute, ...rest } = place;
    const within = namespace === base ? undefined : namespace.startsWith(`${base}/`) ? namespace.slice(base.length + 1) : namespace;
    relative.set(key, within === undefined ? rest : { ...rest, vaultNamespace: within });
  }
  return relative;
}
