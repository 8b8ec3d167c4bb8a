import type { ReportingDescriptor } from 'sarif';
import type { RuleMeta } from '../model/rule.js';

/**
 * Turns the rule catalog into SARIF `tool.driver.rules`, in catalog order (so a result's
 * `ruleIndex` is its rule's position in the catalog). Every descriptor carries what GitHub code
 * scanning shows: short and full descriptions, help as text and Markdown, the default level,
 * `security-severity`, tags (always `security` first) and precision; `helpUri` when a base is given.
 */
export function toReportingDescriptors(rules: readonly RuleMeta[], helpUriBase?: string): ReportingDescriptor[] {
  return rules.map((rule) => ({
    id: rule.id,
    name: toPascalCase(rule.name),
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} ${firstParagraph(rule.help)}` },
    help: { text: markdownToText(rule.help), markdown: rule.help },
    ...(helpUriBase !== undefined ? { helpUri: `${helpUriBase}${rule.id}` } : {}),
    defaultConfiguration: { level: rule.level },
    properties: {
      'security-severity': rule.securitySeverity,
      tags: ['security', ...(rule.tags ?? []).filter((tag) => tag !== 'security')],
      precision: rule.precision ?? 'high',
      // The kebab name of rules/<id>.yaml, kept because `name` is PascalCase as SARIF asks.
      kebabName: rule.name,
    },
  }));
}

/** SARIF §3.49.7 asks for a rule `name` that reads as an identifier; `a-b-c` becomes `ABC`. */
function toPascalCase(kebab: string): string {
  return kebab
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The first paragraph of the help, as plain text (the "what it means" part). */
function firstParagraph(markdown: string): string {
  const paragraph = markdown.trim().split(/\n\s*\n/)[0] ?? '';
  return markdownToText(paragraph).replace(/\s+/g, ' ').replace(/^What it means\.\s*/, '').trim();
}

/** A plain-text rendering of rule help for SARIF viewers that do not render Markdown. */
function markdownToText(markdown: string): string {
  return markdown
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1')
    .trim();
}
