import type { IamPolicy } from '../model/iam.js';
import type { JsonValue, SourceRef } from '../model/source.js';
import { UNRESOLVED_KEY } from '../model/unknowns.js';

/** `identity` policies have no Principal; `resource` policies (trust, bucket, key, secret) do. */
export type PolicyKind = 'identity' | 'resource';

/**
 * A policy whose whole document is unknown (an unresolved expression, text that is not JSON, an
 * API call that was denied): one Allow of everything under a condition the engine cannot decide,
 * naming why (docs/semantics.md#unknowns). Readers it opens are conditional and the reason shows
 * in their explanation; it never removes access.
 */
export function unknownPolicyDocument(id: string, expression: string, kind: PolicyKind, source: SourceRef, principal: JsonValue = '*'): IamPolicy {
  const statement: { [key: string]: JsonValue } = { Sid: 'UnresolvedDocument', Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { [UNRESOLVED_KEY]: expression } } };
  if (kind === 'resource') statement['Principal'] = principal;
  return { id, document: { Version: '2012-10-17', Statement: [statement] }, source, statementSources: [source] };
}
