import { DescribeTaskDefinitionCommand, paginateListTaskDefinitions } from '@aws-sdk/client-ecs';
import { DescribeKeyCommand, GetKeyPolicyCommand, paginateListAliases, paginateListGrants, paginateListKeys } from '@aws-sdk/client-kms';
import { DescribeSecretCommand, GetResourcePolicyCommand, paginateListSecrets } from '@aws-sdk/client-secrets-manager';
import { GetResourcePoliciesCommand, paginateDescribeParameters, type ParameterMetadata } from '@aws-sdk/client-ssm';
import type { JsonObject, JsonValue } from '../../../model/source.js';
import { loadEcsTaskDefinition } from '../../files/awscli/ecs-task-definition.js';
import { loadKmsKeyPolicy } from '../../files/awscli/kms-key-policy.js';
import { loadKmsDescribeKey, loadKmsListAliases } from '../../files/awscli/kms-keys-and-aliases.js';
import { loadKmsListGrants } from '../../files/awscli/kms-grants.js';
import { kmsKeyArn } from '../../arns.js';
import { loadSecretsManagerDump, UNKNOWN_REPLICA_REGION } from '../../files/awscli/secretsmanager-secrets.js';
import { loadSsmParameters } from '../../files/awscli/ssm-parameters.js';
import type { ShapeResult } from '../../files/awscli/aws-cli-context.js';
import { unknownPolicyDocument } from '../../unknown-policy.js';
import type { IamPolicy } from '../../../model/iam.js';
import type { IncompleteListing } from '../../../model/inventory.js';
import { loadPolicyDocument } from '../../files/awscli/policy-document.js';
import { unlistedTaskRoles } from '../../../model/unknowns.js';
import { incompleteListing, issueFor, placeSource, type CallPlace, type LiveCaller, type LiveLoadResult } from '../live-call.js';
import { liveShapeInput, toCliJson } from '../live-shape-input.js';
import type { AccountClients } from './aws-clients.js';

interface Regional {
  clients: AccountClients;
  caller: LiveCaller;
  account: string;
  region: string;
  out: LiveLoadResult;
}

/** SSM, KMS, Secrets Manager and ECS of one account in one region, concurrently. */
export async function collectRegion(r: Regional): Promise<void> {
  await Promise.all([collectSsm(r), collectKms(r), collectSecretsManager(r), collectEcs(r)]);
}

/**
 * Every page of a listing; a failing page ends it with an SS011 and an incomplete listing (what
 * follows is unknown, and widens in the graph). The pages' items are returned in order.
 */
async function listAll<P, T>(r: Regional, place: CallPlace & { account: string }, listing: IncompleteListing['kind'], pages: AsyncIterator<P>, items: (page: P) => T[] | undefined, consequence: string): Promise<{ items: T[]; complete: boolean }> {
  const all: T[] = [];
  for (;;) {
    const next = await r.caller.call(place, () => pages.next(), 'page');
    if (!next.ok) {
      r.out.issues.push(issueFor(place, next.failure, consequence));
      r.out.fragments.push({ incompleteListings: [incompleteListing(listing, place, r.region)] });
      return { items: all, complete: false };
    }
    if (next.value.done) return { items: all, complete: true };
    all.push(...(items(next.value.value) ?? []));
  }
}

function add(r: Regional, result: ShapeResult): void {
  r.out.fragments.push(result.fragment);
  r.out.issues.push(...result.issues);
}

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeParameters.html: metadata only, never values. */
async function collectSsm(r: Regional): Promise<void> {
  const file = `aws:ssm:${r.region}`;
  r.caller.progress.begin(`account ${r.account} ${r.region}: SSM`, 1);
  const place = { file, api: 'DescribeParameters', account: r.account } satisfies CallPlace;
  const { items } = await listAll(r, place, 'ssm', paginateDescribeParameters({ client: r.clients.ssm(r.region), pageSize: 50 }, {}), (p) => p.Parameters,
    'the parameters it did not return are unknown: one named in the manifest or a task definition that is not listed is taken as a SecureString with an unknown key (its readers become conditional)');
  if (items.length === 0) return;
  const loaded = loadSsmParameters(liveShapeInput(file, { Parameters: toCliJson(items) }, { region: r.region, defaultAccount: r.account }, 'DescribeParameters'));
  const advanced = items.filter((item) => item.Tier === 'Advanced' && item.ARN !== undefined);
  r.caller.progress.expect(advanced.length);
  const policies = new Map((await Promise.all(advanced.map(async (item) => [item.ARN as string, await parameterPolicy(r, file, item)] as const)))
    .flatMap(([arn, policy]) => (policy ? [[arn, policy] as const] : [])));
  for (const parameter of loaded.fragment.ssmParameters ?? []) {
    const policy = policies.get(parameter.arn);
    if (policy) parameter.policy = policy;
  }
  add(r, loaded);
  const shared = advanced.length > 0 ? `, GetResourcePolicies (${advanced.length} advanced)` : '';
  r.out.loaded.push(`${file} DescribeParameters${shared} (account ${r.account}, ${items.length} parameters)`);
}

