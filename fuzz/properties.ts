// fast-check properties run by `npm run fuzz` before the mutation fuzzer: structured random
// inputs for both engines and the loaders, where the mutation fuzzer's random edits rarely reach
// (valid documents with odd shapes). Each property prints its inputs per second.
import fc from 'fast-check';
import { evaluateIamRequest } from '../src/engine/iam/index.js';
import { evaluateVaultRequest } from '../src/api/vault-policy-text.js';
import { initHclParser } from '../src/load/files/hcl/parse-hcl.js';
import { CANARY } from './mutate.js';
import { runTarget } from './targets.js';

// Small alphabets so random statements and requests collide; odd keys and shapes mixed in.
const weird = fc.constantFrom('__proto__', 'constructor', 'toString', '', '*', '?', '${aws:username}', 'Fn::If', 5, null, true, [], {});
const action = fc.oneof(fc.constantFrom('s3:GetObject', 's3:*', '*', 's3:Get*', 'ssm:GetParameter', 'kms:Decrypt', 'S3:getobject'), weird);
const resource = fc.oneof(fc.constantFrom('*', 'arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::*', 'arn:aws:s3:::other/*'), weird);
const principal = fc.oneof(fc.constantFrom('*', { AWS: '*' }, { AWS: 'arn:aws:iam::111122223333:role/app' }, { AWS: '111122223333' }, { Service: 'ecs-tasks.amazonaws.com' }), weird);
const condition = fc.oneof(
  fc.constant(undefined),
  fc.record({ StringEquals: fc.dictionary(fc.constantFrom('aws:PrincipalTag/team', 'aws:SourceIp', 's3:prefix'), fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }))) }),
  fc.dictionary(fc.oneof(fc.constantFrom('StringLike', 'ForAnyValue:StringEquals', 'Bool', 'IpAddress', 'NumericLessThan', 'StringEqualsIfExists', 'Null'), fc.string()), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }))),
);
const one = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> => fc.oneof(a, fc.array(a, { maxLength: 3 }));
const statement = fc.record({
  Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), weird),
  Action: one(action),
  Resource: one(resource),
  Principal: principal,
  Condition: condition,
}, { requiredKeys: ['Effect'] });
const notStatement = fc.record({ Effect: fc.constantFrom('Allow', 'Deny'), NotAction: one(action), NotResource: one(resource), NotPrincipal: principal }, { requiredKeys: ['Effect'] });
const policy = fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17'), Statement: fc.oneof(one(fc.oneof(statement, notStatement)), weird) });
const request = { principal: 'arn:aws:iam::111122223333:role/app', action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', context: {} };
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Principal: '*' }] };

function iamProperties(runs: number): void {
  // Never throws, for any shape; and an explicit Deny of everything is never outvoted.
  fc.assert(fc.property(fc.array(policy, { maxLength: 3 }), policy, (identity, resourcePolicy) => {
    evaluateIamRequest({ request, policies: { identity: identity as never, resource: resourcePolicy as never, permissionBoundary: resourcePolicy as never } });
    const denied = evaluateIamRequest({ request, policies: { identity: [...identity, { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }] as never, resource: resourcePolicy as never } });
    return denied.decision === 'ExplicitDeny';
  }), { numRuns: runs });
  // Adding an Allow of everything to the identity policies never turns an Allow into a deny
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
  fc.assert(fc.property(fc.array(policy, { maxLength: 3 }), (identity) => {
    const before = evaluateIamRequest({ request, policies: { identity: identity as never } });
    const after = evaluateIamRequest({ request, policies: { identity: [...identity, allowAll] as never } });
    return before.decision !== 'Allow' || after.decision === 'Allow';
  }), { numRuns: runs });
}

const segment = fc.constantFrom('secret', 'data', 'app', 'a', '+', '*', '${identity.entity.name}', '');
const vaultPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const capability = fc.constantFrom('read', 'list', 'deny', 'create', 'update', 'sudo', 'root', 'bogus');
const vaultRule = fc.tuple(vaultPath, fc.array(capability, { maxLength: 3 }), fc.option(fc.constantFrom('required_parameters = ["x"]', 'max_wrapping_ttl = "1h"', 'allowed_parameters = { "*" = [] }'))).map(([p, caps, extra]) =>
  `path "${p}" {\n  capabilities = [${caps.map((c) => `"${c}"`).join(', ')}]\n${extra ? `  ${extra}\n` : ''}}\n`);

function vaultProperties(runs: number): void {
  // Never throws; a deny on the exact path wins over everything else in the same policy
  // (https://developer.hashicorp.com/vault/docs/concepts/policies#capabilities).
  fc.assert(fc.property(fc.array(vaultRule, { maxLength: 5 }), (rules) => {
    const text = rules.join('');
    evaluateVaultRequest({ policies: { p: text }, request: { path: 'secret/data/app', operation: 'read' } });
    const denied = evaluateVaultRequest({ policies: { p: text, q: 'path "secret/data/app" {\n  capabilities = ["deny"]\n}\n' }, request: { path: 'secret/data/app', operation: 'read' } });
    return !denied.allowed;
  }), { numRuns: runs });
}

