import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fitMarkdown, JOB_SUMMARY_LIMIT, PR_COMMENT_LIMIT } from '../../src/report/markdown-fit.js';

describe('fitMarkdown: Markdown sized for where it goes', () => {
  const items = Array.from({ length: 5000 }, (_, i) => `| + | secret-${i} | reader added | arn:aws:iam::123456789012:role/r${i} | ${'x'.repeat(40)} |`);
  test('a PR comment stays under 65,536 characters and says how many entries are left out and where they are', () => {
    const md = fitMarkdown({ head: ['# t', ''], items, tail: ['', 'tail line'] }, PR_COMMENT_LIMIT, 'see the secret-scan-report artifact');
    assert.ok(md.length < PR_COMMENT_LIMIT && Buffer.byteLength(md) <= PR_COMMENT_LIMIT);
    const shown = md.split('\n').filter((line) => line.startsWith('| + |')).length;
    assert.ok(shown > 100 && shown < 5000);
    assert.ok(md.includes(`> ${5000 - shown} more entries not shown here (size limit); see the secret-scan-report artifact`));
    assert.ok(md.trimEnd().endsWith('tail line'));
  });
  test('multi-byte text is measured in bytes, so the 1 MiB job-summary limit holds', () => {
    const wide = Array.from({ length: 100_000 }, (_, i) => `- 🔴 ${i} ${'é'.repeat(10)}`);
    const md = fitMarkdown({ head: [], items: wide, tail: [] }, JOB_SUMMARY_LIMIT, 'p');
    assert.ok(Buffer.byteLength(md) <= JOB_SUMMARY_LIMIT);
  });
  test('everything fits: no note', () => {
    assert.equal(fitMarkdown({ head: ['h'], items: ['a', 'b'], tail: ['t'] }, 1000, 'p'), 'h\na\nb\n\nt\n');
  });
});
