// KMS keys and aliases are regional. A multi-Region key's primary and replicas share one key id
// (`mrk-…`) yet each has its own key policy
// (https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html), and an
// alias name is unique only per account and Region
// (https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html). A secret is judged by
// the key (and alias) of its own Region; another Region's never stands in for it, since a stricter
// policy there would remove a reader who is not removed here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeInventories } from '../../src/normalize/merge-inventories.js';
import { InventoryIndex } from '../../src/graph/inventory-index.js';
import { resolveKmsKey } from '../../src/graph/aws-names.js';
import { buildAccessGraph } from '../../src/graph/build-graph.js';
import type { IamPolicy } from '../../src/model/iam.js';
import type { IamPrincipal, KmsAlias, KmsKey, SsmParameter } from '../../src/model/inventory.js';
import type { Manifest } from '../../src/model/manifest.js';
import type { JsonObject } from '../../src/model/source.js';

const ACCOUNT = '111122223333';
const MRK = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const src = (file: string): { file: string } => ({ file });

function keyPolicy(id: string, statements: JsonObject[]): IamPolicy {
  return { id, document: { Version: '2012-10-17', Statement: statements }, source: src(`${id}.json`) };
}

// The primary delegates to IAM; the replica lets only `app` decrypt.
const DELEGATE: JsonObject = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
const APP_ONLY: JsonObject = { Sid: 'App', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, Action: 'kms:Decrypt', Resource: '*' };

function key(region: string | undefined, statements: JsonObject[] | undefined): KmsKey {
  const k: KmsKey = { keyId: MRK, arn: `arn:aws:kms:${region ?? ''}:${ACCOUNT}:key/${MRK}`, account: ACCOUNT, manager: 'CUSTOMER', source: src(`key-${region ?? 'unplaced'}`) };
  if (region !== undefined) k.region = region;
  if (statements) k.policy = keyPolicy(`key ${region ?? 'unplaced'}`, statements);
  return k;
}

function role(name: string): IamPrincipal {
  const read = { Effect: 'Allow', Action: ['ssm:GetParameter', 'kms:Decrypt'], Resource: '*' };
  return {
    kind: 'role', arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, name, account: ACCOUNT, groups: [], tags: {}, attachedPolicyArns: [],
    inlinePolicies: [{ id: `role/${name} inline read`, document: { Version: '2012-10-17', Statement: [read] }, source: src(`${name}.json`) }],
    source: src(`${name}.json`),
  };
}

function parameter(region: string, keyId: string): SsmParameter {
  return { name: '/app/db', arn: `arn:aws:ssm:${region}:${ACCOUNT}:parameter/app/db`, type: 'SecureString', keyId, source: src(`param-${region}`) };
}

function manifest(regions: string[]): Manifest {
  return {
    version: 1, region: 'us-east-1', defaultAccount: ACCOUNT, trusted: [], credentials: [],
    secrets: regions.map((region) => ({ id: `db-${region}`, kind: 'ssm', resource: `arn:aws:ssm:${region}:${ACCOUNT}:parameter/app/db`, owners: [`arn:aws:iam::${ACCOUNT}:role/app`], source: src('secret-scan.yaml') })),
  };
}

function readersByRegion(fragments: Parameters<typeof mergeInventories>[0], regions: string[]): Record<string, string[]> {
  const inventory = mergeInventories(fragments, [], []);
  const graph = buildAccessGraph(inventory, manifest(regions), { escalation: true });
  return Object.fromEntries(graph.answers.map((a) => [a.target.id, a.readers.map((r) => `${r.principal.split('/').pop()}${r.conditional ? '?' : ''}`)]));
}

test('a multi-Region key and its replica stay two keys: each Region\'s secret is judged by its own key policy', () => {
  const readers = readersByRegion([
    { principals: [role('app'), role('reporting')] },
    { kmsKeys: [key('us-east-1', [DELEGATE])], ssmParameters: [parameter('us-east-1', MRK)] },
    { kmsKeys: [key('us-west-2', [APP_ONLY])], ssmParameters: [parameter('us-west-2', `arn:aws:kms:us-west-2:${ACCOUNT}:key/${MRK}`)] },
  ], ['us-east-1', 'us-west-2']);
  // The primary delegates to IAM, whose policies allow both roles; the replica names only app.
  assert.deepEqual(readers, { 'db-us-east-1': ['app', 'reporting'], 'db-us-west-2': ['app'] });
});

