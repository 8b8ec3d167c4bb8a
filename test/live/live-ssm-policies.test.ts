// Live mode reads the resource policy of each advanced SSM parameter (GetResourcePolicies), which
// sharing it through AWS RAM puts there (docs/semantics.md#ram-shares); standard parameters cannot be
// shared and are not asked. The built CLI runs against the emulator through the real AWS SDK.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { startEmulator, type Emulator, type EmulatedRegion } from '../support/live-emulator.js';
import { disallowedCalls, manifestDir, reportOf, runLiveCli } from './live-runner.js';
import { A, REGION, buildWorld } from './world.js';

const PLAIN = `arn:aws:ssm:${REGION}:${A}:parameter/prod/app/plain`;
const CONSUMER = '333333333333';
// As RAM writes it for a share with one account: the account by its bare id, the parameter's read actions.
const SHARED = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ram-share', Effect: 'Allow', Principal: { AWS: CONSUMER }, Action: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:DescribeParameters'], Resource: PLAIN }] });

/** Readers of `/prod/app/plain`: principal → conditional. */
function plainReaders(report: Report): Map<string, boolean> {
  return new Map((report.secrets.find((s) => s.id === '/prod/app/plain')?.readers ?? []).map((r) => [r.principal, r.conditional]));
}

describe('live mode: SSM parameter resource policies', () => {
  const world = buildWorld();
  const region = world.accounts.find((a) => a.id === A)?.regions?.[REGION] as EmulatedRegion;
  const plain = region.parameters?.find((p) => p['ARN'] === PLAIN);
  let emulator: Emulator;
  const args = ['--aws', '--manifest', join(manifestDir(), 'secret-scan.yaml'), '--format', 'json', '--quiet', '--fail-on', 'never'];

  async function scan(): Promise<Report> {
    emulator.log.length = 0;
    const run = await runLiveCli(args, emulator);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(disallowedCalls(emulator.log), []);
    return reportOf(run);
  }

  before(async () => { emulator = await startEmulator(world); });
  after(async () => { await emulator.close(); });

  test('standard parameters are not asked for a policy (they cannot be shared)', async () => {
    const report = await scan();
    assert.equal(emulator.log.some((c) => c.operation === 'GetResourcePolicies'), false);
    assert.equal(plainReaders(report).has(`arn:aws:iam::${CONSUMER}:root`), false);
  });

  // https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-shared-parameters.html
  test('an advanced parameter shared with another account is read from there (its root stands for its principals)', async () => {
    assert.ok(plain);
    plain['Tier'] = 'Advanced';
    region.parameterPolicies = { [PLAIN]: [SHARED] };
    try {
      const report = await scan();
      assert.ok(emulator.log.some((c) => c.operation === 'GetResourcePolicies' && c.resource === PLAIN));
      assert.equal(plainReaders(report).get(`arn:aws:iam::${CONSUMER}:root`), false);
      assert.match(report.coverage.loaded.join('\n'), /GetResourcePolicies \(1 advanced\)/);
    } finally {
      plain['Tier'] = 'Standard';
      delete region.parameterPolicies;
    }
  });

  // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetResourcePolicies.html; docs/semantics.md#missing-policies
  test('a policy that cannot be read may share the parameter with anyone: * reads, conditionally, with an SS011', async () => {
    assert.ok(plain);
    plain['Tier'] = 'Advanced';
    emulator.faults.push({ kind: 'AccessDenied', operation: 'GetResourcePolicies' });
    try {
      const report = await scan();
      assert.equal(plainReaders(report).get('*'), true);
      assert.ok(report.findings.some((f) => f.ruleId === 'SS011' && /GetResourcePolicies/.test(f.message)));
    } finally {
      plain['Tier'] = 'Standard';
      emulator.faults.length = 0;
    }
  });
});
