import type { SourceRef } from '../../model/source.js';
import type { VaultPathRule, VaultPolicy } from '../../model/vault.js';
import { buildOverlay, compileVaultPolicies, findAclMatch, type AclMatch, type AclOverlay, type CompiledVaultAcl } from './acl.js';
import { checkParameters } from './parameters.js';
import { normalizeRequestPath } from './paths.js';
import { isRootProtected } from './root-protected.js';

export type VaultOperation = 'read' | 'list' | 'create' | 'update' | 'delete' | 'patch' | 'recover' | 'help' | 'sudo';

export interface VaultRequest {
  path: string;
  operation: VaultOperation;
  /** Request body / query parameters; `undefined` = not known (the caller may send any). */
  parameters?: Record<string, unknown>;
  /**
   * Response-wrapping TTL asked for; `0` = not wrapped (Vault's `WrapInfo.TTL` of 0); `undefined` =
   * not known (the caller may choose to wrap).
   */
  wrapTTLSeconds?: number;
}

/** Policy objects (a policy named `root` is Vault's root policy), or an ACL compiled once with compileVaultPolicies. */
export type VaultPolicyInput = VaultPolicy[] | CompiledVaultAcl;

export interface VaultMatchedRule {
  policy: string;
  path: string;
  source?: SourceRef;
}

export interface VaultDecision {
  allowed: boolean;
  /** Capabilities of the deciding path entry, sorted (`root` for the root policy). */
  capabilities: string[];
  /** True when the answer holds only under something the files cannot settle (identity templates, parameters, wrapping). */
  conditional: boolean;
  matched: VaultMatchedRule[];
  reasons: string[];
}

/** Compiles policy objects, or passes an already compiled ACL through. */
export function toVaultAcl(input: VaultPolicyInput): CompiledVaultAcl {
  return Array.isArray(input) ? compileVaultPolicies(input) : input;
}

interface Scenario {
  allowed: boolean;
  conditions: string[];
  reasons: string[];
  capabilities: Set<string>;
  match?: AclMatch;
}

/**
 * Decides one request the way Vault's ACL does (vault/acl.go AllowOperation): root allows all,
 * `help` is always allowed, the deciding path entry is chosen by Vault's matching and priority,
 * `deny` wins, root-protected paths also need `sudo`, then wrapping TTLs and parameter
 * constraints. Templated paths are matched with the template standing for any value, and the
 * answer is then conditional: it is allowed if it is allowed with or without the templated rule.
 * https://developer.hashicorp.com/vault/docs/concepts/policies
 */
export function evaluateVaultRequest({ policies, request }: { policies: VaultPolicyInput; request: VaultRequest }): VaultDecision {
  const acl = toVaultAcl(policies);
  if (acl.root) {
    return { allowed: true, capabilities: ['root'], conditional: false, matched: [{ policy: 'root', path: '*' }], reasons: ['the root policy allows everything'] };
  }
  if (request.operation === 'help') {
    return { allowed: true, capabilities: [], conditional: false, matched: [], reasons: ['help is always allowed'] };
  }
  const path = normalizeRequestPath(request.path);
  const templated = resolveTemplates(acl, path, request.operation === 'list');
  const base = decide(acl, path, request);
  if (templated.rules.length === 0) return toDecision(base, request.operation);
  const withTemplates = decide(acl, path, request, buildOverlay(acl, templated.rules));
  if (withTemplates.allowed && base.allowed) {
    const d = toDecision(withTemplates, request.operation);
    return { ...d, conditional: d.conditional || base.conditions.length > 0 };
  }
  if (withTemplates.allowed) {
    const d = toDecision(withTemplates, request.operation);
    return { ...d, conditional: true, reasons: [...d.reasons, ...templated.reasons] };
  }
  if (base.allowed) {
    // A templated rule that would shadow or deny only for one identity cannot remove access.
    const d = toDecision(base, request.operation);
    const why = templated.reasons.map((r) => `${r}; for that identity: ${withTemplates.reasons.join('; ')}`);
    return { ...d, conditional: true, reasons: [...d.reasons, ...why] };
  }
  const d = toDecision(base, request.operation);
  return { ...d, reasons: [...d.reasons, ...withTemplates.reasons.filter((r) => !d.reasons.includes(r))] };
}

/**
 * What `sys/capabilities` would answer for a path: `root` for the root policy, `deny` when
 * nothing (or a deny) applies, otherwise the sorted capabilities of the deciding entry. A templated
 * rule contributes its capabilities as possible ones (the direction of doubt is "may read").
 * https://developer.hashicorp.com/vault/api-docs/system/capabilities
 */
export function vaultCapabilities(policies: VaultPolicyInput, path: string): string[] {
  const acl = toVaultAcl(policies);
  if (acl.root) return ['root'];
  const p = normalizeRequestPath(path);
  const caps = new Set<string>();
  const add = (overlay?: AclOverlay): void => {
    // sys/capabilities evaluates as a list operation to get the trailing-slash fallbacks.
    const m = findAclMatch(acl, p, true, overlay);
    if (m && !m.entry.perms.capabilities.has('deny')) for (const c of m.entry.perms.capabilities) caps.add(c);
  };
  add();
  const templated = resolveTemplates(acl, p, true);
  if (templated.rules.length > 0) add(buildOverlay(acl, templated.rules));
  return caps.size === 0 ? ['deny'] : [...caps].sort();
}

