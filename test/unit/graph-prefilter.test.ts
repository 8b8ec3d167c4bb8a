import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAccessGraph } from '../../src/graph/build-graph.js';
import { scanDetailed } from '../../src/api/scan.js';
import { generateInfra } from '../../bench/generate-infra.js';

// The candidate index (graph/read-prefilter.ts) may only skip principals the engine would deny:
// with and without it, every secret must have exactly the same readers, chains and conditions.
async function assertSameAnswers(dir: string): Promise<number> {
  const { inventory, manifest } = await scanDetailed({ paths: [dir], cwd: dir });
  const indexed = buildAccessGraph(inventory, manifest, { escalation: true });
  const exhaustive = buildAccessGraph(inventory, manifest, { escalation: true, exhaustive: true });
  const view = (graph: typeof indexed) => graph.answers.map((a) => [a.target.id, a.readers]);
  assert.deepEqual(view(indexed), view(exhaustive));
  return indexed.answers.reduce((n, a) => n + a.readers.length, 0);
}

test('the candidate index changes no answer on any fixture', async () => {
  const fixtures = join(process.cwd(), 'fixtures');
  for (const name of readdirSync(fixtures).filter((n) => !n.includes('.')).sort()) {
    if (name === 'formats') continue;
    await assertSameAnswers(join(fixtures, name));
  }
});

test('the candidate index changes no answer on a generated inventory with wildcards, conditions and admins', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-prefilter-'));
  generateInfra(dir, { services: 12, secretsPerService: 3, policiesPerService: 2, vaultPolicies: 12 });
  const readers = await assertSameAnswers(dir);
  assert.ok(readers > 50, `the generated inventory has readers to compare (${readers})`);
});

test('a pattern is found through its rarest literal run, whatever run it shares with the others', async () => {
  const { ReadCandidates } = await import('../../src/graph/read-prefilter.js');
  const { compileGlob } = await import('../../src/engine/iam/index.js');
  // IAM globs: `*` matches any run of characters, across `/` too
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
  // Every pattern begins with the same ARN head; only `/svcN/` tells them apart.
  const patterns: Record<string, string[]> = {
    a: ['arn:aws:ssm:us-east-1:*:parameter/*/svc7/*'],
    b: ['arn:aws:ssm:us-east-1:*:parameter/*/svc8/*'],
    c: ['arn:aws:ssm:us-east-1:*:parameter/*/svc7/*', 'arn:aws:ssm:us-east-1:*:parameter/*/svc9/*'],
    d: ['arn:aws:ssm:us-east-1:123456789012:parameter/*'],
  };
  const index = new ReadCandidates(Object.keys(patterns), (holder) => (patterns[holder] ?? []).map((p) => compileGlob(p)));
  const found = (arn: string): string[] => [...index.candidates([arn])].sort();
  assert.deepEqual(found('arn:aws:ssm:us-east-1:123456789012:parameter/team1/svc7/db'), ['a', 'c', 'd']);
  assert.deepEqual(found('arn:aws:ssm:us-east-1:210987654321:parameter/team2/svc9/db'), ['c']);
  assert.deepEqual(found('arn:aws:ssm:us-east-1:210987654321:parameter/team2/svc70/db'), []);
  assert.deepEqual(found('arn:aws:ssm:eu-west-1:123456789012:parameter/team1/svc8/db'), []);
});

