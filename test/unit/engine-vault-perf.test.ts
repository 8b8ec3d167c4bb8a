import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateVaultRequest, compileVaultPolicies } from '../../src/engine/vault/index.js';
import { parseVaultPolicy } from '../../src/load/files/vault/parse-vault-policy.js';

test('matching is linear in path length: 1,000-segment path against secret/+/+/+/+/+/+/+/+/*', () => {
  const { policy } = parseVaultPolicy('path "secret/+/+/+/+/+/+/+/+/*" { capabilities = ["read"] }\npath "secret/a*" { capabilities = ["list"] }', 'deep', 'deep.hcl');
  const acl = compileVaultPolicies([policy]);
  const path = `secret/${Array.from({ length: 1000 }, (_, i) => `s${i}`).join('/')}`;
  const start = performance.now();
  let decision;
  for (let i = 0; i < 10; i++) decision = evaluateVaultRequest({ policies: acl, request: { path, operation: 'read' } });
  const perCall = (performance.now() - start) / 10;
  assert.equal(decision?.allowed, true);
  assert.deepEqual(decision?.matched.map((m) => m.path), ['secret/+/+/+/+/+/+/+/+/*']);
  assert.ok(perCall < 50, `took ${perCall.toFixed(2)} ms per decision`);
});
