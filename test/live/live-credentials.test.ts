// Assumed-role credentials expire (STS: one hour by default); a scan that outlasts them must renew
// them, never fail with ExpiredToken part-way. The emulator hands out short-lived credentials and
// refuses requests signed with expired ones.
// doc: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (DurationSeconds, Expiration)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renewing } from '../../src/load/live/aws/assumed-credentials.js';
import { startEmulator, type Emulator } from '../support/live-emulator.js';
import { reportOf, runLiveCli } from './live-runner.js';
import { B, REGION, buildWorld } from './world.js';

const PARAMETERS = 400; // 8 pages of DescribeParameters (50 a page), read one after another

describe('assumed-role credentials are renewed before they expire', () => {
  let emulator: Emulator;
  before(async () => {
    const world = buildWorld();
    const b = world.accounts.find((a) => a.id === B);
    assert.ok(b);
    b.regions = { [REGION]: { parameters: Array.from({ length: PARAMETERS }, (_, i) => ({ Name: `/batch/p${i}`, ARN: `arn:aws:ssm:${REGION}:${B}:parameter/batch/p${i}`, Type: 'String', LastModifiedDate: '2024-01-01T00:00:00Z', Version: 1 })) } };
    emulator = await startEmulator(world);
  });
  after(async () => { await emulator.close(); });

  test('a scan longer than the credentials live assumes the role again and reads every page', async () => {
    // Credentials live 1.5 s; the 8 pages take at least 8 × 250 ms after the first AssumeRole.
    emulator.credentialLifetimeMs = 1500;
    emulator.delayMs = 250;
    const run = await runLiveCli(['--aws', '--no-base-account', '--assume-role', `arn:aws:iam::${B}:role/secret-scan`, '--region', REGION, '--format', 'json', '--quiet', '--fail-on', 'never'], emulator, { VAULT_ADDR: '' });
    const report = reportOf(run);
    const assumes = emulator.log.filter((c) => c.operation === 'AssumeRole');
    assert.ok(assumes.length >= 2, `expected a renewal, saw ${assumes.length} AssumeRole`);
    assert.deepEqual(emulator.log.filter((c) => c.status === 403).map((c) => `${c.service} ${c.operation}`), [], 'no request used expired credentials');
    assert.deepEqual(report.coverage.skipped, []);
    assert.equal(emulator.log.filter((c) => c.operation === 'DescribeParameters').length, PARAMETERS / 50);
    assert.match(report.coverage.loaded.join('\n'), new RegExp(`DescribeParameters \\(account ${B}, ${PARAMETERS} parameters\\)`));
  });
});

describe('renewing (shared, coalesced credential renewal)', () => {
  test('one AssumeRole serves every caller until five minutes before expiry, then one renewal', async () => {
    let clock = 0;
    let calls = 0;
    const provider = renewing(async () => { calls += 1; return { accessKeyId: `k${calls}`, secretAccessKey: 's', expiration: new Date(clock + 3600_000) }; }, () => clock);
    const first = await Promise.all([provider(), provider(), provider()]);
    assert.deepEqual(first.map((c) => c.accessKeyId), ['k1', 'k1', 'k1']);
    clock = 3600_000 - 5 * 60_000 - 1;
    assert.equal((await provider()).accessKeyId, 'k1');
    clock += 1;
    const renewed = await Promise.all([provider(), provider()]);
    assert.deepEqual(renewed.map((c) => c.accessKeyId), ['k2', 'k2']);
    assert.equal(calls, 2);
  });

  test('short-lived credentials are renewed halfway through their life; credentials without expiry never', async () => {
    let clock = 0;
    let calls = 0;
    const short = renewing(async () => { calls += 1; return { accessKeyId: `k${calls}`, secretAccessKey: 's', expiration: new Date(clock + 2000) }; }, () => clock);
    await short();
    clock = 999;
    assert.equal((await short()).accessKeyId, 'k1');
    clock = 1000;
    assert.equal((await short()).accessKeyId, 'k2');
    let staticCalls = 0;
    const forever = renewing(async () => { staticCalls += 1; return { accessKeyId: 'k', secretAccessKey: 's' }; }, () => clock);
    await forever();
    clock = 1e12;
    await forever();
    assert.equal(staticCalls, 1);
  });
});
