import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileIamPolicy, compileIamPolicySet, conditionProblems, evaluateCompiledIamRequest, evaluateIamRequest, statementProblems } from '../../src/engine/iam/index.js';
import { compileCondition } from '../../src/engine/iam/conditions/evaluate-condition.js';
import { seededRandom } from '../support/seeded-random.js';
import type { IamPolicy } from '../../src/model/iam.js';
import type { JsonValue } from '../../src/model/source.js';
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

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag
test('a context object changed between two requests is read again; a frozen one is read once and answers alike', () => {
  const policy: IamPolicy = {
    id: 'p', source: { file: 'p.json' },
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } }] },
  };
  const set = compileIamPolicySet({ identity: [policy] });
  const request = { principal: 'arn:aws:iam::111122223333:role/app', action: 'ssm:GetParameter', resource: 'arn:aws:ssm:eu-west-1:111122223333:parameter/x' };
  const context: Record<string, string> = { 'aws:PrincipalTag/team': 'a' };
  assert.equal(evaluateCompiledIamRequest({ ...request, context }, set).decision, 'Allow');
  context['aws:PrincipalTag/team'] = 'b';
  assert.equal(evaluateCompiledIamRequest({ ...request, context }, set).decision, 'ImplicitDeny');
  const frozen = Object.freeze({ 'aws:PrincipalTag/team': 'a' });
  for (let i = 0; i < 3; i++) assert.equal(evaluateCompiledIamRequest({ ...request, context: frozen }, set).decision, 'Allow');
  assert.equal(evaluateCompiledIamRequest({ ...request, context: Object.freeze({ 'aws:PrincipalTag/team': 'b' }) }, set).decision, 'ImplicitDeny');
});


