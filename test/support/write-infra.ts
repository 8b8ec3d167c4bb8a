import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';

/**
 * A tiny infrastructure export described in a test table, written out in the AWS CLI and Vault
 * shapes the loaders read (account 123456789012, us-east-1). Roles default to an ECS-tasks trust.
 */
export interface InfraSpec {
  roles?: { name: string; path?: string; trust?: unknown; policy?: unknown; policies?: unknown[]; managed?: string[]; boundary?: string; tags?: Record<string, string>; instanceProfiles?: string[] }[];
  users?: { name: string; policy?: unknown; groups?: string[] }[];
  /** IAM groups (GroupDetailList): users name them in `groups`. */
  groups?: { name: string; policy?: unknown; managed?: string[] }[];
  managedPolicies?: Record<string, unknown>;
  buckets?: Record<string, unknown>;
  /** `grants`: ListGrants entries (KeyId added), written as `aws kms list-grants` output. */
  keys?: Record<string, { policy?: unknown; aliases?: string[]; manager?: 'AWS' | 'CUSTOMER'; grants?: Record<string, unknown>[] }>;
  parameters?: { name: string; type?: string; keyId?: string }[];
  /** `replicas`: describe-secret `ReplicationStatus` entries (`{ Region, KmsKeyId? }`). */
  secrets?: { name: string; suffix?: string; kmsKeyId?: string; policy?: unknown; replicas?: Record<string, unknown>[]; region?: string; primaryRegion?: string }[];
  tasks?: { family: string; taskRole?: string; executionRole?: string; environment?: Record<string, string>; secrets?: Record<string, string>; environmentFiles?: string[] }[];
  vaultPolicies?: Record<string, string>;
  /** `MOUNT/NAME` → the role's `vault read` data; `identity/group/NAME` (or `entity`) → the group's. */
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
      RoleName: r.name, Path: r.path ?? '/', Arn: `arn:aws:iam::${ACCOUNT}:role${r.path ?? '/'}${r.name}`, AssumeRolePolicyDocument: r.trust ?? ecsTrust,
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
    if (key.grants) put(`aws/kms/list-grants-${keyId}.json`, { Grants: key.grants.map((grant) => ({ KeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`, ...grant })), Truncated: false });
  }
  if (aliases.length > 0) put('aws/kms/list-aliases.json', { Aliases: aliases });
  if (spec.parameters) {
    put('aws/ssm/describe-parameters.json', { Parameters: spec.parameters.map((p) => ({ Name: p.name, ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${p.name.replace(/^\//, '')}`, Type: p.type ?? 'SecureString', ...(p.keyId ? { KeyId: p.keyId } : {}) })) });
  }
  for (const [i, secret] of (spec.secrets ?? []).entries()) {
    const arn = `arn:aws:secretsmanager:${secret.region ?? REGION}:${ACCOUNT}:secret:${secret.name}-${secret.suffix ?? 'AbCdEf'}`;
    put(`aws/secretsmanager/describe-secret-${i}.json`, {
      ARN: arn, Name: secret.name, ...(secret.kmsKeyId ? { KmsKeyId: secret.kmsKeyId } : {}), ...(secret.primaryRegion ? { PrimaryRegion: secret.primaryRegion } : {}),
      ...(secret.replicas ? { ReplicationStatus: secret.replicas.map((r) => ({ Status: 'InSync', ...r })) } : {}),
    });
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
        ...(task.environmentFiles ? { environmentFiles: task.environmentFiles.map((value) => ({ value, type: 's3' })) } : {}),
      }],
    } });
  }
  for (const [name, text] of Object.entries(spec.vaultPolicies ?? {})) put(`vault/policies/${name}.hcl`, text);
  for (const [path, data] of Object.entries(spec.vaultRoles ?? {})) put(vaultRoleDumpPath(path), { data });
  for (const [path, text] of Object.entries(spec.files ?? {})) put(path, text);
  put('secret-scan.yaml', spec.manifest ?? `version: 1\naccounts:\n  default: "${ACCOUNT}"\n`);
}

