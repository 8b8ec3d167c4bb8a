import type { CodeFlow, Log, Result, Run, ThreadFlowLocation, VersionControlDetails } from 'sarif';
import type { ChainStep, Finding, Report } from '../model/report.js';
import type { RuleMeta } from '../model/rule.js';
import { formatChainStep } from './chain.js';
import { SRCROOT, toLocation, toResultLocations } from './sarif-locations.js';
import { toReportingDescriptors } from './sarif-rules.js';
import { toSuppressions } from './sarif-suppressions.js';
import { prepareSarifForGitHub } from './sarif-github.js';

export interface SarifOptions {
  /** The rule catalog (loadRuleCatalog()); every finding's ruleId must be in it. */
  rules: RuleMeta[];
  toolVersion: string;
  /** Where people read about the tool. */
  informationUri?: string;
  /** Absolute `file:` URI of the scan root, ending in `/`; when absent %SRCROOT% is only described. */
  srcRootUri?: string;
  /** Rule help pages live at `helpUriBase + ruleId` (e.g. a docs folder); no helpUri when absent. */
  helpUriBase?: string;
  /** The commit that was scanned (GitHub fills it in on upload; other viewers use it to map paths). */
  versionControlProvenance?: VersionControlDetails[];
  /** GitHub code scanning category (`automationDetails.id`); see prepareSarifForGitHub. */
  category?: string;
}

const DEFAULT_INFORMATION_URI = 'https://github.com/secret-scan/secret-scan';
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * Renders a report as a SARIF 2.1.0 log for GitHub code scanning (README "Reports"): one run, the rules of
 * the catalog, one result per finding with ruleId/ruleIndex, level, message, at least one physical
 * location with a region, the `secretScan/v1` partial fingerprint and, when the finding has a
 * chain, a codeFlow walking it. Pure; throws when a finding's rule is not in the catalog.
 */
export function formatSarif(report: Report, options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const run: Run = {
    tool: {
      driver: {
        name: 'secret-scan',
        version: options.toolVersion,
        semanticVersion: /^\d+\.\d+\.\d+/.test(options.toolVersion) ? options.toolVersion : undefined,
        informationUri: options.informationUri ?? DEFAULT_INFORMATION_URI,
        rules: toReportingDescriptors(options.rules, options.helpUriBase),
      },
    },
    originalUriBaseIds: {
      [SRCROOT]: options.srcRootUri !== undefined
        ? { uri: options.srcRootUri }
        : { description: { text: 'The root directory of the scan; every relative path is under it.' } },
    },
    ...(options.versionControlProvenance !== undefined ? { versionControlProvenance: options.versionControlProvenance } : {}),
    columnKind: 'unicodeCodePoints',
    results: report.findings.map((finding) => toResult(finding, ruleIndex)),
  };
  const log: Log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  prepareSarifForGitHub(log, options.category !== undefined ? { category: options.category } : {});
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toResult(finding: Finding, ruleIndex: ReadonlyMap<string, number>): Result {
  const index = ruleIndex.get(finding.ruleId);
  if (index === undefined) throw new Error(`finding of rule ${finding.ruleId} has no rule in the catalog`);
  const result: Result = {
    ruleId: finding.ruleId,
    ruleIndex: index,
    level: finding.level,
    message: { text: finding.message },
    locations: toResultLocations(finding),
    partialFingerprints: { 'secretScan/v1': finding.fingerprint },
  };
  if (finding.chain !== undefined && finding.chain.length > 0) result.codeFlows = [toCodeFlow(finding.chain)];
  if (finding.baselineState !== undefined) result.baselineState = finding.baselineState;
  if (finding.suppressions !== undefined && finding.suppressions.length > 0) result.suppressions = toSuppressions(finding.suppressions);
  const properties: Record<string, string | number> = { ...finding.properties };
  if (finding.secret !== undefined) properties.secret = finding.secret;
  if (finding.principal !== undefined) properties.principal = finding.principal;
  if (Object.keys(properties).length > 0) result.properties = properties;
  return result;
}

function toCodeFlow(chain: readonly ChainStep[]): CodeFlow {
  const locations: ThreadFlowLocation[] = chain.map((step, index) => {
    const location = step.source !== undefined ? toLocation(step.source) : {};
    location.message = { text: formatChainStep(step) };
    return { location, executionOrder: index + 1, kinds: [step.edge] };
  });
  return { threadFlows: [{ locations }] };
}
