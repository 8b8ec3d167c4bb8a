import type { IamContextValue, IamPolicy, ScpLevel } from '../model/iam.js';
import type { IamPrincipal, Inventory } from '../model/inventory.js';
import type { JsonValue } from '../model/source.js';
import { isSymbolicPrincipal, organizationPrincipals, SYMBOLIC_ACCOUNT, SYMBOLIC_PRINCIPAL_PREFIX, UNRESOLVED_KEY, unlistedPrincipals } from '../model/unknowns.js';
import { accountOfArn } from '../engine/iam/index.js';
import { isJsonObject, statementObjects, stringsIn } from './policy-statements.js';
import { placeScps, type ScpPlacement } from './scp-placement.js';
import { unresolvedPolicy } from './unresolved-policy.js';
import { parameterSharePolicy } from './parameter-shares.js';
import { keySidePolicy } from './kms-grants.js';

/**
 * A possible reader: an inventory principal, `*`, the root of an account the inventory does not
 * list (docs/semantics.md#principals), or a principal a policy names by an expression the inputs cannot resolve (docs/semantics.md#symbolic-unknowns).
 */
export interface PrincipalNode {
  arn: string;
  kind: 'role' | 'user' | 'anyone' | 'account' | 'symbolic';
  account?: string;
  principal?: IamPrincipal;
  /**
   * An account's root standing for an account the inventory does not list: the ARNs of that
   * account's principals that policies name. A grant to one of them is a grant some principal of
   * the account holds, so it opens the account as a reader (its own policies being unknown).
   */
  standsFor?: string[];
  /**
   * The principal the IAM engine asks as, when not `arn`: the unlisted principals of a partly
   * listed account (`unknown:principals of account ID not listed`) are asked as that account's root.
   */
  actsAs?: string;
  /** Identity policies in force, or 'unknown' for abstract principals. */
  identity: IamPolicy[] | 'unknown';
  boundary: IamPolicy | null;
  /** SCP levels from the organization root to the principal's account (`graph/scp-placement.ts`). */
  scps: ScpLevel[];
  /** SCPs that may or may not be on the account's path. */
  possibleScps: IamPolicy[];
  /** Request context keys that follow from who the principal is (tags). */
  context: Record<string, IamContextValue>;
  /** The inventory's principals named by a pattern (`IamRequest.principalStandIns`), shared by every node. */
  principalStandIns?: ReadonlySet<string>;
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
    if (isSymbolicPrincipal(principal.arn)) {
      nodes.push(unknownHolderNode(principal, identity, placement));
      continue;
    }
    nodes.push({
      arn: principal.arn, kind: principal.kind, account: principal.account, principal, identity,
      boundary: principal.permissionsBoundaryArn ? resolve(principal.permissionsBoundaryArn) : null,
      ...placement.capsFor(principal), context,
    });
  }
  nodes.push({ arn: ANYONE, kind: 'anyone', identity: 'unknown', boundary: null, scps: [], possibleScps: [], context: {} });
  const listed = listedAccounts(inventory);
  const unlisted = new Set([...namedAccounts(inventory), ...(inventory.unreadAccounts ?? [])]);
  const namedPrincipals = namedPrincipalsByAccount(inventory);
  for (const account of [...unlisted].filter((a) => !listed.has(a)).sort()) {
    const standsFor = [...(namedPrincipals.get(account) ?? [])].sort();
    nodes.push({
      arn: `arn:aws:iam::${account}:root`, kind: 'account', account, identity: 'unknown', boundary: null, scps: [], possibleScps: [], context: {},
      ...(standsFor.length > 0 ? { standsFor } : {}),
    });
  }
  // The principals of an organization a policy admits by `aws:PrincipalOrgID`: which accounts it
  // holds is not known here when no Organizations input lists them, so one node stands for them,
  // carrying the organization id; their accounts being unknown, what they read is conditional.
  const organizationAccounts = new Set(inventory.organizationEntities.filter((e) => e.kind === 'account').map((e) => e.id));
  for (const organization of [...namedOrganizations(inventory)].sort()) {
    if (organizationAccounts.size > 0) continue;
    // No identity policies of their own to go by: they read only through grants that admit the organization.
    nodes.push({ arn: organizationPrincipals(organization), kind: 'symbolic', identity: [], boundary: null, scps: [], possibleScps: [], context: { 'aws:PrincipalOrgID': organization } });
  }
  // One node per unknown principal: its own policies are unknown, like another account's root,
  // but it stands for one principal, so only grants naming its expression (and `*`) reach it.
  const holders = new Set(inventory.principals.map((p) => p.arn).filter(isSymbolicPrincipal));
  for (const arn of [...symbolicPrincipals(inventory)].filter((a) => !holders.has(a)).sort()) {
    nodes.push({ arn, kind: 'symbolic', identity: 'unknown', boundary: null, scps: [], possibleScps: [], context: {} });
  }
  // An account listed in part (a live IAM listing stopped after its first page): its other
  // principals are unknown. One node stands for them and for the principals of the account that
  // policies name but the inventory lacks. It is asked as the account's root (so only as far as
  // grants to the account and `*` reach) whose identity policies may allow anything, undecided:
  // they may exist and hold any policy, so what they read is conditional (docs/semantics.md#unknowns). SCPs are
  // left off: unknown, they could only narrow.
  const inInventory = new Set(inventory.principals.map((p) => p.arn));
  const partlyListed = new Set((inventory.incompleteListings ?? []).filter((l) => l.kind === 'iam').map((l) => l.account));
  for (const account of [...partlyListed].sort()) {
    if (!listed.has(account)) continue;
    const standsFor = [...(namedPrincipals.get(account) ?? [])].filter((arn) => !inInventory.has(arn)).sort();
    nodes.push({
      arn: unlistedPrincipals(account), kind: 'symbolic', account, actsAs: `arn:aws:iam::${account}:root`,
      identity: [unresolvedPolicy(unlistedPrincipals(account), `identity policies of ${unlistedPrincipals(account)}`)], boundary: null, scps: [], possibleScps: [], context: {},
      ...(standsFor.length > 0 ? { standsFor } : {}),
    });
  }
  // A role or user of a listed account that a policy names by ARN but the inputs do not hold (a role
  // made in another repository than the one scanned): the grants naming it are its own, whatever
  // its unknown identity policies say (docs/semantics.md#principals).
  for (const account of [...listed].filter((a) => !partlyListed.has(a)).sort()) {
    for (const arn of [...(namedPrincipals.get(account) ?? [])].filter((a) => !inInventory.has(a)).sort()) {
      const kind = NOT_HELD_KIND.exec(arn)?.[1];
      if (kind === 'role' || kind === 'user') nodes.push(notHeldNode(arn, kind, account, placement));
    }
  }
  // Real IAM names hold no `*` or `?`: an inventory principal whose ARN does is a stand-in for one principal.
  const standIns = new Set(inventory.principals.map((p) => p.arn).filter((arn) => arn.startsWith('arn:') && /[*?]/.test(arn)));
  if (standIns.size > 0) for (const node of nodes) node.principalStandIns = standIns;
  return nodes;
}

