import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseTable } from '../support/case-table.js';
import { scan } from '../../src/scan.js';
import { writeInfra, type InfraSpec } from '../support/write-infra.js';

/**
 * Valid/invalid tables for every rule (STYLE: "rules have valid/invalid tables over small
 * inventories"). Each case describes a tiny infrastructure export; the runner writes it in the
 * AWS CLI / Vault shapes the loaders read, scans it, and compares the findings of the rule under
 * test, reduced to their identifying keys, with `expect`.
 */
interface RuleCase extends InfraSpec {
  name: string;
  doc: string;
  rule: string;
  expect: Record<string, string | number>[];
}

const IDENTIFYING = ['secret', 'principal', 'role', 'policy', 'pattern', 'file', 'line'];

for (const file of readdirSync(dirname(fileURLToPath(import.meta.url))).filter((f) => f.endsWith('.yaml')).sort()) {
  const cases = loadCaseTable<RuleCase[]>(join(dirname(fileURLToPath(import.meta.url)), file));
  for (const c of cases) {
    test(`${file} ${c.rule}: ${c.name}`, async () => {
      assert.match(c.doc, /^https:\/\//, 'every case names the documentation it follows');
      const dir = mkdtempSync(join(tmpdir(), 'secret-scan-rule-'));
      writeInfra(dir, c);
      const report = await scan({ paths: [dir], cwd: dir });
      const found = report.findings.filter((f) => f.ruleId === c.rule).map((f) => {
        const flat: Record<string, unknown> = { secret: f.secret, principal: f.principal, ...f.properties };
        return JSON.stringify(Object.fromEntries(IDENTIFYING.filter((k) => flat[k] !== undefined).map((k) => [k, flat[k]])));
      }).sort();
      const expected = c.expect.map((e) => JSON.stringify(Object.fromEntries(IDENTIFYING.filter((k) => e[k] !== undefined).map((k) => [k, e[k]])))).sort();
      assert.deepEqual(found, expected);
    });
  }
}
