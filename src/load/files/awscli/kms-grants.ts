import type { Issue } from '../../../model/issue.js';
import type { KmsGrant, KmsGrantConstraints, KmsKey } from '../../../model/inventory.js';
import type { JsonObject, JsonValue } from '../../../model/source.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { arr, issueAt, parseArn, sourceAt, str, type ShapeInput, type ShapeResult } from './aws-cli-context.js';
import { kmsKeyArn } from '../../arns.js';
import { UNREAD_GRANTEE } from '../../../model/unknowns.js';

// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html (GrantListEntry)

/** True for `aws kms list-grants --key-id KEY` output. */
export function isKmsListGrants(json: JsonObject): boolean {
  return Array.isArray(json['Grants']) && json['Grants'].every((g) => isJsonObject(g) && ('GranteePrincipal' in g || 'KeyId' in g || 'GrantId' in g));
}

/**
 * Loads each grant onto its key (`KeyId`, an ARN in ListGrants output; the merge joins it with the
 * key's policy by key id). An entry whose grantee cannot be read is an SS011 and widens: its
 * grantee is taken as anyone, conditionally. Constraints other than the two encryption context
 * kinds are read as unknown, which makes the grant conditional rather than dropping it.
 */
export function loadKmsListGrants(input: ShapeInput): ShapeResult {
  const keys = new Map<string, KmsKey>();
  const issues: Issue[] = [];
  arr(input.json, 'Grants').forEach((raw, i) => {
    const pointer = joinPointer('', 'Grants', i);
    if (!isJsonObject(raw)) { issues.push(issueAt(input, pointer, 'malformedEntry', 'a grant that is not an object: not read')); return; }
    const keyRef = str(raw, 'KeyId');
    if (keyRef === undefined) { issues.push(issueAt(input, pointer, 'malformedEntry', 'a grant without KeyId: the key it opens is unknown, so it is not in the analysis')); return; }
    const parts = parseArn(keyRef);
    const keyId = parts ? parts.resource.replace(/^key\//, '') : keyRef;
    const grantee = str(raw, 'GranteePrincipal');
    const source = sourceAt(input, pointer);
    if (grantee === undefined) issues.push(issueAt(input, pointer, 'malformedEntry', `grant on key ${keyId} without a readable GranteePrincipal: taken as granting anyone, conditionally`));
    const grant: KmsGrant = {
      granteePrincipal: grantee ?? UNREAD_GRANTEE,
      operations: operationsOf(raw['Operations']),
      source,
    };
    const grantId = str(raw, 'GrantId');
    if (grantId !== undefined) grant.grantId = grantId;
    const name = str(raw, 'Name');
    if (name) grant.name = name;
    const constraints = constraintsOf(raw['Constraints']);
    if (constraints !== undefined) grant.constraints = constraints;
    let key = keys.get(keyId);
    if (!key) {
      const account = parts?.account || input.context.defaultAccount || '';
      const region = parts?.region || input.context.region;
      key = { keyId, arn: parts ? keyRef : kmsKeyArn(keyId, region, account), region, grants: [], source };
      if (account !== '') key.account = account;
      keys.set(keyId, key);
    }
    key.grants?.push(grant);
  });
  return { fragment: { kmsKeys: [...keys.values()] }, issues };
}

function operationsOf(value: JsonValue | undefined): string[] | 'unknown' {
  return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : 'unknown';
}

function constraintsOf(value: JsonValue | undefined): KmsGrantConstraints | 'unknown' | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) return 'unknown';
  const out: KmsGrantConstraints = {};
  for (const [name, pairs] of Object.entries(value)) {
    if (name !== 'EncryptionContextEquals' && name !== 'EncryptionContextSubset') return 'unknown';
    if (!isJsonObject(pairs) || !Object.values(pairs).every((v) => typeof v === 'string')) return 'unknown';
    const context = pairs as Record<string, string>;
    if (name === 'EncryptionContextEquals') out.encryptionContextEquals = context;
    else out.encryptionContextSubset = context;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
