// The bench's account: 1,000 roles, 3,000 managed policies, 2,000 parameters, 300 buckets, 500 Vault policies.
import type { EmulatedWorld } from '../test/support/live-emulator.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const SIZE = { roles: 1000, policies: 3000, parameters: 2000, buckets: 300, vaultPolicies: 500 };

export function benchWorld(): EmulatedWorld {
  const doc = (resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: resource }] });
  return {
    accounts: [{
      id: ACCOUNT,
      authorizationDetails: {
        UserDetailList: [], GroupDetailList: [],
        RoleDetailList: Array.from({ length: SIZE.roles }, (_, i) => ({
          RoleName: `svc-${i}`, Arn: `arn:aws:iam::${ACCOUNT}:role/svc-${i}`, Path: '/', RoleId: `AROA${i}`, CreateDate: '2024-01-01T00:00:00Z',
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          RolePolicyList: [], InstanceProfileList: [], Tags: [],
          AttachedManagedPolicies: [0, 1, 2].map((k) => ({ PolicyName: `p-${i * 3 + k}`, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/p-${i * 3 + k}` })),
        })),
        Policies: Array.from({ length: SIZE.policies }, (_, i) => ({
          PolicyName: `p-${i}`, Arn: `arn:aws:iam::${ACCOUNT}:policy/p-${i}`, Path: '/', DefaultVersionId: 'v1', AttachmentCount: 1, IsAttachable: true,
          PolicyVersionList: [{ Document: doc(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/svc-${Math.floor(i / 3)}/*`), VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2024-01-01T00:00:00Z' }],
        })),
      },
      buckets: Array.from({ length: SIZE.buckets }, (_, i) => ({
        name: `bucket-${i}`, region: REGION,
        ...(i % 2 === 0 ? { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/svc-${i}` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` }] }) } : {}),
      })),
      regions: {
        [REGION]: {
          parameters: Array.from({ length: SIZE.parameters }, (_, i) => ({ Name: `/svc-${i % SIZE.roles}/p${i}`, ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/svc-${i % SIZE.roles}/p${i}`, Type: 'SecureString', KeyId: 'alias/aws/ssm', LastModifiedDate: '2024-01-01T00:00:00Z', Version: 1 })),
        },
      },
    }],
    vault: {
      token: 'bench',
      policies: Object.fromEntries(Array.from({ length: SIZE.vaultPolicies }, (_, i) => [`svc-${i}`, `path "secret/data/svc-${i}/*" {\n  capabilities = ["read"]\n}\n`])),
      auth: { 'token/': { type: 'token' } },
      mounts: { 'secret/': { type: 'kv', options: { version: '2' } } },
    },
  };
}

