import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAwsCliFile } from '../../src/load/files/awscli/load-aws-cli-file.js';
import { decodePolicyText } from '../../src/load/files/awscli/policy-document.js';

const ctx = { region: 'eu-west-1', defaultAccount: '111122223333' };
const json = (value: unknown): string => JSON.stringify(value, null, 2);

describe('loadAwsCliFile: recognition and bad input', () => {
  test('malformed JSON is recognized, yields jsonParseError with line and column, and loads nothing', () => {
    const text = '{\n  "RoleDetailList": [\n    {"RoleName": "x", "Arn": "arn:aws:iam::111122223333:role/x"}\n  ],\n  "Policies": [,]\n}';
    // Line 5 is `  "Policies": [,]`: the stray comma is its 16th character.
    const result = loadAwsCliFile('iam/broken.json', text, ctx);
    assert.equal(result.recognized, true);
    assert.deepEqual(result.fragment, {});
    assert.ok(result.issues.length >= 1);
    assert.deepEqual(result.issues.map((i) => i.code), result.issues.map(() => 'jsonParseError'));
    assert.deepEqual({ ...result.issues[0]?.source }, { file: 'iam/broken.json', line: 5, column: 16 });
  });

  test('a comment in a .json dump is a parse error on its line', () => {
    const result = loadAwsCliFile('kms/describe-key.json', '{\n "KeyMetadata": {"KeyId": "k"} /* c */\n}', ctx);
    assert.equal(result.recognized, true);
    assert.equal(result.issues[0]?.code, 'jsonParseError');
    assert.equal(result.issues[0]?.source.line, 2);
    assert.deepEqual(result.fragment, {});
  });

  test('a JSON file of unknown shape is not recognized and raises nothing', () => {
    for (const text of ['{"data": {"token_policies": ["a"]}}', '{"format_version": "1.2"}', '[1, 2]', '"x"', '{"Policies": [{"PolicyName": "p"}]}']) {
      const result = loadAwsCliFile('misc/other.json', text, ctx);
      assert.deepEqual(result, { fragment: {}, issues: [], recognized: false }, text);
    }
  });

  test('a non-JSON file is not recognized, even when it does not parse', () => {
    assert.equal(loadAwsCliFile('vault/policies/a.hcl', 'path "x" { capabilities = ["read"] }', ctx).recognized, false);
    assert.equal(loadAwsCliFile('notes.txt', '{ not json', ctx).recognized, false);
  });

  test('a Policy dump whose file name names no bucket or key is reported, not skipped', () => {
    const result = loadAwsCliFile('s3/policy.json', json({ Policy: '{"Statement": []}' }), ctx);
    assert.equal(result.recognized, true);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['unnamedDump', 2]]);
  });

  test('a bare policy document named BUCKET.bucket-policy.json is that bucket\'s policy', () => {
    const text = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
    const result = loadAwsCliFile('dumps/my.bucket.bucket-policy.json', text, ctx);
    assert.equal(result.fragment.buckets?.[0]?.name, 'my.bucket');
    assert.deepEqual(result.fragment.buckets?.[0]?.policy?.statementSources?.map((s) => s?.line), [4]);
  });

  // The dumped policy exists; only its text is unreadable: it may allow anyone, conditionally (docs/semantics.md#missing-policies).
  test('a policy string that is not JSON yields policyParseError and an unknown policy that allows anyone, conditionally', () => {
    const result = loadAwsCliFile('b.bucket-policy.json', json({ Policy: '{"Statement": [' }), ctx);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['policyParseError', 2]]);
    const statement = (result.fragment.buckets?.[0]?.policy?.document as { Statement?: unknown[] } | undefined)?.Statement?.[0];
    assert.deepEqual(statement, { Sid: 'UnresolvedDocument', Effect: 'Allow', Action: '*', Resource: '*', Principal: '*', Condition: { StringEquals: { 'secret-scan:UnresolvedExpression': 'bucket/b bucket policy (not readable)' } } });
  });

  // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html (parameter ARNs)
  test('a parameter whose ARN is not the ARN of its name keeps the name\'s ARN (grants on the name still reach it)', () => {
    const result = loadAwsCliFile('ssm.json', json({ Parameters: [
      { Name: '/app/db', ARN: 'arn:aws:ssm:eu-west-1:111122223333:paramete- - -r/app/db', Type: 'SecureString' },
      { Name: 'plain', ARN: 'arn:aws:ssm:eu-west-1:111122223333:parameter/plain', Type: 'String' },
    ] }), ctx);
    assert.deepEqual(result.fragment.ssmParameters?.map((p) => p.arn), ['arn:aws:ssm:eu-west-1:111122223333:parameter/app/db', 'arn:aws:ssm:eu-west-1:111122223333:parameter/plain']);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['malformedProperty', 5]]);
  });

  test('epoch-float and ISO timestamps are both accepted and ignored', () => {
    const result = loadAwsCliFile('sm.json', json({ SecretList: [
      { ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:a-AbCdEf', Name: 'a', CreatedDate: 1523477145.729 },
      { ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:b-AbCdEf', Name: 'b', CreatedDate: '2024-03-11T09:16:30.512000+00:00' },
    ] }), ctx);
    assert.deepEqual(result.fragment.secretsManagerSecrets?.map((s) => s.name), ['a', 'b']);
    assert.deepEqual(result.issues, []);
  });

  test('a page cut by --max-items (NextToken) is a truncated inventory', () => {
    // Pretty-printed: the parameter object takes lines 3-6, so NextToken is on line 8.
    const result = loadAwsCliFile('ssm.json', json({ Parameters: [{ Name: 'p', Type: 'String' }], NextToken: 'AAA' }), ctx);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['truncatedInventory', 8]]);
  });
});

