import type { ContainerDefinition, KmsAlias, KmsKey, NamePattern, ParameterShare, SecretReplica, SecretsManagerSecret, SecretValueCopy, TaskDefinition, TaskEnvironmentVariable, TaskSecretReference } from '../../../model/inventory.js';
import { unknownReason } from '../../unknown-value.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isKnownMap, isUnknown, NO_VALUE, type CfnValue } from './cfn-value.js';
import { FragmentBuilder, globRegExp } from './fragment-builder.js';
import type { Evaluated } from './evaluate-template.js';
import { sourceOf, unresolvedIssue } from './policy-values.js';
import { resourceAttribute, resourceRef, secretStandIn } from './resource-names.js';
import { iamArn, isParameterArn, kmsAliasArn, secretsManagerStandInArn, ssmParameterArn } from '../../arns.js';
import { symbolicPrincipal } from '../../../model/unknowns.js';

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-alias.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucketpolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ssm-parameter.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-secret.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-resourcepolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-taskdefinition.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ram-resourceshare.html

/**
 * Maps the non-IAM resources that hold or guard secrets. Stored values (`AWS::SSM::Parameter.Value`,
 * `SecretString`, `GenerateSecretString`) are never read. A key without `KeyPolicy` gets the
 * default key policy CloudFormation applies (the account root, i.e. delegation to IAM).
 */
export function mapDataResource(b: FragmentBuilder, logicalId: string, type: string): boolean {
  switch (type) {
    // A replica of a multi-Region key is a key of its own, in its stack's Region, with its own
    // (required) key policy; its key ID is its primary's, which the template does not know either.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-replicakey.html
    case 'AWS::KMS::Key':
    case 'AWS::KMS::ReplicaKey': mapKey(b, logicalId, type); return true;
    case 'AWS::KMS::Alias': mapAlias(b, logicalId); return true;
    case 'AWS::S3::Bucket': {
      const name = b.text(resourceRef(b.ev, type, logicalId), b.propertyPointer(logicalId, 'BucketName'), 'the bucket is named by the pattern');
      if (name && !b.buckets.has(name.text)) b.buckets.set(name.text, { name: name.text, ...(b.account ? { account: b.account } : {}), source: b.resourceSource(logicalId) });
      return true;
    }
    case 'AWS::S3::BucketPolicy': mapBucketPolicy(b, logicalId); return true;
    case 'AWS::SSM::Parameter': mapParameter(b, logicalId); return true;
    case 'AWS::SecretsManager::RotationSchedule': mapRotationSchedule(b, logicalId); return true;
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster': return mapManagedMasterSecret(b, logicalId, type);
    case 'AWS::SecretsManager::Secret': mapSecret(b, logicalId); return true;
    case 'AWS::SecretsManager::ResourcePolicy': mapSecretPolicy(b, logicalId); return true;
    case 'AWS::ECS::TaskDefinition': mapTaskDefinition(b, logicalId); return true;
    case 'AWS::RAM::ResourceShare': return mapParameterShare(b, logicalId);
    default: return false;
  }
}

