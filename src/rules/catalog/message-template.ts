import { BoundedCache } from '../../engine/bounded-cache.js';

/** Placeholder syntax of rule messages: `{name}` with a JavaScript-identifier name. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Lists the distinct placeholder names of a message template, in order of first appearance. */
export function listPlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Fills every `{placeholder}` of `template` from `data`. Guarantees a fully filled string: throws
 * when a placeholder has no value, so a half-rendered message never reaches a report. Values are
 * inserted verbatim (no re-expansion of braces inside values).
 */
export function fillTemplate(template: string, data: Readonly<Record<string, string | number>>, context: string): string {
  const { literals, names } = compiledTemplate(template);
  const missing = [...new Set(names)].filter((name) => !Object.hasOwn(data, name));
  if (missing.length > 0) {
    throw new Error(`${context}: placeholder(s) not filled: ${missing.map((m) => `{${m}}`).join(', ')}`);
  }
  // Joined, not concatenated: `+=` leaves a tree of pieces, which the JSON writer must flatten
  // later, beside the tree, for every one of tens of thousands of findings.
  const parts: string[] = [literals[0] as string];
  for (let k = 0; k < names.length; k++) parts.push(String(data[names[k] as string]), literals[k + 1] as string);
  return parts.join('');
}

/** A template split once at its placeholders: literals[0] name[0] literals[1] … (an org scan fills one template tens of thousands of times). */
interface CompiledTemplate { literals: string[]; names: string[] }
// Templates come from the rule catalog and team policies: a few dozen.
const compiledTemplates = new BoundedCache<CompiledTemplate>(1000);
function compiledTemplate(template: string): CompiledTemplate {
  return compiledTemplates.get(template, () => {
    const literals: string[] = [];
    const names: string[] = [];
    let last = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      literals.push(template.slice(last, match.index));
      names.push(match[1] as string);
      last = match.index + match[0].length;
    }
    literals.push(template.slice(last));
    return { literals, names };
  });
}
