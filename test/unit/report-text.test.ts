import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatText } from '../../src/report/text.js';
import { cleanReport, fileReport, hostileId, liveReport } from './report-fixtures.js';

const text = formatText(fileReport, { color: false });
const lines = text.split('\n');
const rowOf = (id: string): string => lines.find((line) => line.startsWith(`${id} `)) ?? '';

describe('formatText', () => {
  test('a summary line counts secrets by status and findings by level', () => {
    assert.equal(lines[0], 'secret-scan 0.1.0: 4 secrets (2 overexposed, 1 unreachable, 1 unowned, 0 ok); 7 findings (4 error, 2 warning, 1 note)');
  });

  test('one table row per secret with kind, status, first owner and first reader', () => {
    assert.match(lines[2] ?? '', /^SECRET\s+KIND\s+STATUS\s+OWNERS\s+READERS$/);
    for (const secret of fileReport.secrets) {
      const row = rowOf(secret.id);
      assert.ok(row.includes(` ${secret.kind} `), `${secret.id}: kind`);
      assert.ok(row.includes(` ${secret.status} `), `${secret.id}: status`);
    }
    assert.match(rowOf('web/app/DB_PASSWORD'), /unowned\s+-\s+arn:aws:iam::123456789012:role\/deployer$/);
    // Columns line up: every status starts in the same column.
    const statusColumns = fileReport.secrets.map((s) => rowOf(s.id).indexOf(` ${s.status} `));
    assert.equal(new Set(statusColumns).size, 1);
  });

  test('conditional readers carry a ~ mark, certain ones none', () => {
    assert.ok(text.includes('~arn:aws:iam::123456789012:role/ci'));
    assert.ok(!text.includes('~arn:aws:iam::123456789012:role/myapp'));
    assert.ok(formatText(liveReport, { color: false }).includes('~arn:aws:iam::123456789012:role/api'));
  });

  test('each unintended reader gets its shortest chain on one line, conditional steps as ~→', () => {
    assert.ok(lines.includes('  ↳ unintended arn:aws:iam::123456789012:role/ci ~→ arn:aws:iam::123456789012:role/myapp → auth/aws/role/myapp → secret/myapp'));
    assert.ok(lines.includes('  ↳ unintended * → s3://my-secrets-bucket/approles/myapp.json'));
    // admin reads app1-db-pass but is not flagged by SS001 (trusted): no unintended line for it.
    assert.equal(lines.filter((l) => l.includes('↳ unintended')).length, 2);
  });

  test('findings are grouped by level, errors first, each with rule id and file:line', () => {
    const at = (s: string): number => text.indexOf(s);
    assert.ok(at('  error (4)') < at('  warning (2)') && at('  warning (2)') < at('  note (1)'));
    assert.ok(text.includes('    SS011  terraform/broken.tf:3  terraform/broken.tf: HCL parse error'));
    assert.ok(text.includes('    SS010  ecs/web.task-definition.json  Secret web/app/DB_PASSWORD'));
    assert.ok(formatText(liveReport, { color: false }).includes('SS001  aws:secretsmanager:us-east-1 (prod/api-key/resource-policy)  '));
  });

  test('coverage shows the loaded count and every skipped file with its reason', () => {
    assert.ok(text.includes('Coverage: 7 files loaded, 1 skipped'));
    assert.ok(text.includes('  skipped terraform/broken.tf:3  HCL parse error: unexpected "}"'));
  });

  test('a clean report says so; control characters in ids cannot forge lines', () => {
    const clean = formatText(cleanReport, { color: false });
    assert.ok(clean.includes('0 findings') && clean.includes('Findings\n  none'));
    assert.ok(clean.includes('\\u000aFORGED'));
    assert.ok(!clean.split('\n').some((line) => line.startsWith('FORGED')));
    assert.ok(hostileId.includes('\n'));
  });

  test('colour only when asked, and the same text underneath', () => {
    assert.ok(!text.includes('\u001b['));
    const coloured = formatText(fileReport, { color: true });
    assert.ok(coloured.includes('\u001b[31moverexposed\u001b[0m'));
    // eslint-disable-next-line no-control-regex
    assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), text);
  });

  test('never prints more than the report holds, and is deterministic', () => {
    assert.equal(formatText(fileReport, { color: false }), text);
    assert.ok(text.endsWith('\n'));
  });
});
