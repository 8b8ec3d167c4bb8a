// A key or trust policy that names a role the inputs declare without a name (`!GetAtt TaskRole.Arn`,
// reported as `role/*-TaskRole-*`) names that one role. IAM accepts no wildcard in a principal ARN
// ("You cannot use a wildcard to match part of a principal name or ARN",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html), so the
// pattern is the scan's stand-in. A wildcard that is not a declared principal's stays undecided.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateIamRequest } from '../../src/engine/iam/index.js';
import type { IamPolicy, IamRequest } from '../../src/model/iam.js';

const STAND_IN = 'arn:aws:iam::111122223333:role/*-TaskRole-*';
const keyPolicy: IamPolicy = {
  id: 'key/<Key> key policy', source: { file: 'service.yaml', line: 9 },
  document: { Version: '2012-10-17', Statement: [{ Sid: 'ServiceUse', Effect: 'Allow', Principal: { AWS: STAND_IN }, Action: 'kms:Decrypt', Resource: '*' }] },
};
const mayDecrypt: IamPolicy = {
  id: 'role/ci inline decrypt', source: { file: 'ci.yaml', line: 4 },
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] },
};
const request = (principal: string, principalStandIns?: ReadonlySet<string>): IamRequest => ({
  principal, action: 'kms:Decrypt', resource: 'arn:aws:kms:eu-west-1:111122223333:key/<Key>', resourceAccount: '111122223333',
  ...(principalStandIns ? { principalStandIns } : {}),
});
const decide = (r: IamRequest) => evaluateIamRequest({ request: r, policies: { identity: [mayDecrypt], resource: keyPolicy, resourceIsKmsKey: true } });

test('a key policy naming a declared stand-in principal grants that principal', () => {
  const decision = decide(request(STAND_IN, new Set([STAND_IN])));
  assert.equal(decision.decision, 'Allow');
  assert.equal(decision.conditional, false);
});

test('a key policy naming a declared stand-in principal grants no other principal', () => {
  const decision = decide(request('arn:aws:iam::111122223333:role/*-MigrationsRole-*', new Set([STAND_IN, 'arn:aws:iam::111122223333:role/*-MigrationsRole-*'])));
  assert.equal(decision.decision, 'ImplicitDeny');
  assert.equal(decision.conditional, false);
});

test('a wildcard principal ARN no input declares stays undecided for a role of its account', () => {
  const decision = decide(request('arn:aws:iam::111122223333:role/ci'));
  assert.equal(decision.decision, 'Allow');
  assert.equal(decision.conditional, true);
  assert.match(JSON.stringify(decision), /wildcard in principal ARN/);
});
