import type { Inventory } from '../model/inventory.js';
import type { Manifest } from '../model/manifest.js';
import type { AccessGraph } from '../graph/build-graph.js';
import type { JudgedAnswer } from '../graph/judge-answers.js';
import type { UnfingerprintedFinding } from './define-rule.js';
import { ruleRegistry } from './registry.js';
import { formatRuleMessage, getRuleMeta } from './rule-catalog.js';

/**
 * Runs every registered rule over the judged answers (statuses and reader roles are decided
 * before, by `judgeAnswers`); findings are sorted by rule, secret, principal, place.
 */
export function runRules(inventory: Inventory, manifest: Manifest, graph: AccessGraph, answers: readonly JudgedAnswer[]): UnfingerprintedFinding[] {
  const findings: UnfingerprintedFinding[] = [];
  for (const rule of ruleRegistry) {
    const meta = getRuleMeta(rule.id);
    rule.check({
      inventory, manifest, graph, answers,
      report(found) {
        const finding: UnfingerprintedFinding = {
          ruleId: rule.id,
          level: meta.level,
          message: formatRuleMessage(rule.id, found.messageId, found.data),
          locations: found.locations,
        };
        if (found.secret !== undefined) finding.secret = found.secret;
        if (found.principal !== undefined) finding.principal = found.principal;
        if (found.chain) finding.chain = found.chain;
        if (found.properties) finding.properties = found.properties;
        findings.push(finding);
      },
    });
  }
  return findings.sort(compareFindings);
}

function compareFindings(a: UnfingerprintedFinding, b: UnfingerprintedFinding): number {
  const la = a.locations[0];
  const lb = b.locations[0];
  return a.ruleId.localeCompare(b.ruleId) || (a.secret ?? '').localeCompare(b.secret ?? '') || (a.principal ?? '').localeCompare(b.principal ?? '')
    || (la?.file ?? '').localeCompare(lb?.file ?? '') || (la?.line ?? 0) - (lb?.line ?? 0) || a.message.localeCompare(b.message);
}
