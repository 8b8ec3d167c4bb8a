import type { RuleReport } from '../../src/rules/define-rule.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import { judgeAnswers } from '../../src/graph/judge-answers.js';
import type { ScanResult } from '../../src/api/scan.js';

/** What one rule reported: its message id and data, before the report turns them into words. */
export interface ObservedRuleReport extends RuleReport {
  ruleId: string;
}

/**
 * Runs every registered rule again over a finished scan's inventory and graph, recording each
 * `report({ messageId, data, … })` call as it was made. The report format carries only the
 * rendered message; tables assert the message id and data through this, and the runner checks
 * that each recorded report renders to a message the scan's findings hold.
 */
export function recordRuleReports(result: Pick<ScanResult, 'inventory' | 'manifest' | 'graph'>): ObservedRuleReport[] {
  const { inventory, manifest, graph } = result;
  const answers = judgeAnswers(graph.answers, manifest.trusted);
  const recorded: ObservedRuleReport[] = [];
  for (const rule of ruleRegistry) {
    rule.check({ inventory, manifest, graph, answers, report: (found) => recorded.push({ ruleId: rule.id, ...found }) });
  }
  return recorded;
}
