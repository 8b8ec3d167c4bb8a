/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${*}`, defaults as
 * `${aws:username, 'nobody'}`), substituted only in policies with Version 2012-10-17
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */
import { LITERAL_QUESTION, LITERAL_STAR } from './wildcard.js';
import type { RequestContext } from './request-context.js';

export interface VariablePart {
  raw: string;
  keyLower: string;
  key: string;
  defaultValue?: string;
}

export type TemplatePart = string | VariablePart;

/** Parses `${…}` references; undefined when the string holds none (the common, fast case). */
export function parseTemplate(text: string): TemplatePart[] | undefined {
  if (!text.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let pos = 0;
  let found = false;
  while (pos < text.length) {
    const open = text.indexOf('${', pos);
    const close = open < 0 ? -1 : text.indexOf('}', open + 2);
    if (open < 0 || close < 0) { parts.push(text.slice(pos)); break; }
    if (open > pos) parts.push(text.slice(pos, open));
    const inner = text.slice(open + 2, close).trim();
    const raw = text.slice(open, close + 1);
    found = true;
    if (inner === '*' || inner === '?' || inner === '$') {
      parts.push({ raw, key: inner, keyLower: inner });
    } else {
      const comma = inner.indexOf(',');
      const key = (comma < 0 ? inner : inner.slice(0, comma)).trim();
      const def = comma < 0 ? undefined : inner.slice(comma + 1).trim().replace(/^'(.*)'$/s, '$1');
      parts.push(def === undefined ? { raw, key, keyLower: key.toLowerCase() } : { raw, key, keyLower: key.toLowerCase(), defaultValue: def });
    }
    pos = close + 1;
  }
  return found ? parts : undefined;
}

export type ResolvedTemplate =
  | { state: 'value'; value: string }
  | { state: 'absent'; key: string }
  | { state: 'unknown'; key: string; why: string };

/**
 * Substitutes every variable. With `forGlob`, substituted text is literal (`*` and `?` inside a
 * value, and `${*}`/`${?}`, do not act as wildcards). A variable whose key is unknown leaves the
 * template undecided; one whose key is known absent (and has no default) makes it match nothing.
 */
export function resolveTemplate(parts: TemplatePart[], ctx: RequestContext, forGlob: boolean): ResolvedTemplate {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') { out += part; continue; }
    if (part.key === '*') { out += forGlob ? LITERAL_STAR : '*'; continue; }
    if (part.key === '?') { out += forGlob ? LITERAL_QUESTION : '?'; continue; }
    if (part.key === '$') { out += '$'; continue; }
    const found = ctx.get(part.keyLower);
    if (found.state === 'unknown') return { state: 'unknown', key: part.key, why: `policy variable ${part.raw}: context key ${part.key} not known` };
    let value: string;
    if (found.state === 'absent') {
      if (part.defaultValue === undefined) return { state: 'absent', key: part.key };
      value = part.defaultValue;
    } else {
      if (found.values.length !== 1) return { state: 'unknown', key: part.key, why: `policy variable ${part.raw}: multi-valued key cannot be substituted` };
      value = found.values[0] as string;
    }
    out += forGlob ? value.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION) : value;
  }
  return { state: 'value', value: out };
}
