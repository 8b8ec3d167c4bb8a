import { findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { positionsOf } from '../text-positions.js';
import type { Issue } from '../../../model/issue.js';
import type { SourceRef } from '../../../model/source.js';
import type { VaultPathRule, VaultPolicy } from '../../../model/vault.js';
import { parseHcl, type HclBlock } from '../hcl/parse-hcl.js';
import { staticValue, type HclStaticValue } from './hcl-value.js';
import { normalizePathRule } from './policy-rules.js';
import { describeName } from '../../../input-safety.js';

export interface ParsedVaultPolicy {
  policy: VaultPolicy;
  issues: Issue[];
}

/**
 * Parses a Vault ACL policy in HCL or JSON syntax, or a `vault read -format=json` dump of
 * `sys/policies/acl/NAME` (`data.policy`) or `sys/policy/NAME` (`data.rules`).
 * Guarantees: every rule carries the file and 1-based line of its `path` stanza; syntax errors
 * become `hclParseError`/`jsonParseError` issues while every stanza that could be read still loads.
 * The policy name is lower-cased, as Vault's policy store does.
 * https://developer.hashicorp.com/vault/docs/concepts/policies
 */
export function parseVaultPolicy(text: string, name: string, file: string): ParsedVaultPolicy {
  const policyName = name.trim().toLowerCase();
  const issues: Issue[] = [];
  const rules: VaultPathRule[] = [];
  if (/^\s*\{/.test(text)) parseJsonPolicy(text, file, rules, issues, policyName);
  else parseHclPolicy(text, file, 0, rules, issues);
  const policy: VaultPolicy = { name: policyName, rules, source: { file, line: 1 } };
  // Vault refuses a policy with any of these errors (`vault policy write` fails), so the policy of
  // that name is whatever was written before: unknown beyond the rules that could be read.
  if (issues.some((i) => !ACCEPTED_BY_VAULT.has(i))) policy.unreadable = 'its text has errors Vault refuses';
  return { policy, issues: sortIssues(issues) };
}

/** Issues that describe text Vault itself accepts (a note, not a refusal). */
const ACCEPTED_BY_VAULT = new WeakSet<Issue>();
function acceptedByVault(issue: Issue): Issue {
  ACCEPTED_BY_VAULT.add(issue);
  return issue;
}

/**
 * Vault parses policies with HCL1, which accepts `allowed_parameters { "k" = [] }` (a nested
 * block whose keys are quoted). HCL2 grammars do not, so rewrite that form into an object
 * assignment, replacing a space with `=` where possible so columns stay put.
 */
function hcl1ToHcl2(text: string): string {
  return text.replace(
    /^([ \t]*)(allowed_parameters|denied_parameters|control_group|factor)([ \t]*)\{/gm,
    (_m, indent: string, key: string, gap: string) => `${indent}${key}${gap.length > 0 ? `${gap.slice(1)}=` : '='}{`,
  );
}

function parseHclPolicy(text: string, file: string, lineOffset: number, rules: VaultPathRule[], issues: Issue[]): void {
  const { body, errors } = parseHcl(hcl1ToHcl2(text));
  for (const e of errors) {
    issues.push({ code: 'hclParseError', message: e.message, source: { file, line: e.line + lineOffset, column: e.column } });
  }
  const templated: SourceRef[] = [];
  for (const item of body.items) {
    const source: SourceRef = { file, line: item.line + lineOffset, column: item.column };
    if (item.kind === 'attribute') {
      if (item.name === 'name') continue;
      if (item.name === 'path') {
        // HCL1 also allows `path = { "secret/x" = { ... } }`.
        const value = staticValue(item.expression);
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          for (const [p, b] of Object.entries(value)) rules.push(normalizePathRule(p, b, source, issues));
          continue;
        }
      }
      issues.push({ code: 'vaultPolicyInvalid', message: `invalid top-level key ${describeName(item.name, VAULT_POLICY_WORDS)}`, source });
      continue;
    }
    if (item.type !== 'path' || item.labels.length !== 1) {
      issues.push({ code: 'vaultPolicyInvalid', message: `unexpected block ${describeName(item.type, VAULT_POLICY_WORDS)} with ${item.labels.length} label(s)`, source });
      continue;
    }
    const label = item.labels[0] ?? '';
    // HCL2 starts a template at `${`/`%{` (a label cannot hold one); Vault's HCL1 reads it as text.
    if (/[$%]\{/.test(label)) templated.push(source);
    rules.push(normalizePathRule(label, blockValue(item, file, lineOffset, issues), source, issues));
  }
  // Said once per policy: a template file read on its own holds such a path in every rule.
  const [first] = templated;
  if (first) {
    const more = templated.length > 1 ? ` (and ${templated.length - 1} more path${templated.length > 2 ? 's' : ''} in this policy)` : '';
    issues.push(acceptedByVault({ code: 'vaultPolicyInvalid', message: `path holds "\${" or "%{", which HCL2 reads as a template and Vault as text: read as text${more}`, source: first }));
  }
}

/**
 * The words of a Vault policy and of the HCL files met beside one, quoted in messages; any other
 * name is described by its size only (input-safety `describeName`).
 * https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax
 */
const VAULT_POLICY_WORDS: ReadonlySet<string> = new Set([
  'path', 'name', 'policy', 'capabilities', 'allowed_parameters', 'denied_parameters', 'required_parameters',
  'min_wrapping_ttl', 'max_wrapping_ttl', 'control_group', 'factor', 'identity', 'controlled_capabilities',
  'subscribe_event_types', 'locals', 'resource', 'data', 'variable', 'output', 'module', 'provider', 'terraform',
  'vault', 'auto_auth', 'template', 'listener', 'storage', 'seal', 'ui', 'api_addr', 'cluster_addr',
]);

function blockValue(block: HclBlock, file: string, lineOffset: number, issues: Issue[]): HclStaticValue {
  // Keys come from the input: no prototype, so `__proto__` or `constructor` is a key like any other.
  const out = Object.create(null) as { [key: string]: HclStaticValue };
  for (const item of block.body.items) {
    const source: SourceRef = { file, line: item.line + lineOffset, column: item.column };
    if (item.kind === 'block') {
      const nested = blockValue(item, file, lineOffset, issues);
      out[item.type] = item.labels.length > 0 ? { [item.labels.join('.')]: nested } : nested;
      continue;
    }
    const value = staticValue(item.expression);
    if (value === undefined) {
      issues.push({ code: 'vaultPolicyInvalid', message: `${describeName(item.name, VAULT_POLICY_WORDS)} is not a constant value`, source });
      continue;
    }
    out[item.name] = value;
  }
  return out;
}

function parseJsonPolicy(text: string, file: string, rules: VaultPathRule[], issues: Issue[], name: string): void {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const lineOf = positionsOf(text);
  for (const e of errors) {
    const pos = lineOf(e.offset);
    issues.push({ code: 'jsonParseError', message: `JSON syntax error (code ${e.error})`, source: { file, ...pos } });
  }
  if (!root || root.type !== 'object') return;
  // API dumps carry the HCL text as a string: data.policy (sys/policies/acl) or data.rules (sys/policy).
  for (const at of [['data', 'policy'], ['data', 'rules'], ['policy'], ['rules']]) {
    const node = findNodeAtLocation(root, at);
    if (node?.type === 'string' && typeof node.value === 'string') {
      const embedded = node.value;
      if (/^\s*\{/.test(embedded)) {
        parseJsonPolicy(embedded, file, rules, issues, name);
      } else {
        // Lines inside an embedded string cannot map back to the dump; point at the string.
        const before = rules.length;
        const issuesBefore = issues.length;
        parseHclPolicy(embedded, file, 0, rules, issues);
        const where = lineOf(node.offset);
        for (const r of rules.slice(before)) r.source = { file, line: where.line, pointer: `/${at.join('/')}#L${r.source.line ?? 0}` };
        for (const i of issues.slice(issuesBefore)) i.source = { file, line: where.line, pointer: `/${at.join('/')}#L${i.source.line ?? 0}` };
      }
      return;
    }
  }
  const paths = findNodeAtLocation(root, ['path']);
  if (!paths) {
    issues.push(acceptedByVault({ code: 'vaultPolicyInvalid', message: `policy "${name}" has no "path" object`, source: { file, line: 1 } }));
    return;
  }
  for (const prop of paths.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    const source: SourceRef = { file, ...lineOf(keyNode.offset), pointer: `/path/${pointerEscape(keyNode.value)}` };
    rules.push(normalizePathRule(keyNode.value, jsonValue(valueNode), source, issues));
  }
  for (const prop of root.children ?? []) {
    const key = prop.children?.[0]?.value;
    if (key !== 'path' && key !== 'name') {
      issues.push({ code: 'vaultPolicyInvalid', message: `invalid top-level key ${describeName(String(key), VAULT_POLICY_WORDS)}`, source: { file, ...lineOf(prop.offset) } });
    }
  }
}

function jsonValue(node: JsonNode | undefined): HclStaticValue {
  if (!node) return null;
  if (node.type === 'object') {
    const out: { [key: string]: HclStaticValue } = {};
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k && typeof k.value === 'string') out[k.value] = jsonValue(v);
    }
    return out;
  }
  if (node.type === 'array') return (node.children ?? []).map(jsonValue);
  return (node.value as HclStaticValue) ?? null;
}

function pointerEscape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0) || (a.source.column ?? 0) - (b.source.column ?? 0));
}
