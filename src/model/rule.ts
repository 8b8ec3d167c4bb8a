import type { FindingLevel } from './report.js';

/** What people read about a rule: the contents of `rules/SSxxx.yaml` (schema: `schemas/rule.schema.json`). */
export interface RuleMeta {
  id: string;
  name: string;
  level: FindingLevel;
  /** GitHub code scanning severity, "0.0"–"10.0". */
  securitySeverity: string;
  /** One sentence. */
  description: string;
  /** Markdown. */
  help: string;
  /** Message templates by message id, with `{placeholders}`. */
  messages: Record<string, string>;
  /** Extra SARIF/GitHub tags besides `security` (e.g. `external/cwe/cwe-284`). Optional, additive. */
  tags?: string[];
  /** SARIF/GitHub `precision` of the rule's results; writers default to `high`. Optional, additive. */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
}
