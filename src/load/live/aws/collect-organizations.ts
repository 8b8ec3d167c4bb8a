import { DescribePolicyCommand, paginateListParents, paginateListPoliciesForTarget, paginateListRoots } from '@aws-sdk/client-organizations';
import type { PolicySummary } from '@aws-sdk/client-organizations';
import type { OrganizationEntity, ServiceControlPolicy } from '../../../model/organizations.js';
import type { JsonObject } from '../../../model/source.js';
import { loadOrganizationsDump } from '../../files/awscli/organizations.js';
import { issueFor, placeSource, type CallFailure, type CallPlace, type LiveCaller, type LiveLoadResult } from '../live-call.js';
import { liveShapeInput, toCliJson } from '../live-shape-input.js';
import type { AccountClients } from './aws-clients.js';

/** A scanned account and the clients that read it. */
interface Scanned {
  account: string;
  clients: AccountClients;
}

/**
 * Organizations is served from one region per partition
 * (https://docs.aws.amazon.com/general/latest/gr/ao.html): us-east-1, us-gov-west-1, cn-northwest-1.
 */
export function organizationsRegion(home: string): string {
  if (home.startsWith('us-gov-')) return 'us-gov-west-1';
  if (home.startsWith('cn-')) return 'cn-northwest-1';
  return 'us-east-1';
}

/**
 * The service control policies over every scanned account, with their place in the tree: the
 * roots (`ListRoots`), each account's path up to its root (`ListParents`, per account and OU),
 * the SCPs attached at every node of those paths (`ListPoliciesForTarget`) and their content
 * (`DescribePolicy`), read into the same shapes as the CLI dumps (model/organizations.ts).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 *
 * Only the management account and a delegated administrator may list the organization, so each
 * scanned account's credentials are tried in turn until one may (`ListRoots`). When none may
 * (AccessDenied, or AWSOrganizationsNotInUse), every scanned account gets an SS011 saying its SCPs
 * are unknown: none is in the inventory, so an SCP never removes a reader it could not see.
 * What fails further in only widens: a path cut short leaves the SCPs above unknown (so absent:
 * they could only deny), a node whose attachments cannot be listed is an incomplete level (it
 * allows conditionally), and an SCP whose content cannot be read may allow anything, denies nothing.
 */
