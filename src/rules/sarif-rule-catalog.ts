import type { Report } from '../model/report.js';
import type { RuleMeta } from '../model/rule.js';
import { policyRuleMeta } from './policies/check-policies.js';
import { loadRuleCatalog } from './rule-catalog.js';

/** The rules a report's SARIF lists: the built-in catalog, then the team policies the report checked. */
export function reportRuleCatalog(report: Pick<Report, 'policies'>): RuleMeta[] {
  return [...loadRuleCatalog(), ...policyRuleMeta(report.policies ?? [])];
}
