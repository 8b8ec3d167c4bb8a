import { paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import type { JsonObject, JsonValue } from '../../../model/source.js';
import { loadAccountAuthorizationDetails } from '../../files/awscli/account-authorization-details.js';
import { unlistedPrincipals } from '../../../model/unknowns.js';
import { incompleteListing, issueFor, type CallPlace, type LiveCaller, type LiveLoadResult } from '../live-call.js';
import { liveShapeInput, toCliJson } from '../live-shape-input.js';
import type { AccountClients } from './aws-clients.js';

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/**
 * IAM of one account from every page of `GetAccountAuthorizationDetails` (users, groups, roles
 * with trust policies, instance profiles and boundaries, managed policies with their versions),
 * joined into one CLI-shaped document and read by the file-mode loader, which picks each
 * policy's default version. https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 * A page that fails stops the listing: an `SS011` says so and what was read is kept. Principals not
 * read are unknown: after a failed first page grants to the account resolve to its root; after a
 * later one, `unknown:principals of account ID not listed` stands for them (graph/principal-universe.ts).
 */
export async function collectIam(clients: AccountClients, caller: LiveCaller, account: string, region: string, out: LiveLoadResult): Promise<void> {
  const file = 'aws:iam:global';
  const place: CallPlace = { file, api: 'GetAccountAuthorizationDetails', account };
  caller.progress.begin(`account ${account}: IAM`, 1);
  const merged: JsonObject = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  const pages = paginateGetAccountAuthorizationDetails({ client: clients.iam(region), pageSize: 1000 }, {});
  let pagesRead = 0;
  for (;;) {
    const next = await caller.call(place, () => pages.next(), 'page');
    if (!next.ok) {
      out.issues.push(issueFor(place, next.failure, pagesRead === 0
        ? `no IAM principal of account ${account} is known: grants to the account resolve to its root, and its principals are not listed`
        : `principals and policies after page ${pagesRead} are unknown: ${unlistedPrincipals(account)} stands for them as a possible reader, conditionally`));
      out.fragments.push(pagesRead === 0 ? { unreadAccounts: [account] } : { incompleteListings: [incompleteListing('iam', { ...place, account })] });
      break;
    }
    if (next.value.done) break;
    pagesRead += 1;
    caller.progress.expect(next.value.value.IsTruncated ? 1 : 0);
    const page = toCliJson(next.value.value) as JsonObject;
    for (const list of LISTS) (merged[list] as JsonValue[]).push(...((page[list] as JsonValue[] | undefined) ?? []));
  }
  if (pagesRead === 0) return;
  // A first page that fails leaves the account unlisted (its root stands in); a later one leaves it
  // listed in part, and a symbolic reader stands for the principals not listed.
  const loaded = loadAccountAuthorizationDetails(liveShapeInput(file, merged, { region, defaultAccount: account }, `account ${account}`));
  out.fragments.push(loaded.fragment);
  out.issues.push(...loaded.issues);
  out.loaded.push(`${file} GetAccountAuthorizationDetails (account ${account}, ${pagesRead} page${pagesRead === 1 ? '' : 's'})`);
}