const NOT_HELD_KIND = /^arn:aws[a-z-]*:iam::[^:]+:(role|user)\//;

/**
 * A principal named by ARN in a resource, key or trust policy but absent from the inputs. It reads
 * through the grants that name it. Its own policies are not known, so nothing is read through them
 * alone; but where a key policy it is named through delegates decryption to IAM, they may allow
 * `kms:Decrypt`, undecided: a read it was granted is then conditional, never dropped.
 */
function notHeldNode(arn: string, kind: 'role' | 'user', account: string, placement: ScpPlacement): PrincipalNode {
  const why = `${arn} is named by a policy but not in the inputs (its own policies are not known)`;
  const ownPolicies: IamPolicy = {
    id: `identity policies of ${arn} (not in the inputs)`,
    document: { Version: '2012-10-17', Statement: [{ Sid: 'NotInInputs', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { [UNRESOLVED_KEY]: why } } }] },
    source: { file: 'secret-scan:unresolved', pointer: arn },
  };
  return { arn, kind, account, identity: [ownPolicies], boundary: null, ...placement.capsFor({ arn, kind, account }), context: {} };
}

/**
 * A role or user the inputs cannot name that holds grants (`role = var.role_name` on an inline
 * policy or attachment): one principal of its account, so it is asked as the account's root (grants
 * to the account reach it) and as itself (grants naming its expression); its own policies are
 * known. A boundary that allows everything only conditionally makes each of its reads conditional,
 * the reason naming the expression (docs/semantics.md#symbolic-unknowns).
 */
