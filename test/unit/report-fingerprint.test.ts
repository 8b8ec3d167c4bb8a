import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/model/report.js';
import { createHash } from 'node:crypto';
import { fingerprintFinding } from '../../src/report/fingerprint.js';

const base: Omit<Finding, 'fingerprint'> = {
  ruleId: 'SS001', level: 'error', secret: 'myapp-vault', principal: 'arn:aws:iam::123456789012:role/ci',
  message: 'm', locations: [{ file: 'iam/ci.json', line: 12 }],
};

describe('fingerprintFinding', () => {
  test('is 64 lowercase hex characters and deterministic', () => {
    assert.match(fingerprintFinding(base), /^[0-9a-f]{64}$/);
    assert.equal(fingerprintFinding(base), fingerprintFinding({ ...base }));
  });

  test('is the sha256 of rule, secret, principal and file joined by NUL, so baselines from earlier versions still match', () => {
    const parts = ['SS001', 'myapp-vault', 'arn:aws:iam::123456789012:role/ci', 'iam/ci.json'].join('\u0000');
    assert.equal(fingerprintFinding(base), createHash('sha256').update(parts).digest('hex'));
  });

  test('ignores what moves between runs: line, column, message, chain, level', () => {
    const moved = { ...base, level: 'warning' as const, message: 'other words', locations: [{ file: 'iam/ci.json', line: 40, column: 3 }] };
    assert.equal(fingerprintFinding(moved), fingerprintFinding(base));
  });

  const changes: [string, Partial<Omit<Finding, 'fingerprint'>>][] = [
    ['rule', { ruleId: 'SS003' }],
    ['secret', { secret: 'other' }],
    ['principal', { principal: '*' }],
    ['file', { locations: [{ file: 'iam/other.json', line: 12 }] }],
    ['no location', { locations: [] }],
  ];
  for (const [name, change] of changes) {
    test(`changes with the ${name}`, () => {
      assert.notEqual(fingerprintFinding({ ...base, ...change }), fingerprintFinding(base));
    });
  }

  test('separates fields, so shifting text between secret and principal changes it', () => {
    assert.notEqual(
      fingerprintFinding({ ...base, secret: 'ab', principal: 'c' }),
      fingerprintFinding({ ...base, secret: 'a', principal: 'bc' }),
    );
  });

  test('findings about a file (no secret, no principal) differ by message, but not by line numbers in it', () => {
    const issue = (message: string): Omit<Finding, 'fingerprint'> => ({ ruleId: 'SS011', level: 'warning', message, locations: [{ file: 'main.tf', line: 3 }] });
    assert.notEqual(fingerprintFinding(issue('main.tf: unknown resource type aws_foo')), fingerprintFinding(issue('main.tf: unresolved reference var.x')));
    assert.equal(fingerprintFinding(issue('main.tf: parse error at line 3')), fingerprintFinding(issue('main.tf: parse error at line 9')));
  });
});