/**
 * An advanced parameter's resource policy (`GetResourcePolicies`, every page), which sharing it
 * through AWS RAM puts there (docs/semantics.md#ram-shares); standard parameters cannot be shared
 * and have none. A policy that cannot be read may share the parameter with anyone: a conditional
 * Allow of everything to `*`.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetResourcePolicies.html
 */
async function parameterPolicy(r: Regional, file: string, item: ParameterMetadata): Promise<IamPolicy | undefined> {
  const arn = item.ARN as string;
  const id = `parameter ${item.Name ?? arn} resource policy`;
  const place: CallPlace = { file, api: 'GetResourcePolicies', resource: arn, account: r.account };
  const statements: JsonValue[] = [];
  const sources: IamPolicy['statementSources'] = [];
  let token: string | undefined;
  do {
    const answer = await r.caller.call(place, () => r.clients.ssm(r.region).send(new GetResourcePoliciesCommand({ ResourceArn: arn, ...(token ? { NextToken: token } : {}) })));
    if (!answer.ok) {
      r.out.issues.push(issueFor(place, answer.failure, 'the parameter\'s resource policy is unknown: it may be shared with anyone, conditionally'));
      return unknownPolicyDocument(id, `${place.api} on ${arn} failed (${answer.failure.kind})`, 'resource', placeSource(place));
    }
    for (const entry of answer.value.Policies ?? []) {
      if (entry.Policy === undefined) continue;
      const read = loadPolicyDocument(liveShapeInput(file, { Policy: entry.Policy }, { region: r.region, defaultAccount: r.account }, arn), entry.Policy, '/Policy', id, 'resource');
      r.out.issues.push(...read.issues);
      const document = read.policy?.document;
      const list = document !== null && typeof document === 'object' && !Array.isArray(document) ? document['Statement'] : undefined;
      for (const statement of Array.isArray(list) ? list : list !== undefined ? [list] : []) {
        statements.push(statement);
        sources.push(read.policy?.source);
      }
    }
    token = answer.value.NextToken;
  } while (token);
  return statements.length > 0 ? { id, document: { Version: '2012-10-17', Statement: statements }, source: placeSource(place), statementSources: sources } : undefined;
}

/**
 * Keys (`ListKeys`, `DescribeKey`, `GetKeyPolicy` for the `default` policy, `ListGrants` for each
 * key not managed by AWS) and aliases. A key policy that cannot be read stays absent: the graph
 * then takes decryption as possible, conditionally, as it does for a key policy missing from file
 * inputs. Grants that cannot be listed (in full) let anyone decrypt, conditionally.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html
 */
