/**
 * Which service control policies cap a principal: the levels of its account's path from the
 * organization root (root → OUs → account), each with the SCPs attached there, and the SCPs whose
 * place the inputs do not fix. Pure.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 *
 * Choices, all in the direction "never a wrong no":
 * - SCPs never apply to the management account, nor to service-linked roles
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
 * - AWS attaches `FullAWSAccess` (p-FullAWSAccess) to every root, OU and account by default. Unless
 *   the inputs say where it is attached (its list-targets-for-policy dump, or a Terraform
 *   attachment), it is taken to be attached everywhere: only Denies then narrow.
 * - An SCP whose targets are unknown, or one attached to a root or OU that the inputs cannot place
 *   on the account's path, is *possible*: its Denies make access conditional, never remove it; its
 *   Allows let a level allow conditionally.
 * - An SCP known only by its attachments (content not in the inputs) may allow anything
 *   (conditionally) and denies nothing.
 * - A level with no SCP the inputs show (every node holds at least one in AWS) is incomplete: when
 *   nothing known allows there, it allows conditionally.
 */
import type { IamPolicy, ScpLevel } from '../model/iam.js';
import type { IamPrincipal, Inventory } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import type { OrganizationEntity, ServiceControlPolicy } from '../model/organizations.js';
import { unresolvedPolicy } from './unresolved-policy.js';

export const FULL_AWS_ACCESS_ID = 'p-FullAWSAccess';

/** What caps one principal; both lists empty when no SCP applies. */
export interface ScpCaps {
  scps: ScpLevel[];
  possibleScps: IamPolicy[];
}

export interface ScpPlacement {
  /** The SCP levels (and possible SCPs) in force for a principal of the inventory, or one a policy names by ARN. */
  capsFor(principal: Pick<IamPrincipal, 'arn' | 'kind' | 'account'>): ScpCaps;
  /** Why placement is partly unknown (SS011): SCPs without targets, accounts without a place. */
  issues: Issue[];
}

const NONE: ScpCaps = Object.freeze({ scps: [], possibleScps: [] }) as ScpCaps;

/** Places every SCP of the inventory on the organization tree. */
export function placeScps(inventory: Inventory): ScpPlacement {
  if (inventory.scps.length === 0) return { capsFor: () => NONE, issues: [] };
  const entities = new Map(inventory.organizationEntities.map((e) => [e.id, e]));
  const management = new Set(inventory.organizationEntities.flatMap((e) => (e.managementAccount ? [e.managementAccount] : [])));
  const issues: Issue[] = [];
  const policies = inventory.scps.map((scp) => ({ scp, document: scpDocument(scp) }));
  const fullAccessPlaced = inventory.scps.some((s) => s.id === FULL_AWS_ACCESS_ID && s.targets !== undefined);
  const defaultFullAccess = fullAccessPlaced ? undefined : scpDocument({ id: FULL_AWS_ACCESS_ID, source: { file: 'secret-scan:aws-default' } });
  for (const { scp } of policies) {
    if (scp.targets === undefined && scp.id !== FULL_AWS_ACCESS_ID) {
      issues.push({ code: 'unknownScpTargets', message: `SCP ${scp.name ?? scp.id}: the inputs do not say where it is attached (give its list-targets-for-policy dump as ${scp.id}.targets.json, or its Terraform attachment); its Denies make access conditional, never remove it`, source: scp.source });
    }
  }
  const cache = new Map<string, ScpCaps>();
  const capsOfAccount = (account: string): ScpCaps => {
    let caps = cache.get(account);
    if (caps) return caps;
    const path = pathOf(account, entities);
    const onPath = new Set(path.ids);
    const levels: ScpLevel[] = path.ids.map((target) => {
      const attached = policies.filter(({ scp }) => scp.targets?.includes(target)).map((p) => p.document);
      if (defaultFullAccess) attached.unshift(defaultFullAccess);
      const level: ScpLevel = { target, policies: attached };
      if (attached.length === 0) level.incomplete = true;
      return level;
    });
    const possibleScps = policies.filter(({ scp }) => {
      if (scp.targets === undefined) return scp.id !== FULL_AWS_ACCESS_ID;
      if (scp.targets.some((t) => onPath.has(t))) return false;
      // Above an incomplete path any root or OU might be an ancestor; an account never is.
      return !path.complete && scp.targets.some((t) => !/^\d{12}$/.test(t) && entities.get(t)?.kind !== 'account');
    }).map((p) => p.document);
    if (!path.complete && possibleScps.some((p) => policies.some(({ scp, document }) => document === p && scp.targets !== undefined))) {
      issues.push({ code: 'unknownAccountPlacement', message: `account ${account}: its place in the organization is not known (no list-parents / list-accounts-for-parent dump or Terraform parent_id leads to a root); SCPs attached to roots or OUs may apply: their Denies make access conditional, never remove it`, source: sourceOfAccount(account, entities, inventory) });
    }
    caps = { scps: levels, possibleScps };
    cache.set(account, caps);
    return caps;
  };
  return {
    capsFor(principal) {
      if (management.has(principal.account)) return NONE;
      if (principal.kind === 'role' && isServiceLinkedRole(principal.arn)) return NONE;
      return capsOfAccount(principal.account);
    },
    issues,
  };
}

/** Service-linked roles live under the `/aws-service-role/` path. */
function isServiceLinkedRole(arn: string): boolean {
  return /:role\/aws-service-role\//.test(arn);
}

/** The ids from the root down to the account, as far as the tree is known; complete when it reaches a root. */
function pathOf(account: string, entities: Map<string, OrganizationEntity>): { ids: string[]; complete: boolean } {
  const ids: string[] = [];
  let at: OrganizationEntity | undefined = entities.get(account);
  // An account that no input names still has its own level: SCPs may be attached to it directly.
  if (!at) return { ids: [account], complete: false };
  const seen = new Set<string>();
  while (at && !seen.has(at.id)) {
    seen.add(at.id);
    ids.unshift(at.id);
    if (at.kind === 'root') return { ids, complete: true };
    at = at.parentId ? entities.get(at.parentId) ?? { id: at.parentId, kind: at.parentId.startsWith('r-') ? 'root' : 'ou', source: at.source } : undefined;
  }
  return { ids, complete: false };
}

function sourceOfAccount(account: string, entities: Map<string, OrganizationEntity>, inventory: Inventory): Issue['source'] {
  return entities.get(account)?.source ?? inventory.principals.find((p) => p.account === account)?.source ?? { file: 'secret-scan:organization', pointer: account };
}

/** The SCP's document; AWS's FullAWSAccess when that is the one; otherwise an undecidable allow-all. */
function scpDocument(scp: Pick<ServiceControlPolicy, 'id' | 'policy' | 'name' | 'arn' | 'source'>): IamPolicy {
  if (scp.policy) return scp.policy;
  if (scp.id === FULL_AWS_ACCESS_ID) {
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
    return { id: `SCP ${FULL_AWS_ACCESS_ID} (AWS managed)`, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, source: scp.source };
  }
  return unresolvedPolicy(scp.arn ?? scp.id, `SCP ${scp.name ?? scp.id} (content not in the inputs)`);
}
