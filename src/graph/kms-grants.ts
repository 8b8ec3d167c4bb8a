/**
 * A key's grants, read as statements of its key policy. "No AWS principal … has any permissions to
 * a KMS key unless they are explicitly allowed, and never denied, in a key policy, IAM policy, or
 * grant" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html): a grant allows
 * its grantee as a key policy statement naming it would, and the same explicit denies still win.
 * Its encryption context constraints are the `kms:EncryptionContext:` conditions AWS documents as
 * their case-sensitive equivalent (https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html),
 * and the IAM engine decides them against the secret's context like any other condition.
 */
import type { IamPolicy } from '../model/iam.js';
import type { KmsGrant, KmsKey } from '../model/inventory.js';
import type { JsonObject, JsonValue, SourceRef } from '../model/source.js';
import { UNREAD_GRANTEE, UNRESOLVED_KEY } from '../model/unknowns.js';
import { GraphMemo } from './graph-memo.js';
import { isJsonObject, rawStatements } from './policy-statements.js';

const keySide = new GraphMemo<KmsKey, IamPolicy | undefined>();

/**
 * The policy the key side of a `kms:Decrypt` decision is made under: the key policy, then one
 * statement per grant, then, when the grants could not be listed, one that lets anyone decrypt
 * conditionally. Undefined when the key policy itself is unknown (decryption is then undecided).
 */
export function keySidePolicy(key: KmsKey): IamPolicy | undefined {
  if (!key.policy) return undefined;
  let policy = keySide.get(key);
  if (policy === undefined && !keySide.has(key)) keySide.set(key, (policy = withGrants(key, key.policy)));
  return policy;
}

function withGrants(key: KmsKey, policy: IamPolicy): IamPolicy {
  const grants = key.grants ?? [];
  if (grants.length === 0 && key.grantsUnread === undefined) return policy;
  const document = policy.document;
  // A key policy without statements stays as it is: the engine already takes it as undecided.
  if (!isJsonObject(document) || document.Statement === undefined) return policy;
  const written = rawStatements(document) ?? [];
  const statements: JsonValue[] = written.map((st) => st ?? null);
  const sources: (SourceRef | undefined)[] = written.map((_, i) => policy.statementSources?.[i] ?? policy.source);
  for (const grant of grants) {
    statements.push(grantStatement(grant));
    sources.push(grant.source);
  }
  if (key.grantsUnread !== undefined) {
    statements.push({
      Sid: 'UnlistedGrants', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*',
      Condition: { StringEquals: { [UNRESOLVED_KEY]: `grants of key ${key.keyId} could not be listed (${key.grantsUnread})` } },
    });
    sources.push(key.source);
  }
  return {
    id: grants.length > 0 ? `${policy.id} and grants` : policy.id,
    document: { ...document, Statement: statements },
    source: policy.source,
    statementSources: sources,
  };
}

/** One grant as the key policy statement that allows what it allows. */
export function grantStatement(grant: KmsGrant): JsonObject {
  const name = grant.name || grant.grantId || (grant.source.line !== undefined ? `${grant.source.file}:${grant.source.line}` : grant.source.file);
  const statement: JsonObject = {
    Sid: `Grant ${name}`,
    Effect: 'Allow',
    Principal: /\.amazonaws\.com(\.cn)?$/.test(grant.granteePrincipal) ? { Service: grant.granteePrincipal } : { AWS: grant.granteePrincipal },
    Action: grant.operations === 'unknown' ? 'kms:*' : grant.operations.map((operation) => `kms:${operation}`),
    Resource: '*',
  };
  const condition = constraintCondition(grant);
  if (condition) statement['Condition'] = condition;
  return statement;
}

function constraintCondition(grant: KmsGrant): JsonObject | undefined {
  const unknown: string[] = [];
  if (grant.granteePrincipal === UNREAD_GRANTEE) unknown.push('its grantee');
  if (grant.operations === 'unknown') unknown.push('its operations');
  if (grant.constraints === 'unknown') unknown.push('its encryption context constraints');
  const condition: JsonObject = {};
  if (unknown.length > 0) {
    condition['StringEquals'] = { [UNRESOLVED_KEY]: `the grant at ${grant.source.file}:${grant.source.line ?? 1}: ${unknown.join(' and ')} cannot be read` };
  }
  const constraints = grant.constraints === 'unknown' ? undefined : grant.constraints;
  const pairs = constraints?.encryptionContextEquals ?? constraints?.encryptionContextSubset;
  if (pairs) {
    const equals: JsonObject = { ...(condition['StringEquals'] as JsonObject | undefined) };
    for (const [key, value] of Object.entries(pairs)) equals[`kms:EncryptionContext:${key}`] = value;
    condition['StringEquals'] = equals;
    // Equals: the request's context holds these pairs and no other key.
    if (constraints?.encryptionContextEquals) condition['ForAllValues:StringEquals'] = { 'kms:EncryptionContextKeys': Object.keys(pairs) };
  }
  return Object.keys(condition).length > 0 ? condition : undefined;
}