function unknownHolderNode(principal: IamPrincipal, identity: IamPolicy[], placement: ScpPlacement): PrincipalNode {
  const expression = principal.arn.slice(SYMBOLIC_PRINCIPAL_PREFIX.length);
  const boundary: IamPolicy = {
    id: `${principal.arn} (who holds these policies is not known)`,
    document: {
      Version: '2012-10-17',
      Statement: [{ Sid: 'UnknownHolder', Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { [UNRESOLVED_KEY]: `${expression} (${principal.source.file}:${principal.source.line ?? 1})` } } }],
    },
    source: principal.source,
  };
  return {
    arn: principal.arn, kind: 'symbolic', account: principal.account, principal, actsAs: `arn:aws:iam::${principal.account}:root`, standsFor: [principal.arn],
    identity, boundary, ...placement.capsFor(principal), context: {},
  };
}

/** Accounts the inventory holds principals of, symbolic ones aside (docs/semantics.md#principals: "listed"). */
export function listedAccounts(inventory: Inventory): Set<string> {
  // A symbolic holder (`unknown:var.role_name`) is a principal nobody listed: it lists no account.
  return new Set(inventory.principals.filter((p) => !isSymbolicPrincipal(p.arn)).map((p) => p.account));
}

function resourcePolicyDocuments(inventory: Inventory): JsonValue[] {
  return [
    ...inventory.buckets.flatMap((b) => (b.policy ? [b.policy.document] : [])),
    // With its grants: a grantee is named as a key policy statement would name it.
    ...inventory.kmsKeys.flatMap((k) => { const policy = keySidePolicy(k); return policy ? [policy.document] : []; }),
    ...inventory.secretsManagerSecrets.flatMap((s) => (s.policy ? [s.policy.document] : [])),
    ...inventory.ssmParameters.flatMap((p) => (p.policy ? [p.policy.document] : [])),
    // A RAM share names its consumers as a parameter's resource policy would.
    ...(inventory.parameterShares ?? []).flatMap((share) => share.parameterArns.map((arn) => parameterSharePolicy(share, arn).document)),
    ...inventory.principals.flatMap((p) => (p.trustPolicy ? [p.trustPolicy.document] : [])),
  ];
}

/** Every symbolic principal (`unknown:EXPRESSION`) named in a Principal element. */
function symbolicPrincipals(inventory: Inventory): Set<string> {
  return new Set(resourcePolicyDocuments(inventory).flatMap(awsPrincipalValues).filter(isSymbolicPrincipal));
}

// An account as a Principal names it: a 12-digit id, the symbolic account of infrastructure code
// that says nowhere which account it deploys into (its own account root, built from
// `data.aws_caller_identity`, must reach the account's principals all the same), or CloudFront's
// own, which holds its origin access identities (`arn:aws:iam::cloudfront:user/CloudFront Origin
// Access Identity ID`, named in bucket policies:
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).
const ACCOUNT = `(?:\\d{12}|${SYMBOLIC_ACCOUNT}|cloudfront)`;
const ACCOUNT_ID = new RegExp(`^${ACCOUNT}$`);
const IAM_ARN_ACCOUNT = new RegExp(`^arn:aws[a-z-]*:(?:iam|sts)::(${ACCOUNT}):`);
const NAMED_PRINCIPAL = new RegExp(`^arn:aws[a-z-]*:(?:iam|sts)::(${ACCOUNT}):(?!root$)[^*?]+$`);

