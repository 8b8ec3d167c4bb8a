// A whole organisation's export, generated deterministically from a seed: the shape of the
// org-scale issue (1,017 roles, 200 users, 3,000 customer managed policies with ~69,000 statements,
// 800 ECS task definitions, 300 bucket policies, 100 KMS keys, 2,000 declared secrets across SSM,
// Secrets Manager, S3 and Vault, 500 Vault policies, 800 Vault auth roles), written as the files the
// loaders read. `scale` multiplies every count; `shape` tilts the mix for the equality tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seededRandom } from '../test/support/seeded-random.js';

export type OrgShape = 'org' | 'wide' | 'wildcard' | 'resource';

export interface OrgOptions {
  seed: number;
  /** Multiplies every count (1 = the issue's org). */
  scale: number;
  /** 'org' is the issue's mix; 'wide' few broad grants; 'wildcard' many wildcard grants; 'resource' many resource policies. */
  shape?: OrgShape;
}

export interface OrgCounts {
  roles: number; users: number; policies: number; statements: number; services: number; buckets: number;
  keys: number; secrets: number; vaultPolicies: number; vaultRoles: number; files: number; bytes: number;
}

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const REGION = 'us-east-1';
// Dumps are written as the tools that make them write them, so that the bytes read (and the parse
// floor) are those of a real export: the AWS CLI's JSON output is `json.dump(response, indent=4)`
// (aws-cli `awscli/formatter.py`, JSONFormatter), `vault read -format=json` is
// `json.MarshalIndent(data, "", "  ")` (vault `command/format.go`). Policy documents embedded as
// strings keep the compact form `jsonencode` gives them.
const AWS_CLI_INDENT = 4;
const VAULT_CLI_INDENT = 2;

const prng = seededRandom;