export async function collectOrganizations(scanned: Scanned[], caller: LiveCaller, home: string, out: LiveLoadResult): Promise<void> {
  if (scanned.length === 0) return;
  const region = organizationsRegion(home);
  const file = `aws:organizations:${region}`;
  caller.progress.begin('AWS Organizations: SCPs', 1);
  const context = { region, defaultAccount: scanned[0]?.account ?? '' };

  const failures: { account: string; place: CallPlace; failure: CallFailure }[] = [];
  let reader: { clients: AccountClients; roots: JsonObject[] } | undefined;
  for (const { account, clients } of scanned) {
    const place: CallPlace = { file, api: 'ListRoots', account };
    const roots = await listAll(caller, place, paginateListRoots({ client: clients.organizations(region) }, {}), (page) => page.Roots);
    if (roots.ok) { reader = { clients, roots: roots.items.map((r) => toCliJson(r) as JsonObject) }; break; }
    failures.push({ account, place, failure: roots.failure });
  }
  if (!reader) {
    for (const { account, place, failure } of failures) {
      const notInUse = /AWSOrganizationsNotInUse/.test(failure.message);
      out.issues.push(issueFor(place, failure, notInUse
        ? `account ${account} is not in an organization as far as its credentials tell: no SCP is read, none restricts its principals`
        : `the SCPs over account ${account} are unknown: none is applied, so no reader is removed by an SCP the scan cannot see`));
    }
    return;
  }
  const client = reader.clients.organizations(region);
  const fragmentOf = (json: JsonObject, fallback: string): ReturnType<typeof loadOrganizationsDump> => loadOrganizationsDump(liveShapeInput(file, json, context, fallback));
  const roots = fragmentOf({ Roots: reader.roots }, 'ListRoots');
  out.issues.push(...roots.issues);
  const entities: OrganizationEntity[] = [...(roots.fragment.organizationEntities ?? [])];

  // Each node's parent and attached SCPs, asked once however many scanned accounts share it.
  const parents = new Map<string, Promise<void>>();
  const attached = new Map<string, Promise<void>>();
  const targetsOf = new Map<string, Set<string>>();
  const described = new Map<string, Promise<ServiceControlPolicy | undefined>>();

  const describe = (summary: PolicySummary): Promise<ServiceControlPolicy | undefined> => {
    const id = summary.Id ?? '';
    let promise = described.get(id);
    if (!promise) {
      promise = (async () => {
        const place: CallPlace = { file, api: 'DescribePolicy', resource: id };
        const answer = await caller.call(place, () => client.send(new DescribePolicyCommand({ PolicyId: id })));
        if (answer.ok && answer.value.Policy) {
          const loaded = fragmentOf({ Policy: toCliJson(answer.value.Policy) } as JsonObject, id);
          out.issues.push(...loaded.issues);
          entities.push(...(loaded.fragment.organizationEntities ?? []));
          return loaded.fragment.scps?.[0];
        }
        if (!answer.ok) out.issues.push(issueFor(place, answer.failure, `the content of SCP ${summary.Name ?? id} is unknown: it may allow anything, conditionally, and denies nothing`));
        return { id, ...(summary.Name ? { name: summary.Name } : {}), ...(summary.Arn ? { arn: summary.Arn } : {}), source: placeSource(place) };
      })();
      described.set(id, promise);
    }
    return promise;
  };

  const attachments = (target: string): Promise<void> => {
    let promise = attached.get(target);
    if (!promise) {
      promise = (async () => {
        const place: CallPlace = { file, api: 'ListPoliciesForTarget', resource: target };
        const listed = await listAll(caller, place, paginateListPoliciesForTarget({ client }, { TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' }), (page) => page.Policies);
        if (!listed.ok) {
          out.issues.push(issueFor(place, listed.failure, `the SCPs attached to ${target} are unknown: that level allows conditionally, and what it would deny is not applied`));
          return;
        }
        for (const summary of listed.items) {
          if (summary.Id === undefined) continue;
          let targets = targetsOf.get(summary.Id);
          if (!targets) targetsOf.set(summary.Id, (targets = new Set()));
          targets.add(target);
          void describe(summary);
        }
      })();
      attached.set(target, promise);
    }
    return promise;
  };

  // From a node up to its root: the node's SCPs and its parent, then the parent's, in turn.
  const climb = (child: string, kind: OrganizationEntity['kind']): Promise<void> => {
    let promise = parents.get(child);
    if (!promise) {
      promise = (async () => {
        const place: CallPlace = { file, api: 'ListParents', resource: child };
        const [listed] = await Promise.all([
          listAll(caller, place, paginateListParents({ client }, { ChildId: child }), (page) => page.Parents),
          attachments(child),
        ]);
        const entity: OrganizationEntity = { id: child, kind, source: placeSource(place) };
        const parent = listed.ok ? listed.items[0] : undefined;
        if (!listed.ok) out.issues.push(issueFor(place, listed.failure, `the place of ${child} in the organization is unknown: SCPs attached above it are not applied (they could only deny)`));
        if (parent?.Id !== undefined) entity.parentId = parent.Id;
        entities.push(entity);
        if (parent?.Id === undefined) return;
        if (parent.Type === 'ROOT') await attachments(parent.Id);
        else await climb(parent.Id, 'ou');
      })();
      parents.set(child, promise);
    }
    return promise;
  };

  await Promise.all(scanned.map(({ account }) => climb(account, 'account')));
  const scps: ServiceControlPolicy[] = [];
  for (const [id, targets] of targetsOf) {
    const scp = await described.get(id);
    if (scp) scps.push({ ...scp, targets: [...targets].sort() });
  }
  out.fragments.push({ scps, organizationEntities: entities });
  out.loaded.push(`${file} ListRoots, ListParents, ListPoliciesForTarget, DescribePolicy (account${scanned.length === 1 ? '' : 's'} ${scanned.map((s) => s.account).join(', ')}, ${scps.length} SCPs)`);
}

/** Every page of an Organizations listing, or the first failure. */
async function listAll<P, T>(caller: LiveCaller, place: CallPlace, pages: AsyncIterator<P>, items: (page: P) => T[] | undefined): Promise<{ ok: true; items: T[] } | { ok: false; failure: CallFailure }> {
  const all: T[] = [];
  for (;;) {
    const next = await caller.call(place, () => pages.next(), 'page');
    if (!next.ok) return { ok: false, failure: next.failure };
    if (next.value.done) return { ok: true, items: all };
    all.push(...(items(next.value.value) ?? []));
  }
}
