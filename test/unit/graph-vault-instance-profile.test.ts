import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/api/scan.js';
import { writeInfra, type InfraSpec } from '../support/write-infra.js';

// docs/semantics.md#vault-login, https://developer.hashicorp.com/vault/api-docs/auth/aws#bound_iam_instance_profile_arn:
// an ec2 role bound to an instance profile admits the roles that profile holds.
const base = (profiles: string[]): InfraSpec => ({
  roles: [{ name: 'batch', instanceProfiles: profiles, trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }],
  vaultPolicies: { batch: 'path "secret/data/batch/db" {\n  capabilities = ["read"]\n}\n' },
  vaultRoles: { 'aws/batch': { auth_type: 'ec2', bound_iam_instance_profile_arn: ['arn:aws:iam::123456789012:instance-profile/batch-*'], token_policies: ['batch'] } },
});

async function readersOf(spec: InfraSpec): Promise<{ principal: string; conditional: boolean }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-profile-'));
  writeInfra(dir, spec);
  const report = await scan({ paths: [dir], cwd: dir });
  return (report.secrets.find((s) => s.id === 'secret/data/batch/db')?.readers ?? []).map((r) => ({ principal: r.principal, conditional: r.conditional }));
}

test('the role held by a bound instance profile is a reader', async () => {
  assert.deepEqual(await readersOf(base(['batch-workers'])), [{ principal: 'arn:aws:iam::123456789012:role/batch', conditional: false }]);
});

test('a bound instance profile whose roles are unknown widens to its account, conditionally', async () => {
  assert.deepEqual(await readersOf(base([])), [{ principal: 'arn:aws:iam::123456789012:root', conditional: true }]);
});