test('a principal is not asked about statements its own tags rule out, and `*` is not asked without a resource policy', async () => {
  const { Candidates } = await import('../../src/graph/candidates.js');
  const { ANYONE } = await import('../../src/graph/principal-universe.js');
  type Node = import('../../src/graph/principal-universe.js').PrincipalNode;
  // Condition entries are ANDed; aws:PrincipalTag comes from the principal alone
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag).
  const policy = {
    id: 'arn:aws:iam::123456789012:policy/team0-params',
    source: { file: 'policy.json' },
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/team0/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'team0' } } }] },
  };
  const role = (name: string, context: Record<string, string>): Node => ({
    arn: `arn:aws:iam::123456789012:role/${name}`, kind: 'role', account: '123456789012', identity: [policy], boundary: null, scps: [], possibleScps: [], context,
  });
  const member = role('member', { 'aws:PrincipalTag/team': 'team0' });
  const outsider = role('outsider', { 'aws:PrincipalTag/team': 'team1' });
  const untagged = role('untagged', {});
  const anyone: Node = { arn: ANYONE, kind: 'anyone', identity: 'unknown', boundary: null, scps: [], possibleScps: [], context: {} };
  const candidates = new Candidates([member, outsider, untagged, anyone]);
  const parameter = 'arn:aws:ssm:us-east-1:123456789012:parameter/team0/db';
  assert.deepEqual(candidates.of(['ssm:GetParameter'], [parameter]).map((n) => n.arn), [member.arn, untagged.arn]);
  assert.deepEqual([member, outsider, untagged, anyone].map((n) => candidates.identityMayAllow(n, 'ssm:GetParameter', parameter)), [true, false, true, false]);
  // The exhaustive mode asks everyone: the tests comparing the two modes rely on it.
  assert.equal(new Candidates([outsider], true).identityMayAllow(outsider, 'ssm:GetParameter', parameter), true);
});

test('once a read is allowed conditionally, a request only a conditional statement could allow is not asked', async () => {
  const { Candidates } = await import('../../src/graph/candidates.js');
  type Node = import('../../src/graph/principal-universe.js').PrincipalNode;
  // aws:ResourceTag is not in the inputs, so a statement conditioned on it applies at best conditionally
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourcetag).
  const statement = (condition?: Record<string, Record<string, string>>) => ({ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/team0/*', ...(condition ? { Condition: condition } : {}) });
  const role = (name: string, st: ReturnType<typeof statement>): Node => ({
    arn: `arn:aws:iam::123456789012:role/${name}`, kind: 'role', account: '123456789012', boundary: null, scps: [], possibleScps: [], context: {},
    identity: [{ id: `arn:aws:iam::123456789012:policy/${name}`, source: { file: 'policy.json' }, document: { Version: '2012-10-17', Statement: [st] } }],
  });
  const tagged = role('tagged', statement({ StringEquals: { 'aws:ResourceTag/team': 'team0' } }));
  const plain = role('plain', statement());
  const candidates = new Candidates([tagged, plain]);
  const parameter = 'arn:aws:ssm:us-east-1:123456789012:parameter/team0/db';
  assert.deepEqual([tagged, plain].map((n) => candidates.identityMayAllow(n, 'ssm:GetParameters', parameter)), [true, true]);
  assert.deepEqual([tagged, plain].map((n) => candidates.identityMayAllow(n, 'ssm:GetParameters', parameter, true)), [false, true]);
});

test('decryption is asked only of principals the key policy names or whose identity policies could allow kms:Decrypt', async () => {
  const { Candidates } = await import('../../src/graph/candidates.js');
  type Node = import('../../src/graph/principal-universe.js').PrincipalNode;
  // A key policy must allow: by naming the principal, or by naming its account, whose IAM policies
  // must then allow too (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
  const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const role = (name: string, actions: string[]): Node => ({
    arn: `arn:aws:iam::123456789012:role/${name}`, kind: 'role', account: '123456789012', boundary: null, scps: [], possibleScps: [], context: {},
    identity: actions.length === 0 ? [] : [{ id: `${name}-policy`, source: { file: 'policy.json' }, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] } }],
  });
  const decrypter = role('decrypter', ['kms:Decrypt']);
  const named = role('named', []);
  const other = role('other', ['s3:GetObject']);
  const keyPolicy = (principals: string[]) => ({
    id: keyArn, source: { file: 'key-policy.json' },
    document: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: principals }, Action: 'kms:Decrypt', Resource: '*' },
    ] },
  });
  const candidates = new Candidates([decrypter, named, other]);
  const asked = (policy: ReturnType<typeof keyPolicy>) => [decrypter, named, other].map((n) => candidates.mayAllowWith(n, 'kms:Decrypt', keyArn, policy));
  assert.deepEqual(asked(keyPolicy([named.arn])), [true, true, false]);
  assert.deepEqual(asked(keyPolicy(['*'])), [true, true, true]);
  assert.deepEqual([decrypter, named, other].map((n) => new Candidates([decrypter, named, other], true).mayAllowWith(n, 'kms:Decrypt', keyArn, keyPolicy([]))), [true, true, true]);
});