async function collectKms(r: Regional): Promise<void> {
  const file = `aws:kms:${r.region}`;
  r.caller.progress.begin(`account ${r.account} ${r.region}: KMS`, 2);
  const context = { region: r.region, defaultAccount: r.account };
  const client = r.clients.kms(r.region);
  const [keys, aliases] = await Promise.all([
    listAll(r, { file, api: 'ListKeys', account: r.account }, 'kms', paginateListKeys({ client, pageSize: 1000 }, {}), (p) => p.Keys,
      'keys on later pages are not described: their policies are unknown and decryption with them is taken as possible'),
    listAll(r, { file, api: 'ListAliases', account: r.account }, 'kms', paginateListAliases({ client, pageSize: 100 }, {}), (p) => p.Aliases,
      'aliases on later pages are missing: keys named by them are unknown and decryption with them is taken as possible'),
  ]);
  if (aliases.items.length > 0) add(r, loadKmsListAliases(liveShapeInput(file, { Aliases: toCliJson(aliases.items) }, context, 'ListAliases')));
  r.caller.progress.expect(keys.items.length * 3);
  await Promise.all(keys.items.map(async ({ KeyId: keyId }) => {
    if (keyId === undefined) return;
    const describePlace: CallPlace = { file, api: 'DescribeKey', resource: keyId, account: r.account };
    const policyPlace: CallPlace = { file, api: 'GetKeyPolicy', resource: keyId, account: r.account };
    // Both at once: neither needs the other's answer.
    const [described, policy] = await Promise.all([
      r.caller.call(describePlace, () => client.send(new DescribeKeyCommand({ KeyId: keyId }))),
      r.caller.call(policyPlace, () => client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))),
    ]);
    if (described.ok) add(r, loadKmsDescribeKey(liveShapeInput(file, { KeyMetadata: toCliJson(described.value.KeyMetadata ?? {}) }, context, keyId)));
    else r.out.issues.push(issueFor(describePlace, described.failure, 'whether the key is AWS or customer managed is unknown'));
    // AWS managed keys are decided by their documented rule (docs/semantics.md#iam-read), not their grants.
    if (!described.ok || described.value.KeyMetadata?.KeyManager !== 'AWS') await collectGrants(r, file, keyId, context);
    if (policy.ok && policy.value.Policy !== undefined) {
      add(r, loadKmsKeyPolicy(liveShapeInput(file, { Policy: policy.value.Policy }, context, keyId), keyId));
    } else if (!policy.ok) {
      r.out.issues.push(issueFor(policyPlace, policy.failure, 'the key policy is unknown: kms:Decrypt with this key is taken as possible, conditionally'));
    }
  }));
  r.out.loaded.push(`${file} ListKeys, DescribeKey, GetKeyPolicy, ListGrants, ListAliases (account ${r.account}, ${keys.items.length} keys)`);
}

/** One key's grants, every page; a listing that fails leaves the key's grants unread (they widen in the graph). */
async function collectGrants(r: Regional, file: string, keyId: string, context: { region: string; defaultAccount: string }): Promise<void> {
  const place: CallPlace & { account: string } = { file, api: 'ListGrants', resource: keyId, account: r.account };
  const pages = paginateListGrants({ client: r.clients.kms(r.region), pageSize: 100 }, { KeyId: keyId });
  const grants: unknown[] = [];
  for (;;) {
    const next = await r.caller.call(place, () => pages.next(), 'page');
    if (!next.ok) {
      const why = `ListGrants failed: ${next.failure.kind}`;
      r.out.issues.push(issueFor(place, next.failure, 'grants of the key are unknown: anyone may hold one, so kms:Decrypt with this key is taken as possible for every principal, conditionally'));
      r.out.fragments.push({ kmsKeys: [{ keyId, arn: kmsKeyArn(keyId, r.region, r.account), account: r.account, region: r.region, grantsUnread: why, source: placeSource(place) }] });
      break;
    }
    if (next.value.done) break;
    grants.push(...(next.value.value.Grants ?? []));
  }
  if (grants.length > 0) add(r, loadKmsListGrants(liveShapeInput(file, { Grants: toCliJson(grants) }, context, keyId)));
}

/**
 * Secrets (`ListSecrets`: names, ARNs, key ids; never values) and each one's resource policy
 * (`GetResourcePolicy`). A policy that cannot be read becomes a conditional Allow of everything to
 * `*`. https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetResourcePolicy.html
 */