// Condition keys are case-insensitive (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html):
// a key of `context` replaces the same key of `sharedContext`, however each is written.
test('sharedContext keys are read as if written into context, whose keys win', () => {
  const policy: IamPolicy = {
    id: 'p', source: { file: 'p.json' },
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a', 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } } }] },
  };
  const set = compileIamPolicySet({ identity: [policy] });
  const request = { principal: 'arn:aws:iam::111122223333:role/app', action: 'kms:Decrypt', resource: 'arn:aws:kms:eu-west-1:111122223333:key/k' };
  const shared = Object.freeze({ 'aws:PrincipalTag/team': 'a' });
  const via = Object.freeze({ 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' });
  const decide = (context: Record<string, string> | undefined, sharedContext: Readonly<Record<string, string>> = shared): string => {
    const d = evaluateCompiledIamRequest({ ...request, ...(context ? { context } : {}), sharedContext }, set);
    return `${d.decision}${d.conditional ? '?' : ''}`;
  };
  assert.equal(decide(via), 'Allow');
  // Without the service key the condition is undecided, never false: the key is unknown, not absent.
  assert.equal(decide(undefined), 'Allow?');
  assert.equal(decide({ ...via, 'AWS:PrincipalTag/TEAM': 'b' }), 'ImplicitDeny');
  assert.equal(decide(via, Object.freeze({ 'aws:PrincipalTag/team': 'b' })), 'ImplicitDeny');
  assert.equal(decide({ ...via, 'aws:principaltag/team': 'a' }, Object.freeze({ 'aws:PrincipalTag/team': 'b' })), 'Allow');
});
test('statements that share an Action list share one matcher and keep their statement order per service', () => {
  const doc = (actions: string[]): JsonValue => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }, { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::b/*' }] });
  const a = compileIamPolicy({ id: 'a', source: { file: 'a.json' }, document: doc(['s3:GetObject', 'ssm:Get*']) });
  const b = compileIamPolicy({ id: 'b', source: { file: 'b.json' }, document: doc(['s3:GetObject', 'ssm:Get*']) });
  assert.equal(a.statements[0]?.action, b.statements[2]?.action);
  // The NotAction statement (any service) is merged into each service's list in statement order.
  assert.deepEqual(a.byService.get('s3')?.map((s) => s.index), [0, 1, 2]);
  assert.deepEqual(a.byService.get('ssm')?.map((s) => s.index), [0, 1, 2]);
  assert.deepEqual(a.anyService.map((s) => s.index), [1]);
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
test('conditionProblems names exactly the entries compileCondition marks malformed, on 2,000 generated Condition elements', () => {
  const random = seededRandom(11);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const operators = ['StringEquals', 'StringLikeIfExists', 'ForAnyValue:StringEquals', 'ForAllValues:ArnLike', 'Null', 'ForAnyValue:Null', 'NullIfExists', 'IpAddress', 'DateGreaterThan', 'Bool', 'NumericLessThan', 'Nope', 'ForAnyValue:Nope', 'IfExists', ''];
  const scalars: JsonValue[] = ['a', '${aws:username}', 1, true, '10.0.0.0/8', null, {}, [], ['x', 2], [{}]];
  for (let run = 0; run < 2000; run++) {
    let condition: JsonValue;
    const shape = random();
    if (shape < 0.05) condition = pick<JsonValue>(['x', 1, null, [], [{}]]);
    else {
      const block: Record<string, JsonValue> = {};
      for (let k = Math.floor(random() * 4); k > 0; k--) {
        const operator = pick(operators);
        block[operator] = random() < 0.1 ? pick<JsonValue>(['x', null, []]) : Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => [`key${i}`, pick(scalars)]));
      }
      condition = block;
    }
    const expected = compileCondition(condition, random() < 0.5).flatMap((entry) => (entry.malformed === undefined ? [] : [entry.malformed]));
    assert.deepEqual(conditionProblems(condition), expected, JSON.stringify(condition));
  }
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
test('statementProblems reports exactly what compileIamPolicy marks unreadable, on 2,000 generated policies', () => {
  const random = seededRandom(12);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const elements: JsonValue[] = ['*', 's3:GetObject', ['ssm:Get*', 'kms:Decrypt'], 'arn:aws:s3:::b/*', 1, null, {}, [], ['x', 2], [{}], true];
  const principals: JsonValue[] = ['*', { AWS: 'arn:aws:iam::111122223333:root' }, { AWS: ['*', 1] }, { Service: 'ecs-tasks.amazonaws.com' }, { Nope: 'x' }, 'x', [], null];
  const statement = (): JsonValue => {
    if (random() < 0.05) return pick<JsonValue>(['x', 1, null, []]);
    const st: Record<string, JsonValue> = {};
    if (random() < 0.9) st['Effect'] = pick<JsonValue>(['Allow', 'Deny', 'allow', 1]);
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) if (random() < 0.4) st[key] = pick(elements);
    if (random() < 0.3) st[random() < 0.7 ? 'Principal' : 'NotPrincipal'] = pick(principals);
    return st;
  };
  for (let run = 0; run < 2000; run++) {
    const shape = random();
    const document: JsonValue = shape < 0.03 ? pick<JsonValue>(['x', null, []])
      : shape < 0.06 ? { Version: '2012-10-17' }
      : { Version: '2012-10-17', Statement: random() < 0.1 ? statement() : Array.from({ length: 1 + Math.floor(random() * 4) }, statement) };
    const policy: IamPolicy = { id: `p${run}`, source: { file: 'p.json', line: 1 }, statementSources: [{ file: 'p.json', line: 3 }], document };
    const expected = compileIamPolicy(policy).statements.map((st) => ({ index: st.index, source: st.source, malformed: st.malformed, principalMalformed: st.principal?.malformed !== undefined }));
    assert.deepEqual(statementProblems(policy), expected, JSON.stringify(document));
  }
});

// Same-account requests are allowed by either side; cross-account ones need both
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
// When one of the two accounts is not known, the engine assumes same-account rules and says which account it did not know.
test('an allow that assumed same-account rules names the account it did not know', () => {
  const policy: IamPolicy = { id: 'p', source: { file: 'p.json' }, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }] } };
  const resource = 'arn:aws:ssm:eu-west-1:111122223333:parameter/x';
  const note = (principal: string, resourceAccount?: string, res = resource): { key?: string; why?: string } => {
    const d = evaluateIamRequest({ request: { principal, action: 'ssm:GetParameter', resource: res, ...(resourceAccount ? { resourceAccount } : {}) }, policies: { identity: [policy] } });
    assert.equal(d.decision, 'Allow');
    assert.equal(d.conditional, true);
    const undecided = d.reasons.find((r) => r.statementIndex < 0)?.undecided[0];
    return { key: undecided?.key, why: undecided?.why };
  };
  assert.deepEqual(note('unknown:!Ref CiRoleArn'), { key: 'aws:PrincipalAccount', why: 'the principal\'s account is not known, so same-account rules were assumed' });
  assert.deepEqual(note('arn:aws:iam::111122223333:role/app', undefined, 'arn:aws:ssm:eu-west-1::parameter/x'), { key: 'aws:ResourceAccount', why: 'the resource account is not known, so same-account rules were assumed' });
  assert.deepEqual(note('unknown:!Ref CiRoleArn', undefined, 'arn:aws:ssm:eu-west-1::parameter/x'), { key: 'aws:PrincipalAccount', why: 'neither the principal\'s account nor the resource\'s is known, so same-account rules were assumed' });
});