/**
 * Every account id named in a Principal element of a resource or trust policy; and the account of
 * a Secrets Manager secret whose policy grants `*`: the AWS managed key keeps other accounts out
 * (docs/semantics.md#iam-read), so who reads through that grant are the secret's own account's
 * principals, for whom the account's root stands when the inventory does not list them.
 */
function namedAccounts(inventory: Inventory): Set<string> {
  // The accounts that hold the inventory's secrets: when none of an account's principals is in the
  // inputs (IAM kept in another repository), its root stands for them, as for an account a grant names.
  const accounts = new Set<string>([...inventory.ssmParameters, ...inventory.secretsManagerSecrets].flatMap((s) => {
    const account = accountOfArn(s.arn);
    return account !== undefined && ACCOUNT_ID.test(account) ? [account] : [];
  }));
  for (const secret of inventory.secretsManagerSecrets) {
    const account = secret.policy && awsPrincipalValues(secret.policy.document).includes('*') ? accountOfArn(secret.arn) : undefined;
    if (account !== undefined) accounts.add(account);
  }
  const documents = resourcePolicyDocuments(inventory);
  for (const document of documents) {
    for (const value of awsPrincipalValues(document)) {
      const account = ACCOUNT_ID.test(value) ? value : IAM_ARN_ACCOUNT.exec(value)?.[1];
      if (account) accounts.add(account);
    }
    // `Principal: *` narrowed by a condition on who calls names the account as a Principal would:
    // `aws:PrincipalAccount` by id, `aws:PrincipalArn` by the account field of its ARNs
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount).
    for (const value of conditionValues(document, 'aws:principalaccount')) if (ACCOUNT_ID.test(value)) accounts.add(value);
    for (const value of conditionValues(document, 'aws:principalarn')) {
      const account = IAM_ARN_ACCOUNT.exec(value)?.[1];
      if (account) accounts.add(account);
    }
  }
  return accounts;
}

/** Organization ids a resource or trust policy's `aws:PrincipalOrgID` condition names. */
function namedOrganizations(inventory: Inventory): Set<string> {
  return new Set(resourcePolicyDocuments(inventory).flatMap((document) => conditionValues(document, 'aws:principalorgid')).filter((v) => /^o-[a-z0-9]+$/.test(v)));
}

/** The string values a policy's conditions give one key (lower-cased), under any operator. */
function conditionValues(document: JsonValue, key: string): string[] {
  const values: string[] = [];
  for (const statement of statementObjects(document)) {
    const condition = statement.Condition;
    if (!isJsonObject(condition)) continue;
    for (const block of Object.values(condition)) {
      if (!isJsonObject(block)) continue;
      for (const [name, value] of Object.entries(block)) if (name.toLowerCase() === key) values.push(...stringsIn(value));
    }
  }
  return values;
}

/** Role, user and session ARNs named in Principal elements, by account. */
function namedPrincipalsByAccount(inventory: Inventory): Map<string, Set<string>> {
  const byAccount = new Map<string, Set<string>>();
  for (const document of resourcePolicyDocuments(inventory)) {
    for (const value of awsPrincipalValues(document)) {
      const match = NAMED_PRINCIPAL.exec(value);
      if (!match?.[1]) continue;
      let set = byAccount.get(match[1]);
      if (!set) byAccount.set(match[1], (set = new Set()));
      set.add(value);
    }
  }
  return byAccount;
}

function awsPrincipalValues(document: JsonValue): string[] {
  return statementObjects(document).flatMap((statement) =>
    [statement.Principal, statement.NotPrincipal].flatMap((element) => (isJsonObject(element) ? stringsIn(element.AWS) : [])));
}