test('the same key seen twice in one Region (describe-key and its policy) is still one key', () => {
  const inventory = mergeInventories([
    { kmsKeys: [key('us-west-2', undefined)] },
    { kmsKeys: [key('us-west-2', [APP_ONLY])] },
    { kmsKeys: [key('us-east-1', [DELEGATE])] },
  ], [], []);
  assert.deepEqual(inventory.kmsKeys.map((k) => [k.region, k.policy?.id]), [['us-east-1', 'key us-east-1'], ['us-west-2', 'key us-west-2']]);
});

test('a Region whose copy of the key no input holds has no key: decryption there is undecided, never judged by another Region\'s policy', () => {
  const index = new InventoryIndex(mergeInventories([{ kmsKeys: [key('us-west-2', [APP_ONLY])] }], [], []));
  assert.equal(resolveKmsKey(index, MRK, 'eu-west-1').kind, 'unknown');
  assert.equal(resolveKmsKey(index, `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${MRK}`, 'us-west-2').kind, 'unknown');
  const here = resolveKmsKey(index, MRK, 'us-west-2');
  assert.equal(here.kind === 'customer' ? here.key.region : here.kind, 'us-west-2');
  // Through the graph: reporting's IAM policies allow decryption, but no key policy of eu-west-1 is
  // known, so both roles read conditionally rather than being judged by us-west-2's policy.
  const readers = readersByRegion([
    { principals: [role('app'), role('reporting')] },
    { kmsKeys: [key('us-west-2', [APP_ONLY])], ssmParameters: [parameter('eu-west-1', MRK)] },
  ], ['eu-west-1']);
  assert.deepEqual(readers, { 'db-eu-west-1': ['app?', 'reporting?'] });
});

test('a copy no input places in a Region stands for the key wherever it is asked, alone; not when there are several', () => {
  const alone = new InventoryIndex(mergeInventories([{ kmsKeys: [key(undefined, [APP_ONLY])] }], [], []));
  assert.equal(resolveKmsKey(alone, MRK, 'eu-west-1').kind, 'customer');
  const several = new InventoryIndex(mergeInventories([{ kmsKeys: [key('us-east-1', [DELEGATE]), key('us-west-2', [APP_ONLY])] }], [], []));
  assert.equal(resolveKmsKey(several, MRK, undefined).kind, 'unknown');
});

test('one alias name in two Regions points at each Region\'s own key', () => {
  const alias = (region: string, target: string): KmsAlias => ({ name: 'alias/app', arn: `arn:aws:kms:${region}:${ACCOUNT}:alias/app`, targetKeyId: target, source: src(`alias-${region}`) });
  const k = (id: string, region: string): KmsKey => ({ keyId: id, arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`, region, source: src(id), policy: keyPolicy(id, [DELEGATE]) });
  const inventory = mergeInventories([{ kmsAliases: [alias('us-east-1', 'key-east'), alias('us-west-2', 'key-west')], kmsKeys: [k('key-east', 'us-east-1'), k('key-west', 'us-west-2')] }], [], []);
  assert.equal(inventory.kmsAliases.length, 2);
  const index = new InventoryIndex(inventory);
  const idIn = (ref: string, region?: string): string => {
    const r = resolveKmsKey(index, ref, region);
    return r.kind === 'customer' ? r.key.keyId : r.kind;
  };
  assert.equal(idIn('alias/app', 'us-east-1'), 'key-east');
  assert.equal(idIn('alias/app', 'us-west-2'), 'key-west');
  assert.equal(idIn(`arn:aws:kms:us-west-2:${ACCOUNT}:alias/app`, 'us-east-1'), 'key-west');
  // Another Region's alias of that name says nothing about this one's.
  assert.equal(idIn('alias/app', 'eu-west-1'), 'unknown');
});
