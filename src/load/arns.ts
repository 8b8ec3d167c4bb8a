/**
 * The ARNs loaders build for resources whose dumps or code do not spell them out, the way AWS
 * forms them. Every loader builds these here, so a grant in one input and a resource in another
 * meet on the same string.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

/**
 * `arn:P:iam::ACCOUNT:KIND/PATH/NAME` for a role, user, group, policy or instance profile; `path`
 * as AWS stores it (starts and ends with `/`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export function iamArn(account: string, kind: string, name: string, path = '/', partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:${kind}${path}${name}`;
}

/**
 * `arn:P:ssm:REGION:ACCOUNT:parameter/NAME`: a name with a leading `/` does not double it.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html
 */
export function ssmParameterArn(name: string, region: string, account: string, partition = 'aws'): string {
  return `arn:${partition}:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`;
}

/** Whether an ARN (or the glob of one) is an SSM parameter's: `arn:PARTITION:ssm:REGION:ACCOUNT:parameter/…`. */
export function isParameterArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:ssm:[^:]*:[^:]*:parameter\//.test(arn);
}

/**
 * A Secrets Manager secret's ARN before AWS appends its random 6-character suffix: `?` matches one
 * character in IAM patterns, so the stand-in still falls under `secret:NAME-*` grants.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources
 */
export function secretsManagerStandInArn(name: string, region: string, account: string, partition = 'aws'): string {
  return `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}-??????`;
}

/** `arn:P:kms:REGION:ACCOUNT:key/KEY-ID`. https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN */
export function kmsKeyArn(keyId: string, region: string, account: string, partition = 'aws'): string {
  return `arn:${partition}:kms:${region}:${account}:key/${keyId}`;
}

/** `arn:P:kms:REGION:ACCOUNT:alias/NAME`, from the alias name as written (`alias/NAME`). */
export function kmsAliasArn(aliasName: string, region: string, account: string, partition = 'aws'): string {
  return `arn:${partition}:kms:${region}:${account}:${aliasName}`;
}

/**
 * The same ARN in another region (a Secrets Manager replica's ARN is its primary's with the
 * replica's region); returned unchanged when it has no region field to replace.
 */
export function withRegion(arn: string, region: string): string {
  const parts = arn.split(':');
  if (parts.length < 6) return arn;
  parts[3] = region;
  return parts.join(':');
}

/**
 * Whether a lookup's "name" is an ARN: Secrets Manager's `SecretId` and SSM's `Name` take a name or
 * an ARN (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html,
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html), and the
 * Terraform data sources pass `name` on as it is, so `name = x.master_user_secret[0].secret_arn` is
 * a lookup by ARN.
 */
export function isArnText(name: string): boolean {
  return name.startsWith('arn:');
}
