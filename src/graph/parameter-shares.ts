import type { IamPolicy } from '../model/iam.js';
import type { ParameterShare } from '../model/inventory.js';
import type { JsonObject, JsonValue } from '../model/source.js';
import { UNRESOLVED_KEY } from '../model/unknowns.js';

/**
 * A share of SSM parameters through AWS RAM as the resource policy SSM puts on each parameter
 * (docs/semantics.md#ram-shares): one Allow of `ssm:GetParameter` and `ssm:GetParameters` on
 * `resource` per consumer, placed where the configuration names that consumer. An account is its
 * root (a grant that delegates to the account's IAM, which must allow too: cross-account reads need
 * both sides); an organization or OU is anyone whose `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths`
 * says so; an IAM ARN is that principal. A consumer the inputs cannot know is anyone, undecided.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-shared-parameters.html
 * https://docs.aws.amazon.com/ram/latest/userguide/working-with-sharing-create.html
 */
export function parameterSharePolicy(share: ParameterShare, resource: string, why?: string): IamPolicy {
  const statements = share.principals.map(({ principal, undecided }): JsonValue => {
    const statement: JsonObject = { Sid: `shared through AWS RAM with ${principal}`, Effect: 'Allow', ...consumer(principal), Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: resource };
    const doubts = [undecided, why].filter((w) => w !== undefined);
    if (doubts.length > 0) {
      const condition = (statement['Condition'] ?? {}) as JsonObject;
      condition['StringEquals'] = { ...((condition['StringEquals'] ?? {}) as JsonObject), [UNRESOLVED_KEY]: doubts.join('; ') };
      statement['Condition'] = condition;
    }
    return statement;
  });
  return {
    id: `AWS RAM share ${share.name}`,
    document: { Version: '2012-10-17', Statement: statements },
    source: share.source,
    statementSources: share.principals.map((p) => p.source),
  };
}

/** The Principal element, and the condition, that stand for one RAM consumer. */
function consumer(principal: string): JsonObject {
  if (/^\d{12}$/.test(principal)) return { Principal: { AWS: `arn:aws:iam::${principal}:root` } };
  if (/^arn:aws[a-z-]*:iam::\d{12}:(root|role\/|user\/)/.test(principal)) return { Principal: { AWS: principal } };
  const organization = /^arn:aws[a-z-]*:organizations::\d{12}:organization\/(o-[a-z0-9]+)$/.exec(principal);
  if (organization) return { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': organization[1] as string } } };
  const ou = /^arn:aws[a-z-]*:organizations::\d{12}:ou\/(o-[a-z0-9]+)\/(ou-[a-z0-9-]+)$/.exec(principal);
  if (ou) return { Principal: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ou[1] as string}/*/${ou[2] as string}/*` } } };
  // `*` (a consumer the inputs cannot know) or a form not understood: anyone, undecided.
  return { Principal: '*', Condition: { StringEquals: { [UNRESOLVED_KEY]: principal === '*' ? 'the consumer is not known' : `RAM consumer ${principal} is not understood` } } };
}
