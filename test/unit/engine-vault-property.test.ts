import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileVaultPolicies, referenceCapabilities, vaultCapabilities } from '../../src/engine/vault/index.js';
import type { VaultPolicy } from '../../src/model/vault.js';

// Small alphabets so that random rules and paths actually collide.
const segment = fc.constantFrom('a', 'b', 'ab', 'ba', 'x', '');
const ruleSegment = fc.constantFrom('a', 'b', 'ab', 'ba', 'x', '+', '+', 'a');
const ending = fc.constantFrom('', '*', 'a*', '/*', 'b*');
const capabilities = fc.subarray(['read', 'list', 'update', 'deny'], { minLength: 0, maxLength: 3 });

const rulePath = fc
  .tuple(fc.array(ruleSegment, { minLength: 1, maxLength: 4 }), ending)
  .map(([segs, end]) => segs.join('/') + end)
  .filter((p) => !p.includes('+*'));

const policies = fc.array(
  fc.array(fc.tuple(rulePath, capabilities), { minLength: 1, maxLength: 6 }),
  { minLength: 1, maxLength: 3 },
).map((ps): VaultPolicy[] =>
  ps.map((rules, i) => ({
    name: `p${i}`,
    source: { file: `p${i}.hcl` },
    rules: rules.map(([path, caps], j) => ({ path, capabilities: caps, source: { file: `p${i}.hcl`, line: j + 1 } })),
  })),
);

const requestPath = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([segs, slash]) => segs.join('/') + (slash ? '/' : ''));

test('indexed ACL agrees with the brute-force reference on random policies and paths', () => {
  fc.assert(
    fc.property(policies, fc.array(requestPath, { minLength: 1, maxLength: 8 }), (ps, paths) => {
      const acl = compileVaultPolicies(ps);
      for (const path of paths) {
        assert.deepEqual(vaultCapabilities(acl, path), referenceCapabilities(ps, path), `path ${JSON.stringify(path)}`);
      }
    }),
    { numRuns: 600, seed: 20261123 },
  );
});
