// fast-check generators for well-formed policies and fully specified requests (every context key
// a generated condition reads is given), so that both engines decide without unknowns.
import fc from 'fast-check';
import type { IamRequest } from '../../../src/model/iam.js';
import type { IamPolicySetInput } from '../../../src/engine/iam/index.js';
import type { JsonObject, JsonValue } from '../../../src/model/source.js';

const A = '111122223333';
const B = '444455556666';
export const PRINCIPALS = [`arn:aws:iam::${A}:role/app`, `arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${B}:role/partner`];
// Action and resource go in pairs the peer accepts (it checks the resource type of the action).
const TARGETS: [string, string][] = [
  ['s3:GetObject', 'arn:aws:s3:::bucket/app/key'], ['s3:GetObject', 'arn:aws:s3:::bucket/other'], ['s3:PutObject', 'arn:aws:s3:::bucket/app/key'],
  ['ssm:GetParameter', `arn:aws:ssm:eu-west-1:${A}:parameter/prod/db`], ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:eu-west-1:${A}:secret:prod/db-AbCdEf`],
];
const ACTION_PATTERNS = ['*', 's3:*', 's3:Get*', 's3:GetObject', 's3:*Object', 'ssm:GetParameter?', 'ssm:Get*', 'secretsmanager:GetSecretValue', 'kms:Decrypt', 'S3:getobject'];
const RESOURCE_PATTERNS = ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/app/*', 'arn:aws:s3:::bucket', 'arn:aws:s3:::*/key', `arn:aws:ssm:eu-west-1:${A}:parameter/prod/*`, `arn:aws:ssm:*:${A}:parameter/*`, `arn:aws:secretsmanager:eu-west-1:${A}:secret:prod/db-??????`, 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}'];
const RESOURCE_PRINCIPALS: JsonValue[] = ['*', { AWS: '*' }, { AWS: `arn:aws:iam::${A}:role/app` }, { AWS: `arn:aws:iam::${A}:root` }, { AWS: A }, { AWS: `arn:aws:iam::${B}:root` }, { AWS: `arn:aws:iam::${B}:role/partner` }, { AWS: `arn:aws:iam::${A}:user/alice` }, { Service: 'ecs-tasks.amazonaws.com' }];

const CONDITIONS: JsonObject[] = [
  { StringEquals: { 'aws:PrincipalTag/team': 'ledger' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': ['ledger', 'billing'] } },
  { StringLike: { 'aws:PrincipalTag/team': 'led*' } },
  { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'MAILER' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '172.16.0.0/12'] } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { DateLessThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } },
  { ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/alice` } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost'] } },
  { StringEquals: { 'aws:PrincipalAccount': A } },
  { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'mailer' } },
];

const statement = (withPrincipal: boolean) =>
  fc.record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
    actions: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 3 }),
    useNotAction: fc.integer({ min: 0, max: 9 }),
    resources: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
    useNotResource: fc.integer({ min: 0, max: 9 }),
    principal: fc.constantFrom(...RESOURCE_PRINCIPALS),
    conditions: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.subarray(CONDITIONS, { maxLength: 2 }) }),
  }).map((s) => {
    const st: JsonObject = { Effect: s.effect };
    st[s.useNotAction === 0 ? 'NotAction' : 'Action'] = s.actions;
    st[s.useNotResource === 0 ? 'NotResource' : 'Resource'] = s.resources;
    if (withPrincipal) st['Principal'] = s.principal;
    if (s.conditions.length > 0) st['Condition'] = Object.assign({}, ...s.conditions) as JsonObject;
    return st;
  });

const policy = (withPrincipal: boolean) =>
  fc.array(statement(withPrincipal), { minLength: 1, maxLength: 3 }).map((Statement): JsonObject => ({ Version: '2012-10-17', Statement }));

export const caseArb = fc.record({
  principal: fc.constantFrom(...PRINCIPALS),
  target: fc.constantFrom(...TARGETS),
  team: fc.constantFrom('ledger', 'mailer'),
  owner: fc.constantFrom('ledger', 'mailer'),
  ip: fc.constantFrom('10.1.2.3', '192.168.0.1'),
  mfa: fc.boolean(),
  mfaAge: fc.constantFrom('60', '7200'),
  now: fc.constantFrom('2024-06-01T00:00:00Z', '2026-06-01T00:00:00Z'),
  tagKeys: fc.subarray(['team', 'cost', 'env']),
  identity: fc.array(policy(false), { minLength: 1, maxLength: 2 }),
  resourcePolicy: fc.option(policy(true), { nil: undefined }),
  boundary: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: policy(false) }),
  scp: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: policy(false) }),
}).map((g): { request: IamRequest; policies: IamPolicySetInput } => {
  const request: IamRequest = {
    principal: g.principal,
    action: g.target[0],
    resource: g.target[1],
    resourceAccount: A,
    context: {
      'aws:PrincipalTag/team': g.team,
      'aws:PrincipalTag/owner': g.owner,
      'aws:SourceIp': g.ip,
      'aws:MultiFactorAuthPresent': String(g.mfa),
      'aws:MultiFactorAuthAge': g.mfaAge,
      'aws:CurrentTime': g.now,
      'aws:TagKeys': g.tagKeys,
    },
  };
  const policies: IamPolicySetInput = { identity: g.identity };
  if (g.resourcePolicy) policies.resource = g.resourcePolicy;
  if (g.boundary) policies.permissionBoundary = g.boundary;
  if (g.scp) policies.scps = [g.scp];
  return { request, policies };
});
