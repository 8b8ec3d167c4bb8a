import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { builtCli, repoRoot } from '../e2e/cli-runner.js';
import type { Emulator, LoggedCall } from '../support/live-emulator.js';
import { MANIFEST } from './world.js';

export interface LiveRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI against the emulator as a nightly job would: credentials, region and
 * endpoint from the environment (the SDK's default chain and `AWS_ENDPOINT_URL`), Vault from
 * VAULT_ADDR / VAULT_TOKEN. Asynchronous, so the emulator in this process keeps answering.
 */
export function runLiveCli(args: string[], emulator: Emulator, env: Record<string, string> = {}): Promise<LiveRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli, ...args], {
      cwd: repoRoot,
      env: {
        PATH: process.env['PATH'] ?? '', HOME: mkdtempSync(join(tmpdir(), 'live-home-')), NO_COLOR: '1',
        AWS_ACCESS_KEY_ID: 'AKIDBASE', AWS_SECRET_ACCESS_KEY: 'emulated', AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: emulator.url, AWS_EC2_METADATA_DISABLED: 'true',
        VAULT_ADDR: emulator.url, VAULT_TOKEN: 'emulated-token',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A directory holding only the tests' manifest, for `--manifest`. */
export function manifestDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'live-manifest-'));
  writeFileSync(join(dir, 'secret-scan.yaml'), MANIFEST);
  return dir;
}

/** Parses the JSON report of a run, failing with its stderr when there is none. */
export function reportOf(run: LiveRun): Report {
  try {
    return JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${run.status}): ${run.stderr}`);
  }
}

/** What both scans must agree on: readers (with conditional), statuses, findings; not sources. */
export function answerView(report: Report): { secrets: Record<string, { status: string; readers: Record<string, boolean> }>; findings: string[] } {
  return {
    secrets: Object.fromEntries(report.secrets.map((s) => [s.id, { status: s.status, readers: Object.fromEntries(s.readers.map((r) => [r.principal, r.conditional])) }])),
    findings: report.findings.filter((f) => f.ruleId !== 'SS011').map((f) => `${f.ruleId} ${f.level} ${f.secret ?? '-'} ${f.principal ?? '-'}`).sort(),
  };
}

/**
 * Every operation live mode may call: list, describe and get-policy only (an object's ACL, never the object).
 * Value-reading operations (GetSecretValue, BatchGetSecretValue, GetParameter(s/ByPath/History),
 * kms:Decrypt, s3:GetObject, Vault secret paths, AppRole role-id/secret-id) must never appear.
 */
export const ALLOWED_OPERATIONS = new Set([
  'sts GetCallerIdentity', 'sts AssumeRole', 'iam GetAccountAuthorizationDetails',
  's3 ListBuckets', 's3 GetBucketLocation', 's3 GetBucketPolicy', 's3 GetObjectAcl', 's3 GetBucketOwnershipControls', 's3 GetPublicAccessBlock',
  'ssm DescribeParameters', 'ssm GetResourcePolicies', 'kms ListKeys', 'kms ListAliases', 'kms DescribeKey', 'kms GetKeyPolicy', 'kms ListGrants',
  'secretsmanager ListSecrets', 'secretsmanager GetResourcePolicy', 'secretsmanager DescribeSecret',
  'ecs ListTaskDefinitions', 'ecs DescribeTaskDefinition',
  'organizations ListRoots', 'organizations ListParents', 'organizations ListPoliciesForTarget', 'organizations DescribePolicy',
  'vault LIST sys/policies/acl', 'vault GET sys/policies/acl/:name', 'vault GET sys/auth', 'vault GET sys/mounts',
  'vault LIST auth/approle/role', 'vault GET auth/approle/role/:name', 'vault LIST auth/aws/role', 'vault GET auth/aws/role/:name',
  'vault LIST auth/jwt/role', 'vault GET auth/jwt/role/:name',
  'vault LIST identity/group/name', 'vault GET identity/group/name/:name', 'vault LIST identity/entity/name', 'vault GET identity/entity/name/:name',
]);

/** Calls outside the allow-list, e.g. `secretsmanager GetSecretValue`. */
export function disallowedCalls(log: readonly LoggedCall[]): string[] {
  return log.map((c) => `${c.service} ${c.operation}`).filter((op) => !ALLOWED_OPERATIONS.has(op));
}