/**
 * Where a grant of the spec was written, as `FILE:LINE`, for tables that assert the source of each
 * step. `pointer` is a JSON pointer into the spec naming a statement (or the policy or setting that
 * opens the step): `/roles/0/policy/Statement/1`, `/roles/1/policies/0/Statement/0`,
 * `/roles/0/trust/Statement/0`, `/users/0/policy/Statement/0`, `/groups/0/policy/Statement/0`,
 * `/managedPolicies/NAME/Statement/0`, `/tasks/0/secrets/NAME`, `/tasks/0/environment/NAME`, `/tasks/0/environmentFiles/0`,
 * `/vaultRoles/MOUNT~1NAME` (`/vaultRoles/identity~1entity~1NAME/aliases/0`: a field of the dump). Bucket, key and secret policies are written as one JSON string, so
 * `/buckets/NAME`, `/keys/ID/policy` and `/secrets/0/policy` name that string's line; `/keys/ID/grants/0`
 * names a grant of `aws kms list-grants` output. The line is
 * found in the written file with jsonc-parser, independently of the scanner's own position reader.
 */
export function grantLocation(dir: string, spec: InfraSpec, pointer: string): string {
  const [file, path] = writtenAt(spec, pointer.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~')));
  const text = readFileSync(join(dir, file), 'utf8');
  const root = parseTree(text);
  const node = root ? findNodeAtLocation(root, path) : undefined;
  if (!node) throw new Error(`${pointer}: nothing written at ${file} ${JSON.stringify(path)}`);
  return `${file}:${text.slice(0, node.offset).split('\n').length}`;
}

/** The file and the JSON path inside it where writeInfra put the spec value at `segments`. */
function writtenAt(spec: InfraSpec, segments: string[]): [string, (string | number)[]] {
  const [kind, key, ...rest] = segments;
  const index = Number(key);
  const auth = 'aws/iam/get-account-authorization-details.json';
  const fail = (): never => {
    throw new Error(`/${segments.join('/')}: not a grant writeInfra writes`);
  };
  const tail = rest.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  switch (kind) {
    case 'roles': {
      const role = spec.roles?.[index] ?? fail();
      const [field, which, ...inner] = tail;
      if (field === 'trust') return [auth, ['RoleDetailList', index, 'AssumeRolePolicyDocument', ...[which, ...inner].filter((s) => s !== undefined)]];
      if (field === 'policy') return [auth, ['RoleDetailList', index, 'RolePolicyList', 0, 'PolicyDocument', ...[which, ...inner].filter((s) => s !== undefined)]];
      if (field === 'policies') return [auth, ['RoleDetailList', index, 'RolePolicyList', Number(which) + (role.policy ? 1 : 0), 'PolicyDocument', ...inner]];
      return fail();
    }
    case 'users':
    case 'groups': {
      const [field, ...inner] = tail;
      if (field !== 'policy') return fail();
      return kind === 'users' ? [auth, ['UserDetailList', index, 'UserPolicyList', 0, 'PolicyDocument', ...inner]] : [auth, ['GroupDetailList', index, 'GroupPolicyList', 0, 'PolicyDocument', ...inner]];
    }
    case 'managedPolicies':
      return [auth, ['Policies', Object.keys(spec.managedPolicies ?? {}).indexOf(key ?? ''), 'PolicyVersionList', 0, 'Document', ...tail]];
    case 'buckets':
      return [`aws/s3/${key}.bucket-policy.json`, ['Policy']];
    case 'keys':
      if (tail[0] === 'grants') return [`aws/kms/list-grants-${key}.json`, ['Grants', Number(tail[1])]];
      return [`aws/kms/${key}.key-policy.json`, ['Policy']];
    case 'secrets':
      return [`aws/secretsmanager/get-resource-policy-${index}.json`, ['ResourcePolicy']];
    case 'tasks': {
      const task = spec.tasks?.[index] ?? fail();
      const [field, name] = tail;
      if (field === 'environmentFiles') return [`aws/ecs/${task.family}.json`, ['taskDefinition', 'containerDefinitions', 0, field, Number(name)]];
      if (field !== 'secrets' && field !== 'environment') return fail();
      return [`aws/ecs/${task.family}.json`, ['taskDefinition', 'containerDefinitions', 0, field, Object.keys(task[field] ?? {}).indexOf(String(name))]];
    }
    case 'vaultRoles':
      return [vaultRoleDumpPath(key ?? ''), ['data', ...tail]];
    default:
      return fail();
  }
}

/** Where `vault read` output for a `vaultRoles` key goes: `MOUNT/NAME` → `vault/auth/MOUNT/role/NAME.json`, `identity/group/NAME` → `vault/identity/group/name/NAME.json`. */
function vaultRoleDumpPath(key: string): string {
  const identity = /^identity\/(group|entity)\/(.+)$/.exec(key);
  return identity ? `vault/identity/${identity[1]}/name/${identity[2]}.json` : `vault/auth/${key.replace('/', '/role/')}.json`;
}
