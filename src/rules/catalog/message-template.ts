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
  const missing = listPlaceholders(template).filter((name) => !Object.hasOwn(data, name));
  if (missing.length > 0) {
    throw new Error(`${context}: placeholder(s) not filled: ${missing.map((m) => `{${m}}`).join(', ')}`);
  }
  return template.replace(PLACEHOLDER, (_whole, name: string) => String(data[name]));
}
