import { isKnownMap, isUnknown } from '../../unknown-value.js';
import type { TfValue } from './terraform-resource.js';

// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/data-sources/policy_document
// https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax

/**
 * The Vault policy HCL the data source `vault_policy_document` exports as `hcl`, from its `rule`
 * blocks (`path`, `capabilities`, `description`, `required_parameters`, `allowed_parameter` and
 * `denied_parameter` with `key`/`value`, `min_wrapping_ttl`, `max_wrapping_ttl`), in the shape
 * `vault_policy` takes. A rule whose path, capabilities or parameters are not known makes the whole
 * text unknown (named by `expression`): a policy cannot be parsed around a hole.
 */
export function renderVaultPolicyDocument(values: Record<string, TfValue>, expression: string): string | { unknown: true; expression: string } {
  const out: string[] = [];
  const rules = Array.isArray(values['rule']) ? values['rule'] : [];
  for (const [index, rule] of rules.entries()) {
    if (!isKnownMap(rule)) continue;
    const path = rule['path'];
    if (typeof path !== 'string') return { unknown: true, expression: `${expression} (rule ${index} path not known)` };
    const body: string[] = [];
    const capabilities = strings(rule['capabilities']);
    if (capabilities === undefined) return { unknown: true, expression: `${expression} (rule ${index} capabilities not known)` };
    body.push(`  capabilities = ${list(capabilities)}`);
    const required = rule['required_parameters'] === undefined || rule['required_parameters'] === null ? [] : strings(rule['required_parameters']);
    if (required === undefined) return { unknown: true, expression: `${expression} (rule ${index} required_parameters not known)` };
    if (required.length > 0) body.push(`  required_parameters = ${list(required)}`);
    for (const [block, key] of [['allowed_parameter', 'allowed_parameters'], ['denied_parameter', 'denied_parameters']] as const) {
      const entries = parameterEntries(rule[block]);
      if (entries === undefined) return { unknown: true, expression: `${expression} (rule ${index} ${block} not known)` };
      if (entries.length > 0) body.push(`  ${key} = {`, ...entries.map(([k, v]) => `    ${JSON.stringify(k)} = ${list(v)}`), '  }');
    }
    for (const ttl of ['min_wrapping_ttl', 'max_wrapping_ttl']) {
      const value = rule[ttl];
      if (typeof value === 'string' && value !== '') body.push(`  ${ttl} = ${JSON.stringify(value)}`);
    }
    const description = rule['description'];
    if (typeof description === 'string' && description !== '') out.push(`# ${description.replace(/\n/g, ' ')}`);
    out.push(`path ${JSON.stringify(path)} {`, ...body, '}', '');
  }
  return out.join('\n');
}

function strings(value: TfValue | undefined): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || isUnknown(value)) return undefined;
  return value.every((v): v is string => typeof v === 'string') ? value : undefined;
}

function parameterEntries(value: TfValue | undefined): [string, string[]][] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const entries: [string, string[]][] = [];
  for (const block of value) {
    if (!isKnownMap(block) || typeof block['key'] !== 'string') return undefined;
    const values = strings(block['value']);
    if (values === undefined) return undefined;
    entries.push([block['key'], values]);
  }
  return entries;
}

function list(items: string[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
}
