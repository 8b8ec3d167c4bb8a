import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanDetailed } from '../../src/api/scan.js';
import { formatRuleMessage } from '../../src/rules/rule-catalog.js';
import { loadCaseTable } from '../support/case-table.js';
import { recordRuleReports } from '../support/rule-reports.js';
import { writeInfra, type InfraSpec } from '../support/write-infra.js';

/**
 * Valid/invalid tables for every rule (STYLE: "rules have valid/invalid tables over small
 * inventories"). Each case describes a tiny infrastructure export; the runner writes it in the
 * AWS CLI / Vault shapes the loaders read, scans it, and compares the findings of the rule under
 * test — their identifying keys and their message — with `expect`.
 *
 * A built-in rule's message is asserted as the rule reported it: the message id of
 * `rules/<id>.yaml` and the data for its placeholders (test/support/rule-reports.ts records them),
 * and each recorded report must render to the message of one of the scan's findings. A team
 * policy (manifest `policies:`) has no message ids: its finding's message text is asserted.
 */
type Message = { id: string; data: Record<string, string | number> } | string;
type Expected = Partial<Record<(typeof IDENTIFYING)[number], string | number>> & { message?: Message };

interface RuleCase extends InfraSpec {
  name: string;
  doc: string;
  rule: string;
  expect: Expected[];
}

const IDENTIFYING = ['secret', 'principal', 'role', 'policy', 'pattern', 'file', 'line'] as const;
const here = dirname(fileURLToPath(import.meta.url));

/** A finding in the table's words: identifying keys (those present), then the message. */
function canonical(keys: Record<string, unknown>, message: Message | undefined): string {
  const identity = Object.fromEntries(IDENTIFYING.filter((k) => keys[k] !== undefined).map((k) => [k, keys[k]]));
  const sorted = typeof message === 'object' ? { id: message.id, data: Object.fromEntries(Object.entries(message.data).sort(([a], [b]) => a.localeCompare(b))) } : message;
  return JSON.stringify({ ...identity, message: sorted });
}

for (const file of readdirSync(here).filter((f) => f.endsWith('.yaml')).sort()) {
  const cases = loadCaseTable<RuleCase[]>(join(here, file));
  for (const c of cases) {
    test(`${file} ${c.rule}: ${c.name}`, async () => {
      assert.match(c.doc, /^https:\/\//, 'every case names the documentation it follows');
      const dir = mkdtempSync(join(tmpdir(), 'secret-scan-rule-'));
      try {
        writeInfra(dir, c);
        const result = await scanDetailed({ paths: [dir], cwd: dir });
        const findings = result.report.findings.filter((f) => f.ruleId === c.rule);
        let found: string[];
        if (/^SS\d{3}$/.test(c.rule)) {
          const reports = recordRuleReports(result).filter((r) => r.ruleId === c.rule);
          const messages = findings.map((f) => f.message);
          for (const r of reports) assert.ok(messages.includes(formatRuleMessage(r.ruleId, r.messageId, r.data)), `report ${r.messageId} ${JSON.stringify(r.data)} renders to no finding's message`);
          assert.equal(reports.length, findings.length, 'one recorded report per finding');
          found = reports.map((r) => canonical({ secret: r.secret, principal: r.principal, ...r.properties }, { id: r.messageId, data: r.data }));
        } else {
          found = findings.map((f) => canonical({ secret: f.secret, principal: f.principal, ...f.properties }, f.message));
        }
        assert.deepEqual(found.sort(), c.expect.map((e) => canonical(e, e.message)).sort());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
