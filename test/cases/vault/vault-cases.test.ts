// One runner for every Vault conformance table in this folder (test/cases/vault/*.yaml).
// A file is { policies?: {name: text}, cases: [...] }; each case names the doc it follows and
// asserts the outcome and the explanation (deciding path and/or a reason fragment).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseTable } from '../../support/case-table.js';
import {
  appRoleLogin,
  awsAuthLoginSubjects,
  builtinVaultPolicy,
  loginPolicies,
  matchesVaultArnPattern,
  type VaultOperation,
} from '../../../src/engine/vault/index.js';
// SS009's judgement of a role's bindings lives in its rule file.
import { awsAuthRoleUnbound } from '../../../src/rules/ss009-vault-aws-auth-role-unbound.js';
// The tables give policies as text: the library's entry points parse them before the engine runs.
import { evaluateVaultRequest, vaultCapabilities } from '../../../src/api/vault-policy-text.js';
import { loadVaultFile } from '../../../src/load/files/vault/load-vault-file.js';
import type { VaultPolicy } from '../../../src/model/vault.js';

interface Case {
  name: string;
  doc: string;
  skip?: string;
  policies?: Record<string, string>;
  withDefault?: boolean;
  request?: { path: string; operation: VaultOperation; parameters?: Record<string, unknown>; wrapTTLSeconds?: number };
  capabilitiesOf?: string;
  expect?: {
    allowed?: boolean;
    conditional?: boolean;
    capabilities?: string[];
    matchedPaths?: string[];
    matchedPolicies?: string[];
    reason?: string;
  };
  // auth cases
  file?: string;
  dump?: unknown;
  known?: string[];
  arn?: { pattern: string; arn: string; matches: boolean };
  expectLogin?: { policies?: string[]; missing?: string[] };
  expectAppRole?: { needsSecretId?: boolean; cidrs?: string[]; open?: boolean };
  expectAws?: { principalArnPatterns?: string[]; accountRoots?: string[]; anyone?: boolean; narrowing?: string[]; unbound?: boolean };
  // loader cases
  text?: string;
  expectRules?: { path: string; capabilities?: string[]; line?: number; allowedParameters?: Record<string, string[]>; deniedParameters?: Record<string, string[]>; requiredParameters?: string[]; minWrappingTtlSeconds?: number; maxWrappingTtlSeconds?: number }[];
  expectIssues?: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith('.yaml')).sort();
let total = 0;

for (const f of files) {
  const table = loadCaseTable<{ policies?: Record<string, string>; cases: Case[] }>(join(here, f));
  describe(`vault/${f}`, () => {
    for (const c of table.cases) {
      total++;
      test(c.name, { skip: c.skip }, () => {
        assert.match(c.doc ?? '', /^https:\/\/|^hashicorp\/vault /, 'every case names its documentation');
        runCase(c, table.policies);
      });
    }
  });
}

test('the tables hold at least 120 cases', () => {
  assert.ok(total >= 120, `only ${total} cases`);
});

function policiesOf(c: Case, shared: Record<string, string> | undefined): VaultPolicy[] | Record<string, string> {
  const texts = c.policies ?? shared ?? {};
  if (!c.withDefault) return texts;
  const out: VaultPolicy[] = [];
  for (const [name, text] of Object.entries(texts)) {
    const loaded = loadVaultFile(`${name}.hcl`, text);
    out.push(...loaded.policies);
  }
  const def = builtinVaultPolicy('default');
  if (def) out.push(def);
  return out;
}

function runCase(c: Case, shared: Record<string, string> | undefined): void {
  if (c.request) {
    const d = evaluateVaultRequest({ policies: policiesOf(c, shared), request: c.request });
    const e = c.expect ?? {};
    const why = JSON.stringify(d);
    if (e.allowed !== undefined) assert.equal(d.allowed, e.allowed, why);
    if (e.conditional !== undefined) assert.equal(d.conditional, e.conditional, why);
    if (e.capabilities) assert.deepEqual(d.capabilities, e.capabilities, why);
    if (e.matchedPaths) assert.deepEqual([...new Set(d.matched.map((m) => m.path))].sort(), [...e.matchedPaths].sort(), why);
    if (e.matchedPolicies) assert.deepEqual([...new Set(d.matched.map((m) => m.policy))].sort(), [...e.matchedPolicies].sort(), why);
    if (e.reason) assert.ok(d.reasons.some((r) => r.includes(e.reason as string)), `no reason containing "${e.reason}": ${why}`);
    assert.ok(e.allowed !== undefined || e.capabilities !== undefined, 'case asserts an outcome');
    return;
  }
  if (c.capabilitiesOf !== undefined) {
    assert.deepEqual(vaultCapabilities(policiesOf(c, shared), c.capabilitiesOf), c.expect?.capabilities);
    return;
  }
  if (c.arn) {
    assert.equal(matchesVaultArnPattern(c.arn.pattern, c.arn.arn), c.arn.matches);
    return;
  }
  if (c.dump !== undefined) {
    const loaded = loadVaultFile(c.file ?? 'auth/approle/role/x.json', JSON.stringify(c.dump));
    const role = loaded.roles[0];
    assert.ok(role, `role loaded: ${JSON.stringify(loaded.issues)}`);
    if (c.expectLogin) {
      const r = loginPolicies(role, new Set(c.known ?? []));
      if (c.expectLogin.policies) assert.deepEqual(r.policies, c.expectLogin.policies);
      if (c.expectLogin.missing) assert.deepEqual(r.missing, c.expectLogin.missing);
    }
    if (c.expectAppRole) {
      assert.equal(role.type, 'approle');
      if (role.type !== 'approle') return;
      const r = appRoleLogin(role);
      for (const [k, v] of Object.entries(c.expectAppRole)) assert.deepEqual(r[k as keyof typeof r], v, k);
    }
    if (c.expectAws) {
      assert.equal(role.type, 'aws');
      if (role.type !== 'aws') return;
      const r = awsAuthLoginSubjects(role);
      const { unbound, ...rest } = c.expectAws;
      for (const [k, v] of Object.entries(rest)) assert.deepEqual(r[k as keyof typeof r], v, k);
      if (unbound !== undefined) assert.equal(awsAuthRoleUnbound(role), unbound);
    }
    assert.ok(c.expectLogin || c.expectAppRole || c.expectAws, 'case asserts an outcome');
    return;
  }
  if (c.text !== undefined) {
    const loaded = loadVaultFile(c.file ?? 'policies/p.hcl', c.text);
    const rules = loaded.policies[0]?.rules ?? [];
    if (c.expectRules) {
      assert.equal(rules.length, c.expectRules.length, JSON.stringify(rules));
      c.expectRules.forEach((want, i) => {
        const got = rules[i];
        assert.ok(got);
        for (const [k, v] of Object.entries(want)) {
          const actual: unknown = k === 'line' ? got.source.line : (got as unknown as Record<string, unknown>)[k];
          assert.deepEqual(actual, v, `${want.path}.${k}`);
        }
      });
    }
    assert.deepEqual(loaded.issues.map((i) => i.code), c.expectIssues ?? []);
    return;
  }
  assert.fail('case has no request, capabilitiesOf, arn, dump or text');
}
