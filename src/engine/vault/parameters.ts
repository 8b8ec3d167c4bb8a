import type { AclPermissions } from './permissions.js';

/** Outcome of Vault's request-parameter checks for one deciding entry. */
export interface ParameterCheck {
  allowed: boolean;
  /** Why the answer holds only for some requests (parameters not given). */
  conditions: string[];
  reasons: string[];
}

/**
 * Vault's parameter constraints (acl.go AllowOperation), for read/create/update/patch/recover:
 * required parameters must be present; `denied_parameters` (`*` = all) refuse listed values
 * (empty list = any value); `allowed_parameters` admit only listed names and values (`*` admits
 * any other name). Values match with Vault's globs (`*` at either end) and comma-separated
 * strings are checked element by element. When the request's parameters are not known
 * (`undefined`), the caller can always choose them, so a missing required parameter only makes
 * the answer conditional.
 * https://developer.hashicorp.com/vault/docs/concepts/policies#parameter-constraints
 */
export function checkParameters(perms: AclPermissions, parameters: Record<string, unknown> | undefined): ParameterCheck {
  const required = perms.requiredParameters ?? [];
  if (parameters === undefined) {
    const conditions = required.length > 0 ? [`requires parameters ${required.join(', ')} in the request`] : [];
    return { allowed: true, conditions, reasons: [] };
  }
  const data = new Map<string, unknown>();
  for (const [k, v] of Object.entries(parameters)) data.set(k.toLowerCase(), v);
  for (const r of required) {
    if (!data.has(r.toLowerCase())) return deny(`required parameter "${r}" missing`);
  }
  if (data.size === 0) return { allowed: true, conditions: [], reasons: [] };
  const denied = perms.deniedParameters;
  if (denied && Object.keys(denied).length > 0) {
    if ('*' in denied) return deny('all parameters denied (denied_parameters "*")');
    for (const [name, value] of data) {
      const list = denied[name];
      if (list && valueInDeniedList(value, list)) return deny(`parameter "${name}" value denied`);
    }
  }
  const allowed = perms.allowedParameters;
  if (!allowed || Object.keys(allowed).length === 0) return { allowed: true, conditions: [], reasons: [] };
  const allowedAll = '*' in allowed;
  if (allowedAll && Object.keys(allowed).length === 1) return { allowed: true, conditions: [], reasons: [] };
  for (const [name, value] of data) {
    const list = allowed[name];
    if (!list && !allowedAll) return deny(`parameter "${name}" not in allowed_parameters`);
    if (list && !valueInAllowedList(value, list)) return deny(`parameter "${name}" value not allowed`);
  }
  return { allowed: true, conditions: [], reasons: [] };
}

function deny(reason: string): ParameterCheck {
  return { allowed: false, conditions: [], reasons: [reason] };
}

function valueInAllowedList(v: unknown, list: string[]): boolean {
  if (list.length === 0 || valueInList(v, list)) return true;
  const items = Array.isArray(v) ? v : typeof v === 'string' ? commaSplit(v) : undefined;
  return items !== undefined && items.every((x) => valueInList(x, list));
}

function valueInDeniedList(v: unknown, list: string[]): boolean {
  if (list.length === 0 || valueInList(v, list)) return true;
  const items = Array.isArray(v) ? v : typeof v === 'string' ? commaSplit(v) : undefined;
  return items !== undefined && items.some((x) => valueInList(x, list));
}

function valueInList(v: unknown, list: string[]): boolean {
  // Policy values are kept as strings; non-string request values compare by their JSON text,
  // which is how a number or boolean written in HCL was stored by the loader.
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return list.some((el) => globbedStringsMatch(el, text));
}

/** strutil.GlobbedStringsMatch: `*` at the start and/or end of the pattern. */
export function globbedStringsMatch(pattern: string, value: string): boolean {
  if (pattern.length < 2) return pattern === value;
  const pre = pattern.startsWith('*');
  const suf = pattern.endsWith('*');
  if (pre && suf) return value.includes(pattern.slice(1, -1));
  if (pre) return value.endsWith(pattern.slice(1));
  if (suf) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

function commaSplit(s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter((x) => x !== '');
}
