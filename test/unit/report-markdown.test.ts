import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, formatMarkdown } from '../../src/report/markdown.js';
import { cleanReport, fileReport, liveReport } from './report-fixtures.js';

const md = formatMarkdown(fileReport);
const tableRows = (text: string): string[] => text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| |') && !line.startsWith('| Skipped'));

describe('formatMarkdown', () => {
  test('a summary line, then sections for secrets, findings and coverage in that order', () => {
    assert.ok(md.startsWith('## secret-scan report\n\n**4 secrets** (2 overexposed, 1 unreachable, 1 unowned, 0 ok) · **7 findings** (4 error, 2 warning, 1 note)'));
    const at = (s: string): number => md.indexOf(s);
    assert.ok(at('### Secrets') < at('### Findings') && at('### Findings') < at('### Coverage'));
  });

  test('one table row per secret with status emoji and word; every row has the same number of cells', () => {
    const rows = tableRows(md).filter((row) => !row.includes('terraform/broken.tf'));
    assert.equal(rows.length, fileReport.secrets.length);
    for (const [i, secret] of fileReport.secrets.entries()) {
      assert.ok(rows[i]!.includes(` ${escapeMarkdown(secret.id)} | ${secret.kind} | ${secret.status} |`), rows[i]);
    }
    assert.ok(rows[0]!.startsWith('| 🔴 |') && rows[2]!.startsWith('| 🟠 |') && rows[3]!.startsWith('| ⚪ |'));
    const cells = (row: string): number => row.split(/(?<!\\)\|/).length;
    for (const row of rows) assert.equal(cells(row), cells('| | Secret | Kind | Status | Owners | Readers |'));
  });

  test('conditional readers are marked with an escaped ~ (GitHub would read ~x~ as strikethrough)', () => {
    assert.ok(md.includes('\\~arn:aws:iam::123456789012:role/ci<br>arn:aws:iam::123456789012:role/myapp'));
    assert.ok(md.includes('marks a conditional reader'));
    assert.ok(!formatMarkdown(cleanReport).includes('marks a conditional reader'));
  });

  test('findings by level with file:line and their chains with arrows', () => {
    assert.ok(md.includes('#### Errors (4)') && md.includes('#### Warnings (2)') && md.includes('#### Notes (1)'));
    assert.ok(md.includes('- **SS011** terraform/broken.tf:3 — terraform/broken.tf: HCL parse error'));
    assert.ok(md.includes('  - chain: arn:aws:iam::123456789012:role/ci \\~→ arn:aws:iam::123456789012:role/myapp → auth/aws/role/myapp → secret/myapp'));
    assert.ok(md.includes('- myapp-approle-creds: \\* → s3://my-secrets-bucket/approles/myapp.json'));
    assert.ok(formatMarkdown(liveReport).includes('  - chain: arn:aws:iam::123456789012:root → auth/aws/role/batch → secret/data/batch'));
  });

  test('coverage lists the skipped file and reason', () => {
    assert.ok(md.includes('7 files loaded, 1 skipped.'));
    assert.ok(md.includes('| terraform/broken.tf:3 | HCL parse error: unexpected "}" |'));
  });

  test('hostile ids cannot add table cells, links, HTML, code or lines', () => {
    const clean = formatMarkdown(cleanReport);
    const row = tableRows(clean)[0]!;
    assert.ok(row.includes('evil\\|id\\*\\_\\`\\[x\\]\\(http://e\\)\\<b\\>\\~y\\~ FORGED'), row);
    assert.equal(row.split(/(?<!\\)\|/).length, 8);
    assert.ok(!clean.split('\n').some((line) => line.startsWith('FORGED')));
    assert.ok(clean.includes('No findings.\n\n### Coverage'));
  });
});
