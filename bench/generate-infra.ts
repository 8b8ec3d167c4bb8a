import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface InfraSize {
  services: number;
  /** Secrets (SSM SecureStrings) per service. */
  secretsPerService: number;
  /** Extra managed policies per service, attached to its task role. */
  policiesPerService: number;
  vaultPolicies: number;
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

/**
 * Writes a synthetic but realistic infrastructure export into `dir`: per service a task role, an
 * execution role, managed policies, SSM SecureStrings under a customer key, a task definition and
 * a Vault policy + AppRole, plus a few broad roles (CI, admin) that make the graph interesting.
 */
export function generateInfra(dir: string, size: InfraSize): { files: number } {
  const roles: unknown[] = [];
  const policies: unknown[] = [];
  const parameters: unknown[] = [];
  const ecsTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const accountTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
  const manifestSecrets: string[] = [];
  mkdirSync(join(dir, 'aws', 'ecs'), { recursive: true });
  mkdirSync(join(dir, 'vault', 'policies'), { recursive: true });
  mkdirSync(join(dir, 'vault', 'auth', 'approle', 'role'), { recursive: true });
  let files = 0;
  for (let s = 0; s < size.services; s++) {
    const name = `svc${s}`;
    const attached = [];
    for (let p = 0; p < size.policiesPerService; p++) {
      const arn = `arn:aws:iam::${ACCOUNT}:policy/${name}-p${p}`;
      attached.push({ PolicyName: `${name}-p${p}`, PolicyArn: arn });
      policies.push({
        PolicyName: `${name}-p${p}`, Arn: arn, DefaultVersionId: 'v1',
        PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [
          { Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${name}/*`, Condition: { StringEquals: { 'aws:ResourceTag/service': name } } },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-000000000001`, Condition: { StringEquals: { 'kms:ViaService': `ssm.${REGION}.amazonaws.com` } } },
          { Effect: 'Allow', Action: ['s3:GetObject'], Resource: `arn:aws:s3:::config-${ACCOUNT}/${name}/*` },
        ] } }],
      });
    }
    roles.push({ RoleName: `${name}-task`, Arn: `arn:aws:iam::${ACCOUNT}:role/${name}-task`, AssumeRolePolicyDocument: ecsTrust, RolePolicyList: [], AttachedManagedPolicies: attached, Tags: [{ Key: 'service', Value: name }] });
    roles.push({ RoleName: `${name}-exec`, Arn: `arn:aws:iam::${ACCOUNT}:role/${name}-exec`, AssumeRolePolicyDocument: ecsTrust, AttachedManagedPolicies: [], RolePolicyList: [{ PolicyName: 'fetch', PolicyDocument: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${name}/*` },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
    ] } }] });
    const secrets = [];
    for (let k = 0; k < size.secretsPerService; k++) {
      const parameter = `/${name}/secret${k}`;
      parameters.push({ Name: parameter, ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${parameter}`, Type: 'SecureString', KeyId: 'alias/app-secrets' });
      secrets.push({ name: `SECRET_${k}`, valueFrom: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${parameter}` });
      if (k === 0) manifestSecrets.push(`  - id: ${name}-secret0\n    ssm: ${parameter}\n    owners: [role/${name}-task, role/${name}-exec]`);
    }
    writeFileSync(join(dir, 'aws', 'ecs', `${name}.json`), JSON.stringify({ taskDefinition: {
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${name}:1`, family: name, revision: 1,
      taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-task`, executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-exec`,
      containerDefinitions: [{ name, image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:1`, environment: [{ name: 'LOG_LEVEL', value: 'info' }], secrets }],
    } }));
    files++;
  }
  for (let v = 0; v < size.vaultPolicies; v++) {
    const service = `svc${v % size.services}`;
    writeFileSync(join(dir, 'vault', 'policies', `p${v}.hcl`), `path "secret/data/${service}/*" {\n  capabilities = ["read", "list"]\n}\npath "secret/data/shared/+/config" {\n  capabilities = ["read"]\n}\npath "secret/data/${service}/admin" {\n  capabilities = ["deny"]\n}\n`);
    files++;
    if (v < size.services) {
      writeFileSync(join(dir, 'vault', 'auth', 'approle', 'role', `${service}.json`), JSON.stringify({ data: { bind_secret_id: true, secret_id_bound_cidrs: ['10.0.0.0/8'], token_policies: [`p${v}`], token_bound_cidrs: [] } }));
      files++;
    }
  }
  roles.push({ RoleName: 'ci-deploy', Arn: `arn:aws:iam::${ACCOUNT}:role/ci-deploy`, AssumeRolePolicyDocument: accountTrust, AttachedManagedPolicies: [], RolePolicyList: [{ PolicyName: 'deploy', PolicyDocument: { Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/svc1*-task`, Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
    { Effect: 'Allow', Action: ['ecs:RegisterTaskDefinition', 'ecs:RunTask'], Resource: '*' },
  ] } }] });
  roles.push({ RoleName: 'admin', Arn: `arn:aws:iam::${ACCOUNT}:role/admin`, AssumeRolePolicyDocument: accountTrust, AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], RolePolicyList: [] });
  mkdirSync(join(dir, 'aws', 'iam'), { recursive: true });
  mkdirSync(join(dir, 'aws', 'ssm'), { recursive: true });
  mkdirSync(join(dir, 'aws', 'kms'), { recursive: true });
  writeFileSync(join(dir, 'aws', 'iam', 'get-account-authorization-details.json'), JSON.stringify({ RoleDetailList: roles, UserDetailList: [], GroupDetailList: [], Policies: policies }));
  writeFileSync(join(dir, 'aws', 'ssm', 'describe-parameters.json'), JSON.stringify({ Parameters: parameters }));
  writeFileSync(join(dir, 'aws', 'kms', 'list-aliases.json'), JSON.stringify({ Aliases: [{ AliasName: 'alias/app-secrets', TargetKeyId: '00000000-0000-4000-8000-000000000001' }] }));
  writeFileSync(join(dir, 'aws', 'kms', '00000000-0000-4000-8000-000000000001.key-policy.json'), JSON.stringify({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] }) }));
  writeFileSync(join(dir, 'secret-scan.yaml'), `version: 1\naccounts:\n  default: "${ACCOUNT}"\n  region: ${REGION}\ntrusted: [role/admin]\nsecrets:\n${manifestSecrets.join('\n')}\n`);
  return { files: files + 5 };
}
