import type { IamContextValue, IamPolicy, ScpLevel } from '../model/iam.js';
import type { IamPrincipal, Inventory } from '../model/inventory.js';
import type { JsonValue } from '../model/source.js';
import { isJsonObject, statementObjects, stringsIn } from './policy-statements.js';
import { placeScps, type ScpPlacement } from './scp-placement.js';
import { unresolvedPolicy } from './unresolved-policy.js';

/** A possible reader: an inventory principal, `*`, or the root of an account the inventory does not list (SPEC §2). */
export interface PrincipalNode {
  arn: string;
  kind: 'role' | 'user' | 'anyone' | 'account';
  account?: string;
  principal?: IamPrincipal;
  /** Identity policies in force, or 'unknown' for abstract principals. */
  identity: IamPolicy[] | 'unknown';
  boundary: IamPolicy | null;
  /** SCP levels from the organization root to the principal's account (`graph/scp-placement.ts`). */
  scps: ScpLevel[];
  /** SCPs that may or may not be on the account's path. */
  possibleScps: IamPolicy[];
  /** Request context keys that follow from who the principal is (tags). */
  context: Record<string, IamContextValue>;
}

export const ANYONE = '*';

/**
 * Every principal that might read: the inventory's roles and users with their policies resolved
 * (groups, managed policies, boundary), `*`, and `arn:aws:iam::ACCOUNT:root` for every account
 * that a resource or trust policy names but the inventory does not list. An attached policy the
 * inventory cannot resolve becomes an undecidable allow-all, so it widens, never narrows.
 */
export function buildPrincipalUniverse(inventory: Inventory, placement: ScpPlacement = placeScps(inventory)): PrincipalNode[] {
  const managed = new Map(inventory.managedPolicies.map((p) => [p.arn, p.policy]));
  const resolve = (arn: string): IamPolicy => managed.get(arn) ?? unresolvedPolicy(arn);
  const groupsByName = new Map(inventory.groups.map((g) => [`${g.account}/${g.name}`, g]));
  const nodes: PrincipalNode[] = [];
  for (const principal of inventory.principals) {
    const identity = [...principal.inlinePolicies, ...principal.attachedPolicyArns.map(resolve)];
    for (const groupName of principal.groups) {
      const group = groupsByName.get(`${principal.account}/${groupName}`);
      if (!group) { identity.push(unresolvedPolicy(`arn:aws:iam::${principal.account}:group/${groupName}`)); continue; }
      identity.push(...group.inlinePolicies, ...group.attachedPolicyArns.map(resolve));
    }
    const context: Record<string, IamContextValue> = {};
    for (const [key, value] of Object.entries(principal.tags)) context[`aws:PrincipalTag/${key}`] = value;
    nodes.push({
      arn: principal.arn, kind: principal.kind, account: principal.account, principal, identity,
      boundary: principal.permissionsBoundaryArn ? resolve(principal.permissionsBoundaryArn) : null,
      ...placement.capsFor(principal), context,
    });
  }
  nodes.push({ arn: ANYONE, kind: 'anyone', identity: 'unknown', boundary: null, scps: [], possibleScps: [], context: {} });
  const listed = listedAccounts(inventory);
  for (const account of [...namedAccounts(inventory)].filter((a) => !listed.has(a)).sort()) {
    nodes.push({ arn: `arn:aws:iam::${account}:root`, kind: 'account', account, identity: 'unknown', boundary: null, scps: [], possibleScps: [], context: {} });
  }
  return nodes;
}

/** Accounts the inventory holds principals of (SPEC §2: "listed"). */
export function listedAccounts(inventory: Inventory): Set<string> {
  return new Set(inventory.principals.map((p) => p.account));
}

/** Every account id named in a Principal element of a resource or trust policy. */
function namedAccounts(inventory: Inventory): Set<string> {
  const accounts = new Set<string>();
  const documents: JsonValue[] = [
    ...inventory.buckets.flatMap((b) => (b.policy ? [b.policy.document] : [])),
    ...inventory.kmsKeys.flatMap((k) => (k.policy ? [k.policy.document] : [])),
    ...inventory.secretsManagerSecrets.flatMap((s) => (s.policy ? [s.policy.document] : [])),
    ...inventory.principals.flatMap((p) => (p.trustPolicy ? [p.trustPolicy.document] : [])),
  ];
  for (const document of documents) {
    for (const value of awsPrincipalValues(document)) {
      const account = /^\d{12}$/.test(value) ? value : /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
      if (account) accounts.add(account);
    }
  }
  return accounts;
}

function awsPrincipalValues(document: JsonValue): string[] {
  return statementObjects(document).flatMap((statement) =>
    [statement.Principal, statement.NotPrincipal].flatMap((element) => (isJsonObject(element) ? stringsIn(element.AWS) : [])));
}
