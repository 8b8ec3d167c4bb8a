import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decidingAllow, describeDecision } from '../../src/graph/access.js';
import { evaluateIamRequest } from '../../src/engine/iam/index.js';

// A principal named only by an expression the inputs cannot resolve (a template parameter) has
// identity policies no input holds: the engine assumes they allow (docs/semantics.md#symbolic-unknowns).
// The chain then names that stand-in as the grant, not the engine's note on the request.
test('a read by a principal of unknown account and policies is shown as allowed by its unknown identity policies', () => {
  const decision = evaluateIamRequest({
    request: { principal: 'unknown:!Ref CiRoleArn', action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:platform/api-token-??????' },
    policies: { identity: 'unknown' },
  });
  assert.equal(decision.decision, 'Allow');
  assert.equal(decidingAllow(decision)?.policyId, '(identity policies not in inventory)');
  const text = describeDecision('secretsmanager:GetSecretValue', decision);
  assert.match(text, /^secretsmanager:GetSecretValue allowed by \(identity policies not in inventory\); conditional: /);
  assert.match(text, /the principal's account is not known, so same-account rules were assumed/);
  // Neither the stand-in nor the note is a statement of any policy.
  assert.doesNotMatch(text, /statement #0/);
});
