// Hand-built reports for the report-writer tests: realistic shapes of what the pipeline emits.
import type { ChainStep, Finding, Report, SecretReport } from '../../src/model/report.js';
import { fingerprintFinding } from '../../src/report/fingerprint.js';

const ACCOUNT = '123456789012';
const role = (name: string, account = ACCOUNT): string => `arn:aws:iam::${account}:role/${name}`;

function finding(f: Omit<Finding, 'fingerprint'>): Finding {
  return { ...f, fingerprint: fingerprintFinding(f) };
}

// --- Report 1: a file scan with an overexposed Vault path, a public S3 object, an unreachable SSM
// parameter, a plaintext task-env secret and a skipped Terraform file.
const ciToMyapp: ChainStep = {
  edge: 'assume-role', from: role('ci'), to: role('myapp'), conditional: true,
  source: { file: 'iam/roles/myapp.trust.json', line: 9, pointer: '/Statement/1' },
  detail: 'trust statement 1 (Sid CI) allows; aws:SourceIp cannot be decided offline',
};
const myappLogin: ChainStep = {
  edge: 'vault-login', from: role('myapp'), to: 'auth/aws/role/myapp',
  source: { file: 'vault/auth/aws/role/myapp.json', line: 3 }, detail: 'bound_iam_principal_arn matches',
};
const myappPolicy: ChainStep = {
  edge: 'vault-policy', from: 'auth/aws/role/myapp', to: 'secret/myapp',
  source: { file: 'vault/policies/myapp.hcl', line: 1, column: 1 }, detail: 'path "secret/myapp" grants read',
};
const publicRead: ChainStep = {
  edge: 'iam-read', from: '*', to: 's3://my-secrets-bucket/approles/myapp.json',
  source: { file: 'aws/s3/my-secrets-bucket.bucket-policy.json', line: 6 }, detail: 'bucket policy statement PublicRead allows s3:GetObject to *',
};
const ecsDescribe: ChainStep = {
  edge: 'ecs-describe', from: role('deployer'), to: 'web/app/DB_PASSWORD',
  source: { file: 'ecs/web.task-definition.json', line: 14 }, detail: 'ecs:DescribeTaskDefinition allowed by policy deployer-inline',
};

const fileSecrets: SecretReport[] = [
  {
    id: 'myapp-vault', kind: 'vault', resource: 'secret/myapp', origin: 'manifest',
    owners: [role('myapp')], status: 'overexposed', notes: ['KV version 1 assumed for secret/myapp'],
    readers: [
      { principal: role('ci'), role: 'unintended', conditional: true, via: [ciToMyapp, myappLogin, myappPolicy] },
      { principal: role('myapp'), role: 'owner', conditional: false, via: [myappLogin, myappPolicy] },
    ],
  },
  {
    id: 'myapp-approle-creds', kind: 's3', resource: 's3://my-secrets-bucket/approles/myapp.json', origin: 'manifest',
    owners: [role('myapp')], status: 'overexposed',
    readers: [{ principal: '*', role: 'unintended', conditional: false, via: [publicRead] }],
  },
  {
    id: 'app1-db-pass', kind: 'ssm', resource: 'prod.app1.db-pass', origin: 'manifest',
    owners: [role('prod-app1')], status: 'unreachable',
    readers: [{ principal: role('admin'), role: 'trusted', conditional: false, via: [{ edge: 'iam-read', from: role('admin'), to: 'prod.app1.db-pass', source: { file: 'iam/roles/admin.json', line: 4 } }] }],
  },
  {
    id: 'web/app/DB_PASSWORD', kind: 'task-env', resource: 'web/app/DB_PASSWORD', origin: 'discovered',
    owners: [], status: 'unowned',
    readers: [{ principal: role('deployer'), role: 'undeclared', conditional: false, via: [ecsDescribe] }],
  },
];

const fileFindings: Finding[] = [
  finding({
    ruleId: 'SS001', level: 'error', secret: 'myapp-vault', principal: role('ci'),
    message: `${role('ci')} can read secret myapp-vault (secret/myapp) but is neither an owner nor trusted. Chain: ${role('ci')} → ${role('myapp')} → auth/aws/role/myapp → secret/myapp`,
    locations: [ciToMyapp.source!], chain: [ciToMyapp, myappLogin, myappPolicy],
  }),
  finding({
    ruleId: 'SS001', level: 'error', secret: 'myapp-approle-creds', principal: '*',
    message: '* can read secret myapp-approle-creds (s3://my-secrets-bucket/approles/myapp.json) but is neither an owner nor trusted. Chain: * → s3://my-secrets-bucket/approles/myapp.json',
    locations: [publicRead.source!], chain: [publicRead],
  }),
  finding({
    ruleId: 'SS003', level: 'error', secret: 'myapp-approle-creds', principal: '*',
    message: 'Secret myapp-approle-creds (s3://my-secrets-bucket/approles/myapp.json) is readable by anyone (*). Chain: * → s3://my-secrets-bucket/approles/myapp.json',
    locations: [publicRead.source!], chain: [publicRead],
  }),
  finding({
    ruleId: 'SS005', level: 'error', secret: 'web/app/DB_PASSWORD',
    message: 'Task definition web, container app: environment variable DB_PASSWORD holds a plaintext secret (password in a connection string; value redacted).',
    locations: [{ file: 'ecs/web.task-definition.json', line: 14 }],
  }),
  finding({
    ruleId: 'SS002', level: 'warning', secret: 'app1-db-pass', principal: role('prod-app1'),
    message: `Owner ${role('prod-app1')} cannot read secret app1-db-pass (prod.app1.db-pass).`,
    locations: [{ file: 'secret-scan.yaml', line: 12 }],
  }),
  finding({
    ruleId: 'SS011', level: 'warning',
    message: 'terraform/broken.tf: HCL parse error at line 3: unexpected "}"',
    locations: [{ file: 'terraform/broken.tf', line: 3 }],
  }),
  finding({
    ruleId: 'SS010', level: 'note', secret: 'web/app/DB_PASSWORD',
    message: 'Secret web/app/DB_PASSWORD (web/app/DB_PASSWORD) has no declared owner.',
    locations: [{ file: 'ecs/web.task-definition.json' }],
  }),
];

