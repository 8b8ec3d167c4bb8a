import type { Issue } from '../../../model/issue.js';
import type { FileLoadResult, LoadContext } from '../file-loader.js';
import { parseJsonWithPositions } from '../json/parse-json-with-positions.js';
import { mapTerraformResources } from '../terraform-resources/map-terraform-resources.js';
import { collectPlanResources } from './plan-resources.js';

// https://developer.hashicorp.com/terraform/internals/json-format

const PLAN_KEYS = ['planned_values', 'resource_changes', 'prior_state', 'configuration'];
/**
 * `0.1` (Terraform 0.12–0.13), `0.2` (0.14–0.15, adds `sensitive_values`/`before_sensitive`/
 * `after_sensitive`) and `1.x` (1.0 on) share the shapes read here; keys an older version lacks are
 * simply absent, and in 0.1 nothing is marked sensitive (the values are then taken as given). A
 * major version past 1 may change meaning and is refused, as the format's own rules ask.
 */
const SUPPORTED_VERSION = /^(0\.[12]|1)(\.|$)/;

/** Cheap content test: a JSON object with `format_version` and a plan's or state's top-level keys. */
export function looksLikeTerraformPlan(text: string): boolean {
  return /"format_version"\s*:/.test(text) && /"(planned_values|resource_changes|prior_state|configuration|values)"\s*:/.test(text);
}

/**
 * Loads `terraform show -json` output for a saved plan (or a state): the instances of the state
 * the plan leads to, mapped by `mapTerraformResources`. Recognized by content (`format_version`
 * plus a plan's top-level keys); a format other than 0.1, 0.2 or 1.x is recognized, reported
 * (`unsupportedFormatVersion`) and not read, since its meaning may have changed. Malformed JSON
 * yields `jsonParseError` and nothing else. Values the plan prints in clear (sensitive variables,
 * a parameter's `value`) are never read into the inventory or any message. Never throws.
 */
export function loadTerraformPlan(relativePath: string, text: string, context: LoadContext): FileLoadResult {
  if (!looksLikeTerraformPlan(text)) return { recognized: false, fragment: {}, issues: [] };
  const parsed = parseJsonWithPositions(text);
  const json = parsed.value;
  if (typeof json !== 'object' || json === null || Array.isArray(json) || typeof json['format_version'] !== 'string') {
    if (parsed.errors.length === 0) return { recognized: false, fragment: {}, issues: [] };
  }
  if (parsed.errors.length > 0) {
    const [first] = parsed.errors;
    return {
      recognized: true, fragment: {},
      issues: [{ code: 'jsonParseError', message: `malformed Terraform plan JSON: ${first?.message ?? 'syntax error'}; nothing was loaded from this file`,
        source: { file: relativePath, ...(first ? { line: first.line, column: first.column } : {}) } }],
    };
  }
  const plan = json as Record<string, unknown>;
  if (!PLAN_KEYS.some((k) => k in plan) && !('values' in plan && 'terraform_version' in plan)) return { recognized: false, fragment: {}, issues: [] };
  const version = String(plan['format_version']);
  if (!SUPPORTED_VERSION.test(version)) {
    return {
      recognized: true, fragment: {},
      issues: [{ code: 'unsupportedFormatVersion', message: `Terraform JSON format_version ${version} is not supported (0.1, 0.2 and major version 1 are); nothing was loaded from this file`,
        source: { file: relativePath, line: parsed.lineOf('/format_version') ?? 1, pointer: '/format_version' } }],
    };
  }
  const resources = collectPlanResources({ file: relativePath, json: json as never, lineOf: parsed.lineOf });
  const mapped = mapTerraformResources(resources, context);
  const issues: Issue[] = [...mapped.issues];
  if (plan['errored'] === true) {
    issues.push({ code: 'incompletePlan', message: 'the plan errored (errored: true): resources it did not reach are missing', source: { file: relativePath, line: parsed.lineOf('/errored') ?? 1 } });
  }
  issues.sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
  return { recognized: true, fragment: mapped.fragment, issues };
}
