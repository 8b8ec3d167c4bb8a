import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileIamPolicy, compileIamPolicySet, evaluateCompiledIamRequest, evaluateIamRequest } from '../../src/engine/iam/index.js';
import type { IamPolicy } from '../../src/model/iam.js';
import { loadIamCases } from '../cases/iam/load-cases.js';

test('reasons carry the statement source, falling back to the policy source', () => {
  const policy: IamPolicy = {
    id: 'role/app inline read',
    source: { file: 'iam.json', line: 3 },
    statementSources: [{ file: 'iam.json', line: 7 }],
    document: { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }, { Sid: 'Kms', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] },
  };
  const base = { principal: 'arn:aws:iam::111122223333:role/app', resource: 'arn:aws:ssm:eu-west-1:111122223333:parameter/x' };
  const a = evaluateIamRequest({ request: { ...base, action: 'ssm:GetParameter' }, policies: { identity: [policy] } });
  assert.deepEqual(a.reasons.map((r) => [r.policyId, r.sid, r.source?.line]), [['role/app inline read', 'Read', 7]]);
  const b = evaluateIamRequest({ request: { ...base, action: 'kms:Decrypt' }, policies: { identity: [policy] } });
  assert.equal(b.reasons[0]?.source?.line, 3);
});

test('a compiled policy set gives the same answers over many requests as compiling each time', () => {
  for (const c of loadIamCases()) {
    const set = compileIamPolicySet(c.policies);
    const once = evaluateIamRequest({ request: c.request, policies: c.policies });
    assert.deepEqual(evaluateCompiledIamRequest(c.request, set), once, c.name);
    assert.deepEqual(evaluateCompiledIamRequest(c.request, set), once, `${c.name} (second use)`);
  }
});

test('compileIamPolicy indexes statements by service and records malformed ones', () => {
  const compiled = compileIamPolicy({
    id: 'p', source: { file: 'p.json' },
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 'ssm:GetParameter'], Resource: '*' }, { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, { Effect: 'Maybe', Action: 'kms:Decrypt', Resource: '*' }] },
  });
  assert.deepEqual(compiled.byService.get('s3')?.map((s) => s.index), [0, 1]);
  assert.deepEqual(compiled.byService.get('ssm')?.map((s) => s.index), [0, 1]);
  assert.deepEqual(compiled.anyService.map((s) => s.index), [1]);
  assert.deepEqual(compiled.statements[2]?.malformed, ['unknown Effect (neither Allow nor Deny)']);
  assert.equal(compiled.byService.get('kms')?.[1]?.effect, undefined);
});

test('a document that is not an object is one undecided statement, never a silent deny', () => {
  const d = evaluateIamRequest({ request: { principal: 'arn:aws:iam::111122223333:role/app', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: '111122223333' }, policies: { identity: ['not a policy'] } });
  assert.equal(d.decision, 'Allow');
  assert.equal(d.conditional, true);
  assert.match(d.reasons[0]?.undecided[0]?.why ?? '', /not a JSON object/);
});
