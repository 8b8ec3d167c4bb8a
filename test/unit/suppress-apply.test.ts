import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManifestException } from '../../src/model/manifest.js';
import type { Finding } from '../../src/model/report.js';
import { applySuppressions } from '../../src/suppress/apply-suppressions.js';

const finding = (ruleId: string, secret?: string, principal?: string, line = 10): Finding => ({
  ruleId, level: 'error', message: 'm', locations: [{ file: 'main.tf', line }], fingerprint: '0'.repeat(64),
  ...(secret !== undefined ? { secret } : {}), ...(principal !== undefined ? { principal } : {}),
});
const at = { file: 'secret-scan.yaml', line: 20 };
const exception = (fields: Partial<ManifestException>): ManifestException => ({ rule: 'SS001', reason: 'ticket SEC-142', source: at, ...fields });
const ROLE = 'arn:aws:iam::123456789012:role/ci-deploy';

const cases: { name: string; findings: Finding[]; exceptions: ManifestException[]; expect: ('suppressed' | 'expired' | 'open')[] }[] = [
  { name: 'rule, secret and principal all match', findings: [finding('SS001', 'app1-db', ROLE)], exceptions: [exception({ secret: 'app1-db', principal: ROLE })], expect: ['suppressed'] },
  { name: 'globs on secret and principal', findings: [finding('SS001', 'app1-db', ROLE), finding('SS001', 'app2-db', ROLE)], exceptions: [exception({ secret: 'app1-*', principal: 'arn:aws:iam::*:role/ci-*' })], expect: ['suppressed', 'open'] },
  { name: 'another rule is not covered', findings: [finding('SS003', 'app1-db', ROLE)], exceptions: [exception({ secret: 'app1-db' })], expect: ['open'] },
  { name: 'a rule glob', findings: [finding('SS003', 'app1-db', ROLE)], exceptions: [exception({ rule: 'SS00*' })], expect: ['suppressed'] },
  { name: 'a principal pattern does not match a finding without a principal', findings: [finding('SS008')], exceptions: [exception({ rule: 'SS008', principal: '*' })], expect: ['open'] },
  { name: 'expires today: still suppresses (the last day)', findings: [finding('SS001', 'a', ROLE)], exceptions: [exception({ expires: '2026-12-05' })], expect: ['suppressed'] },
  { name: 'expired yesterday: no longer suppresses, and says so', findings: [finding('SS001', 'a', ROLE)], exceptions: [exception({ expires: '2026-12-04' })], expect: ['expired'] },
];

describe('applySuppressions: manifest exceptions (today = 2026-12-05)', () => {
  for (const entry of cases) {
    test(entry.name, () => {
      const result = applySuppressions(entry.findings, entry.exceptions, new Map(), '2026-12-05');
      assert.deepEqual(result.map((f) => (f.suppressions !== undefined ? 'suppressed' : f.expiredExceptions !== undefined ? 'expired' : 'open')), entry.expect);
    });
  }
  test('the suppression carries the reason, kind external, the date and where it is written', () => {
    const [result] = applySuppressions([finding('SS001', 'a', ROLE)], [exception({ expires: '2027-03-31' })], new Map(), '2026-12-05');
    assert.deepEqual(result?.suppressions, [{ kind: 'external', justification: 'ticket SEC-142', source: at, expires: '2027-03-31' }]);
  });
  test('inline comments: the rule must be named, the line covered and a reason given', () => {
    const ignores = new Map([['main.tf', [
      { rules: ['SS001'], reason: 'accepted', line: 9, covers: [9, 10] },
      { rules: ['SS003'], reason: 'other rule', line: 9, covers: [9, 10] },
      { rules: ['SS001'], reason: '', line: 30, covers: [30, 31] },
    ]]]);
    const result = applySuppressions([finding('SS001', 'a', ROLE, 10), finding('SS001', 'a', ROLE, 12), finding('SS001', 'a', ROLE, 31)], [], ignores, '2026-12-05');
    assert.deepEqual(result[0]?.suppressions, [{ kind: 'inSource', justification: 'accepted', source: { file: 'main.tf', line: 9 } }]);
    assert.equal(result[1]?.suppressions, undefined);
    assert.equal(result[2]?.suppressions, undefined, 'no reason, no suppression');
  });
});
