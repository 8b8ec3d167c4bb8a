import { CfnUnknown, concatParts, isUnknown, NO_VALUE, type CfnValue } from './cfn-value.js';
import type { Evaluated, TemplateEvaluator } from './evaluate-template.js';

// What `Ref` and `Fn::GetAtt` return per resource type (each type's "Return values" section), e.g.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html#aws-resource-iam-role-return-values
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html#aws-resource-kms-key-return-values
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-secret.html#aws-resource-secretsmanager-secret-return-values

type Text = string | CfnUnknown;

/**
 * A name property, or the name CloudFormation generates when it is absent. A generated name is an
 * unknown whose glob (`*-LogicalId-*`) is also its identity: every reference to the resource gets
 * the same stand-in, and a policy pattern built from it still covers the real name.
 */
export function physicalName(ev: TemplateEvaluator, logicalId: string, key: string, generated: string, standIn = false): Text {
  const value = ev.property(logicalId, key);
  if (value === NO_VALUE) return new CfnUnknown(`name of ${logicalId} (no ${key}: CloudFormation generates one)`, generated, ev.stackLocal(generated));
  const text = asText(value, `${logicalId}.${key}`);
  // A secret named from a parameter is a pattern secret (docs/semantics.md#symbolic-unknowns): every reference to it carries
  // the stand-in «LogicalId», which grants on this very resource name and no other resource does.
  if (standIn && isUnknown(text) && text.identity === undefined && !text.alternatives) return new CfnUnknown(text.expression, text.pattern, secretStandIn(ev, logicalId));
  return text;
}

/** The stand-in name of a pattern secret (a name with unknown parts). */
export function secretStandIn(ev: TemplateEvaluator, logicalId: string): string {
  return ev.stackLocal(`\u00AB${logicalId}\u00BB`);
}

export function asText(value: Evaluated, what: string): Text {
  if (value === NO_VALUE) return new CfnUnknown(`${what} (absent)`);
  if (isUnknown(value)) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return new CfnUnknown(`${what} (not text)`);
}

/** Account as text: an unknown account keeps an empty identity, as ARNs from dumps without an account do. */
function accountText(ev: TemplateEvaluator): Text {
  const account = ev.account();
  return typeof account === 'string' ? account : new CfnUnknown(account.expression, '*', '');
}

/** IAM paths default to `/`. */
function iamPath(ev: TemplateEvaluator, logicalId: string): Text {
  const path = ev.property(logicalId, 'Path');
  return path === NO_VALUE ? '/' : asText(path, `${logicalId}.Path`);
}

/** `arn:PARTITION:iam::ACCOUNT:KIND PATH NAME`. */
function iamArn(ev: TemplateEvaluator, logicalId: string, kind: string, nameKey: string): Text {
  return concatParts([`arn:${ev.partition}:iam::`, accountText(ev), `:${kind}`, iamPath(ev, logicalId), iamName(ev, logicalId, nameKey)]);
}

function iamName(ev: TemplateEvaluator, logicalId: string, nameKey: string): Text {
  const name = physicalName(ev, logicalId, nameKey, `*-${logicalId}-*`);
  // A name written with unknown parts (`!Sub VaultInstanceRole-${SecurityGroup}`) still names this
  // very resource: every reference to it (`!Ref Role`, `!GetAtt Role.Arn`, `${Role}` in a `!Sub`)
  // carries the pattern the principal is reported under, so a key policy or trust policy naming the
  // template's own role names that principal, not an unknown one.
  if (isUnknown(name) && name.identity === undefined && !name.alternatives) return new CfnUnknown(name.expression, name.pattern, ev.stackLocal(name.pattern));
  return name;
}

/** The id CloudFormation assigns a KMS key: unknown before create, one stand-in per key. */
export function kmsKeyId(ev: TemplateEvaluator, logicalId: string): CfnUnknown {
  return new CfnUnknown(`key id of ${logicalId} (assigned at create)`, '*', ev.stackLocal(`<${logicalId}>`));
}

function regional(ev: TemplateEvaluator, service: string, resource: Text[]): Text {
  return concatParts([`arn:${ev.partition}:${service}:${ev.place.region}:`, accountText(ev), ':', ...resource]);
}

/** Secrets Manager appends `-` and six random characters to the name in the ARN. */
function secretArn(ev: TemplateEvaluator, logicalId: string): Text {
  const name = physicalName(ev, logicalId, 'Name', `${logicalId}-*`, true);
  const arn = regional(ev, 'secretsmanager', ['secret:', name, '-']);
  const pattern = `${typeof arn === 'string' ? arn : arn.pattern}??????`;
  const identity = typeof arn === 'string' ? `${arn}??????` : arn.identity === undefined ? undefined : `${arn.identity}??????`;
  return new CfnUnknown(`ARN of ${logicalId} (random suffix assigned at create)`, pattern, identity);
}

function ssmName(ev: TemplateEvaluator, logicalId: string): Text {
  return physicalName(ev, logicalId, 'Name', `CFN-${logicalId}-*`, true);
}

function bucketName(ev: TemplateEvaluator, logicalId: string): Text {
  return physicalName(ev, logicalId, 'BucketName', `*-${logicalId.toLowerCase()}-*`);
}