/** Writes the org into `dir` and returns what it holds. */
export function generateOrg(dir: string, options: OrgOptions): OrgCounts {
  const random = prng(options.seed);
  const shape = options.shape ?? 'org';
  const n = (count: number): number => Math.max(1, Math.round(count * options.scale));
  const int = (max: number): number => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number): boolean => random() < p;

  const services = n(800);
  const teams = Math.max(2, n(60));
  const buckets = n(300);
  const keys = n(100);
  const policiesCount = n(3000);
  const statementsPerPolicy = shape === 'wide' ? 4 : 23;
  const users = n(200);
  const groups = Math.max(1, n(20));
  const otherRoles = Math.max(2, n(67)); // admin, CI, humans; with task and execution roles: 1,017 roles at 1×
  const execRoles = n(150);
  const vaultPolicies = n(500);
  const vaultRoles = n(800);
  const ssmSecrets = n(700);
  const smSecrets = n(500);
  const s3Secrets = n(300);
  const vaultSecrets = n(500);

  const counts: OrgCounts = { roles: 0, users, policies: policiesCount, statements: 0, services, buckets, keys, secrets: 0, vaultPolicies, vaultRoles, files: 0, bytes: 0 };
  const write = (path: string, text: string): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    counts.files++;
    counts.bytes += text.length;
  };

  const svc = (s: number): string => `svc${s}`;
  const team = (s: number): string => `team${s % teams}`;
  const keyId = (k: number): string => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
  const keyArn = (k: number): string => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId(k)}`;
  const bucket = (b: number): string => `cfg-${b}-${ACCOUNT}`;
  const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

  // Secrets: SSM parameters, Secrets Manager secrets, S3 objects, Vault paths, each owned by a service.
  const parameters: { Name: string; ARN: string; Type: string; KeyId: string }[] = [];
  const smList: Record<string, unknown>[] = [];
  const manifest: string[] = [];
  const valueFromOf = new Map<number, string[]>();
  const addValueFrom = (s: number, arn: string): void => { const list = valueFromOf.get(s) ?? []; list.push(arn); valueFromOf.set(s, list); };
  for (let i = 0; i < ssmSecrets; i++) {
    const s = i % services;
    const name = `/${team(s)}/${svc(s)}/secret${Math.floor(i / services)}`;
    const arn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;
    parameters.push({ Name: name, ARN: arn, Type: chance(0.9) ? 'SecureString' : 'String', KeyId: chance(0.8) ? `alias/k${i % keys}` : 'alias/aws/ssm' });
    addValueFrom(s, arn);
    manifest.push(`  - id: ssm-${i}\n    ssm: ${name}\n    owners: [role/${svc(s)}-task]`);
  }
  for (let i = 0; i < smSecrets; i++) {
    const s = (i * 7) % services;
    const name = `${team(s)}/${svc(s)}/db${Math.floor(i / services)}`;
    const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCd${String(i % 100).padStart(2, '0')}`;
    const entry: Record<string, unknown> = { ARN: arn, Name: name, KmsKeyId: keyArn(i % keys), Tags: [{ Key: 'team', Value: team(s) }] };
    if (chance(shape === 'resource' ? 0.8 : 0.2)) {
      entry['ResourcePolicy'] = JSON.stringify({ Version: '2012-10-17', Statement: [
        { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: roleArn(`${svc(s)}-task`) }, Action: 'secretsmanager:GetSecretValue', Resource: '*' },
        ...(chance(0.3) ? [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }] : []),
        ...(chance(0.5) ? [{ Sid: 'OnlyOwners', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringNotLike: { 'aws:PrincipalArn': [roleArn(`${svc(s)}-*`), roleArn('admin')] } } }] : []),
      ] });
    }
    smList.push(entry);
    addValueFrom(s, arn);
    manifest.push(`  - id: sm-${i}\n    secretsmanager: ${arn}\n    owners: [role/${svc(s)}-task]`);
  }
  for (let i = 0; i < s3Secrets; i++) {
    const s = (i * 13) % services;
    manifest.push(`  - id: s3-${i}\n    s3: s3://${bucket(i % buckets)}/${team(s)}/${svc(s)}/config.json\n    owners: [role/${svc(s)}-task]`);
  }
  for (let i = 0; i < vaultSecrets; i++) {
    const s = (i * 11) % services;
    manifest.push(`  - id: vault-${i}\n    vault: secret/data/${team(s)}/${svc(s)}/v${Math.floor(i / services)}\n    owners: [role/${svc(s)}-task]`);
  }
  counts.secrets = ssmSecrets + smSecrets + s3Secrets + vaultSecrets;

  // Statements: most about services that hold no secrets; secret reads are scoped by team or service,
  // a share widened by wildcards, most of them with conditions.
  const otherActions = ['ec2:Describe*', 'logs:CreateLogStream', 'logs:PutLogEvents', 'dynamodb:GetItem', 'dynamodb:Query', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'sns:Publish', 'cloudwatch:PutMetricData', 'xray:PutTraceSegments', 'ecr:GetAuthorizationToken', 'lambda:InvokeFunction', 'states:StartExecution', 'kinesis:PutRecord'];
  const wildcardShare = shape === 'wildcard' ? 0.6 : shape === 'wide' ? 0.05 : 0.25;
  const secretShare = shape === 'wide' ? 0.5 : 0.3;
  const statement = (owner: number): Record<string, unknown> => {
    const s = owner % services;
    const st: Record<string, unknown> = { Sid: `S${int(1e6)}`, Effect: chance(0.05) ? 'Deny' : 'Allow' };
    if (shape === 'wide' && chance(0.1)) {
      st['Action'] = pick(['ssm:*', 'secretsmanager:*', 's3:Get*', 'kms:*']);
      st['Resource'] = '*';
      if (st['Effect'] === 'Deny') st['Effect'] = 'Allow';
      return st;
    }
    if (!chance(secretShare)) {
      st['Action'] = [pick(otherActions), pick(otherActions)];
      st['Resource'] = chance(0.3) ? '*' : `arn:aws:${pick(['dynamodb', 'sqs', 'sns', 'logs'])}:${REGION}:${ACCOUNT}:${svc(s)}-${int(50)}`;
      if (chance(0.4)) st['Condition'] = { StringEquals: { 'aws:RequestedRegion': REGION } };
      return st;
    }
    const wild = chance(wildcardShare);
    const kind = int(4);
    if (kind === 0) {
      st['Action'] = wild ? pick(['ssm:Get*', 'ssm:GetParameter*', 'ssm:*']) : ['ssm:GetParameter', 'ssm:GetParameters'];
      st['Resource'] = wild ? pick([`arn:aws:ssm:*:${ACCOUNT}:parameter/${team(s)}/*`, `arn:aws:ssm:${REGION}:*:parameter/*/${svc(s)}/*`, `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${team(s)}/svc*`])
        : `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${team(s)}/${svc(s)}/*`;
    } else if (kind === 1) {
      st['Action'] = wild ? pick(['secretsmanager:Get*', 'secretsmanager:*']) : 'secretsmanager:GetSecretValue';
      st['Resource'] = wild ? `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${team(s)}/*` : `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${team(s)}/${svc(s)}/*`;
    } else if (kind === 2) {
      st['Action'] = wild ? 's3:Get*' : 's3:GetObject';
      st['Resource'] = wild ? `arn:aws:s3:::cfg-*-${ACCOUNT}/${team(s)}/*` : `arn:aws:s3:::${bucket(s % buckets)}/${team(s)}/${svc(s)}/*`;
    } else {
      st['Action'] = 'kms:Decrypt';
      st['Resource'] = wild ? `arn:aws:kms:${REGION}:${ACCOUNT}:key/*` : keyArn(s % keys);
    }
    const c = int(5);
    if (c === 0) st['Condition'] = { StringEquals: { 'aws:ResourceTag/team': team(s) } };
    else if (c === 1) st['Condition'] = { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } };
    else if (c === 2) st['Condition'] = { StringEquals: { 'aws:PrincipalTag/team': team(s) } };
    else if (c === 3 && kind === 3) st['Condition'] = { StringEquals: { 'kms:ViaService': [`ssm.${REGION}.amazonaws.com`, `secretsmanager.${REGION}.amazonaws.com`] } };
    return st;
  };

  const document = (owner: number, count: number): Record<string, unknown> =>
    ({ Version: '2012-10-17', Statement: Array.from({ length: count }, () => statement(owner)) });
  const policies: Record<string, unknown>[] = [];
  for (let p = 0; p < policiesCount; p++) {
    const name = `pol-${p}`;
    const count = Math.max(1, statementsPerPolicy + int(9) - 4);
    counts.statements += count;
    const current = document(p, count);
    // Earlier versions are in the dump too; only the default one counts.
    const versions = [{ VersionId: 'v2', IsDefaultVersion: true, Document: current }];
    if (chance(0.3)) versions.push({ VersionId: 'v1', IsDefaultVersion: false, Document: document(p, Math.max(1, count - 3)) });
    policies.push({ PolicyName: name, Arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`, DefaultVersionId: 'v2', AttachmentCount: 1, PolicyVersionList: versions });
  }
  const policyRef = (p: number): Record<string, string> => ({ PolicyName: `pol-${p % policiesCount}`, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/pol-${p % policiesCount}` });

  const ecsTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const accountTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
  const roles: Record<string, unknown>[] = [];
  let nextPolicy = 0;
  const attach = (count: number): Record<string, string>[] => Array.from({ length: count }, () => policyRef(nextPolicy++));
  for (let s = 0; s < services; s++) {
    roles.push({ RoleName: `${svc(s)}-task`, Arn: roleArn(`${svc(s)}-task`), AssumeRolePolicyDocument: ecsTrust, RolePolicyList: [], AttachedManagedPolicies: attach(3), Tags: [{ Key: 'team', Value: team(s) }] });
  }
  for (let e = 0; e < execRoles; e++) {
    roles.push({ RoleName: `exec-${e}`, Arn: roleArn(`exec-${e}`), AssumeRolePolicyDocument: ecsTrust, AttachedManagedPolicies: attach(1), RolePolicyList: [{ PolicyName: 'pull', PolicyDocument: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['ssm:GetParameters', 'secretsmanager:GetSecretValue'], Resource: [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${team(e)}/*`, `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${team(e)}/*`] },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:ViaService': ['ssm.*.amazonaws.com', 'secretsmanager.*.amazonaws.com'] } } },
    ] } }] });
  }
  for (let o = 0; o < otherRoles; o++) {
    const name = o === 0 ? 'admin' : o === 1 ? 'ci-deploy' : `human-${o}`;
    const inline = o === 1
      ? [{ PolicyName: 'deploy', PolicyDocument: { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn('svc1?-task'), Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
        { Effect: 'Allow', Action: ['ecs:RegisterTaskDefinition', 'ecs:RunTask'], Resource: '*' },
      ] } }]
      : [];
    const managed = o === 0 ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] : attach(o % 3);
    roles.push({ RoleName: name, Arn: roleArn(name), AssumeRolePolicyDocument: accountTrust, RolePolicyList: inline, AttachedManagedPolicies: managed, Tags: [{ Key: 'team', Value: team(o) }] });
  }
  counts.roles = roles.length;
  const groupList = Array.from({ length: groups }, (_, g) => ({ GroupName: `g${g}`, Arn: `arn:aws:iam::${ACCOUNT}:group/g${g}`, GroupPolicyList: [], AttachedManagedPolicies: attach(2) }));
  const userList = Array.from({ length: users }, (_, u) => ({
    UserName: `user${u}`, Arn: `arn:aws:iam::${ACCOUNT}:user/user${u}`, GroupList: [`g${u % groups}`], UserPolicyList: [], AttachedManagedPolicies: chance(0.3) ? attach(1) : [], Tags: [{ Key: 'team', Value: team(u) }],
  }));
  // Policies nobody attached yet go to the humans, so every statement is asked about.
  while (nextPolicy < policiesCount) {
    const human = roles[services + execRoles + 2 + (nextPolicy % Math.max(1, otherRoles - 2))] ?? roles[0]!;
    (human['AttachedManagedPolicies'] as unknown[]).push(policyRef(nextPolicy++));
  }
  write('aws/iam/get-account-authorization-details.json', JSON.stringify({ UserDetailList: userList, GroupDetailList: groupList, RoleDetailList: roles, Policies: policies }, null, AWS_CLI_INDENT));

  write('aws/ssm/describe-parameters.json', JSON.stringify({ Parameters: parameters }, null, AWS_CLI_INDENT));
  write('aws/secretsmanager/list-secrets.json', JSON.stringify({ SecretList: smList }, null, AWS_CLI_INDENT));
  write('aws/kms/list-aliases.json', JSON.stringify({ Aliases: Array.from({ length: keys }, (_, k) => ({ AliasName: `alias/k${k}`, TargetKeyId: keyId(k) })) }, null, AWS_CLI_INDENT));
  for (let k = 0; k < keys; k++) {
    const statements: unknown[] = [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }];
    if (shape === 'resource' || chance(0.3)) statements.push({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } } });
    if (chance(0.3)) statements.push({ Sid: 'NoHumans', Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': roleArn('human-*') } } });
    write(`aws/kms/${keyId(k)}.key-policy.json`, JSON.stringify({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }, null, AWS_CLI_INDENT));
  }
  for (let b = 0; b < buckets; b++) {
    const statements: unknown[] = [
      { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket(b)}`, `arn:aws:s3:::${bucket(b)}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ];
    const grants = shape === 'resource' ? 6 : 2;
    for (let g = 0; g < grants; g++) {
      const s = int(services);
      statements.push({ Sid: `Read${g}`, Effect: 'Allow', Principal: { AWS: chance(0.1) ? `arn:aws:iam::${OTHER}:root` : roleArn(`${svc(s)}-task`) }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket(b)}/${team(s)}/${chance(0.5) ? `${svc(s)}/` : ''}*` });
    }
    write(`aws/s3/${bucket(b)}.bucket-policy.json`, JSON.stringify({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }, null, AWS_CLI_INDENT));
  }
  for (let s = 0; s < services; s++) {
    write(`aws/ecs/${svc(s)}.json`, JSON.stringify({ taskDefinition: {
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${svc(s)}:1`, family: svc(s), revision: 1,
      taskRoleArn: roleArn(`${svc(s)}-task`), executionRoleArn: roleArn(`exec-${s % execRoles}`),
      containerDefinitions: [{ name: svc(s), image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${svc(s)}:1`, environment: [{ name: 'LOG_LEVEL', value: 'info' }],
        secrets: (valueFromOf.get(s) ?? []).map((valueFrom, i) => ({ name: `SECRET_${i}`, valueFrom })) }],
    } }, null, AWS_CLI_INDENT));
  }

  // Vault: policies per team with globs and `+`, auth roles naming a few of them.
  for (let v = 0; v < vaultPolicies; v++) {
    const t = team(v);
    const s = svc((v * 3) % services);
    const rules: [string, string[]][] = [[`secret/data/${t}/${s}/*`, ['read', 'list']], [`secret/data/${t}/+/shared`, ['read']]];
    if (shape === 'wildcard' || chance(0.3)) rules.push([`secret/data/${t}/*`, ['read']]);
    if (chance(0.2)) rules.push([`secret/data/${t}/${s}/admin`, ['deny']]);
    if (shape === 'wide' && chance(0.05)) rules.push(['secret/*', ['read', 'list']]);
    if (v % 2 === 0) write(`vault/policies/p${v}.hcl`, rules.map(([path, caps]) => `path "${path}" {\n  capabilities = [${caps.map((c) => `"${c}"`).join(', ')}]\n}\n`).join('\n'));
    else write(`vault/policies/p${v}.json`, JSON.stringify({ path: Object.fromEntries(rules.map(([path, caps]) => [path, { capabilities: caps }])) }, null, 1));
  }
  const credentials: string[] = [];
  for (let r = 0; r < vaultRoles; r++) {
    const policiesOfRole = [`p${r % vaultPolicies}`, ...(chance(0.3) ? [`p${int(vaultPolicies)}`] : [])];
    const s = r % services;
    if (r % 4 !== 3) {
      write(`vault/auth/approle/role/ar${r}.json`, JSON.stringify({ data: { bind_secret_id: true, secret_id_bound_cidrs: ['10.0.0.0/8'], token_policies: policiesOfRole, token_bound_cidrs: [] }, mount_type: 'approle' }, null, VAULT_CLI_INDENT));
      credentials.push(`  - approle: ar${r}\n    stored_in: ssm:${parameters[r % parameters.length]?.Name ?? '/none'}`);
    } else {
      write(`vault/auth/aws/role/aw${r}.json`, JSON.stringify({ data: { auth_type: 'iam', bound_iam_principal_arn: [chance(0.1) ? roleArn(`${team(s)}-*`) : roleArn(`${svc(s)}-task`)], token_policies: policiesOfRole, resolve_aws_unique_ids: true }, mount_type: 'aws' }, null, VAULT_CLI_INDENT));
    }
  }
  write('secret-scan.yaml', `version: 1\naccounts:\n  default: "${ACCOUNT}"\n  region: ${REGION}\ntrusted: [role/admin]\nsecrets:\n${manifest.join('\n')}\ncredentials:\n${credentials.join('\n')}\n`);
  return counts;
}
