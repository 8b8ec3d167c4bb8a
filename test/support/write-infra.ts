import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A tiny infrastructure export described in a test table, written out in the AWS CLI and Vault
 * shapes the loaders read (account 123456789012, us-east-1). Roles default to an ECS-tasks trust.
 */
export interface InfraSpec {
  roles?: { name: string; trust?: unknown; policy?: unknown; policies?: unknown[]; managed?: string[]; boundary?: string; tags?: Record<string, string>; instanceProfiles?: string[] }[];
  users?: { name: string; policy?: unknown; groups?: string[] }[];
  /** IAM groups (GroupDetailList): users name them in `groups`. */
  groups?: { name: string; policy?: unknown; managed?: string[] }[];
  managedPolicies?: Record<string, unknown>;
  buckets?: Record<string, unknown>;
  keys?: Record<string, { policy?: unknown; aliases?: string[]; manager?: 'AWS' | 'CUSTOMER' }>;
  parameters?: { name: string; type?: string; keyId?: string }[];
  secrets?: { name: string; suffix?: string; kmsKeyId?: string; policy?: unknown }[];
  tasks?: { family: string; taskRole?: string; executionRole?: string; environment?: Record<string, string>; secrets?: Record<string, string> }[];
  vaultPolicies?: Record<string, string>;
  vaultRoles?: Record<string, unknown>;
  files?: Record<string, string>;
  manifest?: string;
}

export const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ecsTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

/** Writes the export into `dir`; a scan of `dir` then sees exactly what the spec describes. */
export function writeInfra(dir: string, spec: InfraSpec): void {
  const put = (path: string, value: unknown): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };
  const inline = (policies: unknown[]): unknown[] => policies.map((document, i) => ({ PolicyName: i === 0 ? 'inline' : `inline${i + 1}`, PolicyDocument: document }));
  const attached = (arns: string[] = []): unknown[] => arns.map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn.startsWith('arn:') ? arn : `arn:aws:iam::${ACCOUNT}:policy/${arn}` }));
  put('aws/iam/get-account-authorization-details.json', {
    RoleDetailList: (spec.roles ?? []).map((r) => ({
      RoleName: r.name, Arn: `arn:aws:iam::${ACCOUNT}:role/${r.name}`, AssumeRolePolicyDocument: r.trust ?? ecsTrust,
      RolePolicyList: inline([...(r.policy ? [r.policy] : []), ...(r.policies ?? [])]), AttachedManagedPolicies: attached(r.managed),
      ...(r.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/${r.boundary}` } } : {}),
      Tags: Object.entries(r.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      InstanceProfileList: (r.instanceProfiles ?? []).map((name) => ({ InstanceProfileName: name, Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${name}`, Roles: [] })),
    })),
    UserDetailList: (spec.users ?? []).map((u) => ({
      UserName: u.name, Arn: `arn:aws:iam::${ACCOUNT}:user/${u.name}`, UserPolicyList: inline(u.policy ? [u.policy] : []), GroupList: u.groups ?? [], AttachedManagedPolicies: [],
    })),
    GroupDetailList: (spec.groups ?? []).map((g) => ({
      GroupName: g.name, Arn: `arn:aws:iam::${ACCOUNT}:group/${g.name}`, GroupPolicyList: inline(g.policy ? [g.policy] : []), AttachedManagedPolicies: attached(g.managed),
    })),
    Policies: Object.entries(spec.managedPolicies ?? {}).map(([name, document]) => ({
      PolicyName: name, Arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`, DefaultVersionId: 'v1',
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: document }],
    })),
  });
  for (const [bucket, policy] of Object.entries(spec.buckets ?? {})) put(`aws/s3/${bucket}.bucket-policy.json`, { Policy: JSON.stringify(policy) });
  const aliases: unknown[] = [];
  for (const [keyId, key] of Object.entries(spec.keys ?? {})) {
    if (key.policy) put(`aws/kms/${keyId}.key-policy.json`, { Policy: JSON.stringify(key.policy) });
    put(`aws/kms/describe-key-${keyId}.json`, { KeyMetadata: { AWSAccountId: ACCOUNT, KeyId: keyId, Arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`, KeyManager: key.manager ?? 'CUSTOMER' } });
    for (const alias of key.aliases ?? []) aliases.push({ AliasName: alias, TargetKeyId: keyId });
  }
  if (aliases.length > 0) put('aws/kms/list-aliases.json', { Aliases: aliases });
  if (spec.parameters) {
    put('aws/ssm/describe-parameters.json', { Parameters: spec.parameters.map((p) => ({ Name: p.name, ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${p.name.replace(/^\//, '')}`, Type: p.type ?? 'SecureString', ...(p.keyId ? { KeyId: p.keyId } : {}) })) });
  }
  for (const [i, secret] of (spec.secrets ?? []).entries()) {
    const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${secret.name}-${secret.suffix ?? 'AbCdEf'}`;
    put(`aws/secretsmanager/describe-secret-${i}.json`, { ARN: arn, Name: secret.name, ...(secret.kmsKeyId ? { KmsKeyId: secret.kmsKeyId } : {}) });
    if (secret.policy) put(`aws/secretsmanager/get-resource-policy-${i}.json`, { ARN: arn, Name: secret.name, ResourcePolicy: JSON.stringify(secret.policy) });
  }
  for (const task of spec.tasks ?? []) {
    put(`aws/ecs/${task.family}.json`, { taskDefinition: {
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${task.family}:1`, family: task.family, revision: 1,
      ...(task.taskRole ? { taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${task.taskRole}` } : {}),
      ...(task.executionRole ? { executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${task.executionRole}` } : {}),
      containerDefinitions: [{
        name: 'app', image: 'app:1',
        environment: Object.entries(task.environment ?? {}).map(([name, value]) => ({ name, value })),
        secrets: Object.entries(task.secrets ?? {}).map(([name, valueFrom]) => ({ name, valueFrom })),
      }],
    } });
  }
  for (const [name, text] of Object.entries(spec.vaultPolicies ?? {})) put(`vault/policies/${name}.hcl`, text);
  for (const [path, data] of Object.entries(spec.vaultRoles ?? {})) put(`vault/auth/${path.replace('/', '/role/')}.json`, { data });
  for (const [path, text] of Object.entries(spec.files ?? {})) put(path, text);
  put('secret-scan.yaml', spec.manifest ?? `version: 1\naccounts:\n  default: "${ACCOUNT}"\n`);
}
