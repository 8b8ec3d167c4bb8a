// Runs every IAM semantic table: decision, conditional flag, and the deciding statements.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateIamRequest } from '../../../src/engine/iam/index.js';
import type { IamReason } from '../../../src/model/iam.js';
import { loadIamCases, type ExpectedReason } from './load-cases.js';

function reasonMatches(actual: IamReason, expected: ExpectedReason): boolean {
  if (expected.policyId !== undefined && actual.policyId !== expected.policyId) return false;
  if (expected.policyType !== undefined && actual.policyType !== expected.policyType) return false;
  if (expected.sid !== undefined && actual.sid !== expected.sid) return false;
  if (expected.effect !== undefined && actual.effect !== expected.effect) return false;
  if (expected.statementIndex !== undefined && actual.statementIndex !== expected.statementIndex) return false;
  if (expected.note !== undefined && !(actual.note ?? '').includes(expected.note)) return false;
  if (expected.undecided !== undefined) {
    const keys = actual.undecided.map((u) => u.key).sort();
    if (JSON.stringify(keys) !== JSON.stringify([...expected.undecided].sort())) return false;
  } else if (actual.undecided.length > 0) return false;
  return true;
}

const cases = loadIamCases();

test('the tables hold at least 150 cases, each with a doc URL and an explanation', () => {
  assert.ok(cases.length >= 150, `only ${cases.length} cases`);
  for (const c of cases) {
    assert.match(c.doc, /^https:\/\/docs\.aws\.amazon\.com\//, `${c.file}: ${c.name}`);
    assert.ok(c.why && c.why.length > 10, `${c.file}: ${c.name} needs a why`);
  }
  const names = cases.map((c) => `${c.file}:${c.name}`);
  assert.equal(new Set(names).size, names.length, 'case names are unique per file');
});

for (const file of [...new Set(cases.map((c) => c.file))]) {
  describe(file, () => {
    for (const c of cases.filter((x) => x.file === file)) {
      test(c.name, () => {
        const got = evaluateIamRequest({ request: c.request, policies: c.policies });
        const show = JSON.stringify(got, null, 1);
        assert.equal(got.decision, c.expect.decision, `decision (${c.why})\n${show}`);
        assert.equal(got.conditional, c.expect.conditional, `conditional (${c.why})\n${show}`);
        // Each expected reason matches a distinct actual one, and there are no others.
        assert.equal(got.reasons.length, c.expect.reasons.length, `number of reasons\n${show}`);
        const left = [...got.reasons];
        for (const exp of c.expect.reasons) {
          const at = left.findIndex((r) => reasonMatches(r, exp));
          assert.ok(at >= 0, `no reason matches ${JSON.stringify(exp)}\n${show}`);
          left.splice(at, 1);
        }
      });
    }
  });
}
