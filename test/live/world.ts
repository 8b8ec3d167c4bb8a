// A small organization for the live-mode tests: two accounts (the base one and one reached by
// AssumeRole), every kind of AWS-held secret, and a Vault. The same world is served by the
// emulator (live scan) and written as AWS CLI / Vault dumps (file scan), so the two must agree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EmulatedWorld } from '../support/live-emulator.js';

export const A = '111111111111';
export const B = '222222222222';
export const REGION = 'us-east-1';
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const trustEcs = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const allow = (action: string | string[], resource: string | string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

function role(account: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    Path: '/', RoleName: name, RoleId: `AROA${name.toUpperCase().replace(/[^A-Z]/g, '')}`, Arn: `arn:aws:iam::${account}:role/${name}`,
    CreateDate: '2024-01-01T00:00:00Z', AssumeRolePolicyDocument: trustEcs, InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [], Tags: [],
    ...extra,
  };
}

/** The world both scans read. */
export function buildWorld(): EmulatedWorld {
  return {
    baseAccount: A,
    accounts: [
      {
        id: A,
        authorizationDetails: {
          UserDetailList: [{
            Path: '/', UserName: 'auditor', UserId: 'AIDAAUDITOR', Arn: `arn:aws:iam::${A}:user/auditor`, CreateDate: '2024-01-01T00:00:00Z',
            GroupList: ['readers'], AttachedManagedPolicies: [], UserPolicyList: [], Tags: [],
          }],
          GroupDetailList: [{
            Path: '/', GroupName: 'readers', GroupId: 'AGPAREADERS', Arn: `arn:aws:iam::${A}:group/readers`, CreateDate: '2024-01-01T00:00:00Z',
            GroupPolicyList: [{ PolicyName: 'read-plain', PolicyDocument: allow('ssm:GetParameter', `arn:aws:ssm:${REGION}:${A}:parameter/prod/app/plain`) }],
            AttachedManagedPolicies: [],
          }],
          RoleDetailList: [
            role(A, 'app-task', { AttachedManagedPolicies: [{ PolicyName: 'app-read', PolicyArn: `arn:aws:iam::${A}:policy/app-read` }] }),
            role(A, 'app-exec', {
              RolePolicyList: [{ PolicyName: 'fetch-secrets', PolicyDocument: allow(['ssm:GetParameters', 'secretsmanager:GetSecretValue', 'kms:Decrypt'], [`arn:aws:ssm:${REGION}:${A}:parameter/prod/app/*`, `arn:aws:secretsmanager:${REGION}:${A}:secret:prod/app-db-*`, `arn:aws:kms:${REGION}:${A}:key/${KEY}`]) }],
            }),
            // Reads secrets only in the disaster-recovery region: prod/app-db through its replica there.
            role(A, 'dr-runbook', { RolePolicyList: [{ PolicyName: 'dr-read', PolicyDocument: allow('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-west-2:${A}:secret:*`) }] }),
            role(A, 'ci-deploy', {
              AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] },
              RolePolicyList: [{ PolicyName: 'deploy', PolicyDocument: allow(['ssm:GetParameter', 's3:GetObject'], '*') }],
            }),
          ],
          Policies: [{
            PolicyName: 'app-read', PolicyId: 'ANPAAPPREAD', Arn: `arn:aws:iam::${A}:policy/app-read`, Path: '/', DefaultVersionId: 'v2', AttachmentCount: 1, IsAttachable: true,
            CreateDate: '2024-01-01T00:00:00Z', UpdateDate: '2024-01-02T00:00:00Z',
            PolicyVersionList: [
              // v1 granted everything; only the default version v2 is in force.
              { Document: allow('*', '*'), VersionId: 'v1', IsDefaultVersion: false, CreateDate: '2024-01-01T00:00:00Z' },
              { Document: allow(['s3:GetObject', 'secretsmanager:GetSecretValue'], [`arn:aws:s3:::app-secrets/approles/*`, `arn:aws:secretsmanager:${REGION}:${A}:secret:prod/app-db-*`]), VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2024-01-02T00:00:00Z' },
            ],
          }],
        },
        buckets: [
          {
            name: 'app-secrets', region: REGION,
            policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-secrets/shared/*' }] }),
          },
          { name: 'app-logs', region: 'eu-west-1' },
        ],
        regions: {
          [REGION]: {
            parameters: [
              { Name: '/prod/app/db-pass', ARN: `arn:aws:ssm:${REGION}:${A}:parameter/prod/app/db-pass`, Type: 'SecureString', KeyId: 'alias/app', LastModifiedDate: '2024-01-01T00:00:00Z', Version: 3, Tier: 'Standard', DataType: 'text' },
              { Name: '/prod/app/plain', ARN: `arn:aws:ssm:${REGION}:${A}:parameter/prod/app/plain`, Type: 'String', LastModifiedDate: '2024-01-01T00:00:00Z', Version: 1, Tier: 'Standard', DataType: 'text' },
            ],
            secrets: [{
              ARN: `arn:aws:secretsmanager:${REGION}:${A}:secret:prod/app-db-AbCdEf`, Name: 'prod/app-db', KmsKeyId: `arn:aws:kms:${REGION}:${A}:key/${KEY}`, LastChangedDate: '2024-01-01T00:00:00Z',
              // Replicated to us-west-2 under that region's AWS managed key (DescribeSecret only).
              ReplicationStatus: [{ Region: 'us-west-2', KmsKeyId: 'alias/aws/secretsmanager', Status: 'InSync', StatusMessage: 'Replication succeeded' }],
              ResourcePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${B}:role/reporting`, `arn:aws:iam::${B}:role/analyst`] }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }),
            }],
            keys: [{
              KeyMetadata: { AWSAccountId: A, KeyId: KEY, Arn: `arn:aws:kms:${REGION}:${A}:key/${KEY}`, KeyManager: 'CUSTOMER', KeyState: 'Enabled', Enabled: true, KeyUsage: 'ENCRYPT_DECRYPT', CreationDate: '2024-01-01T00:00:00Z' },
              Policy: JSON.stringify({ Version: '2012-10-17', Statement: [
                { Sid: 'Delegate', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
                { Sid: 'Reporting', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${B}:role/reporting`, `arn:aws:iam::${B}:role/analyst`] }, Action: 'kms:Decrypt', Resource: '*' },
              ] }),
              // ci-deploy may fetch every parameter but holds no kms:Decrypt of its own: this grant is
              // what lets it decrypt the SecureString (read live with ListGrants).
              Grants: [{
                GrantId: 'f3c1a0e2b9d84c7e6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f', Name: 'ci-debug', CreationDate: '2024-02-01T00:00:00Z',
                GranteePrincipal: `arn:aws:iam::${A}:role/ci-deploy`, IssuingAccount: `arn:aws:iam::${A}:root`, Operations: ['Decrypt', 'DescribeKey'],
              }],
            }],
            aliases: [{ AliasName: 'alias/app', AliasArn: `arn:aws:kms:${REGION}:${A}:alias/app`, TargetKeyId: KEY }],
            taskDefinitions: [{
              taskDefinitionArn: `arn:aws:ecs:${REGION}:${A}:task-definition/app:3`, family: 'app', revision: 3, status: 'ACTIVE',
              taskRoleArn: `arn:aws:iam::${A}:role/app-task`, executionRoleArn: `arn:aws:iam::${A}:role/app-exec`,
              containerDefinitions: [{
                name: 'web', image: 'app:latest', essential: true,
                environment: [{ name: 'DB_URL', value: 'postgres://app:Xk9mPq2vLw@db.internal:5432/app' }, { name: 'LOG_LEVEL', value: 'info' }],
                secrets: [
                  { name: 'DB_PASS', valueFrom: `arn:aws:ssm:${REGION}:${A}:parameter/prod/app/db-pass` },
                  { name: 'DB', valueFrom: `arn:aws:secretsmanager:${REGION}:${A}:secret:prod/app-db-AbCdEf` },
                ],
              }],
            }],
          },
        },
      },
      {
        id: B,
        authorizationDetails: {
          UserDetailList: [], GroupDetailList: [], Policies: [],
          // Both may read A's secret by their own and its policies; the SCP over B's OU leaves it to reporting.
          RoleDetailList: ['reporting', 'analyst'].map((name) => role(B, name, {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            RolePolicyList: [{ PolicyName: 'read-a', PolicyDocument: allow(['secretsmanager:GetSecretValue', 'kms:Decrypt'], '*') }],
          })),
        },
        buckets: [],
        regions: {},
      },
    ],
    // A is the management account (the root's ARN names it: SCPs never apply to it); B sits in OU
    // `apps`, whose SCP lets only `reporting` read Secrets Manager values.
    organizations: {
      rootId: 'r-emul',
      ous: [{ id: 'ou-emul-apps', parentId: 'r-emul', name: 'apps' }],
      accounts: [{ id: A, parentId: 'r-emul' }, { id: B, parentId: 'ou-emul-apps' }],
      policies: [
        { id: 'p-FullAWSAccess', name: 'FullAWSAccess', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
        { id: 'p-onlyreporting', name: 'only-reporting-reads-secrets', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyReporting', Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/reporting' } } }] }) },
      ],
      targets: { 'r-emul': ['p-FullAWSAccess'], 'ou-emul-apps': ['p-FullAWSAccess', 'p-onlyreporting'], [A]: ['p-FullAWSAccess'], [B]: ['p-FullAWSAccess'] },
    },
    vault: {
      token: 'emulated-token',
      policies: {
        app: 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n',
        ci: 'path "secret/data/*" {\n  capabilities = ["read", "list"]\n}\npath "secret/data/app/db" {\n  capabilities = ["read"]\n}\n',
      },
      auth: {
        'token/': { type: 'token' },
        'approle/': { type: 'approle', roles: { ci: { bind_secret_id: false, secret_id_bound_cidrs: null, token_bound_cidrs: [], token_policies: ['ci'], policies: ['ci'], token_no_default_policy: false } } },
        'aws/': { type: 'aws', roles: { 'app-task': { auth_type: 'iam', bound_iam_principal_arn: [`arn:aws:iam::${A}:role/app-task`], token_policies: ['app'], policies: ['app'], resolve_aws_unique_ids: true } } },
        // A CI system's OIDC tokens log in here: readers no AWS input lists.
        'jwt/': { type: 'jwt', roles: { deploy: { role_type: 'jwt', bound_audiences: ['https://github.com/acme'], bound_subject: '', bound_claims: { repository: 'acme/app' }, user_claim: 'actor', token_policies: ['ci'], policies: ['ci'], token_bound_cidrs: [], token_no_default_policy: false } } },
      },
      mounts: { 'secret/': { type: 'kv', options: { version: '2' } }, 'sys/': { type: 'system' }, 'cubbyhole/': { type: 'cubbyhole' } },
      // The on-call humans' group holds the app policy: its members read app secrets, whatever they log in with.
      identity: {
        group: { oncall: { id: 'c2f8e1a0-emul', name: 'oncall', type: 'external', policies: ['app'], member_entity_ids: [], member_group_ids: [] } },
        // A CI bot's entity: its alias on the AppRole mount is named by the role's role_id, login
        // material that a live read must never keep.
        entity: { 'ci-bot': { id: 'b07e11a5-emul', name: 'ci-bot', policies: ['app'], aliases: [{ mount_path: 'auth/approle/', mount_type: 'approle', name: APPROLE_ALIAS_ROLE_ID }] } },
      },
    },
  };
}

/** The role_id an entity alias names (world.vault.identity.entity): no snapshot or report may hold it. */
export const APPROLE_ALIAS_ROLE_ID = 'e5d1c0de-77aa-4f3b-9c21-live-role-id';

/** The manifest both scans use. */
export const MANIFEST = `version: 1
accounts:
  default: "${A}"
  region: ${REGION}
secrets:
  - id: app-db-pass
    ssm: /prod/app/db-pass
    owners: [role/app-task]
  - id: app-db
    secretsmanager: prod/app-db
    owners: [role/app-task]
  - id: app-vault-db
    vault: secret/app/db
    kv_version: 2
    owners: [role/app-task]
  - id: app-approle
    s3: s3://app-secrets/approles/app.json
    owners: [role/app-task]
`;

/**
 * The world as the AWS CLI and Vault CLI would dump it (the file names of README "Inputs"), for the file scan:
 * `get-account-authorization-details`, `get-bucket-policy`, `describe-parameters`,
 * `list-secrets` with resource policies, `describe-key`, `get-key-policy`, `list-aliases`,
 * `describe-task-definition`, Vault policies and role reads.
 */
export function writeCliDumps(world: EmulatedWorld, dir: string): void {
  const put = (path: string, value: unknown): void => {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };
  for (const account of world.accounts) {
    put(`aws/${account.id}/iam/get-account-authorization-details.json`, account.authorizationDetails);
    for (const bucket of account.buckets ?? []) if (bucket.policy) put(`aws/${account.id}/s3/${bucket.name}.bucket-policy.json`, { Policy: bucket.policy });
    for (const [region, r] of Object.entries(account.regions ?? {})) {
      if (r.parameters?.length) put(`aws/${account.id}/${region}/ssm/describe-parameters.json`, { Parameters: r.parameters });
      if (r.secrets?.length) put(`aws/${account.id}/${region}/secretsmanager/list-secrets.json`, { SecretList: r.secrets.map((s) => ({ ...s, ...(typeof s['ResourcePolicy'] === 'string' ? { ResourcePolicy: JSON.parse(s['ResourcePolicy']) as unknown } : {}) })) });
      if (r.aliases?.length) put(`aws/${account.id}/${region}/kms/list-aliases.json`, { Aliases: r.aliases });
      for (const key of r.keys ?? []) {
        put(`aws/${account.id}/${region}/kms/describe-key-${String(key.KeyMetadata['KeyId'])}.json`, { KeyMetadata: key.KeyMetadata });
        if (key.Policy) put(`aws/${account.id}/${region}/kms/${String(key.KeyMetadata['KeyId'])}.key-policy.json`, { Policy: key.Policy, PolicyName: 'default' });
        if (key.Grants) put(`aws/${account.id}/${region}/kms/list-grants-${String(key.KeyMetadata['KeyId'])}.json`, { Grants: key.Grants.map((g) => ({ KeyId: key.KeyMetadata['Arn'], ...g })), Truncated: false });
      }
      for (const td of r.taskDefinitions ?? []) put(`aws/${account.id}/${region}/ecs/${String(td['family'])}-${String(td['revision'])}.json`, { taskDefinition: td });
    }
  }
  const org = world.organizations;
  if (org) {
    // aws organizations list-roots / list-parents / describe-policy / list-targets-for-policy (organizations.ts names).
    put('aws/organizations/list-roots.json', { Roots: [{ Id: org.rootId, Arn: `arn:aws:organizations::${world.accounts[0]?.id ?? ''}:root/o-emul/${org.rootId}`, Name: 'Root' }] });
    for (const child of [...org.ous, ...org.accounts]) put(`aws/organizations/${child.id}.parents.json`, { Parents: [{ Id: child.parentId, Type: child.parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] });
    for (const policy of org.policies) {
      put(`aws/organizations/${policy.id}.json`, { Policy: { PolicySummary: { Id: policy.id, Name: policy.name, Type: 'SERVICE_CONTROL_POLICY' }, Content: policy.content } });
      const targets = Object.entries(org.targets).filter(([, ids]) => ids.includes(policy.id)).map(([target]) => ({ TargetId: target, Type: target === org.rootId ? 'ROOT' : /^\d{12}$/.test(target) ? 'ACCOUNT' : 'ORGANIZATIONAL_UNIT' }));
      put(`aws/organizations/${policy.id}.targets.json`, { Targets: targets });
    }
  }
  if (world.vault) {
    for (const [name, text] of Object.entries(world.vault.policies)) put(`vault/policies/${name}.hcl`, text);
    for (const [kind, identities] of Object.entries(world.vault.identity ?? {})) {
      for (const [name, data] of Object.entries(identities ?? {})) put(`vault/identity/${kind}/name/${name}.json`, { data });
    }
    for (const [mount, auth] of Object.entries(world.vault.auth)) {
      for (const [name, data] of Object.entries(auth.roles ?? {})) put(`vault/auth/${mount}role/${name}.json`, { data });
    }
  }
  put('secret-scan.yaml', MANIFEST);
}
