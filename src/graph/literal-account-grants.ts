import type { IamPolicy } from '../model/iam.js';
import type { Inventory } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import type { Manifest } from '../model/manifest.js';
import type { SourceRef } from '../model/source.js';
import { SYMBOLIC_ACCOUNT } from '../model/unknowns.js';
import { listedAccounts } from './principal-universe.js';

/** A Secrets Manager, SSM or KMS ARN with a 12-digit account: what a grant on a secret or its key names. */
const SECRET_HOLDER_ARN = /arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):[a-z0-9-]*:(\d{12}):/g;

/**
 * Grants on secrets, parameters or keys of a 12-digit account no input lists, in a scan whose own
 * account is symbolic (docs/semantics.md#identities): if that account is the one the configuration
 * deploys into, the grant reaches the configuration's own secrets, which the scan cannot tell, so a
 * reader may be missing. Said once per account, at the first policy naming it, rather than not at all.
 */
export function literalAccountGrantIssues(inventory: Inventory, manifest: Manifest): Issue[] {
  if (manifest.defaultAccount !== undefined || !inventory.principals.some((p) => p.account === SYMBOLIC_ACCOUNT)) return [];
  const listed = listedAccounts(inventory);
  const named = new Map<string, SourceRef>();
  const read = (policy: IamPolicy): void => {
    for (const match of JSON.stringify(policy.document).matchAll(SECRET_HOLDER_ARN)) {
      const account = match[1];
      if (account !== undefined && !listed.has(account) && !named.has(account)) named.set(account, policy.source);
    }
  };
  for (const principal of inventory.principals) principal.inlinePolicies.forEach(read);
  for (const group of inventory.groups) group.inlinePolicies.forEach(read);
  for (const managed of inventory.managedPolicies) read(managed.policy);
  return [...named].sort(([a], [b]) => (a < b ? -1 : 1)).map(([account, source]) => ({
    code: 'unknownResourceAccount',
    message: `a grant names secrets, parameters or keys of account ${account}, which no input lists, while nothing names the account this configuration deploys into (read as ${SYMBOLIC_ACCOUNT}): if it deploys into ${account}, set accounts.default in the manifest (or the provider's allowed_account_ids), else the grant cannot reach the configuration's own secrets and a reader may be missing`,
    source,
  }));
}
