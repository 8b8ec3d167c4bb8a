import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedSecrets, scanWithPlanLoader } from './inputs/tfplan/scan-with-plan-loader.js';

// Each fixtures/formats/SEED/tfplan/plan.json creates the same AWS and Vault objects as the seed's
// AWS CLI and Vault dumps; scanning it must give exactly the seed's expected readers and statuses.
// https://developer.hashicorp.com/terraform/internals/json-format
const formats = 'fixtures/formats';
const seeds = existsSync(formats) ? readdirSync(formats).filter((d) => existsSync(join(formats, d, 'tfplan', 'plan.json'))).sort() : [];

describe('plan JSON variants of the seed fixtures', () => {
  test('at least the first good and broken seeds have a plan variant', () => {
    assert.ok(seeds.includes('seed-000-approle-s3-role-id') && seeds.includes('seed-004-ssm-kms-broken'), seeds.join(', '));
  });
  for (const seed of seeds) {
    test(`${seed}: same secrets section as the AWS CLI fixture`, () => {
      const dir = join(formats, seed, 'tfplan');
      const { secrets, inventory } = scanWithPlanLoader(dir);
      assert.deepEqual(secrets, expectedSecrets(join('fixtures', seed)));
      assert.deepEqual(inventory.loaded, ['plan.json']);
      // The plan prints parameter values and sensitive variables in clear; none may reach the inventory.
      const planText = readFileSync(join(dir, 'plan.json'), 'utf8');
      for (const secretValue of new Set([...planText.matchAll(/"value": "(fixture-[^"]+)"/g)].map((m) => m[1] ?? ''))) {
        assert.equal(JSON.stringify(inventory).includes(secretValue), false, 'a value printed in the plan reached the inventory');
      }
    });
  }
});
