import { describesAwsResources } from '../files/awscli/load-aws-cli-file.js';
import { isJsonObject } from '../json-guards.js';
import type { TextFile } from '../files/file-loader.js';
import type { JsonValue } from '../../model/source.js';
import { SYMBOLIC_ACCOUNT } from '../../model/unknowns.js';

export { SYMBOLIC_ACCOUNT };

/** Where the scan's account and region came from (docs/semantics.md#identities). */
export interface ScanIdentity {
  account: string;
  accountFrom: 'manifest' | 'inputs' | 'symbolic';
  region: string;
  regionFrom: 'manifest' | 'inputs' | 'default';
  /** The files whose resource ARNs named the inferred account or region, when inferred. */
  evidence?: string[];
}

/** The account resources created by infrastructure code live in: the known one, else the symbolic one. */
export function deployAccount(context: { defaultAccount?: string }): string {
  return context.defaultAccount ?? SYMBOLIC_ACCOUNT;
}

// Keys under which AWS CLI output gives the identity of the resource described (not of a principal
// named in a policy): `Arn`/`ARN` of roles, users, policies, parameters, secrets; `taskDefinitionArn`,
// `taskRoleArn`, `AliasArn`, `KeyArn`…; `AWSAccountId` of `describe-key`.
const IDENTITY_VALUE = /"([A-Za-z]*Arn|ARN|AWSAccountId)"\s*:\s*"(?:arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):(\d{12}):|(\d{12})")/g;
// Documents that are code (templates, plans) rather than exported state: their ARNs may name any account.
const NOT_A_DUMP = /"(AWSTemplateFormatVersion|format_version|Transform)"\s*:/;

/**
 * The one account (and region) that every resource ARN in the AWS CLI dumps names, when there is
 * exactly one: an IAM dump, task definitions and key descriptions of one account say which account
 * they are. ARNs inside policy documents are not looked at (a trust policy may name a vendor), only
 * the identities of the resources described. Undefined parts when none or several are named.
 */
export function inferIdentityFromDumps(files: readonly TextFile[]): { account?: string; region?: string; evidence: string[] } {
  const accounts = new Set<string>();
  const regions = new Set<string>();
  const evidence: string[] = [];
  for (const file of files) {
    if (!/\.json$/i.test(file.path) || NOT_A_DUMP.test(file.text)) continue;
    const matches = [...file.text.matchAll(IDENTITY_VALUE)];
    // Only a dump the scan reads says where it runs: a sample event (`events/sns-event.json`), a
    // state machine definition or a test fixture may name any account.
    if (matches.length === 0 || !isReadDump(file.text)) continue;
    let named = false;
    for (const match of matches) {
      const account = match[3] ?? match[4];
      if (account === undefined) continue;
      accounts.add(account);
      if (match[2]) regions.add(match[2]);
      named = true;
    }
    if (named) evidence.push(file.path);
  }
  return {
    ...(accounts.size === 1 ? { account: [...accounts][0] as string } : {}),
    ...(regions.size === 1 ? { region: [...regions][0] as string } : {}),
    evidence,
  };
}

function isReadDump(text: string): boolean {
  try {
    const value = JSON.parse(text.replace(/^\uFEFF/, '')) as JsonValue;
    return isJsonObject(value) && describesAwsResources(value);
  } catch {
    return false;
  }
}

/**
 * The scan's identity: the manifest's account and region when it gives them, else the one the
 * dumps name, else the symbolic account and the default region (`us-east-1`).
 */
export function resolveScanIdentity(manifest: { defaultAccount?: string; region: string; regionDeclared?: boolean }, files: readonly TextFile[]): ScanIdentity {
  const needAccount = manifest.defaultAccount === undefined;
  const needRegion = manifest.regionDeclared !== true;
  const inferred = needAccount || needRegion ? inferIdentityFromDumps(files) : { evidence: [] };
  const account = manifest.defaultAccount ?? inferred.account;
  const region = needRegion ? inferred.region : manifest.region;
  const identity: ScanIdentity = {
    account: account ?? SYMBOLIC_ACCOUNT,
    accountFrom: !needAccount ? 'manifest' : account !== undefined ? 'inputs' : 'symbolic',
    region: region ?? manifest.region,
    regionFrom: !needRegion ? 'manifest' : region !== undefined ? 'inputs' : 'default',
  };
  if ((identity.accountFrom === 'inputs' || identity.regionFrom === 'inputs') && inferred.evidence.length > 0) identity.evidence = inferred.evidence;
  return identity;
}

/**
 * The partition and DNS suffix of a region, as `AWS::Partition`/`AWS::URLSuffix` and
 * `data.aws_partition` give them. https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
 */
export function partitionOf(region: string): { partition: string; dnsSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', dnsSuffix: 'amazonaws.com' };
  if (region.startsWith('us-iso-')) return { partition: 'aws-iso', dnsSuffix: 'c2s.ic.gov' };
  if (region.startsWith('us-isob-')) return { partition: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov' };
  return { partition: 'aws', dnsSuffix: 'amazonaws.com' };
}

/**
 * The one region the scanned infrastructure places its regional resources in (task definitions,
 * parameters, secrets, keys), when they all agree: a Terraform `provider "aws" { region = … }` puts
 * them there, and a secret the manifest names without a region is then looked for in that region
 * rather than the default. Several regions, or none, give no answer.
 */
export function regionOfInventory(inventory: {
  taskDefinitions: readonly { region?: string; source: { file: string } }[];
  ssmParameters: readonly { arn: string; source: { file: string } }[];
  secretsManagerSecrets: readonly { arn: string; source: { file: string } }[];
  kmsKeys: readonly { arn: string; source: { file: string } }[];
}): { region: string; evidence: string[] } | undefined {
  const regions = new Set<string>();
  const evidence = new Set<string>();
  const note = (region: string | undefined, file: string): void => {
    if (region === undefined || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return;
    regions.add(region);
    evidence.add(file);
  };
  for (const task of inventory.taskDefinitions) note(task.region, task.source.file);
  for (const item of [...inventory.ssmParameters, ...inventory.secretsManagerSecrets, ...inventory.kmsKeys]) note(item.arn.split(':')[3], item.source.file);
  const [only] = regions;
  return regions.size === 1 && only !== undefined ? { region: only, evidence: [...evidence].sort() } : undefined;
}