function mapKey(b: FragmentBuilder, logicalId: string, type: string): void {
  const keyId = b.ev.stackLocal(`<${logicalId}>`);
  const arnValue = resourceAttribute(b.ev, type, logicalId, 'Arn');
  const arn = isUnknown(arnValue) ? arnValue.identity ?? arnValue.pattern : String(arnValue);
  const assigned = type === 'AWS::KMS::ReplicaKey' ? 'its key id is its primary key\'s, which the template does not know' : 'its key id is assigned at create';
  b.issue(joinPointer('', 'Resources', logicalId), 'generatedName',
    `KMS key ${logicalId}: ${assigned}; it is reported as key/${keyId}, and grants in other inputs that name the deployed key id cannot be matched to it`);
  const raw = b.prop(logicalId, 'KeyPolicy');
  const defaultPolicy: CfnValue = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${b.ev.partition}:iam::${b.account || '*'}:root` }, Action: 'kms:*', Resource: '*' }],
  };
  const policy = b.policy(logicalId, ['KeyPolicy'], raw === NO_VALUE ? defaultPolicy : raw, `key/${keyId} key policy`, 'resource');
  const key: KmsKey = { keyId, arn, region: b.region, manager: 'CUSTOMER', source: b.resourceSource(logicalId) };
  if (b.account) key.account = b.account;
  if (policy) key.policy = policy;
  b.kmsKeys.push(key);
}

function mapAlias(b: FragmentBuilder, logicalId: string): void {
  const name = b.text(b.prop(logicalId, 'AliasName'), b.propertyPointer(logicalId, 'AliasName'), 'the alias is named by the pattern');
  if (!name) return;
  const alias: KmsAlias = { name: name.text, arn: kmsAliasArn(name.text, b.region, b.account, b.ev.partition), source: b.resourceSource(logicalId) };
  const target = b.text(b.prop(logicalId, 'TargetKeyId'), b.propertyPointer(logicalId, 'TargetKeyId'), 'the alias target is unknown: its key is not resolved');
  if (target?.exact) alias.targetKeyId = /:key\/(.+)$/.exec(target.text)?.[1] ?? target.text;
  b.kmsAliases.push(alias);
}

function mapBucketPolicy(b: FragmentBuilder, logicalId: string): void {
  const bucket = b.text(b.prop(logicalId, 'Bucket'), b.propertyPointer(logicalId, 'Bucket'), 'the policy is attached to every bucket of this template matching the pattern');
  if (!bucket) return;
  const names = bucket.exact ? [bucket.text] : [...b.buckets.keys()].filter((n) => globRegExp(bucket.text).test(n));
  for (const name of names) {
    const policy = b.policy(logicalId, ['PolicyDocument'], b.prop(logicalId, 'PolicyDocument'), `bucket/${name} bucket policy`, 'resource');
    const existing = b.buckets.get(name);
    if (existing) { if (policy) existing.policy = policy; continue; }
    b.buckets.set(name, { name, ...(policy ? { policy } : {}), source: b.resourceSource(logicalId) });
  }
}

/**
 * A secret or parameter whose Name holds an unknown (a parameter, `AWS::StackName`) is a pattern
 * secret (docs/semantics.md#symbolic-unknowns): reported under its logical id, read by whoever's grant could match its glob.
 */
function namePattern(b: FragmentBuilder, logicalId: string, what: string, arnOf: (glob: string) => string): NamePattern | undefined {
  const value = b.prop(logicalId, 'Name');
  if (!isUnknown(value) || value.alternatives) return undefined;
  const pointer = b.propertyPointer(logicalId, 'Name');
  b.issues.push(unresolvedIssue({ file: b.file, lineOf: b.lineOf }, pointer, value, `the ${what} is kept as the pattern secret ${logicalId} (${value.pattern})`));
  return { id: b.ev.stackLocal(logicalId), name: value.pattern, arn: arnOf(value.pattern), why: unknownReason(value, sourceOf({ file: b.file, lineOf: b.lineOf }, pointer)) };
}

function mapParameter(b: FragmentBuilder, logicalId: string): void {
  const parameterArn = (name: string): string => ssmParameterArn(name, b.region, b.account, b.ev.partition);
  const pattern = namePattern(b, logicalId, 'parameter', parameterArn);
  const name = b.text(resourceRef(b.ev, 'AWS::SSM::Parameter', logicalId), b.propertyPointer(logicalId, 'Name'), 'the parameter is named by the pattern');
  if (!name) return;
  const type = b.prop(logicalId, 'Type');
  b.ssmParameters.push({
    name: name.text,
    arn: parameterArn(name.text),
    // CloudFormation cannot create a SecureString; an unknown Type is one of the two plain types.
    type: type === 'StringList' ? 'StringList' : 'String',
    ...(pattern ? { pattern } : {}),
    source: b.resourceSource(logicalId),
  });
}

function mapSecret(b: FragmentBuilder, logicalId: string): void {
  const pattern = namePattern(b, logicalId, 'secret', (glob) => secretsManagerStandInArn(glob, b.region, b.account, b.ev.partition));
  const arnValue = resourceRef(b.ev, 'AWS::SecretsManager::Secret', logicalId);
  const arn = b.text(arnValue, b.propertyPointer(logicalId, 'Name'), 'the secret is named by the pattern');
  const nameValue = b.prop(logicalId, 'Name');
  const name = nameValue === NO_VALUE ? b.ev.stackLocal(`${logicalId}-*`) : pattern ? secretStandIn(b.ev, logicalId) : b.text(nameValue, b.propertyPointer(logicalId, 'Name'), 'the secret is named by the pattern')?.text;
  if (!arn || name === undefined) return;
  const secret: SecretsManagerSecret = { name, arn: arn.text, source: b.resourceSource(logicalId), ...(pattern ? { pattern } : {}) };
  const key = b.prop(logicalId, 'KmsKeyId');
  const keyText = b.text(key, b.propertyPointer(logicalId, 'KmsKeyId'), 'the secret\'s key is unknown: decryption is taken as possible');
  if (keyText) secret.kmsKeyId = keyText.text;
  const replicas = secretReplicas(b, logicalId);
  if (replicas.length > 0) secret.replicas = replicas;
  b.secrets.set(secret.arn, secret);
}

/**
 * A rotation schedule with `HostedRotationLambda` has the `AWS::SecretsManager` transform create a
 * rotation function, in a nested stack, whose role reads (and writes) the secret, and decrypts it with
 * `KmsKeyArn` when one is given
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-secretsmanager-rotationschedule-hostedrotationlambda.html).
 * That role is not in the template: one principal it cannot name stands for it, holding those
 * grants, so it reads conditionally. A schedule naming its own `RotationLambdaARN` adds nothing: that
 * function's role is wherever it is defined.
 */
function mapRotationSchedule(b: FragmentBuilder, logicalId: string): void {
  const hosted = b.prop(logicalId, 'HostedRotationLambda');
  if (hosted === NO_VALUE) return;
  const secret = b.text(b.prop(logicalId, 'SecretId'), b.propertyPointer(logicalId, 'SecretId'), 'the rotated secret is unknown: its rotation function may read any secret');
  const secretArn = secret ? (secret.text.startsWith('arn:') ? secret.text : secretsManagerStandInArn(secret.text, b.region, b.account, b.ev.partition)) : '*';
  const key = isKnownMap(hosted) && hosted['KmsKeyArn'] !== undefined ? b.text(hosted['KmsKeyArn'], joinPointer(b.propertyPointer(logicalId, 'HostedRotationLambda'), 'KmsKeyArn'), 'the key is unknown: the rotation function may decrypt with any') : undefined;
  const holder = b.symbolicHolder('role', `rotation function of ${logicalId} (HostedRotationLambda)`, b.resourceSource(logicalId));
  holder.inlinePolicies.push({
    id: `${holder.arn} (the role the AWS::SecretsManager transform creates)`,
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:UpdateSecretVersionStage'], Resource: secretArn },
        ...(key ? [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key.text }] : []),
      ],
    },
    source: b.resourceSource(logicalId),
  });
}

/**
 * With `ManageMasterUserPassword`, RDS keeps the master password in a Secrets Manager secret it
 * creates and names itself (`rds!db-…`, `rds!cluster-…`), under `MasterUserSecret.KmsKeyId` or the
 * AWS managed key (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html):
 * a secret of the report whether or not the template refers to it. A setting the template does not
 * decide may create it: it is taken as created. False (or absent) when RDS keeps no secret.
 */
function mapManagedMasterSecret(b: FragmentBuilder, logicalId: string, type: string): boolean {
  const manage = b.prop(logicalId, 'ManageMasterUserPassword');
  if (manage !== true && manage !== 'true' && !isUnknown(manage)) return false;
  const pointer = b.propertyPointer(logicalId, 'ManageMasterUserPassword');
  const arn = b.text(resourceAttribute(b.ev, type, logicalId, 'MasterUserSecret.SecretArn'), pointer, 'the secret RDS creates is named by the pattern');
  if (!arn) return false;
  const name = /:secret:(.+)$/.exec(arn.text)?.[1] ?? arn.text;
  const secret: SecretsManagerSecret = { name, arn: arn.text, source: b.resourceSource(logicalId) };
  const settings = b.prop(logicalId, 'MasterUserSecret');
  const key = isKnownMap(settings) ? settings['KmsKeyId'] : undefined;
  if (key !== undefined) {
    const keyText = b.text(key, joinPointer(b.propertyPointer(logicalId, 'MasterUserSecret'), 'KmsKeyId'), 'the secret\'s key is unknown: decryption is taken as possible');
    if (keyText) secret.kmsKeyId = keyText.text;
  }
  if (isUnknown(manage)) b.unresolved(pointer, manage, 'RDS is taken to keep the master password in a secret it creates');
  if (!b.secrets.has(secret.arn)) b.secrets.set(secret.arn, secret);
  return true;
}

/**
 * `ReplicaRegions` ({ Region, KmsKeyId }): each region the secret is copied to, with its key
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-secretsmanager-secret-replicaregion.html).
 * A region the template cannot resolve is a copy in an unknown region.
 */
function secretReplicas(b: FragmentBuilder, logicalId: string): SecretReplica[] {
  const replicas: SecretReplica[] = [];
  for (const item of b.list(b.prop(logicalId, 'ReplicaRegions'), b.propertyPointer(logicalId, 'ReplicaRegions'))) {
    const source = b.source(item.pointer);
    if (!isKnownMap(item.value)) {
      replicas.push({ region: '*', regionUnknown: isUnknown(item.value) ? unknownReason(item.value, source) : 'the replica entry cannot be read', source });
      continue;
    }
    const region = b.text(item.value['Region'] ?? NO_VALUE, joinPointer(item.pointer, 'Region'), 'the copy may be in any region: it is asked about conditionally');
    const replica: SecretReplica = region?.exact ? { region: region.text, source } : { region: '*', regionUnknown: region ? `Region is ${region.text}` : 'no Region given', source };
    const key = b.text(item.value['KmsKeyId'] ?? NO_VALUE, joinPointer(item.pointer, 'KmsKeyId'), 'the replica\'s key is unknown: decryption is taken as possible');
    if (key) replica.kmsKeyId = key.text;
    replicas.push(replica);
  }
  return replicas;
}

function mapSecretPolicy(b: FragmentBuilder, logicalId: string): void {
  const id = b.text(b.prop(logicalId, 'SecretId'), b.propertyPointer(logicalId, 'SecretId'), 'the policy is attached to every secret of this template matching the pattern');
  if (!id) return;
  const targets = [...b.secrets.values()].filter((s) => (id.exact ? s.arn === id.text || s.name === id.text : globRegExp(id.text).test(s.arn)));
  if (targets.length === 0 && id.exact) {
    const arn = id.text.startsWith('arn:') ? id.text : secretsManagerStandInArn(id.text, b.region, b.account, b.ev.partition);
    const name = id.text.startsWith('arn:') ? (id.text.split(':')[6] ?? id.text).replace(/-[A-Za-z0-9]{6}$/, '') : id.text;
    const stub: SecretsManagerSecret = { name, arn, source: b.resourceSource(logicalId) };
    b.secrets.set(arn, stub);
    targets.push(stub);
  }
  for (const secret of targets) {
    const policy = b.policy(logicalId, ['ResourcePolicy'], b.prop(logicalId, 'ResourcePolicy'), `secret/${secret.name} resource policy`, 'resource');
    if (policy) secret.policy = policy;
  }
}

/**
 * An AWS RAM share that holds SSM parameters (docs/semantics.md#ram-shares): its parameter ARNs
 * (`ResourceArns`; an unknown one counts where its pattern is a parameter's) and its consumers
 * (`Principals`; an unknown one is anyone, undecided). False for a share of anything else (subnets,
 * transit gateways), which is irrelevant.
 */
function mapParameterShare(b: FragmentBuilder, logicalId: string): boolean {
  const parameterArns = b.list(b.prop(logicalId, 'ResourceArns'), b.propertyPointer(logicalId, 'ResourceArns')).flatMap(({ value }) => {
    if (typeof value === 'string') return isParameterArn(value) ? [value] : [];
    if (isUnknown(value)) return isParameterArn(value.identity ?? value.pattern) ? [value.identity ?? value.pattern] : [];
    return [];
  });
  if (parameterArns.length === 0) return false;
  const share: ParameterShare = { name: logicalId, parameterArns, principals: [], source: b.resourceSource(logicalId) };
  for (const { value, pointer } of b.list(b.prop(logicalId, 'Principals'), b.propertyPointer(logicalId, 'Principals'))) {
    const source = b.source(pointer);
    // An account id written unquoted in YAML is a number, which CloudFormation reads as its digits.
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') share.principals.push({ principal: String(value), source });
    else if (isUnknown(value)) {
      b.unresolved(pointer, value, `the parameters ${logicalId} shares may be shared with anyone, conditionally`);
      share.principals.push({ principal: '*', undecided: unknownReason(value, source), source });
    }
  }
  b.parameterShares.push(share);
  return true;
}

function mapTaskDefinition(b: FragmentBuilder, logicalId: string): void {
  const familyValue = b.prop(logicalId, 'Family');
  const family = familyValue === NO_VALUE ? `*-${logicalId}-*` : b.text(familyValue, b.propertyPointer(logicalId, 'Family'), 'the family is shown as a pattern')?.text ?? logicalId;
  const task: TaskDefinition = { family, region: b.region, containers: [], source: b.resourceSource(logicalId) };
  if (b.account) task.account = b.account;
  // An item may itself be an `!If` on a condition the template does not settle: each branch is a
  // container (or none, for `AWS::NoValue`).
  const items = b.list(b.prop(logicalId, 'ContainerDefinitions'), b.propertyPointer(logicalId, 'ContainerDefinitions')).flatMap((item) => (isUnknown(item.value) ? b.list(item.value, item.pointer) : [item]));
  for (const item of items) {
    if (isUnknown(item.value)) {
      // A container the template does not show may receive any parameter or secret the execution role can fetch.
      b.unresolved(item.pointer, item.value, 'its containers may receive any parameter or secret the execution role can fetch (conditionally)');
      const source = b.source(item.pointer);
      task.containers.push({ name: '(containers not known)', environment: [], secrets: [{ name: '(any)', valueFrom: '*', valueFromUnknown: unknownReason(item.value, source), unseen: true, source }] });
      continue;
    }
    if (!isKnownMap(item.value)) continue;
    const container = item.value;
    const name = typeof container['Name'] === 'string' ? container['Name'] : String(task.containers.length);
    const environment: TaskEnvironmentVariable[] = [];
    for (const env of b.list(container['Environment'] ?? NO_VALUE, joinPointer(item.pointer, 'Environment'))) {
      if (!isKnownMap(env.value)) continue;
      const envName = variableName(env.value['Name']);
      const value = environmentValue(b, env.value['Value'], joinPointer(env.pointer, 'Value'), `${family}/${name}/${envName}`);
      environment.push({ name: envName, value: value.text, ...(value.secretMaterial !== undefined ? { secretMaterial: value.secretMaterial } : {}), ...(value.copyOf ? { copyOf: value.copyOf } : {}), source: b.source(env.pointer) });
    }
    const secrets: TaskSecretReference[] = [];
    for (const secret of b.list(container['Secrets'] ?? NO_VALUE, joinPointer(item.pointer, 'Secrets')).flatMap((s) => (isUnknown(s.value) ? b.list(s.value, s.pointer) : [s]))) {
      // An entry the template does not show (or the whole list): any secret the execution role can fetch, conditionally.
      const hidden = isUnknown(secret.value);
      const entry = isKnownMap(secret.value) ? secret.value : undefined;
      const written = hidden ? secret.value : entry?.['ValueFrom'] ?? NO_VALUE;
      const from = b.text(written, hidden ? secret.pointer : joinPointer(secret.pointer, 'ValueFrom'), 'the injected secret may be any parameter or secret its pattern names that the execution role can fetch (conditionally)');
      if (!from) continue;
      const reference: TaskSecretReference = { name: entry ? variableName(entry['Name']) : '(any)', valueFrom: hidden ? '*' : from.text, source: b.source(secret.pointer) };
      // Which secret is unknown: each one it may name is injected, if the execution role can fetch it, conditionally.
      if (!from.exact || hidden) reference.valueFromUnknown = isUnknown(written) ? unknownReason(written, reference.source) : from.text;
      if (hidden) reference.unseen = true;
      secrets.push(reference);
    }
    // Environment files: S3 objects (by ARN) whose lines become the container's environment.
    const environmentFiles: TaskSecretReference[] = [];
    for (const file of b.list(container['EnvironmentFiles'] ?? NO_VALUE, joinPointer(item.pointer, 'EnvironmentFiles'))) {
      if (!isKnownMap(file.value)) continue;
      const from = b.text(file.value['Value'] ?? NO_VALUE, joinPointer(file.pointer, 'Value'), 'the environment file may be any S3 object its pattern names that the execution role can fetch (conditionally)');
      if (!from) continue;
      const reference: TaskSecretReference = { name: `EnvironmentFiles[${environmentFiles.length}]`, valueFrom: from.text, source: b.source(file.pointer) };
      if (!from.exact) reference.valueFromUnknown = from.text;
      environmentFiles.push(reference);
    }
    const definition: ContainerDefinition = { name, environment, secrets, ...(environmentFiles.length > 0 ? { environmentFiles } : {}) };
    task.containers.push(definition);
  }
  // An `!If` between roles runs the task as either: one task definition per pair of roles.
  for (const taskRoleArn of taskRoleArns(b, logicalId, 'TaskRoleArn')) {
    for (const executionRoleArn of taskRoleArns(b, logicalId, 'ExecutionRoleArn')) {
      const each: TaskDefinition = { ...task };
      if (taskRoleArn !== undefined) each.taskRoleArn = taskRoleArn;
      if (executionRoleArn !== undefined) each.executionRoleArn = executionRoleArn;
      b.taskDefinitions.push(each);
    }
  }
}

/**
 * The role ARNs a task definition's `TaskRoleArn` or `ExecutionRoleArn` may be: the one it names
 * (ECS also takes a bare role name), each branch of an `!If` whose condition is unknown, and for a
 * value the template cannot resolve (a parameter without default) the one role the inputs cannot
 * name, `unknown:EXPRESSION`, which the graph reads through conditionally. `[undefined]` when absent.
 */
function taskRoleArns(b: FragmentBuilder, logicalId: string, key: 'TaskRoleArn' | 'ExecutionRoleArn'): (string | undefined)[] {
  const value = b.prop(logicalId, key);
  const pointer = b.propertyPointer(logicalId, key);
  const arns = new Set<string>();
  const options: Evaluated[] = isUnknown(value) && value.alternatives ? value.alternatives : [value];
  for (const option of options) {
    if (isUnknown(option) && option.identity === undefined) {
      const arn = symbolicPrincipal(option.expression);
      b.unresolved(pointer, option, `the task runs as one role the inputs cannot name, ${arn}, read through conditionally`);
      arns.add(arn);
      continue;
    }
    const role = b.text(option, pointer, 'the role is shown as a pattern');
    if (role) arns.add(role.text.startsWith('arn:') ? role.text : iamArn(b.account, 'role', role.text, '/', b.ev.partition));
  }
  return arns.size > 0 ? [...arns] : [undefined];
}

/** A variable's name as the container sees it; one the template does not settle is shown as its expression (what it holds still counts). */
function variableName(value: CfnValue | undefined): string {
  if (typeof value === 'string') return value;
  return isUnknown(value) ? `\${${value.expression}}` : '';
}

/**
 * A plaintext environment value as the task definition will hold it. A value that is a secret at
 * deploy time (a NoEcho parameter, a `{{resolve:secretsmanager:…}}` or `ssm-secure` dynamic
 * reference) lands in the task definition in plaintext, where whoever may describe it reads it
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html): it is
 * secret material (`secretMaterial`, a `task-env` secret), never echoed, and `secretInEnvironment` says so.
 */
function environmentValue(b: FragmentBuilder, value: CfnValue | undefined, pointer: string, id: string): { text: string; secretMaterial?: string; copyOf?: SecretValueCopy } {
  // An unknown built around a dynamic reference (`!Sub "{{resolve:secretsmanager:${Secret}:…}}"`) keeps its text in its pattern.
  const written = typeof value === 'string' ? value : isUnknown(value) ? `${value.expression} ${value.pattern}` : undefined;
  const copyOf = written === undefined ? undefined : dynamicReferenceCopy(written);
  // A String parameter's value: a copy, with readers where it lands, but not a secret by itself.
  if (copyOf?.via.startsWith('{{resolve:ssm:')) return { text: '', copyOf };
  if (written !== undefined && (DEPLOY_TIME_SECRET.test(written) || (isUnknown(value) && /NoEcho/.test(written)))) {
    const shown = (typeof value === 'string' || !isUnknown(value) ? written : DEPLOY_TIME_SECRET.test(value.expression) || !DEPLOY_TIME_SECRET.test(value.pattern) ? value.expression : value.pattern).replace(/(\{\{resolve:[^:}]+:[^:}]+)[^}]*\}\}/g, '$1…}}');
    b.issue(pointer, 'secretInEnvironment', `${id}: the environment receives a secret (${shown}) and the task definition holds it in plaintext; its value is not known and never echoed`);
    return { text: '', secretMaterial: `a secret CloudFormation writes into the task definition at deploy (${/NoEcho/.test(written) ? 'a NoEcho parameter' : 'a dynamic reference'})`, ...(copyOf ? { copyOf } : {}) };
  }
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value) };
  return { text: '' };
}

/**
 * The stored secret a dynamic reference in a value reads: `{{resolve:secretsmanager:ID:…}}`, whose
 * ID is a name or a whole ARN (colons and all), `{{resolve:ssm-secure:NAME:VERSION}}` and
 * `{{resolve:ssm:NAME:VERSION}}` (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html).
 */
function dynamicReferenceCopy(text: string): SecretValueCopy | undefined {
  const match = /\{\{resolve:(secretsmanager|ssm-secure|ssm):([^}]*)\}\}/.exec(text);
  const [via = '', kind, rest = ''] = match ?? [];
  if (!match || rest === '') return undefined;
  if (kind === 'secretsmanager') {
    const fields = rest.split(':');
    const ref = rest.startsWith('arn:') ? fields.slice(0, 7).join(':') : fields[0] ?? '';
    return ref === '' ? undefined : { service: 'secretsmanager', ref, via };
  }
  return { service: 'ssm', ref: rest.replace(/:\d+$/, ''), via };
}

/** A dynamic reference to a Secrets Manager secret or a SecureString parameter. */
const DEPLOY_TIME_SECRET = /\{\{resolve:(secretsmanager|ssm-secure):/;