function decide(acl: CompiledVaultAcl, path: string, request: VaultRequest, overlay?: AclOverlay): Scenario {
  const op = request.operation;
  const match = findAclMatch(acl, path, op === 'list', overlay);
  if (!match) return { allowed: false, conditions: [], reasons: [`no policy path matches "${path}" (implicit deny)`], capabilities: new Set() };
  const perms = match.entry.perms;
  const shown = describe(match);
  const fail = (reason: string): Scenario => ({ allowed: false, conditions: [], reasons: [reason], capabilities: perms.capabilities, match });
  if (perms.capabilities.has('deny')) return fail(`${shown} is denied (deny wins)`);
  if (!perms.capabilities.has(op)) return fail(`${shown} grants [${[...perms.capabilities].sort().join(', ')}], not ${op}`);
  if (op !== 'sudo' && isRootProtected(path) && !perms.capabilities.has('sudo')) return fail(`"${path}" is root-protected and ${shown} lacks sudo`);
  const conditions: string[] = [];
  const reasons = [`${shown} grants ${op}`];
  const { minWrappingTtlSeconds: min, maxWrappingTtlSeconds: max } = perms;
  if (min > 0 || max > 0) {
    const window = `response wrapping with TTL ${min > 0 ? `>= ${min}s` : ''}${min > 0 && max > 0 ? ' and ' : ''}${max > 0 ? `<= ${max}s` : ''}`;
    const ttl = request.wrapTTLSeconds;
    if (ttl === undefined) conditions.push(`requires ${window}`);
    // acl.go: with either TTL set, a request without wrapping (no WrapInfo, or TTL 0) is denied.
    else if (ttl <= 0) return fail(`${shown} requires ${window}; the request is not wrapped`);
    else if ((max > 0 && ttl > max) || (min > 0 && ttl < min) || (min > 0 && max > 0 && max < min)) return fail(`${shown} requires ${window}; asked ${ttl}s`);
  }
  if (op === 'read' || op === 'create' || op === 'update' || op === 'patch' || op === 'recover') {
    const params = checkParameters(perms, request.parameters);
    if (!params.allowed) return fail(`${shown}: ${params.reasons.join('; ')}`);
    conditions.push(...params.conditions);
  }
  return { allowed: true, conditions, reasons: [...reasons, ...conditions], capabilities: perms.capabilities, match };
}

function toDecision(s: Scenario, op: VaultOperation): VaultDecision {
  const contributors = s.match?.entry.perms.contributors ?? [];
  // The rules that decided: the denying ones when denied, else those granting the operation.
  const wanted = s.capabilities.has('deny') ? 'deny' : op;
  const deciding = contributors.filter((c) => c.rule.capabilities.includes(wanted));
  const matched = (deciding.length > 0 ? deciding : contributors).map(
    (c): VaultMatchedRule => ({ policy: c.policy, path: c.rule.path, source: c.rule.source }),
  );
  matched.sort((a, b) => a.policy.localeCompare(b.policy) || a.path.localeCompare(b.path));
  return { allowed: s.allowed, capabilities: [...s.capabilities].sort(), conditional: s.conditions.length > 0, matched, reasons: s.reasons };
}

function describe(m: AclMatch): string {
  const policies = [...new Set(m.entry.perms.contributors.map((c) => c.policy))].sort().join(', ');
  const written = m.entry.kind === 'prefix' ? `${m.entry.key}*` : m.entry.key;
  return `${m.how} rule "${written}" (policy ${policies})`;
}

/** Templated rules that could match this path, made concrete with the values they would need. */
function resolveTemplates(acl: CompiledVaultAcl, path: string, isList: boolean): { rules: { policy: string; rule: VaultPathRule }[]; reasons: string[] } {
  const rules: { policy: string; rule: VaultPathRule }[] = [];
  const reasons: string[] = [];
  if (acl.templated.length === 0) return { rules, reasons };
  const candidates = isList && path.endsWith('/') ? [path, path.slice(0, -1)] : [path];
  for (const t of acl.templated) {
    for (const candidate of candidates) {
      const m = t.pattern.exec(candidate);
      if (!m) continue;
      const templates = t.rule.path.match(/\{\{[^}]*\}\}/g) ?? [];
      let i = 1;
      const concrete = t.rule.path.replace(/\{\{[^}]*\}\}/g, () => m[i++] ?? '');
      rules.push({ policy: t.policy, rule: { ...t.rule, path: concrete.startsWith('/') ? concrete.slice(1) : concrete } });
      const values = templates.map((tpl, k) => `${tpl.slice(2, -2).trim()} = "${m[k + 1] ?? ''}"`).join(', ');
      reasons.push(`templated path "${t.rule.path}" (policy ${t.policy}) applies only when ${values}; not decidable from files`);
      break;
    }
  }
  return { rules, reasons };
}