export const fileReport: Report = {
  tool: { name: 'secret-scan', version: '0.1.0' },
  secrets: fileSecrets,
  findings: fileFindings,
  coverage: {
    loaded: ['aws/s3/my-secrets-bucket.bucket-policy.json', 'ecs/web.task-definition.json', 'iam/roles/admin.json', 'iam/roles/myapp.trust.json', 'secret-scan.yaml', 'vault/auth/aws/role/myapp.json', 'vault/policies/myapp.hcl'],
    skipped: [{ file: 'terraform/broken.tf', line: 3, reason: 'HCL parse error: unexpected "}"' }],
  },
};

// --- Report 2: a live scan (aws: and vault: sources), a cross-account reader and an open Vault
// AWS-auth role; no file locations except the manifest in one chain.
const liveIam: ChainStep = {
  edge: 'iam-read', from: 'arn:aws:iam::999999999999:root', to: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-key-AbCdEf',
  source: { file: 'aws:secretsmanager:us-east-1', pointer: 'prod/api-key/resource-policy' }, detail: 'resource policy delegates to account 999999999999',
};
const liveLogin: ChainStep = {
  edge: 'vault-login', from: `arn:aws:iam::${ACCOUNT}:root`, to: 'auth/aws/role/batch',
  source: { file: 'vault:https://vault.example.com:8200', pointer: 'auth/aws/role/batch' }, detail: 'ec2 role bound only by bound_account_id',
};
const livePolicy: ChainStep = {
  edge: 'vault-policy', from: 'auth/aws/role/batch', to: 'secret/data/batch',
  source: { file: 'secret-scan.yaml', line: 7 }, detail: 'policy batch grants read (declared in manifest)',
};

export const liveReport: Report = {
  tool: { name: 'secret-scan', version: '0.1.0' },
  secrets: [
    {
      id: 'api-key', kind: 'secretsmanager', resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-key-AbCdEf', origin: 'manifest',
      owners: [role('api')], status: 'overexposed',
      readers: [
        { principal: 'arn:aws:iam::999999999999:root', role: 'unintended', conditional: false, via: [liveIam] },
        { principal: role('api'), role: 'owner', conditional: true, via: [{ ...liveIam, from: role('api'), conditional: true, detail: 'aws:SourceVpce undecided' }] },
      ],
    },
    {
      id: 'batch-vault', kind: 'vault', resource: 'secret/data/batch', origin: 'discovered', owners: [], status: 'unowned',
      readers: [{ principal: `arn:aws:iam::${ACCOUNT}:root`, role: 'undeclared', conditional: false, via: [liveLogin, livePolicy] }],
    },
  ],
  findings: [
    finding({
      ruleId: 'SS001', level: 'error', secret: 'api-key', principal: 'arn:aws:iam::999999999999:root',
      message: 'arn:aws:iam::999999999999:root can read secret api-key (arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-key-AbCdEf) but is neither an owner nor trusted. Chain: arn:aws:iam::999999999999:root → arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-key-AbCdEf',
      locations: [liveIam.source!], chain: [liveIam],
    }),
    finding({
      ruleId: 'SS003', level: 'error', secret: 'api-key', principal: 'arn:aws:iam::999999999999:root',
      message: 'Secret api-key (arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-key-AbCdEf) is readable from another AWS account (arn:aws:iam::999999999999:root). Chain: arn:aws:iam::999999999999:root → arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-key-AbCdEf',
      locations: [liveIam.source!], chain: [liveIam],
    }),
    finding({
      ruleId: 'SS009', level: 'error', principal: `arn:aws:iam::${ACCOUNT}:root`,
      message: `Vault AWS auth role batch on mount aws is bound by account ${ACCOUNT} only: arn:aws:iam::${ACCOUNT}:root can log in.`,
      locations: [liveLogin.source!], chain: [liveLogin, livePolicy],
    }),
    finding({
      ruleId: 'SS011', level: 'warning',
      message: 'aws:kms:eu-west-1: kms:GetKeyPolicy denied (AccessDeniedException)',
      locations: [{ file: 'aws:kms:eu-west-1' }],
    }),
  ],
  coverage: { loaded: ['aws:iam:us-east-1', 'aws:secretsmanager:us-east-1', 'vault:https://vault.example.com:8200'], skipped: [{ file: 'aws:kms:eu-west-1', reason: 'kms:GetKeyPolicy denied' }] },
};

// --- Report 3: hostile ids (Markdown and table characters, a newline) and nothing wrong.
export const hostileId = 'evil|id*_`[x](http://e)<b>~y~\nFORGED';
export const cleanReport: Report = {
  tool: { name: 'secret-scan', version: '0.1.0' },
  secrets: [{
    id: hostileId, kind: 'ssm', resource: '/prod/evil', origin: 'manifest', owners: [role('evil')], status: 'ok',
    readers: [{ principal: role('evil'), role: 'owner', conditional: false, via: [{ edge: 'iam-read', from: role('evil'), to: '/prod/evil' }] }],
  }],
  findings: [],
  coverage: { loaded: ['secret-scan.yaml'], skipped: [] },
};

export const allReports: Record<string, Report> = { fileReport, liveReport, cleanReport };