/** `Ref` of a resource: its name, ARN or id as the type's documentation says. */
export function resourceRef(ev: TemplateEvaluator, type: string, logicalId: string): CfnValue {
  switch (type) {
    case 'AWS::IAM::Role': return iamName(ev, logicalId, 'RoleName');
    case 'AWS::IAM::User': return iamName(ev, logicalId, 'UserName');
    case 'AWS::IAM::Group': return iamName(ev, logicalId, 'GroupName');
    case 'AWS::IAM::InstanceProfile': return iamName(ev, logicalId, 'InstanceProfileName');
    case 'AWS::IAM::ManagedPolicy': return iamArn(ev, logicalId, 'policy', 'ManagedPolicyName');
    case 'AWS::S3::Bucket': return bucketName(ev, logicalId);
    case 'AWS::KMS::Key':
    case 'AWS::KMS::ReplicaKey': return kmsKeyId(ev, logicalId);
    case 'AWS::KMS::Alias': return asText(ev.property(logicalId, 'AliasName'), `${logicalId}.AliasName`);
    case 'AWS::SSM::Parameter': return ssmName(ev, logicalId);
    case 'AWS::SecretsManager::Secret': return secretArn(ev, logicalId);
    // The ARN of the secret it attaches (AWS::SecretsManager::SecretTargetAttachment, "Return values"):
    // what the CDK hands on as a database's `secret`.
    case 'AWS::SecretsManager::SecretTargetAttachment': {
      const secret = asText(ev.property(logicalId, 'SecretId'), `${logicalId}.SecretId`);
      return typeof secret === 'string' && !secret.startsWith('arn:') ? regional(ev, 'secretsmanager', ['secret:', secret, '-??????']) : secret;
    }
    case 'AWS::ECS::TaskDefinition': {
      const family = physicalName(ev, logicalId, 'Family', `*-${logicalId}-*`);
      return new CfnUnknown(`ARN of ${logicalId} (revision assigned at create)`, textPattern(regional(ev, 'ecs', ['task-definition/', family, ':*'])));
    }
    default: return new CfnUnknown(`!Ref ${logicalId} (${type || 'no type'})`);
  }
}

/** `Fn::GetAtt` of a resource: the ARN and name attributes; others are unknown. */
export function resourceAttribute(ev: TemplateEvaluator, type: string, logicalId: string, attribute: string): CfnValue {
  const unknown = new CfnUnknown(`!GetAtt ${logicalId}.${attribute}`);
  switch (type) {
    case 'AWS::IAM::Role':
      if (attribute === 'Arn') return iamArn(ev, logicalId, 'role', 'RoleName');
      return unknown;
    case 'AWS::IAM::User':
      if (attribute === 'Arn') return iamArn(ev, logicalId, 'user', 'UserName');
      return unknown;
    case 'AWS::IAM::Group':
      if (attribute === 'Arn') return iamArn(ev, logicalId, 'group', 'GroupName');
      return unknown;
    case 'AWS::IAM::InstanceProfile':
      if (attribute === 'Arn') return iamArn(ev, logicalId, 'instance-profile', 'InstanceProfileName');
      return unknown;
    case 'AWS::IAM::ManagedPolicy':
      if (attribute === 'PolicyArn') return iamArn(ev, logicalId, 'policy', 'ManagedPolicyName');
      return unknown;
    case 'AWS::S3::Bucket':
      if (attribute === 'Arn') return concatParts([`arn:${ev.partition}:s3:::`, bucketName(ev, logicalId)]);
      return unknown;
    case 'AWS::KMS::Key':
    case 'AWS::KMS::ReplicaKey':
      if (attribute === 'Arn') return regional(ev, 'kms', ['key/', kmsKeyId(ev, logicalId)]);
      if (attribute === 'KeyId') return kmsKeyId(ev, logicalId);
      return unknown;
    case 'AWS::SSM::Parameter':
      if (attribute === 'Type') return asText(ev.property(logicalId, 'Type'), `${logicalId}.Type`);
      // `Value` is the stored value: never read, never echoed.
      return unknown;
    case 'AWS::SecretsManager::Secret':
      if (attribute === 'Id') return secretArn(ev, logicalId);
      return unknown;
    // With ManageMasterUserPassword, RDS keeps the password in a secret it names `rds!cluster-…` or
    // `rds!db-…` (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html).
    case 'AWS::RDS::DBCluster':
    case 'AWS::RDS::DBInstance':
      if (attribute === 'MasterUserSecret.SecretArn') {
        const arn = regional(ev, 'secretsmanager', [`secret:rds!${type === 'AWS::RDS::DBCluster' ? 'cluster' : 'db'}-*`]);
        const glob = typeof arn === 'string' ? arn : arn.pattern;
        // One secret, whose name RDS generates: its references are the same stand-in (docs/semantics.md#symbolic-unknowns).
        return new CfnUnknown(`!GetAtt ${logicalId}.${attribute} (the secret RDS creates)`, glob, glob.replace(/\*$/, secretStandIn(ev, logicalId)));
      }
      return unknown;
    default:
      return unknown;
  }
}

function textPattern(text: Text): string {
  return typeof text === 'string' ? text : text.pattern;
}
