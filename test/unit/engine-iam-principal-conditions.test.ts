import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IamContextValue } from '../../src/model/iam.js';
import type { JsonValue } from '../../src/model/source.js';
import { compileIamPolicy, evaluateIamRequest, PrincipalStatementFilter } from '../../src/engine/iam/index.js';

// A statement's condition entries are ANDed, so one false entry keeps the statement from applying
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_logic_multiple_context_keys_or_values.html).
// Entries on keys about the principal (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principal-properties)
// are the same for all of one principal's requests: a false one rules the statement out for it.
// Every case also asks the engine itself, so that "ruled out" can never disagree with its answer.

const ROLE = 'arn:aws:iam::123456789012:role/svc-task';
const USER = 'arn:aws:iam::123456789012:user/alice';
const PARAMETER = 'arn:aws:ssm:us-east-1:123456789012:parameter/team0/db';

interface Case {
  name: string;
  principal: string;
  context: Record<string, IamContextValue>;
  condition: JsonValue;
  rulesOut: boolean;
  /** Whether the statement may apply outright (all its entries readable, on keys the request can know). */
  outright: boolean;
}

const cases: Case[] = [
  { name: 'a principal tag with another value', principal: ROLE, context: { 'aws:PrincipalTag/team': 'team1' }, condition: { StringEquals: { 'aws:PrincipalTag/team': 'team0' } }, rulesOut: true, outright: true },
  { name: 'a principal tag with the value asked for', principal: ROLE, context: { 'aws:PrincipalTag/team': 'team0' }, condition: { StringEquals: { 'aws:PrincipalTag/team': 'team0' } }, rulesOut: false, outright: true },
  { name: 'a principal tag the inputs do not show (unknown, not absent)', principal: ROLE, context: {}, condition: { StringEquals: { 'aws:PrincipalTag/team': 'team0' } }, rulesOut: false, outright: false },
  { name: 'tag keys are case-insensitive', principal: ROLE, context: { 'aws:PrincipalTag/Team': 'team1' }, condition: { StringEquals: { 'aws:principaltag/team': 'team0' } }, rulesOut: true, outright: true },
  { name: 'a resource tag, which varies with the request', principal: ROLE, context: {}, condition: { StringEquals: { 'aws:ResourceTag/team': 'team0' } }, rulesOut: false, outright: false },
  { name: 'a true principal entry beside an undecided resource entry', principal: ROLE, context: { 'aws:PrincipalTag/team': 'team0' }, condition: { StringEquals: { 'aws:PrincipalTag/team': 'team0', 'aws:ResourceTag/team': 'team0' } }, rulesOut: false, outright: false },
  { name: 'a false principal entry beside an undecided resource entry', principal: ROLE, context: { 'aws:PrincipalTag/team': 'team1' }, condition: { StringEquals: { 'aws:PrincipalTag/team': 'team0', 'aws:ResourceTag/team': 'team0' } }, rulesOut: true, outright: false },
  { name: 'StringNotEquals on the principal ARN, which it is', principal: ROLE, context: {}, condition: { StringNotEquals: { 'aws:PrincipalArn': ROLE } }, rulesOut: true, outright: true },
  { name: 'ArnLike on the principal ARN, which it matches', principal: ROLE, context: {}, condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/svc-*' } }, rulesOut: false, outright: true },
  // aws:username "is included in the request context for IAM users", not for roles: StringEquals on it fails, …IfExists holds.
  { name: 'aws:username asked of a role', principal: ROLE, context: {}, condition: { StringEquals: { 'aws:username': 'alice' } }, rulesOut: true, outright: true },
  { name: 'aws:username with IfExists asked of a role', principal: ROLE, context: {}, condition: { StringEqualsIfExists: { 'aws:username': 'alice' } }, rulesOut: false, outright: true },
  { name: 'aws:username of the user asked', principal: USER, context: {}, condition: { StringEquals: { 'aws:username': 'alice' } }, rulesOut: false, outright: true },
  { name: 'the principal account, another one', principal: ROLE, context: {}, condition: { StringEquals: { 'aws:PrincipalAccount': '210987654321' } }, rulesOut: true, outright: true },
  { name: 'an operator the engine does not know', principal: ROLE, context: { 'aws:PrincipalTag/team': 'team1' }, condition: { StringEqualsSometimes: { 'aws:PrincipalTag/team': 'team0' } }, rulesOut: false, outright: false },
  { name: 'a policy variable naming a resource key', principal: ROLE, context: { 'aws:PrincipalTag/team': 'team1' }, condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:ResourceTag/team}' } }, rulesOut: false, outright: true },
];

for (const c of cases) {
  test(`principal conditions: ${c.name}`, () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: PARAMETER, Condition: c.condition }] };
    const policy = compileIamPolicy({ id: 'p', document, source: { file: 'p.json' } });
    const statement = policy.statements[0];
    assert.ok(statement);
    const filter = new PrincipalStatementFilter(c.principal, c.context);
    assert.equal(filter.rulesOut(statement), c.rulesOut);
    assert.equal(filter.mayApplyOutright(statement), c.outright);
    const decision = evaluateIamRequest({
      request: { principal: c.principal, action: 'ssm:GetParameter', resource: PARAMETER, context: c.context },
      policies: { identity: [document] },
    });
    // Ruled out: the engine denies. Not ruled out: here the statement may apply, so the engine allows (perhaps conditionally).
    assert.equal(decision.decision, c.rulesOut ? 'ImplicitDeny' : 'Allow');
    // Not outright: whatever the engine allows here, it allows only conditionally.
    if (!c.outright && decision.decision === 'Allow') assert.equal(decision.conditional, true);
  });
}
