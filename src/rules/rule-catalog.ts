import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { RuleMeta } from '../model/rule.js';
import { findPackageRoot } from '../package-root.js';
import { PACKAGE_SCHEMAS, schemaValidator } from '../schema-validator.js';
import { fillTemplate } from './catalog/message-template.js';

/** Thrown when a rule file is unreadable, not YAML, or fails `schemas/rule.schema.json`. */
export class RuleCatalogError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'RuleCatalogError';
  }
}

let cached: { rules: RuleMeta[]; byId: Map<string, RuleMeta> } | undefined;

/**
 * Loads every `rules/*.yaml` of the package once (later calls return the cached list), validates
 * each against `schemas/rule.schema.json`, and returns them sorted by id. Guarantees: every rule
 * returned is schema-valid and its id equals its file name; otherwise throws a RuleCatalogError
 * naming the offending file.
 */
export function loadRuleCatalog(): RuleMeta[] {
  return loadCached().rules;
}

/** Returns the rule with this id; throws when the catalog has no such rule. */
export function getRuleMeta(id: string): RuleMeta {
  const rule = loadCached().byId.get(id);
  if (rule === undefined) throw new Error(`unknown rule id ${id}`);
  return rule;
}

/**
 * Renders message `messageId` of rule `id` with `data`. Throws when the rule or message id is
 * unknown or a placeholder stays unfilled, so a finding never carries a broken message.
 */
export function formatRuleMessage(id: string, messageId: string, data: Readonly<Record<string, string | number>>): string {
  const rule = getRuleMeta(id);
  const template = Object.hasOwn(rule.messages, messageId) ? rule.messages[messageId] : undefined;
  if (template === undefined) {
    throw new Error(`rule ${id} has no message '${messageId}' (has: ${Object.keys(rule.messages).join(', ')})`);
  }
  return fillTemplate(template, data, `rule ${id} message '${messageId}'`);
}

/**
 * Reads and validates the rule files in `rulesDir` against the schema at `schemaPath`, without
 * caching. Exposed for tests and tools; same guarantees as loadRuleCatalog.
 */
export function readRuleDirectory(rulesDir: string, schemaPath: string): RuleMeta[] {
  const validate = compileSchema(schemaPath);
  const files = readdirSync(rulesDir).filter((name) => name.endsWith('.yaml')).sort();
  const rules = files.map((name) => readRuleFile(join(rulesDir, name), name, validate));
  return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function loadCached(): { rules: RuleMeta[]; byId: Map<string, RuleMeta> } {
  if (cached === undefined) {
    const root = findPackageRoot(import.meta.url);
    const rules = readRuleDirectory(join(root, 'rules'), join(root, 'schemas', 'rule.schema.json'));
    cached = { rules, byId: new Map(rules.map((rule) => [rule.id, rule])) };
  }
  return cached;
}

function compileSchema(schemaPath: string): ValidateFunction {
  return schemaValidator(schemaPath, PACKAGE_SCHEMAS.rule.options);
}

function readRuleFile(path: string, name: string, validate: ValidateFunction): RuleMeta {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RuleCatalogError(path, `cannot read rule file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!validate(data)) {
    throw new RuleCatalogError(path, `does not match schemas/rule.schema.json: ${describeErrors(validate.errors)}`);
  }
  const rule = data as unknown as RuleMeta;
  const expectedId = name.replace(/\.yaml$/, '');
  if (rule.id !== expectedId) throw new RuleCatalogError(path, `id ${rule.id} does not match the file name ${name}`);
  return rule;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
}
