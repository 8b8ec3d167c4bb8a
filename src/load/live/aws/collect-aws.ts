import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { assumedRoleCredentials } from './assumed-credentials.js';
import { issueFor, type CallPlace, type LiveCaller, type LiveLoadResult } from '../live-call.js';
import { AccountClients, commonConfig, defaultRegion, quietSdkNotices } from './aws-clients.js';
import type { AccountTarget, AwsLiveOptions } from './aws-options.js';
import { collectIam } from './collect-iam.js';
import { collectOrganizations } from './collect-organizations.js';
import { collectRegion } from './collect-regional.js';
import { collectS3 } from './collect-s3.js';

const FALLBACK_REGION = 'us-east-1';

/**
 * Reads the live AWS inventory: the base credentials' account (unless `baseAccount: false`) and one
 * account per `--assume-role`, each with IAM, S3 and, per region, SSM, KMS, Secrets Manager and
 * ECS, and the Organizations SCPs over them. Only list, describe and get-policy operations are called, never one that returns a secret
 * value. Every failure becomes an issue naming API, region and resource, and widens what it hid;
 * the collection goes on. Never throws for API failures.
 */
export async function collectAws(options: AwsLiveOptions, caller: LiveCaller): Promise<LiveLoadResult> {
  quietSdkNotices();
  const out: LiveLoadResult = { fragments: [], loaded: [], issues: [] };
  let regions = options.regions?.filter((r) => r !== '') ?? [];
  if (regions.length === 0) {
    const region = await defaultRegion(options);
    if (region === undefined) {
      out.issues.push({ code: 'apiRegionUnknown', message: `no region given (--region) or configured (AWS_REGION, profile): regional services are read in ${FALLBACK_REGION} only`, source: { file: `aws:sts:${FALLBACK_REGION}` } });
    }
    regions = [region ?? FALLBACK_REGION];
  }
  const home = regions[0] ?? FALLBACK_REGION;
  const base = new AccountClients(options, undefined);
  const targets: { target: AccountTarget; clients: AccountClients }[] = [];

  const identityPlace: CallPlace = { file: `aws:sts:${home}`, api: 'GetCallerIdentity' };
  caller.progress.begin('AWS: who am I', 1 + (options.assumeRoles?.length ?? 0));
  // The base identity and every role at once; each assumed account's credentials are renewed before they expire.
  const [identity, assumed] = await Promise.all([
    caller.call(identityPlace, () => base.sts(home).send(new GetCallerIdentityCommand({}))),
    Promise.all((options.assumeRoles ?? []).map(async (roleArn) => {
      const place: CallPlace = { file: `aws:sts:${home}`, api: 'AssumeRole', resource: roleArn };
      const credentials = assumedRoleCredentials(roleArn, commonConfig(options, undefined, home));
      return { roleArn, place, credentials, first: await caller.call(place, () => credentials()) };
    })),
  ]);
  if (!identity.ok) {
    out.issues.push(issueFor(identityPlace, identity.failure, 'the base credentials cannot be used: their account is not scanned'));
  } else if (options.baseAccount !== false && identity.value.Account !== undefined) {
    targets.push({ target: { account: identity.value.Account }, clients: base });
    out.loaded.push(`${identityPlace.file} GetCallerIdentity (account ${identity.value.Account})`);
  }
  for (const { roleArn, place, credentials, first } of assumed) {
    const account = roleArn.split(':')[4] ?? '';
    if (!first.ok) {
      out.issues.push(issueFor(place, first.failure, `account ${account} is not scanned: what it holds is unknown, and its root stands for its principals`));
      if (account !== '') out.fragments.push({ unreadAccounts: [account] });
      continue;
    }
    if (targets.some((t) => t.target.account === account)) continue;
    const target: AccountTarget = { account, roleArn, credentials };
    targets.push({ target, clients: new AccountClients(options, target) });
    out.loaded.push(`${place.file} AssumeRole ${roleArn}`);
  }

  try {
    await Promise.all([
      ...targets.map(async ({ target, clients }) => {
        await Promise.all([
          collectIam(clients, caller, target.account, home, out),
          collectS3(clients, caller, target.account, home, out, options.s3Objects),
          ...regions.map((region) => collectRegion({ clients, caller, account: target.account, region, out })),
        ]);
      }),
      collectOrganizations(targets.map(({ target, clients }) => ({ account: target.account, clients })), caller, home, out),
    ]);
  } finally {
    for (const { clients } of targets) clients.destroy();
    base.destroy();
  }
  out.loaded.sort();
  return out;
}
