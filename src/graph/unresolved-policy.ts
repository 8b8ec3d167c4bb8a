import type { IamPolicy } from '../model/iam.js';

/** A stand-in for a policy whose document is not in the inventory: it may allow anything. */
export function unresolvedPolicy(arn: string, id = `${arn} (document not in inventory)`): IamPolicy {
  return {
    id,
    document: {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Unresolved', Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'secret-scan:PolicyDocumentKnown': 'false' } } }],
    },
    source: { file: 'secret-scan:unresolved', pointer: arn },
  };
}