async function collectSecretsManager(r: Regional): Promise<void> {
  const file = `aws:secretsmanager:${r.region}`;
  r.caller.progress.begin(`account ${r.account} ${r.region}: Secrets Manager`, 1);
  const client = r.clients.secretsManager(r.region);
  const { items } = await listAll(r, { file, api: 'ListSecrets', account: r.account }, 'secretsmanager', paginateListSecrets({ client, pageSize: 100 }, {}), (p) => p.SecretList,
    'the secrets it did not return are unknown: one named in the manifest or a task definition that is not listed is taken to have an unknown resource policy (anyone may read, conditionally) and an unknown key');
  r.caller.progress.expect(items.length * 2);
  const entries = await Promise.all(items.map(async (secret) => {
    const entry = toCliJson(secret) as JsonObject;
    const arn = secret.ARN ?? secret.Name ?? '';
    const place: CallPlace = { file, api: 'GetResourcePolicy', resource: arn, account: r.account };
    const describePlace: CallPlace = { file, api: 'DescribeSecret', resource: arn, account: r.account };
    // Both at once: ListSecrets names no replicas, DescribeSecret does (ReplicationStatus).
    const [policy, described] = await Promise.all([
      r.caller.call(place, () => client.send(new GetResourcePolicyCommand({ SecretId: arn }))),
      r.caller.call(describePlace, () => client.send(new DescribeSecretCommand({ SecretId: arn }))),
    ]);
    if (described.ok) {
      if (described.value.ReplicationStatus?.length) entry['ReplicationStatus'] = toCliJson(described.value.ReplicationStatus);
    } else {
      r.out.issues.push(issueFor(describePlace, described.failure, 'whether and where the secret is replicated is unknown: it is taken to have a copy in any region, read conditionally'));
      entry['ReplicationStatus'] = [{ Region: UNKNOWN_REPLICA_REGION, StatusMessage: `${describePlace.api} on ${arn} failed (${described.failure.kind})` }];
    }
    if (policy.ok) {
      if (policy.value.ResourcePolicy !== undefined) entry['ResourcePolicy'] = policy.value.ResourcePolicy;
    } else {
      r.out.issues.push(issueFor(place, policy.failure, 'the resource policy is unknown: it is taken to allow anyone, conditionally'));
      entry['ResourcePolicy'] = unknownPolicyDocument(`secret/${secret.Name ?? arn} resource policy`, `${place.api} on ${arn} failed (${policy.failure.kind})`, 'resource', placeSource(place)).document;
    }
    return entry;
  }));
  if (entries.length === 0) return;
  add(r, loadSecretsManagerDump(liveShapeInput(file, { SecretList: entries as JsonValue[] }, { region: r.region, defaultAccount: r.account }, 'ListSecrets')));
  r.out.loaded.push(`${file} ListSecrets, GetResourcePolicy, DescribeSecret (account ${r.account}, ${entries.length} secrets)`);
}

/**
 * Active task definitions (`ListTaskDefinitions` status ACTIVE, `DescribeTaskDefinition` each).
 * A task definition not seen (a listing page or a description that failed) may name any role of
 * the account as its execution role and inject what that role fetches into its task: the gap is
 * recorded as an `ecs` incomplete listing, and the graph widens (docs/semantics.md#live-gaps).
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html
 */
async function collectEcs(r: Regional): Promise<void> {
  const file = `aws:ecs:${r.region}`;
  r.caller.progress.begin(`account ${r.account} ${r.region}: ECS`, 1);
  const client = r.clients.ecs(r.region);
  const { items } = await listAll(r, { file, api: 'ListTaskDefinitions', account: r.account }, 'ecs', paginateListTaskDefinitions({ client, pageSize: 100 }, { status: 'ACTIVE' }), (p) => p.taskDefinitionArns,
    `the task definitions it did not return are unknown: ${unlistedTaskRoles(r.account, r.region)} stands for their task roles, reading conditionally what any role of the account that ECS tasks may assume can fetch`);
  r.caller.progress.expect(items.length);
  await Promise.all(items.map(async (arn) => {
    const place = { file, api: 'DescribeTaskDefinition', resource: arn, account: r.account } satisfies CallPlace;
    const described = await r.caller.call(place, () => client.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })));
    if (!described.ok) {
      r.out.issues.push(issueFor(place, described.failure, `its secrets, roles and environment are unknown: ${unlistedTaskRoles(r.account, r.region)} stands for its task role, reading conditionally what any role of the account that ECS tasks may assume can fetch`));
      r.out.fragments.push({ incompleteListings: [incompleteListing('ecs', place, r.region)] });
      return;
    }
    add(r, loadEcsTaskDefinition(liveShapeInput(file, { taskDefinition: toCliJson(described.value.taskDefinition ?? {}) }, { region: r.region, defaultAccount: r.account }, arn)));
  }));
  if (items.length > 0) r.out.loaded.push(`${file} ListTaskDefinitions, DescribeTaskDefinition (account ${r.account}, ${items.length} task definitions)`);
}
