import type { Issue } from '../../../model/issue.js';
import type { KmsKey } from '../../../model/inventory.js';
import { baseName, issueAt, sourceAt, type ShapeInput, type ShapeResult } from './aws-cli-context.js';
import { loadPolicyDocument } from './policy-document.js';
import { kmsKeyArn } from '../../arns.js';

// https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html

const SUFFIX = '.key-policy.json';

/** The key id a `KEY-ID.key-policy.json` file belongs to (README "Inputs"), or undefined for other names. */
export function keyIdFromPath(relativePath: string): string | undefined {
  const name = baseName(relativePath);
  return name.endsWith(SUFFIX) && name.length > SUFFIX.length ? name.slice(0, -SUFFIX.length) : undefined;
}

/**
 * Loads `aws kms get-key-policy` output (`Policy` is JSON text; `PolicyName` may be missing) or a
 * bare key policy document, saved as `KEY-ID.key-policy.json`. The key's ARN is built from the
 * context (`arn:aws:kms:REGION:ACCOUNT:key/ID`); the merge joins it with `describe-key` by
 * `keyId`. Without a default account the ARN has an empty account field and `unknownResourceAccount`
 * says so (describe-key or list-aliases in the same scan supply the real one).
 */
export function loadKmsKeyPolicy(input: ShapeInput, keyId: string): ShapeResult {
  const issues: Issue[] = [];
  const wrapped = 'Policy' in input.json;
  const pointer = wrapped ? '/Policy' : '';
  const loaded = loadPolicyDocument(input, wrapped ? input.json['Policy'] : input.json, pointer, `key/${keyId} key policy`, 'resource');
  issues.push(...loaded.issues);
  const account = input.context.defaultAccount ?? '';
  if (account === '') {
    issues.push(issueAt(input, '', 'unknownResourceAccount',
      `key ${keyId}: the key policy dump does not say which account owns the key and no default account is set; add describe-key output or accounts.default`));
  }
  const key: KmsKey = {
    keyId,
    arn: kmsKeyArn(keyId, input.context.region, account),
    region: input.context.region,
    source: sourceAt(input, ''),
  };
  if (account !== '') key.account = account;
  if (loaded.policy) key.policy = loaded.policy;
  return { fragment: { kmsKeys: [key] }, issues };
}