// Loaders: valid documents of each format with random values (a canary among them) in every slot.
// Names and policies are shown in reports by design; the canary goes only where a secret value sits.
const value = fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 3 }));
const awscli = fc.record({
  RoleDetailList: fc.array(fc.record({ RoleName: value, Arn: value, AssumeRolePolicyDocument: fc.oneof(policy, value), RolePolicyList: fc.array(fc.record({ PolicyName: value, PolicyDocument: fc.oneof(policy, value) })) }), { maxLength: 2 }),
}).map((doc) => ({ path: 'aws/iam/get-account-authorization-details.json', text: JSON.stringify(doc) }));
const parameters = fc.record({ Parameters: fc.array(fc.record({ Name: value, Type: fc.constantFrom('SecureString', 'String'), Value: fc.constant(CANARY), KeyId: value })) })
  .map((doc) => ({ path: 'aws/ssm/get-parameters-by-path.json', text: JSON.stringify(doc) }));
const cfnTemplate = fc.record({
  AWSTemplateFormatVersion: fc.constant('2010-09-09'),
  Resources: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'Role', 'Secret')), fc.record({
    Type: fc.constantFrom('AWS::IAM::Role', 'AWS::SecretsManager::Secret', 'AWS::SSM::Parameter', 'AWS::S3::BucketPolicy', 'AWS::IAM::Policy', 'AWS::ECS::TaskDefinition', 'Custom::X'),
    Properties: fc.tuple(
      fc.dictionary(fc.constantFrom('PolicyDocument', 'AssumeRolePolicyDocument', 'Name', 'Policies', 'Bucket', 'Roles', 'ContainerDefinitions'), fc.oneof(policy, value, fc.record({ Ref: value }), fc.record({ 'Fn::Sub': value }), fc.record({ 'Fn::FindInMap': fc.array(value, { maxLength: 3 }) }))),
      fc.constantFrom('Value', 'SecretString'),
    ).map(([properties, secret]) => ({ ...properties, [secret]: CANARY })),
  }), { maxKeys: 4 }),
}).map((doc) => ({ path: 'template.json', text: JSON.stringify(doc) }));
const hclString = fc.oneof(fc.string(), fc.constant(CANARY), fc.constantFrom('${', '%{', '${var.x}', '\\', '"')).map((s) => JSON.stringify(s).slice(1, -1));
const plainString = fc.string().map((s) => JSON.stringify(s).slice(1, -1));
const terraform = fc.tuple(plainString, hclString, fc.array(fc.tuple(hclString, hclString), { maxLength: 3 })).map(([name, val, extra]) => ({
  path: 'main.tf',
  text: `resource "aws_ssm_parameter" "p" {\n  name  = "${name}"\n  type  = "SecureString"\n  value = "${CANARY}"\n}\nresource "vault_generic_secret" "s" {\n  path = "secret/${val}"\n  data_json = jsonencode({ password = "${CANARY}" })\n}\n${extra.map(([k, v]) => `locals {\n  l${k.length} = "${v}"\n}\n`).join('')}`,
}));

function loaderProperties(runs: number): void {
  const cases: [string, 'awscli-json' | 'cloudformation-json' | 'terraform', fc.Arbitrary<{ path: string; text: string }>][] = [
    ['awscli iam dump', 'awscli-json', awscli],
    ['awscli ssm parameters', 'awscli-json', parameters],
    ['cloudformation json', 'cloudformation-json', cfnTemplate],
    ['terraform', 'terraform', terraform],
  ];
  for (const [name, target, arbitrary] of cases) {
    const started = performance.now();
    // Never throws; the canary (a secret value) never reaches a message.
    fc.assert(fc.property(arbitrary, ({ path, text }) => runTarget(target, path, text).messages.every((m) => !m.includes(CANARY))), { numRuns: runs });
    console.log(`property loaders/${name}: ${runs} inputs (${Math.round(runs / ((performance.now() - started) / 1000))} inputs/s)`);
  }
}

/** Runs every property with `runs` inputs each; returns how many failed (their counterexamples are printed). */
export async function runProperties(runs: number): Promise<number> {
  await initHclParser();
  let failed = 0;
  for (const [name, run] of [['iam-engine', iamProperties], ['vault-engine', vaultProperties], ['loaders', loaderProperties]] as const) {
    const started = performance.now();
    try {
      run(runs);
      if (name !== 'loaders') console.log(`property ${name}: ${runs} inputs per property (${Math.round(runs / ((performance.now() - started) / 1000))} inputs/s)`);
    } catch (error) {
      failed++;
      console.log(`property ${name}: FAILED\n${String(error instanceof Error ? error.message : error).split('\n').slice(0, 12).join('\n')}`);
    }
  }
  return failed;
}
