import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Log, Result } from 'sarif';
import { formatSarif } from '../../src/report/sarif.js';
import { validateWithMultitool } from '../support/sarif-multitool.js';
import { loadRuleCatalog } from '../../src/rules/rule-catalog.js';
import { allReports, fileReport, liveReport } from './report-fixtures.js';

const rules = loadRuleCatalog();
const render = (report = fileReport): Log => JSON.parse(formatSarif(report, { rules, toolVersion: '0.1.0' })) as Log;
const resultsOf = (log: Log): Result[] => log.runs[0]?.results ?? [];

describe('formatSarif', () => {
  for (const [name, report] of Object.entries(allReports)) {
    test(`${name}: Microsoft SARIF Multitool (GH + SARIF rules) finds no error or warning`, (t) => {
      const results = validateWithMultitool(formatSarif(report, { rules, toolVersion: '0.1.0' }));
      const serious = results.filter((r) => r.level === undefined || r.level === 'error' || r.level === 'warning');
      const notes = [...new Set(results.filter((r) => r.level === 'note').map((r) => r.ruleId))].sort();
      t.diagnostic(`notes: ${notes.join(', ')}`);
      assert.deepEqual(serious.map((r) => `${r.level ?? 'warning'} ${r.ruleId} ${(r.message.arguments ?? []).join(' | ')}`), []);
    });
  }

  test('the Multitool check has teeth: a log without fullDescription and with an absolute path fails it', () => {
    const log = render();
    delete log.runs[0]!.tool.driver.rules![0]!.fullDescription;
    resultsOf(log)[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri = '/abs/iam.json';
    const errors = validateWithMultitool(JSON.stringify(log)).filter((r) => r.level === 'error').map((r) => r.ruleId).sort();
    assert.deepEqual(errors, ['GH2012', 'SARIF1004']);
  });

  test('one run; driver carries every catalog rule with what GitHub shows', () => {
    const log = render();
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0]!.tool.driver;
    assert.equal(driver.name, 'secret-scan');
    assert.equal(driver.version, '0.1.0');
    assert.deepEqual(driver.rules?.map((r) => r.id), rules.map((r) => r.id));
    for (const [index, descriptor] of (driver.rules ?? []).entries()) {
      const meta = rules[index]!;
      assert.equal(descriptor.shortDescription?.text, meta.description);
      assert.ok((descriptor.fullDescription?.text.length ?? 0) > meta.description.length);
      assert.equal(descriptor.help?.markdown, meta.help);
      assert.equal(descriptor.defaultConfiguration?.level, meta.level);
      assert.equal(descriptor.properties?.['security-severity'], meta.securitySeverity);
      assert.equal((descriptor.properties?.tags as string[])[0], 'security');
      assert.ok(['very-high', 'high', 'medium', 'low'].includes(descriptor.properties?.precision as string));
    }
    assert.ok(log.runs[0]!.originalUriBaseIds?.['%SRCROOT%']);
  });

  test('every finding becomes a result with rule, level, message, relative location and fingerprint', () => {
    const results = resultsOf(render());
    assert.equal(results.length, fileReport.findings.length);
    results.forEach((result, i) => {
      const finding = fileReport.findings[i]!;
      assert.equal(result.ruleId, finding.ruleId);
      assert.equal(rules[result.ruleIndex!]!.id, finding.ruleId);
      assert.equal(result.level, finding.level);
      assert.equal(result.message.text, finding.message);
      assert.deepEqual(result.partialFingerprints, { 'secretScan/v1': finding.fingerprint });
      const physical = result.locations?.[0]?.physicalLocation;
      assert.equal(physical?.artifactLocation?.uri, finding.locations[0]!.file);
      assert.equal(physical?.artifactLocation?.uriBaseId, '%SRCROOT%');
      assert.equal(physical?.region?.startLine, finding.locations[0]!.line ?? 1);
    });
  });

  test('a chain becomes a codeFlow with one thread-flow location per step', () => {
    const result = resultsOf(render())[0]!;
    const steps = result.codeFlows?.[0]?.threadFlows[0]?.locations ?? [];
    assert.equal(steps.length, fileReport.findings[0]!.chain!.length);
    assert.match(steps[0]!.location?.message?.text ?? '', /^assume-role: arn:aws:iam::123456789012:role\/ci ~→ arn:aws:iam::123456789012:role\/myapp \(trust statement 1/);
    assert.equal(steps[0]!.location?.physicalLocation?.artifactLocation?.uri, 'iam/roles/myapp.trust.json');
    assert.equal(steps[2]!.location?.physicalLocation?.region?.startLine, 1);
    assert.equal(resultsOf(render())[3]!.codeFlows, undefined, 'SS005 has no chain');
  });

  test('live-mode sources become logical locations; the physical anchor falls back to a file in the chain, else secret-scan.yaml:1', () => {
    const [ss001, , ss009, ss011] = resultsOf(render(liveReport));
    assert.equal(ss001!.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'secret-scan.yaml');
    assert.equal(ss001!.locations?.[0]?.physicalLocation?.region?.startLine, 1);
    assert.equal(ss001!.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName, 'aws:secretsmanager:us-east-1/prod/api-key/resource-policy');
    assert.equal(ss009!.locations?.[0]?.physicalLocation?.region?.startLine, 7, 'first file location in the chain');
    assert.equal(ss011!.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName, 'aws:kms:eu-west-1');
    const flowStep = ss001!.codeFlows?.[0]?.threadFlows[0]?.locations?.[0]?.location;
    assert.equal(flowStep?.physicalLocation, undefined);
    assert.ok(flowStep?.logicalLocations?.[0]);
    for (const result of resultsOf(render(liveReport))) {
      for (const location of result.locations ?? []) assert.ok(!location.physicalLocation?.artifactLocation?.uri?.startsWith('aws:'));
    }
  });

  test('paths are percent-encoded relative URIs', () => {
    const report = { ...fileReport, findings: [{ ...fileReport.findings[5]!, locations: [{ file: './infra/my dir/#1.tf', line: 2 }] }] };
    const uri = resultsOf(render(report))[0]!.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
    assert.equal(uri, 'infra/my%20dir/%231.tf');
  });

  test('a finding whose rule is not in the catalog is a programming error', () => {
    const report = { ...fileReport, findings: [{ ...fileReport.findings[0]!, ruleId: 'SS999' }] };
    assert.throws(() => render(report), /SS999/);
  });
});