describe('loadAwsCliFile: values in dumps are never kept', () => {
  test('get-parameters: metadata loads, values are dropped and reported redacted', () => {
    const value = 'hunter2-Sup3rS3cret';
    const text = json({ Parameters: [{ Name: '/app/db', Type: 'SecureString', Value: value, Version: 1, ARN: 'arn:aws:ssm:eu-west-1:111122223333:parameter/app/db' }], InvalidParameters: [] });
    const result = loadAwsCliFile('ssm/get-parameters.json', text, ctx);
    assert.deepEqual(result.fragment.ssmParameters?.map((p) => [p.name, p.arn, p.type]), [['/app/db', 'arn:aws:ssm:eu-west-1:111122223333:parameter/app/db', 'SecureString']]);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['plaintextValueInDump', 6]]  /* the line of "Value" */);
    assert.ok(!JSON.stringify(result).includes(value), 'the value appears nowhere in the result');
  });

  test('get-parameter (single) without ARN: the ARN is built without a double slash', () => {
    const result = loadAwsCliFile('p.json', json({ Parameter: { Name: '/mailer/x', Type: 'String', Value: 'v' } }), ctx);
    assert.equal(result.fragment.ssmParameters?.[0]?.arn, 'arn:aws:ssm:eu-west-1:111122223333:parameter/mailer/x');
    const bare = loadAwsCliFile('p.json', json({ Parameters: [{ Name: 'mailer.api-key', Type: 'SecureString', KeyId: 'alias/aws/ssm' }] }), ctx);
    assert.equal(bare.fragment.ssmParameters?.[0]?.arn, 'arn:aws:ssm:eu-west-1:111122223333:parameter/mailer.api-key');
    assert.deepEqual(bare.issues, []);
  });

  test('get-secret-value: metadata loads, SecretString is dropped and reported redacted', () => {
    const value = '{"password":"correct horse battery staple"}';
    const text = json({ ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf', Name: 'db', VersionId: 'v', SecretString: value, VersionStages: ['AWSCURRENT'] });
    const result = loadAwsCliFile('sm/get-secret-value.json', text, ctx);
    assert.deepEqual(result.fragment.secretsManagerSecrets?.map((s) => s.name), ['db']);
    assert.deepEqual(result.issues.map((i) => i.code), ['plaintextValueInDump']);
    assert.ok(!JSON.stringify(result).includes('battery'));
  });
});

describe('percent-encoded policy documents (IAM Query API, RFC 3986)', () => {
  const documentText = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a+b/*"}]}';
  // encodeURIComponent leaves `*` alone; IAM writes %2A, and a `+` may arrive unencoded.
  const encoded = encodeURIComponent(documentText).replace(/\*/g, '%2A').replace(/%2B/g, '+');

  test('decodes %2A to * and keeps a literal + as + (no form decoding)', () => {
    assert.ok(encoded.includes('%2A') && encoded.includes('a+b'));
    assert.deepEqual(decodePolicyText(encoded), JSON.parse(documentText));
  });

  test('an encoded %2B decodes to +, and plain JSON text with a % stays as written', () => {
    assert.deepEqual(decodePolicyText(encodeURIComponent(documentText)), JSON.parse(documentText));
    assert.deepEqual(decodePolicyText('{"Sid":"100%"}'), { Sid: '100%' });
  });

  test('string documents in authorization details (SDK v3 dumps) decode, with statement lines on the string', () => {
    const text = json({ RoleDetailList: [{
      RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r',
      AssumeRolePolicyDocument: encodeURIComponent('{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}}'),
      RolePolicyList: [{ PolicyName: 'p', PolicyDocument: encoded }],
    }] });
    const result = loadAwsCliFile('iam/sdk.json', text, ctx);
    const role = result.fragment.principals?.[0];
    assert.deepEqual(role?.inlinePolicies[0]?.document, JSON.parse(documentText));
    assert.deepEqual(role?.inlinePolicies[0]?.statementSources?.map((s) => s?.line), [10]);
    assert.deepEqual(role?.trustPolicy?.statementSources?.map((s) => s?.line), [6]);
    assert.deepEqual(result.issues, []);
  });

  test('a broken encoding is a policyParseError, not a crash', () => {
    assert.throws(() => decodePolicyText('%E0%A4%A'));
    const text = json({ RoleDetailList: [{ RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r', RolePolicyList: [{ PolicyName: 'p', PolicyDocument: '%7B%22' }] }] });
    const result = loadAwsCliFile('iam/bad.json', text, ctx);
    assert.deepEqual(result.issues.map((i) => [i.code, i.source.line]), [['policyParseError', 9]]);
    const unknown = result.fragment.principals?.[0]?.inlinePolicies[0]?.document as { Statement?: { Condition?: unknown }[] } | undefined;
    assert.deepEqual(unknown?.Statement?.map((s) => s.Condition), [{ StringEquals: { 'secret-scan:UnresolvedExpression': 'role/r inline p (not readable)' } }]);
  });
});
